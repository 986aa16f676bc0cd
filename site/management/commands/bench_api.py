"""Benchmark the headless API under gunicorn (2 workers) against Wagtail's own page listing.

`make bench` runs it after the search benchmark, on the same database and
index; it starts gunicorn on loopback, sends requests from a few client
threads for a fixed time per endpoint, stops gunicorn and writes
var/bench/api-*.json.
"""

import functools
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

ENDPOINTS = {
    "pages (baseline)": "/api/v3/pages/",
    "courses": "/api/v3/courses/",
    "courses/search": "/api/v3/courses/search/?q=%E3%83%87%E3%83%BC%E3%82%BF&level=2&level=3",
}

WORDS = [
    "データ",
    "AI",
    "Python",
    "クラウド",
    "セキュリティ",
    "DX",
    "分析",
    "機械学習",
    "設計",
    "入門",
]


def distinct_pages(rng):
    """Wagtail's page listing under many query strings (offsets, orders)."""
    order = rng.choice(["id", "-id", "title", "-title"])
    return f"/api/v3/pages/?offset={rng.randrange(0, 20)}&limit=20&order={order}"


def distinct_courses(rng, last_id=100_000):
    """A consuming site's list requests: filter sets, deep pages and keyset pages.

    ``after`` is drawn below the highest listed id, so keyset pages are full pages,
    not empty ones past the end of the catalogue.
    """
    params = [("level", str(level)) for level in rng.sample([1, 2, 3, 4], rng.randrange(0, 3))]
    if rng.random() < 0.3:
        params.append(("fee_type", rng.choice(["free", "paid", "partly_free"])))
    if rng.random() < 0.3:
        params.append(("delivery", rng.choice(["online_live", "on_demand", "classroom", "hybrid"])))
    if rng.random() < 0.5:
        params.append(("after", str(rng.randrange(0, last_id))))
    else:
        params.append(("page", str(rng.randrange(1, 50))))
    return "/api/v3/courses/?" + urlencode(params)


def distinct_searches(rng):
    params = [("q", rng.choice(WORDS))]
    params += [("level", str(level)) for level in rng.sample([1, 2, 3, 4], rng.randrange(0, 3))]
    params.append(("page", str(rng.randrange(1, 5))))
    return "/api/v3/courses/search/?" + urlencode(params)


# Each request draws its own query string: caches help only as much as they would in real traffic.
DISTINCT_ENDPOINTS = {
    "pages (baseline, distinct URLs)": distinct_pages,
    "courses (distinct URLs)": distinct_courses,
    "courses/search (distinct URLs)": distinct_searches,
}


class Command(BaseCommand):
    help = "Requests per second of /api/v3/courses/ and /courses/search/ against /api/v3/pages/."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=10.0, help="Load time per endpoint.")
        parser.add_argument("--clients", type=int, default=4, help="Concurrent client connections.")
        parser.add_argument("--port", type=int, default=8899)
        parser.add_argument(
            "--courses",
            type=int,
            default=0,
            help="First replace the catalogue with this many synthetic courses (bench_search's "
            "generator) and rebuild the search index; 0 (default) measures the database as it is.",
        )

    def handle(self, *args, seconds, clients, port, courses, **options):
        if courses:
            self.generate(courses)
        self.ensure_pages()
        summary = {"workers": 2, "clients": clients, "seconds_per_endpoint": seconds}
        summary["courses"] = self.listed_count()
        self.last_id = self.last_listed_id()
        # Once as deployed (response cache on), once with every request reaching the database.
        for label, cache_seconds in (("response cache on", "60"), ("response cache off", "0")):
            self.stdout.write(f"-- {label}")
            results = self.measure(port, seconds, clients, cache_seconds)
            baseline = results["pages (baseline)"]["rps"]
            distinct = results["pages (baseline, distinct URLs)"]["rps"]
            summary[label] = {
                "endpoints": results,
                "ratio_courses_over_pages": round(results["courses"]["rps"] / baseline, 2),
                "ratio_search_over_pages": round(results["courses/search"]["rps"] / baseline, 2),
                "distinct_ratio_courses_over_pages": round(
                    results["courses (distinct URLs)"]["rps"] / distinct, 2
                ),
                "distinct_ratio_search_over_pages": round(
                    results["courses/search (distinct URLs)"]["rps"] / distinct, 2
                ),
            }
        directory = Path(settings.VAR_DIR) / "bench"
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"api-{timezone.now():%Y%m%d-%H%M%S}.json"
        path.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
        for label in ("response cache on", "response cache off"):
            self.stdout.write(
                self.style.SUCCESS(
                    f"{label}: courses / pages = {summary[label]['ratio_courses_over_pages']}, "
                    f"search / pages = {summary[label]['ratio_search_over_pages']}; distinct URLs: "
                    f"courses / pages = {summary[label]['distinct_ratio_courses_over_pages']}, "
                    f"search / pages = {summary[label]['distinct_ratio_search_over_pages']} "
                    "(target ≥ 1.0)"
                )
            )
        self.stdout.write(f"written to {path}")

    def measure(self, port, seconds, clients, cache_seconds):
        server = self.start_gunicorn(port, cache_seconds)
        try:
            results = {}
            distinct = {
                name: functools.partial(draw, last_id=self.last_id)
                if draw is distinct_courses
                else draw
                for name, draw in DISTINCT_ENDPOINTS.items()
            }
            for name, path in [*ENDPOINTS.items(), *distinct.items()]:
                self.request(port, path if isinstance(path, str) else path(random.Random(0)))  # noqa: S311 - load, not secrets
                results[name] = self.load(port, path, seconds, clients)
                self.stdout.write(
                    f"{name}: {results[name]['rps']} req/s ({results[name]['errors']} errors)"
                )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        return results

    def generate(self, count):
        from search.backends import elastic
        from search.indexing import rebuild_search_text
        from search.management.commands.bench_search import Command as SearchBenchmark

        SearchBenchmark(stdout=self.stdout).generate(random.Random(1), count)  # noqa: S311
        rebuild_search_text()
        elastic.rebuild()

    @staticmethod
    def last_listed_id():
        from catalogue.models import Course

        return max(
            1, Course.objects.listed().order_by("-pk").values_list("pk", flat=True).first() or 1
        )

    @staticmethod
    def listed_count():
        from catalogue.models import Course

        return Course.objects.listed().count()

    def ensure_pages(self):
        """The baseline lists 20 pages, as the course endpoint lists 20 courses."""
        from wagtail.models import Page

        from manabi.models import StandardPage

        parent = Page.get_first_root_node().get_children().first()
        missing = 21 - parent.get_children().count()
        for i in range(max(0, missing)):
            parent.add_child(
                instance=StandardPage(title=f"ベンチマーク用ページ{i}", slug=f"bench-page-{i}")
            )

    def start_gunicorn(self, port, cache_seconds):
        env = {
            **os.environ,
            "API_RESPONSE_CACHE_SECONDS": cache_seconds,
            "API_ANON_RATE_LIMIT": "0",
            "SEARCH_BACKEND": "elasticsearch",
            "ELASTICSEARCH_URL": settings.ELASTICSEARCH_URL,
        }
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "manabi.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ]
        server = subprocess.Popen(command, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.request(port, "/api/v3/courses/?page_size=1") == 200:
                    return server
            except OSError:
                time.sleep(0.3)
        server.kill()
        raise CommandError(f"gunicorn did not answer on 127.0.0.1:{port} within 30 s")

    @staticmethod
    def request(port, path, connection=None):
        conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status

    def load(self, port, path, seconds, clients):
        """Requests per second for ``path``: a fixed path, or a function drawing one per request."""
        counts, errors = [0] * clients, [0] * clients
        stop = time.monotonic() + seconds

        def client(index):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            rng = random.Random(index)  # noqa: S311 - load, not secrets
            while time.monotonic() < stop:
                try:
                    status = self.request(port, path if isinstance(path, str) else path(rng), conn)
                except (OSError, http.client.HTTPException):
                    errors[index] += 1
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    continue
                if status == 200:
                    counts[index] += 1
                else:
                    errors[index] += 1
            conn.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        return {
            "requests": sum(counts),
            "errors": sum(errors),
            "rps": round(sum(counts) / elapsed, 1),
        }

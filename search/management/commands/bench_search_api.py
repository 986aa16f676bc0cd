"""Benchmark the search API and the learner page under distinct URLs, against Wagtail in the same run.

`make bench` runs it after `bench_search`, on the same database and index. Gunicorn (2 workers)
serves each endpoint in turn while client threads draw from 500 different query strings (as
learners and other sites do, so a response cache cannot answer them all); the baselines are
Wagtail's own `/api/v3/pages/` and a plain Wagtail page. Writes var/bench/search-api-*.json.
"""

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

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from .bench_search import Command as SearchBench


class Command(BaseCommand):
    help = "Requests per second of /api/v3/courses/search/ and /courses/ under distinct URLs."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=10.0)
        parser.add_argument("--clients", type=int, default=4)
        parser.add_argument("--urls", type=int, default=500)
        parser.add_argument("--port", type=int, default=8897)

    def handle(self, *args, seconds, clients, urls, port, **options):
        rng = random.Random(7)  # noqa: S311 - reproducible query strings
        queries = [SearchBench().random_query(rng) for _ in range(urls)]
        targets = {
            "pages (baseline)": ["/api/v3/pages/"],
            "courses/search": [f"/api/v3/courses/search/?{q}" for q in queries],
            "wagtail page (baseline)": ["/"],
            "learner page /courses/": [f"/courses/?{q}" for q in queries],
        }
        summary = {"workers": 2, "clients": clients, "distinct_urls": urls}
        for label, cache_seconds in (("response cache on", "60"), ("response cache off", "0")):
            server = self.start_gunicorn(port, cache_seconds)
            try:
                results = {}
                for name, paths in targets.items():
                    self.fetch(port, paths[0])  # warm the worker
                    results[name] = self.load(port, paths, seconds, clients)
                    self.stdout.write(f"{label} {name}: {results[name]}")
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
            summary[label] = {
                "endpoints": results,
                "ratio_search_over_pages": round(
                    results["courses/search"]["rps"] / results["pages (baseline)"]["rps"], 2
                ),
                "ratio_learner_page_over_wagtail_page": round(
                    results["learner page /courses/"]["rps"]
                    / results["wagtail page (baseline)"]["rps"],
                    2,
                ),
            }
        directory = Path(settings.VAR_DIR) / "bench"
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"search-api-{timezone.now():%Y%m%d-%H%M%S}.json"
        path.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
        self.stdout.write(self.style.SUCCESS(json.dumps(summary, indent=1, ensure_ascii=False)))

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
        server = subprocess.Popen(command, env=env)  # noqa: S603 - fixed command line
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.fetch(port, "/api/v3/pages/")[0] == 200:
                    return server
            except OSError:
                time.sleep(0.3)
        server.kill()
        raise CommandError(f"gunicorn did not answer on 127.0.0.1:{port} within 30 s")

    @staticmethod
    def fetch(port, path, connection=None):
        conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", path, headers={"Host": "localhost"})
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body)

    def load(self, port, paths, seconds, clients):
        counts, errors, sizes = [0] * clients, [0] * clients, []
        stop = time.monotonic() + seconds

        def client(index):
            rng = random.Random(index)  # noqa: S311
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            while time.monotonic() < stop:
                try:
                    status, size = self.fetch(port, rng.choice(paths), conn)
                except (OSError, http.client.HTTPException):
                    errors[index] += 1
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    continue
                if status == 200:
                    counts[index] += 1
                    sizes.append(size)
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
            "mean_bytes": round(sum(sizes) / len(sizes)) if sizes else 0,
        }

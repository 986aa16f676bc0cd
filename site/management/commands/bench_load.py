"""Load test of the production shape with locust (`make bench`): a realistic mix at 2 and 4
gunicorn workers, with the task worker and the scheduler running beside them.

Per worker count: saturated (64 users with next to no think time, after a warm-up: the most
requests/s the site answers), then more users step by step (``--steps``) until the cores are
90 % busy or the rate reaches 90 % of that maximum: the rate that saturates the cores, where
latency is read (the knee). Reports requests/s, p50/p95/p99 and failures overall and for
search, the cores each process used, and the memory of each process, in var/bench/load-*.json
and on the console. Traffic goes to loopback only and every run is
bounded by ``--seconds`` / ``--step-seconds``.
"""

import csv
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from catalogue.models import Course
from quest.models import ProgrammePage
from search.facets import FACETS

ROOT = Path(settings.BASE_DIR)
WORDS = [
    "Python", "データ", "AI", "ＡＩ", "機械学習", "クラウド", "セキュリティ", "DX", "Excel",
    "統計", "プログラミング", "Web", "マーケティング", "データベース", "サーバー", "入門",
    "基礎", "実践", "ネットワーク", "デザイン", "人工知能", "プロジェクト", "分析", "自動化",
]  # fmt: skip
SEARCH_ROWS = ("/courses/ (search)", "/api/v3/courses/search/")
# The saturating rate: the fewest users (of --steps) at which the cores are this busy (the
# issue's "rate that saturates 2 cores"), or whose requests/s reach this share of the most the
# site answers, whichever comes first. Beyond it more users only lengthen the queue (latency =
# users / rate), so latency is read there, at the knee, and not at the saturated maximum.
KNEE_SHARE = 0.9
KNEE_CORES_BUSY = 0.9


def is_knee(step, saturated):
    """The step saturates the cores, or answers nearly as many requests as saturated traffic."""
    return (
        step.get("cpu_busy", 0) >= KNEE_CORES_BUSY
        or step["total"]["rps"] >= KNEE_SHARE * saturated["total"]["rps"]
    )


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def children(pid):
    try:
        out = subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return []
    return [int(p) for p in out.split()]


def load_urls():
    """What the locust users request, drawn from the database under test (written to ``LOAD_URLS``)."""
    courses = [c.get_absolute_url() for c in Course.objects.listed().order_by("?")[:300]]
    quest = [p.url for p in ProgrammePage.objects.live().order_by("?")[:50]]
    quest += ["/quest/", "/quest/apply/"]
    # A programme anyone may choose (no layer-2 completion asked), with the hours it needs.
    open_programme = (
        ProgrammePage.objects.live()
        .filter(
            recruitment_round__applications_open_at__lte=timezone.now(),
            recruitment_round__applications_close_at__gt=timezone.now(),
            requires_layer2_completion=False,
        )
        .order_by("min_weekly_hours")
        .first()
    )
    application = None
    if open_programme:
        application = {
            "choice_1": open_programme.pk,
            "name": "負荷 試験",
            "name_kana": "フカ シケン",
            "prefecture": "13",
            "occupation": "employee",
            "age_band": "30s",
            "weekly_hours": str(max(open_programme.min_weekly_hours, 5)),
            "statement": "負荷試験からの応募です。",
            "consent": "on",
        }
    return {
        "words": WORDS,
        "courses": courses,
        "quest": [u for u in quest if u],
        # Every facet of the learner page with the values a learner can tick.
        "facets": {facet.name: sorted(facet.allowed()) for facet in FACETS},
        "application": application,
    }


def cpu_times():
    """(busy, total) jiffies of all cores from /proc/stat (None where there is no /proc)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def process_cpu_seconds(pid, reaped=False):
    """CPU seconds (user + system) ``pid`` has used; with ``reaped``, also its children that
    exited (gunicorn's master: workers recycled during a step keep counting)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if reaped:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def site_cpu_seconds(procs):
    """CPU seconds used so far by each process of the site (web = master and live workers)."""
    web = procs["web"].pid
    return {
        "web": process_cpu_seconds(web, reaped=True)
        + sum(process_cpu_seconds(child) for child in children(web)),
        "task worker": process_cpu_seconds(procs["worker"].pid),
        "scheduler": process_cpu_seconds(procs["scheduler"].pid),
    }


def cores_text(stats):
    return ", ".join(f"{name} {value}" for name, value in stats.get("cores", {}).items())


def run_locust(base, users, seconds, urls_file, prefix, env=None, procs=None):
    """Run locust headless against ``base`` for ``seconds`` (bounded) and return its stats,
    with how busy the machine's cores were meanwhile (``cpu_busy``, 0–1, everything included)
    and, given the site's ``procs``, how many cores each part used (``cores``): the site's
    processes, locust, and the rest (PostgreSQL, Elasticsearch, Redis, anything else)."""
    before = cpu_times()
    site_before = site_cpu_seconds(procs) if procs else None
    locust_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run(
        [str(Path(sys.executable).with_name("locust")), "-f", str(ROOT / "bench/locustfile.py"),
         "--headless", "-u", str(users), "-r", str(max(1, users // 5)),
         "-t", f"{seconds}s", "--host", base, "--csv", str(prefix), "--only-summary",
         "--loglevel", "WARNING"],
        env={**(env or os.environ), "LOAD_URLS": str(urls_file)}, check=False,
        timeout=seconds + 120,
    )  # fmt: skip
    wall = time.monotonic() - started
    locust_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    stats = read_stats(f"{prefix}_stats.csv")
    after = cpu_times()
    if before and after and after[1] > before[1]:
        stats["cpu_busy"] = round((after[0] - before[0]) / (after[1] - before[1]), 2)
    if site_before is not None:
        site_after = site_cpu_seconds(procs)
        cores = {name: (site_after[name] - site_before[name]) / wall for name in site_after}
        # locust is the only child this process waited for meanwhile.
        cores["locust"] = (
            locust_after.ru_utime
            + locust_after.ru_stime
            - locust_before.ru_utime
            - locust_before.ru_stime
        ) / wall
        if "cpu_busy" in stats:
            busy = stats["cpu_busy"] * (os.cpu_count() or 1)
            cores["services and the rest"] = max(0.0, busy - sum(cores.values()))
        stats["cores"] = {name: round(value, 2) for name, value in cores.items()}
    return stats


def read_stats(path):
    """Requests, failures, req/s and percentiles from locust's ``--csv`` stats file."""

    def row_summary(rows):
        count = sum(int(r["Request Count"]) for r in rows)
        failures = sum(int(r["Failure Count"]) for r in rows)
        # Percentiles of several rows: the worst row's (conservative).
        return {
            "requests": count,
            "failures": failures,
            "rps": round(sum(float(r["Requests/s"]) for r in rows), 1),
            "p50": max(int(float(r["50%"])) for r in rows),
            "p95": max(int(float(r["95%"])) for r in rows),
            "p99": max(int(float(r["99%"])) for r in rows),
        }

    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    total = [r for r in rows if r["Name"] == "Aggregated"]
    search = [r for r in rows if r["Name"] in SEARCH_ROWS]
    return {
        "total": row_summary(total),
        "search": row_summary(search),
        "by_endpoint": {r["Name"]: row_summary([r]) for r in rows if r["Name"] != "Aggregated"},
    }


class Command(BaseCommand):
    help = "Locust load test of web + worker + scheduler at 2 and 4 gunicorn workers."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--users", type=int, default=64)
        parser.add_argument("--workers", default="2,4")
        parser.add_argument("--port", type=int, default=8898)
        parser.add_argument(
            "--steps",
            default="8,12,16,20,24,32,40,48",
            help="user counts tried, in order, to find the knee",
        )
        parser.add_argument("--step-seconds", type=int, default=40)
        parser.add_argument(
            "--warmup-seconds",
            type=int,
            default=20,
            help="saturated traffic first, not measured: the caches fill as on a running site",
        )
        parser.add_argument(
            "--page-cache-seconds", type=int, default=60, help="0: every page rendered (comparison)"
        )

    def handle(self, *args, seconds, users, workers, port, steps, step_seconds, **options):
        self.page_cache_seconds = options["page_cache_seconds"]
        self.warmup_seconds = options["warmup_seconds"]
        if not Course.objects.listed().exists():
            raise CommandError("no listed courses: run load_demo on this database first")
        out_dir = Path(settings.VAR_DIR) / "bench"
        out_dir.mkdir(parents=True, exist_ok=True)
        urls_file = out_dir / "load-urls.json"
        urls_file.write_text(json.dumps(load_urls(), ensure_ascii=False))
        summary = {
            "seconds": seconds,
            "users": users,
            "page_cache_seconds": self.page_cache_seconds,
            "runs": {},
        }
        for count in [int(w) for w in workers.split(",")]:
            self.stdout.write(f"-- {count} gunicorn workers, {users} users, {seconds} s")
            summary["runs"][str(count)] = self.run(
                count, users, seconds, port, urls_file, out_dir,
                [int(n) for n in steps.split(",")], step_seconds,
            )  # fmt: skip
        path = out_dir / f"load-{timezone.now():%Y%m%d-%H%M%S}.json"
        path.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
        for count, run in summary["runs"].items():
            total, search, knee = run["total"], run["search"], run["knee"]
            self.stdout.write(
                self.style.SUCCESS(
                    f"{count} workers, {users} users (saturated): {total['rps']} req/s, "
                    f"p50/p95/p99 {total['p50']}/{total['p95']}/{total['p99']} ms, "
                    f"{total['failures']} failures; search p95 {search['p95']} ms; "
                    f"cores busy {run.get('cpu_busy')} ({cores_text(run)})"
                )
            )
            if knee:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{count} workers at the knee ({knee['users']} users): "
                        f"{knee['total']['rps']} req/s, p50/p95/p99 {knee['total']['p50']}/"
                        f"{knee['total']['p95']}/{knee['total']['p99']} ms, "
                        f"{knee['total']['failures']} failures; search p95 {knee['search']['p95']} ms"
                    )
                )
            else:
                self.stdout.write(
                    f"{count} workers: no step had the cores {KNEE_CORES_BUSY:.0%} busy or "
                    f"reached {KNEE_SHARE:.0%} of the maximum"
                )
            self.stdout.write(f"memory MB {run['memory_mb']}")
        self.stdout.write(f"written to {path}")

    def env(self):
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "manabi.settings.loadtest",
            "SEARCH_BACKEND": "elasticsearch",
            "ELASTICSEARCH_URL": settings.ELASTICSEARCH_URL,
            "API_RESPONSE_CACHE_SECONDS": "60",
            "PAGE_CACHE_SECONDS": str(self.page_cache_seconds),
            # Every locust user comes from 127.0.0.1: the per-address limits would measure
            # themselves, not the site.
            "API_ANON_RATE_LIMIT": "0",
        }

    def run(self, worker_count, users, seconds, port, urls_file, out_dir, steps, step_seconds):
        env = self.env()
        python = sys.executable
        procs = {
            "web": subprocess.Popen(
                [python, "-m", "gunicorn", "manabi.wsgi", "-c", "deploy/gunicorn.conf.py",
                 "--bind", f"127.0.0.1:{port}", "--workers", str(worker_count)],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ),
            "worker": subprocess.Popen(
                [python, "manage.py", "db_worker"], cwd=ROOT, env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ),
            "scheduler": subprocess.Popen(
                [python, "manage.py", "run_scheduler"], cwd=ROOT, env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ),
        }  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            self.wait_for(base)
            for path in ("/", "/courses/?q=Python", "/api/v3/courses/"):
                requests.get(base + path, timeout=30)
            if self.warmup_seconds:
                run_locust(
                    base, users, self.warmup_seconds, urls_file,
                    out_dir / f"locust-{worker_count}w-warmup", env,
                )  # fmt: skip
            # Saturated: users with next to no think time, as many requests as the site answers.
            prefix = out_dir / f"locust-{worker_count}w"
            stats = run_locust(base, users, seconds, urls_file, prefix, env, procs)
            # Fewer users, step by step, until one saturates the cores (is_knee).
            sweep, knee = [], None
            for step in steps:
                result = run_locust(
                    base, step, step_seconds, urls_file,
                    out_dir / f"locust-{worker_count}w-{step}u", env, procs,
                )  # fmt: skip
                result["users"] = step
                sweep.append(result)
                self.stdout.write(
                    f"   {step} users: {result['total']['rps']} req/s, search p95 "
                    f"{result['search']['p95']} ms, cores busy {result.get('cpu_busy')} "
                    f"({cores_text(result)})"
                )
                if is_knee(result, stats):
                    knee = result
                    break
            memory = {"web master": rss_mb(procs["web"].pid)}
            for i, child in enumerate(children(procs["web"].pid), start=1):
                memory[f"web worker {i}"] = rss_mb(child)
            memory["task worker"] = rss_mb(procs["worker"].pid)
            memory["scheduler"] = rss_mb(procs["scheduler"].pid)
            return {**stats, "sweep": sweep, "knee": knee, "memory_mb": memory}
        finally:
            for proc in procs.values():
                proc.send_signal(signal.SIGTERM)
            for proc in procs.values():
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()

    def wait_for(self, base):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.5)
        raise CommandError(f"gunicorn did not answer on {base}")

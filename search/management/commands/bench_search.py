"""Benchmark course search: N synthetic courses, one rebuild, mixed queries on both backends.

Run through `make bench`, which points it at its own PostgreSQL database
(manabi_bench) and its own index prefix; it never touches demo or test data.
Results are written as JSON and Markdown under var/bench/.
"""

import json
import random
import statistics
import time
import unicodedata
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models.signals import post_delete
from django.http import QueryDict
from django.utils import timezone

WORDS = [
    "データ",
    "分析",
    "Python",
    "クラウド",
    "セキュリティ",
    "AI",
    "機械学習",
    "入門",
    "実践",
    "設計",
    "DX",
    "デザイン",
    "統計",
    "ネットワーク",
    "IoT",
    "生成AI",
    "アジャイル",
    "SQL",
]
FULL_WIDTH = str.maketrans(
    {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}  # ASCII → full-width forms
)
TITLE_PARTS = [
    [
        "データ",
        "クラウド",
        "AI",
        "セキュリティ",
        "Python",
        "IoT",
        "DX",
        "UX",
        "統計",
        "SQL",
        "ネットワーク",
        "機械学習",
    ],
    ["分析", "設計", "開発", "活用", "運用", "戦略", "基礎", "応用"],
    ["入門", "実践講座", "ハンズオン", "集中講座", "基礎講座", "認定コース"],
]


class Command(BaseCommand):
    help = "Benchmark course search on Elasticsearch and on the database (writes var/bench/search-*.json)."

    def add_arguments(self, parser):
        parser.add_argument("--courses", type=int, default=100_000)
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--reuse", action="store_true", help="Keep existing synthetic data if present."
        )
        parser.add_argument(
            "--processes", type=int, default=2, help="Worker processes for the analysis."
        )
        parser.add_argument(
            "--generate-only",
            action="store_true",
            help="Only make the synthetic data (needs no quiet machine); measure later with --reuse.",
        )

    def handle(self, *args, courses, queries, seed, reuse, processes, generate_only, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL (make bench sets DATABASE_URL).")
        if not settings.ELASTICSEARCH_URL:
            raise CommandError("ELASTICSEARCH_URL is not set.")
        from catalogue.models import Course

        rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data
        if not (reuse and Course.objects.count() == courses):
            self.generate(rng, courses)
        if generate_only:
            return
        result = {"courses": courses, "queries": queries, "machine_cores": _cores()}
        result.update(self.rebuild(processes))
        query_strings = [self.random_query(rng) for _ in range(queries)]
        for backend_name in ("elasticsearch", "database"):
            result[backend_name] = self.run_queries(backend_name, query_strings)
        result["database_plans"] = self.plans(result["database"].pop("slowest"))
        result["elasticsearch"].pop("slowest")
        es, db = result["elasticsearch"], result["database"]
        result["ratio_db_over_es_p95"] = round(db["p95_ms"] / es["p95_ms"], 2)
        result["ratio_es_over_db_qps"] = round(es["qps"] / db["qps"], 2)
        self.write(result)

    # ------------------------------------------------------------------ data
    def generate(self, rng, count):
        from catalogue.models import (
            Course,
            DeletedCourse,
            Exam,
            Partner,
            Role,
            SkillCategory,
            SkillStandard,
            Subsidy,
        )
        from catalogue.signal_handlers import record_deleted_course

        self.stdout.write(f"Generating {count} synthetic courses …")
        # Replacing the synthetic corpus is not a deletion from the catalogue that mirrors must
        # hear of: no tombstones (each would be one INSERT, 100k of them on a full run).
        post_delete.disconnect(record_deleted_course, sender=Course)
        try:
            Course.objects.all().delete()
        finally:
            post_delete.connect(record_deleted_course, sender=Course)
        DeletedCourse.objects.all().delete()
        Partner.objects.all().delete()
        now = timezone.now()
        partners = Partner.objects.bulk_create(
            [
                Partner(
                    corporate_number=f"{i:013d}",
                    name=f"ベンチ事業者{i}",
                    name_kana=f"ベンチ{i}",
                    prefecture="13",
                    address="-",
                    website="https://example.jp/",
                    contact_name="-",
                    contact_email="b@example.jp",
                    contact_phone="-",
                    live=True,
                )
                for i in range(200)
            ]
        )
        roles = list(Role.objects.all())
        categories = list(SkillCategory.objects.all())
        subsidies = list(Subsidy.objects.all())
        exams = list(Exam.objects.all())
        dss_l = SkillStandard.objects.get(code="dss-l-1-2")
        dss_p = SkillStandard.objects.get(code="dss-p-1-2")
        through = {
            name: getattr(Course, name).through
            for name in ("roles", "skill_categories", "subsidies", "exams", "standards")
        }
        batch = 5000
        for start in range(0, count, batch):
            objs = []
            for i in range(start, min(start + batch, count)):
                level = rng.randint(1, 4)
                title = "".join(rng.choice(part) for part in TITLE_PARTS)
                fee_type = rng.choice(["free", "paid", "partly_free"])
                delivery = rng.choice(["online_live", "on_demand", "classroom", "hybrid"])
                objs.append(
                    Course(
                        partner=rng.choice(partners),
                        title=f"{title} {i}",
                        summary=f"{title}を学ぶ講座",
                        description=f"<p>{' '.join(rng.sample(WORDS, 5))}</p>",
                        url="https://example.jp/c",
                        level=level,
                        course_type="literacy" if level == 1 else "practical",
                        fee_type=fee_type,
                        fee_yen=0 if fee_type == "free" else rng.choice([5500, 33000, 165000]),
                        study_hours=Decimal(rng.choice(["0.5", "1", "3", "8", "12", "40"])),
                        delivery=delivery,
                        venue_prefecture="13" if delivery in ("classroom", "hybrid") else "",
                        individual_application=rng.random() > 0.2,
                        live=True,
                        first_published_at=now - timedelta(minutes=i),
                        listed_from=now.date(),
                        listed_until=now.date() + timedelta(days=1000),
                    )
                )
            created = Course.objects.bulk_create(objs)
            links = {name: [] for name in through}
            for course in created:
                links["standards"].append(
                    through["standards"](
                        course_id=course.pk,
                        skillstandard_id=(dss_l if course.level == 1 else dss_p).pk,
                    )
                )
                for r in rng.sample(roles, rng.randint(0, 3)) if course.level > 1 else []:
                    links["roles"].append(through["roles"](course_id=course.pk, role_id=r.pk))
                for c in rng.sample(categories, rng.randint(1, 2)):
                    links["skill_categories"].append(
                        through["skill_categories"](course_id=course.pk, skillcategory_id=c.pk)
                    )
                if rng.random() < 0.3:
                    links["subsidies"].append(
                        through["subsidies"](
                            course_id=course.pk, subsidy_id=rng.choice(subsidies).pk
                        )
                    )
                if rng.random() < 0.2:
                    links["exams"].append(
                        through["exams"](course_id=course.pk, exam_id=rng.choice(exams).pk)
                    )
            for name, rows in links.items():
                through[name].objects.bulk_create(rows)
            self.stdout.write(f"  {start + len(objs)}/{count}")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def rebuild(self, processes):
        """Both stores of analysed text, timed apart; the Japanese analysis is reported on its own."""
        from search.backends import elastic
        from search.indexing import rebuild_search_text

        started = time.perf_counter()
        rebuild_search_text(processes=processes)
        text_seconds = time.perf_counter() - started
        stats = {}
        started = time.perf_counter()
        elastic.rebuild(processes=processes, stats=stats)
        es_seconds = time.perf_counter() - started
        out = {
            "rebuild_seconds": round(es_seconds, 1),
            "rebuild_analysis_wait_seconds": round(stats["analysis_seconds"], 1),
            "database_search_text_seconds": round(text_seconds, 1),
            "analysis_processes": processes,
        }
        self.stdout.write(f"rebuild: {out}")
        return out

    # --------------------------------------------------------------- queries
    def random_query(self, rng):
        params = QueryDict(mutable=True)
        if rng.random() < 0.6:
            words = rng.sample(WORDS, rng.choice([1, 1, 2]))
            # Learners type full-width letters and brackets too.
            if rng.random() < 0.2:
                words = [unicodedata.normalize("NFKC", w).translate(FULL_WIDTH) for w in words]
            params["q"] = " ".join(words)
        simple = {
            "level": ["1", "2", "3", "4"],
            "fee_type": ["free", "paid", "partly_free"],
            "study_time": ["up-to-1h", "1-10h", "10h-plus"],
            "delivery": ["online_live", "on_demand", "classroom", "hybrid"],
            "individual_application": ["yes", "no"],
            "role": ["data-engineer", "backend-engineer", "ux-ui-designer"],
            "subsidy": ["benefit-general", "reskill-certified"],
        }
        for name in rng.sample(sorted(simple), rng.randint(0, 3)):
            params.setlist(name, rng.sample(simple[name], rng.randint(1, 2)))
        params["sort"] = rng.choice(["relevance", "relevance", "newest", "fee", "hours"])
        return params.urlencode()

    def run_queries(self, backend_name, query_strings):
        from search.query import parse_search_query
        from search.service import get_backend

        backend = get_backend(backend_name)
        for query_string in query_strings[:5]:  # warm connections and caches; not measured
            backend.search(parse_search_query(QueryDict(query_string)))
        timings = []
        by_query = []
        for query_string in query_strings:
            query = parse_search_query(QueryDict(query_string))
            started = time.perf_counter()
            backend.search(query)
            elapsed = (time.perf_counter() - started) * 1000
            timings.append(elapsed)
            by_query.append((elapsed, query_string))
        timings.sort()
        total_seconds = sum(timings) / 1000
        summary = {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
            "max_ms": round(timings[-1], 1),
            "qps": round(len(timings) / total_seconds, 1),
            "slowest": [q for _ms, q in sorted(by_query, reverse=True)[:3]],
        }
        self.stdout.write(f"{backend_name}: {summary}")
        return summary

    def plans(self, query_strings):
        """EXPLAIN ANALYZE of every statement the database backend runs for the slowest queries."""
        from django.test.utils import CaptureQueriesContext

        from search.query import parse_search_query
        from search.service import get_backend

        backend = get_backend("database")
        plans = []
        for query_string in query_strings:
            with CaptureQueriesContext(connection) as captured:
                backend.search(parse_search_query(QueryDict(query_string)))
            for statement in captured.captured_queries:
                sql = statement["sql"]
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                plans.append({"query": query_string, "time_ms": statement["time"], "plan": plan})
        return plans

    def write(self, result):
        directory = Path(settings.VAR_DIR) / "bench"
        directory.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        path = directory / f"search-{stamp}.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        plans_path = directory / f"search-plans-{stamp}.md"
        plans_path.write_text(
            "\n\n".join(
                f"### `{p['query']}` ({p['time_ms']} s)\n\n```\n{p['plan']}\n```"
                for p in result["database_plans"]
            )
        )
        es, db = result["elasticsearch"], result["database"]
        self.stdout.write(
            self.style.SUCCESS(
                f"\n{result['courses']} courses, {result['queries']} queries (sequential, one client)\n"
                f"  rebuild: {result['rebuild_seconds']} s (waiting for analysis "
                f"{result['rebuild_analysis_wait_seconds']} s, {result['analysis_processes']} "
                f"processes); database search text {result['database_search_text_seconds']} s\n"
                f"  Elasticsearch: p50 {es['p50_ms']} ms, p95 {es['p95_ms']} ms, {es['qps']} q/s\n"
                f"  database:      p50 {db['p50_ms']} ms, p95 {db['p95_ms']} ms, {db['qps']} q/s\n"
                f"  database p95 / Elasticsearch p95 = {result['ratio_db_over_es_p95']}\n"
                f"  written to {path} (query plans: {plans_path})"
            )
        )


def _cores():
    import os

    return os.cpu_count()

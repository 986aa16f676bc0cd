"""Maintain course search: rebuild the stored search text and the Elasticsearch index, or check for drift."""

import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Rebuild the analysed search text (and, where ELASTICSEARCH_URL is set, the course index "
        "behind its alias), or report drift with exit status 1."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--rebuild", action="store_true", help="Index every listed course anew.")
        group.add_argument(
            "--check", action="store_true", help="Compare the index with the database."
        )
        parser.add_argument(
            "--repair",
            action="store_true",
            help="With --check: bring the drifted courses in line (no full rebuild), then check again.",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="Worker processes for the Japanese analysis (default 1).",
        )

    def handle(self, *args, rebuild=False, check=False, repair=False, processes=1, **options):
        if repair and not check:
            raise CommandError("--repair goes with --check")
        # The methods are not called check()/rebuild(): BaseCommand.check() runs the system
        # checks before handle(), and a method of that name replaced it (exit status 1).
        if rebuild:
            self.rebuild_search_text(processes)
        else:
            drift = self.check_search_text()
        if settings.ELASTICSEARCH_URL:
            from elastic_transport import TransportError

            from search.backends import elastic

            try:
                if rebuild:
                    self.rebuild_index(elastic, processes)
                else:
                    drift = self.check_index(elastic) or drift
            except TransportError as exc:
                raise CommandError(
                    f"Elasticsearch at {settings.ELASTICSEARCH_URL} did not answer: {exc}"
                ) from None
        if check and drift and repair:
            self.repair()
            return self.handle(check=True, processes=processes)
        if check:
            if drift:
                self.stdout.write(
                    "Run `manage.py search_index --check --repair` (or `--rebuild`) to repair."
                )
                sys.exit(1)
            self.stdout.write(self.style.SUCCESS("The search text and index match the database."))

    def progress(self, done, total):
        width = 30
        filled = width * done // max(total, 1)
        self.stdout.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stdout.flush()

    def rebuild_search_text(self, processes):
        from search.indexing import rebuild_search_text

        started = time.monotonic()
        self.stdout.write("Analysing the text of every listed course …")
        count = rebuild_search_text(processes=processes, progress=self.progress)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Stored the search text of {count} courses in {time.monotonic() - started:.1f} s."
            )
        )

    def rebuild_index(self, elastic, processes):
        started = time.monotonic()
        self.stdout.write(f"Rebuilding {elastic.alias_name()} …")
        stats = {}
        try:
            name, count = elastic.rebuild(progress=self.progress, processes=processes, stats=stats)
        except RuntimeError as exc:
            raise CommandError(
                f"rebuild abandoned, the alias still points at the old index: {exc}"
            ) from None
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {count} courses into {name} in {time.monotonic() - started:.1f} s "
                f"(Japanese analysis {stats['analysis_seconds']:.1f} s); alias swapped."
            )
        )

    def check_search_text(self):
        from search.indexing import search_text_drift, stale_facets

        missing, extra = search_text_drift()
        stale = stale_facets()
        if stale:
            self.stdout.write(
                f"{len(stale)} courses whose stored facet values differ from the catalogue: "
                f"{sorted(stale)[:20]}"
            )
        return self.report("stored search text", missing, extra) or bool(stale)

    def check_index(self, elastic):
        missing, extra = elastic.check()
        return self.report("index", missing, extra)

    def repair(self):
        """Re-analyse and re-index only the courses that drifted (the daily job after outages)."""
        from search.indexing import search_text_drift, stale_facets, sync_search_text

        missing, extra = search_text_drift()
        drifted = missing | extra | stale_facets()
        if drifted:
            sync_search_text(drifted)
        if settings.ELASTICSEARCH_URL:
            from search.backends import elastic

            missing, extra = elastic.check()
            if missing | extra:
                elastic.sync_courses(missing | extra)
        self.stdout.write("Repaired the drifted courses; checking again …")

    def report(self, what, missing, extra):
        if missing:
            self.stdout.write(
                f"{len(missing)} listed courses missing from the {what}: {sorted(missing)[:20]}"
            )
        if extra:
            self.stdout.write(
                f"{len(extra)} courses in the {what} that are not listed: {sorted(extra)[:20]}"
            )
        return bool(missing or extra)

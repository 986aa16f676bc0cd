"""Maintain the Elasticsearch course index: rebuild it behind the alias, or check for drift."""

import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Rebuild the course index into a fresh index and swap the alias, or report drift."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--rebuild", action="store_true", help="Index every listed course anew.")
        group.add_argument(
            "--check", action="store_true", help="Compare the index with the database."
        )

    def handle(self, *args, rebuild=False, check=False, **options):
        if not settings.ELASTICSEARCH_URL:
            raise CommandError("ELASTICSEARCH_URL is not set: there is no index to maintain.")
        from elastic_transport import TransportError

        from search.backends import elastic

        try:
            if rebuild:
                self.rebuild(elastic)
            else:
                self.check(elastic)
        except TransportError as exc:
            raise CommandError(
                f"Elasticsearch at {settings.ELASTICSEARCH_URL} did not answer: {exc}"
            ) from None

    def rebuild(self, elastic):
        started = time.monotonic()
        self.stdout.write(f"Rebuilding {elastic.alias_name()} …")

        def progress(done, total):
            width = 30
            filled = width * done // max(total, 1)
            self.stdout.write(
                f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=""
            )
            self.stdout.flush()

        try:
            name, count = elastic.rebuild(progress=progress)
        except RuntimeError as exc:
            raise CommandError(
                f"rebuild abandoned, the alias still points at the old index: {exc}"
            ) from None
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {count} courses into {name} in {time.monotonic() - started:.1f} s; alias swapped."
            )
        )

    def check(self, elastic):
        missing, extra = elastic.check()
        if not missing and not extra:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
            return
        if missing:
            self.stdout.write(
                f"{len(missing)} listed courses missing from the index: {sorted(missing)[:20]}"
            )
        if extra:
            self.stdout.write(
                f"{len(extra)} indexed courses that are not listed: {sorted(extra)[:20]}"
            )
        self.stdout.write("Run `manage.py search_index --rebuild` to repair.")
        sys.exit(1)

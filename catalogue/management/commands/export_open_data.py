"""Nightly: write the open catalogue (CSV and JSON) that /opendata/ serves."""

from django.conf import settings
from django.core.management.base import BaseCommand

from catalogue.discovery.opendata import directory, export_open_data


class Command(BaseCommand):
    help = "Write the open course catalogue as CSV and JSON (government standard terms of use)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.WAGTAILADMIN_BASE_URL,
            help="Absolute address of the public site, for page links (default: WAGTAILADMIN_BASE_URL).",
        )

    def handle(self, *args, base_url, **options):
        count = export_open_data(base_url)
        self.stdout.write(f"{count} courses written to {directory()}")

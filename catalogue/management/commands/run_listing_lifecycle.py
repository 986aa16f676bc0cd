"""Daily listing run: expiry warnings, expiry, and withdrawals that have taken effect.

Idempotent: run it twice on the same day and the second run does nothing.
Schedule it once a day (cron or a systemd timer) after midnight JST.
"""

from django.core.management.base import BaseCommand

from catalogue.management.options import add_date_option
from catalogue.services import run_daily_lifecycle


class Command(BaseCommand):
    help = (
        "Warn partners 60 days before a listing ends, expire ended listings, apply due withdrawals."
    )

    def add_arguments(self, parser):
        add_date_option(parser, "for catching up a missed day")

    def handle(self, *args, date=None, **options):
        result = run_daily_lifecycle(date)
        self.stdout.write(
            f"expiry notices sent: {result['notified']}, "
            f"listings expired: {result['expired']}, "
            f"withdrawals applied: {result['withdrawn']}"
        )

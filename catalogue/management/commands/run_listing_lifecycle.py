"""Daily listing run: expiry warnings, expiry, and withdrawals that have taken effect.

Idempotent: run it twice on the same day and the second run does nothing.
Schedule it once a day (cron or a systemd timer) after midnight JST.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from catalogue.services import run_daily_lifecycle


class Command(BaseCommand):
    help = (
        "Warn partners 60 days before a listing ends, expire ended listings, apply due withdrawals."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Run as if today were this date (YYYY-MM-DD); for catching up a missed day.",
        )

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(
                    f"--date {date!r} is not a date in the form YYYY-MM-DD"
                ) from None
        result = run_daily_lifecycle(today)
        self.stdout.write(
            f"expiry notices sent: {result['notified']}, "
            f"listings expired: {result['expired']}, "
            f"withdrawals applied: {result['withdrawn']}"
        )

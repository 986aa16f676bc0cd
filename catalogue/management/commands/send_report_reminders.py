"""Daily: remind partners of performance reports due soon, and tell them once one is overdue.

Idempotent: a second run on the same day sends nothing.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from catalogue.report_requests import send_report_reminders


class Command(BaseCommand):
    help = "Remind partners of performance reports due soon and notify overdue ones."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(
                    f"--date {date!r} is not a date in the form YYYY-MM-DD"
                ) from None
        result = send_report_reminders(today)
        self.stdout.write(
            f"reminders sent: {result['reminded']}, overdue notices sent: {result['overdue']}"
        )

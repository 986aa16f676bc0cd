"""Daily: remind partners of performance reports due soon, and tell them once one is overdue.

Idempotent: a second run on the same day sends nothing.
"""

from django.core.management.base import BaseCommand

from catalogue.management.options import add_date_option
from catalogue.report_requests import send_report_reminders


class Command(BaseCommand):
    help = "Remind partners of performance reports due soon and notify overdue ones."

    def add_arguments(self, parser):
        add_date_option(parser, "for catching up a missed day")

    def handle(self, *args, date=None, **options):
        result = send_report_reminders(date)
        self.stdout.write(
            f"reminders sent: {result['reminded']}, overdue notices sent: {result['overdue']}"
        )

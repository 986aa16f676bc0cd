"""Daily: remind those invited to a survey that closes soon and who have not answered yet.

Idempotent: each invitee is reminded once (``community.survey_services.send_reminders``).
"""

from django.core.management.base import BaseCommand

from community.survey_services import send_due_reminders


class Command(BaseCommand):
    help = "Remind non-respondents of surveys closing within SURVEY_REMINDER_DAYS."

    def handle(self, *args, **options):
        reminded = send_due_reminders()
        for title, count in reminded.items():
            self.stdout.write(f"{title}: {count} reminded")
        self.stdout.write(f"surveys closing soon: {len(reminded)}")

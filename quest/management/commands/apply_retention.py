"""Daily: personal data past PERSONAL_DATA_RETENTION_DAYS is anonymised or deleted (idempotent)."""

from django.core.management.base import BaseCommand

from quest.privacy import apply_retention


class Command(BaseCommand):
    help = "Anonymise applications and delete company intakes older than the retention period."

    def handle(self, *args, **options):
        result = apply_retention()
        self.stdout.write(
            f"{result['anonymised_applications']} applications anonymised, "
            f"{result['deleted_intakes']} company intakes deleted "
            f"(received before {result['cutoff']:%Y-%m-%d %H:%M})"
        )

"""Remove a user's authenticator and recovery codes (lost phone and codes); recorded in the audit log."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.audit import record
from security.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Remove a user's second factor; at the next sign-in they register a new authenticator app."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
        record(AuditEvent.Action.SECOND_FACTOR_RESET, user=user, subject="manage.py otp_reset")
        self.stdout.write(f"Removed the second factor of {username} ({removed} records).")

"""Load demo content for every app; running it again changes nothing that exists."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.crypto import get_random_string

# Each app contributes a ``demo`` module with ``load(command)``; order matters
# because later apps hang their pages and objects on earlier ones.
DEMO_MODULES = ["manabi.demo", "catalogue.demo", "quest.demo", "community.demo"]


class Command(BaseCommand):
    help = "Load the demo site tree and content (idempotent) and ensure a demo superuser."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-superuser", action="store_true", help="Do not create the demo superuser."
        )

    def log(self, message):
        self.stdout.write(f"  {message}")

    def handle(self, *args, no_superuser=False, **options):
        for module_name in DEMO_MODULES:
            try:
                module = import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            self.stdout.write(f"{module_name}:")
            with transaction.atomic():
                module.load(self)
        if not no_superuser:
            self.ensure_superuser()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))

    def ensure_superuser(self):
        user_model = get_user_model()
        username = settings.DEMO_ADMIN_USERNAME
        if user_model.objects.filter(username=username).exists():
            self.stdout.write(
                f"Demo superuser '{username}' already exists; its password is unchanged."
            )
            return
        password = settings.DEMO_ADMIN_PASSWORD or get_random_string(20)
        user_model.objects.create_superuser(username, settings.DEMO_ADMIN_EMAIL, password)
        if settings.DEMO_ADMIN_PASSWORD:
            self.stdout.write(f"Created demo superuser '{username}' with DEMO_ADMIN_PASSWORD.")
        else:
            # Shown once only: the password is not stored anywhere in clear text.
            self.stdout.write(
                self.style.WARNING(
                    f"Created demo superuser '{username}' with password: {password}\n"
                    "  (shown only now; set DEMO_ADMIN_PASSWORD to choose it)"
                )
            )

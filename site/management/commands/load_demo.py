"""Load demo content for every app; running it again changes nothing that exists."""

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.crypto import get_random_string

# Each app contributes a ``demo`` module with ``load(command)``; order matters
# because later apps hang their pages and objects on earlier ones.
DEMO_MODULES = [
    "manabi.demo",
    "catalogue.demo",
    "quest.demo",
    "community.demo",
    "search.demo",  # search (#10): analysed text for courses loaded without it
]
# reports (#13): reporting periods need the listed courses of catalogue.demo.
DEMO_MODULES += ["catalogue.report_demo", "community.survey_demo"]


class Command(BaseCommand):
    help = "Load the demo site tree and content (idempotent) and ensure demo users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-superuser", action="store_true", help="Do not create the demo superuser."
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Seed for generated content (default 2026)."
        )
        parser.add_argument(
            "--courses",
            type=int,
            default=800,
            help="How many demo courses to generate (at least 60; default 800).",
        )

    def log(self, message):
        self.stdout.write(f"  {message}")

    def handle(self, *args, no_superuser=False, seed=2026, courses=800, **options):
        if courses < 60:
            raise CommandError(
                "--courses must be at least 60 (the demo needs a draft, a course in review …)"
            )
        self.seed = seed
        self.course_count = courses
        self.password = settings.DEMO_ADMIN_PASSWORD or get_random_string(20)
        self.created_users = []
        # Demo objects go through the real publication path; keep its per-object
        # log lines and partner e-mails out of the console.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
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
            self.ensure_user(
                settings.DEMO_ADMIN_USERNAME, superuser=True, email=settings.DEMO_ADMIN_EMAIL
            )
        self.report_users()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))

    def ensure_user(self, username, *, groups=(), superuser=False, email=None):
        """Create a demo user with the shared demo password, or return the existing one."""
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is not None:
            return user
        email = email or f"{username}@example.jp"
        if superuser:
            user = user_model.objects.create_superuser(username, email, self.password)
        else:
            user = user_model.objects.create_user(username, email, self.password)
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        self.created_users.append(username)
        return user

    def report_users(self):
        if not self.created_users:
            self.stdout.write("Demo users already exist; their passwords are unchanged.")
            return
        names = ", ".join(self.created_users)
        if settings.DEMO_ADMIN_PASSWORD:
            self.stdout.write(f"Created demo users ({names}) with DEMO_ADMIN_PASSWORD.")
        else:
            # Shown once only: the password is not stored anywhere in clear text.
            self.stdout.write(
                self.style.WARNING(
                    f"Created demo users ({names}) with password: {self.password}\n"
                    "  (shown only now; set DEMO_ADMIN_PASSWORD to choose it)"
                )
            )

"""Manage the Ed25519 keys that sign Open Badges 3.0 credentials (kept in BADGE_KEY_DIR)."""

from django.core.management.base import BaseCommand

from community.badges.keys import generate_key, key_dir, public_keys


class Command(BaseCommand):
    help = "List the badge signing keys, or generate a new one (--generate, or --ensure when none exists)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--generate", action="store_true", help="Add a new key; it signs from now on."
        )
        group.add_argument(
            "--ensure", action="store_true", help="Generate a key only when there is none."
        )

    def handle(self, *args, generate=False, ensure=False, **options):
        if generate or (ensure and not public_keys()):
            kid = generate_key()
            self.stdout.write(f"generated {kid} in {key_dir()}")
        for key in public_keys():
            self.stdout.write(key["kid"])

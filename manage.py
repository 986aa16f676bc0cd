#!/usr/bin/env python
"""Django's command-line utility for the Manabi DX CMS."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manabi.settings.dev")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # Load settings up front so a bad environment variable is reported as
        # one line instead of a traceback from inside Django's start-up.
        settings.INSTALLED_APPS  # noqa: B018
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"Configuration error: {exc}\n")
        sys.exit(2)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

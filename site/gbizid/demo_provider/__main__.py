"""Run the demo gBizID provider: ``python -m manabi.gbizid.demo_provider [--port 8001]``.

It migrates its own SQLite database, makes an RSA signing key on first start, registers the
site as a client and the demo accounts, then serves on loopback until stopped.
"""

import argparse
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command

from .config import DEFAULT_DB, DEFAULT_PORT, provider_settings, seed, signing_key


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m manabi.gbizid.demo_provider")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="its SQLite database file")
    parser.add_argument(
        "--redirect-uri",
        action="append",
        default=[],
        help="another callback URL the site may use (any port of 127.0.0.1 is allowed already)",
    )
    args = parser.parse_args(argv)
    args.db.parent.mkdir(parents=True, exist_ok=True)
    settings.configure(**provider_settings(args.db, args.port, signing_key(args.db)))
    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    seed(args.redirect_uri)
    print(f"gBizID demo provider: http://127.0.0.1:{args.port}/oauth/ (accounts: see README)")
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False, skip_checks=True)


if __name__ == "__main__":
    main()

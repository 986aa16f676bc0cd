"""Local development and the `make run` quick start: SQLite, console e-mail."""

from .base import *  # noqa: F403
from .base import env
from .environment import gbizid_oidc_settings

DEBUG = True
# A throwaway key so the quick start needs no configuration; production
# refuses to start without a real one.
SECRET_KEY = env.str("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])

# Without GBIZID_ISSUER the quick start signs partners in at the local demo provider that
# `make run` starts beside the site (manabi/gbizid/demo_provider/, accounts in the README).
GBIZID_DEMO_PORT = env.int("GBIZID_DEMO_PORT", 8001)
GBIZID = env.gbizid(demo_port=GBIZID_DEMO_PORT)
globals().update(gbizid_oidc_settings(GBIZID))

"""Local development and the `make run` quick start: SQLite, console e-mail."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
# A throwaway key so the quick start needs no configuration; production
# refuses to start without a real one.
SECRET_KEY = env.str("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])

"""The production shape under test (`make prodcheck`, tests/prod/): production's processes and
services, on loopback, with jobs firing every few seconds so a test can watch them."""

from .test import *  # noqa: F403

DEBUG = False
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SCHEDULED_JOBS = {
    "publish_scheduled": {"command": "publish_scheduled", "cron": {"second": "*/2"}},
    "run_listing_lifecycle": {"command": "run_listing_lifecycle", "cron": {"hour": "3"}},
}
# Fault tests watch an outage of a minute end: retry index updates every few seconds.
SEARCH_INDEX_RETRY_BASE_SECONDS = 1
SEARCH_INDEX_RETRY_MAX_SECONDS = 4
SEARCH_INDEX_MAX_ATTEMPTS = 60

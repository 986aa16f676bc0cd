"""The production shape under test (`make prodcheck`, tests/prod/): production's processes and
services, on loopback, with jobs firing every few seconds so a test can watch them."""

from .test import *  # noqa: F403

DEBUG = False
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SCHEDULED_JOBS = {
    "publish_scheduled": {"command": "publish_scheduled", "cron": {"second": "*/2"}},
    "run_listing_lifecycle": {"command": "run_listing_lifecycle", "cron": {"hour": "3"}},
}

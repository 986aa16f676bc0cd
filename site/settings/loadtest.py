"""The load benchmark (`manage.py bench_load`): prodcheck's production shape with production's
schedule. prodcheck fires the jobs every 2 s so that tests can watch them; under load that
would measure the scheduler rather than the site."""

from . import base
from .prodcheck import *  # noqa: F403

SCHEDULED_JOBS = base.SCHEDULED_JOBS

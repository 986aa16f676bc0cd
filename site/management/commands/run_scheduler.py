"""The scheduler process: fires every job of ``settings.SCHEDULED_JOBS`` on its cron.

Run one per node (or several: each job still runs once per slot, see
site/scheduler.py). ``--run JOB`` runs one job now, through the same claim.
"""

import logging
import signal

from apscheduler.schedulers.blocking import BlockingScheduler
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from manabi.scheduler import run_job, trigger_for

logger = logging.getLogger(__name__)


def _run(name):
    # The scheduler thread outlives many jobs: drop connections the database closed.
    close_old_connections()
    try:
        run_job(name)
    finally:
        close_old_connections()


class Command(BaseCommand):
    help = "Run the scheduled jobs (publish_scheduled every minute, the listing lifecycle daily)."

    def add_arguments(self, parser):
        parser.add_argument("--run", metavar="JOB", help="run this job once now and exit")

    def handle(self, *args, run=None, **options):
        jobs = settings.SCHEDULED_JOBS
        if run:
            if run not in jobs:
                raise CommandError(f"unknown job {run!r}; jobs: {', '.join(sorted(jobs))}")
            result = run_job(run)
            self.stdout.write(
                f"{run}: {result.outcome}" if result else f"{run}: already run in this slot"
            )
            return
        scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
        for name in jobs:
            scheduler.add_job(
                _run,
                trigger_for(name),
                args=[name],
                id=name,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=30,
            )
        signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
        self.stdout.write(f"scheduler: {', '.join(sorted(jobs))}")
        self.stdout.flush()
        scheduler.start()

"""Scheduled jobs that run exactly once per slot, however many nodes run the scheduler.

``settings.SCHEDULED_JOBS`` names each job's management command and its cron
fields (Asia/Tokyo). Every node may run ``manage.py run_scheduler``
(APScheduler fires the jobs); before a job runs, its node inserts the
``ScheduledJobRun`` row for the slot that is due. The database's unique
constraint lets one insert win, so a job runs once per slot on the whole
cluster, and a node that was late or restarted does not repeat it.

A node that dies while a job runs leaves the row ``running``; the next slot runs
as usual (both jobs are idempotent and catch up on what they missed).
"""

import io
import logging
import os
import socket
from datetime import timedelta

from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledJobRun

logger = logging.getLogger(__name__)
# The slot of a job is its latest fire time, looked for in the shortest of these windows that
# holds one (no job here fires less often than daily). Widening step by step reads a few fire
# times per job; walking the whole day read 45,000 for a job firing every 2 s (0.7 s of CPU).
SLOT_LOOKBACKS = tuple(timedelta(seconds=s) for s in (2, 15, 120, 900, 7200, 25 * 3600))


def trigger_for(name):
    """The APScheduler cron trigger of a configured job."""
    spec = settings.SCHEDULED_JOBS[name]
    return CronTrigger(timezone=settings.TIME_ZONE, **spec["cron"])


def slot_for(name, now=None):
    """The fire time of ``name`` that is due at ``now``: the same on every node."""
    now = (now or timezone.now()).astimezone(timezone.get_default_timezone())
    trigger = trigger_for(name)
    for lookback in SLOT_LOOKBACKS:
        fire = trigger.get_next_fire_time(None, now - lookback)
        latest = None
        while fire is not None and fire <= now:
            latest = fire
            fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
        if latest is not None:
            return latest.isoformat(timespec="seconds")
    raise ValueError(f"{name} has no fire time in the day before {now.isoformat()}")


def node_name():
    return f"{socket.gethostname()}:{os.getpid()}"


def run_job(name, now=None):
    """Run job ``name`` for the slot due at ``now`` unless a node already claimed it.

    Returns the ``ScheduledJobRun`` of this node's run, or ``None`` when another
    run holds the slot.
    """
    spec = settings.SCHEDULED_JOBS[name]
    slot = slot_for(name, now)
    try:
        with transaction.atomic():
            run = ScheduledJobRun.objects.create(job=name, slot=slot, node=node_name())
    except IntegrityError:
        logger.info("scheduled job %s %s already claimed by another run", name, slot)
        return None
    output = io.StringIO()
    try:
        call_command(spec["command"], *spec.get("args", ()), stdout=output, stderr=output)
    except Exception:
        logger.exception("scheduled job %s %s failed", name, slot)
        run.outcome = ScheduledJobRun.Outcome.FAILED
    else:
        run.outcome = ScheduledJobRun.Outcome.SUCCEEDED
        logger.info("scheduled job %s %s succeeded", name, slot)
    run.finished_at = timezone.now()
    run.output = output.getvalue()[-10_000:]
    run.save(update_fields=["outcome", "finished_at", "output"])
    return run

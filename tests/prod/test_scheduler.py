"""Scheduled jobs run once per slot on the whole cluster, and record how they ended."""

import datetime as dt
import subprocess
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from manabi.models import ScheduledJobRun
from manabi.scheduler import run_job, slot_for
from tests.prod.services import ROOT, manage, process_env

JST = ZoneInfo("Asia/Tokyo")


def test_slot_is_the_latest_fire_time_on_every_node():
    at = dt.datetime(2026, 11, 21, 14, 7, 42, tzinfo=JST)
    assert slot_for("publish_scheduled", at) == "2026-11-21T14:07:00+09:00"
    # A node that fires 40 s late still claims the same slot as a punctual one.
    assert slot_for("publish_scheduled", at + dt.timedelta(seconds=17)) == slot_for(
        "publish_scheduled", at
    )
    # The daily job fires at 03:10 JST; all day long its slot is that morning's.
    assert slot_for("run_listing_lifecycle", at) == "2026-11-21T03:10:00+09:00"
    early = dt.datetime(2026, 11, 21, 2, 0, tzinfo=JST)
    assert slot_for("run_listing_lifecycle", early) == "2026-11-20T03:10:00+09:00"


@pytest.mark.django_db
def test_a_job_runs_once_per_slot(site):
    from tests.manabi.factories import StandardPageFactory

    page = StandardPageFactory(parent=site.root_page, title="予約公開のページ", live=False)
    page.go_live_at = timezone.now() - dt.timedelta(minutes=1)
    page.save_revision(approved_go_live_at=page.go_live_at)

    first = run_job("publish_scheduled")
    second = run_job("publish_scheduled")

    assert first.outcome == ScheduledJobRun.Outcome.SUCCEEDED
    assert second is None
    page.refresh_from_db()
    assert page.live
    assert ScheduledJobRun.objects.filter(job="publish_scheduled").count() == 1


@pytest.mark.django_db
def test_a_failing_job_is_recorded_as_failed(settings):
    settings.SCHEDULED_JOBS = {
        **settings.SCHEDULED_JOBS,
        "broken": {"command": "no_such_command", "cron": {"minute": "*"}},
    }
    run = run_job("broken")
    assert run.outcome == ScheduledJobRun.Outcome.FAILED
    assert run.finished_at is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_nodes_started_together_run_the_job_once():
    """Two scheduler processes fire the same job at once; the database lets one run it."""
    env = process_env()
    args = manage("run_scheduler", "--run", "run_listing_lifecycle")
    procs = [
        subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = sorted(proc.communicate(timeout=120)[0].strip() for proc in procs)
    assert all(proc.returncode == 0 for proc in procs)
    assert outputs == [
        "run_listing_lifecycle: already run in this slot",
        "run_listing_lifecycle: succeeded",
    ]
    assert ScheduledJobRun.objects.filter(job="run_listing_lifecycle").count() == 1


def test_unknown_job_is_refused():
    with pytest.raises(Exception, match="unknown job 'nope'"):
        call_command("run_scheduler", run="nope")


def test_the_retention_and_open_data_jobs_are_scheduled(settings):
    """Both are described as daily in the README; the scheduler is what makes them daily."""
    commands = {job["command"] for job in settings.SCHEDULED_JOBS.values()}
    assert {"apply_retention", "export_open_data", "send_survey_reminders"} <= commands


@pytest.mark.parametrize(
    "cron",
    [{"second": "*/2"}, {"minute": "*"}, {"minute": "*/15"}, {"hour": "3", "minute": "10"}],
)
def test_finding_the_slot_reads_a_few_fire_times_not_a_day_of_them(settings, monkeypatch, cron):
    """The scheduler finds every job's slot before it runs it: walking a day of fire times
    each time cost 0.7 s of CPU for a job that fires every 2 s (a third of a core)."""
    from apscheduler.triggers.cron import CronTrigger

    settings.SCHEDULED_JOBS = {"job": {"command": "publish_scheduled", "cron": cron}}
    calls = []
    original = CronTrigger.get_next_fire_time

    def counted(self, previous, now):
        calls.append(now)
        return original(self, previous, now)

    monkeypatch.setattr(CronTrigger, "get_next_fire_time", counted)
    at = dt.datetime(2026, 11, 21, 14, 7, 43, 500000, tzinfo=JST)
    # The same answer as walking every fire time of the last day, as before.
    trigger = CronTrigger(timezone="Asia/Tokyo", **cron)
    fire, latest = original(trigger, None, at - dt.timedelta(days=1, hours=1)), None
    while fire is not None and fire <= at:
        latest = fire
        fire = original(trigger, fire, fire + dt.timedelta(seconds=1))
    calls.clear()
    assert slot_for("job", at) == latest.isoformat(timespec="seconds")
    assert len(calls) <= 20

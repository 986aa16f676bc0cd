"""Fairness: a round's programme pages go live together at the announcement moment, not a second before."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from quest.models import ProgrammePage
from tests.quest.factories import OperatorFactory, ProgrammePageFactory, RecruitmentRoundFactory

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")
ANNOUNCEMENT = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=JST)


def draft_programme(programmes, round_, name):
    page = ProgrammePageFactory(
        parent=programmes, recruitment_round=round_, operator=OperatorFactory(name=name), live=False
    )
    return page


def publish(page):
    page.refresh_from_db()
    page.save_revision().publish()


def live_titles():
    return set(ProgrammePage.objects.live().values_list("title", flat=True))


def test_two_operators_go_live_together_at_the_announcement(quest_tree):
    with time_machine.travel(ANNOUNCEMENT - datetime.timedelta(days=5), tick=False):
        round_ = RecruitmentRoundFactory(
            announcement_at=ANNOUNCEMENT,
            applications_open_at=ANNOUNCEMENT,
            applications_close_at=ANNOUNCEMENT + datetime.timedelta(days=30),
        )
        first = draft_programme(quest_tree["programmes"], round_, "北海道ハブ")
        second = draft_programme(quest_tree["programmes"], round_, "九州ハブ")
        publish(first)
    with time_machine.travel(ANNOUNCEMENT - datetime.timedelta(days=1), tick=False):
        publish(second)
        assert live_titles() == set()

    with time_machine.travel(ANNOUNCEMENT - datetime.timedelta(seconds=1), tick=False):
        call_command("publish_scheduled", stdout=StringIO())
        assert live_titles() == set()

    # Wagtail publishes what is due strictly before the run: the first run after the moment.
    with time_machine.travel(ANNOUNCEMENT + datetime.timedelta(seconds=1), tick=False):
        call_command("publish_scheduled", stdout=StringIO())
        assert live_titles() == {first.title, second.title}
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.first_published_at == second.first_published_at


def test_changing_the_moment_reschedules_every_page_of_the_round(quest_tree):
    later = ANNOUNCEMENT + datetime.timedelta(days=7)
    with time_machine.travel(ANNOUNCEMENT - datetime.timedelta(days=5), tick=False):
        round_ = RecruitmentRoundFactory(
            announcement_at=ANNOUNCEMENT,
            applications_open_at=ANNOUNCEMENT,
            applications_close_at=later + datetime.timedelta(days=30),
        )
        pages = [draft_programme(quest_tree["programmes"], round_, f"ハブ{i}") for i in range(2)]
        for page in pages:
            publish(page)
        round_.announcement_at = later
        round_.applications_open_at = later
        round_.save()

    with time_machine.travel(ANNOUNCEMENT + datetime.timedelta(hours=1), tick=False):
        call_command("publish_scheduled", stdout=StringIO())
        assert live_titles() == set()
    with time_machine.travel(later + datetime.timedelta(seconds=1), tick=False):
        call_command("publish_scheduled", stdout=StringIO())
        assert live_titles() == {p.title for p in pages}


def test_after_the_announcement_publishing_is_immediate(quest_tree):
    round_ = RecruitmentRoundFactory()  # announced yesterday
    page = draft_programme(quest_tree["programmes"], round_, "関東ハブ")
    publish(page)
    assert live_titles() == {page.title}

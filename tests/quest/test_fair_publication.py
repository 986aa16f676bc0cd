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
    for page in pages:
        page.refresh_from_db()
        # As Wagtail's DjangoJSONEncoder writes date-times into revision content: UTC with "Z".
        moved = page.scheduled_revision.content["go_live_at"]
        assert moved == later.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

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


# ------------------------------------------------------------------ moving the moment


def edit_round(client, round_, moment):
    """The operator of the site moves the announcement in the admin (Quest → 募集回)."""
    response = client.post(
        f"/admin/quest_rounds/edit/{round_.pk}/",
        {
            "name": round_.name,
            "announcement_at": moment.astimezone(JST).strftime("%Y-%m-%d %H:%M"),
            "applications_open_at": moment.astimezone(JST).strftime("%Y-%m-%d %H:%M"),
            "applications_close_at": (moment + datetime.timedelta(days=60))
            .astimezone(JST)
            .strftime("%Y-%m-%d %H:%M"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "login" not in response["Location"], response["Location"]


def approve_through_workflow(client, page, operator_user):
    """An operator submits, the secretariat approves: Wagtail's moderation path."""
    page.refresh_from_db()
    page.save_revision(user=operator_user)
    page.get_workflow().start(page, operator_user)
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in (200, 302)


def publish_with_own_go_live(page, go_live_at):
    """An editor sets the page's own go-live time, earlier than the announcement, and publishes."""
    page.refresh_from_db()
    page.go_live_at = go_live_at
    page.save_revision().publish()


def go_live_moments(pages):
    moments = set()
    for page in pages:
        page.refresh_from_db()
        assert page.live, page.title
        moments.add(page.first_published_at)
    return moments


def run_scheduler_at(moment):
    with time_machine.travel(moment, tick=False):
        call_command("publish_scheduled", stdout=StringIO())


@pytest.fixture
def moderated_round(client, quest_tree, settings):
    from quest.demo import grant_page_rights

    # The test travels days in time; the 30-minute idle timeout would sign the secretariat out.
    settings.SESSION_COOKIE_AGE = 60 * 60 * 24 * 60
    from tests.catalogue.factories import SecretariatUserFactory, UserFactory

    grant_page_rights(quest_tree["home"], quest_tree["programmes"])
    client.force_login(SecretariatUserFactory(is_superuser=True))
    operator_user = UserFactory()

    def build(announcement):
        round_ = RecruitmentRoundFactory(
            announcement_at=announcement,
            applications_open_at=announcement,
            applications_close_at=announcement + datetime.timedelta(days=60),
        )
        operator = OperatorFactory(name="東北ハブ")
        operator.users.add(operator_user)
        return round_, operator, operator_user

    return build


@pytest.mark.parametrize("shift_days", [-2, 7], ids=["earlier", "later"])
def test_moving_the_announcement_keeps_one_go_live_moment_for_the_whole_round(
    client, quest_tree, moderated_round, shift_days
):
    """Scheduled, newly published, approved-in-between and self-scheduled pages go live together."""
    start = ANNOUNCEMENT - datetime.timedelta(days=5)
    moved = ANNOUNCEMENT + datetime.timedelta(days=shift_days)
    with time_machine.travel(start, tick=False):
        round_, operator, operator_user = moderated_round(ANNOUNCEMENT)
        programmes = quest_tree["programmes"]
        scheduled = [draft_programme(programmes, round_, f"予約済{i}") for i in range(2)]
        for page in scheduled:
            publish(page)
        own_time = draft_programme(programmes, round_, "自前の公開日時")
        publish_with_own_go_live(own_time, ANNOUNCEMENT - datetime.timedelta(days=3))
        approved = ProgrammePageFactory(
            parent=programmes, recruitment_round=round_, operator=operator, live=False
        )

    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        edit_round(client, round_, moved)

    between = min(moved, ANNOUNCEMENT) - datetime.timedelta(hours=12)
    with time_machine.travel(between, tick=False):
        published_after = draft_programme(programmes, round_, "変更後に公開")
        publish(published_after)
        approve_through_workflow(client, approved, operator_user)
        late_own_time = draft_programme(programmes, round_, "自前の公開日時2")
        publish_with_own_go_live(late_own_time, between + datetime.timedelta(hours=1))
        assert live_titles() == set()

    everyone = [*scheduled, own_time, approved, published_after, late_own_time]
    # Every scheduler run before the new moment publishes nothing, whichever side the old one was.
    for moment in sorted({ANNOUNCEMENT, moved}):
        if moment < moved:
            run_scheduler_at(moment + datetime.timedelta(seconds=1))
            assert live_titles() == set()
    run_scheduler_at(moved - datetime.timedelta(seconds=1))
    assert live_titles() == set()
    run_scheduler_at(moved + datetime.timedelta(seconds=1))
    assert live_titles() == {page.title for page in everyone}
    assert len(go_live_moments(everyone)) == 1


def test_an_own_go_live_time_before_the_announcement_waits_for_the_announcement(quest_tree):
    with time_machine.travel(ANNOUNCEMENT - datetime.timedelta(days=5), tick=False):
        round_ = RecruitmentRoundFactory(
            announcement_at=ANNOUNCEMENT,
            applications_open_at=ANNOUNCEMENT,
            applications_close_at=ANNOUNCEMENT + datetime.timedelta(days=30),
        )
        page = draft_programme(quest_tree["programmes"], round_, "先走り")
        publish_with_own_go_live(page, ANNOUNCEMENT - datetime.timedelta(days=4))
    run_scheduler_at(ANNOUNCEMENT - datetime.timedelta(days=1))
    assert live_titles() == set()
    run_scheduler_at(ANNOUNCEMENT + datetime.timedelta(seconds=1))
    assert live_titles() == {page.title}

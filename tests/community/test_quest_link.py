"""A Quest application that declares a layer-2 completion is checked against the members list."""

import datetime

import pytest
from django.utils import timezone

from community.models import CompletionCheck
from tests.catalogue.factories import SecretariatUserFactory
from tests.community.factories import CohortFactory, CompletionFactory, MemberFactory
from tests.quest.factories import (
    ProgrammeIndexPageFactory,
    ProgrammePageFactory,
    QuestHomePageFactory,
    RecruitmentRoundFactory,
)


@pytest.fixture
def regional(site):
    quest_tree = {
        "programmes": ProgrammeIndexPageFactory(parent=QuestHomePageFactory(parent=site.root_page))
    }
    round_ = RecruitmentRoundFactory(
        announcement_at=timezone.now() - datetime.timedelta(days=2),
        applications_open_at=timezone.now() - datetime.timedelta(days=1),
    )
    return ProgrammePageFactory(
        parent=quest_tree["programmes"],
        recruitment_round=round_,
        requires_layer2_completion=True,
        min_weekly_hours=6,
    )


def apply(client, programme, email, django_capture_on_commit_callbacks):
    data = {
        "choice_1": programme.pk,
        "name": "申込 太郎",
        "name_kana": "もうしこみ たろう",
        "email": email,
        "prefecture": "13",
        "occupation": "employee",
        "age_band": "30s",
        "layer2_completed": "on",
        "weekly_hours": 8,
        "statement": "地域のDXに取り組みたい。",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/quest/apply/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_completer_is_confirmed_silently(
    client, regional, mailoutbox, django_capture_on_commit_callbacks
):
    SecretariatUserFactory(email="jimukyoku@example.jp")
    CompletionFactory(member__email="done@example.jp", cohort=CohortFactory(layer=2))

    apply(client, regional, "DONE@example.jp", django_capture_on_commit_callbacks)

    assert CompletionCheck.objects.get().result == "confirmed"
    assert [m.to for m in mailoutbox] == [["done@example.jp"]]  # only the applicant's confirmation


@pytest.mark.parametrize(
    ("setup", "result"),
    [
        (lambda: None, "not_found"),
        (
            lambda: CompletionFactory(member__email="x@example.jp", cohort=CohortFactory(layer=3)),
            "no_layer2",
        ),
    ],
)
def test_an_unconfirmed_declaration_is_reported_to_the_secretariat(
    client, regional, mailoutbox, django_capture_on_commit_callbacks, setup, result
):
    SecretariatUserFactory(email="jimukyoku@example.jp")
    MemberFactory(email="someone-else@example.jp")
    setup()

    apply(client, regional, "x@example.jp", django_capture_on_commit_callbacks)

    assert CompletionCheck.objects.get().result == result
    to_secretariat = [m for m in mailoutbox if m.to == ["jimukyoku@example.jp"]]
    assert len(to_secretariat) == 1
    assert "修了を確認できませんでした" in to_secretariat[0].subject
    assert "申込 太郎" in to_secretariat[0].body

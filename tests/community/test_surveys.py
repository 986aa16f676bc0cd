"""Surveys: one-time links (one answer, closed, reused, forged), anonymous mode, result figures."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from community.models import SurveyInvitation, SurveyPage, SurveyQuestion, SurveyResponse
from community.survey_results import survey_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(site):
    now = timezone.now()
    page = SurveyPage(
        title="修了者フォローアップ調査",
        slug="follow-up",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=14),
    )
    site.root_page.add_child(instance=page)
    for order, (label, kind, choices) in enumerate(
        [
            ("満足度", "scale5", ""),
            ("役立った内容", "checkboxes", "データ分析\n企画\n発表"),
            ("お住まいの都道府県", "prefecture", ""),
            ("ご意見", "multiline", ""),
        ]
    ):
        SurveyQuestion.objects.create(
            page=page,
            sort_order=order,
            label=label,
            field_type=kind,
            choices=choices,
            required=kind == "scale5",
        )
    return page


def names(survey):
    return {q.label: q.clean_name for q in survey.questions.all()}


def answer(client, survey, token, **values):
    n = names(survey)
    data = {"t": token, **{n[label]: value for label, value in values.items()}}
    return client.post(survey.url, data)


def test_one_time_link_answers_once(client, survey):
    invitation, token = SurveyInvitation.issue(survey, "a@example.jp", "令和6年度 修了者")
    assert client.get(survey.url, {"t": token}).status_code == 200
    response = answer(
        client, survey, token, 満足度="4", 役立った内容=["データ分析"], ご意見="良かった"
    )
    assert response.status_code == 200
    assert "ご回答ありがとうございました。" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    assert SurveyResponse.objects.get().invitation == invitation

    reused = answer(client, survey, token, 満足度="1")
    assert reused.status_code == 403
    assert "既に使用されています" in reused.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_forged_and_missing_tokens_are_refused(client, survey):
    SurveyInvitation.issue(survey, "a@example.jp", "令和6年度 修了者")
    assert answer(client, survey, "forged-token", 満足度="5").status_code == 403
    assert client.get(survey.url).status_code == 403
    assert client.get(survey.url, {"t": "x" * 5000}).status_code == 403
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_takes_no_answer(client, survey):
    _invitation, token = SurveyInvitation.issue(survey, "a@example.jp", "令和6年度 修了者")
    SurveyPage.objects.filter(pk=survey.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    survey.refresh_from_db()
    response = answer(client, survey, token, 満足度="5")
    assert response.status_code == 410
    assert not SurveyResponse.objects.exists()


def test_bad_answer_is_explained_and_the_link_stays_usable(client, survey):
    invitation, token = SurveyInvitation.issue(survey, "a@example.jp", "令和6年度 修了者")
    response = answer(client, survey, token, 満足度="9", ご意見="途中まで書いた意見")
    assert response.status_code == 200
    html = response.content.decode()
    assert "正しく選択してください" in html
    assert "途中まで書いた意見" in html
    invitation.refresh_from_db()
    assert invitation.answered_at is None


def test_anonymous_mode_stores_no_link(client, survey):
    SurveyPage.objects.filter(pk=survey.pk).update(anonymous=True)
    survey.refresh_from_db()
    invitation, token = SurveyInvitation.issue(survey, "a@example.jp", "令和6年度 修了者")
    answer(client, survey, token, 満足度="3", ご意見="匿名の意見")
    stored = SurveyResponse.objects.get()
    invitation.refresh_from_db()
    assert stored.invitation is None
    assert "a@example.jp" not in str(stored.form_data)
    # Neither side keeps a time finer than the day, so the two cannot be paired by time.
    assert stored.submit_time == invitation.answered_at
    local = timezone.localtime(stored.submit_time)
    assert (local.hour, local.minute, local.second) == (0, 0, 0)


def test_results_match_hand_computed_figures(client, survey):
    answers = [
        {"満足度": "5", "役立った内容": ["データ分析", "企画"], "お住まいの都道府県": "13"},
        {"満足度": "4", "役立った内容": ["データ分析"], "お住まいの都道府県": "13"},
        {"満足度": "2", "役立った内容": [], "お住まいの都道府県": "27", "ご意見": "もっと演習を"},
    ]
    for i, values in enumerate(answers):
        _invitation, token = SurveyInvitation.issue(survey, f"p{i}@example.jp", "令和6年度 修了者")
        assert answer(client, survey, token, **values).status_code == 200
    results = {r.label: r for r in survey_results(survey)}

    satisfaction = results["満足度"]
    assert satisfaction.answered == 3
    assert satisfaction.average == Decimal("3.67")  # (5 + 4 + 2) / 3
    assert satisfaction.counts == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}
    useful = results["役立った内容"]
    assert useful.answered == 2
    assert useful.percentages() == [
        ("データ分析", 2, Decimal("100.0")),
        ("企画", 1, Decimal("50.0")),
        ("発表", 0, Decimal("0.0")),
    ]
    assert results["お住まいの都道府県"].counts == {"東京都": 2, "大阪府": 1}
    assert results["ご意見"].texts == ["もっと演習を"]

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
    assert "既に使用されています" in reused.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_forged_and_missing_tokens_are_refused(client, survey):
    SurveyInvitation.issue(survey, "a@example.jp", "令和6年度 修了者")
    for response in [
        answer(client, survey, "forged-token", 満足度="5"),
        client.get(survey.url),
        client.get(survey.url, {"t": "x" * 5000}),
    ]:
        html = response.content.decode()
        assert "このリンクは無効か、既に使用されています。" in html
        assert "<form" not in html
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_takes_no_answer(client, survey):
    _invitation, token = SurveyInvitation.issue(survey, "a@example.jp", "令和6年度 修了者")
    SurveyPage.objects.filter(pk=survey.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    survey.refresh_from_db()
    response = answer(client, survey, token, 満足度="5")
    assert "現在回答を受け付けていません" in response.content.decode()
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


def test_secretariat_invites_a_cohort_and_a_pasted_list_and_sees_rates(client, survey, mailoutbox):
    from tests.catalogue.factories import SecretariatUserFactory
    from tests.community.factories import CohortFactory, CompletionFactory

    cohort = CohortFactory(name="令和6年度 ケーススタディ")
    for i in range(3):
        CompletionFactory(cohort=cohort, member__email=f"c{i}@example.jp")
    client.force_login(SecretariatUserFactory())
    url = f"/admin/community/surveys/{survey.pk}/"
    assert client.post(url, {"target": "cohort", "cohort": cohort.pk}).status_code == 302
    assert client.post(url, {"target": "cohort", "cohort": cohort.pk}).status_code == 302
    assert SurveyInvitation.objects.count() == 3  # each invitee once
    assert len(mailoutbox) == 3
    link = mailoutbox[0].body.split("?t=")[1].split()[0]

    bad = client.post(url, {"target": "list", "addresses": "ok@example.jp\nnot-an-address"})
    assert bad.status_code == 200
    assert "not-an-address" in bad.content.decode()
    assert SurveyInvitation.objects.count() == 3

    assert answer(client, survey, link, 満足度="5").status_code == 200
    html = client.get(url).content.decode()
    assert '<th scope="row">令和6年度 ケーススタディ</th><td>3</td><td>1</td><td>33.3</td>' in html
    assert "<svg" in html


def test_reminder_sends_a_fresh_link_and_the_old_one_stops(client, survey, mailoutbox):
    from community.survey_services import invite, send_reminders

    invite(survey, [("r@example.jp", None)], "一覧")
    old = mailoutbox[0].body.split("?t=")[1].split()[0]
    assert send_reminders(survey) == 1
    assert send_reminders(survey) == 0
    new = mailoutbox[1].body.split("?t=")[1].split()[0]
    assert "既に使用されています" in answer(client, survey, old, 満足度="3").content.decode()
    assert (
        "ご回答ありがとうございました。" in answer(client, survey, new, 満足度="3").content.decode()
    )


def test_exports_escape_formulas_carry_a_bom_and_are_logged(client, survey):
    from io import BytesIO

    from openpyxl import load_workbook

    from quest.models import ExportLog
    from tests.catalogue.factories import SecretariatUserFactory

    _invitation, token = SurveyInvitation.issue(survey, "x@example.jp", "一覧")
    answer(client, survey, token, 満足度="4", ご意見='=HYPERLINK("http://evil")')
    client.force_login(SecretariatUserFactory())
    csv_bytes = client.get(f"/admin/community/surveys/{survey.pk}/export.csv").content
    assert csv_bytes.startswith("\ufeff".encode())
    text = csv_bytes.decode("utf-8-sig")
    assert "満足度" in text and "'=HYPERLINK" in text
    xlsx = client.get(f"/admin/community/surveys/{survey.pk}/export.xlsx").content
    rows = list(load_workbook(BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert rows[1][4].startswith("'=")
    assert ExportLog.objects.filter(model=f"survey:{survey.pk}").count() == 2
    assert client.get(f"/admin/community/surveys/{survey.pk}/export.exe").status_code == 404


def test_partners_cannot_reach_survey_admin(client, survey):
    from tests.catalogue.factories import PartnerFactory, PartnerUserFactory

    client.force_login(PartnerUserFactory(partner=PartnerFactory()))
    assert client.get(f"/admin/community/surveys/{survey.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/community/surveys/{survey.pk}/export.csv").status_code in (302, 403)
    assert client.get(f"/admin/community/surveys/{survey.pk}/chart-1.svg").status_code in (302, 403)


def test_each_question_chart_downloads_as_svg(client, survey):
    """The secretariat downloads a question's chart: SVG with no script, linked from the results."""
    from tests.catalogue.factories import SecretariatUserFactory

    _invitation, token = SurveyInvitation.issue(survey, "chart@example.jp", "令和6年度 修了者")
    assert (
        answer(client, survey, token, **{"満足度": "4", "お住まいの都道府県": "13"}).status_code
        == 200
    )
    client.force_login(SecretariatUserFactory())
    page = client.get(f"/admin/community/surveys/{survey.pk}/").content.decode()
    assert f"/admin/community/surveys/{survey.pk}/chart-1.svg" in page
    chart = client.get(f"/admin/community/surveys/{survey.pk}/chart-1.svg")
    assert chart.status_code == 200
    assert chart["Content-Type"] == "image/svg+xml"
    assert "attachment" in chart["Content-Disposition"]
    body = chart.content.decode()
    assert "<svg" in body and "<script" not in body and "満足度" in body
    assert client.get(f"/admin/community/surveys/{survey.pk}/chart-99.svg").status_code == 404


def test_demo_surveys_and_hearings(site):
    from types import SimpleNamespace

    from community import survey_demo
    from community.models import Hearing

    command = SimpleNamespace(seed=3, log=lambda message: None)
    survey_demo.load(command)
    survey_demo.load(command)  # idempotent
    done = SurveyPage.objects.get(slug=survey_demo.COMPLETED_SLUG)
    answers = SurveyResponse.objects.filter(page=done).count()
    assert 130 <= answers <= 170
    assert not done.is_open()
    assert SurveyPage.objects.get(slug="partner-company-survey-2026").is_open()
    assert Hearing.objects.count() == 2
    results = {r.label: r for r in survey_results(done)}
    assert results["プログラム全体の満足度"].answered == answers


def test_the_daily_job_reminds_non_respondents_once_shortly_before_the_survey_closes(
    client, survey, mailoutbox, settings
):
    """Nobody has to press 「リマインド」: the scheduler's daily job reminds those who have not
    answered when the survey closes within SURVEY_REMINDER_DAYS, once, and never after closing."""
    from django.core.management import call_command

    from community.survey_services import invite

    assert settings.SCHEDULED_JOBS["send_survey_reminders"]["command"] == "send_survey_reminders"
    invite(survey, [("early@example.jp", None), ("late@example.jp", None)], "一覧")
    answered = survey.invitations.get(email="early@example.jp")
    answered.answered_at = timezone.now()
    answered.save()
    sent = len(mailoutbox)

    # 14 days before closing: too early.
    call_command("send_survey_reminders")
    assert len(mailoutbox) == sent

    survey.closes_at = timezone.now() + datetime.timedelta(days=settings.SURVEY_REMINDER_DAYS - 1)
    survey.save_revision().publish()
    call_command("send_survey_reminders")
    assert [m.to for m in mailoutbox[sent:]] == [["late@example.jp"]]
    call_command("send_survey_reminders")  # the next day: nobody is reminded twice
    assert len(mailoutbox) == sent + 1

    closed = SurveyInvitation.issue(survey, "closed@example.jp", "一覧")[0]
    survey.closes_at = timezone.now() - datetime.timedelta(hours=1)
    survey.save_revision().publish()
    call_command("send_survey_reminders")
    closed.refresh_from_db()
    assert closed.reminded_at is None and len(mailoutbox) == sent + 1

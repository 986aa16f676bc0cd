"""Demo surveys and hearings: a closed survey with ~150 answers, an open one, and two hearings.

Idempotent: does nothing when the demo survey exists.
"""

import datetime
import random

from django.utils import timezone
from wagtail.models import Site

from .models import Hearing, Member, SurveyInvitation, SurveyPage, SurveyQuestion, SurveyResponse

COMPLETED_SLUG = "follow-up-survey-2025"

QUESTIONS = [
    ("プログラム全体の満足度", "scale5", ""),
    ("業務で役立った内容", "checkboxes", "データ分析\n課題設定\nプロジェクト運営\n発表・報告"),
    ("修了後の変化", "radio", "社内でDX関連の役割を担った\n転職・異動した\n特に変化はない"),
    ("お住まいの都道府県", "prefecture", ""),
    ("ご意見・ご要望", "multiline", ""),
]


def _survey(parent, title, slug, opens_at, closes_at):
    page = SurveyPage(title=title, slug=slug, opens_at=opens_at, closes_at=closes_at)
    parent.add_child(instance=page)
    for order, (label, kind, choices) in enumerate(QUESTIONS):
        SurveyQuestion.objects.create(
            page=page,
            sort_order=order,
            label=label,
            field_type=kind,
            choices=choices,
            required=kind == "scale5",
        )
    return page


def load(command):
    if SurveyPage.objects.filter(slug=COMPLETED_SLUG).exists():
        command.log("surveys already present")
        return
    rng = random.Random(command.seed)  # noqa: S311 - reproducible demo data
    parent = Site.objects.get(is_default_site=True).root_page
    now = timezone.now()
    done = _survey(
        parent,
        "令和7年度 修了者フォローアップ調査",
        COMPLETED_SLUG,
        now - datetime.timedelta(days=120),
        now - datetime.timedelta(days=60),
    )
    questions = {q.label: q.clean_name for q in done.questions.all()}
    for i in range(180):
        invitation, _token = SurveyInvitation.issue(
            done, f"survey-demo-{i}@example.jp", "令和7年度 修了者" if i < 120 else "協働企業"
        )
        if rng.random() < 0.83:
            data = {
                questions["プログラム全体の満足度"]: str(rng.choice([2, 3, 4, 4, 5, 5])),
                questions["業務で役立った内容"]: rng.sample(
                    ["データ分析", "課題設定", "プロジェクト運営", "発表・報告"], rng.randint(1, 3)
                ),
                questions["修了後の変化"]: rng.choice(
                    ["社内でDX関連の役割を担った", "転職・異動した", "特に変化はない"]
                ),
                questions["お住まいの都道府県"]: rng.choice(["13", "14", "27", "23", "40"]),
                questions["ご意見・ご要望"]: rng.choice(["", "", "演習をもっと増やしてほしい"]),
            }
            SurveyResponse.objects.create(page=done, form_data=data, invitation=invitation)
            SurveyInvitation.objects.filter(pk=invitation.pk).update(answered_at=now)
    open_survey = _survey(
        parent,
        "令和8年度 協働企業アンケート",
        "partner-company-survey-2026",
        now - datetime.timedelta(days=3),
        now + datetime.timedelta(days=30),
    )
    for i in range(20):
        SurveyInvitation.issue(open_survey, f"company-demo-{i}@example.jp", "令和8年度 協働企業")
    member = Member.objects.order_by("pk").first()
    Hearing.objects.create(
        held_on=now.date() - datetime.timedelta(days=40),
        interviewee=member.name if member else "修了 花子",
        organisation=member.affiliation if member else "株式会社サンプル",
        member=member,
        interviewer="運営事務局",
        notes="協働先での需要予測の取り組みが社内展開された経緯を伺った。",
    )
    Hearing.objects.create(
        held_on=now.date() - datetime.timedelta(days=20),
        interviewee="協働企業 代表取締役",
        organisation="株式会社みらい製作所",
        interviewer="運営事務局",
        notes="受け入れ体制と、修了生チームの提案の実装状況について。",
    )
    answered = SurveyResponse.objects.filter(page=done).count()
    command.log(f"surveys: {answered} answers to the closed one, one open; 2 hearings")

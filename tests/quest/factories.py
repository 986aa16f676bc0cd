import datetime

import factory
import wagtail_factories
from django.utils import timezone

from quest.models import (
    InterviewIndexPage,
    InterviewPage,
    Operator,
    ProgrammeIndexPage,
    ProgrammePage,
    QuestHomePage,
    RecruitmentRound,
)


class OperatorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"運営事業者{n}")
    kind = "regional"
    regions = ["13"]

    class Meta:
        model = Operator


class RecruitmentRoundFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"令和{n + 6}年度")
    announcement_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    applications_open_at = factory.LazyAttribute(lambda r: r.announcement_at)
    applications_close_at = factory.LazyAttribute(
        lambda r: r.announcement_at + datetime.timedelta(days=30)
    )

    class Meta:
        model = RecruitmentRound


class QuestHomePageFactory(wagtail_factories.PageFactory):
    title = "マナビDX Quest"
    slug = "quest"

    class Meta:
        model = QuestHomePage


class ProgrammeIndexPageFactory(wagtail_factories.PageFactory):
    title = "プログラム一覧"
    slug = "programmes"

    class Meta:
        model = ProgrammeIndexPage


class ProgrammePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"地域企業協働プログラム{n}")
    kind = "regional"
    operator = factory.SubFactory(OperatorFactory)
    recruitment_round = factory.SubFactory(RecruitmentRoundFactory)
    summary = "地域の中小企業と協働してDXの課題に取り組みます。"
    schedule = "2026年1月〜3月"
    min_weekly_hours = 6

    class Meta:
        model = ProgrammePage


class InterviewIndexPageFactory(wagtail_factories.PageFactory):
    title = "修了生インタビュー"
    slug = "interviews"

    class Meta:
        model = InterviewIndexPage


class InterviewPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"インタビュー{n}")
    interviewee = "山田 花子"
    programme_kind = "regional"
    year = 2025

    class Meta:
        model = InterviewPage


def programme_scheduled_for(site, announcement):
    """A programme page (under a new Quest home and programme index) published before its
    round's ``announcement``: the round's rule schedules it, so it is not live yet."""
    programmes = ProgrammeIndexPageFactory(parent=QuestHomePageFactory(parent=site.root_page))
    page = ProgrammePageFactory(
        parent=programmes,
        recruitment_round=RecruitmentRoundFactory(announcement_at=announcement),
        operator=OperatorFactory(),
        live=False,
    )
    page.refresh_from_db()
    page.save_revision().publish()
    page.refresh_from_db()
    return page

"""Index pages list only the children anyone may open: a private page's title and summary
stay behind its restriction (found while reviewing the page cache)."""

import pytest
from wagtail.models import PageViewRestriction

from tests.quest.factories import (
    InterviewIndexPageFactory,
    InterviewPageFactory,
    OperatorFactory,
    ProgrammePageFactory,
    RecruitmentRoundFactory,
)

pytestmark = pytest.mark.django_db


def make_private(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


def test_the_programme_index_leaves_out_a_private_programme(client, quest_tree):
    round_ = RecruitmentRoundFactory()
    shown = ProgrammePageFactory(
        parent=quest_tree["programmes"], recruitment_round=round_, operator=OperatorFactory(),
        title="公開のプログラム",
    )  # fmt: skip
    hidden = ProgrammePageFactory(
        parent=quest_tree["programmes"], recruitment_round=round_, operator=OperatorFactory(),
        title="関係者限定のプログラム",
    )  # fmt: skip
    make_private(hidden)
    html = client.get(quest_tree["programmes"].url).content.decode()
    assert shown.title in html
    assert hidden.title not in html


def test_the_interview_index_leaves_out_a_private_interview(client, quest_tree):
    index = InterviewIndexPageFactory(parent=quest_tree["home"])
    shown = InterviewPageFactory(parent=index, title="公開のインタビュー", year=2025)
    hidden = InterviewPageFactory(parent=index, title="非公開のインタビュー", year=2019)
    make_private(hidden)
    html = client.get(index.url).content.decode()
    assert shown.title in html
    assert hidden.title not in html
    assert ">2019<" not in html  # nor its year among the filters

"""A small catalogue whose facet counts are worked out by hand in the tests."""

import datetime

import pytest

from catalogue import services
from catalogue.models import Course, Exam, Role, Subsidy
from tests.catalogue.factories import (
    CourseFactory,
    PartnerFactory,
    SecretariatUserFactory,
    list_course,
)


def role(code):
    return Role.objects.get(code=code)


@pytest.fixture
def catalogue_data(db, django_capture_on_commit_callbacks):
    # The after-commit indexing runs as it does after a real commit (the test's transaction
    # never commits), so the database backend searches what publication stored.
    with django_capture_on_commit_callbacks(execute=True):
        return _make_catalogue()


def _make_catalogue():
    p1 = PartnerFactory(name="株式会社データ学院")
    p2 = PartnerFactory(name="クラウド研修株式会社")
    courses = {
        "A": dict(
            partner=p1,
            title="データサイエンス入門",
            summary="Pythonでデータ分析の基礎を学ぶ",
            level=2,
            fee_type="free",
            fee_yen=0,
            study_hours="0.5",
            delivery="on_demand",
            roles=[role("data-engineer")],
            subsidies=[Subsidy.objects.get(code="benefit-general")],
            exams=[Exam.objects.get(code="it-passport")],
        ),
        "B": dict(
            partner=p1,
            title="データ分析実践",
            summary="業務データを使った実践演習",
            level=3,
            fee_type="paid",
            fee_yen=55000,
            study_hours="12",
            delivery="classroom",
            venue_prefecture="13",
            roles=[role("data-engineer"), role("data-business-strategist")],
        ),
        "C": dict(
            partner=p2,
            description="<p>設計演習</p>",
            title="クラウド設計ハンズオン",
            summary="AWSで可用性の高い設計を学ぶ",
            level=3,
            fee_type="paid",
            fee_yen=33000,
            study_hours="5",
            delivery="online_live",
            individual_application=False,
            roles=[role("cloud-engineer-sre")],
        ),
        "D": dict(
            partner=p2,
            description="<p>リテラシー講義</p>",
            title="DXリテラシー基礎",
            summary="すべての社会人のためのDX入門",
            level=1,
            course_type="literacy",
            fee_type="free",
            fee_yen=0,
            study_hours="1",
            delivery="on_demand",
            subsidies=[Subsidy.objects.get(code="reskill-certified")],
        ),
        "E": dict(
            partner=p2,
            description="<p>&lt;b&gt;太字&lt;/b&gt;</p>",
            title="<script>alert(1)</script>",
            summary="script タグを含む講座名",
            level=4,
            fee_type="partly_free",
            fee_yen=1000,
            study_hours="20",
            delivery="hybrid",
            venue_prefecture="27",
            roles=[role("backend-engineer")],
        ),
    }
    created = {key: list_course(CourseFactory(**fields)) for key, fields in courses.items()}

    # Never searchable: a draft, a suspended and an expired course, all about データ.
    CourseFactory(partner=p1, title="データ下書き講座")
    suspended = list_course(CourseFactory(partner=p1, title="データ停止中講座"))
    services.suspend_listing(suspended, SecretariatUserFactory(), "a", "調査中")
    expired = list_course(CourseFactory(partner=p1, title="データ期限切れ講座"))
    Course.objects.filter(pk=expired.pk).update(
        listed_until=datetime.date.today() - datetime.timedelta(days=1)
    )
    return {"courses": created, "p1": p1, "p2": p2}


@pytest.fixture(autouse=True)
def fresh_synonyms():
    """Each test's transaction is rolled back without delete signals: start from an empty cache."""
    from search.models import clear_synonym_cache

    clear_synonym_cache()
    yield
    clear_synonym_cache()

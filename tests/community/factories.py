import factory

from community.models import (
    Assertion,
    BadgeAlignment,
    BadgeClass,
    Cohort,
    Completion,
    Enrolment,
    Issuer,
    Member,
)
from community.models.badges import recipient_hash


class CohortFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"令和{n + 4}年度 ケーススタディ")
    layer = 2
    fiscal_year = factory.Sequence(lambda n: 2022 + n)

    class Meta:
        model = Cohort


class MemberFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"修了 太郎{n}")
    name_kana = factory.Sequence(lambda n: f"しゅうりょう たろう{n}")
    email = factory.Sequence(lambda n: f"member{n}@example.jp")
    prefecture = "13"
    affiliation = "株式会社サンプル"

    class Meta:
        model = Member


class CompletionFactory(factory.django.DjangoModelFactory):
    member = factory.SubFactory(MemberFactory)
    cohort = factory.SubFactory(CohortFactory)

    class Meta:
        model = Completion


class EnrolmentFactory(factory.django.DjangoModelFactory):
    member = factory.SubFactory(MemberFactory)
    state = "invited"

    class Meta:
        model = Enrolment


class IssuerFactory(factory.django.DjangoModelFactory):
    name = "マナビDX Quest 運営事務局"
    url = "https://manabi-dx.example.jp/"
    email = "badges@example.jp"

    class Meta:
        model = Issuer


class BadgeClassFactory(factory.django.DjangoModelFactory):
    issuer = factory.SubFactory(IssuerFactory)
    slug = factory.Sequence(lambda n: f"case-study-{n}")
    name = factory.Sequence(lambda n: f"ケーススタディ教育プログラム修了{n}")
    layer = 2
    description = "マナビDX Quest ケーススタディ教育プログラムを修了したことを示します。"
    criteria = "全ての課題を提出し、最終発表を行ったこと。"

    class Meta:
        model = BadgeClass


class BadgeAlignmentFactory(factory.django.DjangoModelFactory):
    badge_class = factory.SubFactory(BadgeClassFactory)
    target_name = "データサイエンティスト"
    target_url = "https://www.ipa.go.jp/jinzai/skill-standard/dss/"

    class Meta:
        model = BadgeAlignment


class AssertionFactory(factory.django.DjangoModelFactory):
    badge_class = factory.SubFactory(BadgeClassFactory)
    member = factory.SubFactory(MemberFactory)
    recipient_identity = factory.LazyAttribute(lambda a: recipient_hash(a.member.email, a.salt))
    salt = "0123456789abcdef0123456789abcdef"
    status_index = factory.Sequence(lambda n: n)

    class Meta:
        model = Assertion

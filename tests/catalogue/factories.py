import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalogue.models import (
    Course,
    Partner,
    PartnerMember,
    PerformanceReport,
    PerformanceReportRow,
    Role,
    SkillStandard,
)
from catalogue.permissions import PARTNER_GROUP, SECRETARIAT_GROUP
from catalogue.validators import corporate_number_check_digit


def corporate_number(n):
    base = f"{n:012d}"
    return f"{corporate_number_check_digit(base)}{base}"


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.jp")
    password = factory.django.Password("pw")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


class SecretariatUserFactory(UserFactory):
    groups = factory.PostGeneration(
        lambda user, create, extracted, **kw: user.groups.add(
            Group.objects.get(name=SECRETARIAT_GROUP)
        )
    )


class PartnerFactory(factory.django.DjangoModelFactory):
    corporate_number = factory.Sequence(lambda n: corporate_number(1000000 + n))
    name = factory.Sequence(lambda n: f"株式会社デジタル学習{n}")
    name_kana = factory.Sequence(lambda n: f"デジタルガクシュウ{n}")
    prefecture = "13"
    address = "千代田区霞が関1-3-1"
    website = "https://example.jp/"
    contact_name = "山田 太郎"
    contact_email = factory.Sequence(lambda n: f"contact{n}@partner.example.jp")
    contact_phone = "03-0000-0000"
    live = True

    class Meta:
        model = Partner


class PartnerUserFactory(UserFactory):
    groups = factory.PostGeneration(
        lambda user, create, extracted, **kw: user.groups.add(Group.objects.get(name=PARTNER_GROUP))
    )

    @factory.post_generation
    def partner(self, create, extracted, **kwargs):
        if extracted is not None:
            PartnerMember.objects.create(user=self, partner=extracted)


def standard(family):
    return SkillStandard.objects.filter(family=family).first()


class CourseFactory(factory.django.DjangoModelFactory):
    partner = factory.SubFactory(PartnerFactory)
    title = factory.Sequence(lambda n: f"実践データサイエンス講座 {n}")
    summary = "データ分析の基礎から実務での活用までを学ぶ"
    description = "<p>Pythonを使ったデータ分析を演習形式で学びます。</p>"
    url = "https://example.jp/course"
    level = 2
    course_type = Course.CourseType.PRACTICAL
    fee_type = Course.FeeType.PAID
    fee_yen = 55000
    study_hours = 12
    delivery = Course.Delivery.ON_DEMAND
    live = False

    class Meta:
        model = Course
        skip_postgeneration_save = True

    @factory.post_generation
    def standards(self, create, extracted, **kwargs):
        family = SkillStandard.Family.DSS_L if self.level == 1 else SkillStandard.Family.DSS_P
        self.standards.set(extracted if extracted is not None else [standard(family)])

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            self.roles.set(extracted)

    @factory.post_generation
    def subsidies(self, create, extracted, **kwargs):
        if extracted:
            self.subsidies.set(extracted)

    @factory.post_generation
    def exams(self, create, extracted, **kwargs):
        if extracted:
            self.exams.set(extracted)

    @factory.post_generation
    def commit_relations(self, create, extracted, **kwargs):
        # Parental many-to-many values reach the database on save.
        if create:
            self.save()


def list_course(course, user=None):
    """Take a course through approval and publication, as a reviewer would."""
    revision = course.save_revision(user=user)
    type(course).objects.filter(pk=course.pk).update(approved_revision=revision)
    course.approved_revision = revision
    revision.publish(user=user)
    course.refresh_from_db()
    return course


def listed_course(**kwargs):
    return list_course(CourseFactory(**kwargs))


class PerformanceReportFactory(factory.django.DjangoModelFactory):
    course = factory.SubFactory(CourseFactory)
    period_start = factory.Faker("date_object")
    period_end = factory.LazyAttribute(lambda r: r.period_start)
    sessions_held = 2

    class Meta:
        model = PerformanceReport


class PerformanceReportRowFactory(factory.django.DjangoModelFactory):
    report = factory.SubFactory(PerformanceReportFactory)
    prefecture = "13"
    gender = "female"
    learners = 10
    completers = 8

    class Meta:
        model = PerformanceReportRow


def first_role():
    return Role.objects.order_by("sort_order").first()


# --- reports (#13) ------------------------------------------------------------------------------


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"令和8年度 上期 {n}")
    period_start = datetime.date(2026, 4, 1)
    period_end = datetime.date(2026, 9, 30)
    due_date = datetime.date(2026, 10, 31)

    class Meta:
        model = "catalogue.ReportingPeriod"


class ReportingItemFactory(factory.django.DjangoModelFactory):
    period = factory.SubFactory(ReportingPeriodFactory)
    label = "受講者の業種の内訳"
    kind = "text"
    required = True

    class Meta:
        model = "catalogue.ReportingItem"

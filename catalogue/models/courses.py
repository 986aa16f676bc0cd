"""Courses: moderated snippets that partners submit and the secretariat lists for 3 years."""

import datetime
import functools
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from manabi.prefectures import Prefecture
from manabi.publication import ModeratedPublishRuleMixin
from manabi.rich_text import SafeRichTextField

from ..taxonomy_values import study_time_bucket
from ..validators import http_url_validator, validate_single_line
from .partners import Partner
from .publication import PublicationRuleMixin
from .taxonomy import Exam, ReskillField, Role, SkillCategory, SkillStandard, Subsidy

SUMMARY_MAX_LENGTH = 60


def course_page_url(pk):
    """The course page's path, as ``reverse("catalogue:course_detail", args=[pk])``.

    Lists and search hits show 20–100 of them a response; one ``reverse()`` each
    cost more than the rest of the item. The path differs only by the id, so it is
    reversed once per script prefix and URL configuration.
    """
    head, tail = _course_page_url_parts(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return f"{head}{pk}{tail}"


@functools.lru_cache(maxsize=16)
def _course_page_url_parts(script_prefix, urlconf):
    marker = "987654321"
    head, tail = reverse("catalogue:course_detail", args=[marker], urlconf=urlconf).split(marker)
    return head, tail


class CourseQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def listed(self, today=None):
        """Live courses whose listing is active and not past its end date: what learners see."""
        today = today or timezone.localdate()
        return self.filter(
            live=True,
            listing_state=Course.ListingState.ACTIVE,
            partner__live=True,
        ).filter(models.Q(listed_until__isnull=True) | models.Q(listed_until__gte=today))


class Course(
    ModeratedPublishRuleMixin,
    PublicationRuleMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    class Level(models.IntegerChoices):
        LEVEL_1 = 1, _("Level 1")
        LEVEL_2 = 2, _("Level 2")
        LEVEL_3 = 3, _("Level 3")
        LEVEL_4 = 4, _("Level 4")

    class CourseType(models.TextChoices):
        LITERACY = "literacy", _("Digital literacy course")
        PRACTICAL = "practical", _("Digital practice course")

    class FeeType(models.TextChoices):
        FREE = "free", _("Free")
        PAID = "paid", _("Paid")
        PARTLY_FREE = "partly_free", _("Partly free")

    class Delivery(models.TextChoices):
        ONLINE_LIVE = "online_live", _("Online (live)")
        ON_DEMAND = "on_demand", _("On demand")
        CLASSROOM = "classroom", _("Classroom")
        HYBRID = "hybrid", _("Hybrid")

    class Language(models.TextChoices):
        JAPANESE = "ja", _("Japanese")
        ENGLISH = "en", _("English")
        OTHER = "other", _("Other")

    class ListingState(models.TextChoices):
        ACTIVE = "active", _("Listed")
        SUSPENDED = "suspended", _("Suspended")
        CANCELLED = "cancelled", pgettext_lazy("listing state", "Cancelled")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(
        pgettext_lazy("course", "title"), max_length=200, validators=[validate_single_line]
    )
    summary = models.CharField(
        _("summary"),
        max_length=SUMMARY_MAX_LENGTH,
        validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH), validate_single_line],
        help_text=_("At most 60 characters."),
    )
    description = SafeRichTextField(_("description"), features=["h3", "bold", "ol", "ul", "link"])
    url = models.URLField(_("course URL"), max_length=500, validators=[http_url_validator])
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    course_type = models.CharField(_("course type"), max_length=20, choices=CourseType.choices)
    standards = ParentalManyToManyField(
        SkillStandard, verbose_name=_("skill standards"), blank=True
    )
    roles = ParentalManyToManyField(Role, verbose_name=_("DSS-P roles"), blank=True)
    skill_categories = ParentalManyToManyField(
        SkillCategory, verbose_name=_("skill categories"), blank=True
    )
    reskill_fields = ParentalManyToManyField(
        ReskillField, verbose_name=_("Reskill fields"), blank=True
    )
    fee_yen = models.PositiveIntegerField(_("fee (yen, tax included)"), default=0)
    fee_type = models.CharField(_("fee type"), max_length=20, choices=FeeType.choices)
    study_hours = models.DecimalField(
        _("standard study hours"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)
    venue_prefecture = models.CharField(
        _("prefecture of delivery"),
        max_length=2,
        choices=Prefecture.choices,
        blank=True,
        help_text=_("For classroom and hybrid courses."),
    )
    individual_application = models.BooleanField(_("individuals may apply"), default=True)
    subsidies = ParentalManyToManyField(Subsidy, verbose_name=_("subsidies"), blank=True)
    reskill_certified_until = models.DateField(
        _("Reskill certification valid until"), null=True, blank=True
    )
    exams = ParentalManyToManyField(Exam, verbose_name=_("related exams"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.JAPANESE
    )
    prerequisites = models.TextField(_("prerequisites"), blank=True)

    listing_state = models.CharField(
        _("listing state"),
        max_length=20,
        choices=ListingState.choices,
        default=ListingState.ACTIVE,
        editable=False,
    )
    listed_from = models.DateField(_("listed from"), null=True, blank=True, editable=False)
    listed_until = models.DateField(_("listed until"), null=True, blank=True, editable=False)
    expiry_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by 「掲載を更新」: the next approved publication extends the period (catalogue.renewal).
    renewal_requested_at = models.DateTimeField(
        _("renewal requested at"), null=True, blank=True, editable=False
    )
    approved_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("approved revision"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CourseQuerySet.as_manager()

    panels = [
        FieldPanel("partner"),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("url"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("level"), FieldPanel("course_type")]),
                FieldPanel("standards"),
                FieldPanel("roles"),
                FieldPanel("skill_categories"),
                FieldPanel("reskill_fields"),
            ],
            heading=_("Level and skill standards"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("fee_type"), FieldPanel("fee_yen")]),
                FieldRowPanel([FieldPanel("study_hours"), FieldPanel("delivery")]),
                FieldRowPanel([FieldPanel("venue_prefecture"), FieldPanel("language")]),
                FieldPanel("individual_application"),
                FieldPanel("capacity"),
                FieldPanel("schedule"),
                FieldPanel("prerequisites"),
            ],
            heading=_("Fee, hours and delivery"),
        ),
        MultiFieldPanel(
            [FieldPanel("subsidies"), FieldPanel("reskill_certified_until"), FieldPanel("exams")],
            heading=_("Subsidies and exams"),
        ),
    ]

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.RelatedFields("partner", [index.SearchField("name")]),
        index.FilterField("live"),
        index.FilterField("level"),
        index.FilterField("partner"),
        index.FilterField("listing_state"),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-updated_at", "-pk"]
        # Declared here (Wagtail would add them after migrating) so that the
        # migration creating the groups can grant them.
        permissions = [
            ("publish_course", "Can publish course"),
            ("lock_course", "Can lock course"),
            ("unlock_course", "Can unlock course"),
        ]
        indexes = [models.Index(fields=["live", "listing_state", "listed_until"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return course_page_url(self.pk)

    @property
    def study_time_bucket(self):
        return study_time_bucket(self.study_hours)

    def clean(self):
        super().clean()
        errors = {}
        if self.fee_type == self.FeeType.FREE and self.fee_yen not in (0, None):
            errors["fee_yen"] = _("A free course has a fee of 0 yen.")
        if self.fee_type == self.FeeType.PAID and not self.fee_yen:
            errors["fee_yen"] = _("A paid course needs a fee of more than 0 yen.")
        if self.level == self.Level.LEVEL_1 and self.course_type == self.CourseType.PRACTICAL:
            errors["course_type"] = _("A level 1 course is a digital literacy course.")
        if self.level and self.level > 1 and self.course_type == self.CourseType.LITERACY:
            errors["course_type"] = _("Levels 2 to 4 are digital practice courses.")
        if (
            self.delivery in (self.Delivery.CLASSROOM, self.Delivery.HYBRID)
            and not self.venue_prefecture
        ):
            errors["venue_prefecture"] = _("Choose the prefecture where the course is held.")
        if errors:
            raise ValidationError(errors)

    def clean_standards(self, standards):
        """Level ↔ standard rule; called by the admin form once the M2M values are known."""
        if not standards:
            raise ValidationError(
                {"standards": _("Choose the skill standards this course teaches.")}
            )
        literacy = [s for s in standards if s.family == SkillStandard.Family.DSS_L]
        others = [s for s in standards if s.family != SkillStandard.Family.DSS_L]
        if self.level == self.Level.LEVEL_1 and others:
            raise ValidationError(
                {"standards": _("A level 1 course maps to the DX Literacy Standard (DSS-L) only.")}
            )
        if self.level and self.level > 1 and literacy:
            raise ValidationError(
                {
                    "standards": _(
                        "Levels 2 to 4 map to the DX Promotion Skill Standard (DSS-P), ITSS or ITSS+, not DSS-L."
                    )
                }
            )

    # Preview: the public page as it would look.
    def get_preview_template(self, request, mode_name):
        return "catalogue/course_detail.html"

    def get_preview_context(self, request, mode_name):
        return {"course": self, "is_preview": True}

    @property
    def listing_days_left(self):
        if not self.listed_until:
            return None
        return (self.listed_until - timezone.localdate()).days

    def listing_end_for(self, start: datetime.date, years: int):
        """End of the listing that starts on ``start``: N years, or the Reskill certification period."""
        try:
            end = start.replace(year=start.year + years)
        except ValueError:  # 29 February
            end = start.replace(year=start.year + years, day=28)
        if self.reskill_certified_until and self.reskill_certified_until > end:
            return self.reskill_certified_until
        return end

"""Taxonomies as versioned data: the standards are revised (DSS ver.2.0 appeared in 2026),
so each value belongs to a standard version and new versions are added in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class TaxonomyBase(index.Indexed, models.Model):
    """A named value with a stable code (used in URLs and facets) and an order."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("code"),
        index.AutocompleteField("name"),
        index.FilterField("sort_order"),  # the default ordering, which search results keep
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class SkillStandard(TaxonomyBase):
    """DSS-L, DSS-P, ITSS or ITSS+ at one version."""

    class Family(models.TextChoices):
        DSS_L = "dss-l", _("DX Literacy Standard (DSS-L)")
        DSS_P = "dss-p", _("DX Promotion Skill Standard (DSS-P)")
        ITSS = "itss", _("IT Skill Standard (ITSS)")
        ITSS_PLUS = "itss-plus", _("ITSS+")

    family = models.CharField(_("family"), max_length=20, choices=Family.choices)
    version = models.CharField(_("version"), max_length=20)
    is_current = models.BooleanField(
        _("current version"),
        default=True,
        help_text=_("New courses choose from current versions only."),
    )

    panels = [
        FieldPanel("family"),
        FieldPanel("name"),
        FieldPanel("version"),
        FieldPanel("code"),
        FieldPanel("is_current"),
        FieldPanel("sort_order"),
    ]

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("skill standard")
        verbose_name_plural = _("skill standards")
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="unique_standard_version")
        ]

    def __str__(self):
        return f"{self.name} ver.{self.version}"

    @property
    def is_literacy(self):
        return self.family == self.Family.DSS_L


class RoleCategory(TaxonomyBase):
    """A DSS-P person type (人材類型), e.g. データサイエンティスト."""

    standard = models.ForeignKey(
        SkillStandard,
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        related_name="role_categories",
    )

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("role category")
        verbose_name_plural = _("role categories")


class Role(TaxonomyBase):
    """A DSS-P role (ロール), e.g. データエンジニア."""

    category = models.ForeignKey(
        RoleCategory,
        verbose_name=_("role category"),
        on_delete=models.PROTECT,
        related_name="roles",
    )

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("role")
        verbose_name_plural = _("roles")


class SkillCategory(TaxonomyBase):
    """A skill category of a standard: DSS-P categories, or DSS-L items (マインド・スタンス, Why …)."""

    standard = models.ForeignKey(
        SkillStandard,
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        related_name="skill_categories",
    )

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("skill category")
        verbose_name_plural = _("skill categories")


class ReskillField(TaxonomyBase):
    """A field of the Reスキル (第四次産業革命スキル習得講座) certification; fields may nest."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("Reskill field")
        verbose_name_plural = _("Reskill fields")

    def __str__(self):
        return f"{self.parent.name}：{self.name}" if self.parent_id else self.name


class Exam(TaxonomyBase):
    """A related qualification exam, e.g. ITパスポート試験."""

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("related exam")
        verbose_name_plural = _("related exams")


class Subsidy(TaxonomyBase):
    """A public subsidy a course is eligible for (教育訓練給付 …, Reスキル certification)."""

    is_reskill_certification = models.BooleanField(
        _("is the Reskill certification"),
        default=False,
        help_text=_("Courses with this subsidy stay listed for their certification period."),
    )

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("subsidy")
        verbose_name_plural = _("subsidies")

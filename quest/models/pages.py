"""The マナビDX Quest page tree."""

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from manabi.prefectures import Prefecture
from manabi.publication import ModeratedPublishRuleMixin

from ..blocks import QuestStreamBlock
from .operators import ProgrammeKind


class RegionsForm(WagtailAdminPageForm):
    """Regions are prefecture codes kept as a list; editors tick prefectures."""

    regions = forms.MultipleChoiceField(
        label=_("Regions"),
        choices=Prefecture.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_regions(self):
        # Kept in JIS X 0401 order (north to south): the first code orders the programme lists.
        return sorted(set(self.cleaned_data.get("regions") or []))


class QuestHomePage(ModeratedPublishRuleMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(QuestStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    api_fields = [APIField("introduction"), APIField("body")]
    parent_page_types = ["manabi.HomePage"]
    subpage_types = [
        "quest.ProgrammeIndexPage",
        "quest.InterviewIndexPage",
        "quest.LeafletIndexPage",
        "quest.MaterialIndexPage",
        "manabi.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("Quest home page")


class ProgrammeIndexPage(ModeratedPublishRuleMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    api_fields = [APIField("introduction")]
    parent_page_types = ["quest.QuestHomePage"]
    subpage_types = ["quest.ProgrammePage"]
    max_count = 1

    class Meta:
        verbose_name = _("programme index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = ProgrammePage.north_to_south(
            ProgrammePage.objects.live()
            .public()
            .child_of(self)
            .select_related("operator", "recruitment_round")
        )
        return context


class ProgrammePage(ModeratedPublishRuleMixin, Page):
    """One operator's programme in one recruitment round."""

    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    operator = models.ForeignKey(
        "quest.Operator",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    recruitment_round = models.ForeignKey(
        "quest.RecruitmentRound",
        verbose_name=_("recruitment round"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    regions = models.JSONField(_("regions"), default=list, blank=True)
    summary = models.TextField(_("summary"), max_length=300)
    schedule = models.CharField(
        _("schedule"), max_length=200, help_text=_("e.g. January to March 2026")
    )
    requires_layer2_completion = models.BooleanField(
        _("layer-2 completion required"), default=False
    )
    min_weekly_hours = models.PositiveSmallIntegerField(_("hours a week at least"), default=6)
    commitment = models.TextField(_("commitment to finish"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    roles = ParentalManyToManyField(
        "catalogue.Role",
        verbose_name=_("DSS-P roles developed"),
        blank=True,
        help_text=_("The DX Skill Standard (DSS-P) roles this programme develops."),
    )
    skill_categories = ParentalManyToManyField(
        "catalogue.SkillCategory",
        verbose_name=_("DSS-P skills developed"),
        blank=True,
    )
    body = StreamField(QuestStreamBlock(), blank=True, verbose_name=_("body"))

    base_form_class = RegionsForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("operator"),
                FieldPanel("recruitment_round"),
                FieldPanel("regions"),
            ],
            heading=_("Programme"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("schedule"),
                FieldRowPanel([FieldPanel("min_weekly_hours"), FieldPanel("capacity")]),
                FieldPanel("requires_layer2_completion"),
                FieldPanel("commitment"),
            ],
            heading=_("Schedule and eligibility"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("roles", widget=forms.CheckboxSelectMultiple),
                FieldPanel("skill_categories", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Roles and skills developed"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.FilterField("kind")]
    api_fields = [
        APIField("kind"),
        APIField("operator_name"),
        APIField("recruitment_round_name"),
        APIField("regions"),
        APIField("summary"),
        APIField("schedule"),
        APIField("requires_layer2_completion"),
        APIField("min_weekly_hours"),
        APIField("capacity"),
        APIField("dssp_roles"),
        APIField("dssp_skills"),
        APIField("body"),
    ]
    parent_page_types = ["quest.ProgrammeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("programme page")
        verbose_name_plural = _("programme pages")

    @property
    def operator_name(self):
        return self.operator.name

    @property
    def recruitment_round_name(self):
        return self.recruitment_round.name

    @property
    def dssp_roles(self):
        """The DSS-P roles it develops, for the API: code, name and role category."""
        return [
            {"code": role.code, "name": role.name, "category": role.category.name}
            for role in self.roles.all()
        ]

    @property
    def dssp_skills(self):
        """The DSS-P skill categories it develops, for the API."""
        return [{"code": c.code, "name": c.name} for c in self.skill_categories.all()]

    @staticmethod
    def north_to_south(queryset):
        """Programmes by region north to south (JIS X 0401 order), then by name.

        Regions are stored sorted, so the first code is the northernmost;
        nationwide programmes (no region) come first.
        """
        return queryset.annotate(first_region=KT("regions__0")).order_by(
            F("first_region").asc(nulls_first=True), "title", "pk"
        )

    def save(self, *args, **kwargs):
        self.regions = sorted(set(self.regions or []))
        return super().save(*args, **kwargs)

    def region_names(self):
        labels = dict(Prefecture.choices)
        return [labels.get(code, code) for code in self.regions]

    def with_content_json(self, content):
        """The fairness rule, on every publication path: never live before the announcement.

        Publishing (from the editor, on workflow approval, through the API)
        builds the page from a revision here; a go-live moment before the
        round's announcement becomes the announcement itself, so Wagtail
        schedules the page instead of publishing it.
        """
        page = super().with_content_json(content)
        announcement = page.recruitment_round.announcement_at
        if announcement > timezone.now() and (
            page.go_live_at is None or page.go_live_at < announcement
        ):
            page.go_live_at = announcement
        return page


class InterviewTag(TaggedItemBase):
    content_object = ParentalKey(
        "quest.InterviewPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class InterviewIndexPage(ModeratedPublishRuleMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    api_fields = [APIField("introduction")]
    parent_page_types = ["quest.QuestHomePage"]
    subpage_types = ["quest.InterviewPage"]
    max_count = 1
    PER_PAGE = 12

    class Meta:
        verbose_name = _("interview index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.interview_listing(request))
        return context

    # (query parameter, lookup) of the listing's filters.
    FILTERS = (
        ("kind", "programme_kind"),
        ("region", "region"),
        ("year", "year"),
        ("tag", "tags__name"),
    )

    def interview_listing(self, request):
        """Interviews under this index, filtered by programme kind, region, year and tag, 12 a page."""
        interviews = (
            InterviewPage.objects.live()
            .public()
            .child_of(self)
            .select_related("hero_image")
            .order_by("-year", "-first_published_at")
        )
        filters = {}
        for name, lookup in self.FILTERS:
            value = request.GET.get(name, "").strip()
            if value:
                if name == "year" and not value.isdigit():
                    continue
                filters[name] = value
                interviews = interviews.filter(**{lookup: value})
        interviews = interviews.distinct().prefetch_related("tags")
        page = Paginator(interviews, self.PER_PAGE).get_page(request.GET.get("page"))
        years = (
            InterviewPage.objects.live()
            .public()
            .child_of(self)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return {"interviews": page, "filters": filters, "years": list(years)}


class InterviewPage(ModeratedPublishRuleMixin, Page):
    """A success story: a completer, the company they worked with, what changed."""

    interviewee = models.CharField(_("interviewee"), max_length=100)
    role_title = models.CharField(_("role"), max_length=100, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=2, choices=Prefecture.choices, blank=True)
    programme_kind = models.CharField(_("programme"), max_length=20, choices=ProgrammeKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    pull_quote = models.TextField(_("pull quote"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(QuestStreamBlock(), blank=True, verbose_name=_("body"))
    tags = ClusterTaggableManager(through=InterviewTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("interviewee"),
                FieldPanel("role_title"),
                FieldPanel("company"),
                FieldRowPanel(
                    [FieldPanel("region"), FieldPanel("programme_kind"), FieldPanel("year")]
                ),
            ],
            heading=_("Interviewee"),
        ),
        FieldPanel("pull_quote"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("interviewee"),
        index.SearchField("company"),
    ]
    api_fields = [
        APIField("interviewee"),
        APIField("role_title"),
        APIField("company"),
        APIField("region"),
        APIField("programme_kind"),
        APIField("year"),
        APIField("pull_quote"),
        APIField("hero_image"),
        APIField(
            "hero_image_thumbnail",
            serializer=ImageRenditionField("fill-640x360", source="hero_image"),
        ),
        APIField("body"),
    ]
    parent_page_types = ["quest.InterviewIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("interview page")


class LeafletIndexPage(ModeratedPublishRuleMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    api_fields = [APIField("introduction")]
    parent_page_types = ["quest.QuestHomePage"]
    subpage_types = ["quest.LeafletPage"]
    max_count = 1

    class Meta:
        verbose_name = _("leaflet index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["leaflets"] = (
            LeafletPage.objects.live()
            .public()
            .child_of(self)
            .select_related("document", "cover_image")
            .order_by("-year", "title")
        )
        return context


class LeafletPage(ModeratedPublishRuleMixin, Page):
    class Language(models.TextChoices):
        JAPANESE = "ja", _("Japanese")
        ENGLISH = "en", _("English")

    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("PDF"), on_delete=models.PROTECT, related_name="+"
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.JAPANESE
    )
    description = models.TextField(_("description"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("document"),
        FieldPanel("cover_image"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("language")]),
        FieldPanel("description"),
    ]
    api_fields = [
        APIField("document"),
        APIField("cover_image"),
        APIField("year"),
        APIField("language"),
        APIField("description"),
    ]
    parent_page_types = ["quest.LeafletIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("leaflet page")


class MaterialIndexPage(ModeratedPublishRuleMixin, Page):
    """Case-study materials: three types across six themes."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        InlinePanel("materials", label=_("material")),
    ]
    api_fields = [APIField("introduction"), APIField("materials")]
    parent_page_types = ["quest.QuestHomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("material index page")


class Material(Orderable):
    class MaterialType(models.TextChoices):
        CASE_DOCUMENT = "case_document", _("Case document")
        DATASET = "dataset", _("Exercise dataset")
        VIDEO = "video", _("Video lecture")

    class Theme(models.TextChoices):
        DEMAND_FORECAST = "demand_forecast", _("Demand forecasting")
        IMAGE_RECOGNITION = "image_recognition", _("Image recognition")
        OPERATIONS = "operations", _("Operational efficiency")
        CUSTOMER_ANALYSIS = "customer_analysis", _("Customer analysis")
        PRODUCTION = "production", _("Production management")
        NEW_BUSINESS = "new_business", _("New business")

    page = ParentalKey(MaterialIndexPage, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    material_type = models.CharField(_("type"), max_length=20, choices=MaterialType.choices)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    description = models.TextField(_("description"))

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("material_type"), FieldPanel("theme")]),
        FieldPanel("description"),
    ]
    api_fields = [
        APIField("title"),
        APIField("material_type"),
        APIField("theme"),
        APIField("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("material")

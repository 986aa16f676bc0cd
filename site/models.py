"""The home page and the site-wide settings every template can read."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import HomeStreamBlock, LinkBlock, PrivacyStreamBlock
from .publication import ModeratedPublishRuleMixin


class HomePage(ModeratedPublishRuleMixin, Page):
    """The root of the public site (マナビDX): sections editors arrange (search, entry points …)."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(HomeStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class StandardPage(ModeratedPublishRuleMixin, Page):
    """A plain content page: privacy policy, terms of use, about the platform.

    The privacy policy uses the blocks that state facts from the data itself
    (which operators receive applications, the retention period), so the
    policy cannot drift from what the system does.
    """

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(PrivacyStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details and the privacy policy, shown in every page's footer."""

    organisation_name = models.CharField(
        _("organisation name"), max_length=200, default="マナビDX 運営事務局"
    )
    privacy_policy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_hours = models.CharField(_("contact hours"), max_length=100, blank=True)

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("privacy_policy_page"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("contact_hours")],
            heading=_("Contact"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The header navigation and the footer links of every page."""

    header_links = StreamField(
        [("link", LinkBlock())], blank=True, verbose_name=_("header navigation")
    )
    footer_links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("footer links"))

    panels = [FieldPanel("header_links"), FieldPanel("footer_links")]

    class Meta:
        verbose_name = _("navigation")


class ScheduledJobRun(models.Model):
    """One run of a scheduled job in one slot; the unique slot makes it run once on all nodes.

    Every scheduler node tries to insert the row for the slot that is due; the one
    whose insert succeeds runs the job (site/scheduler.py). The rows double as the
    record of what ran, when, where and how it ended.
    """

    class Outcome(models.TextChoices):
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    job = models.CharField(_("job"), max_length=100)
    slot = models.CharField(_("slot"), max_length=32)
    node = models.CharField(_("node"), max_length=200)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.RUNNING
    )
    output = models.TextField(_("output"), blank=True)

    class Meta:
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_job_once_per_slot")
        ]

    def __str__(self):
        return f"{self.job} {self.slot}"

"""Course providers (講座提供事業者) and the users who act for them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from manabi.prefectures import Prefecture
from manabi.publication import ModeratedPublishRuleMixin

from ..validators import http_url_validator, validate_corporate_number, validate_single_line


class Partner(
    ModeratedPublishRuleMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    models.Model,
):
    """A course provider organisation; registration is reviewed (STEP2) and approval publishes it."""

    class CorporateType(models.TextChoices):
        CORPORATION = "corporation", _("Corporation")
        SOLE_PROPRIETOR = "sole_proprietor", _("Sole proprietor")

    # Sole proprietors (個人事業主) have no 法人番号, so the number is optional at the field and
    # required for corporations by ``clean``; uniqueness holds among the numbers given.
    corporate_number = models.CharField(
        _("corporate number"),
        max_length=13,
        blank=True,
        validators=[validate_corporate_number],
        help_text=_(
            "The 13-digit number assigned by the National Tax Agency. "
            "Sole proprietors have none: leave it empty."
        ),
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    name_kana = models.CharField(
        _("name (kana)"), max_length=200, validators=[validate_single_line]
    )
    corporate_type = models.CharField(
        _("corporate type"),
        max_length=20,
        choices=CorporateType.choices,
        default=CorporateType.CORPORATION,
    )
    prefecture = models.CharField(_("prefecture"), max_length=2, choices=Prefecture.choices)
    address = models.CharField(_("address"), max_length=300)
    website = models.URLField(_("website"), validators=[http_url_validator])
    description = models.TextField(_("description"), blank=True)
    contact_name = models.CharField(
        _("contact person"), max_length=100, validators=[validate_single_line]
    )
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(
        _("contact phone"), max_length=30, validators=[validate_single_line]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("corporate_number"),
                FieldPanel("corporate_type"),
                FieldPanel("name"),
                FieldPanel("name_kana"),
                FieldPanel("description"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("prefecture"), FieldPanel("address"), FieldPanel("website")],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Contact (not public)"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_kana"),
        # The admin listing searches by corporate number too (PartnerViewSet.search_fields).
        index.SearchField("corporate_number"),
        index.AutocompleteField("name"),
        index.FilterField("live"),
        # The default ordering, which the search backends sort by.
        index.FilterField("name_kana"),
    ]

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name_kana", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["corporate_number"],
                condition=~models.Q(corporate_number=""),
                name="unique_partner_corporate_number",
                violation_error_message=_("A partner with this corporate number already exists."),
            )
        ]
        permissions = [
            ("publish_partner", "Can publish partner"),
            ("lock_partner", "Can lock partner"),
            ("unlock_partner", "Can unlock partner"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """A corporation is identified by its 法人番号; a sole proprietor has none to give."""
        super().clean()
        if self.corporate_type == self.CorporateType.CORPORATION and not self.corporate_number:
            raise ValidationError(
                {"corporate_number": _("A corporation must enter its 13-digit corporate number.")}
            )
        if self.corporate_type == self.CorporateType.SOLE_PROPRIETOR and self.corporate_number:
            raise ValidationError(
                {
                    "corporate_number": _(
                        "Sole proprietors have no corporate number: leave it empty."
                    )
                }
            )

    @property
    def is_approved(self):
        """Approval of the registration publishes the partner."""
        return self.live


class PartnerMember(models.Model):
    """Links a user to the one partner it acts for, with its gBizID subject.

    ``partner`` is empty between a gBizID user's first sign-in and the registration of its
    organisation: the subject must be remembered from the first sign-in on.
    """

    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="members",
        null=True,
        blank=True,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="partner_membership",
    )
    gbizid_subject = models.CharField(
        _("gBizID subject"),
        max_length=255,
        blank=True,
        help_text=_("The gBizID account identifier."),
    )

    class Meta:
        verbose_name = _("partner member")
        verbose_name_plural = _("partner members")
        constraints = [
            models.UniqueConstraint(
                fields=["gbizid_subject"],
                condition=~models.Q(gbizid_subject=""),
                name="unique_gbizid_subject",
            )
        ]

    def __str__(self):
        return f"{self.partner or '-'} / {self.user}"

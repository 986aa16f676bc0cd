"""Open Badges: the issuer profile, badge classes aligned to DSS-P, and awards (assertions).

One award is published twice: as an Open Badges 2.0 hosted assertion and as an
Open Badges 3.0 OpenBadgeCredential (see community/badges/).
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from .cohorts import Layer


class Issuer(models.Model):
    """The organisation that issues badges (the secretariat); one is enough, more are allowed."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"))
    email = models.EmailField(_("contact e-mail"))
    description = models.TextField(_("description"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("email"),
        FieldPanel("description"),
        FieldPanel("image"),
    ]

    class Meta:
        verbose_name = _("badge issuer")
        verbose_name_plural = _("badge issuers")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class BadgeClass(ClusterableModel):
    """What a badge stands for: one per programme and layer, with its criteria and alignment."""

    issuer = models.ForeignKey(
        Issuer, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="badge_classes"
    )
    slug = models.SlugField(_("slug"), unique=True, allow_unicode=False)
    name = models.CharField(_("name"), max_length=200)
    layer = models.PositiveSmallIntegerField(_("layer"), choices=Layer.choices)
    programme = models.ForeignKey(
        "quest.ProgrammePage",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="badge_classes",
    )
    description = models.TextField(_("description"))
    criteria = models.TextField(
        _("criteria"),
        help_text=_("What a completer did to earn the badge (shown on the criteria page)."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Square PNG; a generated image is used when empty."),
    )
    valid_for_days = models.PositiveIntegerField(
        _("valid for (days)"),
        null=True,
        blank=True,
        help_text=_("Empty: the badge does not expire."),
    )

    panels = [
        FieldPanel("issuer"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("layer"), FieldPanel("programme")]),
        FieldPanel("description"),
        FieldPanel("criteria"),
        FieldPanel("image"),
        FieldPanel("valid_for_days"),
        InlinePanel("alignments", label=_("DSS-P alignment")),
    ]

    class Meta:
        verbose_name = _("badge class")
        verbose_name_plural = _("badge classes")
        ordering = ["layer", "name"]

    def __str__(self):
        return self.name


class BadgeAlignment(Orderable):
    """Alignment to a role or skill of the Digital Skill Standards (DSS-P)."""

    badge_class = ParentalKey(BadgeClass, on_delete=models.CASCADE, related_name="alignments")
    target_name = models.CharField(_("role or skill"), max_length=200)
    target_url = models.URLField(_("URL"))
    target_description = models.CharField(_("description"), max_length=500, blank=True)
    target_framework = models.CharField(
        _("framework"), max_length=200, default="デジタルスキル標準 DX推進スキル標準 (DSS-P)"
    )
    target_code = models.CharField(_("code"), max_length=50, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("target_name"), FieldPanel("target_code")]),
        FieldPanel("target_url"),
        FieldPanel("target_description"),
        FieldPanel("target_framework"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("alignment")

    def __str__(self):
        return self.target_name


def new_salt():
    return secrets.token_hex(16)


def recipient_hash(email, salt):
    """Open Badges hashed identity: 'sha256$' + hex(sha256(lower-cased e-mail + salt))."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return f"sha256${digest}"


class AssertionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class Assertion(models.Model):
    """One award of a badge class to a member.

    The recipient is stored only as a salted hash of the e-mail at award time,
    so the public documents never carry the address. ``status_index`` is the
    award's position in the Bitstring Status List used by the 3.0 credential.
    """

    uid = models.UUIDField(_("ID"), default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(
        BadgeClass,
        verbose_name=_("badge class"),
        on_delete=models.PROTECT,
        related_name="assertions",
    )
    member = models.ForeignKey(
        "community.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="assertions",
    )
    salt = models.CharField(max_length=32, default=new_salt, editable=False)
    recipient_identity = models.CharField(max_length=80, editable=False)
    issued_on = models.DateTimeField(_("issued on"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    evidence_url = models.URLField(_("evidence URL"), blank=True)
    status_index = models.PositiveIntegerField(_("status list index"), unique=True, editable=False)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("awarded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AssertionQuerySet.as_manager()

    class Meta:
        verbose_name = _("awarded badge")
        verbose_name_plural = _("awarded badges")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "member"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_award_per_badge_and_member",
            )
        ]

    def __str__(self):
        return f"{self.badge_class} → {self.member}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    def matches_email(self, email):
        return secrets.compare_digest(recipient_hash(email, self.salt), self.recipient_identity)

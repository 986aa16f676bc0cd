"""Members (completers), what they completed, and their one-time self-service links."""

import hashlib
import secrets
from datetime import timedelta

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from manabi.prefectures import Prefecture

from .cohorts import Cohort, Layer


class MemberQuerySet(models.QuerySet):
    def mailable(self):
        """Members who may receive community mailings: consent given, not withdrawn, not left."""
        return self.filter(
            consent_given_at__isnull=False, consent_withdrawn_at__isnull=True, left_at__isnull=True
        )


class Member(models.Model):
    """A completer. The e-mail (case-insensitive) identifies a person across imports and cohorts."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    name_kana = models.CharField(pgettext_lazy("person", "name (kana)"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"))
    prefecture = models.CharField(
        _("prefecture"), max_length=2, choices=Prefecture.choices, blank=True
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    policy_version = models.CharField(
        _("privacy policy version"),
        max_length=50,
        blank=True,
        help_text=_("The version of the privacy policy the member consented to."),
    )
    left_at = models.DateTimeField(_("left the community at"), null=True, blank=True)
    hide_badge_recipient = models.BooleanField(
        _("hide recipient data on badges"),
        default=False,
        help_text=_(
            "At the member's request, verification pages no longer confirm who holds the badges."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name_kana", "name", "pk"]
        constraints = [models.UniqueConstraint(Lower("email"), name="one_member_per_email")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # One spelling of an address, so the unique constraint and look-ups agree.
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def has_consent(self):
        return self.consent_given_at is not None and self.consent_withdrawn_at is None

    @property
    def is_active(self):
        return self.left_at is None

    def cohort_names(self):
        """The cohorts completed, for lists and exports (prefetch ``completions__cohort``)."""
        return "、".join(c.cohort.name for c in self.completions.all())

    def enrolment_state(self):
        enrolment = getattr(self, "enrolment", None)
        return enrolment.get_state_display() if enrolment else "—"


class Completion(models.Model):
    """A member completed the programme of a cohort (the layer comes from the cohort)."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="completions"
    )
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="completions"
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        ordering = ["cohort__fiscal_year", "cohort__layer"]
        constraints = [
            models.UniqueConstraint(fields=["member", "cohort"], name="one_completion_per_cohort")
        ]

    def __str__(self):
        return f"{self.member} – {self.cohort}"

    @property
    def layer(self):
        return Layer(self.cohort.layer)


def hash_token(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class MemberToken(models.Model):
    """A one-time, expiring link that opens the member's self-service pages.

    Only the SHA-256 of the token is stored: a database leak gives no usable links.
    Opening the link consumes it and starts a short self-service session.
    """

    VALID_FOR = timedelta(days=14)

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="tokens")
    enrolment = models.ForeignKey(
        "community.Enrolment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tokens",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("self-service link")
        verbose_name_plural = _("self-service links")

    def __str__(self):
        return f"{self.member} ({self.expires_at:%Y-%m-%d})"

    @classmethod
    def issue(cls, member, enrolment=None, valid_for=None):
        """Create a link for ``member``; returns (token object, raw token to put in the e-mail)."""
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(
            member=member,
            enrolment=enrolment,
            token_hash=hash_token(raw),
            expires_at=timezone.now() + (valid_for or cls.VALID_FOR),
        )
        return token, raw

    @property
    def is_usable(self):
        return self.used_at is None and self.expires_at > timezone.now()

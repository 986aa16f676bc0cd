"""Enrolment in the community as a small state machine with a dated, attributed history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EnrolmentState(models.TextChoices):
    INVITED = "invited", _("Invited")
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("enrolment state", "Withdrawn")  # 退会, not 掲載取下げ


# The only moves allowed; services.transition() refuses anything else.
TRANSITIONS = {
    EnrolmentState.INVITED: {EnrolmentState.APPLIED, EnrolmentState.DECLINED},
    EnrolmentState.APPLIED: {
        EnrolmentState.APPROVED,
        EnrolmentState.DECLINED,
        EnrolmentState.WITHDRAWN,
    },
    EnrolmentState.APPROVED: {EnrolmentState.WITHDRAWN},
    EnrolmentState.DECLINED: {EnrolmentState.INVITED},
    EnrolmentState.WITHDRAWN: {EnrolmentState.INVITED},
}


class Enrolment(models.Model):
    """A member's membership of the community (one per member), reached by invitation.

    ``cohort`` is the cohort whose invitation brought the member in.
    """

    member = models.OneToOneField(
        "community.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="enrolment",
    )
    cohort = models.ForeignKey(
        "community.Cohort",
        verbose_name=_("invited with cohort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=EnrolmentState.choices, default=EnrolmentState.INVITED
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    applied_at = models.DateTimeField(
        pgettext_lazy("enrolment", "applied at"), null=True, blank=True
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-invited_at", "-pk"]

    def __str__(self):
        return f"{self.member} ({self.get_state_display()})"

    def can_move_to(self, state):
        return state in TRANSITIONS[EnrolmentState(self.state)]


class EnrolmentEvent(models.Model):
    """One state change: when, from what to what, and who acted (staff user or the member)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(
        _("from"), max_length=20, choices=EnrolmentState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=EnrolmentState.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by staff user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_member = models.BooleanField(_("by the member"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("enrolment event")
        verbose_name_plural = _("enrolment events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_state or '-'} → {self.to_state}"

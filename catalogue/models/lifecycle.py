"""What happens to a listing after publication: partners' notices and the secretariat's actions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from .courses import Course

# Processing a notice is the secretariat's work: the permission partners never hold.
SECRETARIAT_PERMISSION = "catalogue.publish_course"


class ChangeNotice(models.Model):
    """A partner's notice that a listed course is withdrawn, changed or abolished."""

    class Kind(models.TextChoices):
        WITHDRAWAL = "withdrawal", _("Withdrawal")
        CHANGE = "change", _("Change")
        ABOLITION = "abolition", _("Abolition")

    class Status(models.TextChoices):
        # 受付 → 対応中 → 完了
        RECEIVED = "received", pgettext_lazy("notice status", "Received")
        IN_PROGRESS = "in_progress", pgettext_lazy("notice status", "In progress")
        PROCESSED = "processed", pgettext_lazy("notice status", "Completed")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="change_notices"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    effective_date = models.DateField(_("effective date"))
    description = models.TextField(_("details"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True, editable=False)
    # What the secretariat did about the notice: a re-review of the course
    # (linked when the partner resubmits) or a listing action.
    resulting_review = models.ForeignKey(
        "wagtailcore.WorkflowState",
        verbose_name=_("resulting re-review"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resulting_listing_action = models.ForeignKey(
        "catalogue.ListingAction",
        verbose_name=_("resulting listing action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    secretariat_note = models.TextField(_("secretariat's note"), blank=True)

    panels = [
        FieldPanel("course"),
        FieldPanel("kind"),
        FieldPanel("effective_date"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("status", permission=SECRETARIAT_PERMISSION),
                FieldPanel("resulting_review", permission=SECRETARIAT_PERMISSION),
                FieldPanel("resulting_listing_action", permission=SECRETARIAT_PERMISSION),
                FieldPanel("secretariat_note", permission=SECRETARIAT_PERMISSION),
            ],
            heading=_("Processing (secretariat)"),
            permission=SECRETARIAT_PERMISSION,
        ),
    ]

    class Meta:
        verbose_name = _("change notice")
        verbose_name_plural = _("change notices")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"{self.course} — {self.get_kind_display()} ({self.effective_date:%Y-%m-%d})"


class ListingAction(models.Model):
    """The secretariat suspends, resumes or cancels a listing, always with a reason."""

    class Action(models.TextChoices):
        SUSPEND = "suspend", _("Suspend")
        RESUME = "resume", _("Resume")
        # "Cancel" alone is every form's キャンセル button; this is 掲載取消.
        CANCEL = "cancel", pgettext_lazy("listing action", "Cancel")

    class Reason(models.TextChoices):
        # The four grounds of the platform's operating rules.
        CRITERIA_NOT_MET = "a", _("(a) The listing criteria are no longer met")
        REPORTS_NOT_FILED = "b", _("(b) Reports were not filed properly")
        COMPLAINTS_OR_MISDESCRIPTION = (
            "c",
            _("(c) Complaints are not handled, or the listing misdescribes the course"),
        )
        OTHERWISE_UNSUITABLE = "d", _("(d) Otherwise unsuitable")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="listing_actions"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    reason_category = models.CharField(
        _("reason category"), max_length=1, choices=Reason.choices, blank=True
    )
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(
        pgettext_lazy("listing action", "created at"), auto_now_add=True
    )

    class Meta:
        verbose_name = _("listing action")
        verbose_name_plural = _("listing actions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.course} — {self.get_action_display()}"


class DeletedCourse(models.Model):
    """A published course deleted outright, kept as a tombstone for sync (``/courses/removed/``).

    The course row is gone, so its id and the moment are all a mirror needs and all that
    is kept. Written by ``catalogue.signal_handlers.record_deleted_course``.
    """

    course_id = models.PositiveBigIntegerField(_("course id"), unique=True)
    deleted_at = models.DateTimeField(_("deleted at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("deleted course")
        verbose_name_plural = _("deleted courses")
        ordering = ["-deleted_at", "-pk"]

    def __str__(self):
        return f"{self.course_id} ({self.deleted_at:%Y-%m-%d})"

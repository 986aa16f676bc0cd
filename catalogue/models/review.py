"""The secretariat's review (STEP4): listing criteria and the checklist task of the course workflow."""

from typing import NamedTuple

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, TaskState

from ..notifications import notify_partner


class ListingCriterion(models.Model):
    """One listing criterion the reviewer must confirm before a course can be approved."""

    text = models.CharField(_("criterion"), max_length=300)
    help_text = models.TextField(_("guidance for reviewers"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("text"),
        FieldPanel("help_text"),
        FieldPanel("is_active"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("listing criterion")
        verbose_name_plural = _("listing criteria")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.text


def criterion_field_name(criterion):
    return f"criterion_{criterion.pk}"


class ChecklistApprovalForm(forms.Form):
    """Approval form whose required checkboxes are the active listing criteria."""

    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in ListingCriterion.objects.filter(is_active=True):
            self.fields[criterion_field_name(criterion)] = forms.BooleanField(
                label=criterion.text,
                help_text=criterion.help_text,
                required=True,
                error_messages={"required": _("Confirm this criterion before approving.")},
            )


class ReasonForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=True,
        error_messages={"required": _("Enter the reason; it is sent to the partner.")},
    )


def decline_review(task_state, user, reason):
    """End a review with a rejection; the partner receives the reason, and only that e-mail.

    The task is rejected without updating the workflow (``update=False``), so
    the workflow never passes through "needs changes" and the change-request
    e-mail (sent on ``task_rejected`` for a workflow waiting for changes) is
    not sent; the workflow is then cancelled.
    """
    if not reason or not reason.strip():
        raise ValidationError(_("Enter the reason; it is sent to the partner."))
    workflow_state = task_state.workflow_state
    obj = workflow_state.content_object
    task_state.reject(user=user, update=False, comment=reason)
    workflow_state.cancel(user=user)
    log(instance=obj, action="catalogue.review.declined", user=user, data={"reason": reason})
    partner = getattr(obj, "partner", obj)
    notify_partner(partner, "review_declined", {"object": obj, "reason": reason})


class ReviewOutcome(NamedTuple):
    """What a reviewer's action led to: the message, where the next step is, and a link."""

    message: str
    url: str
    queue_url: str = ""
    queue_label: str = ""


def review_outcome(obj, action_name, task):
    """Say what ``action_name`` on ``task`` did to ``obj`` and where the reviewer goes next.

    Read from the workflow's state after the action, so it holds for every task
    of the workflow: a further task in progress opens the editor (its approval
    is there); a finished review opens the editor too, where 「掲載する」 is now
    offered, with a link to the approved-awaiting-publication queue; a change
    request or a decline leaves nothing to do on the object, so the reviewer
    goes back to the courses still in review.
    """
    viewset = obj.snippet_viewset
    edit_url = reverse(viewset.get_url_name("edit"), args=[obj.pk])
    in_review_url = reverse(viewset.get_url_name("list")) + "?status=in_review"
    # The title under review is the latest revision's, as Wagtail's own messages show it.
    revision = getattr(obj, "latest_revision", None)
    title = revision.object_str if revision else str(obj)
    if action_name == "approve":
        next_task = obj.current_workflow_task
        if next_task is not None:
            if isinstance(task, CriteriaChecklistTask):
                message = pgettext(
                    "review outcome",
                    "The listing criteria of '%(title)s' are confirmed. "
                    "Next, approve it in '%(task)s'.",
                )
            else:
                message = pgettext(
                    "review outcome",
                    "'%(title)s' is approved in '%(done)s'. Next, approve it in '%(task)s'.",
                )
            return ReviewOutcome(
                message % {"title": title, "task": next_task.name, "done": task.name}, edit_url
            )
        return ReviewOutcome(
            pgettext(
                "review outcome",
                "'%(title)s' is approved. List it with 'List on the site' on this screen "
                "or from the queue of courses awaiting publication.",
            )
            % {"title": title},
            edit_url,
            reverse(viewset.get_url_name("list")) + "?status=approved",
            pgettext("review outcome", "Approved, awaiting publication"),
        )
    if action_name == "reject":
        message = pgettext(
            "review outcome",
            "The partner has been asked to revise '%(title)s'. When it is resubmitted "
            "it is back among the courses in review.",
        )
        return ReviewOutcome(message % {"title": title}, in_review_url)
    if action_name == CriteriaChecklistTask.DECLINE:
        message = pgettext(
            "review outcome", "'%(title)s' was not approved. The partner has been sent the reason."
        )
        return ReviewOutcome(message % {"title": title}, in_review_url)
    return None


class CriteriaChecklistTask(AbstractGroupApprovalTask):
    """A group approval task in which approval means confirming every listing criterion.

    Actions: request changes (with a comment), decline (with a reason, ends the
    review) and approve (only with every active criterion confirmed).
    """

    DECLINE = "decline"

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", _("Request changes"), True),
                (self.DECLINE, _("Decline"), True),
                ("approve", _("Confirm the criteria and approve"), True),
            ]
        return []

    def get_form_for_action(self, action):
        if action == "approve":
            return ChecklistApprovalForm
        return ReasonForm

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        """Act, and return the URL of the reviewer's next step (Wagtail's workflow action
        view redirects there; the editor's path reads the same ``review_outcome``)."""
        self._act(task_state, user, action_name, **kwargs)
        obj = task_state.workflow_state.content_object
        outcome = review_outcome(obj, action_name, self)
        return outcome.url if outcome else None

    def _act(self, task_state, user, action_name, **kwargs):
        comment = kwargs.get("comment", "")
        if action_name == "approve":
            confirmed = {k for k, v in kwargs.items() if k.startswith("criterion_") and v}
            required = {
                criterion_field_name(c) for c in ListingCriterion.objects.filter(is_active=True)
            }
            # The form already requires every box; this guards any other caller.
            if required - confirmed:
                raise PermissionDenied("Every listing criterion must be confirmed before approval.")
            log(
                instance=task_state.workflow_state.content_object,
                action="catalogue.criteria_confirmed",
                user=user,
                data={"criteria": sorted(required)},
            )
            task_state.approve(user=user, comment=comment)
        elif action_name == "reject":
            if not comment.strip():
                raise PermissionDenied("A request for changes needs a comment.")
            task_state.reject(user=user, comment=comment)
        elif action_name == self.DECLINE:
            self.decline(task_state, user=user, reason=comment)

    @transaction.atomic
    def decline(self, task_state, user, reason):
        """End this review with a rejection (see ``decline_review``)."""
        decline_review(task_state, user, reason)

    @classmethod
    def get_description(cls):
        return _("Reviewers confirm every listing criterion before a course can be approved")

    class Meta:
        verbose_name = _("Listing criteria checklist task")
        verbose_name_plural = _("Listing criteria checklist tasks")


__all__ = [
    "ChecklistApprovalForm",
    "CriteriaChecklistTask",
    "ListingCriterion",
    "ReviewOutcome",
    "TaskState",
    "decline_review",
    "review_outcome",
]

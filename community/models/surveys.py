"""Follow-up surveys: a Wagtail form page with our own submission model and one-time invitations.

An invitee answers through a one-time link (no login): the token is stored only as a
hash, answers once, expires with the survey. In anonymous mode the answer keeps no
link to the invitation and no time finer than the day, so it cannot be matched back.
"""

import datetime
import hashlib
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractForm,
    AbstractFormField,
    AbstractFormSubmission,
)

from manabi.prefectures import Prefecture
from manabi.publication import ModeratedPublishRuleMixin

SCALE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]

SURVEY_FIELD_CHOICES = [
    (value, label)
    for value, label in FORM_FIELD_CHOICES
    if value in ("singleline", "multiline", "number", "radio", "checkboxes", "dropdown")
] + [
    ("scale5", _("5-point scale")),
    ("prefecture", _("Prefecture")),
]


class SurveyFormBuilder(FormBuilder):
    def create_scale5_field(self, field, options):
        options["choices"] = SCALE_CHOICES
        return forms.ChoiceField(widget=forms.RadioSelect, **options)

    def create_prefecture_field(self, field, options):
        options["choices"] = [("", "---------"), *Prefecture.choices]
        return forms.ChoiceField(**options)


class SurveyQuestion(AbstractFormField):
    page = ParentalKey("community.SurveyPage", on_delete=models.CASCADE, related_name="questions")
    field_type = models.CharField(
        verbose_name=_("field type"), max_length=16, choices=SURVEY_FIELD_CHOICES
    )


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class SurveyPage(ModeratedPublishRuleMixin, AbstractForm):
    form_builder = SurveyFormBuilder
    parent_page_types = ["manabi.HomePage"]
    subpage_types = []

    intro = models.TextField(_("introduction"), blank=True)
    thank_you_text = models.TextField(_("thank-you text"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Answers keep no link to the invitee who gave them."),
    )

    content_panels = [
        *AbstractForm.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("anonymous"),
            ],
            heading=_("Answering"),
        ),
        InlinePanel("questions", heading=_("Questions"), label=_("question")),
        FieldPanel("thank_you_text"),
    ]

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The survey must close after it opens.")})

    def get_form_fields(self):
        return self.questions.all()

    def get_submission_class(self):
        return SurveyResponse

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def find_invitation(self, token):
        """The unanswered, unexpired invitation of this survey for ``token``, or None."""
        if not token or len(token) > 100:
            return None
        return (
            self.invitations.filter(token_hash=hash_token(token), answered_at__isnull=True)
            .select_for_update()
            .first()
        )

    def serve(self, request, *args, **kwargs):
        from django.db import transaction
        from django.template.response import TemplateResponse

        token = request.POST.get("t") or request.GET.get("t", "")
        if not self.is_open():
            # A page that explains, not an error: links in old e-mails land here.
            return TemplateResponse(request, "community/survey_closed.html", {"page": self})
        with transaction.atomic():
            invitation = self.find_invitation(token)
            if invitation is None:
                return TemplateResponse(
                    request, "community/survey_invalid_link.html", {"page": self}
                )
            if request.method == "POST":
                form = self.get_form(request.POST, page=self, user=request.user)
                if form.is_valid():
                    submission = self.record_answer(form, invitation)
                    return self.render_landing_page(request, submission)
            else:
                form = self.get_form(page=self, user=request.user)
        context = self.get_context(request)
        context.update(form=form, token=token)
        return TemplateResponse(request, self.get_template(request), context)

    def record_answer(self, form, invitation):
        """Store the answer and use up the invitation; in anonymous mode keep them apart."""
        now = timezone.now()
        if self.anonymous:
            day = timezone.make_aware(
                datetime.datetime.combine(timezone.localdate(), datetime.time())
            )
            invitation.answered_at = day
            submission = SurveyResponse.objects.create(page=self, form_data=form.cleaned_data)
            SurveyResponse.objects.filter(pk=submission.pk).update(submit_time=day)
        else:
            invitation.answered_at = now
            submission = SurveyResponse.objects.create(
                page=self, form_data=form.cleaned_data, invitation=invitation
            )
        invitation.save(update_fields=["answered_at"])
        return submission


class SurveyResponse(AbstractFormSubmission):
    """Our own submission model: linked to its invitation unless the survey is anonymous."""

    invitation = models.OneToOneField(
        "community.SurveyInvitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="response",
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")


class SurveyInvitation(models.Model):
    """One invitee's one-time link. Only the token's hash is stored."""

    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    target_group = models.CharField(_("target group"), max_length=200)
    member = models.ForeignKey(
        "community.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="one_invitation_per_email")
        ]

    def __str__(self):
        return f"{self.survey} / {self.email}"

    @classmethod
    def issue(cls, survey, email, target_group, member=None):
        """Create the invitation; return it with its token (shown once, in the e-mail)."""
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            survey=survey,
            email=email,
            target_group=target_group,
            member=member,
            token_hash=hash_token(token),
        )
        return invitation, token

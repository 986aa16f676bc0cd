"""Survey admin: invite targets, remind, response rates, results with charts, CSV/XLSX export."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from manabi.charts import render_chart
from quest.models import RecruitmentRound

from . import survey_services
from .models import Cohort, SurveyPage
from .survey_results import survey_results


class InviteForm(forms.Form):
    TARGETS = [
        ("cohort", gettext_lazy("Members of a cohort")),
        ("round", gettext_lazy("Companies of a Quest round")),
        ("list", gettext_lazy("A pasted list of addresses")),
    ]
    target = forms.ChoiceField(label=gettext_lazy("Send to"), choices=TARGETS)
    cohort = forms.ModelChoiceField(
        label=gettext_lazy("Cohort"), queryset=Cohort.objects.all(), required=False
    )
    recruitment_round = forms.ModelChoiceField(
        label=gettext_lazy("Recruitment round"),
        queryset=RecruitmentRound.objects.all(),
        required=False,
    )
    addresses = forms.CharField(
        label=gettext_lazy("Addresses (one a line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=100_000,
    )
    group_name = forms.CharField(
        label=gettext_lazy("Target group name (for the list)"), required=False, max_length=200
    )

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target")
        if target == "cohort":
            if not cleaned.get("cohort"):
                self.add_error("cohort", _("Choose the cohort."))
            else:
                cleaned["recipients"] = survey_services.cohort_recipients(cleaned["cohort"])
                cleaned["group"] = cleaned["cohort"].name
        elif target == "round":
            if not cleaned.get("recruitment_round"):
                self.add_error("recruitment_round", _("Choose the round."))
            else:
                round_ = cleaned["recruitment_round"]
                cleaned["recipients"] = survey_services.round_company_recipients(round_)
                cleaned["group"] = _("Companies of %(round)s") % {"round": round_.name}
        elif target == "list":
            try:
                cleaned["recipients"] = survey_services.pasted_recipients(
                    cleaned.get("addresses", "")
                )
            except ValidationError as exc:
                self.add_error("addresses", exc)
            else:
                if not cleaned["recipients"]:
                    self.add_error("addresses", _("Paste at least one address."))
            cleaned["group"] = cleaned.get("group_name") or _("Pasted list")
        return cleaned


def _survey(request, pk):
    if not request.user.has_perm("community.view_surveyresponse"):
        raise PermissionDenied
    return get_object_or_404(SurveyPage, pk=pk)


def survey_admin(request, pk):
    survey = _survey(request, pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("community.add_surveyinvitation"):
            raise PermissionDenied
        if request.POST.get("action") == "remind":
            count = survey_services.send_reminders(survey)
            messages.success(request, _("Reminders sent: %(n)d") % {"n": count})
            return redirect("community_surveys:detail", pk=survey.pk)
        if form.is_valid():
            count = survey_services.invite(
                survey, form.cleaned_data["recipients"], form.cleaned_data["group"]
            )
            messages.success(request, _("Invitations sent: %(n)d") % {"n": count})
            return redirect("community_surveys:detail", pk=survey.pk)
    results = survey_results(survey)
    for number, result in enumerate(results, start=1):
        if result.counts:
            result.svg = mark_safe(question_chart(result))  # noqa: S308 - pygal escapes the labels
            result.number = number
    return TemplateResponse(
        request,
        "community/admin/survey.html",
        {
            "survey": survey,
            "form": form,
            "rates": survey_services.response_rates(survey),
            "results": results,
        },
    )


def question_chart(result):
    """One question's answers as a server-rendered SVG bar chart (no script, no web font)."""
    return render_chart(
        result.label,
        list(result.counts),
        [(_("Answers"), list(result.counts.values()))],
        kind="hbar",
        height=max(200, 40 * len(result.counts) + 80),
    )


def survey_chart(request, pk, number):
    """Download the chart of question ``number`` (1-based, as listed) as an SVG file."""
    survey = _survey(request, pk)
    results = survey_results(survey)
    if not 1 <= number <= len(results) or not results[number - 1].counts:
        raise Http404
    response = HttpResponse(question_chart(results[number - 1]), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-q{number}.svg"'
    return response


def survey_export(request, pk, export_format):
    survey = _survey(request, pk)
    if export_format not in ("csv", "xlsx"):
        raise Http404
    content = survey_services.export_survey(survey, request.user, export_format)
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if export_format == "xlsx"
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.{export_format}"'
    return response


urlpatterns = [
    path("<int:pk>/", survey_admin, name="detail"),
    path("<int:pk>/export.<str:export_format>", survey_export, name="export"),
    path("<int:pk>/chart-<int:number>.svg", survey_chart, name="chart"),
]

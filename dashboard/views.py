"""The secretariat's dashboard (admin) and the annual report PDF, from the same figures."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe

from catalogue.permissions import SECRETARIAT_GROUP
from manabi.permission_policies import group_names

from .charts import section_chart
from .figures import dashboard_sections
from .forms import FiscalYearForm


def is_secretariat(user):
    return user.is_authenticated and (user.is_superuser or SECRETARIAT_GROUP in group_names(user))


def _sections_with_charts(fy):
    sections = dashboard_sections(fy)
    for section in sections:
        section.svg = mark_safe(section_chart(section))  # noqa: S308 - pygal escapes the labels
    return sections


def dashboard(request):
    if not is_secretariat(request.user):
        raise PermissionDenied
    form = FiscalYearForm(request.GET)
    fy = form.cleaned_data["year"] if form.is_valid() else None
    return TemplateResponse(
        request,
        "dashboard/dashboard.html",
        {"form": form, "fy": fy, "sections": _sections_with_charts(fy) if fy else []},
    )


def render_annual_report(fy):
    """The annual report of a fiscal year as PDF bytes (WeasyPrint; fonts embedded, text kept)."""
    from weasyprint import HTML

    # WeasyPrint logs every layout step at INFO; one line per page is noise in production logs.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    html = render_to_string(
        "dashboard/annual_report.html",
        {"fy": fy, "sections": _sections_with_charts(fy), "generated": timezone.localdate()},
    )
    return HTML(string=html).write_pdf()


def annual_report(request):
    if not is_secretariat(request.user):
        raise PermissionDenied
    form = FiscalYearForm(request.GET)
    if not form.is_valid():
        return TemplateResponse(
            request, "dashboard/dashboard.html", {"form": form, "fy": None, "sections": []}
        )
    fy = form.cleaned_data["year"]
    response = HttpResponse(render_annual_report(fy), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="annual-report-{fy.year}.pdf"'
    return response


urlpatterns = [
    path("", dashboard, name="index"),
    path("annual-report.pdf", annual_report, name="annual_report"),
]

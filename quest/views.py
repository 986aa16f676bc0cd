"""Public Quest views: the application form and the company intake (the interview listing is ``InterviewIndexPage``'s)."""

import logging

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_protect

from manabi.middleware import client_address, count_hit

from . import services
from .forms import ApplicationForm, CompanyIntakeForm
from .models import ProgrammePage, RecruitmentRound

logger = logging.getLogger(__name__)


def too_many_submissions(request, form_name):
    """Per-address limit on form submissions (QUEST_FORM_RATE_LIMIT per hour)."""
    count, _retry_after = count_hit(f"quest-form:{form_name}:{client_address(request)}", 3600)
    return count > settings.QUEST_FORM_RATE_LIMIT


@csrf_protect
def apply(request):
    recruitment_round = RecruitmentRound.current()
    if recruitment_round is None or not recruitment_round.is_open:
        return render(
            request, "quest/apply_closed.html", {"recruitment_round": recruitment_round}, status=200
        )
    programmes = (
        ProgrammePage.objects.live()
        .filter(recruitment_round=recruitment_round)
        .select_related("operator")
        .order_by("kind", "title")
    )
    form = ApplicationForm(
        request.POST or None, programmes=programmes, recruitment_round=recruitment_round
    )
    if request.method == "POST":
        if too_many_submissions(request, "apply"):
            return render(request, "quest/too_many.html", status=429)
        if form.is_valid():
            if form.cleaned_data.get("website"):
                logger.info("application honeypot filled; nothing stored")
                return redirect("quest:apply_done")
            services.submit_application(
                recruitment_round, form.application_data(), form.ranked_programmes()
            )
            return redirect("quest:apply_done")
    return render(
        request,
        "quest/apply.html",
        {"form": form, "recruitment_round": recruitment_round, "programmes": programmes},
    )


def apply_done(request):
    return render(request, "quest/apply_done.html")


@csrf_protect
def company_intake(request):
    form = CompanyIntakeForm(request.POST or None)
    if request.method == "POST":
        if too_many_submissions(request, "company"):
            return render(request, "quest/too_many.html", status=429)
        if form.is_valid():
            if not form.cleaned_data.get("website"):
                intake = form.save(commit=False)
                intake.consented_at = timezone.now()
                intake.save()
            return redirect("quest:company_done")
    return render(request, "quest/company_intake.html", {"form": form})


def company_done(request):
    return render(request, "quest/company_done.html")

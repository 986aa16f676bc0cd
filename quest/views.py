"""Public Quest views: the application form and the company intake (the interview listing is ``InterviewIndexPage``'s)."""

import logging

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from manabi.ratelimit import take_form_quota

from . import services
from .forms import ApplicationForm, CompanyIntakeForm
from .models import ProgrammePage, QuestHomePage, RecruitmentRound

logger = logging.getLogger(__name__)


def quest_breadcrumbs(title):
    """Home › Quest › this form (the forms are views, not pages in the tree)."""
    quest = QuestHomePage.objects.live().first()
    return [*([(quest.title, quest.url)] if quest else []), (title, None)]


@csrf_protect
def apply(request):
    recruitment_round = RecruitmentRound.current()
    if recruitment_round is None or not recruitment_round.is_open:
        return render(
            request, "quest/apply_closed.html", {"recruitment_round": recruitment_round}, status=200
        )
    programmes = ProgrammePage.north_to_south(
        ProgrammePage.objects.live()
        .filter(recruitment_round=recruitment_round)
        .select_related("operator")
    )
    form = ApplicationForm(
        request.POST or None,
        programmes=programmes,
        recruitment_round=recruitment_round,
        initial={"choice_1": request.GET.get("programme")},
    )
    context = {
        "form": form,
        "recruitment_round": recruitment_round,
        "programmes": programmes,
        "breadcrumbs": quest_breadcrumbs(_("Apply to Manabi DX Quest")),
    }
    if request.method == "POST":
        quota = take_form_quota(request, "apply")
        if not quota.allowed:
            quota.undo()
            # The form comes back as typed (nothing validated, nothing stored), with the reason.
            return render(
                request, "quest/apply.html", {**context, "rate_limited": True}, status=429
            )
        if not form.is_valid():
            quota.undo()  # a post with errors does not use up the applicant's quota
        else:
            if form.is_bot():
                logger.info("application honeypot filled; nothing stored")
                return redirect("quest:apply_done")
            services.submit_application(
                recruitment_round, form.application_data(), form.ranked_programmes()
            )
            return redirect("quest:apply_done")
    return render(request, "quest/apply.html", context)


def apply_done(request):
    return render(request, "quest/apply_done.html")


@csrf_protect
def company_intake(request):
    form = CompanyIntakeForm(request.POST or None)
    context = {
        "form": form,
        "breadcrumbs": quest_breadcrumbs(_("Companies taking part in the regional programme")),
    }
    if request.method == "POST":
        quota = take_form_quota(request, "company")
        if not quota.allowed:
            quota.undo()
            return render(
                request,
                "quest/company_intake.html",
                {**context, "rate_limited": True},
                status=429,
            )
        if not form.is_valid():
            quota.undo()  # a post with errors does not use up the sender's quota
        else:
            if not form.is_bot():
                services.submit_company_intake(form.save(commit=False))
            return redirect("quest:company_done")
    return render(request, "quest/company_intake.html", context)


def company_done(request):
    return render(request, "quest/company_done.html")

"""The community's public pages: the community page and the member's self-service pages.

A member signs in with nothing but a one-time link: opening it consumes it and
keeps the member's id in the session for ``SESSION_MINUTES``.
"""

import time

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from quest.models import RecruitmentRound

from . import services
from .badges.links import assertion_v2_url
from .forms import AcceptForm, LeaveForm, MemberDataForm, RequestLinkForm
from .models import EnrolmentState, Member

SESSION_KEY = "community_member"
SESSION_MINUTES = 30


def current_member(request):
    data = request.session.get(SESSION_KEY)
    if not data or data.get("until", 0) < time.time():
        request.session.pop(SESSION_KEY, None)
        return None
    return Member.objects.select_related("enrolment").filter(pk=data.get("id")).first()


@require_http_methods(["GET", "POST"])
def community_page(request):
    """What the community is, the current recruitment round, and a form to get one's own link."""
    form = RequestLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        member = Member.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if member is not None and member.left_at is None:
            services.send_self_service_link(member)
        # The same answer whether or not the address is known: no one learns who is a member.
        messages.success(
            request,
            _("If the address is registered, we have sent a link to it. Check your e-mail."),
        )
        return HttpResponseRedirect(reverse("community:home"))
    context = {"form": form, "recruitment_round": RecruitmentRound.current()}
    return render(
        request, "community/community_page.html", context, status=400 if form.errors else 200
    )


@never_cache
def open_link(request, token):
    member = services.redeem_token(token)
    if member is None:
        return render(request, "community/link_invalid.html", status=410)
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"id": member.pk, "until": time.time() + SESSION_MINUTES * 60}
    return redirect("community:me")


def _need_member(view):
    def wrapped(request, *args, **kwargs):
        member = current_member(request)
        if member is None:
            return render(
                request, "community/link_invalid.html", {"expired_session": True}, status=403
            )
        return view(request, member, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return never_cache(wrapped)


@_need_member
@require_http_methods(["GET", "POST"])
def me(request, member):
    """The member's page: details, consent, invitation, badges, leaving."""
    data_form = MemberDataForm(
        request.POST if request.method == "POST" else None, instance=member, prefix="data"
    )
    if request.method == "POST" and data_form.is_valid():
        data_form.save()
        messages.success(request, _("Your details have been saved."))
        return redirect("community:me")
    enrolment = getattr(member, "enrolment", None)
    assertions = member.assertions.select_related("badge_class").order_by("-issued_on")
    context = {
        "member": member,
        "enrolment": enrolment,
        "data_form": data_form,
        "accept_form": AcceptForm(prefix="accept"),
        "leave_form": LeaveForm(prefix="leave"),
        "awards": [(a, assertion_v2_url(a)) for a in assertions],
        "can_leave": enrolment is not None
        and enrolment.state in (EnrolmentState.APPLIED, EnrolmentState.APPROVED),
        "recruitment_round": RecruitmentRound.current(),
    }
    return render(request, "community/me.html", context, status=400 if data_form.errors else 200)


@_need_member
@require_POST
def accept(request, member):
    enrolment = getattr(member, "enrolment", None)
    form = AcceptForm(request.POST, prefix="accept")
    if enrolment is None or enrolment.state != EnrolmentState.INVITED:
        messages.error(request, _("There is no open invitation to accept."))
    elif not form.is_valid():
        messages.error(request, form.errors["consent"][0])
    else:
        services.accept_invitation(enrolment, policy_version=services.current_policy_version())
        messages.success(request, _("Thank you. The secretariat will review your application."))
    return redirect("community:me")


@_need_member
@require_POST
def decline_invitation(request, member):
    enrolment = getattr(member, "enrolment", None)
    if enrolment is None or enrolment.state != EnrolmentState.INVITED:
        messages.error(request, _("There is no open invitation to decline."))
    else:
        services.decline(enrolment, by_member=True)
        messages.success(request, _("You have declined the invitation."))
    return redirect("community:me")


@_need_member
@require_POST
def consent(request, member):
    if request.POST.get("action") == "withdraw":
        services.withdraw_consent(member)
        messages.success(
            request,
            _("Your consent has been withdrawn. We will send you no more community e-mails."),
        )
    else:
        services.give_consent(member, policy_version=services.current_policy_version())
        messages.success(request, _("Thank you. Your consent has been recorded."))
    return redirect("community:me")


@_need_member
@require_POST
def leave(request, member):
    enrolment = getattr(member, "enrolment", None)
    form = LeaveForm(request.POST, prefix="leave")
    if enrolment is None or not enrolment.can_move_to(EnrolmentState.WITHDRAWN):
        messages.error(request, _("You are not a member of the community."))
        return redirect("community:me")
    if not form.is_valid():
        messages.error(request, form.errors["confirm"][0])
        return redirect("community:me")
    with transaction.atomic():
        services.withdraw(enrolment, by_member=True, hide_badges=form.cleaned_data["hide_badges"])
    messages.success(request, _("You have left the completers' community."))
    return redirect("community:me")


@require_POST
def sign_out(request):
    request.session.pop(SESSION_KEY, None)
    return redirect("community:home")

"""Community operations: invitations, enrolment moves, consent and self-service links.

Every enrolment change goes through ``transition`` so the allowed moves, the
dated history and the e-mail to the member live in one place.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from manabi.mail import send_templated_mail
from manabi.models import SiteSettings

from .models import Enrolment, EnrolmentEvent, EnrolmentState, Member, MemberToken
from .models.members import hash_token

DATE_FIELDS = {
    EnrolmentState.INVITED: "invited_at",
    EnrolmentState.APPLIED: "applied_at",
    EnrolmentState.APPROVED: "approved_at",
    EnrolmentState.DECLINED: "declined_at",
    EnrolmentState.WITHDRAWN: "withdrawn_at",
}

EMAIL_TEMPLATES = {
    EnrolmentState.INVITED: "community/emails/invited.txt",
    EnrolmentState.APPLIED: "community/emails/applied.txt",
    EnrolmentState.APPROVED: "community/emails/approved.txt",
    EnrolmentState.DECLINED: "community/emails/declined.txt",
    EnrolmentState.WITHDRAWN: "community/emails/withdrawn.txt",
}


class TransitionError(ValidationError):
    pass


def self_service_url(raw_token):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "community:open_link", args=[raw_token]
    )


def current_policy_version():
    """The privacy policy in force: the policy page and its live revision, e.g. 'page12-rev34'."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ""
    page = SiteSettings.for_site(site).privacy_policy_page
    if page is None:
        return ""
    return f"page{page.pk}-rev{page.live_revision_id or 0}"


@transaction.atomic
def transition(enrolment, to_state, *, actor=None, by_member=False, note=""):
    """Move ``enrolment`` to ``to_state``, record who and when, and e-mail the member.

    Raises TransitionError (Japanese message) when the move is not allowed from
    the current state.
    """
    enrolment = Enrolment.objects.select_for_update().select_related("member").get(pk=enrolment.pk)
    to_state = EnrolmentState(to_state)
    from_state = EnrolmentState(enrolment.state)
    if not enrolment.can_move_to(to_state):
        raise TransitionError(
            _("An enrolment that is “%(from)s” cannot become “%(to)s”.")
            % {"from": from_state.label, "to": to_state.label}
        )
    now = timezone.now()
    enrolment.state = to_state
    setattr(enrolment, DATE_FIELDS[to_state], now)
    enrolment.save()
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        from_state=from_state,
        to_state=to_state,
        actor=actor if actor is not None and actor.is_authenticated else None,
        by_member=by_member,
        note=note,
    )
    return enrolment


def _mail(enrolment, state, **extra):
    member = enrolment.member
    context = {"member": member, "enrolment": enrolment, **extra}
    transaction.on_commit(
        lambda: send_templated_mail(EMAIL_TEMPLATES[state], context, [member.email])
    )


@transaction.atomic
def invite(member, cohort=None, *, actor=None):
    """Invite one member (new, or again after withdrawal or decline) and e-mail a one-time link.

    Members who already applied or were approved are left alone; returns the
    enrolment, or None when nothing was sent.
    """
    enrolment, created = Enrolment.objects.get_or_create(
        member=member, defaults={"cohort": cohort, "state": EnrolmentState.INVITED}
    )
    if created:
        enrolment.invited_at = timezone.now()
        enrolment.save(update_fields=["invited_at"])
        EnrolmentEvent.objects.create(
            enrolment=enrolment, to_state=EnrolmentState.INVITED, actor=actor
        )
    elif enrolment.state in (EnrolmentState.WITHDRAWN, EnrolmentState.DECLINED):
        enrolment.cohort = cohort or enrolment.cohort
        enrolment.save(update_fields=["cohort"])
        enrolment = transition(enrolment, EnrolmentState.INVITED, actor=actor)
    elif enrolment.state != EnrolmentState.INVITED:
        return None
    _token, raw = MemberToken.issue(member, enrolment)
    _mail(
        enrolment,
        EnrolmentState.INVITED,
        link=self_service_url(raw),
        valid_days=MemberToken.VALID_FOR.days,
    )
    return enrolment


def invite_cohort(cohort, *, actor=None):
    """Invite every completer of ``cohort`` who is not already in, and who has not left or declined.

    People who withdrew or declined are not invited again in bulk: that is their
    choice, and only a deliberate single invitation overrides it.
    """
    members = (
        Member.objects.filter(completions__cohort=cohort, left_at__isnull=True)
        .exclude(enrolment__state__in=[EnrolmentState.WITHDRAWN, EnrolmentState.DECLINED])
        .distinct()
    )
    sent = 0
    for member in members:
        if invite(member, cohort, actor=actor) is not None:
            sent += 1
    return sent


@transaction.atomic
def accept_invitation(enrolment, *, policy_version):
    """The member accepts: consent is recorded with the policy version and the enrolment is applied."""
    member = enrolment.member
    give_consent(member, policy_version=policy_version)
    enrolment = transition(enrolment, EnrolmentState.APPLIED, by_member=True)
    _mail(enrolment, EnrolmentState.APPLIED)
    return enrolment


@transaction.atomic
def approve(enrolment, *, actor):
    enrolment = transition(enrolment, EnrolmentState.APPROVED, actor=actor)
    _mail(enrolment, EnrolmentState.APPROVED)
    return enrolment


@transaction.atomic
def decline(enrolment, *, actor=None, by_member=False, note=""):
    """Declined by the secretariat (an application) or by the member (an invitation)."""
    enrolment = transition(
        enrolment, EnrolmentState.DECLINED, actor=actor, by_member=by_member, note=note
    )
    _mail(enrolment, EnrolmentState.DECLINED, by_member=by_member)
    return enrolment


@transaction.atomic
def withdraw(enrolment, *, actor=None, by_member=False, hide_badges=False, note=""):
    """Leave the community: no more mailings, and on request badges stop confirming the recipient."""
    enrolment = transition(
        enrolment, EnrolmentState.WITHDRAWN, actor=actor, by_member=by_member, note=note
    )
    member = enrolment.member
    member.left_at = timezone.now()
    if hide_badges:
        member.hide_badge_recipient = True
    member.save(update_fields=["left_at", "hide_badge_recipient", "updated_at"])
    _mail(enrolment, EnrolmentState.WITHDRAWN, hide_badges=hide_badges)
    return enrolment


def give_consent(member, *, policy_version):
    member.consent_given_at = timezone.now()
    member.consent_withdrawn_at = None
    member.policy_version = policy_version
    member.save(
        update_fields=["consent_given_at", "consent_withdrawn_at", "policy_version", "updated_at"]
    )


def withdraw_consent(member):
    """Consent withdrawn: the member stays on record but gets no mailings (MemberQuerySet.mailable)."""
    member.consent_withdrawn_at = timezone.now()
    member.save(update_fields=["consent_withdrawn_at", "updated_at"])


def send_self_service_link(member):
    """A fresh one-time link to the member's own page (asked for from the public form)."""
    _token, raw = MemberToken.issue(member, getattr(member, "enrolment", None))
    send_templated_mail(
        "community/emails/self_service_link.txt",
        {"member": member, "link": self_service_url(raw), "valid_days": MemberToken.VALID_FOR.days},
        [member.email],
    )


def redeem_token(raw):
    """Consume a one-time link; returns its member or None when unknown, used or expired."""
    with transaction.atomic():
        token = (
            MemberToken.objects.select_for_update()
            .select_related("member")
            .filter(token_hash=hash_token(raw))
            .first()
        )
        if token is None or not token.is_usable:
            return None
        token.used_at = timezone.now()
        token.save(update_fields=["used_at"])
        return token.member

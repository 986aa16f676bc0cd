"""Awarding, revoking and verifying badges."""

import datetime
import json
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from pyld import jsonld

from manabi.mail import send_templated_mail

from ..models import Assertion, Member
from ..models.badges import recipient_hash
from . import documents
from .baking import NotBaked, unbake
from .contexts import UnknownContext, document_loader
from .signing import InvalidCredential, sign_credential, verify_credential

UID = re.compile(r"/badges/(?:v2/assertions|v3/credentials)/([0-9a-f-]{36})(?:\.json)?/?$")


def _next_status_index():
    top = Assertion.objects.aggregate(top=Max("status_index"))["top"]
    return 0 if top is None else top + 1


def award(badge_class, member, *, actor=None, narrative="", evidence_url="", notify=True):
    """Award ``badge_class`` to ``member`` (once while active); returns the assertion or None."""
    if Assertion.objects.active().filter(badge_class=badge_class, member=member).exists():
        return None
    issued_on = timezone.now()
    expires_at = (
        issued_on + datetime.timedelta(days=badge_class.valid_for_days)
        if badge_class.valid_for_days
        else None
    )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                assertion = Assertion(
                    badge_class=badge_class,
                    member=member,
                    issued_on=issued_on,
                    expires_at=expires_at,
                    narrative=narrative,
                    evidence_url=evidence_url,
                    awarded_by=actor if actor is not None and actor.is_authenticated else None,
                    status_index=_next_status_index(),
                )
                assertion.recipient_identity = recipient_hash(member.email, assertion.salt)
                assertion.save()
                break
        except IntegrityError:
            # Another award took the same status index at the same moment; take the next one.
            continue
    else:
        raise RuntimeError("could not allocate a status list index")
    if notify and member.left_at is None:
        transaction.on_commit(
            lambda: send_templated_mail(
                "community/emails/badge_awarded.txt",
                {"assertion": assertion, "member": member},
                [member.email],
            )
        )
    return assertion


def award_cohort(badge_class, cohort, *, actor=None):
    """Award to every completer of ``cohort`` who does not hold the badge yet; returns the count."""
    members = Member.objects.filter(completions__cohort=cohort).distinct()
    return sum(1 for member in members if award(badge_class, member, actor=actor) is not None)


def revoke(assertion, *, reason, actor=None):
    """Revoke with a reason: the 2.0 URL answers 410 and the 3.0 status list bit is set."""
    if not reason.strip():
        raise ValueError("a reason is required")
    assertion.revoked_at = timezone.now()
    assertion.revocation_reason = reason.strip()
    assertion.revoked_by = actor if actor is not None and actor.is_authenticated else None
    assertion.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
    return assertion


def signed_credential(assertion):
    return sign_credential(documents.credential_v3(assertion))


def revoked_status_indexes():
    return list(
        Assertion.objects.filter(revoked_at__isnull=False).values_list("status_index", flat=True)
    )


@dataclass
class Verification:
    """What the public verification page shows."""

    status: str  # valid, expired, revoked, invalid, unknown
    assertion: Assertion | None = None
    recipient_match: bool | None = None  # None: no e-mail given, or the recipient hid it
    recipient_hidden: bool = False
    formats: list = field(default_factory=list)


def find_assertion(uid):
    return Assertion.objects.select_related("badge_class__issuer", "member").filter(uid=uid).first()


def _from_uid(uid, email, formats):
    assertion = find_assertion(uid)
    if assertion is None:
        return Verification("unknown", formats=formats)
    if assertion.is_revoked:
        status = "revoked"
    elif assertion.is_expired:
        status = "expired"
    else:
        status = "valid"
    hidden = assertion.member.hide_badge_recipient
    match = None
    if email and not hidden:
        match = assertion.matches_email(email)
    return Verification(status, assertion, match, hidden, formats)


def verify_url(url, email=""):
    """A badge URL of this site (2.0 assertion or 3.0 credential)."""
    found = UID.search(url or "")
    if not found:
        return Verification("unknown")
    return _from_uid(found.group(1), email, ["url"])


def verify_image(data, email=""):
    """A baked PNG or SVG: the 3.0 credential's signature is checked before anything is believed."""
    try:
        baked = unbake(data)
    except NotBaked:
        return Verification("invalid")
    if "openbadgecredential" in baked:
        try:
            credential = verify_credential(baked["openbadgecredential"])
            # The credential must be JSON-LD the canonical contexts define; they are read from
            # the shipped copies, so this never contacts another host.
            jsonld.expand(credential, {"documentLoader": document_loader})
        except (InvalidCredential, jsonld.JsonLdError, UnknownContext):
            return Verification("invalid", formats=["ob3"])
        found = UID.search(credential.get("id", ""))
        return _from_uid(found.group(1), email, ["ob3"]) if found else Verification("invalid")
    text = baked["openbadges"]
    try:
        assertion_id = json.loads(text)["id"] if text.lstrip().startswith("{") else text
    except (ValueError, KeyError, TypeError):
        return Verification("invalid", formats=["ob2"])
    result = verify_url(str(assertion_id), email)
    result.formats = ["ob2"]
    return result

"""The JSON-LD documents of an award: Open Badges 2.0 (hosted) and 3.0 (OpenBadgeCredential).

Times carry their zone (ISO 8601 with offset, in Japan time). When a member asked
to hide their recipient data, the salt is left out: the hash can then no longer
be matched to an e-mail address by anyone, the secretariat included.
"""

import base64
import gzip

from django.utils import timezone

from .contexts import OB2_CONTEXT, OB3_CONTEXT, VC2_CONTEXT
from .links import (
    achievement_v3_url,
    assertion_v2_url,
    badge_class_v2_url,
    badge_image_url,
    credential_v3_url,
    criteria_url,
    issuer_v2_url,
    issuer_v3_url,
    revocation_list_url,
    status_list_url,
)

# The W3C Bitstring Status List minimum size (16 KB), so a list reveals little about how many awards exist.
STATUS_LIST_BITS = 131072


def iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def recipient_salt(assertion):
    return None if assertion.member.hide_badge_recipient else assertion.salt


# -- Open Badges 2.0 ------------------------------------------------------------


def issuer_v2(issuer):
    document = {
        "@context": OB2_CONTEXT,
        "type": "Issuer",
        "id": issuer_v2_url(issuer),
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
        "revocationList": revocation_list_url(issuer),
    }
    if issuer.description:
        document["description"] = issuer.description
    return document


def alignment_v2(alignment):
    item = {"targetName": alignment.target_name, "targetUrl": alignment.target_url}
    if alignment.target_description:
        item["targetDescription"] = alignment.target_description
    if alignment.target_framework:
        item["targetFramework"] = alignment.target_framework
    if alignment.target_code:
        item["targetCode"] = alignment.target_code
    return item


def badge_class_v2(badge_class):
    return {
        "@context": OB2_CONTEXT,
        "type": "BadgeClass",
        "id": badge_class_v2_url(badge_class),
        "name": badge_class.name,
        "description": badge_class.description,
        "image": badge_image_url(badge_class),
        "criteria": {"id": criteria_url(badge_class), "narrative": badge_class.criteria},
        "issuer": issuer_v2_url(badge_class.issuer),
        "alignment": [alignment_v2(a) for a in badge_class.alignments.all()],
    }


def assertion_v2(assertion):
    recipient = {"type": "email", "hashed": True, "identity": assertion.recipient_identity}
    salt = recipient_salt(assertion)
    if salt:
        recipient["salt"] = salt
    document = {
        "@context": OB2_CONTEXT,
        "type": "Assertion",
        "id": assertion_v2_url(assertion),
        "recipient": recipient,
        "badge": badge_class_v2_url(assertion.badge_class),
        "verification": {"type": "HostedBadge"},
        "issuedOn": iso(assertion.issued_on),
    }
    if assertion.expires_at:
        document["expires"] = iso(assertion.expires_at)
    if assertion.narrative:
        document["narrative"] = assertion.narrative
    if assertion.evidence_url:
        document["evidence"] = [{"id": assertion.evidence_url}]
    return document


def revoked_assertion_v2(assertion):
    """What a revoked hosted assertion answers (with HTTP 410)."""
    return {
        "@context": OB2_CONTEXT,
        "type": "Assertion",
        "id": assertion_v2_url(assertion),
        "revoked": True,
        "revocationReason": assertion.revocation_reason,
    }


def revocation_list_v2(issuer, revoked_assertions):
    return {
        "@context": OB2_CONTEXT,
        "type": "RevocationList",
        "id": revocation_list_url(issuer),
        "issuer": issuer_v2_url(issuer),
        "revokedAssertions": [
            {"id": assertion_v2_url(a), "revocationReason": a.revocation_reason}
            for a in revoked_assertions
        ],
    }


# -- Open Badges 3.0 ------------------------------------------------------------


def profile_v3(issuer, *, with_context=True):
    document = {
        "id": issuer_v3_url(issuer),
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
    }
    if issuer.description:
        document["description"] = issuer.description
    if with_context:
        document = {"@context": [VC2_CONTEXT, OB3_CONTEXT], **document}
    return document


def achievement_v3(badge_class):
    alignments = []
    for alignment in badge_class.alignments.all():
        item = {"type": ["Alignment"], **alignment_v2(alignment)}
        alignments.append(item)
    document = {
        "id": achievement_v3_url(badge_class),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": badge_class.name,
        "description": badge_class.description,
        "criteria": {"id": criteria_url(badge_class), "narrative": badge_class.criteria},
        "image": {"id": badge_image_url(badge_class), "type": "Image"},
        "creator": profile_v3(badge_class.issuer, with_context=False),
    }
    if alignments:
        document["alignment"] = alignments
    return document


def credential_v3(assertion):
    """The award as an unsigned OpenBadgeCredential (VC Data Model 2.0)."""
    identity = {
        "type": "IdentityObject",
        "identityHash": assertion.recipient_identity,
        "identityType": "emailAddress",
        "hashed": True,
    }
    salt = recipient_salt(assertion)
    if salt:
        identity["salt"] = salt
    badge_class = assertion.badge_class
    credential = {
        "@context": [VC2_CONTEXT, OB3_CONTEXT],
        "id": credential_v3_url(assertion),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": badge_class.name,
        "issuer": profile_v3(badge_class.issuer, with_context=False),
        "validFrom": iso(assertion.issued_on),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [identity],
            "achievement": achievement_v3(badge_class),
        },
        "credentialStatus": {
            "id": f"{status_list_url()}#{assertion.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(assertion.status_index),
            "statusListCredential": status_list_url(),
        },
    }
    if assertion.expires_at:
        credential["validUntil"] = iso(assertion.expires_at)
    if assertion.narrative:
        credential["credentialSubject"]["narrative"] = assertion.narrative
    if assertion.evidence_url:
        credential["evidence"] = [{"id": assertion.evidence_url, "type": ["Evidence"]}]
    return credential


def encode_status_list(revoked_indexes):
    """Multibase base64url (no padding) of the GZIP of the bitstring; index 0 is the first, leftmost bit."""
    size = max(STATUS_LIST_BITS, max(revoked_indexes, default=-1) + 1)
    size += -size % 8
    bits = bytearray(size // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode_status_list(encoded):
    data = encoded[1:] if encoded.startswith("u") else encoded
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def status_bit(bitstring, index):
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(issuer, revoked_indexes):
    url = status_list_url()
    return {
        "@context": [VC2_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_v3_url(issuer),
        "validFrom": iso(timezone.now()),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_status_list(revoked_indexes),
        },
    }

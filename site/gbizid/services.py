"""Who a gBizID user becomes: one local user per gBizID ``sub``, joined to its organisation."""

import hashlib
import logging
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from catalogue.models import Partner, PartnerMember
from catalogue.permissions import PARTNER_GROUP

from .claims import AccountType, CorpType, claim, corporate_number, prefecture_code

logger = logging.getLogger(__name__)

USERNAME_SAFE = re.compile(r"^[\w.@+-]{1,100}$")


def username_for(subject):
    """A stable username from the gBizID subject (hashed when it would not fit the field)."""
    if USERNAME_SAFE.match(subject):
        return f"gbizid-{subject}"
    return "gbizid-" + hashlib.sha256(subject.encode()).hexdigest()[:40]


def find_partner(claims):
    """The Partner this gBizID account belongs to, if its organisation is registered.

    By 法人番号 (a メンバー has its プライム's number); a 個人事業主 has none, so its メンバー is
    matched through ``parent_id``, the subject of the プライム that issued it.
    """
    number = corporate_number(claims)
    if number:
        return Partner.objects.filter(corporate_number=number).first()
    parent = claim(claims, "parent_id")
    if claim(claims, "account_type") == AccountType.MEMBER and parent:
        membership = (
            PartnerMember.objects.select_related("partner")
            .filter(gbizid_subject=parent, partner__isnull=False)
            .first()
        )
        return membership.partner if membership else None
    return None


@transaction.atomic
def sign_in(claims):
    """The local user for verified gBizID ``claims``: created on first sign-in, updated after.

    A new user has no usable password (partners never sign in with one) and is in the
    講座提供事業者 group. Name and e-mail follow UserInfo at every sign-in. A user without a
    partner joins the one with its 法人番号 as soon as that is registered.
    """
    subject = claim(claims, "sub")
    membership = (
        PartnerMember.objects.select_for_update(of=("self",))
        .select_related("user", "partner")
        .filter(gbizid_subject=subject)
        .first()
    )
    if membership is None:
        user = get_user_model()(username=username_for(subject))
        user.set_unusable_password()
        update_profile(user, claims)
        user.save()
        user.groups.add(Group.objects.get(name=PARTNER_GROUP))
        membership = PartnerMember.objects.create(user=user, gbizid_subject=subject)
        logger.info("gBizID sign-in created user %s", user.username)
    else:
        user = membership.user
        update_profile(user, claims)
        user.save(update_fields=["first_name", "last_name", "email"])
    if membership.partner is None:
        partner = find_partner(claims)
        if partner is not None:
            membership.partner = partner
            membership.save(update_fields=["partner"])
            logger.info("gBizID user %s joined partner %s", user.username, partner.pk)
    return user


def update_profile(user, claims):
    """The person's name (gBizID ``user_last_nm``/``user_first_nm``, else ``name``) and e-mail."""
    last, first = claim(claims, "user_last_nm"), claim(claims, "user_first_nm")
    if last or first:
        user.last_name, user.first_name = last[:150], first[:150]
    else:
        user.last_name, user.first_name = claim(claims, "name")[:150], ""
    user.email = claim(claims, "email")[:254]


def partner_prefill(claims):
    """The registration form's values that gBizID already knows (STEP2 "one-minute form")."""
    sole = claim(claims, "corp_type") == CorpType.SOLE_PROPRIETOR
    last, first = claim(claims, "user_last_nm"), claim(claims, "user_first_nm")
    prefill = {
        "corporate_number": corporate_number(claims),
        "corporate_type": (
            Partner.CorporateType.SOLE_PROPRIETOR if sole else Partner.CorporateType.CORPORATION
        ).value,
        "name": claim(claims, "name")[:200],
        "prefecture": prefecture_code(claims),
        "contact_email": claim(claims, "email"),
        "contact_name": " ".join(part for part in (last, first) if part)[:100],
    }
    return {key: value for key, value in prefill.items() if value}

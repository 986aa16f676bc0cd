"""Who a verified gBizID account becomes, for the cases the demo accounts do not cover."""

import pytest

from catalogue.models import Partner, PartnerMember
from manabi.gbizid.claims import Reason, SignInRefused, check_claims
from manabi.gbizid.services import partner_prefill, sign_in
from tests.catalogue.factories import PartnerFactory

SOLE_PRIME = {
    "sub": "sole-prime-1",
    "account_type": "2",
    "corp_type": "2",
    "name": "まなび工房",
    "prefecture_name": "東京都",
}


@pytest.mark.django_db
def test_a_sole_proprietors_member_joins_through_its_primes_subject():
    partner = PartnerFactory(
        corporate_type=Partner.CorporateType.SOLE_PROPRIETOR, corporate_number=""
    )
    prime = sign_in(SOLE_PRIME)
    PartnerMember.objects.filter(user=prime).update(partner=partner)

    member = sign_in(
        {**SOLE_PRIME, "sub": "sole-member-1", "account_type": "3", "parent_id": "sole-prime-1"}
    )

    assert member.partner_membership.partner == partner


@pytest.mark.django_db
def test_a_sole_proprietor_never_matches_a_partner_by_a_stray_corporate_number():
    PartnerFactory(corporate_number="7000012050002")
    user = sign_in({**SOLE_PRIME, "corporate_number": "7000012050002"})
    assert user.partner_membership.partner is None
    assert partner_prefill({**SOLE_PRIME, "corporate_number": "7000012050002"}) == {
        "corporate_type": "sole_proprietor",
        "name": "まなび工房",
        "prefecture": "13",
    }


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({**SOLE_PRIME, "account_type": "1"}, Reason.ENTRY_ACCOUNT),
        ({**SOLE_PRIME, "account_type": 1}, Reason.ENTRY_ACCOUNT),  # compared as strings
        ({**SOLE_PRIME, "account_type": "9"}, Reason.UNKNOWN_ACCOUNT_TYPE),
        ({k: v for k, v in SOLE_PRIME.items() if k != "account_type"}, Reason.MISSING_CLAIM),
        ({**SOLE_PRIME, "corp_type": "1"}, Reason.MISSING_CLAIM),  # a 法人 without its 法人番号
        ({**SOLE_PRIME, "name": "  "}, Reason.MISSING_CLAIM),
    ],
)
def test_claims_that_do_not_get_in(claims, reason):
    with pytest.raises(SignInRefused) as refusal:
        check_claims(claims)
    assert refusal.value.reason == reason


def test_prime_and_member_get_in():
    check_claims(SOLE_PRIME)
    check_claims({**SOLE_PRIME, "account_type": 3})

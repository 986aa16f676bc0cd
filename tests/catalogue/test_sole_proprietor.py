"""個人事業主 have no 法人番号: registration accepts them; corporations still need a valid one."""

import pytest
from django.core.exceptions import ValidationError

from catalogue.models import Partner
from tests.catalogue.factories import PartnerFactory

SOLE = Partner.CorporateType.SOLE_PROPRIETOR


@pytest.mark.django_db
def test_sole_proprietors_register_without_a_corporate_number():
    first = PartnerFactory.build(corporate_type=SOLE, corporate_number="")
    first.full_clean()
    first.save()
    second = PartnerFactory.build(corporate_type=SOLE, corporate_number="")
    second.full_clean()  # an empty number is no one's number: no uniqueness clash
    second.save()
    assert Partner.objects.filter(corporate_number="").count() == 2


@pytest.mark.django_db
def test_a_corporation_must_give_its_corporate_number():
    partner = PartnerFactory.build(corporate_number="")
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert error.value.message_dict["corporate_number"] == [
        "法人の場合は13桁の法人番号を入力してください。"
    ]


@pytest.mark.django_db
def test_a_sole_proprietor_cannot_claim_a_corporate_number():
    partner = PartnerFactory.build(corporate_type=SOLE, corporate_number="7000012050002")
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert error.value.message_dict["corporate_number"] == [
        "個人事業主には法人番号がありません。空欄にしてください。"
    ]


@pytest.mark.django_db
def test_corporate_numbers_stay_unique_and_check_digit_checked():
    existing = PartnerFactory()
    duplicate = PartnerFactory.build(corporate_number=existing.corporate_number)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "この法人番号の事業者はすでに登録されています。" in str(error.value)
    wrong = PartnerFactory.build(corporate_number="1000012050002")
    with pytest.raises(ValidationError):
        wrong.full_clean()

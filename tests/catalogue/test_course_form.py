"""The course form a partner can fill in alone."""

import pytest
from django.urls import reverse

from catalogue.models import Course, ListingCriterion
from tests.catalogue.admin import course_form_data, snippet_url
from tests.catalogue.factories import PartnerFactory, PartnerUserFactory

pytestmark = pytest.mark.django_db
JA = {"accept-language": "ja"}


@pytest.fixture
def partner_client(client, site):
    partner = PartnerFactory()
    client.force_login(PartnerUserFactory(partner=partner))
    client.partner = partner
    return client


def test_multi_value_fields_are_checkboxes_with_marks_and_help(partner_client):
    html = partner_client.get(snippet_url(Course, "add"), headers=JA).content.decode()
    for name in ("standards", "roles", "skill_categories", "reskill_fields", "subsidies", "exams"):
        assert f'type="checkbox" name="{name}"' in html, name
        assert f'<select name="{name}"' not in html
    compact = " ".join(html.split())
    assert 'デジタルスキル標準<span class="w-required-mark">*</span>' in compact
    assert "レベル1：DXリテラシー標準" in html
    assert "15ロールすべてに自動で紐付きます" in html
    assert reverse("catalogue_admin:listing_criteria") in html


def test_missing_standard_is_a_japanese_error_and_nothing_is_saved(partner_client):
    data = course_form_data(partner_client.partner, standards=None)
    response = partner_client.post(snippet_url(Course, "add"), data, headers=JA)
    assert response.status_code == 200
    assert "デジタルスキル標準を1つ以上選んでください。" in response.content.decode()
    assert "はじめてのデータ分析" in response.content.decode()  # the input is kept
    assert not Course.objects.exists()


def test_the_partner_is_told_when_every_role_is_linked(partner_client):
    response = partner_client.post(
        snippet_url(Course, "add"),
        course_form_data(partner_client.partner),
        follow=True,
        headers=JA,
    )
    course = Course.objects.get()
    assert course.roles.count() == 15
    assert "15件のロールすべてに自動で紐付けました" in response.content.decode()


def test_partners_can_read_the_listing_criteria(partner_client):
    criterion = ListingCriterion.objects.filter(is_active=True).first()
    response = partner_client.get(reverse("catalogue_admin:listing_criteria"), headers=JA)
    assert response.status_code == 200
    html = response.content.decode()
    assert criterion.text in html
    assert "掲載基準" in html and "3年間" in html

"""Hearings (#13 item 4): recorded by the secretariat, linked to a member and an article, hidden from others."""

import pytest

from community.models import Hearing
from tests.catalogue.factories import PartnerFactory, PartnerUserFactory, SecretariatUserFactory
from tests.community.factories import MemberFactory

pytestmark = pytest.mark.django_db
ADD = "/admin/community_hearings/new/"


def form(**overrides):
    return {
        "held_on": "2026-11-10",
        "interviewer": "事務局 佐藤",
        "interviewee": "修了 花子",
        "organisation": "株式会社サンプル",
        "notes": "協働先企業での在庫分析が社内で定着した。",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        **overrides,
    }


def test_secretariat_records_a_hearing_linked_to_a_member(client, site):
    member = MemberFactory()
    client.force_login(SecretariatUserFactory())
    response = client.post(ADD, form(member=member.pk))
    assert response.status_code == 302
    hearing = Hearing.objects.get()
    assert hearing.member == member
    listing = client.get("/admin/community_hearings/").content.decode()
    assert "修了 花子" in listing and "株式会社サンプル" in listing


def test_bad_hearing_input_is_explained_and_kept(client, site):
    client.force_login(SecretariatUserFactory())
    response = client.post(ADD, form(held_on="2026-13-40", interviewee=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "held_on" in errors and "interviewee" in errors
    assert "協働先企業での在庫分析が社内で定着した。" in response.content.decode()
    assert not Hearing.objects.exists()


def test_partners_cannot_reach_hearings(client, site):
    client.force_login(PartnerUserFactory(partner=PartnerFactory()))
    assert client.get("/admin/community_hearings/").status_code in (302, 403)
    assert client.post(ADD, form()).status_code in (302, 403)
    assert not Hearing.objects.exists()


def test_hearing_list_query_count_is_flat(client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(SecretariatUserFactory())

    def count():
        client.get("/admin/community_hearings/")
        with CaptureQueriesContext(connection) as context:
            assert client.get("/admin/community_hearings/").status_code == 200
        return len(context)

    Hearing.objects.create(held_on="2026-11-01", interviewee="一人目")
    one = count()
    for i in range(49):
        Hearing.objects.create(held_on="2026-11-01", interviewee=f"{i}人目")
    assert count() == one

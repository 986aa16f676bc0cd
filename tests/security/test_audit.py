"""The audit log records who listed, opened and exported personal data; the secretariat reads it."""

import pytest
from django.utils import timezone

from quest.models import CompanyIntake
from security.models import AuditEvent
from tests.catalogue.factories import PartnerFactory, PartnerUserFactory, SecretariatUserFactory

pytestmark = pytest.mark.django_db

INTAKES = "/admin/quest_company_intakes/"


@pytest.fixture
def intake():
    return CompanyIntake.objects.create(
        company_name="株式会社みらい製作所",
        contact_name="佐藤",
        email="sato@mirai.example.jp",
        phone="011-000-0000",
        prefecture="01",
        dx_stage="pattern2",
        challenge="生産計画のデータ活用",
        consented_at=timezone.now(),
    )


def test_list_inspect_and_export_are_recorded(client, site, intake):
    reviewer = SecretariatUserFactory()
    client.force_login(reviewer)
    assert client.get(INTAKES, {"dx_stage": "pattern2"}).status_code == 200
    assert client.get(f"{INTAKES}inspect/{intake.pk}/").status_code == 200
    export = client.get(INTAKES, {"export": "csv"})
    assert export.status_code == 200 and b"sato@mirai.example.jp" in b"".join(
        export.streaming_content if export.streaming else [export.content]
    )
    events = list(AuditEvent.objects.filter(user=reviewer, action__startswith="pd_").order_by("pk"))
    assert [e.action for e in events] == ["pd_listed", "pd_viewed", "pd_exported"]
    assert "dx_stage=pattern2" in events[0].subject
    assert str(intake.pk) in events[1].subject
    assert "export=csv" in events[2].subject


def test_the_secretariat_reads_the_log_but_nobody_changes_it(
    client, site, intake, django_user_model
):
    event = AuditEvent.objects.create(action="login_failed", username="attacker")
    reviewer = SecretariatUserFactory()
    client.force_login(reviewer)
    listing = client.get("/admin/security_audit_log/")
    assert listing.status_code == 200 and "attacker" in listing.content.decode()
    assert client.get(f"/admin/security_audit_log/inspect/{event.pk}/").status_code == 200
    root = django_user_model.objects.create_superuser("root", "root@example.jp", "x" * 12)
    for user in (reviewer, root):
        client.force_login(user)
        assert client.get(f"/admin/security_audit_log/edit/{event.pk}/").status_code in (302, 403)
        client.post(f"/admin/security_audit_log/delete/{event.pk}/")
        assert client.get("/admin/security_audit_log/new/").status_code in (302, 403)
    assert AuditEvent.objects.filter(pk=event.pk, username="attacker").exists()


def test_partners_do_not_see_the_log(client, site):
    AuditEvent.objects.create(action="login_failed", username="attacker")
    client.force_login(PartnerUserFactory(partner=PartnerFactory()))
    response = client.get("/admin/security_audit_log/")
    assert response.status_code in (302, 403)
    assert "attacker" not in response.content.decode()


def test_the_log_listing_costs_the_same_queries_for_1_and_50_events(client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(SecretariatUserFactory())

    def queries():
        client.get("/admin/security_audit_log/")
        with CaptureQueriesContext(connection) as context:
            assert client.get("/admin/security_audit_log/").status_code == 200
        return len(context)

    AuditEvent.objects.create(action="login_failed", username="a")
    one = queries()
    AuditEvent.objects.bulk_create(
        AuditEvent(action="pd_viewed", username=f"u{n}", subject=f"x {n}") for n in range(49)
    )
    assert queries() == one

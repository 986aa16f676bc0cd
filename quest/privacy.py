"""Personal data of applicants and companies: retention, disclosure and deletion.

One place for what "erasing" means: an application keeps its round, choices,
prefecture, age band, occupation and dates (the programme statistics) and loses
everything that identifies the person; a company intake is deleted.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Application, CompanyIntake, PersonalDataRequest

logger = logging.getLogger(__name__)

ERASED = "（削除済み）"


def anonymise_applications(queryset, now=None):
    """Remove what identifies the applicants; return how many were anonymised."""
    now = now or timezone.now()
    count = 0
    for pk in queryset.filter(anonymised_at__isnull=True).values_list("pk", flat=True):
        Application.objects.filter(pk=pk).update(
            name=ERASED,
            name_kana=ERASED,
            # Unique per round, and never deliverable (RFC 2606 reserved domain).
            email=f"erased-{pk}@erased.invalid",
            statement="",
            anonymised_at=now,
        )
        count += 1
    return count


def data_for(email):
    """What the site holds for an e-mail address: applications and company intakes."""
    email = email.strip()
    return (
        Application.objects.filter(email__iexact=email, anonymised_at__isnull=True),
        CompanyIntake.objects.filter(email__iexact=email),
    )


@transaction.atomic
def carry_out(request_record, user):
    """Carry out a disclosure or deletion request and record who did it and what it found."""
    applications, intakes = data_for(request_record.email)
    if request_record.kind == PersonalDataRequest.Kind.DELETION:
        anonymised = anonymise_applications(applications)
        deleted, _ = intakes.delete()
        result = f"応募 {anonymised} 件を匿名化、企業登録 {deleted} 件を削除しました。"
    else:
        lines = [
            f"応募: {a.created_at:%Y-%m-%d} {a.recruitment_round} {a.name} {a.email} "
            f"{a.get_prefecture_display()} {a.get_occupation_display()} {a.get_age_band_display()}"
            for a in applications.select_related("recruitment_round")
        ]
        lines += [
            f"企業登録: {i.created_at:%Y-%m-%d} {i.company_name} {i.contact_name} {i.email} {i.phone}"
            for i in intakes
        ]
        result = "\n".join(lines) or "該当するデータはありません。"
    request_record.status = PersonalDataRequest.Status.DONE
    request_record.handled_at = timezone.now()
    request_record.handled_by = user
    request_record.result = result
    request_record.save()
    logger.info(
        "personal data request %s (%s) carried out by %s: %s",
        request_record.pk,
        request_record.kind,
        user,
        result.splitlines()[0] if result else "",
    )
    return result


@transaction.atomic
def apply_retention(now=None):
    """Anonymise applications and delete company intakes older than the retention period."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    anonymised = anonymise_applications(Application.objects.filter(created_at__lt=cutoff), now)
    deleted, _ = CompanyIntake.objects.filter(created_at__lt=cutoff).delete()
    logger.info(
        "retention (%s days, before %s): %s applications anonymised, %s company intakes deleted",
        settings.PERSONAL_DATA_RETENTION_DAYS,
        cutoff.isoformat(),
        anonymised,
        deleted,
    )
    return {"anonymised_applications": anonymised, "deleted_intakes": deleted, "cutoff": cutoff}

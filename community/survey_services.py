"""Survey invitations, reminders, response rates and exports (plain functions)."""

import csv
import datetime
import io
from secrets import token_urlsafe

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from manabi.exports import neutralise_formula
from manabi.mail import send_templated_mail
from quest.models import CompanyIntake, ExportLog

from .models import Member, SurveyInvitation, SurveyPage
from .models.surveys import hash_token


def _link(survey, token):
    return f"{settings.WAGTAILADMIN_BASE_URL}{survey.url}?t={token}"


def _send(survey, invitation, token, template):
    send_templated_mail(
        f"community/emails/{template}.txt",
        {"survey": survey, "link": _link(survey, token)},
        [invitation.email],
    )


def invite(survey, recipients, target_group):
    """Invite each (email, member) once; returns how many new invitations were sent."""
    sent = 0
    for email, member in recipients:
        try:
            with transaction.atomic():
                invitation, token = SurveyInvitation.issue(survey, email, target_group, member)
        except IntegrityError:
            continue  # already invited: one answer per invitee
        _send(survey, invitation, token, "survey_invitation")
        SurveyInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
        sent += 1
    return sent


def cohort_recipients(cohort):
    members = Member.objects.filter(
        completions__cohort=cohort, consent_withdrawn_at__isnull=True, left_at__isnull=True
    ).distinct()
    return [(m.email, m) for m in members]


def round_company_recipients(recruitment_round):
    """Companies whose intake arrived in the round's application window."""
    intakes = CompanyIntake.objects.filter(
        created_at__gte=recruitment_round.applications_open_at,
        created_at__lte=recruitment_round.applications_close_at,
    )
    return [(intake.email, None) for intake in intakes]


def pasted_recipients(text):
    """One address a line; raises ValidationError naming every bad line."""
    recipients, bad = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        address = line.strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            bad.append(_("line %(n)d: %(value)s") % {"n": number, "value": address[:100]})
        else:
            recipients.append((address, None))
    if bad:
        raise ValidationError(_("These lines are not e-mail addresses: %s") % "; ".join(bad))
    return recipients


def send_reminders(survey):
    """Remind everyone not yet answered, with a fresh link (the old one stops working)."""
    reminded = 0
    for invitation in survey.invitations.filter(answered_at__isnull=True, reminded_at__isnull=True):
        token = token_urlsafe(32)
        invitation.token_hash = hash_token(token)
        invitation.reminded_at = timezone.now()
        invitation.save(update_fields=["token_hash", "reminded_at"])
        _send(survey, invitation, token, "survey_reminder")
        reminded += 1
    return reminded


def send_due_reminders(now=None):
    """Daily job: remind non-respondents of every live survey that closes within
    ``SURVEY_REMINDER_DAYS``. Idempotent, as ``send_reminders`` reminds each invitee once;
    a closed survey is left alone. Returns {survey title: invitees reminded}."""
    now = now or timezone.now()
    due = SurveyPage.objects.live().filter(
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=now + datetime.timedelta(days=settings.SURVEY_REMINDER_DAYS),
    )
    return {survey.title: send_reminders(survey) for survey in due}


def response_rates(survey):
    """(target group, invited, answered, percent) per group, in one query."""
    rows = (
        survey.invitations.values("target_group")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .order_by("target_group")
    )
    return [
        (
            row["target_group"],
            row["invited"],
            row["answered"],
            round(row["answered"] * 100 / row["invited"], 1) if row["invited"] else 0,
        )
        for row in rows
    ]


def safe_cell(value):
    """Text a spreadsheet will not run as a formula."""
    if isinstance(value, list):
        value = "、".join(str(v) for v in value)
    return neutralise_formula(value)


def export_rows(survey):
    questions = list(survey.questions.all())
    header = [_("Submission date"), *[q.label for q in questions]]
    rows = []
    for response in survey.get_submission_class().objects.filter(page=survey).order_by("pk"):
        data = response.form_data
        rows.append(
            [
                timezone.localtime(response.submit_time).strftime("%Y-%m-%d %H:%M"),
                *[safe_cell(data.get(q.clean_name, "")) for q in questions],
            ]
        )
    return header, rows


def export_survey(survey, user, export_format):
    """CSV (UTF-8 with BOM) or XLSX bytes of every answer; the export is logged."""
    header, rows = export_rows(survey)
    if export_format == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow([safe_cell(h) for h in header])
        writer.writerows(rows)
        content = ("\ufeff" + text.getvalue()).encode("utf-8")
    ExportLog.objects.create(
        user=user,
        model=f"survey:{survey.pk}",
        export_format=export_format,
        filters=survey.title,
        row_count=len(rows),
    )
    return content

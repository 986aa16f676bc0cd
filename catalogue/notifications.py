"""E-mails to partners: review results, listing actions and expiry warnings."""

import logging

from django.conf import settings

from manabi.groups import SECRETARIAT_GROUP
from manabi.mail import send_templated_mail

logger = logging.getLogger(__name__)


def partner_recipients(partner):
    """The partner's contact address and its members' addresses, without duplicates."""
    addresses = [partner.contact_email] if partner.contact_email else []
    addresses += [
        email
        for email in partner.members.select_related("user").values_list("user__email", flat=True)
        if email
    ]
    return list(dict.fromkeys(addresses))


def notify_partner(partner, template, context):
    """Send ``catalogue/emails/<template>.txt``: first line is the subject, the rest the body.

    Subjects and bodies are built by the template engine and sent through
    Django's mail API, which rejects header injection in the subject.
    """
    recipients = partner_recipients(partner)
    if not recipients:
        logger.warning("no e-mail address for partner %s; %s not sent", partner.pk, template)
        return 0
    context = {"partner": partner, "base_url": settings.WAGTAILADMIN_BASE_URL, **context}
    return send_templated_mail(f"catalogue/emails/{template}.txt", context, recipients)


def secretariat_recipients():
    """Addresses of the active users of the secretariat group."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=SECRETARIAT_GROUP)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
        .distinct()
    )


def notify_secretariat(template, context):
    """Send ``catalogue/emails/<template>.txt`` to the secretariat."""
    recipients = secretariat_recipients()
    if not recipients:
        logger.warning("no secretariat address; %s not sent", template)
        return 0
    context = {"base_url": settings.WAGTAILADMIN_BASE_URL, **context}
    return send_templated_mail(f"catalogue/emails/{template}.txt", context, recipients)

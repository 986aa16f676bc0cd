"""E-mails to partners: review results, listing actions and expiry warnings."""

import logging

from django.conf import settings

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

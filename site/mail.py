"""E-mail built from a template whose first line is the subject, delivered by the task queue."""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


MAX_ATTEMPTS = 8  # 1 min, 2, 4 … 64 min: a mail server's outage of about two hours


@task()
def deliver_mail(subject: str, body: str, to: list[str], attempt: int = 1) -> int:
    """Send one rendered e-mail; run by the task worker in production.

    Queued in the database inside the transaction of the change it reports, so the
    e-mail goes out only if the change committed, and an SMTP outage delays it
    (queued again with a doubling delay) instead of failing the user's request.
    """
    try:
        return EmailMessage(subject=subject, body=body, to=to).send()
    except OSError:
        if not deliver_mail.get_backend().supports_defer or attempt >= MAX_ATTEMPTS:
            raise
        logger.warning("e-mail to %s failed (attempt %s); queued again", to, attempt)
        run_after = timezone.now() + timedelta(minutes=2 ** (attempt - 1))
        deliver_mail.using(run_after=run_after).enqueue(subject, body, to, attempt + 1)
        return 0


def render_plain_text(template_name, context):
    """Render a plain-text template without HTML escaping (``R&D`` stays ``R&D``).

    Django's engine escapes for HTML; an e-mail body is not HTML, so the
    template is rendered with autoescaping off.
    """
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def send_templated_mail(template_name, context, to):
    """Render ``template_name`` and queue it: first line subject, the rest the body.

    Subjects come from templates and go through Django's mail API, which
    refuses header injection; line breaks inside the subject are folded.
    """
    rendered = render_plain_text(template_name, context).strip()
    subject, _, body = rendered.partition("\n")
    deliver_mail.enqueue(" ".join(subject.split()), body.strip() + "\n", list(to))
    return 1

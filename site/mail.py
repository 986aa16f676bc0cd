"""E-mail built from a template whose first line is the subject."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def send_templated_mail(template_name, context, to):
    """Render ``template_name`` and send it: first line subject, the rest the body.

    Subjects come from templates and go through Django's mail API, which
    refuses header injection; line breaks inside the subject are folded.
    """
    rendered = render_to_string(template_name, context).strip()
    subject, _, body = rendered.partition("\n")
    return EmailMessage(subject=" ".join(subject.split()), body=body.strip() + "\n", to=to).send()

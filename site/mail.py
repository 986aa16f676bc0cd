"""E-mail built from a template whose first line is the subject."""

from django.core.mail import EmailMessage
from django.template import Context
from django.template.loader import get_template


def render_plain_text(template_name, context):
    """Render a plain-text template without HTML escaping (``R&D`` stays ``R&D``).

    Django's engine escapes for HTML; an e-mail body is not HTML, so the
    template is rendered with autoescaping off.
    """
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def send_templated_mail(template_name, context, to):
    """Render ``template_name`` and send it: first line subject, the rest the body.

    Subjects come from templates and go through Django's mail API, which
    refuses header injection; line breaks inside the subject are folded.
    """
    rendered = render_plain_text(template_name, context).strip()
    subject, _, body = rendered.partition("\n")
    return EmailMessage(subject=" ".join(subject.split()), body=body.strip() + "\n", to=to).send()

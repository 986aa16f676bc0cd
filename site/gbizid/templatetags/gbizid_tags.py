from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def gbizid_enabled():
    """Whether this site is registered with gBizID (``GBIZID_ISSUER`` is set)."""
    return bool(getattr(settings, "GBIZID", None))

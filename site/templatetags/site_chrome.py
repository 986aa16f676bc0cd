"""The parts every public page shares (header navigation, footer, title suffix), rendered once
per process for each version of the public content.

Rendering them costs a Site lookup, two settings queries and a page URL on every page (4–6 ms of
CPU, a quarter of a search page). What they show is in the page cache's ``SHOWN_ON_PAGES`` or a
page, so a change bumps the public content version (``manabi.page_cache``) and the next page
renders them anew. The version is the one the page cache read for this request: where it read
none (the cache is off, Redis does not answer, a signed-in editor), the parts render as usual.
Like a cached page, a part lives at most ``PAGE_CACHE_SECONDS``: a bump lost while Redis was
down, or a Redis restored from an older snapshot, is outlived within that time.
"""

from django import template
from django.conf import settings
from django.utils.translation import get_language

from manabi.api.support import kept_in_process

register = template.Library()


@register.simple_tag(takes_context=True)
def shared_part(context, template_name):
    """``template_name`` rendered with the page's context, reused while the content version holds."""
    request = context.get("request")
    version = getattr(request, "catalogue_version", None) if request is not None else None
    if version is None or not settings.PAGE_CACHE_SECONDS:
        return render_part(context, template_name)
    key = ("part", template_name, request.scheme, request.get_host(), get_language(), version)
    return kept_in_process(
        key, settings.PAGE_CACHE_SECONDS, lambda: render_part(context, template_name)
    )


def render_part(context, template_name):
    # As {% include %} does: the page's context, with anything the part sets popped after.
    part = context.template.engine.get_template(template_name)
    with context.push():
        return part.render(context)  # a SafeString: the part's template escaped its values

"""Public pages answered to anonymous visitors from the shared cache until what they show changes.

Most public requests are the same few pages for everyone: the home page, course pages, the
learner's search with common words, Quest's programme pages. Rendering one costs 20–30 ms of CPU
(Wagtail's page lookup, a dozen queries, the templates); answering it from Redis costs well
under one. That CPU is what a search waits for when the cores are busy.

What may be shared, and only that:
- the request is a GET from someone without a session (not signed in, no pending message);
- the view is one of ``PUBLIC_PAGE_VIEWS`` (Wagtail's pages, the course search and course pages:
  nothing under /admin/, /api/ — which has its own cache — or any form);
- the answer is a 200 that sets no cookie (a page holding a CSRF token sets one, so forms are
  never shared) and does not say ``private`` / ``no-store`` / ``no-cache``.

Entries carry the public content version (``manabi.api.support.catalogue_version``), which every
publication change bumps — a course, a partner, any Wagtail page (so a Quest round's
announcement shows the moment the scheduler publishes it), the settings and taxonomies the
pages show, and the search index after it applied an update. ``PAGE_CACHE_SECONDS`` bounds
anything else (0 turns the cache off: the tests' default).
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re

from .api.support import bump_api_cache_version, versioned_entry

# The views whose anonymous answers are the same for everyone (module.function).
PUBLIC_PAGE_VIEWS = frozenset(
    {
        "wagtail.views.serve",
        "search.views.course_search",
        "catalogue.views.course_detail",
    }
)
# Models shown on public pages without a publication of their own: (app label, model name).
SHOWN_ON_PAGES = (
    ("manabi", "SiteSettings"),
    ("manabi", "NavigationSettings"),
    ("catalogue", "SkillStandard"),
    ("catalogue", "RoleCategory"),
    ("catalogue", "Role"),
    ("catalogue", "SkillCategory"),
    ("catalogue", "ReskillField"),
    ("catalogue", "Exam"),
    ("catalogue", "Subsidy"),
    ("quest", "Operator"),
    ("quest", "RecruitmentRound"),
    ("quest", "InterviewTag"),
    ("quest", "Material"),
    ("search", "Synonym"),
    # A page made private (or a page under one) must stop being shared at once.
    ("wagtailcore", "PageViewRestriction"),
    # Which settings and root a host gets: the footer and links of every page.
    ("wagtailcore", "Site"),
)
# Cache-Control directives that forbid sharing an answer.
UNSHAREABLE = {"private", "no-store", "no-cache"}
# Request headers an answer may vary on and still be shared: the key holds none of the others
# (a course page's way back comes from the Referer: Vary: Referer keeps it the visitor's own).
SHAREABLE_VARY = {"cookie", "accept-encoding", "accept-language"}
# Larger answers are not kept (a flood of odd URLs must not fill Redis with big pages).
MAX_ENTRY_BYTES = 512 * 1024


def is_shareable_request(request):
    """A GET from a visitor without a session or pending messages (cookies of no consequence)."""
    return (
        bool(settings.PAGE_CACHE_SECONDS)
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def header_words(response, name):
    return {d.split("=")[0].strip().lower() for d in cc_delim_re.split(response.get(name, "")) if d}


def is_shareable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > MAX_ENTRY_BYTES:
        return False
    if header_words(response, "Cache-Control") & UNSHAREABLE:
        return False
    return header_words(response, "Vary") <= SHAREABLE_VARY


def public_content_changed(**kwargs):
    """Bump the public content version now, and again once the change commits.

    The second bump matters: a page rendered from the old rows between the first bump and
    the commit would otherwise be kept under the new version.
    """
    bump_api_cache_version()
    transaction.on_commit(bump_api_cache_version)


def page_key(request):
    # Scheme and host are part of the key: pages carry absolute links (canonical, feeds). The
    # day is too: a course whose listing ends today is gone at midnight with no event. The
    # version is in the entry (``versioned_entry``), read in the same round trip.
    digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{timezone.localdate()}:{digest}"


class PublicPageCacheMiddleware:
    """Before sessions, CSRF and authentication, so a shared answer costs none of their work."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_shareable_request(request):
            return self.get_response(request)
        key = page_key(request)
        version, cached = versioned_entry(request, key)
        if cached is not None:
            _version, status, content, headers = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        shared = getattr(request, "page_cache_view", False) and is_shareable_response(response)
        if version is not None and shared:
            caches[settings.API_RATE_LIMIT_CACHE].set(
                key,
                (version, response.status_code, response.content, list(response.items())),
                timeout=settings.PAGE_CACHE_SECONDS,
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # A view may be a callable object (a Feed instance) without a __name__ of its own.
        name = getattr(view_func, "__name__", type(view_func).__name__)
        request.page_cache_view = f"{view_func.__module__}.{name}" in PUBLIC_PAGE_VIEWS

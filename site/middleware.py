"""HTTP behaviour of the headless API: cache headers and a rate limit for anonymous clients."""

import json
import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from wagtail.api.v3.errors import problem_response

from manabi.ratelimit import client_hit

API_PREFIX = "/api/"


def is_api(request):
    return request.path.startswith(API_PREFIX)


def is_authenticated_api_request(request):
    return "HTTP_AUTHORIZATION" in request.META


class APICacheHeadersMiddleware:
    """Anonymous reads are public and cacheable; anything with a token is private, no-store.

    Views put ``request.last_modified``; it becomes the Last-Modified header,
    which (with the ETag of ConditionalGetMiddleware) lets clients revalidate
    with a 304.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_api(request):
            return response
        if is_authenticated_api_request(request) or request.method not in ("GET", "HEAD"):
            patch_cache_control(response, private=True, no_store=True)
            return response
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
            set_last_modified(request, response)
        return response


def set_last_modified(request, response):
    moment = getattr(request, "last_modified", None)
    if moment is not None and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(moment.timestamp())


class AnonymousRateLimitMiddleware:
    """A fixed-window limit per client address for anonymous API requests (429 + Retry-After).

    Counting and the client address are ``manabi.ratelimit``'s (shared cache,
    trusted proxies).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.API_ANON_RATE_LIMIT
        if not limit or not is_api(request) or is_authenticated_api_request(request):
            return self.get_response(request)
        window = settings.API_RATE_LIMIT_WINDOW
        counted = client_hit(request, "api-anon", limit, window)
        if not counted.allowed:
            response = problem_response(
                status=429,
                detail=f"Too many requests: at most {limit} per {window} seconds for anonymous clients.",
            )
            response["Retry-After"] = str(counted.retry_after)
            return response
        return self.get_response(request)


CACHE_VERSION_KEY = "api-response-cache-version"


def bump_api_cache_version(**kwargs):
    """Called on every publication change: cached API responses of older versions are never served."""
    cache = caches[settings.API_RATE_LIMIT_CACHE]
    try:
        cache.incr(CACHE_VERSION_KEY)
    except ValueError:
        cache.set(CACHE_VERSION_KEY, 1, timeout=None)


class APIResponseCacheMiddleware:
    """Serve repeated anonymous reads of the catalogue endpoints from the cache.

    Keys carry a version that every publish, unpublish and delete of a course
    or partner bumps, so a change is never hidden behind a cached page; with
    a cache per process (the default), other processes may lag by at most
    ``API_RESPONSE_CACHE_SECONDS``, as clients honouring max-age do anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.API_RESPONSE_CACHE_SECONDS
        if (
            not seconds
            or request.method != "GET"
            or is_authenticated_api_request(request)
            or not request.path.startswith(settings.API_CACHED_PREFIXES)
            or request.path.startswith("/api/v3/partner/")
        ):
            return self.get_response(request)
        cache = caches[settings.API_RATE_LIMIT_CACHE]
        version = cache.get_or_set(CACHE_VERSION_KEY, 1, timeout=None)
        key = f"api-response:{version}:{request.get_full_path()}"
        cached = cache.get(key)
        if cached is not None:
            status, content, headers = cached
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            return response
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming:
            set_last_modified(request, response)
            headers = {
                h: response[h] for h in ("Content-Type", "Last-Modified") if response.has_header(h)
            }
            cache.set(key, (200, response.content, headers), timeout=seconds)
        return response


PAGE_PUBLISH = re.compile(r"^/api/v3/pages/(?P<page_id>\d+)/actions/(publish|revert)/$")
PAGE_WRITE = re.compile(r"^/api/v3/pages/(?:(?P<page_id>\d+)/)?$")


class ModeratedPublishGuardMiddleware:
    """No API token publishes a page that a moderation workflow covers.

    Wagtail's v3 page endpoints publish directly (an action, or
    ``meta.action = "publish"`` on create and update) for any token whose user
    may publish; where a workflow applies, publication must go through it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("POST", "PATCH", "PUT") and request.path.startswith("/api/v3/pages/"):
            page_id = self.publishing_page_id(request)
            if page_id is not None and self.is_moderated(page_id):
                return problem_response(
                    status=403,
                    detail="This page is moderated: submit it to its workflow instead of publishing through the API.",
                )
        return self.get_response(request)

    @staticmethod
    def publishing_page_id(request):
        match = PAGE_PUBLISH.match(request.path)
        if match:
            return int(match["page_id"])
        match = PAGE_WRITE.match(request.path)
        if not match:
            return None
        try:
            meta = json.loads(request.body or b"{}").get("meta") or {}
        except (ValueError, AttributeError):
            return None
        if meta.get("action") != "publish":
            return None
        page_id = match["page_id"] or meta.get("parent_id")
        return int(page_id) if str(page_id).isdigit() else None

    @staticmethod
    def is_moderated(page_id):
        from wagtail.models import Page

        page = Page.objects.filter(pk=page_id).first()
        return page is not None and page.get_workflow() is not None


class RejectNulCharactersMiddleware:
    """A NUL character in a query parameter is a 400: PostgreSQL cannot even compare with one.

    Form fields already refuse NUL (Django's CharField does); query strings
    reach filters and searches directly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in value for _key, values in request.GET.lists() for value in values
        ):
            if is_api(request):
                return problem_response(
                    status=400, detail="Query parameters may not contain NUL characters."
                )
            return HttpResponse("Bad Request", status=400, content_type="text/plain; charset=utf-8")
        # Wagtail 8.0's v3 page API reads ``site=host:port`` and crashes (500) on a
        # port that is not a number; answer 400 until Wagtail validates it itself.
        site = request.GET.get("site", "") if is_api(request) else ""
        if ":" in site and not site.rsplit(":", 1)[1].isdigit():
            return problem_response(status=400, detail="site: use hostname or hostname:port.")
        return self.get_response(request)

"""HTTP behaviour of the headless API: a rate limit for anonymous clients, cache headers, a response cache."""

import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from wagtail.api.v3.errors import problem_response

from manabi.middleware import is_api
from manabi.publication import acting_through_token
from manabi.ratelimit import client_hit

from .support import (
    bump_api_cache_version,
    verified_api_token,
    versioned_entry,
)

__all__ = ["bump_api_cache_version"]  # called by manabi.page_cache.public_content_changed


def is_authenticated_api_request(request):
    """A request whose bearer token ``APITokenMiddleware`` verified (never just any header)."""
    return getattr(request, "api_token", None) is not None


def unauthorized(detail):
    response = problem_response(status=401, detail=detail)
    response["WWW-Authenticate"] = 'Bearer realm="api", error="invalid_token"'
    return response


class APIProtocolMiddleware:
    """HEAD wherever GET is served, and RFC 7807 problem JSON for every /api/ error.

    Ninja routes declare GET only and answer HEAD with 405; Django's 404 and
    405 for paths and methods no router serves are HTML. A consumer gets the
    same ``application/problem+json`` for every error instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api(request):
            return self.get_response(request)
        # Wagtail 8.0's page update reads the page id from the path before validating it
        # and fails (500) on ids such as "1e-5"; no page has such an id.
        match = PAGE_PATH.match(request.path) if request.method == "PATCH" else None
        if match and not match["page_id"].isdigit():
            return problem_response(status=404, detail="No page has this id.")
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        response = self.get_response(request)
        if head:
            request.method = "HEAD"
        if response.status_code >= 400 and not is_problem_or_json(response):
            problem = problem_response(status=response.status_code)
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if response.has_header(header):
                    problem[header] = response[header]
            response = problem
        if response.status_code == 401 and not response.has_header("WWW-Authenticate"):
            response["WWW-Authenticate"] = 'Bearer realm="api"'
        if head and not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response


PAGE_PATH = re.compile(r"^/api/v3/pages/(?P<page_id>[^/]+)/$")


def is_problem_or_json(response):
    content_type = response.get("Content-Type", "")
    return content_type.startswith(("application/problem+json", "application/json"))


class APITokenMiddleware:
    """Verify an API request's ``Authorization`` header once, before anything trusts it.

    An invalid, revoked or malformed token is a 401 with ``WWW-Authenticate:
    Bearer`` rather than an anonymous request or a bypass of the anonymous
    rate limit and response cache. The verified token is ``request.api_token``
    and, for the publish guard (``manabi.publication``), the acting token
    while the view runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.api_token = None
        header = request.META.get("HTTP_AUTHORIZATION")
        if not is_api(request) or header is None or request.method == "OPTIONS":
            return self.get_response(request)
        scheme, _space, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            return unauthorized("Use Authorization: Bearer <token>.")
        token = verified_api_token(key.strip())
        if token is None:
            return unauthorized("The token is invalid, revoked or belongs to an inactive user.")
        request.api_token = token
        with acting_through_token(token):
            return self.get_response(request)


class AnonymousRateLimitMiddleware:
    """A fixed-window limit per client address for anonymous API requests (429 + Retry-After).

    Counting and the client address are ``manabi.ratelimit``'s (the shared cache,
    trusted proxies); a verified token is never counted here.
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


class APIResponseCacheMiddleware:
    """Serve repeated anonymous reads of the catalogue endpoints from the cache.

    Each answer is stored with the catalogue version it was made at; every publish,
    unpublish and delete of a course or partner bumps the version, so a change is
    never hidden behind a cached page. The version and the cached answer come in one
    round trip (``MGET``), and a miss costs one more (the store): with many distinct
    URLs most requests are misses, so a miss must stay cheap. What is stored is the
    body and the two headers that differ (not a response object); the request keeps
    the version for the counts (``cached_for_catalogue_version``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.API_RESPONSE_CACHE_SECONDS
        if (
            not seconds
            or request.method not in ("GET", "HEAD")
            or is_authenticated_api_request(request)
            or not request.path.startswith(settings.API_CACHED_PREFIXES)
            or request.path.startswith("/api/v3/partner/")
        ):
            return self.get_response(request)
        # Scheme and host are part of the key: responses carry absolute links.
        key = f"api-response:{request.build_absolute_uri()}"
        version, cached = versioned_entry(request, key)
        if version is None:  # the cache does not answer: serve without it
            return self.get_response(request)
        if cached is not None:
            _version, content, content_type, last_modified = cached
            response = HttpResponse(content, content_type=content_type)
            if last_modified:
                response["Last-Modified"] = last_modified
            return response
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming:
            set_last_modified(request, response)
            entry = (
                version,
                response.content,
                response["Content-Type"],
                response.get("Last-Modified", ""),
            )
            caches[settings.API_RATE_LIMIT_CACHE].set(key, entry, timeout=seconds)
        return response

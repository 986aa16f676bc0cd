"""Shared pieces of our API: token verification, page-number pagination with links, problem responses."""

import datetime
import time
from typing import Annotated
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, Field, model_validator
from wagtail.api.v3.errors import problem_response
from wagtail.models import APIToken

# One page-size limit for our routers and Wagtail's own (WAGTAILAPI_LIMIT_MAX).
MAX_PAGE_SIZE = settings.WAGTAILAPI_LIMIT_MAX


def invalid_parameters(errors):
    """400 problem JSON naming each bad query parameter."""
    return problem_response(
        status=400,
        title="Invalid parameters",
        detail="; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items()),
        errors=[
            {"loc": ["query", name], "msg": " ".join(str(m) for m in messages)}
            for name, messages in errors.items()
        ],
    )


def refuse_unknown_parameters(request, schema):
    """A 400 naming each query parameter ``schema`` does not declare, or None.

    A misspelt filter that is silently ignored returns the whole listing; the
    search refuses unknown parameters, and so does every list.
    """
    unknown = sorted(set(request.GET) - set(schema.model_fields))
    if not unknown:
        return None
    return invalid_parameters({name: ["Unknown parameter."] for name in unknown})


CACHE_VERSION_KEY = "api-response-cache-version"


def bump_api_cache_version(**kwargs):
    """Called on every publication change: cached API responses and counts of older versions are never served."""
    cache = caches[settings.API_RATE_LIMIT_CACHE]
    try:
        cache.incr(CACHE_VERSION_KEY)
    except ValueError:
        cache.add(CACHE_VERSION_KEY, first_version(), timeout=None)


def first_version():
    """A version no earlier life of the cache used: a Redis that restarted empty starts past them.

    Processes keep counts of a version for a while (``cached_for_catalogue_version``);
    restarting at 1 could make an old count current again.
    """
    return time.time_ns()


def catalogue_version(request=None):
    """The current version of what the catalogue endpoints show (see ``bump_api_cache_version``).

    Read once per request: the response cache puts it on ``request.catalogue_version``
    (one round trip with the cached answer), and the counts reuse it. None while the
    cache does not answer.
    """
    version = getattr(request, "catalogue_version", None)
    if version is not None:
        return version
    cache = caches[settings.API_RATE_LIMIT_CACHE]
    version = cache.get(CACHE_VERSION_KEY)
    if version is None:
        cache.add(CACHE_VERSION_KEY, first_version(), timeout=None)
        version = cache.get(CACHE_VERSION_KEY)
    if request is not None:
        request.catalogue_version = version
    return version


def versioned_entry(request, key):
    """The catalogue version and ``key``'s cached entry if it was stored at that version.

    One round trip (``MGET``) for both: with many distinct URLs most requests are misses,
    so a miss must stay cheap. Entries are tuples whose first item is the version they
    were made at (an older one is a miss). The version is None while the cache does not
    answer: then nothing is served from it or stored.
    """
    cache = caches[settings.API_RATE_LIMIT_CACHE]
    found = cache.get_many([CACHE_VERSION_KEY, key])
    version = found.get(CACHE_VERSION_KEY)
    if version is None:
        version = catalogue_version(request)
    request.catalogue_version = version
    entry = found.get(key)
    if version is None or entry is None or entry[0] != version:
        return version, None
    return version, entry


# Values kept in the process under the catalogue version read for the request (counts per
# filter set, the parts every page shares): a publication anywhere bumps it, so no process
# serves an older value, and a hit costs no cache round trip. Bounded in size and in time.
_process_cache = {}
_PROCESS_CACHE_SIZE = 4096


def kept_in_process(key, seconds, compute):
    """``compute()`` kept in this process under ``key`` (which holds the version) for ``seconds``."""
    now = time.monotonic()
    entry = _process_cache.get(key)
    if entry is not None and entry[0] > now:
        return entry[1]
    value = compute()
    if len(_process_cache) >= _PROCESS_CACHE_SIZE:
        _process_cache.clear()
    _process_cache[key] = (now + seconds, value)
    return value


def cached_for_catalogue_version(request, name, compute, ignore=("page", "page_size", "after")):
    """``compute()`` cached per filter set (the query without paging) until the catalogue changes.

    Off when ``API_RESPONSE_CACHE_SECONDS`` is 0 (the tests' default), like the response cache,
    and while the shared cache does not answer (no version to check against). An entry lives
    at most that many seconds, as long as a cached response.
    """
    seconds = settings.API_RESPONSE_CACHE_SECONDS
    version = catalogue_version(request) if seconds else None
    if version is None:
        return compute()
    params = sorted((k, v) for k, values in request.GET.lists() if k not in ignore for v in values)
    key = (name, version, timezone.localdate(), urlencode(params))
    return kept_in_process(key, seconds, compute)


def page_link(request, page):
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def paginate(request, queryset, page, page_size, count=None):
    """``{count, next, previous, items}`` for one page of ``queryset`` (two queries)."""
    count = queryset.count() if count is None else count
    start = (page - 1) * page_size
    items = list(queryset[start : start + page_size])
    return {
        "count": count,
        "next": page_link(request, page + 1) if start + page_size < count else None,
        "previous": page_link(request, page - 1) if page > 1 else None,
        "items": items,
    }


def paginate_after(request, queryset, after, page_size, count):
    """Keyset paging in id order: the page after id ``after``, one index range scan however deep.

    ``next`` carries the last id shown; there is no ``previous``. Items are model
    instances or ``values()`` rows.
    """
    items = list(queryset.filter(pk__gt=after)[: page_size + 1])
    more = len(items) > page_size
    items = items[:page_size]
    next_link = None
    if more:
        params = request.GET.copy()
        params.pop("page", None)
        last = items[-1]
        params["after"] = str(last["id"] if isinstance(last, dict) else last.pk)
        next_link = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {"count": count, "next": next_link, "previous": None, "items": items}


def validation_problem(exc):
    """422 problem JSON keeping the field each message belongs to."""
    errors = []
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            errors += [{"loc": ["body", field], "msg": message} for message in messages]
    else:
        errors = [{"loc": ["body"], "msg": message} for message in exc.messages]
    return problem_response(status=422, detail="Validation failed", errors=errors)


class InputSchema(Schema):
    """Request bodies: no NUL character anywhere (PostgreSQL text cannot hold one)."""

    @model_validator(mode="after")
    def reject_nul_characters(self):
        def walk(value):
            if isinstance(value, str) and "\x00" in value:
                raise ValueError("Text may not contain NUL characters.")
            if isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    walk(item)

        walk(self.model_dump())
        return self


def verified_api_token(key):
    """The live ``APIToken`` for ``key`` whose user is active, or None (as Wagtail's ``BearerTokenAuth``)."""
    token = (
        APIToken.objects.select_related("user")
        .filter(key_hash__in=APIToken.candidate_key_hashes(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token


def as_utc(moment):
    """A query-parameter moment in UTC (naive ones in the site's zone).

    PostgreSQL refuses unusual offsets such as +22:38; moments before year 1
    in UTC are clamped to the earliest one Python can hold.
    """
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        return datetime.datetime.min.replace(tzinfo=datetime.UTC)


def in_utc(moment):
    """``moment`` in UTC: pydantic then writes it with ``Z``."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.astimezone(datetime.UTC)


# Every time our endpoints send: UTC with ``Z``, as Wagtail's pages API writes the times it
# reads from the database. A time that comes from elsewhere (a revision's JSON, a computed
# moment in Japan time) is converted, so the whole /api/v3/ has one format.
UtcDateTime = Annotated[
    datetime.datetime,
    AfterValidator(in_utc),
    Field(description="UTC, ISO 8601 with `Z`"),
]

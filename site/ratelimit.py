"""Rate limits that hold across processes: fixed-window counts in the shared cache, per client.

The counts live in the cache named by ``RATE_LIMIT_CACHE`` (Redis in production and tests,
``CACHE_URL``/``REDIS_URL``), so every web process and server sees the same count. The client is
identified by :func:`client_address`, which believes exactly ``TRUSTED_PROXY_COUNT`` reverse
proxies and nothing a client writes itself.

When the cache does not answer, the limits **fail open**: the request is served and a warning is
logged (at most once a minute per process). The limits protect the site's capacity and the
applicants' inbox, not secrets; refusing every visitor while Redis restarts would do more harm
than letting a burst through. Sign-in lockout (django-axes) keeps its counts in PostgreSQL, so it
does not depend on Redis at all.
"""

import ipaddress
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from .cache import CacheUnavailable

logger = logging.getLogger(__name__)

_last_warning = [0.0]


def client_ip(request):
    """The client's IP address, as far as our own proxies vouch for it.

    With ``TRUSTED_PROXY_COUNT = n`` each of our n proxies appended the address it saw to
    ``X-Forwarded-For``; the right-most n entries are therefore ours and the n-th from the
    right is the address that connected to our outermost proxy. Anything to its left was
    written by the client and is ignored. With n = 0 only the socket address counts.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if hops:
            # Fewer hops than proxies: a client reached an inner proxy directly; the left-most
            # entry is still one that a proxy of ours wrote.
            address = hops[-min(proxies, len(hops))]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        # Not an address a proxy of ours writes: count it with the connection it came on.
        logger.warning("client address %r is not an IP address; using REMOTE_ADDR", address)
        return request.META.get("REMOTE_ADDR") or None
    if parsed.version == 6 and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(parsed)


def client_address(request):
    """The key a client is counted under: :func:`client_ip`, IPv6 clients per /64.

    One subscriber usually gets a /64; counting single IPv6 addresses would let a client
    pass any limit by changing its interface id.
    """
    ip = client_ip(request) or "unknown"
    if ":" in ip:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return ip


@dataclass(frozen=True)
class Hit:
    """One counted request: the count in its window so far, and how to take it back."""

    key: str
    count: int
    limit: int
    retry_after: int

    @property
    def allowed(self):
        return self.count <= self.limit

    def undo(self):
        """Give the hit back (an invalid form post does not use up the sender's quota)."""
        if self.count <= 0:  # never counted (the cache did not answer)
            return
        try:
            _cache().decr(self.key)
        except ValueError:  # the window ended and its count expired meanwhile
            pass
        except Exception:
            _warn_unavailable()


def _cache():
    return caches[settings.RATE_LIMIT_CACHE]


def _warn_unavailable():
    now = time.monotonic()
    if now - _last_warning[0] >= 60:
        _last_warning[0] = now
        logger.warning(
            "rate-limit cache %r does not answer: limits are not enforced (fail open)",
            settings.RATE_LIMIT_CACHE,
            exc_info=True,
        )


def hit(key, limit, window):
    """Count one request for ``key`` in the current fixed window of ``window`` seconds.

    The window is the same in every process (it starts at a multiple of ``window`` since the
    epoch), and the count is an atomic increment in the shared cache.
    """
    now = time.time()
    bucket = int(now // window)
    bucket_key = f"rate:{key}:{window}:{bucket}"
    retry_after = max(1, math.ceil((bucket + 1) * window - now))
    cache = _cache()
    try:
        # The key outlives its window by a second so that it never expires while in use.
        cache.add(bucket_key, 0, timeout=window + 1)
        try:
            count = cache.incr(bucket_key)
        except CacheUnavailable:
            raise  # served uncounted below; Redis may still hold (and raise) the count
        except ValueError:  # evicted between add and incr: start it, unless another process did
            added = cache.add(bucket_key, 1, timeout=window + 1)
            count = 1 if added else cache.incr(bucket_key)
    except Exception:
        _warn_unavailable()
        return Hit(bucket_key, 0, limit, retry_after)
    return Hit(bucket_key, count, limit, retry_after)


def client_hit(request, scope, limit, window):
    """Count one request of this client (see :func:`client_address`) in ``scope``."""
    return hit(f"{scope}:{client_address(request)}", limit, window)


def take_form_quota(request, form_name):
    """Count a submission of a public form against the sender's hourly quota.

    ``QUEST_FORM_RATE_LIMIT`` submissions per client address per hour. The caller refuses the
    post (429, keeping what was typed) when ``not hit.allowed``, and calls ``hit.undo()`` when
    the post was refused or the form was invalid: only accepted submissions use up the quota,
    so an applicant who corrects a mistake is never locked out by it. The count is taken before
    validation so that concurrent posts cannot all slip under the limit together.
    """
    return client_hit(request, f"form:{form_name}", settings.QUEST_FORM_RATE_LIMIT, 3600)

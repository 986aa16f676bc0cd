"""Django's RedisCache, serving on when Redis does not answer (fail open, see README "Security").

Everything the cache holds can be recomputed (cached API answers, Wagtail's site root paths)
or is a rate-limit count: while Redis is down, reads are misses and writes are dropped, a
warning is logged at most once a minute per process, and every page keeps answering.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError as RedisOutOfMemoryError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# A full Redis (maxmemory reached under noeviction) refuses writes: treated like one that is down.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, RedisOutOfMemoryError, OSError)


class CacheUnavailable(ValueError):
    """``incr``/``decr`` while Redis does not answer.

    A ValueError, as Django's callers expect, but not the "key not found" one: a caller that
    re-creates a missing key must not do it here, since Redis may still hold the key and
    may even have applied the increment it answered too late (a rate-limit count reset to 1).
    """


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one ``redis.Redis`` per connection pool.

    Django makes a new ``redis.Redis`` for every cache call, and each one builds
    its table of ~170 response callbacks: about a fifth of a millisecond per call,
    more than the round trip to a local Redis. A ``redis.Redis`` over a pool is
    safe to share between threads, and the pool reconnects after a fork.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _warn(self):
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning >= 60:
            ResilientRedisCache._last_warning = now
            logger.warning(
                "Redis cache does not answer: serving without it (fail open)", exc_info=True
            )

    def _try(self, fallback, method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except UNAVAILABLE:
            self._warn()
            return fallback

    def get(self, key, default=None, version=None):
        return self._try(default, super().get, key, default, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._try(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._try({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._try(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE:
            self._warn()
            raise CacheUnavailable(f"Key {key!r}: Redis does not answer.") from None

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._try(None, super().delete_many, keys, version)

    def clear(self):
        return self._try(None, super().clear)

"""The shared cache (Redis in production) may go away: a Redis that is down or restarting is answered as an empty
cache, never as an error. Reads miss, writes are dropped, counters start from nothing (throttles loosen, they
do not fail), and the failure is logged once per outage. What must survive Redis is not kept only there:
sessions are cached_db (the database is their record), the per-account sign-in lock is in the database
(django-axes' database handler). `GET /api/v1/health` still tells: it reads back what it wrote."""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("massar.cache")

FAILURES = (RedisError, OSError)
# After a failure, Redis is not asked again for this long (per process): a dead server costs no connect per call.
RETRY_AFTER_SECONDS = 2.0


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django builds a new `redis.Redis` for every cache call (its ~170 response callbacks registered each time:
    a seventh of a results-day reread). A client is thread-safe, its connections come from the pool: one per
    server is enough."""

    # Django's own (private, not in its type stubs).
    _client: Any
    _get_connection_pool_index: Callable[[bool], int]
    _get_connection_pool: Callable[[bool], Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ResilientRedisCache(RedisCache):
    _down_until = 0.0

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _attempt(self, operation: str, call, fallback: Any) -> Any:
        if time.monotonic() < self._down_until:
            return fallback
        try:
            result = call()
        except FAILURES as error:
            if not self._down_until:
                logger.warning("cache unavailable (%s): answering as an empty cache: %s", operation, error)
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            return fallback
        if self._down_until:
            logger.warning("cache available again")
            self._down_until = 0.0
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("add", lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
                             False)

    def get(self, key, default=None, version=None):
        return self._attempt("get", lambda: super(ResilientRedisCache, self).get(key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("set", lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
                             None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("touch", lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None):
        return self._attempt("delete", lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None):
        return self._attempt("get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._attempt("has_key", lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None):
        # A missing key is still a ValueError (the caller starts a window); an unreachable Redis counts nothing.
        return self._attempt("incr", lambda: super(ResilientRedisCache, self).incr(key, delta, version), 0)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("set_many", lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
                             [])

    def delete_many(self, keys, version=None):
        return self._attempt("delete_many", lambda: super(ResilientRedisCache, self).delete_many(keys, version),
                             None)

    def clear(self):
        return self._attempt("clear", lambda: super(ResilientRedisCache, self).clear(), False)

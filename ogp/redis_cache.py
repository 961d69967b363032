"""The Redis cache backend (REDIS_URL): when Redis is unreachable it logs and answers "not
cached", so the site keeps serving from the database."""

import logging
import time

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    """Django's Redis cache that degrades to "not cached" when Redis is unreachable."""

    _failing_since = None

    def _safely(self, method, default, *args, **kwargs):
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except Exception as error:  # redis' ConnectionError, TimeoutError, …
            if self._failing_since is None:
                logger.error("Redis cache unreachable, serving without it: %s", error)
                ResilientRedisCache._failing_since = time.monotonic()
            return default
        if self._failing_since is not None:
            logger.warning("Redis cache reachable again")
            ResilientRedisCache._failing_since = None
        return result

    def get(self, key, default=None, version=None):
        return self._safely("get", default, key, default, version)

    def set(self, key, value, timeout=None, version=None):
        return self._safely("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=None, version=None):
        return self._safely("add", False, key, value, timeout, version)

    def delete(self, key, version=None):
        return self._safely("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._safely("get_many", {}, keys, version)

    def set_many(self, data, timeout=None, version=None):
        return self._safely("set_many", [], data, timeout, version)

    def clear(self):
        return self._safely("clear", None)

    def touch(self, key, timeout=None, version=None):
        return self._safely("touch", False, key, timeout, version)

    def has_key(self, key, version=None):
        return self._safely("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        return self._safely("incr", None, key, delta, version)

"""Caching of served lists, invalidated as a whole by a new run or a changed rule.

Every cached entry's key carries the current generation token; ``invalidate()`` replaces the token,
so old entries are never read again and expire on their own.
"""

import uuid

from django.core.cache import cache

GENERATION_KEY = "marketing_ai:recommend:generation"


def generation():
    """The current token; a new one is made when the cache lost it."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.add(GENERATION_KEY, token, None)
        token = cache.get(GENERATION_KEY, token)
    return token


def invalidate():
    """Make every cached recommendation stale (after a swap or a rule change)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def cache_key(*parts):
    """A cache key for one served list under the current generation."""
    raw = ":".join(str(part) for part in parts)
    return f"marketing_ai:recommend:{generation()}:{uuid.uuid5(uuid.NAMESPACE_URL, raw).hex}"

"""The result cache: fresh responses by ``cache_key`` per project, and how stale an entry is.

PostHog caches a calculated response under its ``cache_key`` (``QueryCacheManager``) and judges it with the
runner's ``_is_stale`` (``posthog/hogql_queries/query_runner.py`` → ``posthog/caching/utils.py`` ``is_stale``).
``HogQLQueryRunner`` has no date range, so its interval is ``"minute"``: an entry is stale 5 minutes after
``last_refresh`` and, for ``lazy_async``, "lazy stale" after 15 (``staleness_threshold_map``). (Its
``cache_target_age`` says 6 hours, the "day" threshold; staleness does not read it.) Ages are measured on the
mock's clock, so a frozen ``--now`` keeps entries fresh until the clock is advanced.

Changing the data must invalidate: ``invalidate(project_id)`` drops a project's entries and bumps its generation,
so a calculation that started on the old data cannot store its result afterwards.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

# staleness_threshold_map[DEFAULT]["minute"] and [LAZY]["minute"] (posthog/caching/utils.py).
STALE_AFTER = timedelta(minutes=5)
LAZY_STALE_AFTER = timedelta(minutes=15)


class Freshness(Enum):
    """How usable a cache entry is, from PostHog's two staleness checks."""

    FRESH = "fresh"
    STALE = "stale"  # stale by the default threshold, fresh by the lazy one
    LAZY_STALE = "lazy_stale"  # stale by both
    MISS = "miss"


@dataclass(frozen=True)
class CacheEntry:
    """A stored response (``is_cached`` false, as calculated) and when it was calculated."""

    response: dict[str, Any]
    last_refresh: datetime

    def freshness(self, now: datetime) -> Freshness:
        age = now - self.last_refresh
        if age > LAZY_STALE_AFTER:
            return Freshness.LAZY_STALE
        return Freshness.STALE if age > STALE_AFTER else Freshness.FRESH

    def cached_response(self) -> dict[str, Any]:
        """The response as a cache hit returns it (``handle_cache_and_async_logic`` sets ``is_cached``)."""
        return {**self.response, "is_cached": True}


class ResultCache:
    """Responses by ``(project, cache_key)``; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[int, str], CacheEntry] = {}
        self._generations: dict[int, int] = {}

    def generation(self, project_id: int) -> int:
        """A token to pass to ``put``: it refuses results calculated before an invalidation."""
        with self._lock:
            return self._generations.get(project_id, 0)

    def get(self, project_id: int, cache_key: str) -> CacheEntry | None:
        with self._lock:
            return self._entries.get((project_id, cache_key))

    def put(self, project_id: int, response: dict[str, Any], generation: int) -> None:
        """Cache a freshly calculated response, unless the project's data changed since ``generation``."""
        entry = CacheEntry(response, response["last_refresh"])
        with self._lock:
            if self._generations.get(project_id, 0) == generation:
                self._entries[(project_id, response["cache_key"])] = entry

    def invalidate(self, project_id: int) -> None:
        """Forget a project's results: call this whenever its data changes."""
        with self._lock:
            self._generations[project_id] = self._generations.get(project_id, 0) + 1
            self._entries = {key: entry for key, entry in self._entries.items() if key[0] != project_id}

    def clear(self) -> None:
        with self._lock:
            for project_id in {key[0] for key in self._entries} | set(self._generations):
                self._generations[project_id] = self._generations.get(project_id, 0) + 1
            self._entries.clear()

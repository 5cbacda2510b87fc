"""A calculation's cache key, and the fields every freshly calculated response carries
(``GenericCachedQueryResponse``).

The cache itself is ``runner/cache.py``; a fresh response is built as ``QueryRunner.run`` builds one
(``posthog/hogql_queries/query_runner.py``): ``is_cached`` false, ``last_refresh`` now,
``next_allowed_client_refresh`` a minute later (``_refresh_frequency``), ``cache_target_age`` after the runner's
staleness threshold, ``timezone`` the team's, and ``query_metadata`` from ``extract_query_metadata``
(``posthog/hogql_queries/query_metadata.py``). The cache key is ``"cache_" + md5("query_" + json(payload))``
(``posthog/utils.py`` ``generate_cache_key``) over PostHog's ``get_cache_payload`` fields.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mock_server.config import Project
from mock_server.runner.modifiers import resolve_modifiers

REFRESH_FREQUENCY = timedelta(minutes=1)
# posthog/caching/utils.py staleness_threshold_map[ThresholdMode.DEFAULT]["day"]; HogQL queries count as "day".
HOGQL_STALENESS = timedelta(hours=6)
CACHE_PAYLOAD_VERSION = 2


@dataclass(frozen=True)
class CacheTarget:
    """What identifies a calculation: the runner, the query node and its modifiers, for one team."""

    runner: str
    query: dict[str, Any]
    modifiers: dict[str, Any]
    limit_context: str = "query"

    def key(self, project: Project) -> str:
        payload = {
            "query_runner": self.runner,
            "query": self.query,
            "team_id": project.id,
            "hogql_modifiers": {k: v for k, v in self.modifiers.items() if v is not None},
            "limit_context": self.limit_context,
            "timezone": project.timezone,
            "version": CACHE_PAYLOAD_VERSION,
        }
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
        return "cache_" + hashlib.md5(f"query_{text}".encode()).hexdigest()


def cache_target(runner: str) -> Callable[[dict[str, Any]], CacheTarget]:
    """A runner's ``CacheTarget`` factory: the key is known before calculating, so the cache can be read."""

    def target(node: dict[str, Any]) -> CacheTarget:
        # get_cache_payload drops the query's tags: they label the query log and must not split the cache.
        query = {key: value for key, value in node.items() if key != "tags"}
        return CacheTarget(runner, query, resolve_modifiers(node.get("modifiers")))

    return target


def fresh_fields(target: CacheTarget, project: Project, now: datetime, staleness: timedelta) -> dict[str, Any]:
    """The ``GenericCachedQueryResponse`` fields of a response calculated at ``now``."""
    return {
        "cache_key": target.key(project),
        "cache_target_age": now + staleness,
        "calculation_trigger": None,
        "is_cached": False,
        "last_refresh": now,
        "next_allowed_client_refresh": now + REFRESH_FREQUENCY,
        # A HogQLQuery names no events, so extract_query_metadata finds none.
        "query_metadata": {"events": [], "updated_at": now},
        "timezone": project.timezone,
    }

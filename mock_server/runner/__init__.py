"""Query runners: one per query kind hogmock implements, chosen by the node's ``kind``.

PostHog picks a runner with ``get_query_runner`` (``posthog/hogql_queries/query_runner.py``). A kind that
PostHog accepts but hogmock does not run yet is a 400 ``validation_error`` that names the kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mock_server.errors import ValidationError
from mock_server.runner.actors_query import actors_cache_target, calculate_actors_query
from mock_server.runner.caching import CacheTarget
from mock_server.runner.database_schema import database_schema
from mock_server.runner.events_query import calculate_events_query, events_cache_target
from mock_server.runner.funnels import calculate_funnels_query, funnels_cache_target
from mock_server.runner.hogql_query import calculate_hogql_query, hogql_cache_target
from mock_server.runner.jobs import Execution
from mock_server.runner.metadata import hogql_metadata
from mock_server.runner.request import QueryRequest, parse_query_request
from mock_server.runner.trends import calculate_trends_query, trends_cache_target

if TYPE_CHECKING:  # the backend imports the runner's job pool, so the runner cannot import it back at load
    from mock_server.backend import ServedProject


@dataclass(frozen=True)
class Runner:
    """A query kind's runner: what its cache key is made of, and its calculation (``QueryRunner.calculate``
    plus the fresh cache fields), which runs its SQL through the given ``Execution``."""

    cache_target: Callable[[dict[str, Any]], CacheTarget]
    calculate: Callable[[dict[str, Any], ServedProject, datetime, Execution], dict[str, Any]]


RUNNERS: dict[str, Runner] = {
    "HogQLQuery": Runner(hogql_cache_target, calculate_hogql_query),
    "EventsQuery": Runner(events_cache_target, calculate_events_query),
    "ActorsQuery": Runner(actors_cache_target, calculate_actors_query),
    "TrendsQuery": Runner(trends_cache_target, calculate_trends_query),
    "FunnelsQuery": Runner(funnels_cache_target, calculate_funnels_query),
}


# Kinds PostHog computes inline, outside any runner: no cache, no async (posthog/api/services/query.py).
InlineKind = Callable[[dict[str, Any], "ServedProject", datetime], dict[str, Any]]
INLINE_KINDS: dict[str, InlineKind] = {
    "HogQLMetadata": hogql_metadata,
    "DatabaseSchemaQuery": lambda node, served, now: database_schema(node),
}


def runner_for(kind: str) -> Runner:
    """The runner of a query kind, or the 400 that says hogmock does not run it."""
    runner = RUNNERS.get(kind)
    if runner is None:
        raise ValidationError(
            f"Unsupported query kind: {kind}. hogmock does not implement {kind} yet; "
            f"the kinds it runs are: {', '.join([*RUNNERS, *INLINE_KINDS])}."
        )
    return runner


__all__ = ["INLINE_KINDS", "RUNNERS", "QueryRequest", "Runner", "parse_query_request", "runner_for"]

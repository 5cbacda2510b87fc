"""Running a HogQLQuery: translate, execute on the project's DuckDB, shape a ``CachedHogQLQueryResponse``.

This is PostHog's ``HogQLQueryRunner`` (``posthog/hogql_queries/hogql_query_runner.py``) for hogmock. The
translator returns DuckDB SQL plus the response metadata; when the query had no top-level LIMIT the translator
asked for ``default_limit + 1`` rows, and the runner trims the extra row into ``hasMore`` as PostHog's
``HogQLHasMorePaginator`` does (``posthog/hogql_queries/insights/paginators.py``). A DuckDB failure is
classified as PostHog classifies ClickHouse's (``engine_errors``): the user's mistake is a 400, ours a 500.

``calculate_hogql_query`` only calculates (as ``HogQLQueryRunner.calculate`` plus the fresh cache fields of
``QueryRunner.run``); caching and async execution around it live in ``runner/__init__.py``. SQL runs through an
``Execution`` (``runner/jobs.py``): its own interruptible cursor, in a rolled-back transaction, with a deadline.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from time import perf_counter
from typing import TYPE_CHECKING, Any

import duckdb

from mock_server.hogql import Translation, TranslationContext, translate
from mock_server.runner.caching import HOGQL_STALENESS, cache_target, fresh_fields
from mock_server.runner.engine_errors import classify
from mock_server.runner.jobs import Execution
from mock_server.runner.values import convert_rows
from mock_server.store import QueryResult

if TYPE_CHECKING:  # the backend imports the runner's job pool, so the runner cannot import it back at load
    from mock_server.backend import ServedProject

RUNNER_NAME = "HogQLQueryRunner"

logger = logging.getLogger("hogmock")


@dataclass(frozen=True)
class Page:
    """The rows a response returns and its pagination fields (all ``None`` without a paginator)."""

    rows: list[list[Any]]
    has_more: bool | None = None
    limit: int | None = None
    offset: int | None = None


class Timings:
    """Seconds spent per step, reported as ``[{"k": step, "t": seconds}]`` when ``modifiers.timings`` is on."""

    def __init__(self) -> None:
        self.started = self.last = perf_counter()
        self.steps: list[dict[str, Any]] = []

    def mark(self, step: str) -> None:
        now = perf_counter()
        self.steps.append({"k": step, "t": now - self.last})
        self.last = now

    def report(self) -> list[dict[str, Any]]:
        return [*self.steps, {"k": ".", "t": perf_counter() - self.started}]

    def reported(self, modifiers: dict[str, Any]) -> list[dict[str, Any]] | None:
        """The response's ``timings``: AnalyticsQueryRunner.calculate drops them unless the modifiers ask."""
        return self.report() if modifiers.get("timings") else None


def project_context(served: ServedProject, now: datetime, **extra: Any) -> TranslationContext:
    """A translation context for ``served`` at ``now``: its timezone, week start, team and property types;
    ``extra`` sets the query-specific fields (placeholders, limits)."""
    project = served.project
    return TranslationContext(
        now=now,
        timezone=project.timezone,
        week_start_day=project.week_start_day,
        team_id=project.id,
        property_definitions=served.database.property_definitions,
        **extra,
    )


def _context(node: dict[str, Any], served: ServedProject, now: datetime) -> TranslationContext:
    return project_context(
        served,
        now,
        values=dict(node.get("values") or {}),
        filters=node.get("filters") or None,
        variables=node.get("variables") or None,
        max_limit=served.row_limit,
    )


def execute(sql: str, served: ServedProject, execution: Execution) -> QueryResult:
    """Run ``sql`` on the project's database; a DuckDB failure becomes PostHog's ClickHouse error."""
    try:
        return execution.run(served.database, sql)
    except duckdb.Error as error:
        logger.warning("DuckDB failed on translated SQL: %s (%s)", sql, error)
        raise classify(error) from None


def paginate(rows: list[list[Any]], translation: Translation, default_limit: int) -> Page:
    if not translation.paginated:
        return Page(rows)
    return Page(rows[:default_limit], len(rows) > default_limit, default_limit, 0)


def _body(fields: dict[str, Any], translation: Translation, page: Page, modifiers: dict[str, Any]) -> dict[str, Any]:
    """Every key of ``CachedHogQLQueryResponse``, in the schema's (ASCII) order."""
    body = {
        **fields,
        "clickhouse": translation.sql,
        "columns": translation.columns,
        "error": None,
        "explain": None,
        "hasMore": page.has_more,
        "hogql": translation.hogql,
        "limit": page.limit,
        "metadata": None,
        "modifiers": modifiers,
        "offset": page.offset,
        # The runner hands PostHog's executor a parsed AST, not the text, so the executor echoes no query.
        "query": None,
        "query_status": None,
        "resolved_date_range": None,
        "results": page.rows,
        "types": [[name, ch_type] for name, ch_type in zip(translation.columns, translation.types, strict=False)],
    }
    return dict(sorted(body.items()))


hogql_cache_target = cache_target(RUNNER_NAME)


def calculate_hogql_query(
    node: dict[str, Any], served: ServedProject, now: datetime, execution: Execution
) -> dict[str, Any]:
    """The fresh response body for a validated HogQLQuery node run at ``now`` against ``served``."""
    timings = Timings()
    context = _context(node, served, now)
    translation = translate(node["query"], context)
    timings.mark("./translate")
    result = execute(translation.sql, served, execution)
    timings.mark("./execute")
    page = paginate(convert_rows(result.rows, translation.types), translation, context.default_limit)
    target = hogql_cache_target(node)
    modifiers = target.modifiers
    fields = fresh_fields(target, served.project, now, HOGQL_STALENESS)
    fields["timings"] = timings.reported(modifiers)
    return _body(fields, translation, page, modifiers)

"""Query runners: one per query kind hogmock implements, chosen by the node's ``kind``.

PostHog picks a runner with ``get_query_runner`` (``posthog/hogql_queries/query_runner.py``). A kind that
PostHog accepts but hogmock does not run yet is a 400 ``validation_error`` that names the kind.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from mock_server.backend import ServedProject
from mock_server.errors import ValidationError
from mock_server.runner.hogql_query import run_hogql_query
from mock_server.runner.request import QueryRequest, parse_query_request

Runner = Callable[[dict[str, Any], ServedProject, datetime], dict[str, Any]]

RUNNERS: dict[str, Runner] = {
    "HogQLQuery": run_hogql_query,
}


def run_query(request: QueryRequest, served: ServedProject, now: datetime) -> dict[str, Any]:
    """The response body of a validated query request."""
    runner = RUNNERS.get(request.kind)
    if runner is None:
        raise ValidationError(
            f"Unsupported query kind: {request.kind}. hogmock does not implement {request.kind} yet; "
            f"the kinds it runs are: {', '.join(RUNNERS)}."
        )
    return runner(request.query, served, now)


__all__ = ["RUNNERS", "QueryRequest", "parse_query_request", "run_query"]

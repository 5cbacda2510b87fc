"""The query viewset's extra actions (``posthog/api/query.py`` ``QueryViewSet``), beside create/retrieve/destroy.

- ``POST query/<Kind>/`` (``create_with_kind``, url regex ``[A-Z][A-Za-z]*``): create, after checking the body's
  ``query.kind`` against the path. It shares its path pattern with ``GET``/``DELETE query/<id>/``; DRF tries the
  kind route first, so an id that looks like a kind answers ``GET``/``DELETE`` with 405, and a ``POST`` to an id
  that does not look like one gets 405 from the detail route.
- ``GET query/<id>/log/`` (``get_query_log``): PostHog reads ``query_log`` for the last 24 hours; hogmock
  answers from its own journal of create requests that carried that ``client_query_id``, in the same
  ``HogQLQueryResponse`` shape (``select * from query_log``).
- ``POST query/upgrade/``: schema migrations only. hogmock serves the current schema and knows no older node
  versions, so the query comes back unchanged. A body without ``query`` is a 400 (PostHog: a 500).
- ``POST query/check_auth_for_async/``: ``{"user": "ok"}``.
- ``GET query/draft_sql/``: ``runner/draft_sql.py``.
- ``POST query/chat/``: gone from today's PostHog (a POST there matches the detail route: 405); the seed docs
  still list it as ``200`` with no body, which is the default (``Settings.chat_status``).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from mock_server.api import query, query_status
from mock_server.api.encoding import PostHogJSONResponse
from mock_server.api.routing import Call
from mock_server.errors import MethodNotAllowed, ValidationError
from mock_server.journal import JournalEntry
from mock_server.runner.draft_sql import DraftSql
from mock_server.runner.hogql_query import Page
from mock_server.runner.modifiers import resolve_modifiers

KIND_PATTERN = re.compile(r"[A-Z][A-Za-z]*")
QUERY_PATH = re.compile(r"^/api/(?:projects|environments)/(?P<project>[^/]+)/query(?:/[A-Z][A-Za-z]*)?/?$")
LOG_WINDOW = timedelta(hours=24)
# posthog/hogql/database/schema/query_log.py: the fields ``select *`` returns, and their ClickHouse types.
QUERY_LOG_COLUMNS: tuple[tuple[str, str], ...] = (
    ("query_id", "String"), ("query", "String"), ("query_start_time", "DateTime64(6, 'UTC')"),
    ("query_duration_ms", "Float64"), ("created_by", "Int64"), ("read_rows", "Int64"), ("read_bytes", "Int64"),
    ("result_rows", "Int64"), ("result_bytes", "Int64"), ("memory_usage", "Int64"), ("status", "String"),
    ("log_comment", "String"), ("kind", "String"), ("query_type", "String"),
    ("is_personal_api_key_request", "Bool"), ("type", "String"), ("is_initial_query", "Bool"),
)  # fmt: skip
LOG_HOGQL = (
    "SELECT {columns} FROM query_log WHERE and(equals(query_id, {id}), greaterOrEquals(event_date, yesterday())) "
    "LIMIT 101 OFFSET 0"
)


def _looks_like_kind(call: Call) -> bool:
    return KIND_PATTERN.fullmatch(call.request.path_params[query_status.QUERY_ID_PARAM]) is not None


def check_kind(path_kind: str, data: Any) -> None:
    """``_validate_query_kind``: the body must be an object whose ``query.kind`` is the path's kind."""
    if not isinstance(data, dict):
        raise ValidationError("Query body must be a JSON object.")
    payload = data.get("query")
    if payload is not None and not isinstance(payload, dict):
        raise ValidationError("Query must be a JSON object.")
    body_kind = payload.get("kind") if isinstance(payload, dict) else None
    if path_kind != body_kind:
        raise ValidationError(f'Query kind mismatch: path kind "{path_kind}" does not match body kind "{body_kind}".')


async def create_with_kind(call: Call) -> Response:
    if not _looks_like_kind(call):
        raise MethodNotAllowed(call.request.method)  # only the detail route (GET/DELETE) matches this path
    check_kind(call.request.path_params[query_status.QUERY_ID_PARAM], call.body.data)
    return await query.create(call)


async def retrieve(call: Call) -> Response:
    if _looks_like_kind(call):
        raise MethodNotAllowed(call.request.method)  # the create_with_kind route (POST only) matches first
    return await query_status.retrieve(call)


async def destroy(call: Call) -> Response:
    if _looks_like_kind(call):
        raise MethodNotAllowed(call.request.method)
    return await query_status.destroy(call)


async def check_auth_for_async(call: Call) -> Response:
    return PostHogJSONResponse({"user": "ok"})


async def upgrade(call: Call) -> Response:
    data = call.body.data
    # PostHog's ``upgrade(request.data)["query"]`` fails with a 500 here; bad input never gets a 500 from
    # hogmock, so these are DRF's words for a body that is not an object and for a missing field.
    if not isinstance(data, dict):
        raise ValidationError(f"Invalid data. Expected a dictionary, but got {type(data).__name__}.", "invalid")
    if "query" not in data:
        raise ValidationError("This field is required.", "required", "query")
    return PostHogJSONResponse({"query": data["query"]})


async def draft_sql(call: Call) -> Response:
    params = call.request.query_params
    drafts = await run_in_threadpool(DraftSql.from_file, call.backend.settings.draft_sql_file)
    return PostHogJSONResponse(drafts.answer(params.get("prompt")))


async def chat(call: Call) -> Response:
    if call.backend.settings.chat_status == 405:
        raise MethodNotAllowed(call.request.method)
    return Response(status_code=200)


# ---- query/<id>/log/ ------------------------------------------------------------------------------------------


def _log_row(entry: JournalEntry, query_id: str) -> list[Any]:
    node = entry.body["query"] if isinstance(entry.body.get("query"), dict) else {}
    kind = str(node.get("kind", ""))
    status = "QueryFinish" if entry.status is not None and entry.status < 400 else "ExceptionWhileProcessing"
    comment = {"client_query_id": query_id, "kind": kind, "query": node, "access_method": "personal_api_key"}
    values = {
        "query_id": query_id, "query": str(node.get("query", "")), "query_start_time": entry.time,
        "query_duration_ms": round(entry.duration_ms, 3), "created_by": 0, "read_rows": 0, "read_bytes": 0,
        "result_rows": 0, "result_bytes": 0, "memory_usage": 0, "status": status,
        "log_comment": json.dumps(comment, separators=(",", ":")), "kind": kind, "query_type": kind,
        "is_personal_api_key_request": True, "type": status, "is_initial_query": True,
    }  # fmt: skip
    return [values[name] for name, _ in QUERY_LOG_COLUMNS]


def _logged(entry: JournalEntry, project_id: int, query_id: str, since: datetime) -> bool:
    match = QUERY_PATH.match(entry.path)
    body = entry.body if isinstance(entry.body, dict) else {}
    return (
        entry.method == "POST"
        and match is not None
        and match["project"] == str(project_id)
        and body.get("client_query_id") == query_id
        and datetime.fromisoformat(entry.time) >= since
    )


def query_log(call: Call, query_id: str) -> dict[str, Any]:
    """``HogQLQueryRunner.calculate()`` of the query-log query, dumped (no cache fields)."""
    assert call.project is not None  # the route is project-scoped
    since = call.backend.clock.now() - LOG_WINDOW
    entries = call.backend.journal.entries()
    rows = [_log_row(e, query_id) for e in entries if _logged(e, call.project.project.id, query_id, since)]
    page = Page(rows[:100], len(rows) > 100, 100, 0)
    columns = [name for name, _ in QUERY_LOG_COLUMNS]
    hogql = LOG_HOGQL.format(columns=", ".join(columns), id=json.dumps(query_id).replace('"', "'"))
    return {
        "clickhouse": None, "columns": columns, "error": None, "explain": None, "hasMore": page.has_more,
        "hogql": hogql, "limit": page.limit, "metadata": None, "modifiers": resolve_modifiers(None),
        "offset": page.offset, "query": None, "query_status": None, "resolved_date_range": None,
        "results": page.rows, "timings": None, "types": [[name, ch] for name, ch in QUERY_LOG_COLUMNS],
    }  # fmt: skip


async def get_query_log(call: Call) -> Response:
    return PostHogJSONResponse(query_log(call, call.request.path_params[query_status.QUERY_ID_PARAM]))

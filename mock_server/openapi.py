"""hogmock's OpenAPI 3.1 document, generated from the app's route table (``app.ENDPOINTS``).

Every ``Endpoint`` becomes a path (PostHog's canonical form, with the trailing slash) and every method it serves an
operation. What an operation takes and answers is data here, keyed by its viewset and DRF action
(``OPERATIONS``: ``("query", "create")``, ``("query", "draft_sql")``, …); a route
added later without an entry still appears, with its parameters and the error bodies every route can answer, so
the document never lags the routes. The bodies follow PostHog's models: ``frontend/src/queries/schema.json``
(``QueryRequest``, ``CachedHogQLQueryResponse``, ``QueryStatus``, ``CacheMissResponse``) with PostHog's pydantic
reading (``posthog/schema.py``: a property that is not required is ``Optional`` and dumped as ``null``), the
exceptions_hog error body, and DRF's ``LimitOffsetPagination`` envelope for ``GET /api/projects/``.
``/api/environments/…`` operations are marked deprecated, as PostHog's drf-spectacular document marks them.
The control API (``/_hogmock/…``) is not part of PostHog's API and is not described here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mock_server.api.routing import PROJECT_PARAM, Endpoint
from mock_server.runner.request import QUERY_KINDS, REFRESH_TYPES

Schema = dict[str, Any]
OPENAPI_VERSION = "3.1.0"
REF = "#/components/schemas/"


def ref(name: str) -> Schema:
    return {"$ref": REF + name}


def nullable(schema: Schema) -> Schema:
    """``schema`` or ``null``: pydantic's ``Optional`` (PostHog dumps unset fields as ``null``)."""
    return {"anyOf": [schema, {"type": "null"}]}


def model(properties: Mapping[str, Schema], required: Sequence[str], *, closed: bool = True) -> Schema:
    """An object whose non-required properties may be ``null``; ``closed`` is pydantic's ``extra="forbid"``."""
    props = {name: value if name in required else nullable(value) for name, value in properties.items()}
    schema: Schema = {"type": "object", "properties": props, "required": list(required)}
    if closed:
        schema["additionalProperties"] = False
    return schema


DATE_TIME: Schema = {"type": "string", "format": "date-time"}
STRING: Schema = {"type": "string"}
INTEGER: Schema = {"type": "integer"}
BOOLEAN: Schema = {"type": "boolean"}
OBJECT: Schema = {"type": "object"}

# exceptions_hog's body (posthog/settings/web.py EXCEPTION_HANDLER); query-api.md §4.
ERROR_TYPES = ["authentication_error", "invalid_request", "throttled_error", "validation_error", "server_error"]
ERROR = model(
    {
        "type": {"enum": ERROR_TYPES},
        "code": STRING,
        "detail": STRING,
        "attr": nullable(STRING),
    },
    ["type", "code", "detail", "attr"],
    closed=False,
)
CLICKHOUSE_QUERY_PROGRESS = model(
    {name: INTEGER for name in ("active_cpu_time", "bytes_read", "estimated_rows_total", "rows_read", "time_elapsed")},
    ["active_cpu_time", "bytes_read", "estimated_rows_total", "rows_read", "time_elapsed"],
)
QUERY_STATUS = model(
    {
        "complete": BOOLEAN,
        "dashboard_id": INTEGER,
        "end_time": DATE_TIME,
        "error": BOOLEAN,
        "error_message": nullable(STRING),
        "expiration_time": DATE_TIME,
        "id": STRING,
        "insight_id": INTEGER,
        "labels": {"type": "array", "items": STRING},
        "pickup_time": DATE_TIME,
        "query_async": {"const": True},
        "query_progress": ref("ClickhouseQueryProgress"),
        "results": {},
        "start_time": DATE_TIME,
        "task_id": STRING,
        "team_id": INTEGER,
    },
    ["complete", "error", "error_message", "id", "query_async", "team_id"],
)
CACHED_HOGQL_QUERY_RESPONSE = model(
    {
        "cache_key": STRING,
        "cache_target_age": DATE_TIME,
        "calculation_trigger": STRING,
        "clickhouse": STRING,
        "columns": {"type": "array"},
        "error": STRING,
        "explain": {"type": "array", "items": STRING},
        "hasMore": BOOLEAN,
        "hogql": STRING,
        "is_cached": BOOLEAN,
        "last_refresh": DATE_TIME,
        "limit": INTEGER,
        "metadata": OBJECT,
        "modifiers": OBJECT,
        "next_allowed_client_refresh": DATE_TIME,
        "offset": INTEGER,
        "query": STRING,
        "query_metadata": OBJECT,
        "query_status": ref("QueryStatus"),
        "resolved_date_range": OBJECT,
        "results": {"type": "array"},
        # HogQL gives [name, ClickHouse type] pairs; the upstream schema says only "array".
        "timings": {"type": "array", "items": model({"k": STRING, "t": {"type": "number"}}, ["k", "t"])},
        "timezone": STRING,
        "types": {"type": "array"},
    },
    ["cache_key", "is_cached", "last_refresh", "next_allowed_client_refresh", "results", "timezone"],
)
HOGQL_QUERY = model(
    {
        "kind": {"const": "HogQLQuery"},
        "query": STRING,
        "name": STRING,
        "explain": BOOLEAN,
        "values": OBJECT,
        "variables": OBJECT,
        "filters": OBJECT,
        "modifiers": OBJECT,
        "tags": OBJECT,
        "version": {"type": "number"},
    },
    ["kind", "query"],
)
# hogmock runs HogQLQuery; every other kind of QuerySchema is accepted by the body check and answered 400.
OTHER_QUERY: Schema = {
    "type": "object",
    "properties": {"kind": {"enum": [kind for kind in QUERY_KINDS if kind != "HogQLQuery"]}},
    "required": ["kind"],
}
QUERY_REQUEST = model(
    {
        "query": {"oneOf": [ref("HogQLQuery"), OTHER_QUERY]},
        "refresh": {"enum": list(REFRESH_TYPES)},
        "async": BOOLEAN,
        "client_query_id": STRING,
        "name": {"type": "string", "maxLength": 128},
        "filters_override": OBJECT,
        "variables_override": OBJECT,
        "limit_context": {"const": "posthog_ai"},
    },
    ["query"],
)
PROJECT = model(
    {
        "id": INTEGER,
        "uuid": STRING,
        "organization": STRING,
        "project_id": INTEGER,
        "api_token": STRING,
        "name": STRING,
        "completed_snippet_onboarding": BOOLEAN,
        "has_completed_onboarding_for": OBJECT,
        "ingested_event": BOOLEAN,
        "is_demo": BOOLEAN,
        "timezone": STRING,
        "access_control": BOOLEAN,
    },
    ["id", "uuid", "organization", "api_token", "name", "timezone"],
    closed=False,
)
PAGINATED_PROJECTS = model(
    {
        "count": INTEGER,
        "next": nullable({"type": "string", "format": "uri"}),
        "previous": nullable({"type": "string", "format": "uri"}),
        "results": {"type": "array", "items": ref("Project")},
    },
    ["count", "next", "previous", "results"],
)

HOGQL_RESPONSE_KEYS = frozenset(
    {"clickhouse", "columns", "error", "explain", "hasMore", "hogql", "limit", "metadata", "modifiers", "offset",
     "query", "query_status", "resolved_date_range", "results", "timings", "types"}
)  # fmt: skip
COMPONENTS: dict[str, Schema] = {
    "Error": ERROR,
    "ClickhouseQueryProgress": CLICKHOUSE_QUERY_PROGRESS,
    "QueryStatus": QUERY_STATUS,
    "QueryStatusResponse": model({"query_status": ref("QueryStatus")}, ["query_status"]),
    "CacheMissResponse": model({"cache_key": nullable(STRING), "query_status": ref("QueryStatus")}, ["cache_key"]),
    "CachedHogQLQueryResponse": CACHED_HOGQL_QUERY_RESPONSE,
    "HogQLQuery": HOGQL_QUERY,
    "QueryRequest": QUERY_REQUEST,
    "CancelResponse": model({"message": STRING}, ["message"]),
    "Project": PROJECT,
    "PaginatedProjectList": PAGINATED_PROJECTS,
    "OpenAPIDocument": {"type": "object", "required": ["openapi", "paths"]},
    "HogQLQueryResponse": model(
        {key: value for key, value in CACHED_HOGQL_QUERY_RESPONSE["properties"].items() if key in HOGQL_RESPONSE_KEYS},
        ["results"],
    ),
    # Other kinds' responses (EventsQuery, TrendsQuery, HogQLMetadata, …): PostHog's own schema checks them.
    "QueryResponse": {"anyOf": [ref("CachedHogQLQueryResponse"), OBJECT]},
    "UpgradeRequest": model({"query": OBJECT}, ["query"]),
    "UpgradeResponse": model({"query": OBJECT}, ["query"]),
    "DraftSqlResponse": model({"sql": STRING}, ["sql"]),
    "CheckAuthResponse": model({"user": {"const": "ok"}}, ["user"]),
}


@dataclass(frozen=True)
class Answer:
    """One documented response: its description and body schema (``None``: no body)."""

    description: str
    schema: Schema | None = None


def error(description: str) -> Answer:
    return Answer(description, ref("Error"))


# What any PostHog route can answer besides its own bodies (routing.py's lifecycle, faults aside).
COMMON_ANSWERS: dict[str, Answer] = {
    "400": error("A body that is not JSON, or not what the route reads (parse_error)"),
    "401": error("No or invalid credentials, when hogmock runs with --auth-failure-status 401"),
    "403": error("No or invalid credentials (PostHog's default), or a key without access"),
    "404": error("Unknown project"),
    "405": error("Method not allowed"),
    "429": error("Throttled; a rate throttle sends Retry-After"),
    "500": error("A server error occurred."),
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait (rate throttles only)", "schema": INTEGER}}


@dataclass(frozen=True)
class Operation:
    """The documented part of one handler: what it does, its query parameters, body and answers."""

    summary: str
    answers: Mapping[str, Answer]
    request: str | None = None
    query_params: Mapping[str, Schema] = field(default_factory=dict)


TRUE_FLAG: Schema = {"type": "string", "enum": ["true", "false"]}

CREATE = Operation(
    "Run a query (posthog/api/query.py QueryViewSet.create)",
    {
        "200": Answer("The query's response (CachedHogQLQueryResponse for HogQL)", ref("QueryResponse")),
        "202": Answer(
            "An async query was enqueued (a stale response, a cache miss, or a status)",
            {"anyOf": [ref("CacheMissResponse"), ref("QueryStatusResponse"), ref("CachedHogQLQueryResponse")]},
        ),
        "400": error("A bad body or a bad query"),
        "504": error("The query hit the max execution time"),
    },
    request="QueryRequest",
)
# (viewset scope_object, DRF action) -> the operation's documentation.
OPERATIONS: dict[tuple[str, str], Operation] = {
    ("query", "create"): CREATE,
    ("query", "create_with_kind"): Operation(
        "Run a query whose kind the path names (QueryViewSet.create_with_kind)", CREATE.answers, request="QueryRequest"
    ),
    ("query", "draft_sql"): Operation(
        "Draft HogQL from a prompt (QueryViewSet.draft_sql)",
        {"200": Answer("The drafted SQL", ref("DraftSqlResponse")), "400": error("A missing or bad prompt")},
        query_params={"prompt": STRING, "current_query": STRING},
    ),
    ("query", "upgrade"): Operation(
        "Upgrade a query node to the current schema (QueryViewSet.upgrade)",
        {"200": Answer("The upgraded node", ref("UpgradeResponse"))},
        request="UpgradeRequest",
    ),
    ("query", "check_auth_for_async"): Operation(
        "Check the credentials async queries need", {"200": Answer("Authorized", ref("CheckAuthResponse"))}
    ),
    ("query", "chat"): Operation("Gone from PostHog (405 there); the seed docs answer 200", {"200": Answer("OK")}),
    ("query", "get_query_log"): Operation(
        "The query log of a query id (QueryViewSet.get_query_log)",
        {"200": Answer("query_log rows", ref("HogQLQueryResponse"))},
    ),
    ("query", "retrieve"): Operation(
        "An async query's status (QueryViewSet.retrieve)",
        {
            "200": Answer("Complete", ref("QueryStatusResponse")),
            "202": Answer("Pending or running", ref("QueryStatusResponse")),
            "400": Answer("Failed, with error_message", ref("QueryStatusResponse")),
            "404": error("Unknown or expired query id, or unknown project"),
            "500": Answer("Failed without a message", {"anyOf": [ref("QueryStatusResponse"), ref("Error")]}),
        },
        query_params={"show_progress": TRUE_FLAG, "showProgress": TRUE_FLAG},
    ),
    ("query", "destroy"): Operation(
        "Cancel an async query (QueryViewSet.destroy)",
        {
            "200": Answer("Cancelled, dequeued, or already complete", ref("CancelResponse")),
            "204": Answer("Cancelled (with --cancel-status 204, as PostHog's docs say)"),
        },
        query_params={"dequeue_only": TRUE_FLAG},
    ),
    ("project", "list"): Operation(
        "The projects the key may use (DRF LimitOffsetPagination)",
        {"200": Answer("A page of projects", ref("PaginatedProjectList"))},
        query_params={"limit": {"type": "integer", "minimum": 1}, "offset": {"type": "integer", "minimum": 0}},
    ),
}
GENERIC = Operation("A PostHog route", {})
# HEAD mirrors GET; OpenAPI documents GET.
DOCUMENTED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
PATH_PARAM = re.compile(r"{(\w+)}")
PATH_PARAM_SCHEMAS: dict[str, Schema] = {
    PROJECT_PARAM: {"type": "string", "pattern": r"^(\d{1,9}|@current)$"},
}


def _media(schema: Schema) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _response(status: str, answer: Answer) -> dict[str, Any]:
    body: dict[str, Any] = {"description": answer.description}
    if answer.schema is not None:
        body["content"] = _media(answer.schema)
    if status == "429":
        body["headers"] = RETRY_AFTER
    return body


def _parameters(path: str, operation: Operation) -> list[dict[str, Any]]:
    in_path = [
        {"name": name, "in": "path", "required": True, "schema": PATH_PARAM_SCHEMAS.get(name, STRING)}
        for name in PATH_PARAM.findall(path)
    ]
    in_query = [{"name": name, "in": "query", "schema": schema} for name, schema in operation.query_params.items()]
    return in_path + in_query


def operation_id(endpoint: Endpoint, method: str) -> str:
    """``<projects|environments>_<viewset>_<action>`` (``projects_query_create``), or ``<path>_<action>``."""
    head = next(word for word in endpoint.path.split("/") if word and word != "api")
    scope = [endpoint.scope_object] if endpoint.project_scoped else []
    return "_".join([head, *scope, endpoint.action(method)])


def _operation(endpoint: Endpoint, method: str) -> dict[str, Any]:
    documented = OPERATIONS.get((endpoint.scope_object, endpoint.action(method)), GENERIC)
    answers = {**COMMON_ANSWERS, **documented.answers}
    body: dict[str, Any] = {
        "operationId": operation_id(endpoint, method),
        "summary": documented.summary,
        "parameters": _parameters(endpoint.path, documented),
        "responses": {status: _response(status, answers[status]) for status in sorted(answers)},
    }
    if documented.request is not None:
        body["requestBody"] = {"required": True, "content": _media(ref(documented.request))}
    if endpoint.path.startswith("/api/environments/"):
        body["deprecated"] = True
    return body


def path_item(endpoint: Endpoint) -> dict[str, Any]:
    methods = [method for method in DOCUMENTED_METHODS if method in endpoint.handlers]
    return {method.lower(): _operation(endpoint, method) for method in methods}


SCHEMA_PATH = "/api/schema/"
SCHEMA_OPERATION: dict[str, Any] = {
    "get": {
        "operationId": "schema_get",
        "summary": "This document (public, as drf-spectacular's SpectacularAPIView in posthog/urls.py)",
        "responses": {"200": {"description": "OpenAPI 3.1", "content": _media(ref("OpenAPIDocument"))}},
        "security": [],
    }
}


def build_document(endpoints: Sequence[Endpoint]) -> dict[str, Any]:
    """The OpenAPI document of ``endpoints`` (and of ``/api/schema/`` itself)."""
    paths = {endpoint.path + "/": path_item(endpoint) for endpoint in endpoints}
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "hogmock: PostHog Query API",
            "version": "0.1.0",
            "description": "An offline stand-in for PostHog's Query API. Trailing slashes are optional.",
        },
        "paths": {**paths, SCHEMA_PATH: SCHEMA_OPERATION},
        "components": {
            "schemas": COMPONENTS,
            "securitySchemes": {"PersonalAPIKey": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"PersonalAPIKey": []}],
    }

"""The synchronous HogQLQuery contract: routes, response shape and types, limits, and errors.

Every test runs against hogmock and against a real PostHog host, except those marked ``mock_only``. Values that
differ on every run (cache keys, timestamps) are compared by shape. Where PostHog's behaviour is UNCONFIRMED
(query-api.md), a test accepts each documented form and records the one it saw (``record_property``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from contract_tests.target import Target

# query-api.md §3a: the keys of CachedHogQLQueryResponse, every one present (null when unset).
RESPONSE_KEYS = {
    "cache_key", "cache_target_age", "calculation_trigger", "clickhouse", "columns", "error", "explain", "hasMore",
    "hogql", "is_cached", "last_refresh", "limit", "metadata", "modifiers", "next_allowed_client_refresh", "offset",
    "query", "query_metadata", "query_status", "resolved_date_range", "results", "timezone", "timings", "types",
}  # fmt: skip
ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
Record = Callable[[str, object], None]


def run(http: httpx.Client, target: Target, hogql: str, path: str = "projects") -> httpx.Response:
    body = {"query": {"kind": "HogQLQuery", "query": hogql}}
    return http.post(f"/api/{path}/{target.project_id}/query/", json=body)


def ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_select_one_answers_with_columns_types_and_results(http: httpx.Client, target: Target) -> None:
    body = ok(run(http, target, "select 1"))
    assert (body["columns"], body["results"], body["types"]) == (["1"], [[1]], [["1", "UInt8"]])
    assert (body["hasMore"], body["limit"], body["offset"]) == (False, 100, 0)


def test_every_response_key_is_present(http: httpx.Client, target: Target) -> None:
    body = ok(run(http, target, "select 1"))
    assert set(body) >= RESPONSE_KEYS
    assert isinstance(body["is_cached"], bool) and isinstance(body["timezone"], str)
    assert re.match(r"^cache_\w+$", body["cache_key"])
    for key in ("last_refresh", "next_allowed_client_refresh"):
        assert ISO_UTC.match(body[key]), (key, body[key])


LITERALS = [
    ("1", 1, "UInt8"),
    ("-1", -1, "Int8"),
    ("300", 300, "UInt16"),
    ("70000", 70000, "UInt32"),
    ("1.5", 1.5, "Float64"),
    ("'text'", "text", "String"),
    ("NULL", None, "Nullable(Nothing)"),
    # PostHog prints toDate of a string as toDateOrNull (posthog/hogql/functions/clickhouse/datetime.py).
    ("toDate('2026-01-02')", "2026-01-02", "Nullable(Date)"),
    ("1 = 1", 1, "UInt8"),
    ("1 / 2", 0.5, "Float64"),
]


@pytest.mark.parametrize(("literal", "value", "ch_type"), LITERALS, ids=[lit[0] for lit in LITERALS])
def test_literal_values_and_types(
    http: httpx.Client, target: Target, literal: str, value: object, ch_type: str
) -> None:
    body = ok(run(http, target, f"select {literal}"))
    assert (body["results"], [t[1] for t in body["types"]]) == ([[value]], [ch_type])


def test_true_is_bool_or_uint8(http: httpx.Client, target: Target, record_property: Record) -> None:
    # UNCONFIRMED: whether HogQL prints `true` as ClickHouse's Bool or as 1.
    body = ok(run(http, target, "select true"))
    record_property("select true", body["types"][0][1])
    assert (body["results"], body["types"][0][1]) in (([[True]], "Bool"), ([[1]], "UInt8"))


def test_date_functions_on_constants(http: httpx.Client, target: Target) -> None:
    query = (
        "select toStartOfMonth(toDateTime('2026-11-20 10:00:00')), "
        "toStartOfWeek(toDateTime('2026-11-20 10:00:00'), 1), "
        "dateDiff('day', toDateTime('2026-11-01 00:00:00'), toDateTime('2026-11-20 00:00:00'))"
    )
    body = ok(run(http, target, query))
    assert body["results"] == [["2026-11-01", "2026-11-16", 19]]
    assert [t[1] for t in body["types"]] == ["Date", "Date", "Int64"]


def test_without_limit_the_server_pages_at_100(http: httpx.Client, target: Target) -> None:
    body = ok(run(http, target, "select number from numbers(200)"))
    assert body["results"] == [[n] for n in range(100)]
    assert (body["hasMore"], body["limit"], body["offset"]) == (True, 100, 0)
    assert body["types"] == [["number", "UInt64"]]


def test_an_explicit_limit_is_not_paged(http: httpx.Client, target: Target) -> None:
    body = ok(run(http, target, "select number from numbers(200) limit 5"))
    assert body["results"] == [[n] for n in range(5)]
    assert (body["hasMore"], body["limit"], body["offset"]) == (None, None, None)


@pytest.mark.parametrize(
    "path", ["/api/projects/{id}/query", "/api/projects/{id}/query/", "/api/environments/{id}/query/"]
)
def test_routes_with_and_without_slash_and_the_environments_alias(
    http: httpx.Client, target: Target, path: str
) -> None:
    body = {"query": {"kind": "HogQLQuery", "query": "select 1"}}
    response = http.post(path.format(id=target.project_id), json=body, follow_redirects=False)
    assert (response.status_code, response.json()["results"]) == (200, [[1]])


def test_projects_list_is_a_paginated_envelope(http: httpx.Client, target: Target) -> None:
    body = ok(http.get("/api/projects/"))
    assert {"count", "next", "previous", "results"} <= set(body)
    project = next(p for p in body["results"] if p["id"] == target.project_id)
    assert {"id", "uuid", "organization", "api_token", "name", "timezone"} <= set(project)


def test_no_credentials(anonymous: httpx.Client, target: Target, record_property: Record) -> None:
    response = anonymous.post(
        f"/api/projects/{target.project_id}/query/", json={"query": {"kind": "HogQLQuery", "query": "select 1"}}
    )
    record_property("no credentials status", response.status_code)
    assert response.status_code in (401, 403)  # query-api.md §4: 403 derived, 401 elsewhere
    assert response.json() == {
        "type": "authentication_error",
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
        "attr": None,
    }


def test_invalid_personal_api_key(anonymous: httpx.Client, target: Target, record_property: Record) -> None:
    headers = {"Authorization": "Bearer phx_not_a_real_key_0000000000000000000000000"}
    response = anonymous.post(
        f"/api/projects/{target.project_id}/query/",
        json={"query": {"kind": "HogQLQuery", "query": "select 1"}},
        headers=headers,
    )
    record_property("invalid key status", response.status_code)
    assert response.status_code in (401, 403)
    assert response.json() == {
        "type": "authentication_error",
        "code": "authentication_failed",
        "detail": "Personal API key found in request Authorization header is invalid.",
        "attr": None,
    }


def test_hogql_syntax_error(http: httpx.Client, target: Target, record_property: Record) -> None:
    response = run(http, target, "selec 1")
    body = response.json()
    record_property("syntax error code", body.get("code"))
    assert (response.status_code, body["type"], body["attr"]) == (400, "validation_error", None)
    assert body["code"] in ("hogql_syntax_error", "invalid_input")  # older deployments say invalid_input


def test_unknown_table(http: httpx.Client, target: Target) -> None:
    response = run(http, target, "select 1 from no_such_table")
    body = response.json()
    assert (response.status_code, body["type"]) == (400, "validation_error")
    assert body["code"] in ("hogql_query_error", "invalid_input")
    assert "no_such_table" in body["detail"]


def test_malformed_json_is_a_parse_error(http: httpx.Client, target: Target) -> None:
    response = http.post(
        f"/api/projects/{target.project_id}/query/", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    body = response.json()
    assert (response.status_code, body["type"], body["code"]) == (400, "invalid_request", "parse_error")
    assert body["detail"].startswith("JSON parse error - ")


def test_missing_query_is_a_parse_error(http: httpx.Client, target: Target) -> None:
    response = http.post(f"/api/projects/{target.project_id}/query/", json={"refresh": "blocking"})
    body = response.json()
    assert (response.status_code, body["type"], body["code"]) == (400, "invalid_request", "parse_error")
    assert body["detail"].startswith("JSON parse error - 1 validation error for QueryRequest\nquery\n  Field required")


@pytest.mark.mock_only("the counts are those of hogmock's bundled dataset")
def test_seeded_event_counts(http: httpx.Client, target: Target) -> None:
    body = ok(run(http, target, "select event, count() from events group by event order by event"))
    assert body["results"] == [
        ["$autocapture", 1008],
        ["$identify", 48],
        ["$pageleave", 537],
        ["$pageview", 2222],
        ["$screen", 278],
        ["purchase", 41],
        ["signed_up", 48],
    ]
    assert body["types"] == [["event", "String"], ["count()", "UInt64"]]

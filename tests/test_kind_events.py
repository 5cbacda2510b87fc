"""EventsQuery over the bundled dataset at 2026-11-20T12:00Z: columns, types, results and pagination, exact.

The helpers at the top (the bundled-data client and JSON-Schema validation) are shared by the other
``test_kind_*.py`` files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator  # type: ignore[import-untyped]
from starlette.testclient import TestClient

from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.config import DEFAULT_API_KEY, Settings
from tests.conftest import HTTP_NOW

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "shared" / "upstream" / "posthog-query-schema.full.json"
HEADERS = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}
# The bundled dataset's default window (EventsQuery's after=-24h, before=now+5s) at HTTP_NOW.
WINDOW = (
    "less(timestamp, toDateTime('2026-11-20T12:00:05+00:00')), "
    "greater(timestamp, toDateTime('2026-11-19T12:00:00+00:00'))"
)


@pytest.fixture(scope="module")
def bundled() -> Iterator[TestClient]:
    """A client of hogmock serving the bundled dataset (project 1) with the clock at HTTP_NOW."""
    with TestClient(create_app(Backend(Settings(now=HTTP_NOW)))) as client:
        yield client


def run(client: TestClient, node: dict[str, Any], status: int = 200, **request: Any) -> Any:
    response = client.post("/api/projects/1/query/", json={"query": node, **request}, headers=HEADERS)
    assert response.status_code == status, response.text
    return response.json()


@cache
def _definitions() -> dict[str, Any]:
    definitions: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["definitions"]
    return definitions


def _without_nulls(value: Any) -> Any:
    """pydantic dumps unset optional fields as null; the JSON Schema leaves them out instead."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def assert_schema(body: Any, name: str) -> None:
    """``body`` validates against PostHog's JSON Schema definition ``name`` (null meaning absent)."""
    schema = {"$ref": f"#/definitions/{name}", "definitions": _definitions()}
    errors = [e.message for e in Draft7Validator(schema).iter_errors(_without_nulls(body))]
    assert errors == [], errors


def events(client: TestClient, **node: Any) -> Any:
    body = run(client, {"kind": "EventsQuery", **node})
    assert_schema(body, "CachedEventsQueryResponse")
    return body


# ---- select, aggregation, ordering ---------------------------------------------------------------------------


def test_count_by_event_in_the_last_day(bundled: TestClient) -> None:
    body = events(bundled, select=["event", "count()"])
    assert body["columns"] == ["event", "count()"]
    assert body["types"] == ["String", "UInt64"]
    assert body["results"][:5] == [["$pageview", 120], ["$autocapture", 48], ["$pageleave", 38], ["$screen", 14],
                                   ["purchase", 4]]  # fmt: skip
    # count() ties come in the engine's order, as on ClickHouse
    assert sorted(body["results"][5:]) == [["$identify", 1], ["signed_up", 1]]
    assert (body["hasMore"], body["limit"], body["offset"]) == (False, 100, 0)
    assert body["hogql"] == (
        f"SELECT event, count() FROM events WHERE and({WINDOW}) GROUP BY event ORDER BY count() DESC LIMIT 101 OFFSET 0"
    )


def test_response_keys_are_the_cached_events_response(bundled: TestClient) -> None:
    body = events(bundled, select=["count()"])
    assert list(body) == [
        "cache_key", "cache_target_age", "calculation_trigger", "columns", "error", "hasMore", "hogql", "is_cached",
        "last_refresh", "limit", "modifiers", "next_allowed_client_refresh", "offset", "query_metadata",
        "query_status", "resolved_date_range", "results", "timezone", "timings", "types",
    ]  # fmt: skip
    assert body["results"] == [[226]]
    assert (body["is_cached"], body["last_refresh"], body["timezone"]) == (False, "2026-11-20T12:00:00Z", "UTC")


def test_where_with_an_aggregation_becomes_having_and_order_offset_limit(bundled: TestClient) -> None:
    body = events(
        bundled, select=["distinct_id", "count() as c"], where=["count() > 3"], after="-7d",
        orderBy=["c DESC", "distinct_id"], limit=3, offset=1,
    )  # fmt: skip
    assert body["columns"] == ["distinct_id", "c"]
    assert body["results"] == [["user-0174", 21], ["user-0053", 20], ["user-0136", 19]]
    assert (body["hasMore"], body["limit"], body["offset"]) == (True, 3, 1)
    assert (
        "GROUP BY distinct_id HAVING greater(count(), 3) ORDER BY c DESC, distinct_id ASC LIMIT 4 OFFSET 1"
        in (body["hogql"])
    )


def test_absolute_after_and_before_bound_the_window_timestamp_descending(bundled: TestClient) -> None:
    body = events(bundled, select=["event", "timestamp"], after="2026-11-19T11:00:00Z", before="2026-11-19T12:30:00Z")
    assert [row[1] for row in body["results"]][:3] == [
        "2026-11-19T12:29:09.415000Z", "2026-11-19T12:27:54.894000Z", "2026-11-19T11:31:08.299000Z",
    ]  # fmt: skip
    assert len(body["results"]) == 9
    assert body["types"] == ["String", "DateTime64(6, 'UTC')"]


def test_event_and_property_filters(bundled: TestClient) -> None:
    prop = {"key": "$os", "value": ["Mac OS X"], "operator": "exact", "type": "event"}
    body = events(
        bundled, select=["properties.$browser", "count()"], event="$pageview", properties=[prop],
        orderBy=["count() DESC", "properties.$browser"],
    )  # fmt: skip
    assert body["results"] == [["Chrome", 9], ["Safari", 9]]
    assert body["types"] == ["Nullable(String)", "UInt64"]


def test_fixed_person_properties_and_test_account_filters(bundled: TestClient) -> None:
    plan = {"key": "plan", "value": "pro", "operator": "exact", "type": "person"}
    assert events(bundled, select=["count()"], fixedProperties=[plan])["results"] == [[83]]
    body = events(bundled, select=["count()"], filterTestAccounts=True)
    assert body["results"] == [[226]]  # no event of the dataset comes from localhost
    assert "not(match(toString(properties.$host)" in body["hogql"]


def test_person_id_selects_the_persons_distinct_ids(bundled: TestClient) -> None:
    body = events(
        bundled, select=["event", "timestamp", "distinct_id"], personId="b05a17fa-0f00-4415-867e-06d0843baa43",
        after="all",
    )  # fmt: skip
    assert len(body["results"]) == 40
    assert {row[2] for row in body["results"]} == {"01a15e55-2200-7d64-83ae-414049c80609", "user-0112"}
    assert "in(distinct_id, tuple('01a15e55-2200-7d64-83ae-414049c80609', 'user-0112'))" in body["hogql"]


def test_an_unknown_person_id_matches_nothing(bundled: TestClient) -> None:
    assert events(bundled, select=["count()"], personId="no-such-person", after="all")["results"] == [[0]]


# ---- ``*`` and ``person`` ----------------------------------------------------------------------------------------


def test_star_is_the_event_as_posthog_serialises_it(bundled: TestClient) -> None:
    body = events(bundled, select=["*"], limit=1)
    assert body["columns"] == ["*"]
    assert body["types"] == [
        "Tuple(UUID, String, String, DateTime64(6, 'UTC'), Int64, String, String, DateTime64(6, 'UTC'), String)"
    ]
    assert body["results"] == [
        [
            {
                "uuid": "0150c667-5b8d-53fa-8db5-c87b2b07c87c", "event": "$autocapture",
                "properties": {
                    "$browser": "Chrome", "$os": "Mac OS X", "$device_type": "Desktop", "$screen_width": 1440,
                    "$event_type": "click", "$el_text": "Shared",
                    "$current_url": "https://app.hedgebox.example/files/shared",
                    "$session_id": "01a1f866-0148-7fbf-8243-d5a19f829266",
                    "$window_id": "01a1f866-0148-76b9-8146-af11b213ccae", "$has_recording": True,
                },
                "timestamp": "2026-11-20T10:01:28.401000Z", "team_id": 1, "distinct_id": "user-0058",
                "elements_chain": 'a.nav-link:href="/files/shared"nth-child="2"text="Shared"',
                "created_at": "2026-11-20T10:01:28.401000Z", "person_mode": "full",
                "elements": [
                    {"text": "Shared", "tag_name": "a", "attr_class": ["nav-link"], "href": "/files/shared",
                     "attr_id": None, "nth_child": 2, "nth_of_type": None, "attributes": {}, "order": 0}
                ],
            }
        ]
    ]  # fmt: skip
    assert (body["hasMore"], body["limit"]) == (True, 1)


def test_person_column_is_the_person_of_the_distinct_id(bundled: TestClient) -> None:
    body = events(bundled, select=["uuid", "event", "timestamp", "person"], event="$pageview", limit=1)
    assert body["columns"] == ["uuid", "event", "timestamp", "person"]
    assert body["types"] == ["UUID", "String", "DateTime64(6, 'UTC')", "String"]
    assert body["results"] == [
        [
            "d79a8cbb-887a-5955-9842-9d773eeab8f4", "$pageview", "2026-11-20T11:29:22.415000Z",
            {
                "uuid": "b05a17fa-0f00-4415-867e-06d0843baa43", "created_at": "2026-01-12T14:09:02Z",
                "properties": {"email": "björn.müller67@globex.example", "name": "Björn Müller", "plan": "pro",
                               "company": "Globex"},
                "distinct_id": "user-0112",
            },
        ]
    ]  # fmt: skip


def test_an_events_query_agrees_with_the_same_hogql_query(bundled: TestClient) -> None:
    hogql = run(bundled, {"kind": "HogQLQuery", "query": f"select count() from events where and({WINDOW})"})
    assert events(bundled, select=["count()"])["results"] == hogql["results"] == [[226]]


# ---- validation, refresh modes, errors ---------------------------------------------------------------------------


def test_select_is_required(bundled: TestClient) -> None:
    body = run(bundled, {"kind": "EventsQuery"}, status=400)
    assert body["code"] == "parse_error"
    assert "query.EventsQuery.select\n  Field required [type=missing" in body["detail"]


def test_a_bad_expression_is_a_hogql_error(bundled: TestClient) -> None:
    body = run(bundled, {"kind": "EventsQuery", "select": ["nope"]}, status=400)
    assert body == {"type": "validation_error", "code": "hogql_query_error",
                    "detail": "Unable to resolve field: nope", "attr": None}  # fmt: skip


def test_second_blocking_request_is_served_from_the_cache(bundled: TestClient) -> None:
    node = {"kind": "EventsQuery", "select": ["event"], "limit": 2, "orderBy": ["timestamp DESC"]}
    first = run(bundled, node, refresh="force_blocking")
    second = run(bundled, node)
    assert (first["is_cached"], second["is_cached"]) == (False, True)
    assert second["results"] == first["results"] == [["$pageleave"], ["$pageleave"]]


def test_force_async_enqueues_an_events_query(bundled: TestClient) -> None:
    response = bundled.post(
        "/api/projects/1/query/", json={"query": {"kind": "EventsQuery", "select": ["count()"]},
                                        "refresh": "force_async", "client_query_id": "events-async"},
        headers=HEADERS,
    )  # fmt: skip
    assert response.status_code == 202
    assert response.json()["query_status"]["id"] == "events-async"

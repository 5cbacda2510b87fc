"""TrendsQuery: every math, interval, filter, breakdown, compare and total-value display, with exact results on a
small dataset written here (and on fixtures/default), each response validated against PostHog's JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from starlette.testclient import TestClient

from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.config import DEFAULT_API_KEY, Settings

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT.parent / "shared/upstream/posthog-query-schema.full.json").read_text(encoding="utf-8"))
URL = "/api/projects/1/query/"
HEADERS = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}


def event(name: str, who: str, when: str, **properties: Any) -> dict[str, Any]:
    return {"event": name, "distinct_id": who, "timestamp": when, "properties": properties}


EVENTS = [
    event("$pageview", "a", "2026-11-05T10:00:00Z", **{"$browser": "Chrome", "$session_id": "s0"}),
    event("$pageview", "a", "2026-11-18T10:00:00Z", price=10, **{"$browser": "Chrome", "$session_id": "s1"}),
    event("$pageview", "a", "2026-11-19T10:00:00Z", price=20, **{"$browser": "Chrome", "$session_id": "s2"}),
    event("$pageview", "a", "2026-11-20T09:00:00Z", price=30, **{"$browser": "Chrome", "$session_id": "s3"}),
    event("$pageview", "b", "2026-11-19T11:00:00Z", price=5, **{"$browser": "Firefox", "$session_id": "s4"}),
    event("$pageview", "b", "2026-11-19T12:00:00Z", price=7, **{"$browser": "Firefox", "$session_id": "s4"}),
    event("$pageview", "c", "2026-11-20T10:30:00Z", **{"$host": "localhost:8000"}),
    event("signup", "a", "2026-11-18T10:05:00Z"),
    event("signup", "b", "2026-11-19T11:30:00Z"),
]
PERSONS = [
    {"id": "00000000-0000-4000-8000-00000000000a", "distinct_ids": ["a"], "properties": {"plan": "pro"}},
    {"id": "00000000-0000-4000-8000-00000000000b", "distinct_ids": ["b"], "properties": {"plan": "free"}},
]


def lines(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row) + "\n" for row in rows)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    directory = tmp_path_factory.mktemp("trends")
    (directory / "events.jsonl").write_text(lines(EVENTS), encoding="utf-8")
    (directory / "persons.jsonl").write_text(lines(PERSONS), encoding="utf-8")
    (directory / "project.json").write_text(json.dumps({"id": 1, "timezone": "UTC"}), encoding="utf-8")
    with TestClient(create_app(Backend(Settings(data_dir=directory, now=NOW)))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def default_client() -> Iterator[TestClient]:
    with TestClient(create_app(Backend(Settings(data_dir=ROOT / "fixtures/default", now=NOW)))) as test_client:
        yield test_client


def without_nulls(value: Any) -> Any:
    """pydantic dumps unset optional fields as null; PostHog's JSON Schema describes them as absent."""
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def validate(body: dict[str, Any], name: str) -> None:
    schema = {"$ref": f"#/definitions/{name}", "definitions": SCHEMA["definitions"]}
    jsonschema.Draft7Validator(schema).validate(without_nulls(body))


def trends(client: TestClient, **query: Any) -> dict[str, Any]:
    query.setdefault("series", [{"kind": "EventsNode", "event": "$pageview"}])
    query.setdefault("dateRange", {"date_from": "-3d"})
    response = client.post(URL, json={"query": {"kind": "TrendsQuery", **query}}, headers=HEADERS)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    validate(body, "CachedTrendsQueryResponse")
    return body


def data(body: dict[str, Any]) -> list[Any]:
    return [result["data"] for result in body["results"]]


def series(math: str, **extra: Any) -> list[dict[str, Any]]:
    return [{"kind": "EventsNode", "event": "$pageview", "math": math, **extra}]


# --- the whole body -----------------------------------------------------------------------------------------------


def test_total_by_day_full_result(client: TestClient) -> None:
    body = trends(client)
    days = ["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"]
    assert body["results"] == [
        {
            "data": [0, 1, 3, 2],
            "labels": ["17-Nov-2026", "18-Nov-2026", "19-Nov-2026", "20-Nov-2026"],
            "days": days,
            "count": 6.0,
            "label": "$pageview",
            "filter": {
                "insight": "TRENDS",
                "properties": [],
                "filter_test_accounts": False,
                "date_to": "2026-11-20T23:59:59.999999Z",
                "date_from": "2026-11-17T00:00:00Z",
                "entity_type": "events",
                "interval": "day",
            },
            "action": {
                "days": [f"{d}T00:00:00Z" for d in days],
                "id": "$pageview",
                "type": "events",
                "order": 0,
                "name": "$pageview",
                "custom_name": None,
                "math": None,
                "math_property": None,
                "math_hogql": None,
                "math_group_type_index": None,
                "properties": {},
            },
        }
    ]
    assert body["resolved_date_range"] == {
        "date_from": "2026-11-17T00:00:00Z",
        "date_to": "2026-11-20T23:59:59.999999Z",
    }
    assert (body["hasMore"], body["error"], body["boxplot_data"], body["is_cached"]) == (False, "", None, False)
    assert body["query_metadata"] == {"events": ["$pageview"], "updated_at": "2026-11-20T12:00:00Z"}
    assert body["cache_target_age"] == "2026-11-20T18:00:00Z"
    assert body["next_allowed_client_refresh"] == "2026-11-20T12:01:00Z"
    assert "toStartOfDay(timestamp)" in body["hogql"]


# --- math --------------------------------------------------------------------------------------------------------

MATHS = [
    ("total", {}, [0, 1, 3, 2]),
    ("dau", {}, [0, 1, 2, 2]),
    ("weekly_active", {}, [0, 1, 2, 3]),
    ("monthly_active", {}, [1, 1, 2, 3]),
    ("unique_session", {}, [0, 1, 2, 2]),  # an event without a session counts as the empty id
    ("sum", {"math_property": "price"}, [0.0, 10.0, 32.0, 30.0]),
    ("avg", {"math_property": "price"}, [0.0, 10.0, 32 / 3, 30.0]),
    ("min", {"math_property": "price"}, [0.0, 10.0, 5.0, 30.0]),
    ("max", {"math_property": "price"}, [0.0, 10.0, 20.0, 30.0]),
    ("median", {"math_property": "price"}, [0.0, 10.0, 7.0, 30.0]),
    ("p90", {"math_property": "price"}, [0.0, 10.0, 17.4, 30.0]),
    ("p95", {"math_property": "price"}, [0.0, 10.0, 18.7, 30.0]),
    ("p99", {"math_property": "price"}, [0.0, 10.0, 19.74, 30.0]),
]


@pytest.mark.parametrize(("math", "extra", "expected"), MATHS, ids=[m[0] for m in MATHS])
def test_math(client: TestClient, math: str, extra: dict[str, Any], expected: list[Any]) -> None:
    body = trends(client, series=series(math, **extra))
    assert data(body) == [pytest.approx(expected)]
    assert body["results"][0]["action"]["math"] == math
    assert [type(v) for v in data(body)[0]] == [type(v) for v in expected]


def test_weekly_active_by_week_is_dau(client: TestClient) -> None:
    body = trends(client, series=series("weekly_active"), interval="week")
    assert data(body) == [[3]]  # the week of Sunday 15 Nov: a, b and c
    assert body["results"][0]["action"]["math"] == "dau"


# --- intervals and date ranges ------------------------------------------------------------------------------------


def test_hour_interval(client: TestClient) -> None:
    body = trends(client, interval="hour", dateRange={"date_from": "-3h"})
    result = body["results"][0]
    assert result["data"] == [1, 1, 0, 0]
    assert result["labels"] == ["20-Nov-2026 09:00", "20-Nov-2026 10:00", "20-Nov-2026 11:00", "20-Nov-2026 12:00"]
    assert result["days"] == [
        "2026-11-20 09:00:00",
        "2026-11-20 10:00:00",
        "2026-11-20 11:00:00",
        "2026-11-20 12:00:00",
    ]
    assert body["next_allowed_client_refresh"] == "2026-11-20T12:01:00Z"
    assert body["cache_target_age"] == "2026-11-20T12:15:00Z"


def test_week_interval(client: TestClient) -> None:
    result = trends(client, interval="week", dateRange={"date_from": "-14d"})["results"][0]
    # -14d is 6 Nov: the week of 1 Nov starts before it and misses the event of 5 Nov.
    assert (result["data"], result["days"]) == ([0, 0, 6], ["2026-11-01", "2026-11-08", "2026-11-15"])


def test_month_interval_absolute_range(client: TestClient) -> None:
    result = trends(client, interval="month", dateRange={"date_from": "2026-10-01", "date_to": "2026-11-30"})[
        "results"
    ][0]
    assert (result["data"], result["labels"], result["days"]) == (
        [0, 7],
        ["1-Oct-2026", "1-Nov-2026"],
        ["2026-10-01", "2026-11-01"],
    )


def test_absolute_range_and_all(client: TestClient) -> None:
    result = trends(client, dateRange={"date_from": "2026-11-18", "date_to": "2026-11-19"})["results"][0]
    assert (result["data"], result["days"]) == ([1, 3], ["2026-11-18", "2026-11-19"])
    everything = trends(client, dateRange={"date_from": "all"}, interval="month")["results"][0]
    assert (everything["data"], everything["count"]) == ([7], 7.0)


# --- filters ------------------------------------------------------------------------------------------------------


def test_property_filters_query_and_series(client: TestClient) -> None:
    chrome = {"key": "$browser", "value": "Chrome", "operator": "exact", "type": "event"}
    assert data(trends(client, properties=[chrome])) == [[0, 1, 1, 1]]
    assert data(trends(client, series=[{"kind": "EventsNode", "event": "$pageview", "properties": [chrome]}])) == [
        [0, 1, 1, 1]
    ]
    pro = {"key": "plan", "value": ["pro"], "operator": "exact", "type": "person"}
    grouped = {"type": "AND", "values": [{"type": "AND", "values": [pro]}]}
    assert data(trends(client, properties=grouped)) == [[0, 1, 1, 1]]


def test_filter_test_accounts(client: TestClient) -> None:
    body = trends(client, filterTestAccounts=True)
    assert data(body) == [[0, 1, 3, 1]]
    assert body["results"][0]["filter"]["filter_test_accounts"] is True


def test_all_events_series(client: TestClient) -> None:
    result = trends(client, series=[{"kind": "EventsNode", "event": None, "custom_name": "Anything"}])["results"][0]
    assert (result["data"], result["label"], result["action"]["name"]) == ([0, 2, 4, 2], "All events", "All events")
    assert result["action"]["custom_name"] == "Anything"


# --- breakdowns ----------------------------------------------------------------------------------------------------


def test_event_property_breakdown(client: TestClient) -> None:
    body = trends(client, breakdownFilter={"breakdown": "$browser", "breakdown_type": "event"})
    found = [(r["breakdown_value"], r["label"], r["data"]) for r in body["results"]]
    assert found == [
        ("Chrome", "Chrome", [0, 1, 1, 1]),
        ("Firefox", "Firefox", [0, 0, 2, 0]),
        ("$$_posthog_breakdown_null_$$", "$$_posthog_breakdown_null_$$", [0, 0, 0, 1]),
    ]
    assert body["hasMore"] is False
    assert body["results"][0]["filter"]["breakdown"] == "$browser"


def test_breakdown_limit_groups_other(client: TestClient) -> None:
    body = trends(client, breakdownFilter={"breakdown": "$browser", "breakdown_limit": 1})
    assert [(r["breakdown_value"], r["data"]) for r in body["results"]] == [
        ("Chrome", [0, 1, 1, 1]),
        ("$$_posthog_breakdown_other_$$", [0, 0, 2, 1]),
    ]
    assert body["hasMore"] is True


def test_person_property_breakdown_with_two_series(client: TestClient) -> None:
    two = [{"kind": "EventsNode", "event": "$pageview", "math": "dau"}, {"kind": "EventsNode", "event": "signup"}]
    body = trends(client, series=two, breakdownFilter={"breakdown": "plan", "breakdown_type": "person"})
    assert [(r["label"], r["action"]["order"], r["data"]) for r in body["results"]] == [
        ("$pageview - pro", 0, [0, 1, 1, 1]),
        ("$pageview - free", 0, [0, 0, 1, 0]),
        ("$pageview - $$_posthog_breakdown_null_$$", 0, [0, 0, 0, 1]),
        ("signup - free", 1, [0, 0, 1, 0]),
        ("signup - pro", 1, [0, 1, 0, 0]),
    ]


# --- compare ---------------------------------------------------------------------------------------------------------


def test_compare_previous_period(client: TestClient) -> None:
    body = trends(client, compareFilter={"compare": True}, dateRange={"date_from": "-7d"})
    current, previous = body["results"]
    assert (current["compare"], current["compare_label"], current["data"]) == (
        True,
        "current",
        [0, 0, 0, 0, 0, 1, 3, 2],
    )
    assert (previous["compare_label"], previous["days"][0], previous["days"][-1]) == (
        "previous",
        "2026-11-05",
        "2026-11-12",
    )
    assert previous["data"] == [1, 0, 0, 0, 0, 0, 0, 0]
    assert previous["action"]["days"] == current["action"]["days"]


def test_compare_to(client: TestClient) -> None:
    body = trends(client, compareFilter={"compare": True, "compare_to": "-14d"})
    previous = body["results"][1]
    assert (previous["days"], previous["data"]) == (
        ["2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06"],
        [0, 0, 1, 0],
    )


# --- displays --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shown", ["BoldNumber", "ActionsPie", "ActionsBarValue", "ActionsTable", "WorldMap"])
def test_total_value_displays(client: TestClient, shown: str) -> None:
    body = trends(client, trendsFilter={"display": shown}, series=series("dau"))
    result = body["results"][0]
    assert (result["aggregated_value"], result["data"], result["days"], result["count"]) == (3, [], [], 0)
    assert "labels" not in result
    assert result["filter"]["display"] == shown


def test_total_value_with_breakdown_and_weekly_active(client: TestClient) -> None:
    body = trends(client, trendsFilter={"display": "ActionsPie"}, breakdownFilter={"breakdown": "$browser"})
    assert [(r["breakdown_value"], r["aggregated_value"]) for r in body["results"]] == [
        ("Chrome", 3),
        ("Firefox", 2),
        ("$$_posthog_breakdown_null_$$", 1),
    ]
    weekly = trends(client, trendsFilter={"display": "BoldNumber"}, series=series("weekly_active"))
    assert weekly["results"][0]["aggregated_value"] == 3


def test_cumulative_display(client: TestClient) -> None:
    result = trends(client, trendsFilter={"display": "ActionsLineGraphCumulative"})["results"][0]
    assert (result["data"], result["count"]) == ([0, 1, 4, 6], 6)


# --- errors --------------------------------------------------------------------------------------------------------


def test_property_math_needs_a_property(client: TestClient) -> None:
    query = {"kind": "TrendsQuery", "series": series("sum")}
    response = client.post(URL, json={"query": query}, headers=HEADERS)
    assert response.status_code == 400
    assert response.json()["detail"] == "The math 'sum' needs a math_property."


def test_series_is_required(client: TestClient) -> None:
    response = client.post(URL, json={"query": {"kind": "TrendsQuery"}}, headers=HEADERS)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(
        "JSON parse error - 1 validation error for QueryRequest\nquery.TrendsQuery.series\n  Field required"
    )


def test_bad_interval_is_pydantics_error(client: TestClient) -> None:
    query = {"kind": "TrendsQuery", "series": [], "interval": "year"}
    response = client.post(URL, json={"query": query}, headers=HEADERS)
    assert response.status_code == 400
    assert (
        "query.TrendsQuery.interval\n  Input should be 'second', 'minute', 'hour', 'day', 'week' or 'month'"
        in (response.json()["detail"])
    )


# --- the bundled dataset ---------------------------------------------------------------------------------------------


def test_default_fixture_pageviews_last_week(default_client: TestClient) -> None:
    body = trends(default_client, dateRange={"date_from": "-7d"})
    assert data(body) == [[97, 63, 44, 91, 63, 92, 65, 68]]
    assert body["results"][0]["count"] == 583.0


def test_default_fixture_dau_by_browser(default_client: TestClient) -> None:
    body = trends(
        default_client,
        series=series("dau"),
        dateRange={"date_from": "-7d"},
        trendsFilter={"display": "ActionsTable"},
        breakdownFilter={"breakdown": "$browser", "breakdown_limit": 2},
    )
    assert [(r["breakdown_value"], r["aggregated_value"]) for r in body["results"]] == EXPECTED_DEFAULT_BROWSERS


EXPECTED_DEFAULT_BROWSERS: list[tuple[str, int]] = [
    ("Chrome", 71),
    ("Safari", 28),
    ("$$_posthog_breakdown_other_$$", 24),
]

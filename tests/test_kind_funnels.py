"""FunnelsQuery: ordered, strict and unordered funnels, the conversion window, breakdowns and step shapes, with
exact results on a small dataset written here (and on fixtures/default), validated against PostHog's JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.config import Settings
from tests.test_kind_trends import HEADERS, NOW, ROOT, URL, event, lines, validate

EVENTS = [
    # p1: signup → pageview (10 min) → purchase (50 min): every step, in order and strictly.
    event("signup", "p1", "2026-11-18T10:00:00Z", **{"$browser": "Chrome"}),
    event("$pageview", "p1", "2026-11-18T10:10:00Z", **{"$browser": "Firefox"}),
    event("purchase", "p1", "2026-11-18T11:00:00Z"),
    # p2: signup → purchase → pageview: two steps in order, three unordered, one strictly.
    event("signup", "p2", "2026-11-18T10:00:00Z", **{"$browser": "Firefox"}),
    event("purchase", "p2", "2026-11-18T10:30:00Z"),
    event("$pageview", "p2", "2026-11-18T10:40:00Z"),
    # p3: signup → pageview 25 hours later: converts within 14 days, not within 1 hour.
    event("signup", "p3", "2026-11-19T09:00:00Z", **{"$browser": "Chrome"}),
    event("$pageview", "p3", "2026-11-20T10:00:00Z"),
    # p4: no signup, so never in the funnel.
    event("$pageview", "p4", "2026-11-19T09:00:00Z"),
]
STEPS = [{"kind": "EventsNode", "event": name} for name in ("signup", "$pageview", "purchase")]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    directory = tmp_path_factory.mktemp("funnels")
    (directory / "events.jsonl").write_text(lines(EVENTS), encoding="utf-8")
    (directory / "project.json").write_text(json.dumps({"id": 1, "timezone": "UTC"}), encoding="utf-8")
    with TestClient(create_app(Backend(Settings(data_dir=directory, now=NOW)))) as test_client:
        yield test_client


def funnel(client: TestClient, **query: Any) -> dict[str, Any]:
    query.setdefault("series", STEPS)
    response = client.post(URL, json={"query": {"kind": "FunnelsQuery", **query}}, headers=HEADERS)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    validate(body, "CachedFunnelsQueryResponse")
    return body


def summary(steps: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(s["count"], s["average_conversion_time"], s["median_conversion_time"]) for s in steps]


def test_ordered_full_steps(client: TestClient) -> None:
    body = funnel(client)
    assert body["results"] == [
        {"action_id": "signup", "name": "signup", "custom_name": None, "order": 0, "people": [], "count": 3,
         "type": "events", "average_conversion_time": None, "median_conversion_time": None},
        {"action_id": "$pageview", "name": "$pageview", "custom_name": None, "order": 1, "people": [], "count": 3,
         "type": "events", "average_conversion_time": 31000.0, "median_conversion_time": 2400.0},
        {"action_id": "purchase", "name": "purchase", "custom_name": None, "order": 2, "people": [], "count": 1,
         "type": "events", "average_conversion_time": 3000.0, "median_conversion_time": 3000.0},
    ]  # fmt: skip
    assert body["resolved_date_range"] == {
        "date_from": "2026-11-13T00:00:00Z",
        "date_to": "2026-11-20T23:59:59.999999Z",
    }
    assert body["query_metadata"]["events"] == ["$pageview", "purchase", "signup"]
    assert body["error"] is None and body["is_cached"] is False


def test_conversion_window(client: TestClient) -> None:
    hour = {"funnelWindowInterval": 1, "funnelWindowIntervalUnit": "hour"}
    assert summary(funnel(client, funnelsFilter=hour)["results"]) == [
        (3, None, None),
        (2, 1500.0, 1500.0),
        (1, 3000.0, 3000.0),
    ]
    minutes = {"funnelWindowInterval": 20, "funnelWindowIntervalUnit": "minute"}
    assert [s["count"] for s in funnel(client, funnelsFilter=minutes)["results"]] == [3, 1, 0]


def test_strict_order(client: TestClient) -> None:
    body = funnel(client, funnelsFilter={"funnelOrderType": "strict"})
    assert summary(body["results"]) == [(3, None, None), (2, 45300.0, 45300.0), (1, 3000.0, 3000.0)]


def test_unordered(client: TestClient) -> None:
    steps = funnel(client, funnelsFilter={"funnelOrderType": "unordered"})["results"]
    assert [(s["action_id"], s["name"], s["order"]) for s in steps] == [
        (None, "Completed 1 step", 0),
        (None, "Completed 2 steps", 1),
        (None, "Completed 3 steps", 2),
    ]
    # p4 did one of the steps (a pageview): in an unordered funnel any step can come first.
    assert summary(steps) == [(4, None, None), (3, 30800.0, 1800.0), (2, 1800.0, 1800.0)]


def test_breakdown_first_touch(client: TestClient) -> None:
    body = funnel(client, breakdownFilter={"breakdown": "$browser", "breakdown_type": "event"})
    assert [[(s["breakdown"], s["breakdown_value"], s["count"]) for s in steps] for steps in body["results"]] == [
        [("Chrome", "Chrome", 2), ("Chrome", "Chrome", 2), ("Chrome", "Chrome", 1)],
        [("Firefox", "Firefox", 1), ("Firefox", "Firefox", 1), ("Firefox", "Firefox", 0)],
    ]


def test_breakdown_as_list_and_limit(client: TestClient) -> None:
    body = funnel(client, breakdownFilter={"breakdown": ["$browser"], "breakdown_limit": 1})
    assert [steps[0]["breakdown_value"] for steps in body["results"]] == [["Chrome"], ["Other"]]


def test_date_range_and_custom_name(client: TestClient) -> None:
    steps = [{**STEPS[0], "custom_name": "Sign up"}, STEPS[1]]
    body = funnel(client, series=steps, dateRange={"date_from": "2026-11-19", "date_to": "2026-11-19"})
    assert [(s["custom_name"], s["count"]) for s in body["results"]] == [("Sign up", 1), (None, 0)]


def test_nobody_gives_no_steps(client: TestClient) -> None:
    assert funnel(client, dateRange={"date_from": "2026-01-01", "date_to": "2026-01-02"})["results"] == []


def test_other_visualisations_are_not_implemented(client: TestClient) -> None:
    query = {"kind": "FunnelsQuery", "series": STEPS, "funnelsFilter": {"funnelVizType": "trends"}}
    response = client.post(URL, json={"query": query}, headers=HEADERS)
    assert response.status_code == 400
    assert "funnelVizType 'steps'" in response.json()["detail"]


def test_bad_order_type_is_pydantics_error(client: TestClient) -> None:
    query = {"kind": "FunnelsQuery", "series": STEPS, "funnelsFilter": {"funnelOrderType": "random"}}
    response = client.post(URL, json={"query": query}, headers=HEADERS)
    assert response.status_code == 400
    assert "Input should be 'strict', 'unordered' or 'ordered'" in response.json()["detail"]


@pytest.fixture(scope="module")
def default_client() -> Iterator[TestClient]:
    with TestClient(create_app(Backend(Settings(data_dir=ROOT / "fixtures/default", now=NOW)))) as test_client:
        yield test_client


def test_default_fixture_pageview_to_pageleave(default_client: TestClient) -> None:
    series = [{"kind": "EventsNode", "event": "$pageview"}, {"kind": "EventsNode", "event": "$pageleave"}]
    steps = funnel(default_client, series=series)["results"]
    assert [s["count"] for s in steps] == [123, 91]

"""The control API (/_hogmock/…) through the Python client: access, reset, data, clock, journal and faults."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.config import DEFAULT_API_KEY, LimitSettings, Settings
from mock_server.control import Control, ControlError
from mock_server.faults import ConnectionDropped
from tests.conftest import HTTP_EVENT_COUNT, HTTP_NOW, HTTP_PROJECT_ID, write_http_dataset

QUERY_URL = f"/api/projects/{HTTP_PROJECT_ID}/query/"
HEADERS = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}
COUNT = {"query": {"kind": "HogQLQuery", "query": "select count() from events"}}
LOOPBACK = ("127.0.0.1", 50000)
# The control API also wants a loopback Host (TestClient's default, "testserver", is not one).
LOCAL_URL = "http://127.0.0.1:8000"


@pytest.fixture
def backend(http_data_dir: Path) -> Backend:
    limits = LimitSettings(profile="legacy", rates={"query": "3/hour"})
    return Backend(Settings(data_dir=http_data_dir, now=HTTP_NOW, admin_token="s3cret", limits=limits))


@pytest.fixture
def client(backend: Backend) -> Iterator[TestClient]:
    with TestClient(create_app(backend), base_url=LOCAL_URL, client=LOOPBACK) as client:
        yield client


@pytest.fixture
def control(client: TestClient) -> Control:
    return Control(client)


def count(client: TestClient, project_id: int = HTTP_PROJECT_ID) -> Any:
    response = client.post(f"/api/projects/{project_id}/query/", json=COUNT, headers=HEADERS)
    return response.json()["results"][0][0] if response.status_code == 200 else response.status_code


def event(name: str, timestamp: str = "2026-11-20T11:00:00Z") -> dict[str, Any]:
    return {"event": name, "distinct_id": "u", "timestamp": timestamp}


# --- access --------------------------------------------------------------------------------------------------------


def test_non_loopback_needs_the_admin_token(backend: Backend) -> None:
    remote = TestClient(create_app(backend), client=("10.0.0.9", 4000))
    response = remote.get("/_hogmock/clock")
    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "The control API answers loopback clients, or clients sending the admin token.",
        "attr": None,
    }
    assert Control(remote, admin_token="s3cret").clock() == {"now": "2026-11-20T12:00:00Z", "frozen": True}
    with pytest.raises(ControlError) as error:
        Control(remote, admin_token="wrong").clock()
    assert error.value.status == 403


def test_unknown_method_is_405(client: TestClient) -> None:
    response = client.delete("/_hogmock/clock")
    assert response.status_code == 405
    assert response.json()["detail"] == 'Method "DELETE" not allowed.'


# --- clock ---------------------------------------------------------------------------------------------------------


def test_clock_get_set_advance(control: Control) -> None:
    assert control.clock() == {"now": "2026-11-20T12:00:00Z", "frozen": True}
    assert control.set_clock("2027-01-01T00:00:00+01:00") == {"now": "2026-12-31T23:00:00Z", "frozen": True}
    assert control.advance(hours=1, seconds=30) == {"now": "2027-01-01T00:00:30Z", "frozen": True}
    assert control.set_clock(None)["frozen"] is False
    with pytest.raises(ControlError) as error:
        control.advance(weeks=1)
    assert error.value.body["detail"] == "Give numbers for any of ['seconds', 'minutes', 'hours', 'days']."


def test_clock_drives_the_rate_limit_window(client: TestClient, control: Control) -> None:
    assert [count(client) for _ in range(4)] == [HTTP_EVENT_COUNT] * 3 + [429]
    control.advance(hours=1)
    assert count(client) == HTTP_EVENT_COUNT


# --- reset ---------------------------------------------------------------------------------------------------------


def test_reset_forgets_buckets_journal_and_faults(client: TestClient, control: Control, backend: Backend) -> None:
    assert [count(client) for _ in range(4)][-1] == 429
    control.add_fault(path="/nothing", status=500)
    control.reset()
    assert (control.journal(), control.faults()) == ([], [])
    assert count(client) == HTTP_EVENT_COUNT
    control.append_events(HTTP_PROJECT_ID, [event("extra")])
    control.advance(days=1)
    assert count(client) == HTTP_EVENT_COUNT + 1
    assert control.reset(data=True) == {"reset": True, "data": True}
    assert count(client) == HTTP_EVENT_COUNT
    assert control.clock()["now"] == "2026-11-20T12:00:00Z"


# --- data ----------------------------------------------------------------------------------------------------------


def test_load_inline_rows_replaces_and_creates(client: TestClient, control: Control) -> None:
    summary = control.load_rows(HTTP_PROJECT_ID, [event("a"), event("b")], project={"timezone": "Europe/Paris"})
    assert summary == {
        "id": HTTP_PROJECT_ID, "name": "HTTP test project", "timezone": "Europe/Paris", "rate_limits": "legacy",
        "max_rows": 10_000, "events": 2,
    }  # fmt: skip
    assert count(client) == 2
    assert control.load_rows(42, [event("c")])["events"] == 1
    assert count(client, 42) == 1
    assert [p["id"] for p in control.projects()] == [HTTP_PROJECT_ID, 42]


def test_load_directory(client: TestClient, control: Control, tmp_path: Path) -> None:
    directory = write_http_dataset(tmp_path / "other", project={"id": 1, "name": "Other"})
    assert control.load_directory(3, str(directory))["events"] == HTTP_EVENT_COUNT
    assert count(client, 3) == HTTP_EVENT_COUNT


def test_bad_rows_change_nothing(client: TestClient, control: Control) -> None:
    with pytest.raises(ControlError) as error:
        control.load_rows(HTTP_PROJECT_ID, [event("a"), {"event": "b", "distinct_id": "u", "timestamp": "20/11"}])
    assert error.value.status == 400
    assert error.value.body == {
        "type": "validation_error",
        "code": "invalid_input",
        "detail": "events.jsonl:2: timestamp: not an ISO 8601 date-time: '20/11'",
        "attr": None,
    }
    with pytest.raises(ControlError):
        control.append_events(HTTP_PROJECT_ID, [{"event": "x"}])
    assert count(client) == HTTP_EVENT_COUNT


def test_append_events(client: TestClient, control: Control) -> None:
    summary = control.append_events(HTTP_PROJECT_ID, [event("new"), event("new")])
    assert (summary["appended"], summary["events"]) == (2, HTTP_EVENT_COUNT + 2)
    body = {"query": {"kind": "HogQLQuery", "query": "select count() from events where event = 'new'"}}
    assert client.post(QUERY_URL, json=body, headers=HEADERS).json()["results"] == [[2]]
    with pytest.raises(ControlError) as error:
        control.append_events(999, [event("x")])
    assert error.value.status == 404


def test_append_to_the_rebased_bundled_dataset_keeps_times(tmp_path: Path) -> None:
    backend = Backend(Settings(now=HTTP_NOW + timedelta(days=3)))
    client = TestClient(create_app(backend), base_url=LOCAL_URL, client=LOOPBACK)
    project_id = backend.default_project_id
    Control(client).append_events(project_id, [event("pinned", "2026-11-23T11:59:00Z")])
    body = {"query": {"kind": "HogQLQuery", "query": "select max(timestamp) from events"}}
    newest = client.post(f"/api/projects/{project_id}/query/", json=body, headers=HEADERS).json()["results"]
    assert newest == [["2026-11-23T11:59:00Z"]]


# --- journal -------------------------------------------------------------------------------------------------------


def test_journal_records_what_the_client_sent(client: TestClient, control: Control) -> None:
    client.post(QUERY_URL, json=COUNT, headers=HEADERS, params={"trace": "1"})
    # QueryRequest forbids extra keys, so this one is a 400 (after authenticating with the body key).
    client.post(QUERY_URL, json={**COUNT, "personal_api_key": DEFAULT_API_KEY}, params={"personal_api_key": "x" * 20})
    client.get("/api/projects/", headers={"Authorization": "Bearer phx_unknown_key_value"})
    entries = control.journal()
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("POST", QUERY_URL, 200), ("POST", QUERY_URL, 400), ("GET", "/api/projects/", 403),
    ]  # fmt: skip
    first = entries[0]
    assert first["headers"]["authorization"] == "Bearer phx_…_key"
    assert (first["body"], first["query"], first["time"]) == (COUNT, "trace=1", "2026-11-20T12:00:00Z")
    assert entries[1]["body"]["personal_api_key"] == "phx_…_key"
    assert entries[1]["query"] == "personal_api_key=xxxx%E2%80%A6xxxx"
    assert isinstance(first["duration_ms"], float)
    assert [e["id"] for e in control.journal(status=403)] == [entries[2]["id"]]
    assert len(control.journal(method="post", path="/api/projects/7")) == 2
    assert [e["id"] for e in control.journal(since=entries[0]["id"], limit=1)] == [entries[2]["id"]]
    control.clear_journal()
    assert control.journal() == []


# --- faults --------------------------------------------------------------------------------------------------------


def test_fault_answers_the_next_n_requests(client: TestClient, control: Control) -> None:
    rule = control.add_fault(path="/query", status=503, body={"detail": "down"}, headers={"Retry-After": "7"}, times=2)
    assert (rule["id"], rule["remaining"]) == (1, 2)
    first = client.post(QUERY_URL, json=COUNT, headers=HEADERS)
    assert (first.status_code, first.json(), first.headers["Retry-After"]) == (503, {"detail": "down"}, "7")
    # Faults answer before authentication, as an outage in front of PostHog would.
    assert client.post(QUERY_URL, json=COUNT).status_code == 503
    assert count(client) == HTTP_EVENT_COUNT
    assert control.faults() == []


def test_fault_matches_a_query_kind_and_method(client: TestClient, control: Control) -> None:
    control.add_fault(kind="TrendsQuery", method="post", status=500)
    assert count(client) == HTTP_EVENT_COUNT
    trends = client.post(QUERY_URL, json={"query": {"kind": "TrendsQuery", "series": []}}, headers=HEADERS)
    assert trends.status_code == 500
    assert trends.json() == {
        "type": "server_error",
        "code": "error",
        "detail": "A server error occurred.",
        "attr": None,
    }


def test_fault_for_a_time_on_the_mock_clock(client: TestClient, control: Control) -> None:
    control.add_fault(path="/query", status=429, seconds=60)
    assert client.post(QUERY_URL, json=COUNT, headers=HEADERS).json()["type"] == "throttled_error"
    control.advance(seconds=59)
    assert client.post(QUERY_URL, json=COUNT, headers=HEADERS).status_code == 429
    control.advance(seconds=1)
    assert count(client) == HTTP_EVENT_COUNT


def test_latency_fault_delays_but_answers(client: TestClient, control: Control) -> None:
    control.add_fault(path="/query", latency_ms=50, times=1)
    assert count(client) == HTTP_EVENT_COUNT
    assert control.faults() == []


def test_drop_fault_breaks_the_connection(backend: Backend) -> None:
    client = TestClient(create_app(backend), base_url=LOCAL_URL, client=LOOPBACK)
    Control(client).add_fault(path="/query", drop=True, times=1)
    with pytest.raises(ConnectionDropped):
        client.post(QUERY_URL, json=COUNT, headers=HEADERS)
    assert Control(client).journal()[-1]["status"] is None
    assert count(client) == HTTP_EVENT_COUNT


def test_remove_and_clear_faults(control: Control) -> None:
    first = control.add_fault(path="/a", status=500)
    control.add_fault(path="/b", status=500)
    assert control.remove_fault(first["id"]) == {"removed": first["id"]}
    assert [rule["path"] for rule in control.faults()] == ["/b"]
    with pytest.raises(ControlError) as error:
        control.remove_fault(first["id"])
    assert error.value.status == 404
    control.clear_faults()
    assert control.faults() == []


@pytest.mark.parametrize(
    ("rule", "detail"),
    [
        ({"path": "/q"}, "fault rule: give 'status', 'drop' or 'latency_ms'"),
        ({"status": 700}, "fault rule: 'status' must be an HTTP status (100-599)"),
        ({"status": 500, "route": "/q"}, "fault rule: unknown field(s): route"),
        ({"status": 500, "times": "2"}, "fault rule: 'times' has the wrong type"),
    ],
)
def test_bad_fault_rules(control: Control, rule: dict[str, Any], detail: str) -> None:
    with pytest.raises(ControlError) as error:
        control.add_fault(**rule)
    assert (error.value.status, error.value.body["detail"]) == (400, detail)


def test_faults_and_keys_files_at_start(http_data_dir: Path, tmp_path: Path) -> None:
    faults = tmp_path / "faults.json"
    faults.write_text(json.dumps({"faults": [{"path": "/query", "status": 502, "times": 1}]}), encoding="utf-8")
    backend = Backend(Settings(data_dir=http_data_dir, now=HTTP_NOW, faults_file=faults))
    client = TestClient(create_app(backend))
    assert client.post(QUERY_URL, json=COUNT, headers=HEADERS).status_code == 502
    assert count(client) == HTTP_EVENT_COUNT


def test_limits_view(client: TestClient, control: Control) -> None:
    count(client)
    assert control.limits() == {"profile": "legacy", "overrides": {"query": "3/hour"}, "held": {"query": 1}}

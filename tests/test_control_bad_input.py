"""Bad input to the control API and the test knobs gets PostHog's error body (never a 500 or a hang), the control
API refuses what a web page could send it, and the backend releases what it holds (directories, threads)."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from starlette.testclient import TestClient

from mock_server import cli
from mock_server.api import throttling
from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.clock import Clock
from mock_server.config import DEFAULT_API_KEY, Settings
from mock_server.control import Control
from mock_server.data_sources import DataSource, inline_source
from mock_server.errors import Throttled
from mock_server.faults import FaultError, parse_rule
from mock_server.limits import PROFILES, Limits
from mock_server.pytest_plugin import FROZEN_NOW, HttpxTransport, asgi_server
from mock_server.runner.jobs import Execution, Job, JobPool, Knobs, QueryTimedOut
from mock_server.runner.status import StatusClock, StatusStore
from mock_server.store import Database, FixtureError
from tests.conftest import HTTP_EVENT_COUNT, HTTP_NOW, HTTP_PROJECT_ID

LOCAL_URL = "http://127.0.0.1:8000"
LOOPBACK = ("127.0.0.1", 50000)
JSON = {"Content-Type": "application/json"}
QUERY_URL = f"/api/projects/{HTTP_PROJECT_ID}/query/"
COUNT = {"query": {"kind": "HogQLQuery", "query": "select count() from events"}}
API_HEADERS = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}


@pytest.fixture
def client(http_backend: Backend) -> Iterator[TestClient]:
    with TestClient(create_app(http_backend), base_url=LOCAL_URL, client=LOOPBACK) as client:
        yield client


def validation(detail: str, attr: str | None = None) -> dict[str, Any]:
    return {"type": "validation_error", "code": "invalid_input", "detail": detail, "attr": attr}


def parse_error(detail: str) -> dict[str, Any]:
    return {"type": "invalid_request", "code": "parse_error", "detail": detail, "attr": None}


def answer(response: Any) -> tuple[int, Any]:
    return response.status_code, response.json()


CLOCK_RANGE_DETAIL = "The clock must stay within the years 1971-9000."


# --- item 3: inputs that gave 500s ----------------------------------------------------------------------------------


@pytest.mark.parametrize("days", [1e300, 10**20, 10**400, 3_000_000])
def test_advancing_the_clock_out_of_range_is_a_400(client: TestClient, days: object) -> None:
    response = client.post("/_hogmock/clock/advance", content=json.dumps({"days": days}), headers=JSON)
    assert answer(response) == (400, validation(CLOCK_RANGE_DETAIL))
    assert client.get("/_hogmock/clock").json()["now"] == "2026-11-20T12:00:00Z"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_advancing_by_nan_or_infinity_is_a_parse_error(client: TestClient, constant: str) -> None:
    response = client.post("/_hogmock/clock/advance", content=f'{{"days": {constant}}}', headers=JSON)
    detail = f"JSON parse error - Out of range float values are not JSON compliant: '{constant}'"
    assert answer(response) == (400, parse_error(detail))


def test_advancing_past_year_9000_is_a_400(client: TestClient) -> None:
    response = client.post("/_hogmock/clock/advance", json={"days": 2_600_000})
    detail = "The clock must stay within the years 1971-9000, not 9145-06-12T12:00:00Z."
    assert answer(response) == (400, validation(detail))


@pytest.mark.parametrize("now", ["9999-01-01T00:00:00Z", "1970-12-31T23:59:59Z"])
def test_setting_the_clock_out_of_range_is_a_400(client: TestClient, now: str) -> None:
    response = client.put("/_hogmock/clock", json={"now": now})
    detail = f"The clock must stay within the years 1971-9000, not {now}."
    assert answer(response) == (400, validation(detail, "now"))
    assert client.post(QUERY_URL, json=COUNT, headers=API_HEADERS).status_code == 200


def test_the_clock_range_edges_are_accepted(client: TestClient) -> None:
    for now in ("1971-01-01T00:00:00Z", "9000-12-31T23:59:59Z"):
        assert answer(client.put("/_hogmock/clock", json={"now": now})) == (200, {"now": now, "frozen": True})


@pytest.mark.parametrize("project_id", [str(10**20), str(2**63), "0", "-1", "1_000", "٣"])
def test_project_id_outside_bigint_is_a_400(client: TestClient, project_id: str) -> None:
    response = client.put(f"/_hogmock/projects/{project_id}/data", json={"events": []})
    detail = "'project_id' must be an integer from 1 to 9223372036854775807."
    assert answer(response) == (400, validation(detail, "project_id"))


def test_largest_project_id_is_accepted(client: TestClient) -> None:
    response = client.put(f"/_hogmock/projects/{2**63 - 1}/data", json={"events": []})
    assert (response.status_code, response.json()["id"]) == (200, 2**63 - 1)


def test_appending_a_far_future_event_to_the_bundled_data_is_a_400() -> None:
    backend = Backend(Settings(now=FROZEN_NOW))
    try:
        with TestClient(create_app(backend), base_url=LOCAL_URL, client=LOOPBACK) as client:
            project = backend.default_project_id
            event = {"event": "x", "distinct_id": "u", "timestamp": "9999-06-01T00:00:00Z"}
            response = client.post(f"/_hogmock/projects/{project}/events", json={"events": [event]})
            assert response.status_code == 400
            body = response.json()
            assert body["type"] == "validation_error" and body["code"] == "invalid_input"
            assert "cannot rebase the data by -" in body["detail"]
            assert body["detail"].endswith("a date would leave the years 1-9999; the newest event is too far from now")
    finally:
        backend.close()


def test_a_directory_in_place_of_events_jsonl_is_a_400(client: TestClient, tmp_path: Path) -> None:
    (tmp_path / "events.jsonl").mkdir()
    response = client.put(f"/_hogmock/projects/{HTTP_PROJECT_ID}/data", json={"directory": str(tmp_path)})
    detail = f"events: cannot read it in {tmp_path}: [Errno 21] Is a directory: '{tmp_path / 'events.jsonl'}'"
    assert answer(response) == (400, validation(detail))
    assert client.post(QUERY_URL, json=COUNT, headers=API_HEADERS).json()["results"] == [[HTTP_EVENT_COUNT]]


def test_a_directory_in_place_of_project_json_is_a_400(client: TestClient, tmp_path: Path) -> None:
    (tmp_path / "events.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "project.json").mkdir()
    response = client.put(f"/_hogmock/projects/{HTTP_PROJECT_ID}/data", json={"directory": str(tmp_path)})
    detail = f"project.json: cannot read it: [Errno 21] Is a directory: '{tmp_path / 'project.json'}'"
    assert answer(response) == (400, validation(detail))


# --- item 4: temporary directories never leak -----------------------------------------------------------------------


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where hogmock makes its temporary data directories during the test."""
    directory = tmp_path / "scratch"
    directory.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


def test_inline_source_with_a_bad_table_leaves_no_directory(scratch: Path) -> None:
    with pytest.raises(FixtureError, match="persons: expected a list of rows"):
        inline_source({"events": [], "persons": "nope"})
    assert list(scratch.iterdir()) == []


def test_replace_data_removes_the_source_whatever_fails(
    http_backend: Backend, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = inline_source({"events": []})

    def broken(*args: object) -> None:
        raise RuntimeError("database build failed")

    monkeypatch.setattr(http_backend, "_served", broken)
    with pytest.raises(RuntimeError):
        http_backend.replace_data(HTTP_PROJECT_ID, source)
    assert list(scratch.iterdir()) == []


def test_append_events_removes_the_copy_whatever_fails(
    http_backend: Backend, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: DataSource, now: object) -> None:
        raise MemoryError("out of memory")

    monkeypatch.setattr(DataSource, "load", broken)
    with pytest.raises(MemoryError):
        http_backend.append_events(HTTP_PROJECT_ID, [{"event": "x", "distinct_id": "u", "timestamp": "2026-11-20"}])
    assert list(scratch.iterdir()) == []


# --- item 5: knobs and fault latency are bounded --------------------------------------------------------------------


@pytest.mark.parametrize("header", ["X-Hogmock-Min-Duration", "X-Hogmock-Queue-Delay"])
def test_knob_headers_above_an_hour_are_a_400(client: TestClient, header: str) -> None:
    headers = {**API_HEADERS, header: "1e300"}
    response = client.post(QUERY_URL, json={**COUNT, "refresh": "force_async"}, headers=headers)
    detail = f"Header {header.lower()} must be at most 3600 seconds, not '1e300'."
    assert answer(response) == (400, validation(detail))


def test_knob_header_of_an_hour_is_accepted(client: TestClient) -> None:
    headers = {**API_HEADERS, "X-Hogmock-Queue-Delay": "3600"}
    response = client.post(QUERY_URL, json={**COUNT, "refresh": "force_async"}, headers=headers)
    assert response.status_code == 202


@pytest.mark.parametrize(
    ("field", "value", "bound"),
    [("latency_ms", 1e300, "3600000"), ("latency_ms", -1, "3600000"), ("seconds", 1e300, "316224000")],
)
def test_fault_numbers_out_of_bounds_are_a_400(client: TestClient, field: str, value: float, bound: str) -> None:
    response = client.post("/_hogmock/faults", json={"status": 500, field: value})
    detail = f"fault rule: '{field}' must be a number from 0 to {bound}"
    assert answer(response) == (400, validation(detail))
    assert client.get("/_hogmock/faults").json() == {"results": []}


def test_faults_file_nan_latency_is_refused() -> None:
    with pytest.raises(FaultError, match="'latency_ms' must be a number from 0 to 3600000"):
        parse_rule({"latency_ms": float("nan")}, 1, HTTP_NOW)


# --- item 6: reset and shutdown -------------------------------------------------------------------------------------


def test_reset_cancels_jobs_before_closing_the_databases(
    http_backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    order: list[str] = []
    cancel_all, close = http_backend.jobs.cancel_all, Database.close

    def cancelling() -> None:
        order.append("cancel")
        cancel_all()

    def closing(database: Database) -> None:
        order.append("close")
        close(database)

    monkeypatch.setattr(Database, "close", closing)
    assert http_backend.on_reset[0] == http_backend.jobs.cancel_all
    http_backend.on_reset[0] = cancelling  # the registered jobs.cancel_all
    http_backend.reset()
    assert order == ["cancel", "close"]


def test_reset_restarts_the_status_clock(http_backend: Backend) -> None:
    http_backend.statuses.clock._origin -= 1000  # as if the server had run for 1000 s
    assert (http_backend.statuses.clock.now() - HTTP_NOW).total_seconds() >= 1000
    http_backend.reset()
    assert (http_backend.statuses.clock.now() - HTTP_NOW).total_seconds() < 5


def test_cancel_all_interrupts_synchronous_queries(http_backend: Backend) -> None:
    execution = Execution(10.0)
    with http_backend.jobs.tracking(HTTP_PROJECT_ID, "sync", execution):
        http_backend.jobs.cancel_all()
        assert execution.cancelled


def test_close_releases_databases_threads_and_directories(http_settings: Settings) -> None:
    backend = Backend(http_settings)
    served = backend.replace_data(2, inline_source({"events": []}))
    directory = backend.sources[2].directory
    backend.close()
    assert not directory.exists()
    assert backend.projects == {} and backend.sources == {}
    with pytest.raises(Exception, match="closed"):
        served.database.event_count()
    with pytest.raises(RuntimeError, match="shutdown"):
        backend.jobs._executor.submit(print)


def test_the_plugin_closes_its_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[Backend] = []
    monkeypatch.setattr(Backend, "close", lambda self: closed.append(self))
    with asgi_server(Settings(now=FROZEN_NOW)) as server:
        pass
    assert closed == [server.backend]


def test_the_plugin_control_client_is_admitted() -> None:
    with asgi_server(Settings(now=FROZEN_NOW)) as server, server.client() as client:
        assert Control(HttpxTransport(client)).clock()["frozen"] is True


# --- item 7: a job's deadline starts when it runs -------------------------------------------------------------------


def test_job_deadline_counts_from_when_a_thread_runs_it(hogql_db: Database) -> None:
    clock = Clock(HTTP_NOW)
    statuses = StatusStore(StatusClock(lambda: clock))
    pool = JobPool(statuses, workers=1)  # 1 per project, 4 threads: a fifth project's job waits for a thread
    outcomes: list[str] = []

    def calculate(execution: Execution) -> dict[str, Any]:
        time.sleep(0.3)
        execution.run(hogql_db, "select 1")
        return {"ok": True}

    try:
        jobs = [Job(team, "q", calculate, Knobs(), max_seconds=0.45) for team in range(1, 6)]
        for job in jobs:
            pool.enqueue(job, refresh_requested=True)
        for job in jobs:
            assert job.finished.wait(5)
            outcomes.append("ok" if job.outcome and not job.outcome.failed else "failed")
    finally:
        pool.shutdown()
    assert outcomes == ["ok"] * 5


def test_execution_begin_restarts_the_deadline() -> None:
    execution = Execution(0.05)
    time.sleep(0.1)
    execution.begin()
    execution.finish()  # no minimum duration: returns at once, within the fresh deadline
    assert execution.deadline > time.monotonic()
    with pytest.raises(QueryTimedOut):
        late = Execution(0.0, min_duration=0.01)
        late.finish()


# --- item 8: who may reach the control API --------------------------------------------------------------------------

FORBIDDEN = {
    "type": "authentication_error",
    "code": "permission_denied",
    "detail": "The control API answers loopback clients, or clients sending the admin token.",
    "attr": None,
}


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "testserver"])
def test_a_non_loopback_host_is_refused(client: TestClient, host: str) -> None:
    response = client.post("/_hogmock/reset", json={}, headers={"Host": host})
    assert answer(response) == (403, FORBIDDEN)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost", "LOCALHOST:1", "[::1]", "[::1]:8000"])
def test_loopback_hosts_are_admitted(client: TestClient, host: str) -> None:
    response = client.get("/_hogmock/clock", headers={"Host": host})
    assert answer(response) == (200, {"now": "2026-11-20T12:00:00Z", "frozen": True})


def test_the_admin_token_admits_any_host(http_data_dir: Path) -> None:
    backend = Backend(Settings(data_dir=http_data_dir, now=HTTP_NOW, admin_token="s3cret"))
    try:
        remote = TestClient(create_app(backend), base_url="http://evil.example", client=("10.0.0.9", 4000))
        assert remote.get("/_hogmock/clock", headers={"X-Hogmock-Admin-Token": "s3cret"}).status_code == 200
        assert answer(remote.get("/_hogmock/clock")) == (403, FORBIDDEN)
    finally:
        backend.close()


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_a_body_that_is_not_json_is_a_415(client: TestClient, content_type: str) -> None:
    response = client.post("/_hogmock/reset", content=b'{"data": true}', headers={"Content-Type": content_type})
    detail = f'Unsupported media type "{content_type}" in request.'
    assert answer(response) == (
        415,
        {"type": "invalid_request", "code": "unsupported_media_type", "detail": detail, "attr": None},
    )


def test_json_with_a_charset_is_accepted(client: TestClient) -> None:
    response = client.post(
        "/_hogmock/reset", content=b"{}", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    assert answer(response) == (200, {"reset": True, "data": False})


def test_serve_turns_proxy_headers_off(monkeypatch: pytest.MonkeyPatch, http_data_dir: Path) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    assert cli.serve(Settings(data_dir=http_data_dir, now=HTTP_NOW)) == 0
    assert calls[0]["proxy_headers"] is False


# --- item 13, 11, 14: one error model, layering ---------------------------------------------------------------------


def test_fault_default_bodies_are_the_error_models(client: TestClient) -> None:
    client.post("/_hogmock/faults", json={"status": 429, "times": 1})
    response = client.post(QUERY_URL, json=COUNT, headers=API_HEADERS)
    assert answer(response) == (429, Throttled("Request was throttled.").body())
    assert response.headers["content-type"] == "application/json"


def test_limits_live_below_the_api() -> None:
    assert throttling.Limits is Limits and throttling.PROFILES is PROFILES


def test_database_counts_its_events(http_backend: Backend) -> None:
    assert http_backend.projects[HTTP_PROJECT_ID].database.event_count() == HTTP_EVENT_COUNT


def test_data_change_invalidates_the_cache(http_backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    invalidated: list[int] = []
    monkeypatch.setattr(http_backend.cache, "invalidate", invalidated.append)
    http_backend.replace_data(HTTP_PROJECT_ID, inline_source({"events": []}))
    assert invalidated == [HTTP_PROJECT_ID]

"""Refresh modes, async statuses, GET/DELETE query/:id/, the cache, timeouts and cancellation (runner/modes.py,
runner/jobs.py, runner/status.py, runner/cache.py, api/query_status.py)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import duckdb
import pytest
from starlette.testclient import TestClient

from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.config import Settings
from mock_server.runner.jobs import TIMEOUT_DETAIL, Execution
from tests.conftest import HTTP_EVENT_COUNT, HTTP_NOW, HTTP_PROJECT_ID

QUERY_URL = f"/api/projects/{HTTP_PROJECT_ID}/query/"
COUNT = {"kind": "HogQLQuery", "query": "select count() from events"}
# About 5 seconds of DuckDB work on a quiet machine (650 million multiplications).
SLOW = {
    "kind": "HogQLQuery",
    "query": "select sum(a.number * b.number) from numbers(100000) a cross join numbers(6500) b",
}
STATUS_KEYS = [
    "complete", "dashboard_id", "end_time", "error", "error_message", "expiration_time", "id", "insight_id",
    "labels", "pickup_time", "query_async", "query_progress", "results", "start_time", "task_id", "team_id",
]  # fmt: skip
POLLS = {"X-Hogmock-Transition-Polls": "2"}
WAIT_SECONDS = 30.0


def status_url(query_id: str) -> str:
    return f"{QUERY_URL}{query_id}/"


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def wait_for(condition: Callable[[], bool]) -> None:
    """Wait (generously bounded) for real concurrency to reach a state; the test asserts the state."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)


class Api:
    """The test client with the default key, and shortcuts for the query routes."""

    def __init__(self, client: TestClient, headers: dict[str, str], backend: Backend) -> None:
        self.client, self.headers, self.backend = client, headers, backend

    def post(self, query: dict[str, Any] = COUNT, headers: dict[str, str] | None = None, **fields: Any) -> Any:
        return self.client.post(QUERY_URL, json={"query": query, **fields}, headers={**self.headers, **(headers or {})})

    def get(self, query_id: str, params: str = "") -> Any:
        return self.client.get(status_url(query_id) + params, headers=self.headers)

    def delete(self, query_id: str, params: str = "") -> Any:
        return self.client.delete(status_url(query_id) + params, headers=self.headers)

    def status(self, query_id: str) -> dict[str, Any]:
        stored = self.backend.statuses.get(HTTP_PROJECT_ID, query_id)
        return {} if stored is None else stored.to_dict()


def make_api(settings: Settings, headers: dict[str, str]) -> Iterator[Api]:
    backend = Backend(settings)
    with TestClient(create_app(backend)) as client:
        yield Api(client, headers, backend)
    backend.jobs.cancel_all()


@pytest.fixture
def api(http_settings: Settings, api_headers: dict[str, str]) -> Iterator[Api]:
    yield from make_api(http_settings, api_headers)


@pytest.fixture
def fast_timeout_api(http_settings: Settings, api_headers: dict[str, str]) -> Iterator[Api]:
    http_settings.max_execution_time = 0.3
    yield from make_api(http_settings, api_headers)


# --- kickoff and QueryStatus -----------------------------------------------------------------------------------


def test_force_async_kickoff_is_a_202_with_a_fresh_status(api: Api) -> None:
    response = api.post(refresh="force_async", client_query_id="q1", headers=POLLS)
    assert response.status_code == 202
    body = response.json()
    assert list(body) == ["query_status"]
    status = body["query_status"]
    assert list(status) == STATUS_KEYS
    assert {k: status[k] for k in STATUS_KEYS if k not in ("start_time", "expiration_time")} == {
        "complete": False, "dashboard_id": None, "end_time": None, "error": False, "error_message": None,
        "id": "q1", "insight_id": None, "labels": None, "pickup_time": None, "query_async": True,
        "query_progress": None, "results": None, "task_id": None, "team_id": HTTP_PROJECT_ID,
    }  # fmt: skip
    assert parse(status["expiration_time"]) - parse(status["start_time"]) == timedelta(minutes=20)
    # The frozen clock plus the real time since start: the status sits at --now, not at the wall clock.
    assert timedelta(0) <= parse(status["start_time"]) - HTTP_NOW < timedelta(minutes=5)


def test_query_id_defaults_to_a_uuid7_hex(api: Api) -> None:
    query_id = api.post(refresh="force_async", headers=POLLS).json()["query_status"]["id"]
    assert len(query_id) == 32 and query_id == query_id.lower()
    assert uuid.UUID(query_id).version == 7


def test_polling_sees_pending_then_running_then_complete(api: Api) -> None:
    blocking = api.post(refresh="force_blocking").json()
    api.post(refresh="force_async", client_query_id="poll", headers=POLLS)
    seen = [api.get("poll") for _ in range(5)]
    assert [r.status_code for r in seen] == [202, 202, 202, 202, 200]
    statuses = [r.json()["query_status"] for r in seen]
    assert [s["pickup_time"] is not None for s in statuses] == [False, False, True, True, True]
    assert [s["complete"] for s in statuses] == [False, False, False, False, True]
    done = statuses[-1]
    assert done["error"] is False and done["error_message"] is None and done["task_id"]
    assert parse(done["start_time"]) <= parse(done["pickup_time"]) <= parse(done["end_time"])
    assert parse(done["expiration_time"]) - parse(done["end_time"]) == timedelta(minutes=20)
    # results is the whole response body, as the create endpoint writes it
    assert done["results"]["results"] == [[HTTP_EVENT_COUNT]]
    assert list(done["results"]) == list(blocking)
    assert done["results"]["cache_key"] == blocking["cache_key"]
    # GET writes status times as Django does: milliseconds
    assert len(done["end_time"]) == len("2026-11-20T12:00:00.123Z") or done["end_time"].endswith(":00Z")


def test_frozen_clock_still_runs_the_knobs(api: Api) -> None:
    assert api.backend.clock.frozen
    api.post(refresh="force_async", client_query_id="delay", headers={"X-Hogmock-Queue-Delay": "0.2"})
    assert api.get("delay").json()["query_status"]["pickup_time"] is None
    wait_for(lambda: api.status("delay").get("complete") is True)
    assert api.get("delay").status_code == 200


def test_minimum_duration_keeps_the_query_running(api: Api) -> None:
    api.post(refresh="force_async", client_query_id="slow", headers={"X-Hogmock-Min-Duration": "30"})
    response = api.get("slow")
    assert response.status_code == 202
    assert response.json()["query_status"]["pickup_time"] is not None
    assert api.delete("slow").json() == {"message": "Cancelled query on clickhouse"}
    wait_for(lambda: api.backend.jobs.running(HTTP_PROJECT_ID) == 0)
    assert api.backend.jobs.running(HTTP_PROJECT_ID) == 0


def test_existing_status_is_reused_unless_the_mode_forces_a_refresh(api: Api) -> None:
    first = api.post(COUNT, refresh="async", client_query_id="same", headers=POLLS).json()["query_status"]
    again = api.post({**COUNT, "query": "select 2"}, refresh="async", client_query_id="same", headers=POLLS)
    assert again.status_code == 202
    assert again.json()["query_status"]["start_time"] == first["start_time"]
    forced = api.post(refresh="force_async", client_query_id="same", headers=POLLS).json()["query_status"]
    assert forced["start_time"] > first["start_time"]


def test_status_expires_after_twenty_minutes(api: Api) -> None:
    api.post(refresh="force_async", client_query_id="old", headers=POLLS)
    api.backend.clock.advance(timedelta(minutes=20, seconds=1))
    response = api.get("old")
    assert response.status_code == 404
    assert response.json() == {
        "type": "invalid_request", "code": "not_found", "detail": "Query old not found for team 7", "attr": None,
    }  # fmt: skip


def test_unknown_id_is_posthogs_404(api: Api) -> None:
    response = api.get("nope")
    assert response.status_code == 404
    assert response.json()["detail"] == f"Query nope not found for team {HTTP_PROJECT_ID}"


def test_show_progress_fills_query_progress_while_running(api: Api) -> None:
    api.post(refresh="force_async", client_query_id="p", headers={"X-Hogmock-Min-Duration": "30"})
    progress = api.get("p", "?show_progress=true").json()["query_status"]["query_progress"]
    assert set(progress) == {"active_cpu_time", "bytes_read", "estimated_rows_total", "rows_read", "time_elapsed"}
    assert all(isinstance(value, int) and value >= 0 for value in progress.values())
    assert api.get("p", "?showProgress=true").json()["query_status"]["query_progress"] is not None
    assert api.get("p").json()["query_status"]["query_progress"] is None


# --- failures ---------------------------------------------------------------------------------------------------


def test_hogql_error_fails_with_a_message_and_400(api: Api) -> None:
    api.post({**COUNT, "query": "select nope from events"}, refresh="force_async", client_query_id="bad")
    wait_for(lambda: api.status("bad").get("complete") is True)
    response = api.get("bad")
    assert response.status_code == 400
    status = response.json()["query_status"]
    assert (status["complete"], status["error"], status["results"]) == (True, True, None)
    assert isinstance(status["error_message"], str) and "nope" in status["error_message"]
    assert status["end_time"] is not None


def test_internal_error_fails_without_a_message_and_500(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self: Execution, database: Any, sql: str) -> None:
        raise duckdb.InternalException("INTERNAL Error: boom")

    monkeypatch.setattr(Execution, "run", fail)
    api.post(refresh="force_async", client_query_id="boom")
    wait_for(lambda: api.status("boom").get("complete") is True)
    response = api.get("boom")
    assert response.status_code == 500
    status = response.json()["query_status"]
    assert (status["complete"], status["error"], status["error_message"]) == (True, True, None)


# --- timeouts ---------------------------------------------------------------------------------------------------

TIMEOUT_BODY = {"type": "server_error", "code": "error", "detail": TIMEOUT_DETAIL, "attr": None}


def test_blocking_query_past_the_time_limit_is_interrupted_with_posthogs_504(fast_timeout_api: Api) -> None:
    response = fast_timeout_api.post(SLOW, refresh="force_blocking")
    assert response.status_code == 504
    assert response.json() == TIMEOUT_BODY


def test_simulated_duration_past_the_time_limit_times_out(fast_timeout_api: Api) -> None:
    response = fast_timeout_api.post(refresh="force_blocking", headers={"X-Hogmock-Min-Duration": "5"})
    assert (response.status_code, response.json()) == (504, TIMEOUT_BODY)


def test_async_timeout_is_a_failed_status_with_the_message(fast_timeout_api: Api) -> None:
    api = fast_timeout_api
    api.post(SLOW, refresh="force_async", client_query_id="t")
    wait_for(lambda: api.status("t").get("complete") is True)
    response = api.get("t")
    assert response.status_code == 400
    assert response.json()["query_status"]["error_message"] == TIMEOUT_DETAIL


def test_default_time_limit_is_posthogs_ten_seconds() -> None:
    assert Settings().max_execution_time == 10.0 and Settings().async_workers == 3


# --- DELETE ----------------------------------------------------------------------------------------------------


def test_cancel_pending_query_deletes_its_status(api: Api) -> None:
    api.post(refresh="force_async", client_query_id="c", headers=POLLS)
    response = api.delete("c")
    assert (response.status_code, response.json()) == (200, {"message": "Cancelled query on clickhouse"})
    assert api.get("c").status_code == 404


def test_dequeue_only(api: Api) -> None:
    api.post(refresh="force_async", client_query_id="d", headers=POLLS)
    response = api.delete("d", "?dequeue_only=true")
    assert response.json() == {"message": "Only tried to dequeue, not cancelling query on clickhouse"}
    assert response.status_code == 200
    assert api.get("d").status_code == 404


def test_cancel_complete_query_keeps_it(api: Api) -> None:
    api.post(refresh="force_async", client_query_id="done")
    wait_for(lambda: api.status("done").get("complete") is True)
    response = api.delete("done")
    assert (response.status_code, response.json()) == (200, {"message": "Query already complete"})
    assert api.get("done").status_code == 200


def test_cancel_unknown_id_still_answers_200(api: Api) -> None:
    response = api.delete("never")
    assert (response.status_code, response.json()) == (200, {"message": "Cancelled query on clickhouse"})


@pytest.fixture
def cancel_204_api(http_settings: Settings, api_headers: dict[str, str]) -> Iterator[Api]:
    http_settings.cancel_status = 204
    yield from make_api(http_settings, api_headers)


def test_cancel_status_can_be_the_documented_204(cancel_204_api: Api) -> None:
    response = cancel_204_api.delete("x")
    assert (response.status_code, response.content) == (204, b"")


def test_cancelling_a_running_five_second_query_interrupts_duckdb_and_frees_the_worker(api: Api) -> None:
    api.post(SLOW, refresh="force_async", client_query_id="long")
    wait_for(lambda: api.status("long").get("pickup_time") is not None)
    time.sleep(0.3)  # let DuckDB get going on the 5-second query
    job = api.backend.jobs._jobs[(HTTP_PROJECT_ID, "long")]
    assert api.backend.jobs.running(HTTP_PROJECT_ID) == 1
    assert api.delete("long").json() == {"message": "Cancelled query on clickhouse"}
    wait_for(job.finished.is_set)
    assert job.finished.is_set() and job.outcome is not None and job.outcome.failed
    assert api.backend.jobs.running(HTTP_PROJECT_ID) == 0
    assert api.get("long").status_code == 404


# --- the pool ---------------------------------------------------------------------------------------------------


@pytest.fixture
def one_worker_api(http_settings: Settings, api_headers: dict[str, str]) -> Iterator[Api]:
    http_settings.async_workers = 1
    yield from make_api(http_settings, api_headers)


def test_pool_runs_at_most_its_workers_per_team(one_worker_api: Api) -> None:
    api = one_worker_api
    long = {"X-Hogmock-Min-Duration": "30"}
    api.post(refresh="force_async", client_query_id="a", headers=long)
    api.post(refresh="force_async", client_query_id="b", headers=long)
    assert api.get("a").json()["query_status"]["pickup_time"] is not None
    assert api.get("b").json()["query_status"]["pickup_time"] is None
    api.delete("a")
    wait_for(lambda: api.status("b").get("pickup_time") is not None)
    assert api.get("b").json()["query_status"]["pickup_time"] is not None


def test_server_answers_while_a_query_runs(api: Api) -> None:
    api.post(refresh="force_async", client_query_id="bg", headers={"X-Hogmock-Min-Duration": "30"})
    response = api.post({**COUNT, "query": "select 1"}, refresh="force_blocking")
    assert (response.status_code, response.json()["results"]) == (200, [[1]])
    assert api.get("bg").status_code == 202


def test_bad_knob_header_is_a_400(api: Api) -> None:
    response = api.post(refresh="force_async", headers={"X-Hogmock-Transition-Polls": "many"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Header x-hogmock-transition-polls must be a non-negative int, not 'many'."

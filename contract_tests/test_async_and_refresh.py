"""The async lifecycle (kickoff, poll, complete, cancel, 404 after cancel) and the refresh modes.

Queries carry a per-run marker so no earlier run's cache answers them. On hogmock the ``X-Hogmock-*`` headers
make the transitions deterministic (they are ignored by PostHog); on a real host the poll loop waits, gently.
Values that change every run (ids, times, cache keys) are compared by shape.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from contract_tests.conftest import ContractClient
from contract_tests.snapshot import shape
from contract_tests.target import Target

Record = Callable[[str, object], None]
# On hogmock: polls 1-2 see pending/running, the third sees the query complete (runner/jobs.py knobs).
TRANSITIONS = {"X-Hogmock-Transition-Polls": "1"}
MAX_POLLS = 60


def unique_query() -> str:
    return f"select 1 as one, '{uuid.uuid4().hex}' as marker"


def query_body(hogql: str, refresh: str, **extra: Any) -> dict[str, Any]:
    return {"query": {"kind": "HogQLQuery", "query": hogql}, "refresh": refresh, **extra}


def create(http: ContractClient, target: Target, body: dict[str, Any], **headers: str) -> httpx.Response:
    return http.post(f"/api/projects/{target.project_id}/query/", json=body, headers=headers)


def poll(http: ContractClient, target: Target, query_id: str) -> list[httpx.Response]:
    """GET the status until it is complete; waits between polls only on a real host."""
    seen: list[httpx.Response] = []
    for _ in range(MAX_POLLS):
        seen.append(http.get(f"/api/projects/{target.project_id}/query/{query_id}/"))
        if seen[-1].status_code != 202:
            return seen
        if not target.is_mock:
            time.sleep(1)
    return seen


def pending_status(target: Target, query_id: str) -> dict[str, Any]:
    return {
        "complete": False, "dashboard_id": None, "end_time": None, "error": False, "error_message": None,
        "expiration_time": "<datetime>", "id": "<id>", "insight_id": None, "labels": None, "pickup_time": None,
        "query_async": True, "query_progress": None, "results": None, "start_time": "<datetime>", "task_id": None,
        "team_id": "<team_id>",
    }  # fmt: skip


def test_kickoff_poll_complete(http: ContractClient, target: Target, record_property: Record) -> None:
    query_id = uuid.uuid4().hex
    kickoff = create(http, target, query_body(unique_query(), "force_async", client_query_id=query_id), **TRANSITIONS)
    assert kickoff.status_code == 202
    body = kickoff.json()
    assert set(body) == {"query_status"} and body["query_status"]["id"] == query_id
    status_keys = {k: v for k, v in shape(body["query_status"]).items() if k not in ("task_id", "pickup_time")}
    expected = {k: v for k, v in pending_status(target, query_id).items() if k not in ("task_id", "pickup_time")}
    assert status_keys == expected
    polls = poll(http, target, query_id)
    record_property("polls until complete", len(polls))
    final = polls[-1].json()["query_status"]
    assert (polls[-1].status_code, final["complete"], final["error"]) == (200, True, False)
    assert (final["results"]["results"][0][0], final["end_time"] is not None) == (1, True)


def test_cancel_then_not_found(http: ContractClient, target: Target, record_property: Record) -> None:
    query_id = uuid.uuid4().hex
    body = query_body(unique_query(), "force_async", client_query_id=query_id)
    assert create(http, target, body, **{"X-Hogmock-Queue-Delay": "30"}).status_code == 202
    cancelled = http.delete(f"/api/projects/{target.project_id}/query/{query_id}/")
    message = cancelled.json()["message"] if cancelled.content else None
    record_property("cancel answer", f"{cancelled.status_code} {message}")
    assert cancelled.status_code in (200, 204)  # PostHog's code: 200 with a message; its docs: 204
    after = http.get(f"/api/projects/{target.project_id}/query/{query_id}/")
    if message == "Query already complete":  # a real host may finish select 1 before the DELETE arrives
        assert after.status_code == 200
        return
    assert after.status_code == 404
    assert after.json() == {
        "type": "invalid_request", "code": "not_found", "attr": None,
        "detail": f"Query {query_id} not found for team {target.project_id}",
    }  # fmt: skip


def test_unknown_query_id_is_not_found(http: ContractClient, target: Target) -> None:
    query_id = uuid.uuid4().hex
    response = http.get(f"/api/projects/{target.project_id}/query/{query_id}/")
    assert (response.status_code, response.json()["detail"]) == (
        404, f"Query {query_id} not found for team {target.project_id}"
    )  # fmt: skip


def test_blocking_then_cached(http: ContractClient, target: Target) -> None:
    hogql = unique_query()
    first = create(http, target, query_body(hogql, "blocking")).json()
    second = create(http, target, query_body(hogql, "blocking")).json()
    assert (first["is_cached"], second["is_cached"]) == (False, True)
    assert second["cache_key"] == first["cache_key"] and second["results"] == first["results"]


@pytest.mark.parametrize("refresh", ["force_cache", "async", "async_except_on_cache_miss", "lazy_async"])
def test_fresh_cache_answers_cached(http: ContractClient, target: Target, refresh: str) -> None:
    hogql = unique_query()
    assert create(http, target, query_body(hogql, "blocking")).json()["is_cached"] is False
    again = create(http, target, query_body(hogql, refresh))
    assert (again.status_code, again.json()["is_cached"]) == (200, True)


def test_force_blocking_always_calculates(http: ContractClient, target: Target) -> None:
    hogql = unique_query()
    create(http, target, query_body(hogql, "blocking"))
    again = create(http, target, query_body(hogql, "force_blocking"))
    assert (again.status_code, again.json()["is_cached"]) == (200, False)


def test_async_on_a_cache_miss_is_a_cache_miss_response(http: ContractClient, target: Target) -> None:
    response = create(http, target, query_body(unique_query(), "async"), **TRANSITIONS)
    body = response.json()
    assert (response.status_code, set(body)) == (202, {"cache_key", "query_status"})
    assert shape(body)["cache_key"] == "<cache_key>" and body["query_status"]["complete"] is False
    poll(http, target, body["query_status"]["id"])


def test_async_except_on_cache_miss_calculates_a_miss(http: ContractClient, target: Target) -> None:
    response = create(http, target, query_body(unique_query(), "async_except_on_cache_miss"))
    assert (response.status_code, response.json()["is_cached"], response.json()["results"][0][0]) == (200, False, 1)


def test_deprecated_async_flag_means_async(http: ContractClient, target: Target) -> None:
    body = {"query": {"kind": "HogQLQuery", "query": unique_query()}, "async": True}
    response = create(http, target, body, **TRANSITIONS)
    assert (response.status_code, set(response.json())) == (202, {"cache_key", "query_status"})
    poll(http, target, response.json()["query_status"]["id"])

"""Bad bodies, row limits, and rate limits (the 429 body and ``Retry-After``).

The 429 tests need hogmock's control API and a dedicated, tightly limited hogmock, so they are ``mock_only``:
a real host is never driven into its limits by this suite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from contract_tests.conftest import ContractClient
from contract_tests.schemas import Conformance
from contract_tests.target import Target
from mock_server.config import LimitSettings, Settings
from mock_server.pytest_plugin import FROZEN_NOW, HogmockServer, asgi_server

Record = Callable[[str, object], None]


def post(http: ContractClient, target: Target, body: Any) -> httpx.Response:
    return http.post(f"/api/projects/{target.project_id}/query/", json=body)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"query": {"kind": "HogQLQuery"}}, "query.HogQLQuery.query"),
        ({"query": {"kind": "HogQLQuery", "query": "select 1"}, "unexpected": 1}, "unexpected"),
        ({"query": {"kind": "HogQLQuery", "query": "select 1"}, "refresh": "sometimes"}, "refresh"),
        ({"query": {"kind": "NoSuchKind"}}, "query"),
        ({"query": "select 1"}, "query"),
    ],
    ids=["missing-hogql", "extra-key", "bad-refresh", "unknown-kind", "query-not-object"],
)
def test_bad_bodies_are_parse_errors(http: ContractClient, target: Target, body: Any, field: str) -> None:
    response = post(http, target, body)
    error = response.json()
    assert (response.status_code, error["type"], error["code"], error["attr"]) == (
        400, "invalid_request", "parse_error", None
    )  # fmt: skip
    assert error["detail"].startswith("JSON parse error - ") and "validation error" in error["detail"]


def test_form_encoded_body_is_a_parse_error(http: ContractClient, target: Target) -> None:
    response = http.post(f"/api/projects/{target.project_id}/query/", content=b'{"query": 1}',
                         headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert (response.status_code, response.json()["code"]) == (400, "parse_error")


def test_unknown_function(http: ContractClient, target: Target) -> None:
    response = post(http, target, {"query": {"kind": "HogQLQuery", "query": "select no_such_function_x(1)"}})
    body = response.json()
    assert (response.status_code, body["type"]) == (400, "validation_error")
    assert body["code"] in ("hogql_query_error", "invalid_input")  # older deployments: invalid_input


def test_explicit_limit_is_capped(http: ContractClient, target: Target, record_property: Record) -> None:
    body = {"query": {"kind": "HogQLQuery", "query": "select number from numbers(60000) limit 60000"}}
    results = post(http, target, body).json()["results"]
    record_property("rows for LIMIT 60000", len(results))
    assert len(results) in (50000, 10000)  # the current cap; the legacy profile's docs say 10,000


@pytest.fixture
def limited() -> Iterator[HogmockServer]:
    """A hogmock allowing 2 queries a minute (the API-queries burst throttle), in-process."""
    settings = Settings(now=FROZEN_NOW, limits=LimitSettings(rates={"api_queries_burst": "2/minute"}))
    with asgi_server(settings) as server:
        yield server


@pytest.mark.mock_only("drives a dedicated hogmock into its rate limit")
def test_throttled_body_and_retry_after(limited: HogmockServer, conformance: Conformance) -> None:
    headers = {"Authorization": f"Bearer {limited.api_key}"}
    body = {"query": {"kind": "HogQLQuery", "query": "select 1"}}
    with limited.client(headers=headers) as client:
        statuses = [client.post(f"/api/projects/{limited.project_id}/query/", json=body) for _ in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    # DRF's wait: the window left (60 s on a frozen clock) over the free slots plus one.
    assert statuses[2].headers["Retry-After"] == "60"
    assert statuses[2].json() == {"type": "throttled_error", "code": "throttled", "attr": None,
                                  "detail": "Request was throttled. Expected available in 60 seconds."}  # fmt: skip
    assert conformance.check("POST", statuses[2].request.url.path, 429, statuses[2].json()) == []


@pytest.mark.mock_only("needs fault injection")
def test_client_honours_retry_after(target: Target, fresh_mock: Target, conformance: Conformance) -> None:
    waits: list[float] = []
    target.control.add_fault(path="/query", status=429, headers={"Retry-After": "3"}, times=1)
    headers = {"Authorization": f"Bearer {target.api_key}"}
    with ContractClient(conformance, waits.append, base_url=target.base_url, headers=headers) as client:
        response = client.post(f"/api/projects/{target.project_id}/query/",
                               json={"query": {"kind": "HogQLQuery", "query": "select 1"}})  # fmt: skip
    assert (response.status_code, waits) == (200, [3])
    assert [e["status"] for e in target.control.journal(path=f"/api/projects/{target.project_id}/query")] == [429, 200]

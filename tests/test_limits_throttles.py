"""Rate limits: each profile up to its 429 and past its window (the mock clock advanced, never slept), the 429
body and Retry-After, per-key buckets, auth failures not counting, per-project limits and the concurrency limit."""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server.api.throttling import PROFILES, Limits, throttle_scopes, throttled
from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.config import DEFAULT_API_KEY, LimitSettings, Project, ProjectSpec, Settings
from mock_server.errors import Throttled
from tests.conftest import HTTP_NOW, HTTP_PROJECT_ID

QUERY_URL = f"/api/projects/{HTTP_PROJECT_ID}/query/"
HOGQL = {"query": {"kind": "HogQLQuery", "query": "select 1"}}
# A kind hogmock does not run: a cheap 400 that still counts, as a failed request counts in PostHog.
OTHER_KIND = {"query": {"kind": "LifecycleQuery"}}
HEADERS = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}


def throttled_body(seconds: int) -> dict[str, Any]:
    unit = "second" if seconds == 1 else "seconds"
    return {
        "type": "throttled_error",
        "code": "throttled",
        "detail": f"Request was throttled. Expected available in {seconds} {unit}.",
        "attr": None,
    }


def client_for(data_dir: Path, **limits: Any) -> tuple[Backend, TestClient]:
    backend = Backend(Settings(data_dir=data_dir, now=HTTP_NOW, limits=LimitSettings(**limits)))
    return backend, TestClient(create_app(backend))


def send(client: TestClient, body: Any, count: int, headers: dict[str, str] = HEADERS) -> set[int]:
    return {client.post(QUERY_URL, json=body, headers=headers).status_code for _ in range(count)}


def assert_throttled(response: Any, seconds: int) -> None:
    assert response.status_code == 429
    assert response.json() == throttled_body(seconds)
    assert response.headers["Retry-After"] == str(seconds)


# --- legacy ----------------------------------------------------------------------------------------------------


def test_legacy_hogql_120_per_hour(http_data_dir: Path) -> None:
    backend, client = client_for(http_data_dir, profile="legacy")
    assert send(client, HOGQL, 120) == {200}
    assert_throttled(client.post(QUERY_URL, json=HOGQL, headers=HEADERS), 3600)
    backend.clock.advance(timedelta(minutes=59))
    assert_throttled(client.post(QUERY_URL, json=HOGQL, headers=HEADERS), 60)
    backend.clock.advance(timedelta(minutes=1))
    assert client.post(QUERY_URL, json=HOGQL, headers=HEADERS).status_code == 200


def test_legacy_other_kinds_240_per_minute_in_their_own_bucket(http_data_dir: Path) -> None:
    backend, client = client_for(http_data_dir, profile="legacy")
    assert send(client, OTHER_KIND, 240) == {400}
    assert_throttled(client.post(QUERY_URL, json=OTHER_KIND, headers=HEADERS), 60)
    # HogQLQuery has its own bucket.
    assert client.post(QUERY_URL, json=HOGQL, headers=HEADERS).status_code == 200
    backend.clock.advance(timedelta(seconds=60))
    assert client.post(QUERY_URL, json=OTHER_KIND, headers=HEADERS).status_code == 400


def test_legacy_other_kinds_sustained_per_hour(http_data_dir: Path) -> None:
    backend, client = client_for(http_data_dir, profile="legacy", rates={"clickhouse_sustained": "3/hour"})
    assert send(client, OTHER_KIND, 3) == {400}
    assert_throttled(client.post(QUERY_URL, json=OTHER_KIND, headers=HEADERS), 3600)
    backend.clock.advance(timedelta(hours=1))
    assert client.post(QUERY_URL, json=OTHER_KIND, headers=HEADERS).status_code == 400


def test_legacy_caps_rows_at_10000() -> None:
    limits = Limits(LimitSettings(profile="legacy"))
    assert limits.profile(None).max_rows == 10_000
    assert Limits(LimitSettings()).profile(None).max_rows == 50_000


# --- current ---------------------------------------------------------------------------------------------------


def test_current_is_the_default_240_per_minute_for_every_kind(http_data_dir: Path) -> None:
    backend, client = client_for(http_data_dir)
    assert backend.settings.limits.profile == "current"
    assert send(client, HOGQL, 120) | send(client, OTHER_KIND, 120) == {200, 400}
    assert_throttled(client.post(QUERY_URL, json=HOGQL, headers=HEADERS), 60)
    backend.clock.advance(timedelta(seconds=59))
    assert_throttled(client.post(QUERY_URL, json=OTHER_KIND, headers=HEADERS), 1)
    backend.clock.advance(timedelta(seconds=1))
    assert client.post(QUERY_URL, json=HOGQL, headers=HEADERS).status_code == 200


def test_current_sustained_per_hour(http_data_dir: Path) -> None:
    backend, client = client_for(http_data_dir, rates={"api_queries_sustained": "4/hour"})
    for _ in range(4):
        assert client.post(QUERY_URL, json=HOGQL, headers=HEADERS).status_code == 200
        backend.clock.advance(timedelta(minutes=10))
    assert_throttled(client.post(QUERY_URL, json=HOGQL, headers=HEADERS), 1200)
    backend.clock.advance(timedelta(minutes=20))
    assert client.post(QUERY_URL, json=HOGQL, headers=HEADERS).status_code == 200


def test_default_throttles_apply_to_other_viewsets(http_data_dir: Path) -> None:
    _, client = client_for(http_data_dir, rates={"burst": "2/minute"})
    assert {client.get("/api/projects/", headers=HEADERS).status_code for _ in range(2)} == {200}
    assert_throttled(client.get("/api/projects/", headers=HEADERS), 60)


# --- off -------------------------------------------------------------------------------------------------------


def test_off_never_throttles(http_data_dir: Path) -> None:
    _, client = client_for(http_data_dir, profile="off")
    assert send(client, OTHER_KIND, 300) == {400}
    assert send(client, HOGQL, 130) == {200}


# --- what counts -------------------------------------------------------------------------------------------------


def test_buckets_are_per_key(http_data_dir: Path) -> None:
    backend = Backend(
        Settings(data_dir=http_data_dir, now=HTTP_NOW, api_keys=["phx_a", "phx_b"], limits=LimitSettings(
            profile="legacy", rates={"query": "2/hour"}))
    )  # fmt: skip
    client = TestClient(create_app(backend))
    key_a, key_b = ({"Authorization": f"Bearer {key}"} for key in ("phx_a", "phx_b"))
    assert send(client, HOGQL, 2, key_a) == {200}
    assert client.post(QUERY_URL, json=HOGQL, headers=key_a).status_code == 429
    assert send(client, HOGQL, 2, key_b) == {200}


def test_requests_failing_auth_do_not_count(http_data_dir: Path) -> None:
    _, client = client_for(http_data_dir, profile="legacy", rates={"query": "2/hour"})
    assert send(client, HOGQL, 5, {"Authorization": "Bearer phx_wrong"}) == {403}
    assert send(client, HOGQL, 5, {}) == {403}
    assert client.post("/api/projects/999/query/", json=HOGQL, headers=HEADERS).status_code == 404
    assert send(client, HOGQL, 2) == {200}
    assert client.post(QUERY_URL, json=HOGQL, headers=HEADERS).status_code == 429


def test_refused_request_still_counts_in_the_other_throttle(http_data_dir: Path) -> None:
    # DRF asks every throttle and records the request wherever it is allowed.
    backend, client = client_for(http_data_dir, profile="legacy", rates={"clickhouse_burst": "1/minute"})
    send(client, OTHER_KIND, 3)
    assert backend.limits.buckets.counts() == {"clickhouse_burst": 1, "clickhouse_sustained": 3}


# --- per project -----------------------------------------------------------------------------------------------


def test_each_project_has_its_own_profile_and_rate(tmp_path: Path) -> None:
    from tests.conftest import write_http_dataset

    specs = [
        ProjectSpec(write_http_dataset(tmp_path / "a"), id=1, rate_limits="legacy", api_query_rate_limit="1/hour"),
        ProjectSpec(write_http_dataset(tmp_path / "b"), id=2),
    ]
    backend = Backend(Settings(projects=specs, now=HTTP_NOW))
    client = TestClient(create_app(backend))
    hit = client.post("/api/projects/1/query/", json=HOGQL, headers=HEADERS)
    assert hit.status_code == 200
    assert_throttled(client.post("/api/projects/1/query/", json=HOGQL, headers=HEADERS), 3600)
    assert send_to(client, "/api/projects/2/query/", 5) == {200}
    assert backend.row_limit(backend.projects[1].project) == 10_000
    assert backend.row_limit(backend.projects[2].project) == 50_000


def send_to(client: TestClient, url: str, count: int) -> set[int]:
    return {client.post(url, json=HOGQL, headers=HEADERS).status_code for _ in range(count)}


# --- throttle selection and messages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "viewset", "action", "kind", "scopes"),
    [
        ("current", "query", "create", "HogQLQuery", ("api_queries_burst", "api_queries_sustained")),
        ("current", "query", "retrieve", None, ("api_queries_burst", "api_queries_sustained")),
        ("legacy", "query", "create", "HogQLQuery", ("query",)),
        ("legacy", "query", "create", "TrendsQuery", ("clickhouse_burst", "clickhouse_sustained")),
        ("legacy", "query", "destroy", None, ("clickhouse_burst", "clickhouse_sustained")),
        ("legacy", "query", "draft_sql", None, ("ai_burst", "ai_sustained")),
        ("current", "query", "draft_sql", None, ("ai_burst", "ai_sustained")),
        ("legacy", "query", "get_query_log", None, ("api_queries_burst", "api_queries_sustained")),
        ("current", "project", "list", None, ("burst", "sustained")),
        ("off", "query", "draft_sql", None, ()),
    ],
)
def test_throttle_selection(profile: str, viewset: str, action: str, kind: str | None, scopes: tuple[str, ...]) -> None:
    assert throttle_scopes(PROFILES[profile], viewset, action, kind) == scopes


def test_draft_sql_ai_limits() -> None:
    limits = Limits(LimitSettings())
    for _ in range(10):
        limits.check("phx_k", "query", "draft_sql", None, None, HTTP_NOW)
    with pytest.raises(Throttled) as refused:
        limits.check("phx_k", "query", "draft_sql", None, None, HTTP_NOW)
    assert (refused.value.detail, refused.value.headers()) == (throttled_body(60)["detail"], {"Retry-After": "60"})
    # The refused request still counted in the daily bucket (11 so far): 8 more minutes of 10 make 91.
    for minute in range(1, 9):
        for _ in range(10):
            limits.check("phx_k", "query", "draft_sql", None, None, HTTP_NOW + timedelta(minutes=minute))
    at = HTTP_NOW + timedelta(minutes=9)
    for _ in range(9):
        limits.check("phx_k", "query", "draft_sql", None, None, at)
    with pytest.raises(Throttled) as daily:
        limits.check("phx_k", "query", "draft_sql", None, None, at)
    assert daily.value.detail == throttled_body(86400 - 9 * 60)["detail"]


def test_wait_rounds_up_and_says_second_once() -> None:
    assert throttled(0.2).body()["detail"] == "Request was throttled. Expected available in 1 second."
    assert throttled(0.2).headers() == {"Retry-After": "1"}


# --- concurrency -------------------------------------------------------------------------------------------------

CONCURRENCY = re.compile(r"Exceeded maximum concurrency limit: 3 for key: api:query:per-org:([0-9a-f-]+) and task: \w+")


def test_fourth_running_query_is_refused_without_retry_after(http_data_dir: Path) -> None:
    backend, client = client_for(http_data_dir, concurrency_wait=0)
    organization = Project().organization
    for task in ("a", "b", "c"):
        assert backend.limits.slots.try_acquire(f"api:query:per-org:{organization}", task, 3)
    response = client.post(QUERY_URL, json=HOGQL, headers=HEADERS)
    assert response.status_code == 429
    body = response.json()
    assert (body["type"], body["code"], body["attr"]) == ("throttled_error", "throttled", None)
    match = CONCURRENCY.fullmatch(body["detail"])
    assert match is not None and match.group(1) == organization
    assert "Retry-After" not in response.headers
    backend.limits.slots.release(f"api:query:per-org:{organization}", "a")
    assert client.post(QUERY_URL, json=HOGQL, headers=HEADERS).status_code == 200


def test_legacy_and_off_have_no_concurrency_limit(http_data_dir: Path) -> None:
    for profile in ("legacy", "off"):
        assert Limits(LimitSettings(profile=profile)).concurrency(None) is None
    assert Limits(LimitSettings(concurrency=1)).concurrency(None) == 1


def test_real_concurrent_queries_past_the_limit(http_data_dir: Path) -> None:
    backend, client = client_for(http_data_dir, concurrency=2, concurrency_wait=0)
    backend.faults.add({"path": "/query", "latency_ms": 1500}, backend.clock.now())
    statuses: list[int] = []

    def query() -> None:
        statuses.append(client.post(QUERY_URL, json=HOGQL, headers=HEADERS).status_code)

    with client:
        threads = [threading.Thread(target=query) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sorted(statuses) == [200, 200, 429]


# --- row caps ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("profile", "rows"), [("legacy", 10_000), ("current", 20_000), ("off", 20_000)])
def test_explicit_limit_is_capped_by_the_profile(http_data_dir: Path, profile: str, rows: int) -> None:
    # The public docs: "limited to 10,000 rows" on the legacy limits; PostHog's MAX_SELECT_RETURNED_ROWS otherwise.
    _, client = client_for(http_data_dir, profile=profile)
    body = {"query": {"kind": "HogQLQuery", "query": "select number from numbers(20000) limit 20000"}}
    response = client.post(QUERY_URL, json=body, headers=HEADERS)
    assert (response.status_code, len(response.json()["results"])) == (200, rows)

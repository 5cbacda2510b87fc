"""Every ``refresh`` mode against an empty, fresh, stale and lazy-stale cache, as PostHog's QueryRunner.run."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from mock_server.config import Settings
from mock_server.runner.cache import Freshness
from mock_server.runner.modes import Action, ExecutionMode, execution_mode
from tests.conftest import HTTP_EVENT_COUNT
from tests.test_async_queries import COUNT, POLLS, Api, make_api


@pytest.fixture
def api(http_settings: Settings, api_headers: dict[str, str]) -> Iterator[Api]:
    yield from make_api(http_settings, api_headers)


def warm(api: Api) -> dict[str, Any]:
    response = api.post(refresh="force_blocking")
    assert response.status_code == 200 and response.json()["is_cached"] is False
    return dict(response.json())


# --- the mapping ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("refresh", "async_flag", "mode"),
    [
        ("blocking", None, "blocking"),
        ("force_blocking", None, "force_blocking"),
        ("async", None, "async"),
        ("async_except_on_cache_miss", None, "async_except_on_cache_miss"),
        ("lazy_async", None, "lazy_async"),
        ("force_async", None, "force_async"),
        ("force_cache", None, "blocking"),  # the query endpoint calculates when the cache cannot answer
        (None, None, "blocking"),
        ("unknown", None, "blocking"),
        ("force_blocking", True, "async"),  # deprecated async: true wins
        ("blocking", "true", "async"),
        ("blocking", False, "blocking"),
    ],
)
def test_refresh_to_execution_mode(refresh: Any, async_flag: Any, mode: str) -> None:
    assert execution_mode(refresh, async_flag).mode is ExecutionMode(mode)


def test_cache_only_mode_never_calculates() -> None:
    policy = {state: execution_mode("force_cache").action(state) for state in Freshness}
    assert Action.CALCULATE in policy.values()  # remapped to blocking on this endpoint
    assert ExecutionMode.CACHE_ONLY_NEVER_CALCULATE.value == "force_cache"


# --- blocking modes --------------------------------------------------------------------------------------------


def test_blocking_miss_calculates_then_hits_the_cache(api: Api) -> None:
    first = api.post()
    assert (first.status_code, first.json()["is_cached"]) == (200, False)
    second = api.post(refresh="blocking")
    assert (second.status_code, second.json()["is_cached"]) == (200, True)
    body = second.json()
    assert {**body, "is_cached": False} == first.json()  # same last_refresh, next_allowed_client_refresh, …
    assert body["query_status"] is None


def test_force_cache_and_absent_refresh_behave_as_blocking(api: Api) -> None:
    warm(api)
    assert api.post(refresh="force_cache").json()["is_cached"] is True
    assert api.post().json()["is_cached"] is True


def test_force_blocking_recalculates(api: Api) -> None:
    first = warm(api)
    api.backend.clock.advance(timedelta(seconds=30))
    again = api.post(refresh="force_blocking").json()
    assert again["is_cached"] is False and again["last_refresh"] != first["last_refresh"]


def test_blocking_recalculates_a_stale_entry(api: Api) -> None:
    warm(api)
    api.backend.clock.advance(timedelta(minutes=5, seconds=1))  # HogQL: stale after 5 minutes
    assert api.post(refresh="blocking").json()["is_cached"] is False


def test_fresh_entry_keeps_its_refresh_fields(api: Api) -> None:
    first = warm(api)
    api.backend.clock.advance(timedelta(minutes=4))
    cached = api.post().json()
    assert cached["is_cached"] is True
    assert (cached["last_refresh"], cached["next_allowed_client_refresh"], cached["cache_target_age"]) == (
        first["last_refresh"],
        first["next_allowed_client_refresh"],
        first["cache_target_age"],
    )


def test_client_query_id_is_not_part_of_the_cache_key(api: Api) -> None:
    first = warm(api)
    assert api.post(client_query_id="x").json()["cache_key"] == first["cache_key"]
    assert api.post({**COUNT, "query": "select 1"}).json()["cache_key"] != first["cache_key"]


def test_changing_the_data_invalidates_the_cache(api: Api) -> None:
    warm(api)
    api.backend.invalidate(api.backend.default_project_id)
    assert api.post().json()["is_cached"] is False


def test_reset_forgets_cache_and_statuses(api: Api) -> None:
    warm(api)
    api.post(refresh="force_async", client_query_id="r", headers=POLLS)
    api.backend.reset()
    assert api.post().json()["is_cached"] is False
    assert api.get("r").status_code == 404


# --- async modes ------------------------------------------------------------------------------------------------


def test_async_miss_is_a_cache_miss_response_with_an_enqueued_status(api: Api) -> None:
    response = api.post(refresh="async", client_query_id="m", headers=POLLS)
    assert response.status_code == 202
    body = response.json()
    assert list(body) == ["cache_key", "query_status"]
    assert body["cache_key"].startswith("cache_")
    assert (body["query_status"]["id"], body["query_status"]["complete"]) == ("m", False)


def test_async_fresh_returns_the_cached_response(api: Api) -> None:
    warm(api)
    response = api.post(refresh="async", client_query_id="f")
    assert (response.status_code, response.json()["is_cached"], response.json()["query_status"]) == (200, True, None)


def test_async_stale_returns_the_stale_response_with_a_new_status(api: Api) -> None:
    first = warm(api)
    api.backend.clock.advance(timedelta(minutes=6))
    response = api.post(refresh="async", client_query_id="s", headers=POLLS)
    assert response.status_code == 202
    body = response.json()
    assert (body["is_cached"], body["last_refresh"], body["results"]) == (True, first["last_refresh"], [[150]])
    assert (body["query_status"]["id"], body["query_status"]["complete"]) == ("s", False)


def test_async_except_on_cache_miss_calculates_a_miss(api: Api) -> None:
    response = api.post(refresh="async_except_on_cache_miss", client_query_id="e")
    assert (response.status_code, response.json()["is_cached"]) == (200, False)
    assert response.json()["results"] == [[HTTP_EVENT_COUNT]]


def test_async_except_on_cache_miss_enqueues_on_stale(api: Api) -> None:
    warm(api)
    api.backend.clock.advance(timedelta(minutes=6))
    response = api.post(refresh="async_except_on_cache_miss", client_query_id="es", headers=POLLS)
    assert response.status_code == 202 and response.json()["is_cached"] is True
    assert response.json()["query_status"]["id"] == "es"


def test_lazy_async_uses_the_lazy_threshold(api: Api) -> None:
    warm(api)
    api.backend.clock.advance(timedelta(minutes=10))  # stale, but not lazily stale (15 minutes)
    fresh_enough = api.post(refresh="lazy_async", client_query_id="l")
    assert (fresh_enough.status_code, fresh_enough.json()["is_cached"]) == (200, True)
    assert api.get("l").status_code == 404  # nothing enqueued
    api.backend.clock.advance(timedelta(minutes=6))
    stale = api.post(refresh="lazy_async", client_query_id="l", headers=POLLS)
    assert stale.status_code == 202
    assert stale.json()["is_cached"] is True and stale.json()["query_status"]["id"] == "l"


def test_lazy_async_miss_enqueues(api: Api) -> None:
    response = api.post(refresh="lazy_async", client_query_id="lm", headers=POLLS)
    assert response.status_code == 202 and list(response.json()) == ["cache_key", "query_status"]


def test_force_async_ignores_a_fresh_cache(api: Api) -> None:
    warm(api)
    response = api.post(refresh="force_async", client_query_id="fa", headers=POLLS)
    assert (response.status_code, list(response.json())) == (202, ["query_status"])


def test_deprecated_async_flag_means_async(api: Api) -> None:
    legacy: dict[str, Any] = {"async": True}
    response = api.post(COUNT, POLLS, refresh="force_blocking", client_query_id="legacy", **legacy)
    assert response.status_code == 202 and list(response.json()) == ["cache_key", "query_status"]


def test_async_result_fills_the_cache(api: Api) -> None:
    api.post(refresh="force_async", client_query_id="fill", headers=POLLS)
    for _ in range(5):
        api.get("fill")
    assert api.post(refresh="blocking").json()["is_cached"] is True


def test_fresh_cache_carries_a_running_status(api: Api) -> None:
    warm(api)
    api.post(refresh="force_async", client_query_id="run", headers=POLLS)
    body = api.post(refresh="blocking", client_query_id="run").json()
    assert body["is_cached"] is True and body["query_status"]["id"] == "run"

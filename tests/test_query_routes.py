"""The query viewset's other routes: query/<Kind>/, query/<id>/log/, upgrade, check_auth_for_async, draft_sql, chat."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.config import Settings
from mock_server.runner.draft_sql import DEFAULT_SQL
from tests.conftest import HTTP_NOW, HTTP_PROJECT_ID
from tests.test_kind_events import assert_schema

BASE = f"/api/projects/{HTTP_PROJECT_ID}/query"
HOGQL = {"kind": "HogQLQuery", "query": "select count() from events"}


def invalid(detail: str, code: str = "invalid_input", attr: str | None = None) -> dict[str, Any]:
    return {"type": "validation_error", "code": code, "detail": detail, "attr": attr}


def method_not_allowed(method: str) -> dict[str, Any]:
    return {"type": "invalid_request", "code": "method_not_allowed", "detail": f'Method "{method}" not allowed.',
            "attr": None}  # fmt: skip


# ---- POST query/<Kind>/ ------------------------------------------------------------------------------------------


def test_create_with_kind_runs_the_query(http_client: TestClient, api_headers: dict[str, str]) -> None:
    for path in (f"{BASE}/HogQLQuery/", f"{BASE}/HogQLQuery", f"/api/environments/{HTTP_PROJECT_ID}/query/HogQLQuery/"):
        response = http_client.post(path, json={"query": HOGQL}, headers=api_headers)
        assert response.status_code == 200, path
        assert response.json()["results"] == [[150]]


def test_create_with_kind_other_kinds(http_client: TestClient, api_headers: dict[str, str]) -> None:
    node = {"kind": "EventsQuery", "select": ["count()"], "after": "all"}
    response = http_client.post(f"{BASE}/EventsQuery/", json={"query": node}, headers=api_headers)
    assert (response.status_code, response.json()["results"]) == (200, [[150]])


def test_kind_mismatch(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.post(f"{BASE}/EventsQuery/", json={"query": HOGQL}, headers=api_headers)
    assert response.status_code == 400
    assert response.json() == invalid('Query kind mismatch: path kind "EventsQuery" does not match body kind '
                                      '"HogQLQuery".')  # fmt: skip
    response = http_client.post(f"{BASE}/EventsQuery/", json={"refresh": "blocking"}, headers=api_headers)
    assert response.json() == invalid('Query kind mismatch: path kind "EventsQuery" does not match body kind "None".')


def test_kind_route_needs_objects(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.post(f"{BASE}/HogQLQuery/", json=[HOGQL], headers=api_headers)
    assert (response.status_code, response.json()) == (400, invalid("Query body must be a JSON object."))
    response = http_client.post(f"{BASE}/HogQLQuery/", json={"query": "select 1"}, headers=api_headers)
    assert (response.status_code, response.json()) == (400, invalid("Query must be a JSON object."))


def test_post_to_a_query_id_is_405(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.post(f"{BASE}/0191e6d1c2d34c4f/", json={"query": HOGQL}, headers=api_headers)
    assert (response.status_code, response.json()) == (405, method_not_allowed("POST"))


def test_get_and_delete_of_a_kind_like_id_are_405(http_client: TestClient, api_headers: dict[str, str]) -> None:
    assert http_client.get(f"{BASE}/HogQLQuery/", headers=api_headers).json() == method_not_allowed("GET")
    response = http_client.delete(f"{BASE}/HogQLQuery/", headers=api_headers)
    assert (response.status_code, response.json()) == (405, method_not_allowed("DELETE"))


def test_status_routes_still_answer(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.get(f"{BASE}/abc123/", headers=api_headers)
    assert response.status_code == 404
    assert response.json()["detail"] == f"Query abc123 not found for team {HTTP_PROJECT_ID}"


# ---- GET query/<id>/log/ -----------------------------------------------------------------------------------------


def test_query_log_lists_hogmocks_executions(http_client: TestClient, api_headers: dict[str, str]) -> None:
    body = {"query": HOGQL, "client_query_id": "logged-1"}
    assert http_client.post(f"{BASE}/", json=body, headers=api_headers).status_code == 200
    bad = {"query": {"kind": "HogQLQuery", "query": "select nope"}, "client_query_id": "logged-1"}
    assert http_client.post(f"{BASE}/", json=bad, headers=api_headers).status_code == 400
    response = http_client.get(f"{BASE}/logged-1/log/", headers=api_headers)
    assert response.status_code == 200
    log = response.json()
    assert_schema(log, "HogQLQueryResponse")
    assert log["columns"][:3] == ["query_id", "query", "query_start_time"]
    assert len(log["columns"]) == len(log["types"]) == 17
    rows = [dict(zip(log["columns"], row, strict=True)) for row in log["results"]]
    assert [(r["query_id"], r["query"], r["kind"], r["status"]) for r in rows] == [
        ("logged-1", "select count() from events", "HogQLQuery", "QueryFinish"),
        ("logged-1", "select nope", "HogQLQuery", "ExceptionWhileProcessing"),
    ]
    assert rows[0]["query_start_time"] == "2026-11-20T12:00:00Z"
    assert json.loads(rows[0]["log_comment"])["client_query_id"] == "logged-1"
    assert (log["hasMore"], log["limit"], log["offset"]) == (False, 100, 0)


def test_query_log_of_an_unknown_id_is_empty(http_client: TestClient, api_headers: dict[str, str]) -> None:
    log = http_client.get(f"{BASE}/never-ran/log/", headers=api_headers).json()
    assert log["results"] == []


def test_query_log_is_get_only(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.post(f"{BASE}/x/log/", json={}, headers=api_headers)
    assert (response.status_code, response.json()) == (405, method_not_allowed("POST"))


# ---- upgrade, check_auth_for_async --------------------------------------------------------------------------------


def test_upgrade_returns_the_query(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.post(f"{BASE}/upgrade/", json={"query": HOGQL}, headers=api_headers)
    assert (response.status_code, response.json()) == (200, {"query": HOGQL})
    assert_schema(response.json(), "QueryUpgradeResponse")


def test_upgrade_without_a_query_is_a_validation_error(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.post(f"{BASE}/upgrade/", json={}, headers=api_headers)
    assert (response.status_code, response.json()) == (400, invalid("This field is required.", "required", "query"))


def test_upgrade_of_a_body_that_is_not_an_object(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.post(f"{BASE}/upgrade/", json=[1], headers=api_headers)
    assert (response.status_code, response.json()) == (
        400,
        invalid("Invalid data. Expected a dictionary, but got list."),
    )


def test_upgrade_is_post_only(http_client: TestClient, api_headers: dict[str, str]) -> None:
    assert http_client.get(f"{BASE}/upgrade/", headers=api_headers).status_code == 405


def test_check_auth_for_async(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.post(f"{BASE}/check_auth_for_async/", headers=api_headers)
    assert (response.status_code, response.json()) == (200, {"user": "ok"})
    assert http_client.post(f"{BASE}/check_auth_for_async/").status_code == 403


# ---- draft_sql ---------------------------------------------------------------------------------------------------


@pytest.fixture
def drafting(http_data_dir: Path, tmp_path: Path) -> Iterator[TestClient]:
    answers = {"weekly signups": "SELECT count() FROM events WHERE event = 'signed_up'",
               "make it good": {"unclear": "Please say what data you want."}}  # fmt: skip
    (tmp_path / "drafts.json").write_text(json.dumps(answers), encoding="utf-8")
    settings = Settings(data_dir=http_data_dir, now=HTTP_NOW, draft_sql_file=tmp_path / "drafts.json")
    with TestClient(create_app(Backend(settings))) as client:
        yield client


def test_draft_sql_from_the_map(drafting: TestClient, api_headers: dict[str, str]) -> None:
    response = drafting.get(f"{BASE}/draft_sql/", params={"prompt": "weekly signups"}, headers=api_headers)
    assert (response.status_code, response.json()) == (200, {"sql": "SELECT count() FROM events WHERE event = "
                                                                    "'signed_up'"})  # fmt: skip
    other = drafting.get(f"{BASE}/draft_sql/", params={"prompt": "anything else", "current_query": "x"},
                         headers=api_headers)  # fmt: skip
    assert other.json() == {"sql": DEFAULT_SQL}


def test_draft_sql_validation_errors(drafting: TestClient, api_headers: dict[str, str]) -> None:
    missing = drafting.get(f"{BASE}/draft_sql/", headers=api_headers)
    assert (missing.status_code, missing.json()) == (400, invalid("This field is required.", "required", "prompt"))
    empty = drafting.get(f"{BASE}/draft_sql/", params={"prompt": ""}, headers=api_headers)
    assert empty.json() == invalid("This field is required.", "required", "prompt")
    long = drafting.get(f"{BASE}/draft_sql/", params={"prompt": "x" * 401}, headers=api_headers)
    assert (long.status_code, long.json()) == (400, invalid("This field is too long.", "too_long", "prompt"))
    ok = drafting.get(f"{BASE}/draft_sql/", params={"prompt": "x" * 400}, headers=api_headers)
    assert ok.status_code == 200
    unclear = drafting.get(f"{BASE}/draft_sql/", params={"prompt": "make it good"}, headers=api_headers)
    assert unclear.json() == invalid("Please say what data you want.", "unclear", "prompt")


def test_draft_sql_default_without_a_map(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.get(f"{BASE}/draft_sql/", params={"prompt": "hello"}, headers=api_headers)
    assert response.json() == {"sql": DEFAULT_SQL}


# ---- chat --------------------------------------------------------------------------------------------------------


def test_chat_answers_as_the_seed_documents(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.post(f"{BASE}/chat/", json={"messages": []}, headers=api_headers)
    assert (response.status_code, response.content) == (200, b"")


def test_chat_as_todays_posthog(http_data_dir: Path, api_headers: dict[str, str]) -> None:
    settings = Settings(data_dir=http_data_dir, now=HTTP_NOW, chat_status=405)
    with TestClient(create_app(Backend(settings))) as client:
        response = client.post(f"{BASE}/chat/", json={"messages": []}, headers=api_headers)
    assert (response.status_code, response.json()) == (405, method_not_allowed("POST"))

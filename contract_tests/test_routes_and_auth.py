"""Routes and authentication: the projects list, unknown projects and routes, and each auth error's body.

Every test runs on hogmock and on a real host. Auth failures may be 401 or 403 (query-api.md §4: 403 derived
from DRF for QueryViewSet, 401 elsewhere); each test records the status it saw.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from contract_tests.conftest import ContractClient
from contract_tests.target import Target

Record = Callable[[str, object], None]
SELECT_1 = {"query": {"kind": "HogQLQuery", "query": "select 1"}}


def auth_failed(where: str) -> dict[str, object]:
    detail = f"Personal API key found in request {where} is invalid."
    return {"type": "authentication_error", "code": "authentication_failed", "detail": detail, "attr": None}


def test_projects_list_paginates_with_limit_and_offset(http: ContractClient, target: Target) -> None:
    body = http.get("/api/projects/", params={"limit": 1}).json()
    assert len(body["results"]) == 1 and body["previous"] is None
    assert (body["next"] is None) == (body["count"] <= 1)


def test_current_project_alias(http: ContractClient, target: Target) -> None:
    response = http.post("/api/projects/@current/query/", json=SELECT_1)
    assert (response.status_code, response.json()["results"]) == (200, [[1]])


@pytest.mark.parametrize("project", ["999999999", "not-a-number"])
def test_unknown_project_is_not_found(http: ContractClient, project: str, record_property: Record) -> None:
    response = http.post(f"/api/projects/{project}/query/", json=SELECT_1)
    record_property(f"project {project}", response.status_code)
    # PostHog answers 404 for a project that does not exist, 403 for one that exists in another organization.
    assert response.status_code in (403, 404)
    if response.status_code == 404:
        assert response.json() == {"type": "invalid_request", "code": "not_found", "detail": "Project not found.",
                                   "attr": None}  # fmt: skip


def test_unknown_api_route_is_not_found(http: ContractClient) -> None:
    response = http.get("/api/no_such_route_for_hogmock/")
    assert response.status_code == 404
    assert response.json() == {"type": "invalid_request", "code": "not_found", "detail": "Endpoint not found.",
                               "attr": None}  # fmt: skip


def test_invalid_key_in_body(anonymous: ContractClient, target: Target, record_property: Record) -> None:
    body = {**SELECT_1, "personal_api_key": "phx_not_a_real_key_0000000000000000000000000"}
    response = anonymous.post(f"/api/projects/{target.project_id}/query/", json=body)
    record_property("invalid body key status", response.status_code)
    assert (response.status_code in (401, 403), response.json()) == (True, auth_failed("body"))


def test_invalid_key_in_query_string(anonymous: ContractClient, target: Target, record_property: Record) -> None:
    params = {"personal_api_key": "phx_not_a_real_key_0000000000000000000000000"}
    response = anonymous.post(f"/api/projects/{target.project_id}/query/", json=SELECT_1, params=params)
    record_property("invalid query-string key status", response.status_code)
    assert (response.status_code in (401, 403), response.json()) == (True, auth_failed("query string"))


def test_project_key_is_not_a_personal_key(
    anonymous: ContractClient, http: ContractClient, target: Target, record_property: Record
) -> None:
    project = next(p for p in http.get("/api/projects/").json()["results"] if p["id"] == target.project_id)
    headers = {"Authorization": f"Bearer {project['api_token']}"}
    response = anonymous.post(f"/api/projects/{target.project_id}/query/", json=SELECT_1, headers=headers)
    record_property("phc_ key status", response.status_code)
    assert (response.status_code in (401, 403), response.json()) == (True, auth_failed("Authorization header"))


def test_status_route_needs_credentials(anonymous: ContractClient, target: Target) -> None:
    response = anonymous.get(f"/api/projects/{target.project_id}/query/0123456789abcdef0123456789abcdef/")
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"

"""Routes: trailing slashes without redirects, the environments alias, ``@current``, 404s and 405s, and the
order in which PostHog checks authentication, the project and the method."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.conftest import HTTP_PROJECT_ID

SELECT_1 = {"query": {"kind": "HogQLQuery", "query": "select 1"}}
PROJECT_NOT_FOUND = {"type": "invalid_request", "code": "not_found", "detail": "Project not found.", "attr": None}
ENDPOINT_NOT_FOUND = {
    "type": "invalid_request",
    "code": "not_found",
    "detail": "Endpoint not found.",
    "attr": None,
}


def method_not_allowed(method: str) -> dict[str, object]:
    return {
        "type": "invalid_request",
        "code": "method_not_allowed",
        "detail": f'Method "{method}" not allowed.',
        "attr": None,
    }


@pytest.mark.parametrize("prefix", ["projects", "environments"])
@pytest.mark.parametrize("slash", ["/", ""])
@pytest.mark.parametrize("project", [str(HTTP_PROJECT_ID), "@current"])
def test_query_route_answers_with_and_without_slash(
    http_client: TestClient, api_headers: dict[str, str], prefix: str, slash: str, project: str
) -> None:
    response = http_client.post(
        f"/api/{prefix}/{project}/query{slash}", json=SELECT_1, headers=api_headers, follow_redirects=False
    )
    assert response.status_code == 200
    assert "location" not in response.headers
    assert response.json()["results"] == [[1]]


@pytest.mark.parametrize("path", ["/api/projects/", "/api/projects"])
def test_projects_route_answers_with_and_without_slash(
    http_client: TestClient, api_headers: dict[str, str], path: str
) -> None:
    response = http_client.get(path, headers=api_headers, follow_redirects=False)
    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize("project", ["abc", "1.5", "current", "@me"])
def test_non_integer_project_is_not_found(http_client: TestClient, api_headers: dict[str, str], project: str) -> None:
    response = http_client.post(f"/api/projects/{project}/query/", json=SELECT_1, headers=api_headers)
    assert response.status_code == 404
    assert response.json() == PROJECT_NOT_FOUND


@pytest.mark.parametrize("prefix", ["projects", "environments"])
def test_unknown_project_is_not_found(http_client: TestClient, api_headers: dict[str, str], prefix: str) -> None:
    response = http_client.post(f"/api/{prefix}/999/query/", json=SELECT_1, headers=api_headers)
    assert response.status_code == 404
    assert response.json() == PROJECT_NOT_FOUND


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_other_methods_on_query_are_405(http_client: TestClient, api_headers: dict[str, str], method: str) -> None:
    response = http_client.request(method, f"/api/projects/{HTTP_PROJECT_ID}/query/", headers=api_headers)
    assert response.status_code == 405
    assert response.json() == method_not_allowed(method)
    assert response.headers["allow"] == "POST"


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_other_methods_on_projects_are_405(http_client: TestClient, api_headers: dict[str, str], method: str) -> None:
    response = http_client.request(method, "/api/projects/", headers=api_headers)
    assert response.status_code == 405
    assert response.json() == method_not_allowed(method)
    assert response.headers["allow"] == "GET, HEAD"


def test_head_on_projects_has_no_body(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.head("/api/projects/", headers=api_headers)
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("path", ["/", "/api/", "/api/nothing", "/api/projects/1/no_such_thing/", "/decide/"])
def test_unknown_path_is_404_even_without_credentials(http_client: TestClient, path: str) -> None:
    response = http_client.get(path, follow_redirects=False)
    assert response.status_code == 404
    assert response.json() == ENDPOINT_NOT_FOUND


def test_authentication_comes_before_the_method_check(http_client: TestClient) -> None:
    # DRF authenticates and checks permissions in APIView.initial, before it looks for a handler.
    response = http_client.get(f"/api/projects/{HTTP_PROJECT_ID}/query/")
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"


def test_project_comes_before_the_method_check(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.get("/api/projects/999/query/", headers=api_headers)
    assert response.status_code == 404
    assert response.json() == PROJECT_NOT_FOUND


def test_authentication_comes_before_the_project(http_client: TestClient) -> None:
    response = http_client.post("/api/projects/999/query/", json=SELECT_1)
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"


def test_responses_are_compact_json(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.get("/api/projects/abc/query/", headers=api_headers)
    assert response.headers["content-type"] == "application/json"
    assert response.content == (
        b'{"type":"invalid_request","code":"not_found","detail":"Project not found.","attr":null}'
    )

"""GET /api/projects/: the project fields and DRF's LimitOffsetPagination envelope."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mock_server.backend import Backend
from mock_server.config import DEFAULT_PROJECT_API_TOKEN, Project
from mock_server.data_sources import DataSource
from tests.conftest import HTTP_PROJECT_ID, write_http_dataset


def test_lists_the_project(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.get("/api/projects/", headers=api_headers)
    assert response.status_code == 200
    project = Project(id=HTTP_PROJECT_ID)
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": HTTP_PROJECT_ID,
                "uuid": project.uuid,
                "organization": project.organization,
                "project_id": HTTP_PROJECT_ID,
                "api_token": DEFAULT_PROJECT_API_TOKEN,
                "name": "HTTP test project",
                "completed_snippet_onboarding": True,
                "has_completed_onboarding_for": {"product_analytics": True},
                "ingested_event": True,
                "is_demo": False,
                "timezone": "UTC",
                "access_control": False,
            }
        ],
    }


@pytest.fixture
def five_projects(http_backend: Backend, tmp_path: Path) -> Backend:
    for project_id in (1, 2, 3, 4):
        project: dict[str, object] = {"id": project_id, "name": f"Project {project_id}", "timezone": "UTC"}
        directory = write_http_dataset(tmp_path / f"project-{project_id}", project=project)
        http_backend.replace_data(project_id, DataSource(directory))
    return http_backend


def page(client: TestClient, headers: dict[str, str], query: str) -> dict[str, object]:
    response = client.get(f"/api/projects/{query}", headers=headers)
    assert response.status_code == 200
    body: dict[str, object] = response.json()
    return body


def ids(body: dict[str, object]) -> list[int]:
    return [project["id"] for project in body["results"]]  # type: ignore[attr-defined]


@pytest.mark.usefixtures("five_projects")
def test_first_page(http_client: TestClient, api_headers: dict[str, str]) -> None:
    body = page(http_client, api_headers, "?limit=2")
    assert (body["count"], ids(body)) == (5, [1, 2])
    assert body["next"] == "http://testserver/api/projects/?limit=2&offset=2"
    assert body["previous"] is None


@pytest.mark.usefixtures("five_projects")
def test_middle_page(http_client: TestClient, api_headers: dict[str, str]) -> None:
    body = page(http_client, api_headers, "?offset=3&limit=1&search=x")
    assert ids(body) == [4]
    assert body["next"] == "http://testserver/api/projects/?limit=1&offset=4&search=x"
    assert body["previous"] == "http://testserver/api/projects/?limit=1&offset=2&search=x"


@pytest.mark.usefixtures("five_projects")
def test_second_page_links_back_without_offset(http_client: TestClient, api_headers: dict[str, str]) -> None:
    body = page(http_client, api_headers, "?limit=2&offset=2")
    assert ids(body) == [3, 4]
    assert body["previous"] == "http://testserver/api/projects/?limit=2"


@pytest.mark.usefixtures("five_projects")
def test_last_page(http_client: TestClient, api_headers: dict[str, str]) -> None:
    body = page(http_client, api_headers, "?limit=2&offset=4")
    assert ids(body) == [HTTP_PROJECT_ID]
    assert body["next"] is None


@pytest.mark.usefixtures("five_projects")
@pytest.mark.parametrize("query", ["", "?limit=0", "?limit=-1", "?limit=x", "?offset=y", "?offset=-3"])
def test_bad_or_absent_parameters_fall_back_to_defaults(
    http_client: TestClient, api_headers: dict[str, str], query: str
) -> None:
    body = page(http_client, api_headers, query)
    assert ids(body) == [1, 2, 3, 4, HTTP_PROJECT_ID]
    assert body["next"] is None and body["previous"] is None


@pytest.mark.usefixtures("five_projects")
def test_offset_past_the_end(http_client: TestClient, api_headers: dict[str, str]) -> None:
    body = page(http_client, api_headers, "?offset=10")
    assert ids(body) == []
    assert body["previous"] == "http://testserver/api/projects/?limit=100"


def test_list_shows_only_projects_the_key_may_use(five_projects: Backend, http_client: TestClient) -> None:
    five_projects.grant("phx_limited", [2, 4])
    five_projects.api_keys = five_projects.api_keys | {"phx_limited"}
    body = page(http_client, {"Authorization": "Bearer phx_limited"}, "")
    assert (body["count"], ids(body)) == (2, [2, 4])

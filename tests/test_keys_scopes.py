"""Keys and scopes: the keys file (TOML and JSON), every scope and project refusal in PostHog's words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.testclient import TestClient

from mock_server.api.routing import PROJECT_PARAM, Call, Endpoint, build_routes
from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.config import ProjectSpec, Settings
from mock_server.keys import KeysFileError, load_keys_file, required_scope
from tests.conftest import HTTP_NOW, write_http_dataset

HOGQL = {"query": {"kind": "HogQLQuery", "query": "select 1"}}
KEYS_TOML = """
[[keys]]
key = "phx_reader"
scopes = ["query:read"]

[[keys]]
key = "phx_writer"
scopes = ["query:write"]

[[keys]]
key = "phx_all"
scopes = ["*"]

[[keys]]
key = "phx_insights"
scopes = ["insight:read"]

[[keys]]
key = "phx_project1"
scopes = ["query:read"]
projects = [1]

[[keys]]
key = "phx_legacy1"
projects = [1]

[[keys]]
key = "phx_legacy"
"""


def denied(detail: str) -> dict[str, Any]:
    return {"type": "authentication_error", "code": "permission_denied", "detail": detail, "attr": None}


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    keys = tmp_path / "keys.toml"
    keys.write_text(KEYS_TOML, encoding="utf-8")
    specs = [ProjectSpec(write_http_dataset(tmp_path / f"p{n}"), id=n) for n in (1, 2)]
    return TestClient(create_app(Backend(Settings(projects=specs, now=HTTP_NOW, keys_file=keys))))


def post(client: TestClient, key: str, project: int = 1) -> Any:
    return client.post(f"/api/projects/{project}/query/", json=HOGQL, headers={"Authorization": f"Bearer {key}"})


@pytest.mark.parametrize("key", ["phx_reader", "phx_writer", "phx_all", "phx_legacy", "phx_project1"])
def test_keys_that_may_query(client: TestClient, key: str) -> None:
    assert post(client, key).status_code == 200


def test_missing_scope(client: TestClient) -> None:
    response = post(client, "phx_insights")
    assert response.status_code == 403
    assert response.json() == denied("API key missing required scope 'query:read'")


def test_scoped_key_other_project(client: TestClient) -> None:
    response = post(client, "phx_project1", project=2)
    assert response.status_code == 403
    assert response.json() == denied("API key does not have access to the requested project: ID 2.")


def test_scoped_key_unknown_project_is_404(client: TestClient) -> None:
    response = post(client, "phx_project1", project=3)
    assert (response.status_code, response.json()["detail"]) == (404, "Project not found.")


def test_legacy_key_other_project_is_membership(client: TestClient) -> None:
    response = post(client, "phx_legacy1", project=2)
    assert response.status_code == 403
    assert response.json() == denied("You don't have access to the project.")


def test_projects_list_needs_project_scope_and_is_filtered(client: TestClient) -> None:
    response = client.get("/api/projects/", headers={"Authorization": "Bearer phx_reader"})
    assert response.status_code == 403
    assert response.json() == denied("API key missing required scope 'project:read'")
    listed = client.get("/api/projects/", headers={"Authorization": "Bearer phx_legacy1"}).json()
    assert [project["id"] for project in listed["results"]] == [1]


def test_action_without_scope_mapping(tmp_path: Path) -> None:
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"keys": [{"key": "phx_r", "scopes": ["query:read"]}, {"key": "phx_l"}]}))
    backend = Backend(Settings(data_dir=write_http_dataset(tmp_path / "d"), now=HTTP_NOW, keys_file=keys))

    async def upgrade(call: Call) -> Response:
        return Response("{}", media_type="application/json")

    path = f"/api/projects/{{{PROJECT_PARAM}}}/query/upgrade"
    endpoint = Endpoint(path, {"POST": upgrade}, actions={"POST": "upgrade"})
    client = TestClient(Starlette(routes=build_routes([endpoint], backend)))
    scoped = client.post("/api/projects/7/query/upgrade/", json={}, headers={"Authorization": "Bearer phx_r"})
    assert scoped.status_code == 403
    assert scoped.json() == denied("This action does not support personal API key access")
    legacy = client.post("/api/projects/7/query/upgrade/", json={}, headers={"Authorization": "Bearer phx_l"})
    assert legacy.status_code == 200


def test_cli_api_key_still_works(tmp_path: Path) -> None:
    settings = Settings(data_dir=write_http_dataset(tmp_path / "d"), now=HTTP_NOW, api_keys=["phx_cli"])
    client = TestClient(create_app(Backend(settings)))
    assert post(client, "phx_cli", project=7).status_code == 200


@pytest.mark.parametrize(
    ("scope_object", "action", "scope"),
    [
        ("query", "create", "query:read"),
        ("query", "retrieve", "query:read"),
        ("query", "destroy", "query:read"),
        ("query", "draft_sql", None),
        ("project", "list", "project:read"),
        ("project", "destroy", "project:write"),
    ],
)
def test_required_scopes(scope_object: str, action: str, scope: str | None) -> None:
    assert required_scope(scope_object, action) == scope


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"keys": [{"scopes": []}]}', "keys.json: keys[0]: each entry needs a non-empty string 'key'"),
        ('{"keys": [{"key": "k", "scope": []}]}', "keys.json: keys[0]: unknown field(s): scope"),
        ('{"keys": [{"key": "k", "scopes": "query:read"}]}', "keys.json: keys[0]: 'scopes' must be a list of strings"),
        ('{"keys": [{"key": "k", "projects": ["1"]}]}', "keys.json: keys[0]: 'projects' must be a list of project ids"),
        ('{"key": []}', "keys.json: expected a 'keys' list"),
    ],
)
def test_bad_keys_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "keys.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KeysFileError) as error:
        load_keys_file(path)
    assert str(error.value) == message

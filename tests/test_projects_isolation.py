"""Several projects: each with its own data, timezone and limits; a query never sees another project's rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server import cli
from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.config import DEFAULT_API_KEY, ProjectSpec, Settings, load_projects_file
from mock_server.store import FixtureError
from tests.conftest import HTTP_NOW

HEADERS = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}


def write_project(directory: Path, project_id: int, events: list[str], timezone: str) -> Path:
    directory.mkdir(parents=True)
    rows = [{"event": e, "distinct_id": f"{project_id}-{n}", "timestamp": "2026-11-19T23:30:00Z"} for n, e in
            enumerate(events)]  # fmt: skip
    (directory / "events.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    meta = {"id": project_id, "name": f"P{project_id}", "timezone": timezone}
    (directory / "project.json").write_text(json.dumps(meta), encoding="utf-8")
    return directory


@pytest.fixture
def two_projects(tmp_path: Path) -> tuple[Backend, TestClient]:
    first = write_project(tmp_path / "one", 1, ["signup", "signup", "login"], "UTC")
    second = write_project(tmp_path / "two", 2, ["purchase"], "Asia/Tokyo")
    backend = Backend(Settings(projects=[ProjectSpec(first), ProjectSpec(second)], now=HTTP_NOW))
    return backend, TestClient(create_app(backend))


def query(client: TestClient, project_id: int, hogql: str) -> Any:
    body = {"query": {"kind": "HogQLQuery", "query": hogql}}
    response = client.post(f"/api/projects/{project_id}/query/", json=body, headers=HEADERS)
    assert response.status_code == 200, response.json()
    return response.json()


def test_each_project_sees_only_its_rows(two_projects: tuple[Backend, TestClient]) -> None:
    _, client = two_projects
    first = query(client, 1, "select event, distinct_id from events order by event, distinct_id")
    assert first["results"] == [["login", "1-2"], ["signup", "1-0"], ["signup", "1-1"]]
    assert query(client, 2, "select event, distinct_id from events")["results"] == [["purchase", "2-0"]]
    assert query(client, 2, "select count() from persons")["results"] == [[1]]


def test_team_id_filters_are_no_escape(two_projects: tuple[Backend, TestClient]) -> None:
    _, client = two_projects
    assert query(client, 2, "select count() from events where team_id = 1")["results"] == [[0]]


def test_each_project_has_its_timezone(two_projects: tuple[Backend, TestClient]) -> None:
    _, client = two_projects
    assert query(client, 1, "select toDate(timestamp) from events limit 1")["results"] == [["2026-11-19"]]
    tokyo = query(client, 2, "select toDate(timestamp) from events")
    assert (tokyo["results"], tokyo["timezone"]) == ([["2026-11-20"]], "Asia/Tokyo")


def test_projects_are_listed_and_the_first_is_current(two_projects: tuple[Backend, TestClient]) -> None:
    backend, client = two_projects
    listed = client.get("/api/projects/", headers=HEADERS).json()
    assert [(p["id"], p["timezone"]) for p in listed["results"]] == [(1, "UTC"), (2, "Asia/Tokyo")]
    assert backend.default_project_id == 1
    assert query(client, 1, "select count() from events")["results"] == [[3]]


def test_projects_file_and_cli(tmp_path: Path) -> None:
    write_project(tmp_path / "one", 1, ["a"], "UTC")
    write_project(tmp_path / "two", 2, ["b"], "UTC")
    path = tmp_path / "projects.toml"
    path.write_text(
        '[[projects]]\ndata = "one"\nname = "First"\n\n'
        '[[projects]]\ndata = "two"\nid = 5\ntimezone = "Europe/Berlin"\nrate_limits = "legacy"\n',
        encoding="utf-8",
    )
    assert load_projects_file(path) == [
        ProjectSpec(tmp_path / "one", name="First"),
        ProjectSpec(tmp_path / "two", id=5, timezone="Europe/Berlin", rate_limits="legacy"),
    ]
    settings = cli.settings_from(cli.build_parser().parse_args(["serve", "--projects", str(path)]))
    backend = Backend(settings)
    assert {i: (p.project.name, p.project.timezone) for i, p in backend.projects.items()} == {
        1: ("First", "UTC"),
        5: ("P2", "Europe/Berlin"),
    }
    assert backend.limits.profile(backend.projects[5].project).name == "legacy"
    dirs = cli.settings_from(cli.build_parser().parse_args(["serve", "--project", "a", "--project", "b"]))
    assert dirs.projects == [ProjectSpec(Path("a")), ProjectSpec(Path("b"))]


def test_duplicate_project_ids_are_refused(tmp_path: Path) -> None:
    one = write_project(tmp_path / "one", 1, ["a"], "UTC")
    with pytest.raises(FixtureError, match="same id"):
        Backend(Settings(projects=[ProjectSpec(one), ProjectSpec(one)], now=HTTP_NOW))


def test_unknown_project_profile_is_refused(tmp_path: Path) -> None:
    one = write_project(tmp_path / "one", 1, ["a"], "UTC")
    with pytest.raises(FixtureError, match="unknown rate-limit profile"):
        Backend(Settings(projects=[ProjectSpec(one, rate_limits="fast")], now=HTTP_NOW))

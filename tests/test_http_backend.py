"""The backend behind the HTTP API: what it loads, what overrides it, and what ``reset()`` restores."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.config import DEFAULT_API_KEY, Settings
from mock_server.store import FixtureError
from tests.conftest import HTTP_NOW, HTTP_PROJECT_ID


def test_bundled_dataset_is_rebased_to_the_clock() -> None:
    backend = Backend(Settings(now=HTTP_NOW))
    served = backend.projects[backend.default_project_id]
    newest = served.database.run("select max(timestamp) from events").rows[0][0]
    assert HTTP_NOW.replace(tzinfo=None) - timedelta(days=1) <= newest <= HTTP_NOW.replace(tzinfo=None)


def test_project_json_values(http_backend: Backend) -> None:
    project = http_backend.projects[HTTP_PROJECT_ID].project
    assert (project.id, project.name, project.timezone) == (HTTP_PROJECT_ID, "HTTP test project", "UTC")
    assert http_backend.default_project_id == HTTP_PROJECT_ID


def test_command_line_overrides_project_json(http_settings: Settings) -> None:
    http_settings.project_id, http_settings.timezone = 5, "Asia/Tokyo"
    backend = Backend(http_settings)
    assert list(backend.projects) == [5]
    assert backend.projects[5].project.timezone == "Asia/Tokyo"
    assert backend.projects[5].project.name == "HTTP test project"


def test_timezone_reaches_the_response(http_settings: Settings) -> None:
    http_settings.timezone = "Europe/Berlin"
    client = TestClient(create_app(Backend(http_settings)))
    body = client.post(
        f"/api/projects/{HTTP_PROJECT_ID}/query/",
        json={"query": {"kind": "HogQLQuery", "query": "select timestamp from events order by timestamp limit 1"}},
        headers={"Authorization": f"Bearer {DEFAULT_API_KEY}"},
    ).json()
    assert body["timezone"] == "Europe/Berlin"
    assert body["results"] == [["2026-11-19T13:00:00+01:00"]]
    assert body["types"] == [["timestamp", "DateTime64(6, 'Europe/Berlin')"]]


def test_reset_restores_the_clock_and_keys(http_backend: Backend) -> None:
    http_backend.clock.advance(timedelta(hours=3))
    http_backend.grant(DEFAULT_API_KEY, [])
    http_backend.reset()
    assert http_backend.clock.now() == HTTP_NOW
    assert http_backend.may_access(DEFAULT_API_KEY, HTTP_PROJECT_ID)


def test_failed_reset_keeps_serving(http_backend: Backend, http_data_dir: Path) -> None:
    (http_data_dir / "events.jsonl").write_text("not json\n", encoding="utf-8")
    with pytest.raises(FixtureError):
        http_backend.reset()
    assert http_backend.projects[HTTP_PROJECT_ID].database.run("select count(*) from events").rows == [(150,)]

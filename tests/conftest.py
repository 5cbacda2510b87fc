"""Shared pytest fixtures. Add fixtures; do not rewrite others' (several developers share this file)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.config import DEFAULT_API_KEY, Settings
from mock_server.store import Database, build_database, load_directory
from tests.hogql_data import NOW, write_dataset

# --- HTTP API (tests/test_http_*.py) -------------------------------------------------------------------------

HTTP_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
HTTP_PROJECT_ID = 7
HTTP_EVENT_COUNT = 150  # more than PostHog's default page of 100, so hasMore shows


def write_http_dataset(directory: Path, *, project: dict[str, object] | None = None) -> Path:
    """A small data directory: ``HTTP_EVENT_COUNT`` pageviews, one a minute before ``HTTP_NOW``."""
    directory.mkdir(parents=True, exist_ok=True)
    start = HTTP_NOW - timedelta(days=1)
    lines = [
        json.dumps(
            {
                "event": "$pageview",
                "distinct_id": f"user-{n % 3}",
                "timestamp": (start + timedelta(minutes=n)).isoformat(),
                "properties": {"$browser": "Firefox" if n % 2 else "Chrome", "n": n},
            }
        )
        for n in range(HTTP_EVENT_COUNT)
    ]
    (directory / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    default_project = {"id": HTTP_PROJECT_ID, "name": "HTTP test project", "timezone": "UTC"}
    (directory / "project.json").write_text(json.dumps(project or default_project), encoding="utf-8")
    return directory


@pytest.fixture
def http_data_dir(tmp_path: Path) -> Path:
    return write_http_dataset(tmp_path / "data")


@pytest.fixture
def http_settings(http_data_dir: Path) -> Settings:
    return Settings(data_dir=http_data_dir, now=HTTP_NOW)


@pytest.fixture
def http_backend(http_settings: Settings) -> Iterator[Backend]:
    backend = Backend(http_settings)
    yield backend
    backend.close()  # the job pool's threads, the databases and any temporary data directories


@pytest.fixture
def http_client(http_backend: Backend) -> Iterator[TestClient]:
    with TestClient(create_app(http_backend)) as client:
        yield client


@pytest.fixture
def api_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {DEFAULT_API_KEY}"}


# --- HogQL translator (tests/test_hogql_*.py) -----------------------------------------------------------------


@pytest.fixture(scope="session")
def hogql_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The tiny dataset of ``tests/hogql_data.py``, loaded once for every translator test."""
    directory = write_dataset(tmp_path_factory.mktemp("hogql") / "data")
    database = build_database(load_directory(directory, now=NOW), team_id=1)
    yield database
    database.close()

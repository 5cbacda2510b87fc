"""The ``hogmock`` command: arguments, the startup lines, a bad data directory, and a real server start."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from mock_server import cli
from mock_server.config import DEFAULT_API_KEY, Settings
from tests.conftest import HTTP_NOW, HTTP_PROJECT_ID

REPO = Path(__file__).resolve().parent.parent


def test_defaults() -> None:
    settings = cli.settings_from(cli.build_parser().parse_args(["serve"]))
    assert settings == Settings()
    assert settings.api_keys == [DEFAULT_API_KEY]


def test_every_option(tmp_path: Path) -> None:
    args = cli.build_parser().parse_args(
        [
            "serve", "--host", "0.0.0.0", "--port", "9001", "--data", str(tmp_path),
            "--now", "2026-11-20T12:00:00Z", "--api-key", "phx_a", "--api-key", "phx_b",
            "--project-id", "42", "--timezone", "Europe/Berlin", "--auth-failure-status", "401",
        ]
    )  # fmt: skip
    assert cli.settings_from(args) == Settings(
        host="0.0.0.0",
        port=9001,
        data_dir=tmp_path,
        now=datetime(2026, 11, 20, 12, 0, tzinfo=UTC),
        api_keys=["phx_a", "phx_b"],
        project_id=42,
        timezone="Europe/Berlin",
        auth_failure_status=401,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--timezone", "Mars/Olympus"],
        ["serve", "--now", "yesterday"],
        ["serve", "--auth-failure-status", "500"],
        ["serve", "--port", "http"],
        [],
    ],
)
def test_bad_arguments_exit_with_usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    assert "usage: hogmock" in capsys.readouterr().err


def test_serve_prints_how_to_reach_it_and_runs_uvicorn(
    http_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append((app, kwargs)))
    argv = ["serve", "--data", str(http_data_dir), "--port", "8123", "--api-key", "phx_test", "--now", "2026-11-20"]
    assert cli.main(argv) == 0
    ((app, kwargs),) = calls
    assert isinstance(app, Starlette)
    assert kwargs == {"host": "127.0.0.1", "port": 8123, "log_level": "info", "proxy_headers": False}
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "hogmock: PostHog Query API at http://127.0.0.1:8123"
    assert f"project {HTTP_PROJECT_ID} (HTTP test project), timezone UTC" in out
    assert "clock frozen at 2026-11-20T00:00:00+00:00" in out
    assert "personal API key: phx_test" in out


def test_overrides_reach_the_project(
    http_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: None)
    cli.main(["serve", "--data", str(http_data_dir), "--project-id", "99", "--timezone", "America/New_York"])
    assert "project 99 (HTTP test project), timezone America/New_York" in capsys.readouterr().out


def test_bad_data_directory_exits_with_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: pytest.fail("must not serve"))
    (tmp_path / "events.jsonl").write_text('{"event": "x"}\n', encoding="utf-8")
    assert cli.main(["serve", "--data", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("hogmock: cannot load data: events.jsonl:1: ")
    assert "Traceback" not in err


def test_missing_data_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--data", str(tmp_path / "nope")]) == 1
    assert "not a directory" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for(url: str, headers: dict[str, str], process: subprocess.Popen[str]) -> httpx.Response:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited early"
        try:
            return httpx.get(url, headers=headers, timeout=2)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the server did not answer within 30 s")


def test_real_server_answers_a_query_then_stops(http_data_dir: Path) -> None:
    port = _free_port()
    argv = ["serve", "--port", str(port), "--data", str(http_data_dir), "--now", HTTP_NOW.isoformat()]
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_server", *argv],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        headers = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}
        base = f"http://127.0.0.1:{port}"
        assert _wait_for(f"{base}/api/projects/", headers, process).json()["count"] == 1
        body = {"query": {"kind": "HogQLQuery", "query": "select 1"}}
        response = httpx.post(f"{base}/api/projects/{HTTP_PROJECT_ID}/query", headers=headers, json=body)
        assert response.status_code == 200
        assert json.loads(response.content)["results"] == [[1]]
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert output.startswith(f"hogmock: PostHog Query API at http://127.0.0.1:{port}")

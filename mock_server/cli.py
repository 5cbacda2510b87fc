"""The ``hogmock`` command: ``hogmock serve`` loads the data, prints where and how to reach it, and serves.

Defaults: the bundled dataset, project 1, ``config.DEFAULT_API_KEY``, UTC, the real clock. A data directory
that does not load stops the command with its ``FixtureError`` message (no traceback) and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import uvicorn

from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.clock import parse_instant
from mock_server.config import DEFAULT_API_KEY, Settings
from mock_server.store import FixtureError


def _instant(text: str) -> datetime:
    try:
        return parse_instant(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date-time: {text!r}") from None


def _timezone(text: str) -> str:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(f"unknown time zone: {text!r}") from None
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hogmock", description="An offline stand-in for PostHog's Query API.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the Query API over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--data", type=Path, metavar="DIR", help="data directory (default: the bundled dataset)")
    serve.add_argument("--now", type=_instant, metavar="ISO8601", help="freeze the clock at this instant")
    serve.add_argument(
        "--api-key", action="append", dest="api_keys", metavar="KEY", help="a personal API key to accept"
    )
    serve.add_argument("--project-id", type=int, metavar="N", help="override project.json's id")
    serve.add_argument("--timezone", type=_timezone, metavar="TZ", help="override project.json's timezone")
    serve.add_argument("--auth-failure-status", type=int, choices=(403, 401), default=403)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings(
        host=args.host,
        port=args.port,
        data_dir=args.data,
        now=args.now,
        api_keys=args.api_keys or [DEFAULT_API_KEY],
        project_id=args.project_id,
        timezone=args.timezone,
        auth_failure_status=args.auth_failure_status,
    )


def startup_lines(backend: Backend) -> list[str]:
    """What ``serve`` prints before serving: the URL, the project and the keys it accepts."""
    settings = backend.settings
    project = backend.projects[backend.default_project_id].project
    clock = "frozen at " + backend.clock.now().isoformat() if backend.clock.frozen else "real time"
    return [
        f"hogmock: PostHog Query API at http://{settings.host}:{settings.port}",
        f"  project {project.id} ({project.name}), timezone {project.timezone}, clock {clock}",
        f"  data: {settings.resolved_data_dir}",
        *(f"  personal API key: {key}" for key in sorted(backend.api_keys)),
        f"  try: curl -H 'Authorization: Bearer {sorted(backend.api_keys)[0]}' "
        f"http://{settings.host}:{settings.port}/api/projects/{project.id}/query/ "
        """-H 'Content-Type: application/json' -d '{"query": {"kind": "HogQLQuery", "query": "select 1"}}'""",
    ]


def serve(settings: Settings) -> int:
    try:
        backend = Backend(settings)
    except FixtureError as error:
        print(f"hogmock: cannot load data: {error}", file=sys.stderr)
        return 1
    print("\n".join(startup_lines(backend)), flush=True)
    uvicorn.run(create_app(backend), host=settings.host, port=settings.port, log_level="info")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return serve(settings_from(args))

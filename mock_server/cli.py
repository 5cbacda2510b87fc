"""The ``hogmock`` command: ``hogmock serve`` loads the data, prints where and how to reach it, and serves.

Defaults: the bundled dataset, project 1, ``config.DEFAULT_API_KEY``, UTC, the real clock, the ``current``
rate-limit profile. A data directory, keys, faults or projects file that does not load stops the command with
its message (no traceback) and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import uvicorn

from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.clock import parse_instant
from mock_server.config import DEFAULT_API_KEY, LimitSettings, ProjectSpec, Settings, load_projects_file
from mock_server.faults import FaultError
from mock_server.keys import KeysFileError
from mock_server.limits import PROFILES, RATES, Rate
from mock_server.store import FixtureError

STARTUP_ERRORS = (FixtureError, KeysFileError, FaultError)


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


def _rate_override(text: str) -> tuple[str, str]:
    scope, _, rate = text.partition("=")
    if scope not in RATES:
        raise argparse.ArgumentTypeError(f"unknown throttle scope {scope!r}; one of {', '.join(RATES)}")
    try:
        Rate.parse(rate)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return scope, rate


def _projects_file(text: str) -> list[ProjectSpec]:
    try:
        return load_projects_file(Path(text))
    except (OSError, ValueError) as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_limit_options(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--rate-limits", choices=sorted(PROFILES), default="current", help="rate-limit profile")
    serve.add_argument(
        "--rate-limit", type=_rate_override, action="append", dest="rates", metavar="SCOPE=RATE",
        help="override one throttle, e.g. query=600/hour (repeatable)",
    )  # fmt: skip
    serve.add_argument("--max-concurrency", type=int, metavar="N", help="running queries per organization")
    serve.add_argument(
        "--concurrency-wait", type=float, default=30.0, metavar="SECONDS",
        help="how long a query waits for a running-query slot before its 429 (PostHog: 30)",
    )  # fmt: skip


def _add_scene_options(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--keys", type=Path, metavar="FILE", help="keys file (TOML or JSON): scopes and projects")
    serve.add_argument("--faults", type=Path, metavar="FILE", help="fault rules to install at start")
    serve.add_argument(
        "--project", type=Path, action="append", dest="project_dirs", metavar="DIR",
        help="serve this data directory as one more project (repeatable; replaces --data)",
    )  # fmt: skip
    serve.add_argument("--projects", type=_projects_file, metavar="FILE", help="projects file (TOML or JSON)")
    serve.add_argument("--admin-token", metavar="TOKEN", help="lets non-loopback clients use /_hogmock/")
    serve.add_argument("--draft-sql", type=Path, metavar="FILE", help="JSON map of draft_sql prompts to SQL")
    serve.add_argument("--chat-status", type=int, choices=(200, 405), default=200, help="POST query/chat/ answer")


def _specs(args: argparse.Namespace) -> list[ProjectSpec]:
    return [*(args.projects or []), *(ProjectSpec(data_dir=path) for path in args.project_dirs or [])]


def _scene_settings(args: argparse.Namespace) -> dict[str, Any]:
    limits = LimitSettings(
        profile=args.rate_limits,
        rates=dict(args.rates or []),
        concurrency=args.max_concurrency,
        concurrency_wait=args.concurrency_wait,
    )
    return {
        "projects": _specs(args),
        "keys_file": args.keys,
        "limits": limits,
        "faults_file": args.faults,
        "admin_token": args.admin_token,
        "draft_sql_file": args.draft_sql,
        "chat_status": args.chat_status,
    }


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
    _add_async_arguments(serve)
    _add_limit_options(serve)
    _add_scene_options(serve)
    return parser


# Async queries (runner/jobs.py): flag → (Settings field, type, help). Knobs also come per request by header.
ASYNC_FLAGS: dict[str, tuple[str, type, str]] = {
    "--async-workers": ("async_workers", int, "async queries running at once per project (PostHog: 3)"),
    "--max-execution-time": ("max_execution_time", float, "seconds before a query is interrupted (PostHog: 10)"),
    "--queue-delay": ("queue_delay", float, "seconds an async query waits before pickup (X-Hogmock-Queue-Delay)"),
    "--min-duration": ("min_duration", float, "minimum seconds a query runs (X-Hogmock-Min-Duration)"),
    "--transition-polls": ("transition_polls", int, "polls per async state (X-Hogmock-Transition-Polls)"),
    "--cancel-status": ("cancel_status", int, "DELETE query/:id/ status: 200 (PostHog's code) or 204 (its docs)"),
}


def _add_async_arguments(serve: argparse.ArgumentParser) -> None:
    defaults = Settings()
    for flag, (name, kind, text) in ASYNC_FLAGS.items():
        choices = (200, 204) if name == "cancel_status" else None
        serve.add_argument(flag, dest=name, type=kind, choices=choices, default=getattr(defaults, name), help=text)


def _async_settings(args: argparse.Namespace) -> dict[str, Any]:
    return {name: getattr(args, name) for name, _, _ in ASYNC_FLAGS.values()}


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
        **_async_settings(args),
        **_scene_settings(args),
    )


def startup_lines(backend: Backend) -> list[str]:
    """What ``serve`` prints before serving: the URL, the project and the keys it accepts."""
    settings = backend.settings
    project = backend.projects[backend.default_project_id].project
    clock = "frozen at " + backend.clock.now().isoformat() if backend.clock.frozen else "real time"
    keys = sorted(backend.api_keys | set(backend.keys))
    others = [backend.projects[i].project for i in sorted(backend.projects) if i != project.id]
    return [
        f"hogmock: PostHog Query API at http://{settings.host}:{settings.port}",
        *(f"  project {p.id} ({p.name}), timezone {p.timezone}, clock {clock}" for p in [project, *others]),
        *(f"  data: {source.directory}" for source in backend.sources.values()),
        f"  rate limits: {settings.limits.profile}; control API: http://{settings.host}:{settings.port}/_hogmock/",
        *(f"  personal API key: {key}" for key in keys),
        f"  try: curl -H 'Authorization: Bearer {keys[0]}' "
        f"http://{settings.host}:{settings.port}/api/projects/{project.id}/query/ "
        """-H 'Content-Type: application/json' -d '{"query": {"kind": "HogQLQuery", "query": "select 1"}}'""",
    ]


def serve(settings: Settings) -> int:
    try:
        backend = Backend(settings)
    except STARTUP_ERRORS as error:
        print(f"hogmock: cannot load data: {error}", file=sys.stderr)
        return 1
    print("\n".join(startup_lines(backend)), flush=True)
    # No proxy headers: X-Forwarded-For must never make a client look local to the control API.
    uvicorn.run(create_app(backend), host=settings.host, port=settings.port, log_level="info", proxy_headers=False)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return serve(settings_from(args))

"""The contract suite's target: hogmock started in-process on a free port, or a real PostHog host.

The in-process target serves the bundled dataset with a frozen clock, so seeded answers are fixed. A real host is
chosen with ``--posthog-host`` (or ``POSTHOG_HOST``) together with a personal API key and a project id.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import uvicorn

from mock_server.app import app_from_settings
from mock_server.clock import parse_instant
from mock_server.config import DEFAULT_API_KEY, Settings

FROZEN_NOW: datetime = parse_instant("2026-11-20T12:00:00Z")


@dataclass(frozen=True)
class Target:
    """Where the suite sends requests, and whether that is hogmock."""

    base_url: str
    api_key: str
    project_id: int
    is_mock: bool


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def hogmock_server() -> Iterator[Target]:
    """hogmock on a free loopback port, in a background thread, for the duration of the block."""
    port = free_port()
    app = app_from_settings(Settings(port=port, now=FROZEN_NOW))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    _wait_until_started(server)
    try:
        yield Target(f"http://127.0.0.1:{port}", DEFAULT_API_KEY, 1, is_mock=True)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _wait_until_started(server: uvicorn.Server, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("hogmock did not start")
        time.sleep(0.02)

"""The pytest plugin (entry point ``hogmock``): a hogmock per test session, and a ``hogmock`` fixture per test.

Two modes (``--hogmock-mode`` or the ``hogmock_mode`` ini option):

- ``asgi`` (default): the app runs in the test process and requests go through ``httpx.ASGITransport``; no port
  is opened. ``hogmock.client`` is a synchronous ``httpx.Client`` over that transport (driven on a private event
  loop thread) and ``hogmock.async_client()`` an ``httpx.AsyncClient``; ``base_url`` is a placeholder host.
- ``server``: uvicorn serves the app on a free loopback port, so any HTTP client (a PostHog SDK, ``requests``,
  a subprocess) can use ``hogmock.base_url``.

The server and its state (``Backend``) belong to the session, so under pytest-xdist each worker process has its
own. Before each test the fixture resets what earlier tests left behind through the control API
(``/_hogmock/reset``: rate-limit buckets, journal, faults, caches, async queries) and puts the clock back; the
data is reloaded only when a test changed it through the fixture, so the usual reset costs two local requests.
Override the ``hogmock_settings`` fixture to serve other data, another clock or other keys.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Coroutine, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.clock import parse_instant
from mock_server.config import Settings
from mock_server.control import Control, Reply

MODES = ("asgi", "server")
ASGI_BASE_URL = "http://hogmock.test"
# The bundled dataset is stored relative to this instant; frozen there, every seeded answer is fixed.
FROZEN_NOW: datetime = parse_instant("2026-11-20T12:00:00Z")
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _LoopThread:
    """An asyncio event loop on a daemon thread, to run the ASGI app for synchronous callers."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="hogmock-asgi", daemon=True)
        self.thread.start()

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


class SyncASGITransport(httpx.BaseTransport):
    """``httpx.ASGITransport`` for a synchronous ``httpx.Client``: each request runs on the loop thread."""

    def __init__(self, app: Starlette, loop: _LoopThread) -> None:
        self.asgi = httpx.ASGITransport(app=app)
        self.loop = loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        status, headers, content = self.loop.run(self._send(request))
        return httpx.Response(status, headers=headers, content=content, request=request)

    async def _send(self, request: httpx.Request) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        response = await self.asgi.handle_async_request(request)
        content = await response.aread()
        return response.status_code, response.headers.raw, content


@dataclass
class HogmockServer:
    """One running hogmock (per session, per xdist worker) and how to reach it."""

    mode: str
    settings: Settings
    backend: Backend
    app: Starlette
    base_url: str
    _loop: _LoopThread | None = None
    data_changed: bool = False

    @property
    def api_key(self) -> str:
        return self.settings.api_keys[0]

    @property
    def project_id(self) -> int:
        return self.backend.default_project_id

    def client(self, **kwargs: Any) -> httpx.Client:
        """A synchronous client for this server (not authenticated unless ``headers`` say so)."""
        if self._loop is None:
            return httpx.Client(base_url=self.base_url, **kwargs)
        return httpx.Client(base_url=self.base_url, transport=SyncASGITransport(self.app, self._loop), **kwargs)

    def async_client(self, **kwargs: Any) -> httpx.AsyncClient:
        """An asynchronous client: through ``httpx.ASGITransport`` in ``asgi`` mode, over TCP in ``server``."""
        if self.mode == "asgi":
            kwargs["transport"] = httpx.ASGITransport(app=self.app)
        return httpx.AsyncClient(base_url=self.base_url, **kwargs)


@contextmanager
def asgi_server(settings: Settings) -> Iterator[HogmockServer]:
    """hogmock in this process, reached through ``httpx.ASGITransport`` (no port)."""
    backend = Backend(settings)
    loop = _LoopThread()
    try:
        yield HogmockServer("asgi", settings, backend, create_app(backend), ASGI_BASE_URL, loop)
    finally:
        loop.close()
        backend.close()


@contextmanager
def uvicorn_server(settings: Settings) -> Iterator[HogmockServer]:
    """hogmock served by uvicorn on a free loopback port, in a background thread, for the block's duration."""
    port = free_port()
    backend = Backend(settings)
    app = create_app(backend)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", proxy_headers=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="hogmock-uvicorn", daemon=True)
    thread.start()
    _wait_until_started(server, thread)
    try:
        yield HogmockServer("server", settings, backend, app, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        backend.close()


def _wait_until_started(server: uvicorn.Server, thread: threading.Thread, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("hogmock did not start")
        time.sleep(0.01)


SERVERS = {"asgi": asgi_server, "server": uvicorn_server}


# The control API answers only requests naming a loopback host; in asgi mode the base URL's placeholder host is
# not one, so the control client names ``localhost`` (in server mode it is 127.0.0.1 already).
CONTROL_HOST = "localhost"


@dataclass(frozen=True)
class HttpxTransport:
    """The control client's transport over an httpx client (either mode)."""

    client: httpx.Client

    def request(self, method: str, url: str, **kwargs: Any) -> Reply:
        headers = {"Host": CONTROL_HOST, **(kwargs.pop("headers", None) or {})}
        return self.client.request(method, url, headers=headers, **kwargs)


@dataclass
class Hogmock:
    """What a test gets: where hogmock is, an authenticated client, and the control API's helpers."""

    server: HogmockServer
    client: httpx.Client
    control: Control

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def api_key(self) -> str:
        return self.server.api_key

    @property
    def project_id(self) -> int:
        return self.server.project_id

    @property
    def backend(self) -> Backend:
        return self.server.backend

    def query(self, hogql: str, **body: Any) -> httpx.Response:
        """``POST /api/projects/<project>/query/`` with a HogQLQuery (and any other body fields)."""
        request = {"query": {"kind": "HogQLQuery", "query": hogql}, **body}
        return self.client.post(f"/api/projects/{self.project_id}/query/", json=request)

    def load_events(self, events: Sequence[Any], project_id: int | None = None, **tables: Any) -> Any:
        """Replace a project's data with these event rows (``persons=``, ``groups=``, ``project=`` too)."""
        self.server.data_changed = True
        return self.control.load_rows(project_id or self.project_id, events, **tables)

    def append_events(self, events: Sequence[Any], project_id: int | None = None) -> Any:
        self.server.data_changed = True
        return self.control.append_events(project_id or self.project_id, events)

    def set_clock(self, now: str | None) -> Any:
        """Freeze the mock clock at ``now`` (ISO 8601), or let it run with ``None``."""
        return self.control.set_clock(now)

    def advance_clock(self, **units: float) -> Any:
        return self.control.advance(**units)

    def journal(self, **filters: Any) -> list[dict[str, Any]]:
        """The requests hogmock received in this test (filters: method, path, status, since, limit)."""
        return self.control.journal(**filters)

    def add_fault(self, **rule: Any) -> dict[str, Any]:
        return self.control.add_fault(**rule)

    def reset(self) -> None:
        """Forget what requests left behind and restore the clock; reload data only if it was changed."""
        self.control.reset(data=self.server.data_changed)
        self.server.data_changed = False
        now = self.server.settings.now
        self.control.set_clock(now.isoformat() if now else None)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("hogmock")
    group.addoption("--hogmock-mode", choices=MODES, default=None, help="asgi (in-process, no port) or server")
    parser.addini("hogmock_mode", "hogmock plugin mode: asgi or server", default="asgi")


def plugin_mode(config: pytest.Config) -> str:
    mode = config.getoption("--hogmock-mode") or config.getini("hogmock_mode")
    if mode not in MODES:
        raise pytest.UsageError(f"hogmock_mode must be one of {MODES}, not {mode!r}")
    return str(mode)


@pytest.fixture(scope="session")
def hogmock_settings() -> Settings:
    """The served hogmock's settings: the bundled dataset with the clock frozen. Override to change them."""
    return Settings(now=FROZEN_NOW)


@pytest.fixture(scope="session")
def hogmock_server(pytestconfig: pytest.Config, hogmock_settings: Settings) -> Iterator[HogmockServer]:
    """The session's hogmock (each xdist worker starts its own)."""
    with SERVERS[plugin_mode(pytestconfig)](hogmock_settings) as server:
        yield server


@pytest.fixture
def hogmock(hogmock_server: HogmockServer) -> Iterator[Hogmock]:
    """hogmock, reset for this test: ``base_url``, ``api_key``, ``project_id``, ``client`` and helpers."""
    headers = {"Authorization": f"Bearer {hogmock_server.api_key}"}
    with hogmock_server.client(headers=headers, timeout=60) as client:
        handle = Hogmock(hogmock_server, client, Control(HttpxTransport(client)))
        handle.reset()
        yield handle

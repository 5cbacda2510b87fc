"""The contract suite's target: hogmock started in-process on a free port, or a real PostHog host.

The in-process target is the pytest plugin's uvicorn server (``mock_server/pytest_plugin.py``) over the bundled
dataset with a frozen clock, so seeded answers are fixed, and it carries the control API's client for tests
marked ``mock_only``. A real host is chosen with ``--posthog-host`` (or ``POSTHOG_HOST``) together with a
personal API key and a project id.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from mock_server.config import Settings
from mock_server.control import Control
from mock_server.pytest_plugin import FROZEN_NOW, HogmockServer, uvicorn_server


@dataclass(frozen=True)
class Target:
    """Where the suite sends requests, and whether that is hogmock (then ``server`` is it)."""

    base_url: str
    api_key: str
    project_id: int
    is_mock: bool
    server: HogmockServer | None = None

    @property
    def control(self) -> Control:
        """The control API (``mock_only`` tests); a real host has none."""
        assert self.server is not None, "the control API exists only on hogmock"
        return Control.connect(self.base_url)

    @property
    def name(self) -> str:
        return f"hogmock (in-process, {self.base_url})" if self.is_mock else f"PostHog at {self.base_url}"


@contextmanager
def hogmock_server() -> Iterator[Target]:
    """hogmock on a free loopback port, in a background thread, for the duration of the block."""
    with uvicorn_server(Settings(now=FROZEN_NOW)) as server:
        yield Target(server.base_url, server.api_key, server.project_id, is_mock=True, server=server)

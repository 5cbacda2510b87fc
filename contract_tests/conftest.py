"""Contract-suite options and fixtures: the target, a gentle HTTP client, and the ``mock_only`` marker.

By default the suite runs against hogmock started in-process. Against a real PostHog host
(``--posthog-host URL --posthog-api-key KEY --posthog-project-id N``, or the environment variables
``POSTHOG_HOST``, ``POSTHOG_PERSONAL_API_KEY``, ``POSTHOG_PROJECT_ID``) the same tests run, except those marked
``mock_only`` (they need seeded values), which are skipped with that reason.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from contract_tests.target import Target, hogmock_server

OPTIONS = {
    "--posthog-host": "POSTHOG_HOST",
    "--posthog-api-key": "POSTHOG_PERSONAL_API_KEY",
    "--posthog-project-id": "POSTHOG_PROJECT_ID",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("hogmock contract tests")
    for option, variable in OPTIONS.items():
        group.addoption(option, default=os.environ.get(variable), help=f"(or ${variable})")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "mock_only(reason): needs hogmock's seeded data or controls; skipped on a real host"
    )


def _option(config: pytest.Config, name: str) -> str | None:
    value = config.getoption(name)
    return str(value) if value else None


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Iterator[Target]:
    host = _option(pytestconfig, "--posthog-host")
    if host is None:
        with hogmock_server() as served:
            yield served
        return
    key, project = _option(pytestconfig, "--posthog-api-key"), _option(pytestconfig, "--posthog-project-id")
    if key is None or project is None:
        raise pytest.UsageError("--posthog-host needs --posthog-api-key and --posthog-project-id")
    yield Target(host.rstrip("/"), key, int(project), is_mock=False)


@pytest.fixture(autouse=True)
def _skip_mock_only_on_real_host(request: pytest.FixtureRequest, target: Target) -> None:
    marker = request.node.get_closest_marker("mock_only")
    if marker is not None and not target.is_mock:
        pytest.skip(f"real host: {marker.args[0] if marker.args else 'needs hogmock'}")


class GentleClient(httpx.Client):
    """An httpx client that waits out a 429's ``Retry-After`` once before giving up, as a polite client should."""

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        response = super().send(request, **kwargs)
        retry_after = response.headers.get("Retry-After")
        if response.status_code == 429 and retry_after is not None and int(retry_after) <= 60:
            time.sleep(int(retry_after))
            response = super().send(request, **kwargs)
        return response


@pytest.fixture(scope="session")
def http(target: Target) -> Iterator[httpx.Client]:
    """A client for the target, authenticated with its personal API key."""
    headers = {"Authorization": f"Bearer {target.api_key}"}
    with GentleClient(base_url=target.base_url, headers=headers, timeout=60) as client:
        yield client


@pytest.fixture(scope="session")
def anonymous(target: Target) -> Iterator[httpx.Client]:
    """A client for the target without credentials."""
    with GentleClient(base_url=target.base_url, timeout=60) as client:
        yield client

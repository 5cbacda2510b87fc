"""Contract-suite options and fixtures: the target, a gentle validating HTTP client, the ``mock_only`` marker,
and the conformance summary printed at the end of a run.

By default the suite runs against hogmock started in-process. Against a real PostHog host
(``--posthog-host URL --posthog-api-key KEY --posthog-project-id N``, or the environment variables
``POSTHOG_HOST``, ``POSTHOG_PERSONAL_API_KEY``, ``POSTHOG_PROJECT_ID``) the same tests run, except those marked
``mock_only`` (they need seeded values, the control API or fault injection), which are skipped with that reason.
Every response body is checked against PostHog's JSON Schema and hogmock's OpenAPI document (``schemas.py``).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from contract_tests.schemas import (
    DEFAULT_POSTHOG_SCHEMA,
    SCHEMA_VARIABLE,
    Conformance,
    SchemaViolation,
    hogmock_openapi,
    posthog_schema,
)
from contract_tests.target import Target, hogmock_server

OPTIONS = {
    "--posthog-host": "POSTHOG_HOST",
    "--posthog-api-key": "POSTHOG_PERSONAL_API_KEY",
    "--posthog-project-id": "POSTHOG_PROJECT_ID",
    "--posthog-schema": SCHEMA_VARIABLE,
}
# A real host's Retry-After is honoured up to this many seconds; a longer wait fails the request instead.
MAX_RETRY_AFTER = 60
TARGET_KEY = pytest.StashKey[Target]()
CONFORMANCE_KEY = pytest.StashKey[Conformance]()


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
            pytestconfig.stash[TARGET_KEY] = served
            yield served
        return
    key, project = _option(pytestconfig, "--posthog-api-key"), _option(pytestconfig, "--posthog-project-id")
    if key is None or project is None:
        raise pytest.UsageError("--posthog-host needs --posthog-api-key and --posthog-project-id")
    real = Target(host.rstrip("/"), key, int(project), is_mock=False)
    pytestconfig.stash[TARGET_KEY] = real
    yield real


@pytest.fixture(scope="session")
def conformance(pytestconfig: pytest.Config) -> Conformance:
    path = Path(_option(pytestconfig, "--posthog-schema") or DEFAULT_POSTHOG_SCHEMA)
    if not path.is_file():
        raise pytest.UsageError(f"PostHog's JSON Schema is not at {path}; give --posthog-schema or ${SCHEMA_VARIABLE}")
    checked = Conformance(posthog_schema(path), hogmock_openapi())
    pytestconfig.stash[CONFORMANCE_KEY] = checked
    return checked


@pytest.fixture(autouse=True)
def _skip_mock_only_on_real_host(request: pytest.FixtureRequest, target: Target) -> None:
    marker = request.node.get_closest_marker("mock_only")
    if marker is not None and not target.is_mock:
        pytest.skip(f"real host: {marker.args[0] if marker.args else 'needs hogmock'}")


def _json_body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError as error:
        raise SchemaViolation(f"{response.request.method} {response.request.url.path}: not JSON: {error}") from None


def request_kind(request: httpx.Request) -> str | None:
    """The request body's ``query.kind``, which picks the PostHog response definition."""
    try:
        query = json.loads(request.content).get("query") if request.content else None
    except (ValueError, AttributeError):
        return None
    kind = query.get("kind") if isinstance(query, dict) else None
    return kind if isinstance(kind, str) else None


class ContractClient(httpx.Client):
    """An httpx client that checks every response body against both schemas, and waits out a 429's
    ``Retry-After`` once before giving up, as a polite client of a real host should."""

    def __init__(self, conformance: Conformance, sleep: Callable[[float], None] = time.sleep, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.conformance, self.sleep = conformance, sleep

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        response = super().send(request, **kwargs)
        retry_after = response.headers.get("Retry-After")
        if response.status_code == 429 and retry_after is not None and int(retry_after) <= MAX_RETRY_AFTER:
            self.sleep(int(retry_after))
            response = super().send(request, **kwargs)
        self.check(response)
        return response

    def check(self, response: httpx.Response) -> None:
        request = response.request
        status, body = response.status_code, _json_body(response)
        found = self.conformance.check(request.method, request.url.path, status, body, request_kind(request))
        if found:
            raise SchemaViolation("schema violation:\n" + "\n".join(f"  {violation}" for violation in found))


@pytest.fixture(scope="session")
def http(target: Target, conformance: Conformance) -> Iterator[ContractClient]:
    """A client for the target, authenticated with its personal API key."""
    headers = {"Authorization": f"Bearer {target.api_key}"}
    with ContractClient(conformance, base_url=target.base_url, headers=headers, timeout=60) as client:
        yield client


@pytest.fixture(scope="session")
def anonymous(target: Target, conformance: Conformance) -> Iterator[ContractClient]:
    """A client for the target without credentials."""
    with ContractClient(conformance, base_url=target.base_url, timeout=60) as client:
        yield client


@pytest.fixture
def fresh_mock(target: Target) -> Iterator[Target]:
    """The hogmock target with buckets, journal, faults and caches forgotten before and after the test."""
    target.control.reset()
    yield target
    target.control.reset()


def _contract_reports(stats: dict[str, list[Any]], outcome: str) -> list[pytest.TestReport]:
    """This suite's test reports with ``outcome`` (a run may hold other tests too)."""
    reports = [r for r in stats.get(outcome, []) if isinstance(r, pytest.TestReport)]
    return [r for r in reports if "contract_tests" in Path(r.location[0]).parts]


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """The conformance summary: target, tests passed/failed/skipped, bodies checked and schema violations."""
    if TARGET_KEY not in config.stash:
        return
    stats = terminalreporter.stats
    counts = {name: len(_contract_reports(stats, name)) for name in ("passed", "failed", "skipped")}
    failures = [r for r in _contract_reports(stats, "failed") if "SchemaViolation" in r.longreprtext]
    checked = config.stash.get(CONFORMANCE_KEY, None)
    terminalreporter.write_sep("=", "hogmock conformance summary")
    terminalreporter.write_line(f"target: {config.stash[TARGET_KEY].name}")
    terminalreporter.write_line(
        f"tests: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"
    )
    bodies = checked.bodies if checked else 0
    violations = checked.violations if checked else 0
    terminalreporter.write_line(
        f"schema: {bodies} bodies checked against PostHog's JSON Schema and hogmock's OpenAPI; "
        f"{violations} violations in {len(failures)} failing tests"
    )

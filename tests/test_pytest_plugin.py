"""The pytest plugin, run in a throwaway pytest (``pytester``): both modes, the helpers, per-test reset, xdist."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]
# Load the plugin by module; block the entry point so an installed hogmock does not register it twice.
PLUGIN_ARGS = ("-p", "mock_server.pytest_plugin", "-p", "no:hogmock", "-p", "no:cacheprovider")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The throwaway pytest runs in a subprocess; it imports hogmock from this checkout (installed or not)."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))


USER_TESTS = """
def test_three_lines(hogmock):
    response = hogmock.client.post(f"/api/projects/{hogmock.project_id}/query/",
                                   json={"query": {"kind": "HogQLQuery", "query": "select 1"}})
    assert (response.status_code, response.json()["results"]) == (200, [[1]])

def test_helpers_and_journal(hogmock):
    hogmock.load_events([{"event": "signed_up", "distinct_id": "u1", "timestamp": "2026-11-19T10:00:00Z"}])
    assert hogmock.query("select event, count() from events group by event").json()["results"] == [["signed_up", 1]]
    assert hogmock.set_clock("2027-01-01T00:00:00Z")["now"] == "2027-01-01T00:00:00Z"
    assert [entry["status"] for entry in hogmock.journal()] == [200]

def test_reset_between_tests(hogmock):
    # The previous test's data, clock and journal are gone.
    assert hogmock.journal() == []
    assert hogmock.control.clock()["now"] == "2026-11-20T12:00:00Z"
    assert hogmock.query("select count() from events").json()["results"] == [[4182]]

def test_fields(hogmock):
    assert hogmock.api_key.startswith("phx_") and hogmock.project_id == 1 and hogmock.base_url.startswith("http")
"""


@pytest.mark.parametrize("mode", ["asgi", "server"])
def test_both_modes_run_a_users_suite(pytester: pytest.Pytester, mode: str) -> None:
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest_subprocess(*PLUGIN_ARGS, f"--hogmock-mode={mode}")
    result.assert_outcomes(passed=4)


def test_asgi_mode_opens_no_port_and_offers_an_async_client(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_asgi="""
import asyncio

def test_no_port(hogmock):
    assert hogmock.base_url == "http://hogmock.test" and hogmock.server.mode == "asgi"

def test_async_client(hogmock_server):
    async def go():
        async with hogmock_server.async_client() as client:
            return await client.get("/api/schema/")
    assert asyncio.run(go()).status_code == 200
"""
    )
    result = pytester.runpytest_subprocess(*PLUGIN_ARGS)
    result.assert_outcomes(passed=2)


def test_ini_option_and_bad_mode(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nhogmock_mode = server\n")
    pytester.makepyfile(test_ini="def test_mode(hogmock):\n    assert hogmock.server.mode == 'server'\n")
    pytester.runpytest_subprocess(*PLUGIN_ARGS).assert_outcomes(passed=1)
    pytester.makeini("[pytest]\nhogmock_mode = sideways\n")
    pytester.runpytest_subprocess(*PLUGIN_ARGS).assert_outcomes(errors=1)


def test_each_xdist_worker_has_its_own_server(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_workers="""
import pytest

@pytest.mark.parametrize("n", range(4))
def test_own_state(hogmock, n, worker_id):
    hogmock.set_clock(f"2030-01-0{n + 1}T00:00:00Z")
    hogmock.query("select 1")
    assert [e["path"] for e in hogmock.journal()] == [f"/api/projects/{hogmock.project_id}/query/"]
    print("SERVER", worker_id, id(hogmock.backend))
"""
    )
    result = pytester.runpytest_subprocess(*PLUGIN_ARGS, "-n", "2", "--hogmock-mode=server", "-s")
    result.assert_outcomes(passed=4)

"""Session fixtures for the differential suite (one dataset, one hogmock database, one chdb session), and the
terminal summary line ``differential corpus: N/M pass, K known differences``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mock_server.store import Database, Dataset, build_database, load_directory
from tests.differential import dataset
from tests.differential.corpus import BERLIN

TEAM_ID = 1
TALLY: dict[str, str] = {}  # case id → "pass" | "known" | "fail"


@pytest.fixture(scope="session")
def diff_dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    directory = dataset.write(tmp_path_factory.mktemp("differential") / "data")
    return load_directory(Path(directory), now=dataset.NOW)


@pytest.fixture(scope="session")
def diff_db(diff_dataset: Dataset) -> Iterator[Database]:
    database = build_database(diff_dataset, team_id=TEAM_ID)
    yield database
    database.close()


@pytest.fixture(scope="session")
def clickhouse(diff_dataset: Dataset) -> Iterator[object]:
    from tests.differential.clickhouse import ClickHouse  # needs chdb, from the 'diff' extra make test installs

    engine = ClickHouse(diff_dataset, TEAM_ID, ("UTC", BERLIN))
    yield engine
    engine.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLY:
        return
    passed = sum(1 for v in TALLY.values() if v == "pass")
    known = sum(1 for v in TALLY.values() if v == "known")
    line = f"differential corpus: {passed}/{len(TALLY)} pass, {known} known differences"
    terminalreporter.write_sep("-", line)

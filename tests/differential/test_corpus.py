"""The differential corpus: every entry run on hogmock and on real ClickHouse (chdb), results and types compared.

Entries listed in ``known_differences.py`` must still differ (so a fix is noticed); all others must match.
"""

from __future__ import annotations

import pytest

from mock_server.store import Database
from tests.differential import conftest
from tests.differential.corpus import CASES, Case
from tests.differential.known_differences import KNOWN_DIFFERENCES
from tests.differential.runner import compare


def test_corpus_size_and_ids() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) >= 300
    assert len(set(ids)) == len(ids)
    assert set(KNOWN_DIFFERENCES) <= set(ids), set(KNOWN_DIFFERENCES) - set(ids)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_same_as_clickhouse(case: Case, diff_db: Database, clickhouse: object) -> None:
    verdict = compare(diff_db, clickhouse, case)  # type: ignore[arg-type]
    reason = KNOWN_DIFFERENCES.get(case.id)
    if reason is not None:
        conftest.TALLY[case.id] = "known" if not verdict.same else "fail"
        assert not verdict.same, f"{case.id} now matches ClickHouse: remove it from known_differences ({reason})"
        return
    conftest.TALLY[case.id] = "pass" if verdict.same else "fail"
    assert verdict.same, verdict.report()

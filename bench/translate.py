"""Benchmark: HogQL → DuckDB translation time over the differential corpus, and its share of end-to-end time.

For every corpus query hogmock translates, times ``translate`` (median of ``--repeat`` runs) and the DuckDB
execution of its SQL on the bundled dataset (``fixtures/default``); prints the median and p95 translation time
per query and translation's share of translate + execute. Prints figures; asserts nothing.

    .venv/bin/python bench/translate.py [--repeat 20] [--data fixtures/default]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the corpus lives in the tests package

from mock_server.hogql import TranslationContext, translate  # noqa: E402
from mock_server.store import Database, build_database, load_directory  # noqa: E402
from tests.differential.corpus import CASES, Case  # noqa: E402
from tests.differential.dataset import NOW  # noqa: E402


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(case: Case, database: Database, repeat: int) -> tuple[float, float] | None:
    """(translate, execute) median seconds, or None when hogmock cannot translate or run the query."""
    context = TranslationContext(now=NOW, timezone=case.tz)
    try:
        sql = translate(case.hogql, context).sql
        database.run(sql)
    except Exception:  # HogQLError or a DuckDB error: not timed
        return None
    translating = median_seconds(lambda: translate(case.hogql, context), repeat)
    executing = median_seconds(lambda: database.run(sql), max(3, repeat // 4))
    return translating, executing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--data", type=Path, default=ROOT / "fixtures" / "default")
    args = parser.parse_args()
    database = build_database(load_directory(args.data, now=NOW, rebase=True), team_id=1)
    results = [m for case in CASES if (m := measure(case, database, args.repeat)) is not None]
    database.close()
    if not results:
        print("no corpus query translated")
        return
    translations = [t for t, _ in results]
    executions = [e for _, e in results]
    share = sum(translations) / (sum(translations) + sum(executions))
    print(f"corpus queries timed:        {len(results)}/{len(CASES)} (the rest do not translate or run yet)")
    print(f"translate, median per query: {statistics.median(translations) * 1000:.3f} ms")
    print(f"translate, p95 per query:    {percentile(translations, 0.95) * 1000:.3f} ms")
    print(f"execute,   median per query: {statistics.median(executions) * 1000:.3f} ms ({args.data.name} dataset)")
    print(f"translation share of translate + execute: {share:.1%}")


if __name__ == "__main__":
    main()

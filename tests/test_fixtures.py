"""The bundled default dataset: it is what the generator makes, it loads, and its counts are pinned."""

from __future__ import annotations

import runpy
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mock_server.config import DEFAULT_DATA_DIR
from mock_server.store import Database, Dataset, build_database, load_directory

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # the generator's END: rebasing shifts by 0 days


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_directory(DEFAULT_DATA_DIR, now=NOW, rebase=True)


@pytest.fixture(scope="module")
def db(dataset: Dataset) -> Database:
    return build_database(dataset, team_id=1)


def test_committed_fixtures_are_what_the_generator_makes() -> None:
    generate = runpy.run_path(str(ROOT / "scripts" / "make_fixtures.py"))["generate"]
    files = generate()
    assert sorted(files) == sorted(path.name for path in DEFAULT_DATA_DIR.iterdir())
    for name, text in files.items():
        assert (DEFAULT_DATA_DIR / name).read_text(encoding="utf-8") == text, name


def test_fixtures_stay_small() -> None:
    assert sum(path.stat().st_size for path in DEFAULT_DATA_DIR.iterdir()) < 2_000_000


def test_counts(dataset: Dataset, db: Database) -> None:
    assert (len(dataset.events), len(dataset.persons), len(dataset.groups)) == (4182, 225, 7)
    events = """SELECT count(*), count(DISTINCT distinct_id), count(DISTINCT person_id),
                       count(DISTINCT "$session_id"), min(timestamp), max(timestamp) FROM events"""
    assert db.run(events).rows == [
        (4182, 314, 223, 873, datetime(2026, 10, 22, 5, 3, 47, 594000), datetime(2026, 11, 20, 11, 30, 23, 536000))
    ]
    assert db.run("SELECT count(*) FROM person_distinct_ids").rows == [(337,)]
    sessions = "SELECT count(*), sum(pageview_count), sum(autocapture_count), sum(screen_count) FROM sessions"
    assert db.run(sessions).rows == [(873, 2222, 1008, 278)]


def test_event_names(db: Database) -> None:
    assert db.run("SELECT event, count(*) FROM events GROUP BY 1 ORDER BY 1").rows == [
        ("$autocapture", 1008),
        ("$identify", 48),
        ("$pageleave", 537),
        ("$pageview", 2222),
        ("$screen", 278),
        ("purchase", 41),
        ("signed_up", 48),
    ]


def test_persons(db: Database) -> None:
    # 180 person rows (identified, with email and plan) and 45 persons the loader created for anonymous ids.
    persons = "SELECT count(*), count(*) FILTER (WHERE is_identified), count(*) FILTER (WHERE properties = '{}')"
    assert db.run(persons + " FROM persons").rows == [(225, 180, 45)]
    plans = "SELECT properties ->> '$.plan', count(*) FROM persons GROUP BY 1 ORDER BY 1"
    assert db.run(plans).rows == [("enterprise", 42), ("free", 72), ("pro", 66), (None, 45)]
    staff = "SELECT count(*) FROM persons WHERE properties ->> '$.email' LIKE '%@posthog.com'"
    assert db.run(staff).rows == [(8,)]
    two_ids = "SELECT count(*) FROM (SELECT person_id FROM person_distinct_ids GROUP BY 1 HAVING count(*) = 2)"
    assert db.run(two_ids).rows == [(112,)]


def test_groups(dataset: Dataset, db: Database) -> None:
    assert dataset.group_types == {"company": 0, "project": 1}
    assert db.run('SELECT "$group_0", count(*) FROM events GROUP BY 1 ORDER BY 1').rows == [
        ("", 3132),
        ("acme", 351),
        ("globex", 302),
        ("initech", 75),
        ("umbrella", 322),
    ]
    assert db.run('SELECT "index", key FROM groups ORDER BY 1, 2').rows == [
        (0, "acme"), (0, "globex"), (0, "initech"), (0, "umbrella"),
        (1, "acme-mobile"), (1, "acme-web"), (1, "globex-main"),
    ]  # fmt: skip


def test_property_kinds(db: Database) -> None:
    browsers = "SELECT properties ->> '$.\"$browser\"', count(*) FROM events GROUP BY 1 ORDER BY 1"
    assert db.run(browsers).rows == [("Chrome", 2171), ("Edge", 359), ("Firefox", 422), ("Safari", 946), (None, 284)]
    explicit_null = "SELECT count(*) FROM events WHERE json_extract(properties, '$.\"$referring_domain\"') = 'null'"
    assert db.run(explicit_null).rows == [(16,)]
    assert db.run("SELECT count(*) FROM events WHERE properties ->> '$.utm_source' = ''").rows == [(1,)]
    purchases = """SELECT sum((properties ->> '$.price')::DOUBLE), count(*) FILTER (WHERE properties ->> '$.coupon'),
                          sum((properties ->> '$.cart.items')::INT),
                          count(*) FILTER (WHERE json_array_length(properties, '$.tags') > 0)
                   FROM events WHERE event = 'purchase'"""
    assert db.run(purchases).rows == [(5845.0, 7, 81, 28)]


def test_project(dataset: Dataset) -> None:
    assert dataset.project == {"id": 1, "name": "Default project", "timezone": "UTC", "week_start_day": 0}


def test_rebase_follows_the_clock() -> None:
    later = load_directory(DEFAULT_DATA_DIR, now=datetime(2026, 12, 1, 9, 0, tzinfo=UTC), rebase=True)
    # The newest event (2026-11-20 11:30) is 10 days 21.5 hours before: everything moves 10 days.
    assert max(event.timestamp for event in later.events) == datetime(2026, 11, 30, 11, 30, 23, 536000)

"""A tiny dataset, in fixtures.md form, shared by the translator tests (four events, two persons), and ``run``.

Translator tests use the session-scoped ``hogql_db`` fixture (``tests/conftest.py``) and ``run``: HogQL in,
(columns, ClickHouse types, DuckDB rows) out.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mock_server.hogql import TranslationContext, translate
from mock_server.store import Database

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
P1 = "11111111-1111-4111-8111-111111111111"
P2 = "22222222-2222-4222-8222-222222222222"
P3 = str(uuid.uuid5(uuid.NAMESPACE_URL, "d3"))  # created by the loader for a distinct id without a person

EVENTS = [
    {
        "event": "$pageview",
        "distinct_id": "d1",
        "timestamp": "2026-11-18T10:00:00Z",
        "uuid": "00000000-0000-4000-8000-000000000001",
        "properties": {
            "$browser": "Chrome",
            "$current_url": "https://www.example.com:8080/blog/a?utm_source=google&x=1#top",
            "price": 10.5,
            "coupon": True,
            "cart": {"items": 2},
            "tags": ["a", "b"],
            "$session_id": "s1",
        },
    },
    {
        "event": "$pageview",
        "distinct_id": "d1",
        "timestamp": "2026-11-18T10:05:00.250000Z",
        "uuid": "00000000-0000-4000-8000-000000000002",
        "properties": {
            "$browser": "Chrome",
            "$current_url": "https://example.com/pricing",
            "$session_id": "s1",
        },
    },
    {
        "event": "purchase",
        "distinct_id": "d2",
        "timestamp": "2026-11-19T09:00:00Z",
        "uuid": "00000000-0000-4000-8000-000000000003",
        "properties": {"$browser": "Safari", "price": 99, "coupon": False, "empty": "", "nothing": None},
    },
    {
        "event": "$pageleave",
        "distinct_id": "d3",
        "timestamp": "2026-11-20T08:00:00Z",
        "uuid": "00000000-0000-4000-8000-000000000004",
    },
]

PERSONS = [
    {
        "id": P1,
        "distinct_ids": ["d1"],
        "properties": {"email": "a@x.com", "plan": "pro"},
        "is_identified": True,
    },
    {"id": P2, "distinct_ids": ["d2"], "properties": {"email": "b@y.com"}},
]


def write_dataset(directory: Path) -> Path:
    """Write the dataset as JSON Lines into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in (("events", EVENTS), ("persons", PERSONS)):
        lines = "".join(json.dumps(row) + "\n" for row in rows)
        (directory / f"{name}.jsonl").write_text(lines)
    return directory


def run(database: Database, query: str, **context: Any) -> tuple[list[str], list[str], list[tuple[Any, ...]]]:
    """Translate ``query`` at ``NOW`` (plus any ``TranslationContext`` fields) and run it on ``database``."""
    # The database's property definitions type properties, as a served project's do (runner/hogql_query.py).
    context = {"property_definitions": database.property_definitions, **context}
    translation = translate(query, TranslationContext(now=NOW, **context))
    return translation.columns, translation.types, database.run(translation.sql).rows

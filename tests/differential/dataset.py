"""The differential suite's dataset: a few hundred events, persons and groups, generated deterministically.

Owns the fixed clock (``NOW``) and the generator. Properties cover every JSON kind (strings, integers,
floats, booleans, nested objects, arrays, null, empty strings, unicode, escaped quotes, numeric strings), and
timestamps straddle both 2026 daylight-saving changes in Europe/Berlin (29 March and 25 October), so the
team-timezone cases see days with 23 and 25 hours. The same rows feed hogmock (``load_directory``) and
ClickHouse (``clickhouse.py`` inserts the rows hogmock derived, so uuids and person ids agree).
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SEED = 20261120

BROWSERS = ["Chrome", "Safari", "Firefox", "Edge", None]
EVENTS = ["$pageview", "$pageview", "$pageview", "$autocapture", "purchase", "signup", "$pageleave", "ünïcødé ✓"]
PATHS = ["/", "/blog/a", "/pricing", "/docs/x/y", "/b%C3%A9"]
HOSTS = ["https://www.example.com", "http://example.com:8080", "https://app.posthog.com", "https://sub.a.example.co.uk"]
NAMES = ["Zoë", "中文名", "emoji 🎉", "plain", "O'Brien", 'say "hi"', "", "back\\slash"]
PLANS = ["free", "pro", "enterprise", None]
COMPANIES = ["c1", "c2", "c3", "c4"]

# Windows of activity: around both Berlin DST switches, and the last days before NOW.
WINDOWS = [
    (datetime(2026, 3, 27, tzinfo=UTC), 4 * 24),
    (datetime(2026, 10, 23, tzinfo=UTC), 4 * 24),
    (datetime(2026, 11, 15, tzinfo=UTC), 5 * 24),
]
EVENT_COUNT = 360
PERSON_COUNT = 24
DISTINCT_IDS = 30  # the last six have no person row: the loader creates them


def _timestamp(rng: random.Random) -> datetime:
    start, hours = rng.choice(WINDOWS)
    seconds = rng.randrange(hours * 3600)
    micros = rng.choice([0, 0, 0, 250_000, 123_456])
    return start + timedelta(seconds=seconds, microseconds=micros)


def _url(rng: random.Random) -> str:
    query = rng.choice(["", "?utm_source=google&x=1", "?utm_source=news&utm_campaign=fall", "?q=a%20b#frag"])
    return rng.choice(HOSTS) + rng.choice(PATHS) + query


def _optional(rng: random.Random, properties: dict[str, Any], key: str, value: Any, chance: float) -> None:
    if rng.random() < chance:
        properties[key] = value


def _event_properties(rng: random.Random, index: int) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    _optional(rng, properties, "$browser", rng.choice(BROWSERS), 0.9)
    _optional(rng, properties, "$current_url", _url(rng), 0.85)
    _optional(rng, properties, "$session_id", f"s{index // 6 % 40}", 0.8)
    _optional(rng, properties, "price", rng.choice([0, 1, 10.5, 99, 1e3, -2.25, 1.5, 3]), 0.6)
    _optional(rng, properties, "qty", rng.randrange(-3, 12), 0.7)
    _optional(rng, properties, "coupon", rng.choice([True, False]), 0.5)
    _optional(rng, properties, "empty", "", 0.3)
    _optional(rng, properties, "nothing", None, 0.3)
    _optional(rng, properties, "name", rng.choice(NAMES), 0.5)
    _optional(rng, properties, "num_str", rng.choice(["42", "3.9", "abc", "-7", "0"]), 0.4)
    _optional(rng, properties, "tags", rng.sample(["a", "b", "c", "d"], rng.randrange(0, 4)), 0.5)
    _optional(rng, properties, "cart", {"items": rng.randrange(0, 5), "total": rng.choice([9.99, 20, 0])}, 0.4)
    _optional(rng, properties, "deep", {"a": {"b": {"c": rng.choice(["x", "y", 1, None])}}}, 0.25)
    _optional(rng, properties, "$groups", {"company": rng.choice(COMPANIES)}, 0.5)
    _optional(rng, properties, "when", rng.choice(["2026-03-29T01:30:00Z", "2026-10-25 02:30:00", "bad"]), 0.2)
    return properties


def _person(rng: random.Random, index: int) -> dict[str, Any]:
    properties: dict[str, Any] = {"email": f"user{index}@{rng.choice(['x.com', 'y.org', 'ü.de'])}"}
    _optional(rng, properties, "plan", rng.choice(PLANS), 0.8)
    _optional(rng, properties, "age", rng.randrange(18, 80), 0.7)
    _optional(rng, properties, "is_paid", rng.choice([True, False]), 0.6)
    _optional(rng, properties, "name", rng.choice(NAMES), 0.5)
    _optional(rng, properties, "address", {"city": rng.choice(["Berlin", "Köln", "NYC"]), "zip": "10115"}, 0.4)
    return {
        "id": f"{index + 1:08x}-0000-4000-8000-{index + 1:012x}",
        "distinct_ids": [f"user{index}", f"user{index}-alt"] if index % 5 == 0 else [f"user{index}"],
        "properties": properties,
        "is_identified": index % 3 == 0,
        "created_at": (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=index * 7, hours=index)).isoformat(),
    }


def _event(rng: random.Random, index: int) -> dict[str, Any]:
    number = rng.randrange(DISTINCT_IDS)
    alt = number < PERSON_COUNT and number % 5 == 0 and rng.random() < 0.3
    distinct_id = f"user{number}-alt" if alt else f"user{number}"
    return {
        "event": rng.choice(EVENTS),
        "distinct_id": distinct_id,
        "timestamp": _timestamp(rng).isoformat(),
        "uuid": f"00000000-0000-4000-8000-{index + 1:012x}",
        "properties": _event_properties(rng, index),
        "elements_chain": rng.choice(["", 'a.btn:attr__href="/x"nth-child="1";div.main', 'button:text="Buy"']),
    }


def _group(index: int) -> dict[str, Any]:
    return {
        "group_type": "company",
        "group_type_index": 0,
        "group_key": COMPANIES[index],
        "properties": {"name": f"Company {index}", "employees": index * 10, "industry": ["tech", None][index % 2]},
        "created_at": datetime(2026, 2, 1 + index, tzinfo=UTC).isoformat(),
    }


def generate() -> dict[str, list[dict[str, Any]]]:
    """The whole dataset as rows per table, the same on every call."""
    rng = random.Random(SEED)
    persons = [_person(rng, index) for index in range(PERSON_COUNT)]
    events = [_event(rng, index) for index in range(EVENT_COUNT)]
    return {"events": events, "persons": persons, "groups": [_group(index) for index in range(len(COMPANIES))]}


def write(directory: Path) -> Path:
    """Write the dataset as JSON Lines (fixtures.md form) into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in generate().items():
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        (directory / f"{name}.jsonl").write_text(text, encoding="utf-8")
    return directory

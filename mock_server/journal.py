"""The request journal: what each client sent to the PostHog routes and what it got back, for tests to assert on.

Each entry holds the method, path, query string, headers, JSON body, status and timing of one request. Personal
API keys are masked wherever a client can send one (PostHog's three places: the ``Authorization`` header, the
body's ``personal_api_key`` and the query string's), so the journal never hands a full key back. Control-API
requests (``/_hogmock/…``) are not journaled. The journal keeps the newest ``capacity`` entries.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

KEY_FIELD = "personal_api_key"
MASKED_HEADERS = frozenset({"authorization", "cookie", "x-hogmock-admin-token"})
DEFAULT_CAPACITY = 10_000


def mask(value: str) -> str:
    """A secret shortened to its first and last four characters, as PostHog shows key values."""
    return f"{value[:4]}…{value[-4:]}" if len(value) > 12 else "…"


def mask_header(name: str, value: str) -> str:
    if name.lower() not in MASKED_HEADERS:
        return value
    scheme, _, token = value.partition(" ")
    return f"{scheme} {mask(token.strip())}" if token else mask(value)


def mask_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(k, mask(v) if k == KEY_FIELD else v) for k, v in pairs])


def masked_body(data: Any) -> Any:
    """The request's JSON body (``RequestBody.json``: parsed once, by the API's strict parser) with any body key
    masked."""
    if isinstance(data, dict) and isinstance(data.get(KEY_FIELD), str):
        data = {**data, KEY_FIELD: mask(data[KEY_FIELD])}
    return data


@dataclass(frozen=True)
class JournalEntry:
    """One request and its outcome. ``status`` is ``None`` when a fault dropped the connection."""

    id: int
    time: str
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: Any
    status: int | None
    duration_ms: float

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": self.time,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "body": self.body,
            "status": self.status,
            "duration_ms": self.duration_ms,
        }


@dataclass(frozen=True)
class JournalFilter:
    """Which entries to list: exact method and status, a path prefix, entries after ``since``, the last
    ``limit``."""

    method: str | None = None
    path: str | None = None
    status: int | None = None
    since: int = 0
    limit: int | None = None

    def matches(self, entry: JournalEntry) -> bool:
        return (
            entry.id > self.since
            and (self.method is None or entry.method == self.method.upper())
            and (self.path is None or entry.path.startswith(self.path))
            and (self.status is None or entry.status == self.status)
        )


class Journal:
    """The newest requests, oldest first."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self._lock = threading.Lock()
        self._entries: deque[JournalEntry] = deque(maxlen=capacity)
        self._next_id = 1

    def record(self, *, time: str, method: str, path: str, query: str, headers: Mapping[str, str], body: Any,
               status: int | None, duration_ms: float) -> JournalEntry:  # fmt: skip
        masked = {name: mask_header(name, value) for name, value in headers.items()}
        with self._lock:
            entry = JournalEntry(
                self._next_id, time, method, path, mask_query(query), masked, masked_body(body), status,
                round(duration_ms, 3),
            )  # fmt: skip
            self._entries.append(entry)
            self._next_id += 1
        return entry

    def entries(self, selection: JournalFilter | None = None) -> list[JournalEntry]:
        selection = selection or JournalFilter()
        with self._lock:
            chosen = [entry for entry in self._entries if selection.matches(entry)]
        return chosen[-selection.limit :] if selection.limit else chosen

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

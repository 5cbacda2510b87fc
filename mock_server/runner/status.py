"""Async query statuses: the ``QueryStatus`` record, the clock it is stamped with, and the store with its TTL.

PostHog keeps one ``QueryStatus`` per ``(team, query id)`` in Redis under ``query_async:{team}:{id}``
(``QueryStatusManager``, ``posthog/clickhouse/client/execute_async.py``). Every store sets ``expiration_time`` to
now + ``STATUS_TTL_SECONDS`` (20 minutes) and the key expires then, so an unknown or expired id reads as
``QueryNotFoundError``: ``404 Query <id> not found for team <team>``.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from typing import Any

from mock_server.clock import Clock
from mock_server.errors import NotFound

STATUS_TTL = timedelta(minutes=20)
PROGRESS_KEYS = ("active_cpu_time", "bytes_read", "estimated_rows_total", "rows_read", "time_elapsed")


class StatusClock:
    """The time statuses are stamped with. With the real clock, real time. With a frozen clock (``--now``), the
    frozen instant plus the real time elapsed since start, so that ``start_time`` < ``pickup_time`` <
    ``end_time`` show real durations next to ``last_refresh``; advancing the frozen clock advances this one."""

    def __init__(self, clock_source: Callable[[], Clock]) -> None:
        self._clock_source = clock_source
        self._origin = time.monotonic()

    def restart(self) -> None:
        """Count real time from now again: a reset puts the frozen clock back, so elapsed time starts over."""
        self._origin = time.monotonic()

    def now(self) -> datetime:
        clock = self._clock_source()
        elapsed = timedelta(seconds=time.monotonic() - self._origin) if clock.frozen else timedelta()
        return clock.now() + elapsed


@dataclass
class QueryStatus:
    """``QueryStatus`` of ``frontend/src/queries/schema.json``; ``query_async`` is always true."""

    id: str
    team_id: int
    complete: bool = False
    error: bool = False
    error_message: str | None = None
    results: Any = None
    start_time: datetime | None = None
    pickup_time: datetime | None = None
    end_time: datetime | None = None
    expiration_time: datetime | None = None
    task_id: str | None = None
    query_progress: dict[str, int] | None = None
    dashboard_id: int | None = None
    insight_id: int | None = None
    labels: list[str] | None = None
    query_async: bool = field(default=True, init=False)

    def to_dict(self) -> dict[str, Any]:
        """The pydantic model dumped whole, keys in the schema's (ASCII) order."""
        return dict(sorted((item.name, getattr(self, item.name)) for item in fields(self)))

    def copy(self) -> QueryStatus:
        return replace(self)


def new_query_id() -> str:
    """``uuid7().hex`` (``posthog/models/utils.py``): 32 lowercase hex digits, the first 12 the Unix time in ms,
    version 7, RFC 4122 variant, the rest random."""
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # variant
    return f"{value:032x}"


def not_found(query_id: str, team_id: int) -> NotFound:
    # QueryNotFoundError(NotFound) in execute_async.py, rendered by exceptions_hog.
    return NotFound(f"Query {query_id} not found for team {team_id}")


class StatusStore:
    """Statuses by ``(team, id)``, each gone ``STATUS_TTL`` after it was last stored. Hands out copies."""

    def __init__(self, clock: StatusClock) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._items: dict[tuple[int, str], QueryStatus] = {}

    def put(self, status: QueryStatus, now: datetime | None = None) -> QueryStatus:
        """Store ``status`` with a fresh expiration time; returns the stored copy."""
        stored = replace(status, expiration_time=(now or self.clock.now()) + STATUS_TTL)
        with self._lock:
            self._items[(stored.team_id, stored.id)] = stored
        return stored.copy()

    def get(self, team_id: int, query_id: str) -> QueryStatus | None:
        now = self.clock.now()
        with self._lock:
            status = self._items.get((team_id, query_id))
            if status is not None and status.expiration_time is not None and status.expiration_time <= now:
                del self._items[(team_id, query_id)]
                return None
        return None if status is None else status.copy()

    def require(self, team_id: int, query_id: str) -> QueryStatus:
        status = self.get(team_id, query_id)
        if status is None:
            raise not_found(query_id, team_id)
        return status

    def update(self, team_id: int, query_id: str, **changes: Any) -> QueryStatus | None:
        """Apply ``changes`` to a stored status and store it again, atomically; None if it is gone (cancelled or
        expired), so a worker finishing after a DELETE never brings a status back."""
        now = self.clock.now()
        with self._lock:
            status = self._items.get((team_id, query_id))
            if status is None or (status.expiration_time is not None and status.expiration_time <= now):
                return None
            stored = replace(status, **changes, expiration_time=now + STATUS_TTL)
            self._items[(team_id, query_id)] = stored
        return stored.copy()

    def delete(self, team_id: int, query_id: str) -> None:
        with self._lock:
            self._items.pop((team_id, query_id), None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

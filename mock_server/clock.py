"""The mock's clock: real time, or a frozen instant that tests can set and advance.

Everything time-dependent reads this clock (``now()`` in HogQL, relative date ranges, response timestamps,
rate-limit windows), so that a frozen clock makes answers reproducible.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 instant; a value without a zone is UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Clock:
    """Returns aware UTC datetimes; frozen when given an instant."""

    def __init__(self, frozen_at: datetime | None = None) -> None:
        self._frozen_at = frozen_at
        self._lock = threading.Lock()

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def now(self) -> datetime:
        with self._lock:
            return self._frozen_at or datetime.now(UTC)

    def set(self, instant: datetime | None) -> None:
        """Freeze at ``instant``, or return to real time with ``None``."""
        with self._lock:
            self._frozen_at = instant

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            base = self._frozen_at or datetime.now(UTC)
            self._frozen_at = base + delta

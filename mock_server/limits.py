"""Rate limits as PostHog applies them to the Query API: throttle classes, their buckets on the mock clock, the
profiles that choose them, and the concurrency limit on running queries.

Throttle selection is ``QueryViewSet.get_throttles`` (``posthog/api/query.py``) and the rates are the classes of
``posthog/rate_limit.py``. Each throttle is DRF's ``SimpleRateThrottle``: a history of request times per
``(scope, ident)``; a request is refused when the window already holds ``rate`` requests, and the wait it
reports is ``(window - age of the oldest) / (free slots + 1)``. DRF asks every throttle and records the request
in each one that allows it, even when another refuses (``APIView.check_throttles``); the 429 carries the
longest wait. The ident is the hashed personal API key (``PersonalApiKeyRateThrottle.get_cache_key``), so
buckets are per key. Windows read the mock clock, so a test advances time instead of sleeping.

Profiles (``--rate-limits``):

- ``current`` (PostHog's documented limits today): every action gets ``APIQueriesBurstThrottle`` 240/minute and
  ``APIQueriesSustainedThrottle`` 2400/hour, at most 3 queries run at once per organization
  (``get_api_personal_rate_limiter`` in ``posthog/clickhouse/client/limit.py``), LIMIT capped at 50,000 rows.
- ``legacy``: a ``HogQLQuery`` body gets ``HogQLQueryThrottle`` 120/hour; other kinds, GET and DELETE get
  ``ClickHouseBurstRateThrottle`` 240/minute and ``ClickHouseSustainedRateThrottle`` 1200/hour; no concurrency
  limit; 10,000 rows (the endpoint's public docs: "limited to 10,000 rows at 120 requests per hour").
- ``off``: ``RATE_LIMIT_ENABLED`` off; no concurrency limit; 50,000 rows.

``draft_sql`` always gets ``AIBurstRateThrottle`` 10/minute and ``AISustainedRateThrottle`` 100/day, and
``get_query_log`` the API-queries pair, whatever the profile (except ``off``).
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import secrets
import threading
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from mock_server.config import LimitSettings, Project
from mock_server.errors import Throttled

# DRF's SimpleRateThrottle.parse_rate reads only the period's first letter.
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
HOGQL_KIND = "HogQLQuery"


@dataclass(frozen=True)
class Rate:
    """``requests`` per ``seconds``, written as DRF writes it: ``"240/minute"``."""

    requests: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        count, _, period = text.partition("/")
        if not count.isdigit() or not period or period[0] not in PERIODS:
            raise ValueError(f"not a rate like '240/minute': {text!r}")
        return cls(int(count), PERIODS[period[0]])


# posthog/rate_limit.py: scope -> rate.
RATES: dict[str, Rate] = {
    "query": Rate.parse("120/hour"),
    "clickhouse_burst": Rate.parse("240/minute"),
    "clickhouse_sustained": Rate.parse("1200/hour"),
    "api_queries_burst": Rate.parse("240/minute"),
    "api_queries_sustained": Rate.parse("2400/hour"),
    "ai_burst": Rate.parse("10/minute"),
    "ai_sustained": Rate.parse("100/day"),
    # DEFAULT_THROTTLE_CLASSES, for every other viewset (e.g. GET /api/projects/).
    "burst": Rate.parse("480/minute"),
    "sustained": Rate.parse("4800/hour"),
}
HOGQL = ("query",)
CLICKHOUSE = ("clickhouse_burst", "clickhouse_sustained")
API_QUERIES = ("api_queries_burst", "api_queries_sustained")
DEFAULT_THROTTLES = ("burst", "sustained")
QUERY_VIEWSET = "query"
# Actions whose throttles do not depend on the profile (posthog/api/query.py get_throttles, first two branches).
FIXED_ACTIONS: dict[str, tuple[str, ...]] = {"draft_sql": ("ai_burst", "ai_sustained"), "get_query_log": API_QUERIES}


@dataclass(frozen=True)
class Profile:
    """A rate-limit profile: whether throttles apply, which ones, the concurrency limit and the row cap."""

    name: str
    enabled: bool
    api_queries: bool
    concurrency: int | None
    max_rows: int


PROFILES: dict[str, Profile] = {
    "current": Profile("current", enabled=True, api_queries=True, concurrency=3, max_rows=50_000),
    "legacy": Profile("legacy", enabled=True, api_queries=False, concurrency=None, max_rows=10_000),
    "off": Profile("off", enabled=False, api_queries=False, concurrency=None, max_rows=50_000),
}


def throttle_scopes(profile: Profile, viewset: str, action: str, kind: object) -> tuple[str, ...]:
    """The scopes ``QueryViewSet.get_throttles`` picks for ``action`` with a body of query kind ``kind``; other
    viewsets (named by their scope object) keep DRF's default throttles."""
    if not profile.enabled:
        return ()
    if viewset != QUERY_VIEWSET:
        return DEFAULT_THROTTLES
    if action in FIXED_ACTIONS:
        return FIXED_ACTIONS[action]
    if profile.api_queries:
        return API_QUERIES
    return HOGQL if kind == HOGQL_KIND else CLICKHOUSE


def key_ident(key: str) -> str:
    """The bucket ident: the hashed key, as ``hash_key_value`` makes it (no key text kept in memory)."""
    return hashlib.sha256(key.encode()).hexdigest()


def throttled(wait: float) -> Throttled:
    """DRF's ``Throttled(wait)``: the wait rounded up, in its singular or plural sentence."""
    seconds = math.ceil(wait)
    unit = "second" if seconds == 1 else "seconds"
    detail = f"Request was throttled. Expected available in {seconds} {unit}."
    # DRF's exception handler sets Retry-After only for a truthy wait.
    return Throttled(detail, retry_after=seconds or None)


class Buckets:
    """Request histories per ``(scope, ident)``, newest first, in clock seconds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._history: dict[tuple[str, str], list[float]] = {}

    def reset(self) -> None:
        with self._lock:
            self._history = {}

    def _wait(self, history: list[float], rate: Rate, now: float) -> float:
        remaining = rate.seconds - (now - history[-1]) if history else rate.seconds
        free = rate.requests - len(history) + 1
        return remaining / free if free > 0 else rate.seconds

    def hit(self, scopes: Mapping[str, Rate], ident: str, now: float) -> float | None:
        """Record the request in every bucket that allows it; the longest wait of those that refuse."""
        waits: list[float] = []
        with self._lock:
            for scope, rate in scopes.items():
                key = (scope, ident)
                history = [t for t in self._history.get(key, []) if t > now - rate.seconds]
                if len(history) >= rate.requests:
                    waits.append(self._wait(history, rate, now))
                else:
                    history.insert(0, now)
                self._history[key] = history
        return max(waits, default=None)

    def counts(self) -> dict[str, int]:
        """Requests held per scope, summed over idents (for the control API)."""
        totals: dict[str, int] = {}
        with self._lock:
            for (scope, _), history in self._history.items():
                totals[scope] = totals.get(scope, 0) + len(history)
        return totals


class Slots:
    """Queries running per organization. A full organization is polled until ``wait`` seconds pass, as
    ``RateLimit.use`` retries with backoff for ``retry_timeout`` (30 s for API queries) before giving up."""

    POLL_SECONDS = 0.05

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[str, set[str]] = {}

    def reset(self) -> None:
        with self._lock:
            self._running = {}

    def running(self, key: str) -> int:
        with self._lock:
            return len(self._running.get(key, ()))

    def try_acquire(self, key: str, task: str, limit: int) -> bool:
        with self._lock:
            tasks = self._running.setdefault(key, set())
            if len(tasks) >= limit:
                return False
            tasks.add(task)
            return True

    def release(self, key: str, task: str) -> None:
        with self._lock:
            self._running.get(key, set()).discard(task)

    async def acquire(self, key: str, task: str, limit: int, wait: float) -> None:
        deadline = time.monotonic() + wait
        while not self.try_acquire(key, task, limit):
            if time.monotonic() >= deadline:
                # ConcurrencyLimitExceeded becomes Throttled(detail=str(c)): no wait, so no Retry-After.
                raise Throttled(f"Exceeded maximum concurrency limit: {limit} for key: {key} and task: {task}")
            await asyncio.sleep(self.POLL_SECONDS)


class Limits:
    """Throttle buckets and running-query slots, read against the mock clock."""

    def __init__(self, settings: LimitSettings) -> None:
        self.settings = settings
        self.overrides = {scope: Rate.parse(rate) for scope, rate in settings.rates.items()}
        self.buckets = Buckets()
        self.slots = Slots()

    def reset(self) -> None:
        self.buckets.reset()
        self.slots.reset()

    def profile(self, project: Project | None) -> Profile:
        name = (project.rate_limits if project else None) or self.settings.profile
        return PROFILES[name]

    def rates(self, scopes: tuple[str, ...], project: Project | None) -> dict[str, Rate]:
        rates = {scope: self.overrides.get(scope, RATES[scope]) for scope in scopes}
        # PersonalApiKeyRateThrottle.load_team_rate_limit: the team's own rate replaces only the "query" scope.
        if "query" in rates and project is not None and project.api_query_rate_limit:
            rates["query"] = Rate.parse(project.api_query_rate_limit)
        return rates

    def check(self, key: str, viewset: str, action: str, kind: object, project: Project | None, now: datetime) -> None:
        """Count the request against its throttles; raise the 429 when one refuses it."""
        scopes = throttle_scopes(self.profile(project), viewset, action, kind)
        wait = self.buckets.hit(self.rates(scopes, project), key_ident(key), now.timestamp())
        if wait is not None:
            raise throttled(wait)

    def concurrency(self, project: Project | None) -> int | None:
        limit = self.profile(project).concurrency
        return None if limit is None else (self.settings.concurrency or limit)

    @asynccontextmanager
    async def slot(self, organization: str, project: Project | None, task: str | None) -> AsyncIterator[None]:
        """Hold one of the organization's running-query slots while the query runs (a no-op without a limit)."""
        limit = self.concurrency(project)
        if limit is None:
            yield
            return
        key, task_id = f"api:query:per-org:{organization}", task or secrets.token_hex(4)
        await self.slots.acquire(key, task_id, limit, self.settings.concurrency_wait)
        try:
            yield
        finally:
            self.slots.release(key, task_id)

"""Refresh modes: ``refresh`` → PostHog's ``ExecutionMode``, and what each mode does with the cache, as a table.

``execution_mode_from_refresh`` (``posthog/hogql_queries/query_runner.py``) maps the seven ``RefreshType`` values
onto ``ExecutionMode``; anything else is ``force_cache``. The query endpoint then applies two rules of its own
(``posthog/api/query.py`` ``_process_query_request``): the deprecated ``async: true`` means ``async``, and
``force_cache`` runs as ``blocking`` ("in query endpoint we always want to calculate if the cache is stale").

``QueryRunner.run`` and ``handle_cache_and_async_logic`` decide per mode from the cache entry's freshness;
``POLICIES`` is that decision written down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from mock_server.errors import ServerError
from mock_server.runner.cache import CacheEntry, Freshness
from mock_server.runner.jobs import Execution, Job, Knobs, QueryCancelled, Response
from mock_server.runner.validation import Errors, boolean

if TYPE_CHECKING:  # the backend imports the runner's job pool, so the runner cannot import it back at load
    from mock_server.backend import Backend, ServedProject
    from mock_server.runner import Runner


class ExecutionMode(Enum):
    """``ExecutionMode`` of ``query_runner.py``, by its value (which is the ``refresh`` word)."""

    CALCULATE_BLOCKING_ALWAYS = "force_blocking"
    CALCULATE_ASYNC_ALWAYS = "force_async"
    RECENT_CACHE_CALCULATE_BLOCKING_IF_STALE = "blocking"
    RECENT_CACHE_CALCULATE_ASYNC_IF_STALE = "async"
    RECENT_CACHE_CALCULATE_ASYNC_IF_STALE_AND_BLOCKING_ON_MISS = "async_except_on_cache_miss"
    EXTENDED_CACHE_CALCULATE_ASYNC_IF_STALE = "lazy_async"
    CACHE_ONLY_NEVER_CALCULATE = "force_cache"


class Action(Enum):
    """What the runner does for one mode and one cache state."""

    CALCULATE = "calculate"  # calculate now, answer the fresh response (200)
    CACHED = "cached"  # the cached response, with the status of a calculation still running, if any
    CACHED_REFRESH = "cached_refresh"  # the cached response plus a newly enqueued status (refresh_requested)
    CACHED_LAZY_REFRESH = "cached_lazy_refresh"  # enqueue unless known, then attach the running status, if any
    MISS = "miss"  # CacheMissResponse with the running status, if any (never calculates)
    MISS_ENQUEUE = "miss_enqueue"  # CacheMissResponse ``{cache_key, query_status}`` with an enqueued status
    STATUS_ENQUEUE = "status_enqueue"  # QueryStatusResponse ``{query_status}``, always resubmitted


def _same(action: Action) -> dict[Freshness, Action]:
    return dict.fromkeys(Freshness, action)


def _by_state(fresh: Action, stale: Action, lazy_stale: Action, miss: Action) -> dict[Freshness, Action]:
    return {Freshness.FRESH: fresh, Freshness.STALE: stale, Freshness.LAZY_STALE: lazy_stale, Freshness.MISS: miss}


M, A = ExecutionMode, Action
POLICIES: dict[ExecutionMode, dict[Freshness, Action]] = {
    M.CALCULATE_BLOCKING_ALWAYS: _same(A.CALCULATE),
    M.CALCULATE_ASYNC_ALWAYS: _same(A.STATUS_ENQUEUE),
    M.RECENT_CACHE_CALCULATE_BLOCKING_IF_STALE: _by_state(A.CACHED, A.CALCULATE, A.CALCULATE, A.CALCULATE),
    M.RECENT_CACHE_CALCULATE_ASYNC_IF_STALE: _by_state(A.CACHED, A.CACHED_REFRESH, A.CACHED_REFRESH, A.MISS_ENQUEUE),
    M.RECENT_CACHE_CALCULATE_ASYNC_IF_STALE_AND_BLOCKING_ON_MISS: _by_state(
        A.CACHED, A.CACHED_REFRESH, A.CACHED_REFRESH, A.CALCULATE
    ),
    M.EXTENDED_CACHE_CALCULATE_ASYNC_IF_STALE: _by_state(A.CACHED, A.CACHED, A.CACHED_LAZY_REFRESH, A.MISS_ENQUEUE),
    M.CACHE_ONLY_NEVER_CALCULATE: _by_state(A.CACHED, A.CACHED, A.CACHED, A.MISS),
}

# posthog/api/query.py: the endpoint always calculates when the cache cannot answer.
ENDPOINT_REMAP = {M.CACHE_ONLY_NEVER_CALCULATE: M.RECENT_CACHE_CALCULATE_BLOCKING_IF_STALE}
BY_REFRESH = {mode.value: mode for mode in ExecutionMode}


@dataclass(frozen=True)
class ModeChoice:
    """The execution mode a create request runs in."""

    mode: ExecutionMode

    def action(self, freshness: Freshness) -> Action:
        return POLICIES[self.mode][freshness]

    @property
    def reads_cache(self) -> bool:
        return self.mode not in (M.CALCULATE_BLOCKING_ALWAYS, M.CALCULATE_ASYNC_ALWAYS)


def execution_mode(refresh: Any, async_flag: Any = None) -> ModeChoice:
    """The endpoint's mode for a request's ``refresh`` and deprecated ``async`` values."""
    # PostHog also maps ``refresh: true`` (old clients), but its QueryRequest model refuses a bool before that,
    # as runner/request.py does: only RefreshType words get here.
    mode = BY_REFRESH.get(refresh, M.CACHE_ONLY_NEVER_CALCULATE)
    if async_flag is not None and boolean(async_flag, (), Errors()) is True:
        mode = M.RECENT_CACHE_CALCULATE_ASYNC_IF_STALE
    return ModeChoice(ENDPOINT_REMAP.get(mode, mode))


# --- carrying out an action ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryCall:
    """One create request, ready to run: the node, its runner and project, the query id and the knobs."""

    backend: Backend
    served: ServedProject
    node: dict[str, Any]
    runner: Runner
    query_id: str
    knobs: Knobs

    @property
    def team_id(self) -> int:
        return self.served.project.id

    @property
    def cache_key(self) -> str:
        return self.runner.cache_target(self.node).key(self.served.project)

    def execution(self) -> Execution:
        return Execution(self.backend.settings.max_execution_time, self.knobs.min_duration)

    def calculate(self, execution: Execution) -> Response:
        """Calculate and cache the fresh response (``QueryRunner.run`` caches every successful calculation)."""
        cache = self.backend.cache
        generation = cache.generation(self.team_id)
        response = self.runner.calculate(self.node, self.served, self.backend.clock.now(), execution)
        execution.finish()
        cache.put(self.team_id, response, generation)
        return response

    def calculate_now(self) -> Response:
        execution = self.execution()
        with self.backend.jobs.tracking(self.team_id, self.query_id, execution):
            try:
                return self.calculate(execution)
            except QueryCancelled:
                # A KILLed ClickHouse query fails as QUERY_WAS_CANCELLED, an internal error.
                raise ServerError("ClickHouse error while executing query.") from None

    def enqueue(self, refresh_requested: bool) -> dict[str, Any]:
        job = Job(self.team_id, self.query_id, self.calculate, self.knobs, self.backend.settings.max_execution_time)
        return self.backend.jobs.enqueue(job, refresh_requested).to_dict()

    def running_status(self) -> dict[str, Any] | None:
        """``get_async_query_status``: the query's status while it is not complete, else None."""
        status = self.backend.statuses.get(self.team_id, self.query_id)
        return None if status is None or status.complete else status.to_dict()


def _with_status(entry: CacheEntry | None, status: dict[str, Any] | None) -> Response:
    assert entry is not None  # the policy only picks a cached action when there is an entry
    return {**entry.cached_response(), "query_status": status}


def _lazy_refresh(call: QueryCall, entry: CacheEntry | None) -> Response:
    call.enqueue(refresh_requested=False)
    return _with_status(entry, call.running_status())


def _cache_miss(cache_key: str, status: dict[str, Any] | None) -> Response:
    return {"cache_key": cache_key, "query_status": status}  # CacheMissResponse, every key present


ACTIONS: dict[Action, Callable[[QueryCall, CacheEntry | None], Response]] = {
    A.CALCULATE: lambda call, entry: call.calculate_now(),
    A.CACHED: lambda call, entry: _with_status(entry, call.running_status()),
    A.CACHED_REFRESH: lambda call, entry: _with_status(entry, call.enqueue(refresh_requested=True)),
    A.CACHED_LAZY_REFRESH: _lazy_refresh,
    A.MISS: lambda call, entry: _cache_miss(call.cache_key, call.running_status()),
    A.MISS_ENQUEUE: lambda call, entry: _cache_miss(call.cache_key, call.enqueue(refresh_requested=False)),
    A.STATUS_ENQUEUE: lambda call, entry: {"query_status": call.enqueue(refresh_requested=True)},
}


def respond(call: QueryCall, choice: ModeChoice) -> Response:
    """The create endpoint's body for ``call`` in mode ``choice`` (``QueryRunner.run``)."""
    entry = call.backend.cache.get(call.team_id, call.cache_key) if choice.reads_cache else None
    freshness = Freshness.MISS if entry is None else entry.freshness(call.backend.clock.now())
    return ACTIONS[choice.action(freshness)](call, entry)

"""Running queries: an interruptible execution with a deadline, and the bounded pool that runs async jobs.

``Execution`` runs SQL on its own DuckDB cursor inside a rolled-back transaction (the store's protection) and can
interrupt it: on cancellation, or when the maximum execution time passes (PostHog runs API queries with
ClickHouse's ``max_execution_time=10``, ``posthog/hogql_queries/hogql_query_runner.py``; ClickHouse's
TIMEOUT_EXCEEDED becomes ``ClickHouseQueryTimeOut``, a 504, ``posthog/errors.py`` / ``posthog/exceptions.py``).

``JobPool`` is the celery side of ``posthog/clickhouse/client/execute_async.py``: ``enqueue`` stores a fresh
status (or returns the existing one unless a refresh is requested) and queues the job; a worker picks it up
(``pickup_time``), runs it and stores the outcome (``complete``, ``error``, ``error_message``, ``results``,
``end_time``). At most ``workers`` jobs of a team run at once (PostHog allows 3 concurrent API queries per
team); the rest wait, still pending. ``cancel`` is ``cancel_query``.

Three knobs make a client's polling loop deterministic (``Knobs``): a queue delay before a job may be picked
up, a minimum run duration, and ``transition_polls`` (moto's managed state): with N, the first N polls of
``GET query/:id/`` see the job pending, the next N see it running, and poll 2N+1 sees it complete. They are
real-time or poll-counted, never read the data clock, so they work while ``--now`` freezes it.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, ClassVar

import duckdb

from mock_server.errors import APIError, ServerError, ValidationError
from mock_server.runner.status import PROGRESS_KEYS, QueryStatus, StatusStore
from mock_server.store import Database, QueryResult, run_select

logger = logging.getLogger("hogmock")

Response = dict[str, Any]

TIMEOUT_DETAIL = (
    "Query has hit the max execution time before completing. See our docs for how to improve your query "
    "performance. You may need to materialize."
)
# cancel_query's answers (execute_async.py), by dequeue_only.
ALREADY_COMPLETE = "Query already complete"
CANCEL_MESSAGES = {
    False: "Cancelled query on clickhouse",
    True: "Only tried to dequeue, not cancelling query on clickhouse",
}
# How long a poll that releases a job's completion waits for it, beyond the job's own deadline.
COMPLETION_GRACE_SECONDS = 2.0


class QueryTimedOut(APIError):
    """``ClickHouseQueryTimeOut`` (``posthog/exceptions.py``): an ``APIException`` with status 504, which
    exceptions_hog renders as a ``server_error`` with code ``error`` and the exception's own detail."""

    status: ClassVar[int] = 504
    type: ClassVar[str] = "server_error"
    default_code: ClassVar[str] = "error"

    def __init__(self) -> None:
        super().__init__(TIMEOUT_DETAIL)


class QueryCancelled(Exception):
    """Raised inside a calculation that was cancelled; it never reaches a client."""


@dataclass(frozen=True)
class Knobs:
    """Test controls for one async job (seconds, seconds, polls); zero means off."""

    queue_delay: float = 0.0
    min_duration: float = 0.0
    transition_polls: int = 0


class Execution:
    """One calculation's control: its deadline, the DuckDB cursor it is running on, and cancellation."""

    def __init__(self, max_seconds: float, min_duration: float = 0.0) -> None:
        self.max_seconds = max_seconds
        self.started = time.monotonic()
        self.deadline = self.started + max_seconds
        self.min_duration = min_duration
        self._cancelled = threading.Event()
        self._timed_out = False
        self._lock = threading.Lock()
        self._cursor: duckdb.DuckDBPyConnection | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def begin(self) -> None:
        """Start the clocks now: a queued job's time limit and minimum duration count from when a worker
        thread runs it, not from when it took its slot (it may wait for a thread meanwhile)."""
        with self._lock:
            self.started = time.monotonic()
            self.deadline = self.started + self.max_seconds

    def run(self, database: Database, sql: str) -> QueryResult:
        """``sql``'s result, on a fresh cursor in a rolled-back transaction (as ``Database.run``), interrupted
        when cancelled or past the deadline."""
        cursor = database.cursor()
        watchdog = threading.Timer(max(0.0, self.deadline - time.monotonic()), self._time_out)
        watchdog.daemon = True
        try:
            self._attach(cursor)
            watchdog.start()
            return run_select(cursor, sql)
        except duckdb.InterruptException:
            raise self._interruption() from None
        finally:
            watchdog.cancel()
            self._detach(cursor)

    def finish(self) -> None:
        """Wait out the rest of the minimum duration; cancelling ends the wait, the deadline times it out."""
        now = time.monotonic()
        remaining, allowed = self.started + self.min_duration - now, self.deadline - now
        if remaining <= 0:
            return
        if self._cancelled.wait(min(remaining, max(allowed, 0.0))):
            raise QueryCancelled()
        if remaining > allowed:
            raise QueryTimedOut()

    def cancel(self) -> None:
        self._cancelled.set()
        self._interrupt()

    def progress(self) -> dict[str, int]:
        """``ClickhouseQueryProgress``: the elapsed seconds, and DuckDB's completion percentage as rows read out of
        100 when DuckDB reports one (it reports -1 unless its progress bar is enabled)."""
        with self._lock:
            percent = self._cursor.query_progress() if self._cursor is not None else -1.0
        progress = dict.fromkeys(PROGRESS_KEYS, 0)
        progress["time_elapsed"] = int(time.monotonic() - self.started)
        if percent >= 0:
            progress["rows_read"], progress["estimated_rows_total"] = int(percent), 100
        return progress

    def _attach(self, cursor: duckdb.DuckDBPyConnection) -> None:
        with self._lock:
            if self.cancelled:
                raise QueryCancelled()
            if time.monotonic() >= self.deadline:
                raise QueryTimedOut()
            self._cursor = cursor

    def _detach(self, cursor: duckdb.DuckDBPyConnection) -> None:
        with self._lock:
            self._cursor = None
        cursor.close()

    def _time_out(self) -> None:
        self._timed_out = True
        self._interrupt()

    def _interrupt(self) -> None:
        with self._lock:
            if self._cursor is not None:
                self._cursor.interrupt()

    def _interruption(self) -> Exception:
        if self.cancelled:
            return QueryCancelled()
        return QueryTimedOut() if self._timed_out else ServerError("ClickHouse error while executing query.")


Calculation = Callable[[Execution], Response]


class JobState(Enum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Outcome:
    """What a finished job stores: the response, or the failure and whether its message may be shown."""

    response: Response | None = None
    error: APIError | None = None
    failed: bool = False

    def changes(self) -> dict[str, Any]:
        if not self.failed:
            return {"complete": True, "error": False, "results": self.response}
        # execute_process_query exposes str(err) only for APIException / ExposedHogQLError / ExposedCHQueryError;
        # hogmock's ServerError stands for the internal errors whose message stays hidden.
        exposed = self.error is not None and not isinstance(self.error, ServerError)
        message = self.error.detail if exposed and self.error is not None else None
        return {"complete": True, "error": True, "results": None, "error_message": message}


@dataclass(eq=False)  # identity: a job is in a queue or not
class Job:
    """One async calculation and the gates its transitions wait for."""

    team_id: int
    query_id: str
    calculate: Calculation
    knobs: Knobs
    max_seconds: float
    state: JobState = JobState.QUEUED
    polls: int = 0
    delay_passed: bool = False
    discard: bool = False  # dequeued while running: let it finish, keep nothing (the status is deleted)
    published: bool = False
    execution: Execution | None = None
    outcome: Outcome | None = None
    finished: threading.Event = field(default_factory=threading.Event)
    timer: threading.Timer | None = None

    @property
    def key(self) -> tuple[int, str]:
        return (self.team_id, self.query_id)

    @property
    def pickup_allowed(self) -> bool:
        polls = self.knobs.transition_polls
        return self.delay_passed and (polls == 0 or self.polls > polls)

    @property
    def completion_allowed(self) -> bool:
        polls = self.knobs.transition_polls
        return polls == 0 or self.polls > 2 * polls


class JobPool:
    """Async jobs by ``(team, id)``: at most ``workers`` running per team, the others queued."""

    def __init__(self, statuses: StatusStore, workers: int) -> None:
        self.statuses = statuses
        self.workers = workers
        self._lock = threading.RLock()
        self._jobs: dict[tuple[int, str], Job] = {}
        self._running: dict[int, int] = {}
        self._waiting: dict[int, deque[Job]] = {}
        self._blocking: dict[tuple[int, str], Execution] = {}
        self._executor = ThreadPoolExecutor(max_workers=max(workers, 1) * 4, thread_name_prefix="hogmock-query")

    # --- enqueue, pick up, run, publish ---------------------------------------------------------------------

    def enqueue(self, job: Job, refresh_requested: bool) -> QueryStatus:
        """``enqueue_process_query_task``: the existing status unless a refresh is requested, else a new one
        (returned as created, before any pickup) with the job queued behind it."""
        existing = self.statuses.get(job.team_id, job.query_id)
        if existing is not None and not refresh_requested:
            return existing
        now = self.statuses.clock.now()
        created = self.statuses.put(QueryStatus(job.query_id, job.team_id, start_time=now), now)
        self.statuses.update(job.team_id, job.query_id, task_id=str(uuid.uuid4()))
        self._register(job)
        return created

    def _register(self, job: Job) -> None:
        with self._lock:
            replaced = self._jobs.pop(job.key, None)
            self._jobs[job.key] = job
        if replaced is not None:
            self._stop(replaced, dequeue_only=False)
        if job.knobs.queue_delay > 0:
            job.timer = threading.Timer(job.knobs.queue_delay, self._delay_passed, (job,))
            job.timer.daemon = True
            job.timer.start()
        else:
            self._delay_passed(job)

    def _delay_passed(self, job: Job) -> None:
        with self._lock:
            job.delay_passed = True
        self._try_pickup(job)

    def _try_pickup(self, job: Job) -> None:
        with self._lock:
            if job.state is not JobState.QUEUED or not job.pickup_allowed or job in self._waiting_for(job.team_id):
                return
            if self._running.get(job.team_id, 0) >= self.workers:
                self._waiting_for(job.team_id).append(job)
                return
            self._start(job)

    def _waiting_for(self, team_id: int) -> deque[Job]:
        return self._waiting.setdefault(team_id, deque())

    def _start(self, job: Job) -> None:
        """Take a worker slot and run ``job`` (called with the lock held)."""
        self._running[job.team_id] = self._running.get(job.team_id, 0) + 1
        job.state, job.execution = JobState.RUNNING, Execution(job.max_seconds, job.knobs.min_duration)
        self.statuses.update(job.team_id, job.query_id, pickup_time=self.statuses.clock.now())
        self._executor.submit(self._work, job, job.execution)

    def _work(self, job: Job, execution: Execution) -> None:
        execution.begin()
        outcome = _outcome(job.calculate, execution)
        with self._lock:
            job.outcome = outcome
            if job.state is JobState.RUNNING:
                job.state = JobState.FINISHED
            self._free_slot(job.team_id)
        job.finished.set()
        if job.completion_allowed:
            self._publish(job)

    def _free_slot(self, team_id: int) -> None:
        self._running[team_id] -= 1
        waiting = self._waiting_for(team_id)
        while waiting and self._running[team_id] < self.workers:
            candidate = waiting.popleft()
            if candidate.state is JobState.QUEUED:
                self._start(candidate)

    def _publish(self, job: Job) -> None:
        with self._lock:
            if job.published or job.outcome is None or job.state is JobState.CANCELLED or job.discard:
                return
            job.published = True
            if self._jobs.get(job.key) is job:
                del self._jobs[job.key]
        self.statuses.update(job.team_id, job.query_id, **job.outcome.changes(), end_time=self.statuses.clock.now())

    # --- polls, progress, cancellation ----------------------------------------------------------------------

    def observe(self, team_id: int, query_id: str) -> None:
        """Count a poll of ``GET query/:id/`` and make the transitions it releases happen before it reads."""
        with self._lock:
            job = self._jobs.get((team_id, query_id))
            if job is None or job.knobs.transition_polls == 0:
                return
            job.polls += 1
        self._try_pickup(job)
        if job.completion_allowed and job.state in (JobState.RUNNING, JobState.FINISHED):
            job.finished.wait(job.max_seconds + job.knobs.min_duration + COMPLETION_GRACE_SECONDS)
            self._publish(job)

    def progress(self, team_id: int, query_id: str) -> dict[str, int] | None:
        with self._lock:
            job = self._jobs.get((team_id, query_id))
        if job is None or job.execution is None:
            return None
        return job.execution.progress()

    def cancel_query(self, team_id: int, query_id: str, dequeue_only: bool) -> str:
        """``cancel_query``: a complete status stays; otherwise the job is stopped and the status deleted (an
        unknown id too: PostHog still sends the KILL)."""
        status = self.statuses.get(team_id, query_id)
        if status is not None and status.complete:
            return ALREADY_COMPLETE
        self.cancel(team_id, query_id, dequeue_only)
        self.statuses.delete(team_id, query_id)
        return CANCEL_MESSAGES[dequeue_only]

    @contextmanager
    def tracking(self, team_id: int, query_id: str, execution: Execution) -> Iterator[None]:
        """Make a blocking calculation cancellable by its query id while it runs (``cancel_query_on_cluster``
        kills a synchronous query too)."""
        with self._lock:
            self._blocking[(team_id, query_id)] = execution
        try:
            yield
        finally:
            with self._lock:
                if self._blocking.get((team_id, query_id)) is execution:
                    del self._blocking[(team_id, query_id)]

    def cancel(self, team_id: int, query_id: str, dequeue_only: bool) -> None:
        """Stop the job behind a status: dequeue it, and (unless ``dequeue_only``) interrupt it if running."""
        with self._lock:
            job = self._jobs.pop((team_id, query_id), None)
            blocking = None if dequeue_only else self._blocking.get((team_id, query_id))
        if job is not None:
            self._stop(job, dequeue_only)
        if blocking is not None:
            blocking.cancel()

    def _stop(self, job: Job, dequeue_only: bool) -> None:
        with self._lock:
            if job.timer is not None:
                job.timer.cancel()
            if job.state is JobState.QUEUED:
                job.state = JobState.CANCELLED
                with suppress(ValueError):
                    self._waiting_for(job.team_id).remove(job)
                return
            if dequeue_only:
                job.discard = True  # revoke() does not stop a running task; its result goes nowhere
                return
            job.state = JobState.CANCELLED
        if job.execution is not None:
            job.execution.cancel()

    def running(self, team_id: int) -> int:
        with self._lock:
            return self._running.get(team_id, 0)

    def cancel_all(self) -> None:
        """Stop every async job and interrupt every synchronous query still running."""
        with self._lock:
            jobs = list(self._jobs.values())
            self._jobs.clear()
            blocking = list(self._blocking.values())
        for job in jobs:
            self._stop(job, dequeue_only=False)
        for execution in blocking:
            execution.cancel()

    def shutdown(self) -> None:
        """Stop everything and let the worker threads end (the pool takes no job afterwards)."""
        self.cancel_all()
        self._executor.shutdown(wait=False, cancel_futures=True)


def _outcome(calculate: Calculation, execution: Execution) -> Outcome:
    try:
        return Outcome(calculate(execution))
    except QueryCancelled:
        return Outcome(failed=True)
    except APIError as error:
        return Outcome(error=error, failed=True)
    except Exception as error:  # the worker must free its slot whatever happened
        logger.exception("Unexpected error in an async query: %s", error)
        return Outcome(failed=True)


# The longest queue delay or minimum duration a request may ask for: an hour is far beyond any test's need, and
# beyond it waits overflow (``threading`` refuses timeouts past about 292 years) or hang a job for good.
MAX_KNOB_SECONDS = 3600.0
# Per-request overrides of the knobs: header → (Knobs field, parser, largest value allowed).
KNOB_HEADERS: dict[str, tuple[str, Callable[[str], float], float]] = {
    "x-hogmock-queue-delay": ("queue_delay", float, MAX_KNOB_SECONDS),
    "x-hogmock-min-duration": ("min_duration", float, MAX_KNOB_SECONDS),
    "x-hogmock-transition-polls": ("transition_polls", int, float("inf")),
}


def knobs_from(headers: Mapping[str, str], defaults: Knobs) -> Knobs:
    """``defaults`` with the request's ``X-Hogmock-*`` headers on top; a bad value is a 400."""
    values: dict[str, Any] = {}
    for header, (name, parse, maximum) in KNOB_HEADERS.items():
        text = headers.get(header)
        if text is None:
            continue
        try:
            value = parse(text)
        except ValueError:
            value = -1
        if not 0 <= value < float("inf"):
            raise ValidationError(f"Header {header} must be a non-negative {parse.__name__}, not {text!r}.")
        if value > maximum:
            raise ValidationError(f"Header {header} must be at most {maximum:g} seconds, not {text!r}.")
        values[name] = value
    return replace(defaults, **values)

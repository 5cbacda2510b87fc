"""Each person's way through a funnel: the furthest step reached and the time each step took.

This is what PostHog's ``aggregate_funnel`` UDF does with a person's time-ordered events
(``posthog/user_scripts/aggregate_funnel`` and ``posthog/hogql_queries/insights/funnels/funnel_udf.py``): every
step must follow the one before within the conversion window, counted from the funnel's first step.
``ordered`` lets other events happen in between, ``strict`` does not, ``unordered`` takes the steps in any order.
A step that an event matches is entered at most once per event, so one event never completes two steps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Event:
    """One of a person's events: seconds since the epoch, and the steps (0-based) it matches."""

    time: float
    steps: frozenset[int]


@dataclass(frozen=True)
class Reached:
    """The furthest step (0-based, -1 for none) and the seconds between consecutive steps on the way."""

    step: int = -1
    timings: tuple[float, ...] = ()


Path = tuple[float, ...]  # the times each step of the path was entered


def _better(best: Reached, path: Path) -> Reached:
    step = len(path) - 1
    if step <= best.step:
        return best
    return Reached(step, tuple(b - a for a, b in pairwise(path)))


def _advance(entered: list[Path | None], event: Event, window: float) -> list[Path | None]:
    """The paths after ``event``: steps in reverse order, so an event cannot take two steps at once."""
    after = list(entered)
    for step in sorted(event.steps, reverse=True):
        if step == 0:
            after[0] = (event.time,)
            continue
        before = entered[step - 1]
        if before is not None and event.time - before[0] <= window and event.time >= before[-1]:
            after[step] = (*before, event.time)
    return after


def ordered(events: Sequence[Event], steps: int, window: float) -> Reached:
    entered: list[Path | None] = [None] * steps
    best = Reached()
    for event in events:
        entered = _advance(entered, event, window)
        for path in entered:
            best = _better(best, path) if path else best
    return best


def strict(events: Sequence[Event], steps: int, window: float) -> Reached:
    """Like ``ordered``, but any event that does not continue a path ends it."""
    entered: list[Path | None] = [None] * steps
    best = Reached()
    for event in events:
        entered = _advance([None] * steps, event, window) if not event.steps else _strict_step(entered, event, window)
        for path in entered:
            best = _better(best, path) if path else best
    return best


def _strict_step(entered: list[Path | None], event: Event, window: float) -> list[Path | None]:
    continued = _advance(entered, event, window)
    # Only the paths this very event extended (or started) survive it.
    return [
        path if path and path[-1] == event.time and path != entered[i] else None for i, path in enumerate(continued)
    ]


def unordered(events: Sequence[Event], steps: int, window: float) -> Reached:
    """From each event, the distinct steps done within the window, each by its first event."""
    best = Reached()
    for start, first in enumerate(events):
        if not first.steps:
            continue
        done: set[int] = set()
        path: list[float] = []
        for event in events[start:]:
            if event.time - first.time > window:
                break
            fresh = sorted(event.steps - done)
            if fresh:
                done.add(fresh[0])
                path.append(event.time)
        best = _better(best, tuple(path))
    return best


ORDER_TYPES: dict[str, Callable[[Sequence[Event], int, float], Reached]] = {
    "ordered": ordered,
    "strict": strict,
    "unordered": unordered,
}

"""Fault rules: make chosen requests fail, slow down or lose their connection, so a client's error handling can be
tested.

A rule matches a request by method, path (a regular expression searched in the path) and/or query kind (the
body's ``query.kind``); an absent matcher matches everything. It then answers with ``status`` (and ``body`` and
``headers``), or drops the connection (``drop``), and/or adds ``latency_ms`` before the handler runs (a slow
query, holding its concurrency slot). It lasts for the next ``times`` matching requests and/or ``seconds`` of
the mock clock; with neither it lasts until removed. The first live rule that matches wins. Answers and drops
happen before authentication, as an outage in front of PostHog would; latency applies to requests that pass
every check.
"""

from __future__ import annotations

import json
import re
import threading
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from mock_server.api.encoding import PostHogJSONResponse, iso_datetime
from mock_server.errors import APIError, ServerError, Throttled

RULE_FIELDS = frozenset(
    {"method", "path", "kind", "status", "body", "headers", "latency_ms", "drop", "times", "seconds"}
)
# The errors whose exceptions_hog bodies a fault answers by default, by status; other statuses get ServerError's.
DEFAULT_ERRORS: dict[int, Callable[[], APIError]] = {
    429: lambda: Throttled("Request was throttled."),
    500: ServerError,
}
# Upper bounds (inclusive), so that a rule can neither hang requests for ever nor overflow the clock's
# arithmetic: latency at most an hour (as the async knobs), a rule's lifetime at most ten years of mock time.
NUMBER_BOUNDS: dict[str, float] = {"latency_ms": 3_600_000.0, "seconds": 10 * 366 * 86400.0}


class FaultError(ValueError):
    """A fault rule that does not make sense; the message says why."""


class ConnectionDropped(ConnectionError):
    """Raised after a dropped response's headers: the server then closes the connection mid-response (uvicorn
    closes the transport when the app fails after starting a response), so the client sees a broken reply."""


class DroppedConnection(Response):
    """A response that never completes: it announces a body, sends none and fails."""

    def __init__(self) -> None:
        super().__init__(status_code=200, headers={"content-length": "1024"})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        raise ConnectionDropped("hogmock fault: connection dropped")


@dataclass(frozen=True)
class FaultRule:
    """One rule. ``remaining`` counts down the requests it still applies to; ``until`` ends it in time."""

    id: int
    method: str | None = None
    path: str | None = None
    kind: str | None = None
    status: int | None = None
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    latency_ms: float = 0.0
    drop: bool = False
    remaining: int | None = None
    until: datetime | None = None

    def matches(self, method: str, path: str, kind: object) -> bool:
        return (
            (self.method is None or self.method == method)
            and (self.path is None or re.search(self.path, path) is not None)
            and (self.kind is None or self.kind == kind)
        )

    def live(self, now: datetime) -> bool:
        return (self.remaining is None or self.remaining > 0) and (self.until is None or now < self.until)

    @property
    def answers(self) -> bool:
        """Whether the rule replaces the response (rather than only delaying it)."""
        return self.status is not None or self.drop

    def answer_body(self) -> Any:
        if self.body is not None or self.status is None:
            return self.body
        return DEFAULT_ERRORS.get(self.status, ServerError)().body()

    def response(self) -> Response:
        """The answer of a rule that answers: its status, body and headers, or a dropped connection."""
        if self.drop:
            return DroppedConnection()
        return PostHogJSONResponse(self.answer_body(), status_code=self.status or 500, headers=self.headers)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "kind": self.kind,
            "status": self.status,
            "body": self.body,
            "headers": self.headers,
            "latency_ms": self.latency_ms,
            "drop": self.drop,
            "remaining": self.remaining,
            "until": None if self.until is None else iso_datetime(self.until),
        }


def _optional(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    value = data.get(name)
    if value is not None and (not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool)):
        raise FaultError(f"fault rule: '{name}' has the wrong type")
    return value


def _check_bounded(data: Mapping[str, Any], name: str, bound: float) -> None:
    value = _optional(data, name, (int, float))
    # The chained comparison also refuses NaN and Infinity (a JSON or TOML faults file may hold them) and works
    # for integers too large for a float.
    if value is not None and not 0 <= value <= bound:
        raise FaultError(f"fault rule: '{name}' must be a number from 0 to {bound:.0f}")


def _check(data: Mapping[str, Any]) -> None:
    if not isinstance(data, Mapping):
        raise FaultError("fault rule: expected an object")
    unknown = set(data) - RULE_FIELDS
    if unknown:
        raise FaultError(f"fault rule: unknown field(s): {', '.join(sorted(unknown))}")
    path = _optional(data, "path", str)
    if path is not None:
        try:
            re.compile(path)
        except re.error as error:
            raise FaultError(f"fault rule: 'path' is not a regular expression: {error}") from None
    status = _optional(data, "status", int)
    if status is not None and not 100 <= status <= 599:
        raise FaultError("fault rule: 'status' must be an HTTP status (100-599)")
    for name, bound in NUMBER_BOUNDS.items():
        _check_bounded(data, name, bound)
    if not (status is not None or data.get("drop") or data.get("latency_ms")):
        raise FaultError("fault rule: give 'status', 'drop' or 'latency_ms'")


def parse_rule(data: Mapping[str, Any], rule_id: int, now: datetime) -> FaultRule:
    """A rule from its JSON form; ``seconds`` starts counting at ``now``."""
    _check(data)
    times, seconds = _optional(data, "times", int), _optional(data, "seconds", (int, float))
    method = _optional(data, "method", str)
    headers = _optional(data, "headers", dict) or {}
    return FaultRule(
        id=rule_id,
        method=method.upper() if method else None,
        path=data.get("path"),
        kind=_optional(data, "kind", str),
        status=data.get("status"),
        body=data.get("body"),
        headers={str(k): str(v) for k, v in headers.items()},
        latency_ms=float(_optional(data, "latency_ms", (int, float)) or 0),
        drop=bool(_optional(data, "drop", bool)),
        remaining=times,
        until=None if seconds is None else now + timedelta(seconds=seconds),
    )


class Faults:
    """The live rules, in the order they were added."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._next_id = 1

    def add(self, data: Mapping[str, Any], now: datetime) -> FaultRule:
        with self._lock:
            rule = parse_rule(data, self._next_id, now)
            self._next_id += 1
            self._rules.append(rule)
        return rule

    def rules(self, now: datetime) -> list[FaultRule]:
        with self._lock:
            self._rules = [rule for rule in self._rules if rule.live(now)]
            return list(self._rules)

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            kept = [rule for rule in self._rules if rule.id != rule_id]
            removed, self._rules = len(kept) != len(self._rules), kept
        return removed

    def clear(self) -> None:
        with self._lock:
            self._rules = []

    def take(self, method: str, path: str, kind: object, now: datetime) -> FaultRule | None:
        """The first live rule matching the request, counted as used once."""
        with self._lock:
            for index, rule in enumerate(self._rules):
                if rule.live(now) and rule.matches(method, path, kind):
                    remaining = None if rule.remaining is None else rule.remaining - 1
                    self._rules[index] = replace(rule, remaining=remaining)
                    return rule
        return None


def load_faults_file(path: Path) -> list[dict[str, Any]]:
    """The rules of a faults file (``{"faults": [...]}`` in TOML or JSON), checked but not yet timed."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (OSError, ValueError) as error:
        raise FaultError(f"{path}: {error}") from None
    rules = data.get("faults") if isinstance(data, dict) else None
    if not isinstance(rules, list):
        raise FaultError(f"{path}: expected a 'faults' list")
    for rule in rules:
        _check(rule)
    return rules

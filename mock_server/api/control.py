"""The control API under ``/_hogmock/``: set the scene for a test and look at what its client sent.

Not part of PostHog. Only loopback clients naming a loopback host (``Host: 127.0.0.1``, ``localhost`` or ``[::1]``,
any port) may use it, or any client sending the admin token (``--admin-token``) in ``X-Hogmock-Admin-Token``;
others get ``403``. The ``Host`` check stops a DNS-rebinding web page (a loopback client, but naming its own
host). A body must be ``Content-Type: application/json`` (``415`` otherwise, so a cross-site form or
``text/plain`` post, which needs no CORS preflight, never reaches a handler) and strict JSON (no ``NaN``).
Errors use the same ``{type, code, detail, attr}`` bodies as the PostHog routes. The routes
(``CONTROL_ENDPOINTS``):

====================================  ==========================================================================
``POST   /_hogmock/reset``            forget buckets, journal, faults and caches; ``{"data": true}`` also reloads
                                      every project's data, the keys and the clock, as at start
``GET    /_hogmock/projects``         the served projects: id, name, timezone, profile, row limit, event count
``PUT    /_hogmock/projects/{id}/data``  replace (or create) a project's data: ``{"directory": "/path"}`` or inline
                                      rows ``{"events": [...], "persons": [...], "groups": [...], "project": {}}``
``POST   /_hogmock/projects/{id}/events``  append ``{"events": [...]}`` (fixtures.md rows)
``GET    /_hogmock/clock``            ``{"now": ..., "frozen": ...}``
``PUT    /_hogmock/clock``            ``{"now": "2026-11-20T12:00:00Z"}`` freezes there; ``{"now": null}`` unfreezes
``POST   /_hogmock/clock/advance``    ``{"seconds": n}`` (and/or ``minutes``, ``hours``, ``days``)
``GET    /_hogmock/journal``          requests, filtered by ``method``, ``path`` (prefix), ``status``, ``since``
                                      (an entry id) and ``limit``
``DELETE /_hogmock/journal``          empty the journal
``GET    /_hogmock/faults``           the live fault rules
``POST   /_hogmock/faults``           add a rule (``faults.py``); answers it with its ``id``
``DELETE /_hogmock/faults``           remove every rule
``DELETE /_hogmock/faults/{id}``      remove one rule
``GET    /_hogmock/limits``           the profile and how many requests each throttle scope holds
====================================  ==========================================================================
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from mock_server.api.body import UnsupportedMediaType, _media_type, _parse_json
from mock_server.api.encoding import PostHogJSONResponse, iso_datetime
from mock_server.api.routing import guarded
from mock_server.backend import Backend, ServedProject
from mock_server.clock import parse_instant
from mock_server.data_sources import DataSource, inline_source
from mock_server.errors import MethodNotAllowed, NotFound, PermissionDenied, ValidationError
from mock_server.faults import FaultError
from mock_server.journal import JournalFilter
from mock_server.keys import KeysFileError
from mock_server.store import FixtureError

PREFIX = "/_hogmock"
ADMIN_HEADER = "x-hogmock-admin-token"
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
# Host header names (without the port) of a loopback server; an IPv6 literal keeps its brackets.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
JSON_MEDIA_TYPE = "application/json"
CLOCK_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
# The instants the mock clock may show, [start, end): outside them date arithmetic downstream (a cache's
# next refresh an hour later, date ranges, rebasing) leaves what datetime and DuckDB can hold.
CLOCK_RANGE = (datetime(1971, 1, 1, tzinfo=UTC), datetime(9001, 1, 1, tzinfo=UTC))
CLOCK_RANGE_TEXT = "the years 1971-9000"
# Project ids are DuckDB BIGINTs (PostHog's are bigint primary keys too).
PROJECT_IDS = (1, 2**63 - 1)
MAX_DIGITS = 100

ControlHandler = Callable[[Request, Backend], Awaitable[Response]]


def _admitted(request: Request, backend: Backend) -> bool:
    token = backend.settings.admin_token
    if token is not None and secrets.compare_digest(request.headers.get(ADMIN_HEADER, ""), token):
        return True
    local_client = request.client is not None and request.client.host in LOOPBACK
    return local_client and _host_name(request.headers.get("host", "")) in LOOPBACK_HOSTS


def _host_name(host: str) -> str:
    """The ``Host`` header without its port: ``[::1]:8000`` → ``[::1]``, ``localhost:8000`` → ``localhost``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.partition(":")[0]


async def _json(request: Request) -> dict[str, Any]:
    """The body as a JSON object (``{}`` when empty): ``application/json`` only, parsed strictly."""
    raw = await request.body()
    if not raw:
        return {}
    content_type = request.headers.get("content-type", "")
    kind, charset = _media_type(content_type)
    if kind != JSON_MEDIA_TYPE:
        raise UnsupportedMediaType(content_type)
    data = _parse_json(raw, charset)
    if not isinstance(data, dict):
        raise ValidationError("The body must be a JSON object.")
    return data


def _int(text: str | None, name: str, bounds: tuple[int, int] | None = None) -> int | None:
    """``text`` as a decimal integer (within ``bounds``, inclusive, when given), or ``None`` when absent."""
    if text is None:
        return None
    digits = text[1:] if text.startswith("-") else text
    # ASCII digits only (int() also takes "1_000" and other scripts' digits); a length cap keeps int() from
    # refusing very long numbers with a ValueError of its own.
    value = int(text) if digits.isascii() and digits.isdigit() and len(digits) <= MAX_DIGITS else None
    if value is None or (bounds is not None and not bounds[0] <= value <= bounds[1]):
        expected = "an integer" if bounds is None else f"an integer from {bounds[0]} to {bounds[1]}"
        raise ValidationError(f"'{name}' must be {expected}.", attr=name)
    return value


def _project_id(request: Request) -> int:
    project_id = _int(request.path_params["project_id"], "project_id", PROJECT_IDS)
    assert project_id is not None  # a path parameter is always present
    return project_id


def _project_summary(served: ServedProject, backend: Backend) -> dict[str, Any]:
    project = served.project
    events = served.database.event_count()
    return {
        "id": project.id,
        "name": project.name,
        "timezone": project.timezone,
        "rate_limits": backend.limits.profile(project).name,
        "max_rows": backend.row_limit(project),
        "events": events,
    }


def _clock(backend: Backend) -> dict[str, Any]:
    return {"now": iso_datetime(backend.clock.now()), "frozen": backend.clock.frozen}


def _in_clock_range(instant: datetime, attr: str | None) -> datetime:
    start, end = CLOCK_RANGE
    if not start <= instant < end:
        raise ValidationError(f"The clock must stay within {CLOCK_RANGE_TEXT}, not {iso_datetime(instant)}.", attr=attr)
    return instant


async def reset(request: Request, backend: Backend) -> Response:
    data = await _json(request)
    if data.get("data"):
        backend.reset()
    else:
        backend.reset_state()
    return PostHogJSONResponse({"reset": True, "data": bool(data.get("data"))})


async def list_projects(request: Request, backend: Backend) -> Response:
    return PostHogJSONResponse({"results": [_project_summary(s, backend) for _, s in sorted(backend.projects.items())]})


def _source(data: Mapping[str, Any]) -> DataSource:
    if "directory" not in data:
        return inline_source(data)
    directory = data["directory"]
    if not isinstance(directory, str) or len(data) != 1:
        raise ValidationError("Give either {'directory': '/path'} or inline rows, not both.", attr="directory")
    return DataSource(Path(directory))


async def replace_data(request: Request, backend: Backend) -> Response:
    project_id = _project_id(request)
    served = backend.replace_data(project_id, _source(await _json(request)))
    return PostHogJSONResponse(_project_summary(served, backend))


async def append_events(request: Request, backend: Backend) -> Response:
    project_id = _project_id(request)
    if project_id not in backend.projects:
        raise NotFound(f"Project {project_id} is not served.")
    events = (await _json(request)).get("events")
    if not isinstance(events, list):
        raise ValidationError("'events' must be a list of event rows.", attr="events")
    served = backend.append_events(project_id, events)
    return PostHogJSONResponse({**_project_summary(served, backend), "appended": len(events)})


async def get_clock(request: Request, backend: Backend) -> Response:
    return PostHogJSONResponse(_clock(backend))


async def set_clock(request: Request, backend: Backend) -> Response:
    data = await _json(request)
    if "now" not in data or not (data["now"] is None or isinstance(data["now"], str)):
        raise ValidationError("Give {'now': ISO 8601 date-time or null}.", attr="now")
    try:
        instant = None if data["now"] is None else parse_instant(data["now"])
    except ValueError:
        raise ValidationError(f"Not an ISO 8601 date-time: {data['now']!r}", attr="now") from None
    backend.clock.set(None if instant is None else _in_clock_range(instant, "now"))
    return PostHogJSONResponse(_clock(backend))


async def advance_clock(request: Request, backend: Backend) -> Response:
    data = await _json(request)
    unknown = set(data) - set(CLOCK_UNITS)
    values = [data.get(unit, 0) for unit in CLOCK_UNITS]
    if unknown or not data or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        raise ValidationError(f"Give numbers for any of {list(CLOCK_UNITS)}.")
    now = backend.clock.now()
    try:
        # A huge number (1e300, 10**20 days) overflows timedelta or datetime rather than leaving the range.
        target = now + timedelta(seconds=sum(data.get(u, 0) * s for u, s in CLOCK_UNITS.items()))
    except OverflowError:
        raise ValidationError(f"The clock must stay within {CLOCK_RANGE_TEXT}.") from None
    backend.clock.advance(_in_clock_range(target, None) - now)
    return PostHogJSONResponse(_clock(backend))


async def get_journal(request: Request, backend: Backend) -> Response:
    params = request.query_params
    selection = JournalFilter(
        method=params.get("method"),
        path=params.get("path"),
        status=_int(params.get("status"), "status"),
        since=_int(params.get("since"), "since") or 0,
        limit=_int(params.get("limit"), "limit"),
    )
    return PostHogJSONResponse({"results": [entry.as_json() for entry in backend.journal.entries(selection)]})


async def clear_journal(request: Request, backend: Backend) -> Response:
    backend.journal.clear()
    return PostHogJSONResponse({"cleared": True})


async def list_faults(request: Request, backend: Backend) -> Response:
    rules = backend.faults.rules(backend.clock.now())
    return PostHogJSONResponse({"results": [rule.as_json() for rule in rules]})


async def add_fault(request: Request, backend: Backend) -> Response:
    rule = backend.faults.add(await _json(request), backend.clock.now())
    return PostHogJSONResponse(rule.as_json(), status_code=201)


async def clear_faults(request: Request, backend: Backend) -> Response:
    backend.faults.clear()
    return PostHogJSONResponse({"cleared": True})


async def remove_fault(request: Request, backend: Backend) -> Response:
    fault_id = _int(request.path_params["fault_id"], "fault_id")
    if fault_id is None or not backend.faults.remove(fault_id):
        raise NotFound(f"No fault rule {fault_id}.")
    return PostHogJSONResponse({"removed": fault_id})


async def get_limits(request: Request, backend: Backend) -> Response:
    settings = backend.settings.limits
    return PostHogJSONResponse(
        {"profile": settings.profile, "overrides": settings.rates, "held": backend.limits.buckets.counts()}
    )


@dataclass(frozen=True)
class ControlEndpoint:
    path: str
    handlers: Mapping[str, ControlHandler]


CONTROL_ENDPOINTS: tuple[ControlEndpoint, ...] = (
    ControlEndpoint("/reset", {"POST": reset}),
    ControlEndpoint("/projects", {"GET": list_projects}),
    ControlEndpoint("/projects/{project_id}/data", {"PUT": replace_data}),
    ControlEndpoint("/projects/{project_id}/events", {"POST": append_events}),
    ControlEndpoint("/clock", {"GET": get_clock, "PUT": set_clock}),
    ControlEndpoint("/clock/advance", {"POST": advance_clock}),
    ControlEndpoint("/journal", {"GET": get_journal, "DELETE": clear_journal}),
    ControlEndpoint("/faults", {"GET": list_faults, "POST": add_fault, "DELETE": clear_faults}),
    ControlEndpoint("/faults/{fault_id}", {"DELETE": remove_fault}),
    ControlEndpoint("/limits", {"GET": get_limits}),
)
# Domain errors a control call can raise, as 400s with their message.
BAD_INPUT = (FixtureError, FaultError, KeysFileError)


async def _serve(endpoint: ControlEndpoint, request: Request, backend: Backend) -> Response:
    if not _admitted(request, backend):
        raise PermissionDenied("The control API answers loopback clients, or clients sending the admin token.")
    handler = endpoint.handlers.get(request.method)
    if handler is None:
        raise MethodNotAllowed(request.method)
    try:
        return await handler(request, backend)
    except BAD_INPUT as error:
        raise ValidationError(str(error)) from None


class _ControlApp:
    def __init__(self, endpoint: ControlEndpoint, backend: Backend) -> None:
        self.endpoint, self.backend = endpoint, backend

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = await guarded(self.backend, _serve(self.endpoint, request, self.backend))
        await response(scope, receive, send)


def control_routes(backend: Backend) -> list[Route]:
    """The control routes, each with and without a trailing slash; they go before PostHog's catch-all."""
    return [
        Route(PREFIX + endpoint.path + slash, _ControlApp(endpoint, backend))
        for endpoint in CONTROL_ENDPOINTS
        for slash in ("", "/")
    ]

"""Routes and the request lifecycle: DRF's order of checks, PostHog's error bodies, no slash redirects.

Each ``Endpoint`` is served at its path with and without a trailing slash (PostHog's ``DefaultRouterPlusPlus``
sets ``trailing_slash = r"/?"`` and ``APPEND_SLASH = False``, so neither form redirects). A request goes through
DRF's ``APIView.dispatch`` order: authentication, then permissions (the project), then the method check (405),
then the handler. Every failure renders as exceptions_hog renders it; anything unexpected is logged and becomes
``500 A server error occurred.``. A path no endpoint serves gets PostHog's ``api_not_found`` answer,
``404 Endpoint not found.`` (``posthog/api/__init__.py``), before any authentication.

DRF's ``initial()`` runs throttles right after authentication and permissions (so a request that fails them is
never counted) and before the method check. A query calculation holds one of the organization's running-query
slots (``limits.py``). Around all of it, two test hooks: fault rules (``faults.py``) are consulted
first, and every request is written to the journal (``journal.py``) with its answer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from mock_server.api.auth import authenticate, authorize_project, authorize_scopes
from mock_server.api.body import RequestBody
from mock_server.api.encoding import PostHogJSONResponse, iso_datetime
from mock_server.backend import Backend, ServedProject
from mock_server.config import Settings
from mock_server.errors import (
    APIError,
    AuthenticationFailed,
    MethodNotAllowed,
    NotAuthenticated,
    NotFound,
    ServerError,
)
from mock_server.faults import DroppedConnection, FaultRule

logger = logging.getLogger("hogmock")

PROJECT_PARAM = "project_ref"
# DRF answers 401 instead of 403 only with a WWW-Authenticate value; PostHog's Bearer authenticators give this.
AUTHENTICATE_HEADER = "Bearer"
# DRF's default action names per method, for list routes and for detail routes (a path parameter after the
# project's); an endpoint names any other action (``draft_sql``, ``upgrade``, …) in ``Endpoint.actions``.
LIST_ACTIONS = {"GET": "list", "HEAD": "list", "POST": "create"}
DETAIL_ACTIONS = {"GET": "retrieve", "HEAD": "retrieve", "PUT": "update", "PATCH": "partial_update",
                  "DELETE": "destroy"}  # fmt: skip
# Actions that run a query and so hold a running-query slot (get_api_personal_rate_limiter).
SLOT_ACTIONS = frozenset({"create"})


@dataclass(frozen=True)
class Call:
    """One authenticated, authorized request, as a handler sees it."""

    request: Request
    backend: Backend
    body: RequestBody
    key: str
    project: ServedProject | None


Handler = Callable[[Call], Awaitable[Response]]


@dataclass(frozen=True)
class Endpoint:
    """A path (without trailing slash) and its handler per HTTP method. ``{project_ref}`` in the path makes
    it project-scoped: the project is resolved and checked before the method."""

    path: str
    handlers: Mapping[str, Handler]
    # The viewset's ``scope_object`` and any action names DRF would not derive from the method.
    scope_object: str = "query"
    actions: Mapping[str, str] = field(default_factory=dict)

    @property
    def project_scoped(self) -> bool:
        return "{" + PROJECT_PARAM + "}" in self.path

    @property
    def detail(self) -> bool:
        return self.path.rstrip("}").count("{") > (1 if self.project_scoped else 0)

    def action(self, method: str) -> str:
        defaults = DETAIL_ACTIONS if self.detail else LIST_ACTIONS
        return self.actions.get(method) or defaults.get(method, method.lower())

    @property
    def allow(self) -> str:
        return ", ".join(self.handlers)


def error_response(error: APIError, settings: Settings) -> Response:
    """The body and status exceptions_hog gives ``error``; auth failures use the configured status."""
    status, headers = error.status, dict(error.headers())
    if isinstance(error, NotAuthenticated | AuthenticationFailed):
        status = settings.auth_failure_status
        if status == 401:
            headers["WWW-Authenticate"] = AUTHENTICATE_HEADER
    return PostHogJSONResponse(error.body(), status_code=status, headers=headers)


def query_kind(body: RequestBody) -> Any:
    """The body's ``query.kind`` (``get_throttles`` reads it), or ``None``; a parse error surfaces later."""
    try:
        query = body.data.get("query") if isinstance(body.data, dict) else None
    except APIError:
        return None
    return query.get("kind") if isinstance(query, dict) else None


def _body_of(request: Request) -> RequestBody:
    """The request's one ``RequestBody`` (made by ``_RequestApp``): the fault rules, the handler and the journal
    share its parse."""
    body: RequestBody = request.state.body
    return body


async def _prepare(endpoint: Endpoint, backend: Backend, request: Request) -> Call:
    body = _body_of(request)
    key = authenticate(request, body, backend)
    action, reference = endpoint.action(request.method), request.path_params.get(PROJECT_PARAM)
    authorize_scopes(key, endpoint.scope_object, action, reference, backend)
    project = None
    if reference is not None:
        project = authorize_project(reference, key, backend)
    limits = project.project if project else None
    backend.limits.check(key, endpoint.scope_object, action, query_kind(body), limits, backend.clock.now())
    return Call(request, backend, body, key, project)


async def _run(endpoint: Endpoint, call: Call, handler: Handler, fault: FaultRule | None) -> Response:
    """The handler's answer, holding a running-query slot for a calculation; a latency fault delays it."""
    action = endpoint.action(call.request.method)
    project = call.project.project if call.project and action in SLOT_ACTIONS else None
    if project is None or endpoint.scope_object != "query":
        await _pause(fault)
        return await handler(call)
    async with call.backend.limits.slot(project.organization, project, None):
        await _pause(fault)
        return await handler(call)


async def _pause(fault: FaultRule | None) -> None:
    """A latency fault's delay (real time: it stands for a slow query or a slow network)."""
    if fault is not None and fault.latency_ms:
        await asyncio.sleep(fault.latency_ms / 1000)


def _fault(backend: Backend, request: Request) -> FaultRule | None:
    return backend.faults.take(request.method, request.url.path, query_kind(_body_of(request)), backend.clock.now())


async def _handle(endpoint: Endpoint, backend: Backend, request: Request) -> Response:
    fault = _fault(backend, request)
    if fault is not None and fault.answers:
        await _pause(fault)
        return fault.response()
    call = await _prepare(endpoint, backend, request)
    handler = endpoint.handlers.get(request.method)
    if handler is None:
        raise MethodNotAllowed(request.method)
    return await _run(endpoint, call, handler, fault)


async def guarded(backend: Backend, work: Awaitable[Response]) -> Response:
    """``work``'s response, or the PostHog error body for what it raised; never a traceback."""
    try:
        return await work
    except APIError as error:
        return error_response(error, backend.settings)
    except Exception:
        logger.exception("Unexpected error while handling a request")
        return error_response(ServerError(), backend.settings)


class _RequestApp:
    """An ASGI app answering every method with ``respond``. (Starlette limits a plain function endpoint to
    GET and HEAD and answers other methods itself, in its own words; an ASGI app sees every request.)"""

    def __init__(self, respond: Callable[[Request], Awaitable[Response]], backend: Backend) -> None:
        self.respond = respond
        self.backend = backend

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request, started = Request(scope, receive), perf_counter()
        at = iso_datetime(self.backend.clock.now())
        body = RequestBody(await request.body(), request.headers.get("content-type"))
        request.state.body = body
        response = await self.respond(request)
        status = None if isinstance(response, DroppedConnection) else response.status_code
        try:
            self.backend.journal.record(
                time=at,
                method=request.method,
                path=request.url.path,
                query=request.url.query,
                headers=dict(request.headers),
                body=body.json,
                status=status,
                duration_ms=(perf_counter() - started) * 1000,
            )
        except Exception:
            # The journal is a test aid: failing to record a request must not fail the request.
            logger.exception("Could not journal a request")
        await response(scope, receive, send)


def _endpoint_app(endpoint: Endpoint, backend: Backend) -> _RequestApp:
    async def serve(request: Request) -> Response:
        response = await guarded(backend, _handle(endpoint, backend, request))
        response.headers["Allow"] = endpoint.allow
        return response

    return _RequestApp(serve, backend)


def _not_found_app(backend: Backend) -> _RequestApp:
    async def not_found(request: Request) -> Response:
        return error_response(NotFound("Endpoint not found."), backend.settings)

    return _RequestApp(not_found, backend)


def build_routes(endpoints: Sequence[Endpoint], backend: Backend) -> list[Route]:
    """Each endpoint with and without its trailing slash, then a catch-all for every other path."""
    routes = [
        Route(path, _endpoint_app(endpoint, backend))
        for endpoint in endpoints
        for path in (endpoint.path, endpoint.path + "/")
    ]
    routes.append(Route("/{path:path}", _not_found_app(backend)))
    return routes

"""Routes and the request lifecycle: DRF's order of checks, PostHog's error bodies, no slash redirects.

Each ``Endpoint`` is served at its path with and without a trailing slash (PostHog's ``DefaultRouterPlusPlus``
sets ``trailing_slash = r"/?"`` and ``APPEND_SLASH = False``, so neither form redirects). A request goes through
DRF's ``APIView.dispatch`` order: authentication, then permissions (the project), then the method check (405),
then the handler. Every failure renders as exceptions_hog renders it; anything unexpected is logged and becomes
``500 A server error occurred.``. A path no endpoint serves gets PostHog's ``api_not_found`` answer,
``404 Endpoint not found.`` (``posthog/api/__init__.py``), before any authentication.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from mock_server.api.auth import authenticate, authorize_project
from mock_server.api.body import RequestBody
from mock_server.api.encoding import PostHogJSONResponse
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

logger = logging.getLogger("hogmock")

PROJECT_PARAM = "project_ref"
# DRF answers 401 instead of 403 only with a WWW-Authenticate value; PostHog's Bearer authenticators give this.
AUTHENTICATE_HEADER = "Bearer"


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

    @property
    def project_scoped(self) -> bool:
        return "{" + PROJECT_PARAM + "}" in self.path

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


async def _prepare(endpoint: Endpoint, backend: Backend, request: Request) -> Call:
    body = RequestBody(await request.body(), request.headers.get("content-type"))
    key = authenticate(request, body, backend)
    project = None
    if endpoint.project_scoped:
        project = authorize_project(request.path_params[PROJECT_PARAM], key, backend)
    return Call(request, backend, body, key, project)


async def _handle(endpoint: Endpoint, backend: Backend, request: Request) -> Response:
    call = await _prepare(endpoint, backend, request)
    handler = endpoint.handlers.get(request.method)
    if handler is None:
        raise MethodNotAllowed(request.method)
    return await handler(call)


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

    def __init__(self, respond: Callable[[Request], Awaitable[Response]]) -> None:
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.respond(Request(scope, receive))
        await response(scope, receive, send)


def _endpoint_app(endpoint: Endpoint, backend: Backend) -> _RequestApp:
    async def serve(request: Request) -> Response:
        response = await guarded(backend, _handle(endpoint, backend, request))
        response.headers["Allow"] = endpoint.allow
        return response

    return _RequestApp(serve)


def _not_found_app(backend: Backend) -> _RequestApp:
    async def not_found(request: Request) -> Response:
        return error_response(NotFound("Endpoint not found."), backend.settings)

    return _RequestApp(not_found)


def build_routes(endpoints: Sequence[Endpoint], backend: Backend) -> list[Route]:
    """Each endpoint with and without its trailing slash, then a catch-all for every other path."""
    routes = [
        Route(path, _endpoint_app(endpoint, backend))
        for endpoint in endpoints
        for path in (endpoint.path, endpoint.path + "/")
    ]
    routes.append(Route("/{path:path}", _not_found_app(backend)))
    return routes

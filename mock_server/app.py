"""The ASGI app: PostHog's routes over one ``Backend``.

Routes are data (``ENDPOINTS``); ``api.routing`` serves each with and without its trailing slash and runs the
request lifecycle. The query route exists under ``/api/projects/:id/`` and, as PostHog's legacy dual route
(``register_legacy_dual_route_team_nested_viewset`` in ``posthog/api/__init__.py``), ``/api/environments/:id/``.
"""

from __future__ import annotations

from starlette.applications import Starlette

from mock_server.api import projects, query, query_actions, query_status
from mock_server.api.control import control_routes
from mock_server.api.routing import PROJECT_PARAM, Endpoint, Handler, build_routes
from mock_server.api.schema import schema_routes
from mock_server.backend import Backend
from mock_server.config import Settings

# The query viewset's list-level actions: (url path, method, handler); the url path is the action's name.
QUERY_ACTIONS: tuple[tuple[str, str, Handler], ...] = (
    ("draft_sql", "GET", query_actions.draft_sql),
    ("upgrade", "POST", query_actions.upgrade),
    ("check_auth_for_async", "POST", query_actions.check_auth_for_async),
    ("chat", "POST", query_actions.chat),
)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(f"/api/projects/{{{PROJECT_PARAM}}}/query", {"POST": query.create}),
    Endpoint(f"/api/environments/{{{PROJECT_PARAM}}}/query", {"POST": query.create}),
    # The viewset's list-level actions go before the detail route, as DRF's router orders them.
    *(
        Endpoint(f"/api/{scope}/{{{PROJECT_PARAM}}}/query/{name}", {method: handler}, actions={method: name})
        for scope in ("projects", "environments")
        for name, method, handler in QUERY_ACTIONS
    ),
    # query/<id>/ (retrieve, destroy) and query/<Kind>/ (create_with_kind) share one path pattern.
    *(
        Endpoint(
            f"/api/{scope}/{{{PROJECT_PARAM}}}/query/{{{query_status.QUERY_ID_PARAM}}}",
            {"GET": query_actions.retrieve, "DELETE": query_actions.destroy, "POST": query_actions.create_with_kind},
            actions={"POST": "create_with_kind"},
        )
        for scope in ("projects", "environments")
    ),
    *(
        Endpoint(
            f"/api/{scope}/{{{PROJECT_PARAM}}}/query/{{{query_status.QUERY_ID_PARAM}}}/log",
            {"GET": query_actions.get_query_log},
            actions={"GET": "get_query_log"},
        )
        for scope in ("projects", "environments")
    ),
    Endpoint("/api/projects", {"GET": projects.list_projects, "HEAD": projects.list_projects}, scope_object="project"),
)


def create_app(backend: Backend) -> Starlette:
    """The app serving ``backend``; ``app.state.backend`` gives tests and tools access to it."""
    # The control API (/_hogmock/...) goes first: build_routes ends with PostHog's catch-all 404.
    # /api/schema/ (the OpenAPI document of ENDPOINTS) is public, as PostHog's; it too goes first.
    routes = [*control_routes(backend), *schema_routes(ENDPOINTS), *build_routes(ENDPOINTS, backend)]
    app = Starlette(routes=routes)
    # Every path has a route (the catch-all answers 404), so Starlette never redirects a slash; say so anyway.
    app.router.redirect_slashes = False
    app.state.backend = backend
    return app


def app_from_settings(settings: Settings) -> Starlette:
    return create_app(Backend(settings))

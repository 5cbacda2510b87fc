"""``GET /api/schema/``: hogmock's OpenAPI document (``openapi.py``), built once from the route table.

PostHog serves its drf-spectacular document at ``api/schema/`` (``posthog/urls.py``), outside the API router and
readable without credentials, so this route skips the request lifecycle of ``api/routing.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mock_server.api.encoding import PostHogJSONResponse
from mock_server.api.routing import Endpoint
from mock_server.openapi import SCHEMA_PATH, build_document


def schema_routes(endpoints: Sequence[Endpoint]) -> list[Route]:
    """The document's route; it goes before PostHog's catch-all 404."""
    document = build_document(endpoints)

    async def serve(request: Request) -> Response:
        return PostHogJSONResponse(document)

    return [Route(SCHEMA_PATH, serve, methods=["GET"])]

"""``POST /api/projects/:id/query/`` (and its ``/api/environments/:id/`` alias): run a query.

As PostHog's ``QueryViewSet.create`` (``posthog/api/query.py``): validate the body as a ``QueryRequest``, run the
query for the project, answer 200 with the response model dumped whole (every key, ``null`` when unset). The
runner blocks on DuckDB, so it runs in a worker thread. hogmock calculates every refresh mode synchronously.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from mock_server.api.encoding import PostHogJSONResponse
from mock_server.api.routing import Call
from mock_server.runner import parse_query_request, run_query


async def create(call: Call) -> Response:
    request = parse_query_request(call.body.data)
    assert call.project is not None  # the route is project-scoped
    body = await run_in_threadpool(run_query, request, call.project, call.backend.clock.now())
    return PostHogJSONResponse(body)

"""``POST /api/projects/:id/query/`` (and its ``/api/environments/:id/`` alias): run a query.

As PostHog's ``QueryViewSet.create`` (``posthog/api/query.py``): validate the body as a ``QueryRequest``, run the
query for the project, answer 200 with the response model dumped whole (every key, ``null`` when unset). The
runner blocks on DuckDB, so it runs in a worker thread. ``refresh`` (and the deprecated ``async``) picks the
execution mode (``runner/modes.py``); the query id is ``client_query_id``, else ``uuid7().hex``. The answer is
202 when it carries a ``query_status`` that is not complete, else 200. The ``X-Hogmock-*`` headers set the async
test knobs for this request (``runner/jobs.py``).
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from mock_server.api.encoding import PostHogJSONResponse
from mock_server.api.routing import Call
from mock_server.runner import INLINE_KINDS, parse_query_request, runner_for
from mock_server.runner.jobs import knobs_from
from mock_server.runner.modes import QueryCall, execution_mode, respond
from mock_server.runner.status import new_query_id


async def create(call: Call) -> Response:
    request = parse_query_request(call.body.data)
    assert call.project is not None  # the route is project-scoped
    inline = INLINE_KINDS.get(request.kind)
    if inline is not None:  # computed inline, ignoring refresh and caching (posthog/api/services/query.py)
        now = call.backend.clock.now()
        return PostHogJSONResponse(await run_in_threadpool(inline, request.query, call.project, now))
    choice = execution_mode(request.refresh, call.body.data.get("async"))
    knobs = knobs_from(call.request.headers, call.backend.knobs)
    query_id = request.client_query_id or new_query_id()
    query = QueryCall(call.backend, call.project, request.query, runner_for(request.kind), query_id, knobs)
    body = await run_in_threadpool(respond, query, choice)
    status = body.get("query_status")
    return PostHogJSONResponse(body, status_code=202 if status and status["complete"] is False else 200)

"""``GET`` and ``DELETE /api/projects/:id/query/:query_id/``: an async query's status, and cancelling it.

``QueryViewSet.retrieve`` (``posthog/api/query.py``) answers ``{"query_status": …}`` through Django's
``JsonResponse``: 202 while the query runs, 200 once complete, 400 for a failure with a message, 500 for one
without; an unknown or expired id is ``404 Query <id> not found for team <team>``. ``show_progress=true`` (or the
legacy ``showProgress=true``) fills ``query_progress`` while the query runs. Django's encoder writes datetimes with
milliseconds (``DjangoJSONEncoder``), while ``results`` keeps the create endpoint's encoding: PostHog stored it
rendered by ``SafeJSONRenderer``.

``QueryViewSet.destroy`` answers ``200 {"message": …}`` (``cancel_query``). PostHog's OpenAPI annotation and public
docs say ``204 Query cancelled``; ``Settings.cancel_status`` (``--cancel-status 204``) gives that instead, with no
body. 200 is the default because it is what PostHog's code returns.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from mock_server.api.encoding import PostHogJSONResponse, render
from mock_server.api.routing import Call
from mock_server.runner.status import PROGRESS_KEYS, QueryStatus

QUERY_ID_PARAM = "query_id"
TIME_FIELDS = ("start_time", "pickup_time", "end_time", "expiration_time")
TRUE = "true"  # the views compare query parameters with the string "true", nothing else


def django_datetime(value: datetime) -> str:
    """``DjangoJSONEncoder``'s datetime: ISO 8601, microseconds cut to milliseconds, ``+00:00`` as ``Z``."""
    text = value.isoformat()
    if value.microsecond:
        text = text[:23] + text[26:]
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def status_body(status: QueryStatus) -> dict[str, Any]:
    """``QueryStatusResponse.model_dump()`` as ``JsonResponse`` writes it."""
    body = status.to_dict()
    for name in TIME_FIELDS:
        if body[name] is not None:
            body[name] = django_datetime(body[name])
    if body["results"] is not None:
        body["results"] = json.loads(render(body["results"]))
    return {"query_status": body}


def http_status(status: QueryStatus) -> int:
    if status.error:
        return 400 if status.error_message else 500
    return 200 if status.complete else 202


def _target(call: Call) -> tuple[int, str]:
    assert call.project is not None  # the route is project-scoped
    return call.project.project.id, call.request.path_params[QUERY_ID_PARAM]


async def retrieve(call: Call) -> Response:
    team_id, query_id = _target(call)
    jobs, params = call.backend.jobs, call.request.query_params
    # A poll may release a transition (X-Hogmock-Transition-Polls) and wait for it, so not on the event loop.
    await run_in_threadpool(jobs.observe, team_id, query_id)
    status = call.backend.statuses.require(team_id, query_id)
    if TRUE in (params.get("show_progress"), params.get("showProgress")) and not status.complete:
        # get_clickhouse_progresses sums what it knows: zeros when nothing has been read yet.
        status.query_progress = jobs.progress(team_id, query_id) or dict.fromkeys(PROGRESS_KEYS, 0)
    return PostHogJSONResponse(status_body(status), status_code=http_status(status))


async def destroy(call: Call) -> Response:
    team_id, query_id = _target(call)
    dequeue_only = call.request.query_params.get("dequeue_only") == TRUE
    message = await run_in_threadpool(call.backend.jobs.cancel_query, team_id, query_id, dequeue_only)
    if call.backend.settings.cancel_status == 204:
        return Response(status_code=204)
    return PostHogJSONResponse({"message": message})

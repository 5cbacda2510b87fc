"""Async query figures: how fast DELETE interrupts a running DuckDB query, and what a polling client sees.

Prints (1) the cancel latency: from sending ``DELETE query/:id/`` for a running ~5-second query to its worker
being free again, over several runs; (2) for a ``force_async`` query with a 1 s simulated duration
(``X-Hogmock-Min-Duration: 1``), how many ``GET query/:id/`` polls (every ``--interval`` seconds) and how long
the client needs until the status is complete. In-process (Starlette's TestClient), so no server is left behind.

    .venv/bin/python bench/async_queries.py [--runs 5] [--interval 0.1]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.config import DEFAULT_API_KEY, Settings
from tests.conftest import HTTP_NOW, HTTP_PROJECT_ID, write_http_dataset

URL = f"/api/projects/{HTTP_PROJECT_ID}/query/"
HEADERS = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}
SLOW = "select sum(a.number * b.number) from numbers(100000) a cross join numbers(6500) b"


def wait(condition: object, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.001)


def cancel_latency(client: TestClient, backend: Backend, run: int) -> float:
    query_id = f"cancel-{run}"
    body = {"query": {"kind": "HogQLQuery", "query": SLOW}, "refresh": "force_async", "client_query_id": query_id}
    client.post(URL, json=body, headers=HEADERS)
    wait(lambda: backend.jobs.running(HTTP_PROJECT_ID) == 1)
    time.sleep(0.5)  # DuckDB is well into the query
    job = backend.jobs._jobs[(HTTP_PROJECT_ID, query_id)]
    started = time.perf_counter()
    client.delete(f"{URL}{query_id}/", headers=HEADERS)
    wait(lambda: job.finished.is_set() and backend.jobs.running(HTTP_PROJECT_ID) == 0)
    return time.perf_counter() - started


def poll_until_complete(client: TestClient, interval: float) -> tuple[int, float]:
    body = {"query": {"kind": "HogQLQuery", "query": "select count() from events"}, "refresh": "force_async"}
    started = time.perf_counter()
    query_id = client.post(URL, json=body, headers={**HEADERS, "X-Hogmock-Min-Duration": "1"}).json()
    polls = 0
    while True:
        polls += 1
        response = client.get(f"{URL}{query_id['query_status']['id']}/", headers=HEADERS)
        if response.status_code != 202:
            return polls, time.perf_counter() - started
        time.sleep(interval)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--interval", type=float, default=0.1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        backend = Backend(Settings(data_dir=write_http_dataset(Path(directory) / "data"), now=HTTP_NOW))
        with TestClient(create_app(backend)) as client:
            latencies = [cancel_latency(client, backend, run) for run in range(args.runs)]
            polls = [poll_until_complete(client, args.interval) for _ in range(args.runs)]
        backend.jobs.cancel_all()
    ms = sorted(latency * 1000 for latency in latencies)
    print(f"cancel latency (DELETE sent → DuckDB interrupted, worker free), {args.runs} runs:")
    print(f"  min {ms[0]:.1f} ms, median {statistics.median(ms):.1f} ms, max {ms[-1]:.1f} ms")
    print(f"force_async with a 1 s simulated duration, polling every {args.interval:.2f} s, {args.runs} runs:")
    for count, seconds in polls:
        print(f"  {count} polls, complete after {seconds:.3f} s")


if __name__ == "__main__":
    main()

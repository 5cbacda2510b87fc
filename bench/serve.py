"""Benchmark: time from ``hogmock serve`` to its first answer, and the latency of the README's query.

Starts the real CLI in a subprocess on a free port with the bundled dataset and a frozen clock, polls the
README's HogQL query until it answers 200, then times ``--requests`` more of the same request, once as sent
(``refresh`` ``blocking``: answered from the result cache after the first) and once with ``force_blocking``
(calculated every time). Prints figures; asserts nothing (performance lives here, not in tests).

    .venv/bin/python bench/serve.py [--requests 200]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time

import httpx

from mock_server.config import DEFAULT_API_KEY

QUERY = {"query": {"kind": "HogQLQuery", "query": "select event, count() from events group by event order by event"}}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def first_answer(client: httpx.Client, url: str, started: float, deadline: float = 60.0) -> float:
    """Seconds from ``started`` until the query first answers 200."""
    while time.perf_counter() - started < deadline:
        try:
            if client.post(url, json=QUERY).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            time.sleep(0.01)
    raise SystemExit("hogmock did not answer within the deadline")


def latencies(client: httpx.Client, url: str, count: int, refresh: str) -> list[float]:
    timings = []
    for _ in range(count):
        began = time.perf_counter()
        client.post(url, json={**QUERY, "refresh": refresh}).raise_for_status()
        timings.append((time.perf_counter() - began) * 1000)
    return sorted(timings)


def report(refresh: str, timings: list[float]) -> None:
    p95 = timings[int(len(timings) * 0.95) - 1]
    median = statistics.median(timings)
    print(f"{refresh}: latency over {len(timings)} requests: median {median:.2f} ms, p95 {p95:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    port = free_port()
    # Rate limits off: the benchmark sends more than PostHog's 240 requests a minute.
    command = [sys.executable, "-m", "mock_server", "serve", "--port", str(port), "--now", "2026-11-20T12:00:00Z"]
    command += ["--rate-limits", "off"]
    started = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api/projects/1/query/"
    try:
        with httpx.Client(headers={"Authorization": f"Bearer {DEFAULT_API_KEY}"}, timeout=30) as client:
            startup = first_answer(client, url, started)
            runs = {
                refresh: latencies(client, url, args.requests, refresh) for refresh in ("blocking", "force_blocking")
            }
    finally:
        server.terminate()
        server.wait()
    print(f"start to first answer: {startup * 1000:.0f} ms")
    for refresh, timings in runs.items():
        report(refresh, timings)


if __name__ == "__main__":
    main()

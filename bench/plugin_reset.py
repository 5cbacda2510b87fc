"""Prints what the pytest plugin's per-test reset costs in each mode, and what starting a hogmock costs.

.venv/bin/python bench/plugin_reset.py --resets 200
"""

from __future__ import annotations

import argparse
import statistics
import time

from mock_server.config import Settings
from mock_server.control import Control
from mock_server.pytest_plugin import FROZEN_NOW, SERVERS, Hogmock, HttpxTransport


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resets", type=int, default=200)
    args = parser.parse_args()
    for mode, start in SERVERS.items():
        began = time.perf_counter()
        with start(Settings(now=FROZEN_NOW)) as server:
            started = time.perf_counter() - began
            with server.client() as client:
                handle = Hogmock(server, client, Control(HttpxTransport(client)))
                timings = []
                for _ in range(args.resets):
                    t = time.perf_counter()
                    handle.reset()
                    timings.append((time.perf_counter() - t) * 1000)
                server.data_changed = True
                t = time.perf_counter()
                handle.reset()
                reload_ms = (time.perf_counter() - t) * 1000
        print(
            f"{mode}: start {started * 1000:.0f} ms; reset median {statistics.median(timings):.2f} ms, "
            f"p95 {sorted(timings)[int(len(timings) * 0.95)]:.2f} ms; reset with data reload {reload_ms:.0f} ms"
        )


if __name__ == "__main__":
    main()

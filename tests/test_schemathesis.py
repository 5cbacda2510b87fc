"""Schemathesis against a live hogmock (uvicorn on a free port): every operation of ``/api/schema/``, bounded
examples, and no server error or non-conforming response.

The CLI runs in a subprocess with a fixed seed and no example database, so the run is repeatable and leaves
nothing behind; its figures (operations, test cases, failures) are printed for the record.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from mock_server.config import Settings
from mock_server.pytest_plugin import FROZEN_NOW, uvicorn_server

MAX_EXAMPLES = 15
SEED = 20261120
# Server errors and every conformance check of a response against the document.
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance," \
         "response_headers_conformance"  # fmt: skip


def schemathesis_command() -> list[str]:
    # schemathesis is a declared test dependency, installed beside this interpreter by `make test`.
    found = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert found is not None, "schemathesis is not installed: pip install -e '.[test]'"
    return [found]


def test_every_operation_conforms_without_server_errors(tmp_path: Path) -> None:
    command = schemathesis_command()
    with uvicorn_server(Settings(now=FROZEN_NOW)) as server:
        result = subprocess.run(
            [
                *command, "run", f"{server.base_url}/api/schema/",
                "--header", f"Authorization: Bearer {server.api_key}",
                "--checks", CHECKS, "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED),
                "--generation-database", "none", "--no-color", "--workers", "1",
                "--report", "junit", "--report-dir", str(tmp_path),
            ],
            capture_output=True, text=True, timeout=540, check=False, cwd=tmp_path,  # its cache stays out of the repo
        )  # fmt: skip
    summary = result.stdout[result.stdout.rfind("SUMMARY") :]
    print(summary)
    assert result.returncode == 0, result.stdout[-6000:]
    selected = re.search(r"Selected: (\d+)/(\d+)", summary)
    tested = re.search(r"Tested: (\d+)", summary)
    assert selected and tested and selected[1] == selected[2] == tested[1], summary
    assert re.search(r"Test cases:\s+\d+ generated, \d+ passed", summary), summary

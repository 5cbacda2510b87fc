# Two commands do all set-up from a fresh clone: `make serve` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RUNTIME := $(VENV)/.runtime

.PHONY: serve test lint typecheck unit bench clean fixtures contract schemathesis

# `make serve` needs only the runtime; `make test` adds the test tools and the differential oracles (chdb is large).
$(RUNTIME): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(PY) -m pip install --quiet -e '.[test,diff]'
	touch $(STAMP)

serve: $(RUNTIME)
	$(VENV)/bin/hogmock serve

lint: $(STAMP)
	$(VENV)/bin/ruff check mock_server tests contract_tests bench scripts
	$(VENV)/bin/ruff format --check mock_server tests contract_tests bench scripts

typecheck: $(STAMP)
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(PY) -m pytest

test: lint typecheck unit

# The contract suite alone (against hogmock; add --posthog-host/--posthog-api-key/--posthog-project-id for PostHog).
contract: $(STAMP)
	$(PY) -m pytest contract_tests

# Schemathesis against a live hogmock, every operation of /api/schema/ (also part of `unit`).
schemathesis: $(STAMP)
	$(PY) -m pytest -s tests/test_schemathesis.py

# Benchmarks print figures and assert nothing; they run from the repository root (some reuse test helpers).
bench: $(STAMP)
	PYTHONPATH=. $(PY) bench/serve.py
	PYTHONPATH=. $(PY) bench/translate.py
	PYTHONPATH=. $(PY) bench/async_queries.py
	PYTHONPATH=. $(PY) bench/plugin_reset.py

fixtures: $(STAMP)
	$(PY) scripts/make_fixtures.py fixtures/default

clean:
	rm -rf $(VENV)

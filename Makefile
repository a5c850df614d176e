# dp-analysis: `make serve` and `make test` set up everything they need first.
# Run `make` or `make help` to list the targets.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTHON_STAMP := $(VENV)/.dp-analysis-installed
NODE_STAMP := node_modules/.dp-analysis-installed
CONSTRAINTS := requirements/constraints.txt

# `make test PYTEST_ARGS="-m 'not browser' -x"` passes options to pytest.
PYTEST_PATHS ?= src tests
PYTEST_ARGS ?=
# A test that runs longer than this (seconds, setup and teardown included)
# stops the run with every thread's stack printed. The "thread" method is
# used because "signal" cannot break a deadlock inside a test's teardown.
export PYTEST_TIMEOUT ?= 900
PYTEST_TIMEOUT_METHOD ?= thread
SERVE_ARGS ?=

.PHONY: help setup system node python services serve test lint format hooks lock \
	clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-9s %s\n", $$1, $$2}' \
		$(MAKEFILE_LIST)

setup: system node python ## install Debian packages, axe-core and the .venv

system: ## install the missing Debian packages (postgresql, chromium, fonts)
	@scripts/install-system.sh

node: $(NODE_STAMP) ## install axe-core from package-lock.json (npm ci)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

python: $(PYTHON_STAMP) ## create .venv and install the project with pinned versions

$(PYTHON_STAMP): pyproject.toml $(CONSTRAINTS)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "make: $(PYTHON) is older than Python 3.11" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check \
		-c $(CONSTRAINTS) -e '.[dev]'
	touch $@

services: ## start PostgreSQL and print DP_ANALYSIS_TEST_DATABASE_URL
	@scripts/services.sh

serve: setup ## set up, then serve the dashboards on 127.0.0.1
	@if $(BIN)/python -c 'import importlib.util as u, sys; \
			sys.exit(u.find_spec("dp_analysis.cli.serve") is None)'; then \
		exec $(BIN)/dp-analysis serve $(SERVE_ARGS); \
	else \
		echo "make serve: no dashboards yet; showing the month's summary" >&2; \
		exec $(BIN)/dp-analysis summary; \
	fi

test: setup ## set up, start PostgreSQL, run the whole test suite
	@services_env=$$(scripts/services.sh); eval "$$services_env"; \
	status=0; \
	$(BIN)/python -m pytest -o timeout_method=$(PYTEST_TIMEOUT_METHOD) \
		$(PYTEST_PATHS) $(PYTEST_ARGS) || status=$$?; \
	if [[ $$status -eq 5 ]]; then \
		echo "make test: pytest collected no tests, which counts as a failure" >&2; \
		exit 1; \
	fi; \
	exit $$status

lint: python ## ruff check, ruff format --check and mypy on the package
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: python ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

hooks: python ## install the pre-commit hooks into this clone
	$(BIN)/pre-commit install

lock: python ## re-pin requirements/constraints.txt from .venv
	scripts/lock.sh

clean: ## remove caches and test artifacts (keeps .venv and node_modules)
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis test-artifacts

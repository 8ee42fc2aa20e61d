# Concerto — `make help` lists the targets.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.app: pyproject.toml requirements.lock
	@scripts/bootstrap-python.sh $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -c requirements.lock -e .
	@touch $@

$(VENV)/.test: $(VENV)/.app
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	@touch $@

run: $(VENV)/.app ## Install, migrate, load the demo, serve on http://127.0.0.1:$(PORT) with the task worker
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo
	PORT=$(PORT) scripts/serve-dev.sh $(PY)

test: $(VENV)/.test ## Install the test tools (Chromium, axe-core, vnu) and run the whole suite
	scripts/install-test-tools.sh
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.test ## Lint and check formatting
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

messages: $(VENV)/.app ## Update and compile the translation catalogues (needs gettext)
	cd src/concerto && ../../$(PY) ../../manage.py makemessages -l en --no-obsolete -i "*/demo_content.py" && ../../$(PY) ../../manage.py compilemessages -l en

bench-load: $(VENV)/.app ## Load test: 500 visitors and 100 participants for 5 minutes (locust; see bench/README.md)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[bench]'
	$(PY) bench/load.py

clean: ## Remove the virtual environment and the local data (database, uploads)
	rm -rf $(VENV) var node_modules

.PHONY: help run test lint messages clean bench-load

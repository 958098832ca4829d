# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages WeasyPrint needs at run time (Pango, HarfBuzz, fontconfig), and gettext for translators.
SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-liberation2 poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run dev test e2e install system-deps venv migrate demo static logins serve lint check-migrations messages ci clean load-test

run: install migrate demo static serve ## install, migrate, load the demo ward and serve it (gunicorn + worker) on http://127.0.0.1:8000

dev: install migrate demo ## the same with Django's runserver (autoreload, DEBUG on) and the worker
	@$(MAKE) --no-print-directory logins
	@trap 'kill 0' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(PY) manage.py worker --queue-name default >/tmp/ward-election-worker.log 2>&1 & \
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install ## the whole suite except the browser tests (DATABASE_URL picks the database)
	$(PY) -m pytest -m "not e2e" -q -n 2 --dist loadfile

e2e: install ## browser tests in headless Chromium (Debian's chromium package)
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	$(PY) -m pytest -m e2e -q tests/e2e

install: system-deps $(VENV)/.installed

system-deps:
	@missing=""; for p in $(SYSTEM_LIBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@# Debian's python3 creates virtualenvs only with python3-venv installed.
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { echo "Installing python3-venv"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; }

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

migrate: install
	$(PY) manage.py migrate --noinput

demo: install
	$(PY) manage.py load_demo

static: install ## compressed, content-hashed static files for whitenoise (staticfiles/)
	$(PY) manage.py collectstatic --noinput -v0

logins:
	@echo ""
	@echo "  Phường Hương Xuân (dữ liệu mẫu / sample data) on http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password for all: demo2021):"
	@$(PY) manage.py demo_logins
	@echo ""

# gunicorn and the background worker under supervisord, which restarts either when it dies (config/supervisord.conf).
# The demo is served over plain HTTP on this machine, so the HTTPS-only defaults of DEBUG-off settings are turned
# off here unless set in the environment; a real installation serves HTTPS behind nginx (docs/deploy.md).
serve:
	@$(MAKE) --no-print-directory logins
	@mkdir -p var
	DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0} DJANGO_SECURE_COOKIES=$${DJANGO_SECURE_COOKIES:-0} \
	DJANGO_HSTS_SECONDS=$${DJANGO_HSTS_SECONDS:-0} GUNICORN_BIND=$(HOST):$(PORT) \
	  exec $(VENV)/bin/supervisord -c config/supervisord.conf

load-test: install ## 20 clients x 30 s of mixed office work against gunicorn + worker on 127.0.0.1 (bench/load_office.py)
	$(PY) bench/load_office.py

lint: install ## ruff (lint and format), the import layers (docs/architecture.md) and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

ADMIN := $(CURDIR)/$(VENV)/bin/django-admin
# Each app keeps its own catalogue; the project one (templates/, config/, audit/) must not swallow
# templates/accounts etc., hence the './'-anchored ignores. Translate what is new, then compile.
messages: install ## refresh every Vietnamese catalogue from the code, then compile them
	$(ADMIN) makemessages -l vi --ignore './.venv' --ignore './residents' --ignore './accounts' --ignore './elections' \
	  --ignore './reports' --ignore tests --ignore './bench' --ignore './static' --ignore './docs'
	for app in accounts residents reports elections/candidates elections/termreports elections/conference elections/count; do \
	  (cd $$app && $(ADMIN) makemessages -l vi) || exit 1; done
	cd elections && $(ADMIN) makemessages -l vi --ignore 'candidates' --ignore 'termreports' --ignore 'conference' --ignore 'count'
	$(ADMIN) compilemessages --ignore '.venv' -l vi

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

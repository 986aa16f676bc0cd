# Manabi DX CMS — the two commands in the README, and the steps behind them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 0.0.0.0
PORT ?= 8000

.PHONY: help run test lint format messages services migrate demo bench prodcheck clean fuzz fonts

help:
	@echo "make run    – quick start: venv, messages, migrate, demo content, serve on $(HOST):$(PORT)"
	@echo "make test   – provision PostgreSQL + Elasticsearch on loopback, then ruff and pytest"
	@echo "make bench  – search benchmark on 100k synthetic courses, API and load tests (var/bench/)"
	@echo "make prodcheck – the production shape and its fault tests at length"

# The venv is rebuilt only when pyproject.toml or setup.py change.
$(BIN)/.installed: pyproject.toml setup.py
	@echo "==> venv: installing the project into $(VENV)"
	@test -n "$(PYTHON)" || { echo "make: FAILED at step venv: no python3.11 on PATH" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "make: FAILED at step venv: python -m venv" >&2; exit 1; }
	@$(BIN)/python -m pip install -q --upgrade pip || { echo "make: FAILED at step venv: pip upgrade" >&2; exit 1; }
	@$(BIN)/python -m pip install -q -e ".[dev]" || { echo "make: FAILED at step venv: pip install -e .[dev]" >&2; exit 1; }
	@touch $@

venv: $(BIN)/.installed

messages: $(BIN)/.installed
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq gettext >/dev/null; } \
		|| { echo "make: FAILED at step messages: msgfmt (Debian package gettext) is missing" >&2; exit 1; }
	@$(MANAGE) compilemessages --ignore=.venv --ignore=var -v0 || { echo "make: FAILED at step messages" >&2; exit 1; }

migrate: messages
	@echo "==> migrate"
	@$(MANAGE) migrate --noinput -v0 || { echo "make: FAILED at step migrate" >&2; exit 1; }

demo: migrate
	@echo "==> load_demo"
	@$(MANAGE) load_demo || { echo "make: FAILED at step load_demo" >&2; exit 1; }

# gbizid: `make run` also serves the demo gBizID provider on loopback, unless GBIZID_ISSUER names
# a real one; it stops with the site. Demo partner accounts are listed in the README.
GBIZID_DEMO_PORT ?= 8001

run: demo fonts
	@echo "==> serving on http://$(HOST):$(PORT)/  (admin: /admin/)"
	@if [ -z "$${GBIZID_ISSUER:-}" ]; then \
		echo "==> gBizID demo provider on http://127.0.0.1:$(GBIZID_DEMO_PORT)/ (sign in at /admin/login/ with 「gBizIDでログイン」)"; \
		$(BIN)/python -m manabi.gbizid.demo_provider --port $(GBIZID_DEMO_PORT) & \
		trap "kill $$! 2>/dev/null" EXIT INT TERM; \
	fi; \
	GBIZID_DEMO_PORT=$(GBIZID_DEMO_PORT) $(MANAGE) runserver $(HOST):$(PORT)

# reports (#13): the annual report PDF (WeasyPrint) embeds Debian's Noto CJK; Pango draws the text.
fonts:
	@fc-list 2>/dev/null | grep -q "Noto Sans CJK" && ldconfig -p | grep -q libpangoft2 || { \
		[ "$$(id -u)" = 0 ] && flock /tmp/apt.lock apt-get install -y -qq fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; } \
		|| { echo "make: FAILED at step fonts (Debian packages fonts-noto-cjk, libpangoft2-1.0-0)" >&2; exit 1; }

services:
	@bash tests/services/provision.sh || { echo "make: FAILED at step services (PostgreSQL/Elasticsearch)" >&2; exit 1; }

lint: $(BIN)/.installed
	@echo "==> ruff"
	@$(BIN)/ruff check . && $(BIN)/ruff format --check . || { echo "make: FAILED at step lint (run 'make format')" >&2; exit 1; }

format: $(BIN)/.installed
	@$(BIN)/ruff check --fix . && $(BIN)/ruff format .

test: messages services fonts lint browser
	@echo "==> pytest"
	@$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# Benchmarks run against their own database and index prefix.
BENCH_DB_URL ?= postgres://manabi:manabi@127.0.0.1:5432/manabi_bench
BENCH_ENV = DJANGO_SETTINGS_MODULE=manabi.settings.test DATABASE_URL=$(BENCH_DB_URL) SEARCH_INDEX_PREFIX=bench-

bench: messages services
	@echo "==> bench database"
	@PGPASSWORD=manabi psql -h 127.0.0.1 -U manabi -d manabi -qtAc "SELECT 1 FROM pg_database WHERE datname='manabi_bench'" | grep -q 1 \
		|| PGPASSWORD=manabi createdb -h 127.0.0.1 -U manabi manabi_bench
	@$(BENCH_ENV) $(MANAGE) migrate --noinput -v0
	@echo "==> search benchmark"
	@$(BENCH_ENV) $(MANAGE) bench_search $(BENCH_ARGS)
	@echo "==> API benchmark (gunicorn, 2 workers)"
	@$(BENCH_ENV) $(MANAGE) bench_api $(BENCH_API_ARGS)
	@# search (#10): search API and learner page under 500 distinct URLs vs Wagtail baselines
	@echo "==> search API and learner page benchmark (gunicorn, 2 workers, distinct URLs)"
	@$(BENCH_ENV) $(MANAGE) bench_search_api $(BENCH_SEARCH_API_ARGS)
	@echo "==> load test (locust; web + worker + scheduler at 2 and 4 gunicorn workers, demo data)"
	@PGPASSWORD=manabi psql -h 127.0.0.1 -U manabi -d manabi -qtAc "SELECT 1 FROM pg_database WHERE datname='manabi_load'" | grep -q 1 \
		|| { PGPASSWORD=manabi createdb -h 127.0.0.1 -U manabi manabi_load \
			&& $(LOAD_ENV) $(MANAGE) migrate --noinput -v0 \
			&& $(LOAD_ENV) $(MANAGE) load_demo --no-superuser >/dev/null; }
	@$(LOAD_ENV) SEARCH_BACKEND=elasticsearch $(MANAGE) search_index --rebuild >/dev/null
	@$(LOAD_ENV) $(MANAGE) bench_load $(BENCH_LOAD_ARGS)

# The load test runs on the demo catalogue (the real size: ~800 courses) in its own database.
LOAD_ENV = DJANGO_SETTINGS_MODULE=manabi.settings.test DATABASE_URL=postgres://manabi:manabi@127.0.0.1:5432/manabi_load SEARCH_INDEX_PREFIX=load- ELASTICSEARCH_URL=$${ELASTICSEARCH_URL:-http://127.0.0.1:9200}

# The production shape at length: processes, faults (Elasticsearch also killed and cold-started).
prodcheck: messages services
	@echo "==> production shape and faults (PRODCHECK_LONG=1)"
	@PRODCHECK_LONG=1 $(BIN)/pytest tests/prod -m "prodshape or faults" -v $(PYTEST_ARGS)

# --- public (#14): the browser the e2e tests drive (Debian's chromium; Playwright's own download is
# not used). apt runs under a lock because several worktrees may install at once.
CHROMIUM ?= /usr/bin/chromium
.PHONY: browser
browser:
	@test -x $(CHROMIUM) || { [ "$$(id -u)" = 0 ] && flock /tmp/apt.lock apt-get update -qq \
		&& flock /tmp/apt.lock apt-get install -y -qq chromium >/dev/null; } \
		|| { echo "make: FAILED at step browser: $(CHROMIUM) (Debian package chromium) is missing" >&2; exit 1; }
# --- end public

# ---- API fuzzing (helper api) -------------------------------------------------------------
# A randomised schemathesis run of every /api/v3/ operation against gunicorn on its own database.
FUZZ_SECONDS ?= 360

fuzz: messages services
	@echo "==> schemathesis, $(FUZZ_SECONDS) s"
	@bash tests/fuzz/run.sh $(FUZZ_SECONDS) || { echo "make: FAILED at step fuzz" >&2; exit 1; }

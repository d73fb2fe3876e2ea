# Innovation Garden portal. `make run` to try it, `make test` to check it. See README.md.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

E2E_DEPS := tests/e2e/node_modules/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint format serve translations messages lock clean browser backup restore bench bench-smoke wrk schema

# The virtualenv, with exactly the locked packages; rebuilt when the lock file changes.
$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $(STAMP)

translations: $(STAMP)
	$(PY) manage.py compile_translations

# The embedded default: SQLite in var/, Celery tasks inline, email on the console.
run: translations
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: translations lint browser wrk $(E2E_DEPS)
	$(VENV)/bin/pytest

# Debian's Chromium for the browser tests (Playwright's own browser download does not work here).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Chromium with apt-get for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium. Run: sudo apt-get install -y chromium"; exit 1; \
	  fi; }

# wrk, the load generator of the benchmark (Debian's package); its smoke run is part of `make test`.
wrk:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing wrk with apt-get for the benchmark"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "The benchmark needs wrk. Run: sudo apt-get install -y wrk"; exit 1; \
	  fi; }

# The benchmark (bench/README.md): seeds a city of 100,000 ideas into its own PostgreSQL database
# and measures the key pages under load. `make bench-smoke` is the same with a tiny city.
bench: translations wrk
	$(PY) -m bench.run $(BENCH_ARGS)

bench-smoke: translations wrk
	$(PY) -m bench.run --smoke $(BENCH_ARGS)

# axe-core, from the npm registry, which the browser tests inject to check accessibility.
$(E2E_DEPS): tests/e2e/package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	  else echo "The browser tests need npm. Run: sudo apt-get install -y npm"; exit 1; fi; }
	cd tests/e2e && npm ci --no-audit --no-fund --silent
	touch $@

# The production shape, locally: PostgreSQL, Redis, gunicorn, a Celery worker and beat.
serve: translations
	./scripts/serve

# Back up the database named by DATABASE_URL (pg_dump on PostgreSQL) into var/backups/, and
# restore one: make restore FILE=var/backups/garden-....dump
backup: $(STAMP)
	$(PY) manage.py backup

restore: $(STAMP)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/<file>.dump"; exit 1; }
	$(PY) manage.py restore "$(FILE)"

# For developers: refresh the .po files after changing strings, and the lock file after
# changing requirements.in.
messages: $(STAMP)
	$(PY) manage.py makemessages --no-obsolete --no-location -l fi -l sv --ignore '.venv/*' --ignore 'bench/*' --ignore 'tests/*'

# After a deliberate change of the API: the agreed OpenAPI schema that a test holds the code to.
schema: translations
	DATABASE_URL=sqlite:///var/schema.sqlite3 $(PY) manage.py spectacular --validate --fail-on-warn --lang en --file tests/config/openapi-v1.yaml

lock:
	$(PYTHON) -m pip install --quiet uv && $(PYTHON) -m uv pip compile requirements.in -o requirements.lock --generate-hashes --python-version 3.11 --no-header

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache tests/e2e/node_modules test-artifacts

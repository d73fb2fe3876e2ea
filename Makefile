# Innovation Garden portal. `make run` to try it, `make test` to check it. See README.md.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format serve translations messages lock demo clean e2e-browser

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

test: translations lint
	$(VENV)/bin/pytest

# The production shape, locally: PostgreSQL, Redis, gunicorn, a Celery worker and beat.
serve: translations
	./scripts/serve

# For developers: refresh the .po files after changing strings, and the lock file after
# changing requirements.in.
messages: $(STAMP)
	$(PY) manage.py makemessages --no-obsolete --no-location -l fi -l sv --ignore '.venv/*' --ignore 'bench/*' --ignore 'tests/*'

lock:
	$(PYTHON) -m pip install --quiet uv && $(PYTHON) -m uv pip compile requirements.in -o requirements.lock --generate-hashes --python-version 3.11 --no-header

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

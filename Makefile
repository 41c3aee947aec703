# The two commands a newcomer needs: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate messages translations demo lint format vendor check-deploy clean

run: install migrate messages  ## Install, migrate, load the demo if the database is empty, serve
	$(PY) manage.py demo --if-empty
	@echo
	@echo "  The portal runs at http://$(HOST):$(PORT)/  (management site: /beheer/)"
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

# One worker per core (pytest-xdist), each with its own test database; a file's tests run in
# one worker, so a module's shared set-up is built once. PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto

# The fault tests (tests/faults) stop and start servers and rewire the Celery app: they run
# last, in a process of their own, so nothing they change reaches another test. PYTEST_ARGS
# narrows the main run (paths, -k); PYTEST_OPTS goes to both; FAULTS= skips the fault tests.
FAULTS ?= tests/faults

test: install messages  ## The whole test suite (SQLite unless DATABASE_URL is set)
	DJANGO_ENV=test $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --ignore=tests/faults \
	  $(PYTEST_OPTS) $(PYTEST_ARGS)
	$(if $(FAULTS),DJANGO_ENV=test $(BIN)/pytest $(PYTEST_OPTS) $(FAULTS))

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else \
	    echo "Python cannot make a virtual environment here: install it with"; \
	    echo "  sudo apt-get install python3-venv"; \
	    exit 1; \
	  fi; }
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet ".[dev]"
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --no-input

messages: install  ## Compile the Dutch and English catalogues (Babel: no system gettext needed)
	@$(BIN)/pybabel compile --domain django --directory locale --statistics 2>&1 | grep -v "^$$" || true
	@$(BIN)/pybabel compile --domain djangojs --directory locale -l nl --statistics 2>&1 | grep -v "^$$" || true

# Refresh the catalogues from the code (needs GNU gettext), then translate what is new.
translations: install
	$(PY) manage.py makemessages -l nl -l en --no-location --ignore=.venv \
	  --ignore=node_modules --ignore=tests --ignore=bench

demo: migrate messages
	$(PY) manage.py demo

lint: install  ## ruff, and import-linter: imports point one way through the layers
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the vendored front-end assets from npm (needs node); the result is committed.
vendor:
	npm install --no-audit --no-fund
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* static/vendor/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/
	cp node_modules/axe-core/axe.min.js tests/browser/vendor/

# The production settings must pass Django's deployment checks without a warning. Production
# runs with Redis (rate limits must be shared by all workers); the check connects to nothing.
check-deploy: install
	DJANGO_ENV=production DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	  DJANGO_ALLOWED_HOSTS=klushuis.example.nl REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles

# CityKB: `make run` serves the embedded (SQLite) site, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve-prod test lint format check chromium bench mutation backup restore clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py createcachetable
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_initial_data --if-empty
	DJANGO_DEBUG=1 $(BIN)/python manage.py check_index --fix
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; Playwright cannot download a browser here. Without it (and without the
# rights to install it) the other tests still run and the summary counts the skipped ones. Under CI=true or with
# `make test STRICT=1` a missing Chromium, PostgreSQL or Redis fails the run instead (tests/parts.py).
STRICT ?= $(if $(filter true,$(CI)),1,)

# Production, locally (README: "Production"): gunicorn with WORKERS workers, PostgreSQL and its full-text
# search backend, Redis as the cache every worker shares (keys prefixed with the commit, so a new release
# never reads an old one's pages), static files collected and served by whitenoise. The secret key is made
# once into var/.
PROD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/citykb
PROD_REDIS_URL ?= redis://127.0.0.1:6379/0
WORKERS ?= 3
RELEASE ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unreleased)
PROD = DJANGO_DEBUG=0 DJANGO_SECURE_SSL=0 DJANGO_ALLOWED_HOSTS=$(HOST),localhost \
	DJANGO_SECRET_KEY="$$(cat var/secret_key)" DATABASE_URL=$(PROD_DATABASE_URL) SEARCH_BACKEND=postgres \
	REDIS_URL=$(PROD_REDIS_URL) CACHE_KEY_PREFIX=citykb-$(RELEASE)
serve-prod: $(VENV)/.installed
	mkdir -p var && test -s var/secret_key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	$(PROD) $(BIN)/python manage.py collectstatic --no-input -v0
	$(PROD) $(BIN)/python manage.py migrate --no-input
	$(PROD) $(BIN)/python manage.py createcachetable
	$(PROD) $(BIN)/python manage.py load_initial_data --if-empty
	$(PROD) $(BIN)/python manage.py check_index --fix
	$(PROD) $(BIN)/gunicorn citykb.wsgi --workers $(WORKERS) --bind $(HOST):$(PORT)

# A copy of every record as JSON, and back into an empty database (DATABASE_URL picks SQLite or PostgreSQL).
BACKUP ?= var/backup.json
backup: $(VENV)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py backup $(BACKUP)

restore: $(VENV)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py restore $(BACKUP)

chromium:
	@test -x $(CHROMIUM) || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
		else echo "Chromium is missing and cannot be installed without root: 'sudo apt-get install -y chromium'." >&2; fi; \
		test -x $(CHROMIUM) || { echo "No Chromium at $(CHROMIUM)." >&2; test -z "$(STRICT)"; }; }

# The suite on TEST_WORKERS processes (pytest-xdist); the tests that restart services run on one of them in turn.
TEST_WORKERS ?= 2
test: $(VENV)/.dev-installed chromium
	STRICT=$(STRICT) CHROMIUM=$(CHROMIUM) $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(VENV)/.dev-installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py check
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Search benchmark on 1,000 synthetic announcements, both backends (see bench/search_bench.py for more).
bench: $(VENV)/.dev-installed
	$(BIN)/python bench/search_bench.py --docs 1000 --backend whoosh --json bench/results/search-whoosh-1000.json
	$(BIN)/python bench/search_bench.py --docs 1000 --backend postgres --json bench/results/search-postgres-1000.json

# Mutation testing ([tool.mutmut] in pyproject.toml, scores in tests/README.md): slow, so not part of `make test`.
# MODULE=search/query.py runs one module's mutants. Every run starts from one kept, seeded test database.
MUTATION_SEED := $(CURDIR)/var/mutation-seed.sqlite3
mutation: $(VENV)/.dev-installed
	mkdir -p var && rm -f $(MUTATION_SEED)*
	TEST_SEED_DATABASE=$(MUTATION_SEED) DJANGO_DEBUG=0 $(BIN)/mutmut run --max-children 2 \
		$(if $(MODULE),"$(subst /,.,$(basename $(MODULE))).*")
	$(BIN)/python tests/mutation_scores.py

clean:
	rm -rf var mutants .pytest_cache .ruff_cache

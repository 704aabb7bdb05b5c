# Readers Write. `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PORT ?= 8000
PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
RUFF := $(VENV)/bin/ruff
PYTEST := $(VENV)/bin/pytest
# Python keeps the project's compiled modules (and pytest its rewritten test modules) in __pycache__
# (gitignored) even where the environment says not to: without them every pytest worker and every
# subprocess a test starts compiles the whole project again (collecting the suite: 9.4 s, then 4.0 s).
unexport PYTHONDONTWRITEBYTECODE
# Used only by commands that must not touch a real key; the dev server runs with DEBUG=1.
CHECK_ENV := SECRET_KEY=make-check-only-not-a-secret

.PHONY: run test lint format migrations-check test-postgres test-sqlite serve bench e2e clean backup restore reliability screenshots

$(PY):
	@py=$$(command -v python$(PYTHON_VERSION) || command -v python3); \
	ver=$$($$py -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	if [ "$$ver" != "$(PYTHON_VERSION)" ]; then echo "Python $(PYTHON_VERSION) is needed (found $$ver at $$py)"; exit 1; fi; \
	echo "Creating $(VENV) with $$py"; $$py -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when a requirements file changed.
$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 DEMO_TOTP_BYPASS_CODE=000000 $(PY) manage.py seed_demo --domain 127.0.0.1:$(PORT)
	DEBUG=1 DEMO_TOTP_BYPASS_CODE=000000 $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed-dev
	$(RUFF) check .
	$(RUFF) format --check .

format: $(VENV)/.installed-dev
	$(RUFF) check --fix .
	$(RUFF) format .

migrations-check: $(VENV)/.installed-dev
	$(CHECK_ENV) $(PY) manage.py makemigrations --check --dry-run

# pytest-xdist workers, each with a test database of its own; `TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= auto
PYTEST_RUN := $(PYTEST) --numprocesses $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-dev
	@echo "=== test suite on PostgreSQL (throwaway cluster) ==="
	scripts/with-postgres.sh $(PYTEST_RUN)

test-sqlite: $(VENV)/.installed-dev
	@echo "=== test suite on SQLite ==="
	env -u DATABASE_URL $(PYTEST_RUN)

# The browser suite alone (journeys, accessibility, stored XSS); `make test` runs it too, within the
# whole suite, and skips it where Chromium is missing.
e2e: $(VENV)/.installed-dev
	@test -x /usr/bin/chromium || { echo "make e2e needs Debian's chromium: apt-get install chromium chromium-headless-shell"; exit 1; }
	env -u DATABASE_URL $(PYTEST) -m browser $(PYTEST_ARGS)

# Full-page PNGs of the main pages for each role (visitor, reader, editor, moderator), 1280 and 390 px
# wide, light and dark, from a throwaway demo database: screenshots/<role>-<page>-<width>-<scheme>.png.
# SCREENSHOTS_ARGS="--roles reader --pages home,post" narrows it (scripts/screenshots.py --help).
screenshots: $(VENV)/.installed-dev
	$(PY) scripts/screenshots.py $(SCREENSHOTS_ARGS)

test: lint migrations-check test-postgres test-sqlite
	@echo "make test: lint, migrations check, PostgreSQL and SQLite suites all passed"

serve: $(VENV)/.installed-run
	$(CHECK_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 \
	  SECRET_KEY=$${SECRET_KEY:-local-serve-$$(hostname)-not-for-production} \
	  ALLOWED_HOSTS=$${ALLOWED_HOSTS:-localhost,127.0.0.1} \
	  $(PY) manage.py migrate --noinput
	DEBUG=0 SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 \
	  SECRET_KEY=$${SECRET_KEY:-local-serve-$$(hostname)-not-for-production} \
	  ALLOWED_HOSTS=$${ALLOWED_HOSTS:-localhost,127.0.0.1} \
	  $(VENV)/bin/gunicorn forum.wsgi --bind 127.0.0.1:$(PORT) --workers $${WORKERS:-2} --access-logfile -

# BENCH_SCALE=small takes about 2 minutes; the default scale (200,000 posts) up to 20. See bench/README.md.
BENCH_SCALE ?= default
# A production-sized buffer pool: PostgreSQL's default 128 MB holds a tenth of the default-scale data.
BENCH_PG_OPTIONS ?= -c shared_buffers=1GB
bench: $(VENV)/.installed-dev
	@command -v wrk >/dev/null 2>&1 || { echo "Installing wrk (Debian package) for the load tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -q wrk || { apt-get update -q && apt-get install -y -q wrk; }; \
	  else sudo apt-get install -y -q wrk; fi; }
	PG_SERVER_OPTIONS="$(BENCH_PG_OPTIONS)" scripts/with-postgres.sh $(PY) -m bench.run --scale $(BENCH_SCALE)
	@echo "=== import benchmark: a generated WordPress export with 50,000 comments (peak memory limit 300 MB) ==="
	$(PY) bench/import_bench.py --comments 50000

# Backups of the PostgreSQL database DATABASE_URL names (README: Backups). BACKUP_DIR defaults to backups/.
BACKUP_DIR ?= backups
backup:
	@[[ "$${DATABASE_URL:-}" == postgres* ]] || { echo "make backup: set DATABASE_URL to the PostgreSQL database"; exit 2; }
	@mkdir -p "$(BACKUP_DIR)"
	@file="$(BACKUP_DIR)/$$(date -u +%Y%m%dT%H%M%SZ).dump"; \
	  pg_dump --format=custom --no-owner --no-privileges --dbname="$$DATABASE_URL" --file="$$file.partial" \
	  && mv "$$file.partial" "$$file" && echo "$$file"

# Run with the site's environment (DATABASE_URL, REDIS_URL, SECRET_KEY): the caches it empties are the site's.
restore: $(VENV)/.installed-run
	@[[ "$${DATABASE_URL:-}" == postgres* ]] || { echo "make restore: set DATABASE_URL to the PostgreSQL database"; exit 2; }
	@[ -f "$(FILE)" ] || { echo "make restore FILE=backups/<timestamp>.dump (no such file: '$(FILE)')"; exit 2; }
	pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
	  --dbname="$$DATABASE_URL" "$(FILE)"
	$(PY) manage.py clear_caches

# Load and faults on loopback, minutes long, not part of `make test` (README: Reliability).
# RELIABILITY_SECONDS=60 for a short run; the report goes to reliability/results/latest.json.
reliability: $(VENV)/.installed-dev
	$(PY) -m reliability.run

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache

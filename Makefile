# The two commands: `make run` (demo on SQLite, the server and its task worker) and `make test` (the whole suite).
PORT ?= 8000
PY := .venv/bin/python

.PHONY: run test setup lint typecheck bench serve worker

setup:
	@scripts/setup.sh

run: setup
	@$(PY) manage.py seed_demo
	@$(PY) manage.py demo_banner --port $(PORT)
	@$(PY) manage.py demo_serve --port $(PORT)

# On every core (pytest-xdist; each worker has its own test database): MASSAR_TEST_WORKERS=0 runs it in one process.
test: setup
	@scripts/ensure_chromium.sh
	@$(PY) -m pytest -n $${MASSAR_TEST_WORKERS:-auto} $(PYTEST_ARGS)

lint: setup
	@.venv/bin/ruff check .

typecheck: setup
	@.venv/bin/mypy massar config

# Benchmarks print a table each (BENCH=password_hashing to pick one).
bench: setup
	@$(PY) -m bench $(BENCH)

# Production-style processes (see README "Production"). Migrations are a separate deploy step there.
serve:
	@scripts/setup.sh --no-migrate
	@$(PY) manage.py collectstatic --no-input --verbosity 0
	@.venv/bin/granian --interface wsgi --host 0.0.0.0 --port $(PORT) --workers $${WEB_WORKERS:-2} \
		--blocking-threads $${MASSAR_DB_POOL_MAX_SIZE:-4} config.wsgi:application

worker:
	@scripts/setup.sh --no-migrate
	@$(PY) manage.py db_worker

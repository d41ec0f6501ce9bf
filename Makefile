.PHONY: run test test-postgres lint bench

# Set up everything this machine needs and run web app + Celery worker + beat.
run:
	bash scripts/run.sh

# The whole test suite (embedded default: SQLite, broker without a server; or the
# DATABASE_URL / CELERY_BROKER_URL in the environment).
test:
	bash scripts/bootstrap.sh --test
	.venv/bin/python -m pytest $(PYTEST_ARGS)

# The same suite against the local PostgreSQL and Redis.
test-postgres:
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/vrijwilligersbeleid \
	CELERY_BROKER_URL=redis://127.0.0.1:6379/0 $(MAKE) test

lint:
	.venv/bin/ruff check .
	.venv/bin/python manage.py makemigrations --check --dry-run

bench:
	.venv/bin/python bench/start_round.py
	.venv/bin/python bench/import_volunteers.py

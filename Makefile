.PHONY: run test test-postgres test-postgres-all lint bench

PY = .venv/bin/python
# The scratch database of `make bench` (dropped and created again; its name must hold "bench").
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/vrijwilligersbeleid_bench

# Set up everything this machine needs and run web app + Celery worker + beat (local settings).
run:
	bash scripts/run.sh

# The whole test suite (embedded default: SQLite, broker without a server; or the
# DATABASE_URL / CELERY_BROKER_URL in the environment), under the test settings.
test:
	bash scripts/bootstrap.sh --test
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest $(PYTEST_ARGS)

# The same suite against the local PostgreSQL and Redis, less what does not touch them: the
# browser journeys (they walk the pages, whose queries the HTTP tests run here too) and the
# production checks (gunicorn on their own SQLite file). `make test-postgres-all` runs those too.
test-postgres:
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/vrijwilligersbeleid \
	CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \
	$(MAKE) test PYTEST_ARGS="-m 'not e2e' --ignore=tests/test_production.py $(PYTEST_ARGS)"

test-postgres-all:
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/vrijwilligersbeleid \
	CELERY_BROKER_URL=redis://127.0.0.1:6379/0 $(MAKE) test

lint:
	.venv/bin/ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py makemigrations --check --dry-run

# Ten times Ghent in a scratch PostgreSQL database: seed time, every list page, the import
# and the round; the table goes to bench/RESULTS.md. Options: make bench BENCH_ARGS="--help".
bench:
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m bench $(BENCH_ARGS)

#!/usr/bin/env bash
# Run the whole product: web app, Celery worker and Celery beat. Ctrl-C stops all of it.
# Embedded default: SQLite and a broker that needs no server (SQLite through SQLAlchemy).
# With DATABASE_URL and CELERY_BROKER_URL set, PostgreSQL and Redis are used instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# Explicitly: the worker and beat would otherwise default to production settings.
export DJANGO_SETTINGS_MODULE=config.settings.local
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

$PY manage.py migrate --noinput --verbosity=0
# The framework and the demo city are loaded once; running this again changes nothing.
for file in beleid/framework/*.yaml; do
  $PY manage.py load_framework "$file" --publish
done
$PY manage.py seed_demo --volunteers "${DEMO_VOLUNTEERS:-3500}"
# This year's round of the step plan, so that coordinators find work in their inbox; the
# worker below prepares the checklists.
$PY manage.py start_round "$(date +%Y)" --skip-started

trap 'trap - INT TERM EXIT; echo; echo "Stopping..."; kill 0 2>/dev/null; wait' INT TERM EXIT
# Both log through Django's LOGGING (level: DJANGO_LOG_LEVEL, default INFO).
.venv/bin/celery -A config worker --concurrency=2 &
.venv/bin/celery -A config beat &
$PY manage.py runserver "$HOST:$PORT" --noreload &
sleep 2
echo
echo "Vrijwilligersbeleid Gent runs at http://$HOST:$PORT/  (Ctrl-C stops web, worker and beat)"
wait

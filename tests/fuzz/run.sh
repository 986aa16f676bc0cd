#!/usr/bin/env bash
# A longer randomised schemathesis run against gunicorn (2 workers) on its own database:
# every operation of /api/v3/, public reads anonymous-looking and everything else with the demo
# partner's token (which has no page rights, so Wagtail's page writes answer 403). Writes
# var/fuzz/<time>.log.
# Usage: tests/fuzz/run.sh [seconds]   (make fuzz FUZZ_SECONDS=360)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_BUDGET="${1:-360}"
PORT="${FUZZ_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
export DJANGO_SETTINGS_MODULE=manabi.settings.test
export DATABASE_URL="${FUZZ_DB_URL:-postgres://manabi:manabi@127.0.0.1:5432/manabi_fuzz}"
export SEARCH_BACKEND=database SEARCH_INDEX_PREFIX=apifuzz- API_ANON_RATE_LIMIT=0 DEMO_ADMIN_PASSWORD=fuzz-fuzz-fuzz
BIN=.venv/bin
mkdir -p var/fuzz
LOG="var/fuzz/$(date -u +%Y%m%dT%H%M%SZ).log"

db="${DATABASE_URL##*/}"
PGPASSWORD=manabi psql -h 127.0.0.1 -U manabi -d manabi -qtAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
    || PGPASSWORD=manabi createdb -h 127.0.0.1 -U manabi "$db"
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py load_demo --courses "${FUZZ_COURSES:-60}" >/dev/null
TOKEN=$($BIN/python manage.py shell -c "
from wagtail.models import APIToken
from django.contrib.auth import get_user_model
user = get_user_model().objects.get(username='demo-partner')
print(APIToken.create_token(user=user, name='fuzz')[1])" | tail -n 1 | tr -d '[:space:]')

$BIN/gunicorn manabi.wsgi:application -w 2 -b "127.0.0.1:$PORT" --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/api/v3/openapi.json" >/dev/null && break; sleep 0.2; done

set +e
$BIN/schemathesis run "http://127.0.0.1:$PORT/api/v3/openapi.json" \
    --max-time "$SECONDS_BUDGET" --checks all --workers 2 \
    -H "Authorization: Bearer $TOKEN" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e
echo "log: $LOG"
exit "$status"

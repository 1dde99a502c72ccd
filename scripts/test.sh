#!/usr/bin/env bash
# The whole test suite: lint, every test on the embedded SQLite database (engines and browser tests
# included), then every database test again on PostgreSQL (127.0.0.1:5432, database "test").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

export DANGAN_TESTING=1
PG_URL=${DANGAN_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}
WORKERS=${DANGAN_TEST_WORKERS:-2}

echo "==> ruff"
.venv/bin/ruff check .

echo "==> pytest on SQLite"
env -u DANGAN_DATABASE_URL .venv/bin/pytest -n "$WORKERS" -p no:cacheprovider

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "==> PostgreSQL is not answering; starting it"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "==> pytest on PostgreSQL"
  DANGAN_DATABASE_URL="$PG_URL" .venv/bin/pytest -n "$WORKERS" -p no:cacheprovider --create-db \
    -m "not engine and not browser"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required in CI but could not be started" >&2
  exit 1
else
  echo "==> PostgreSQL not available: skipped the PostgreSQL run"
fi

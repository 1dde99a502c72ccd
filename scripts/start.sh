#!/usr/bin/env bash
# One command on a fresh machine: install, create the embedded SQLite database, load the demo data
# once, print the demo logins and serve http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/dangan migrate --quiet
.venv/bin/dangan demo
exec .venv/bin/dangan serve "$@"

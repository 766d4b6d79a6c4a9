#!/usr/bin/env bash
# Start hotline with a believable demo hotline on SQLite (var/hotline.db):
#   bash scripts/demo.sh            then open http://127.0.0.1:8000/login
# The demo password is printed; set HOTLINE_DEMO_PASSWORD to choose it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e .
export HOTLINE_DEMO_PASSWORD="${HOTLINE_DEMO_PASSWORD:-hotline-demo-2026}"
exec .venv/bin/hotline demo "$@"

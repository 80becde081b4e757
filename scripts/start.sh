#!/usr/bin/env bash
# npm start: provision the Temporal binaries if missing, then hand the process over to the
# launcher so that Ctrl-C / SIGTERM reach it directly (no shell left in between).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/temporal-install.sh --quiet-if-ready
exec node_modules/.bin/tsx scripts/start.ts "$@"

#!/usr/bin/env bash
# npm start: provision the Temporal binaries if missing, then hand the process over to the
# launcher so that Ctrl-C / SIGTERM reach it directly (no shell left in between).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/temporal-install.sh --quiet-if-ready
# The worker's heap (worker/sizing.ts derives its workflow cache from it): 2 GB unless told otherwise.
export NODE_OPTIONS="--max-old-space-size=${DUNNING_WORKER_HEAP_MB:-2048} ${NODE_OPTIONS:-}"
exec node_modules/.bin/tsx scripts/start.ts "$@"

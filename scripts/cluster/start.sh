#!/usr/bin/env bash
# npm run cluster: provision the binaries if missing, then hand the process over to the launcher
# so that Ctrl-C / SIGTERM reach it directly (no shell left in between).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/cluster/install.sh --quiet-if-ready
exec node --import tsx scripts/cluster/run.ts "$@"

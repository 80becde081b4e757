#!/usr/bin/env bash
# npm run cluster:faults: provision the cluster's binaries if missing, then run the fault test
# (scripts/cluster/faults.ts; --help for its options).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/cluster/install.sh --quiet-if-ready
exec node --import tsx scripts/cluster/faults.ts "$@"

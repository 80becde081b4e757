#!/usr/bin/env bash
# Provisions what `npm run cluster` needs, from package registries only (no binary downloads):
#   - the official Temporal server and its schema tool (temporal-sql-tool), built by `go install`
#     from the Go module proxy; the PostgreSQL schemas are embedded in the tool;
#   - the Temporal Web UI server (the ui-server module, assets embedded), built the same way;
#   - PostgreSQL (initdb, postgres) from Debian's packages when missing.
# Go binaries land in the same cache as scripts/temporal-install.sh, so a second run is instant.
# Usage: scripts/cluster/install.sh [--quiet-if-ready] [--print-paths]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
quiet=0; print_paths=0
for arg in "$@"; do
  case "$arg" in
    --quiet-if-ready) quiet=1 ;;
    --print-paths) print_paths=1 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cluster-install: unknown option $arg (try --help)" >&2; exit 1 ;;
  esac
done

json() { node -p "require('$here/../temporal-versions.json').$1"; }
SERVER_VERSION="$(json server)"; SERVER_MODULE="$(json serverModule)"
UI_VERSION="$(json uiServer)"; UI_MODULE="$(json uiServerModule)"
CACHE="${DUNNING_TEMPORAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dunning-temporal}"
SERVER_DIR="$CACHE/server-$SERVER_VERSION"; UI_DIR="$CACHE/ui-server-$UI_VERSION"

# The PostgreSQL binaries are not on PATH on Debian: the newest /usr/lib/postgresql/<ver>/bin wins.
pg_bindir() {
  if [ -n "${DUNNING_PG_BINDIR:-}" ]; then echo "$DUNNING_PG_BINDIR"; return; fi
  local d; d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  command -v initdb >/dev/null && dirname "$(readlink -f "$(command -v initdb)")"
}

if [ "$print_paths" = 1 ]; then
  echo "TEMPORAL_SERVER_PATH=$SERVER_DIR/server"
  echo "TEMPORAL_SQL_TOOL_PATH=$SERVER_DIR/temporal-sql-tool"
  echo "TEMPORAL_UI_SERVER_PATH=$UI_DIR/ui-server"
  echo "DUNNING_PG_BINDIR=$(pg_bindir || true)"
  exit 0
fi

say() { echo "[cluster-install] $*"; }
fail() { echo "[cluster-install] ERROR: $*" >&2; exit 1; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

server_ready() { [ -x "$SERVER_DIR/server" ] && [ -x "$SERVER_DIR/temporal-sql-tool" ] && [ -f "$SERVER_DIR/.complete" ]; }
ui_ready() { [ -x "$UI_DIR/ui-server" ] && [ -f "$UI_DIR/.complete" ]; }
pg_ready() { local d; d="$(pg_bindir || true)"; [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/postgres" ]; }

if [ "$quiet" = 1 ] && server_ready && ui_ready && pg_ready; then exit 0; fi

need_go() {
  command -v go >/dev/null || fail "'go' not found: the Temporal server is built from the Go module proxy.
  Install Go 1.23+ (Debian 12's golang-go is too old)."
}

# `go install a@v b@v` builds both in one go: the schema tool shares most packages with the server.
install_server() {
  if server_ready; then say "temporal server $SERVER_VERSION: ready ($SERVER_DIR)"; return; fi
  need_go
  local t0 tmp; t0=$(date +%s); tmp="$SERVER_DIR.tmp"
  say "temporal server $SERVER_VERSION: building $SERVER_MODULE/cmd/server and cmd/tools/sql from the Go module proxy (about 10 minutes cold on 2 cores)..."
  rm -rf "$tmp" && mkdir -p "$tmp"
  GOBIN="$tmp" GOFLAGS=-buildvcs=false go install \
    "$SERVER_MODULE/cmd/server@v$SERVER_VERSION" "$SERVER_MODULE/cmd/tools/sql@v$SERVER_VERSION" \
    || fail "go install $SERVER_MODULE@v$SERVER_VERSION failed (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))"
  mv "$tmp/sql" "$tmp/temporal-sql-tool"
  "$tmp/server" --version >/dev/null || fail "the built server does not run: $tmp/server"
  rm -rf "$SERVER_DIR" && mv "$tmp" "$SERVER_DIR" && touch "$SERVER_DIR/.complete"
  say "temporal server $SERVER_VERSION: installed in $(elapsed "$t0") ($SERVER_DIR)"
}

install_ui() {
  if ui_ready; then say "ui-server $UI_VERSION: ready ($UI_DIR)"; return; fi
  need_go
  local t0 tmp; t0=$(date +%s); tmp="$UI_DIR.tmp"
  say "ui-server $UI_VERSION: building $UI_MODULE/cmd/server from the Go module proxy (Web UI assets are embedded)..."
  rm -rf "$tmp" && mkdir -p "$tmp"
  GOBIN="$tmp" GOFLAGS=-buildvcs=false go install "$UI_MODULE/cmd/server@v$UI_VERSION" \
    || fail "go install $UI_MODULE@v$UI_VERSION failed (is the Go module proxy reachable?)"
  mv "$tmp/server" "$tmp/ui-server"
  rm -rf "$UI_DIR" && mv "$tmp" "$UI_DIR" && touch "$UI_DIR/.complete"
  say "ui-server $UI_VERSION: installed in $(elapsed "$t0") ($UI_DIR)"
}

install_postgres() {
  if pg_ready; then say "PostgreSQL: ready ($(pg_bindir))"; return; fi
  if [ "$(id -u)" != 0 ]; then
    fail "PostgreSQL server binaries not found. Install them (Debian: sudo apt-get install -y postgresql)
  or set DUNNING_PG_BINDIR to a directory holding initdb and postgres."
  fi
  local t0; t0=$(date +%s)
  say "PostgreSQL: installing Debian's postgresql package..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; } \
    || fail "apt-get install postgresql failed"
  pg_ready || fail "postgresql installed but initdb was not found under /usr/lib/postgresql/*/bin"
  say "PostgreSQL: installed in $(elapsed "$t0") ($(pg_bindir))"
}

install_server
install_ui
install_postgres

#!/usr/bin/env bash
# Provisions the official Temporal binaries from package registries only (no binary downloads):
#   - the Java time-skipping test server, io.temporal:temporal-test-server, resolved by Maven;
#   - the Temporal CLI (dev server + Web UI), built by `go install` from the Go module proxy.
# Both land in a cache outside the clone, so a second run (and a second clone) is instant.
# Usage: scripts/temporal-install.sh [--quiet-if-ready] [--print-paths]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
quiet=0; print_paths=0
for arg in "$@"; do
  case "$arg" in
    --quiet-if-ready) quiet=1 ;;
    --print-paths) print_paths=1 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "temporal-install: unknown option $arg (try --help)" >&2; exit 1 ;;
  esac
done

json() { node -p "require('$here/temporal-versions.json').$1"; }
TS_VERSION="$(json testServer)"; CLI_VERSION="$(json cli)"; CLI_MODULE="$(json cliModule)"
CACHE="${DUNNING_TEMPORAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dunning-temporal}"
TS_DIR="$CACHE/test-server-$TS_VERSION"; TS_BIN="$TS_DIR/temporal-test-server"
CLI_DIR="$CACHE/cli-$CLI_VERSION"; CLI_BIN="$CLI_DIR/temporal"

if [ "$print_paths" = 1 ]; then
  echo "TEMPORAL_TEST_SERVER_PATH=${TEMPORAL_TEST_SERVER_PATH:-$TS_BIN}"
  echo "TEMPORAL_CLI_PATH=${TEMPORAL_CLI_PATH:-$CLI_BIN}"
  exit 0
fi

say() { echo "[temporal-install] $*"; }
fail() { echo "[temporal-install] ERROR: $*" >&2; exit 1; }
online() { curl -sfI -m 5 https://temporal.download >/dev/null 2>&1; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

LAUNCHER_SRC="$here/test-server/src/dunning"
launcher_hash() { cat "$LAUNCHER_SRC"/*.java "$here/test-server/wrapper.sh" | sha256sum | cut -c1-16; }
launcher_ready() { [ "$(cat "$TS_DIR/launcher/.stamp" 2>/dev/null)" = "$(launcher_hash)" ]; }
ts_ready() { [ -x "$TS_BIN" ] && [ -f "$TS_DIR/.complete" ] && launcher_ready; }
cli_ready() { [ -x "$CLI_BIN" ] && "$CLI_BIN" --version >/dev/null 2>&1; }

if [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]; then
  [ -x "$TEMPORAL_TEST_SERVER_PATH" ] || fail "TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH is not an executable file"
fi
if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  [ -x "$TEMPORAL_CLI_PATH" ] || fail "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file"
fi

if [ "$quiet" = 1 ] && { [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ] || ts_ready; } && { [ -n "${TEMPORAL_CLI_PATH:-}" ] || cli_ready; }; then
  exit 0
fi

# --- 1. Java time-skipping test server -------------------------------------------------------
install_test_server() {
  if [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]; then say "test server: using TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH"; return; fi
  if ts_ready; then say "test server $TS_VERSION: ready ($TS_BIN)"; return; fi
  if [ -f "$TS_DIR/.complete" ] && command -v javac >/dev/null; then
    build_launcher && write_test_server_wrapper && say "test server $TS_VERSION: launcher updated ($TS_BIN)" && return
  fi
  if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
    local missing; missing="$(command -v java >/dev/null || printf 'java '; command -v mvn >/dev/null || printf 'mvn')"
    if online; then
      say "test server: $missing not found; tests will let the Temporal SDK download its test server (internet is reachable)"
      return
    fi
    fail "test server: '$missing' not found and no internet for the SDK's own download.
  Install a JDK (11+) and Maven, e.g.: apt-get install -y openjdk-17-jdk-headless maven
  or point TEMPORAL_TEST_SERVER_PATH at an existing temporal-test-server executable."
  fi
  local t0; t0=$(date +%s)
  say "test server $TS_VERSION: resolving io.temporal:temporal-test-server and its dependencies with Maven (into $CACHE/m2)..."
  mkdir -p "$TS_DIR"
  rm -rf "$TS_DIR/lib.tmp"
  mvn -B -q -f "$here/test-server/pom.xml" \
    -Dtemporal.test.server.version="$TS_VERSION" \
    -Dmaven.repo.local="$CACHE/m2" \
    dependency:copy-dependencies -DoutputDirectory="$TS_DIR/lib.tmp" \
    || fail "Maven could not resolve io.temporal:temporal-test-server:$TS_VERSION (is Maven Central reachable?)"
  rm -rf "$TS_DIR/lib" && mv "$TS_DIR/lib.tmp" "$TS_DIR/lib"
  build_launcher
  write_test_server_wrapper
  build_cds_archive
  touch "$TS_DIR/.complete"
  say "test server $TS_VERSION: installed in $(elapsed "$t0") ($TS_BIN)"
}

# The SDK gives a spawned server ~5 s to answer; on 2 cores a cold JVM takes about 2 s, and 3+ s
# when the machine is busy. C1-only JIT, serial GC and a class-data-sharing archive of the server's
# own classes keep the start well inside that budget.
# The official server's own classes, started by a 40-line launcher that adds --initial-time (a
# pinned clock for tests that travel to calendar dates; see scripts/test-server/src).
build_launcher() {
  command -v javac >/dev/null || fail "test server: javac not found (install a JDK, e.g. openjdk-17-jdk-headless)"
  rm -rf "$TS_DIR/launcher" && mkdir -p "$TS_DIR/launcher"
  javac -nowarn -d "$TS_DIR/launcher" -cp "$TS_DIR/lib/*" "$LAUNCHER_SRC"/*.java || fail "test server: the launcher did not compile"
  launcher_hash > "$TS_DIR/launcher/.stamp"
}

write_test_server_wrapper() {
  { echo '#!/usr/bin/env bash'; echo "# Generated by scripts/temporal-install.sh from scripts/test-server/wrapper.sh: the official Temporal test server ($TS_VERSION)."; tail -n +2 "$here/test-server/wrapper.sh"; } > "$TS_BIN"
  chmod +x "$TS_BIN"
}

build_cds_archive() {
  local port=17299 pid i
  say "test server: building a class-data-sharing archive for a fast JVM start..."
  rm -f "$TS_DIR/server.jsa"
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:ArchiveClassesAtExit="$TS_DIR/server.jsa" \
    -cp "$TS_DIR/lib/*" io.temporal.testserver.TestServer "$port" --enable-time-skipping >/dev/null 2>&1 &
  pid=$!
  for i in $(seq 1 200); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  sleep 1
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -s "$TS_DIR/server.jsa" ]; then say "test server: CDS archive ready"; else say "test server: no CDS archive (the JVM refused); starts will be slower"; rm -f "$TS_DIR/server.jsa"; fi
}

# --- 2. Temporal CLI: dev server with Web UI ----------------------------------------------------
install_cli() {
  if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then say "temporal CLI: using TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH"; return; fi
  if cli_ready; then say "temporal CLI $CLI_VERSION: ready ($CLI_BIN)"; return; fi
  if ! command -v go >/dev/null; then
    if online; then
      say "temporal CLI: 'go' not found; npm start will let the Temporal SDK download its dev server (internet is reachable)"
      return
    fi
    fail "temporal CLI: 'go' not found and no internet for the SDK's own download.
  Install Go 1.23+ (e.g. from go.dev; Debian 12's golang-go is too old), or install the Temporal CLI
  yourself and set TEMPORAL_CLI_PATH to it."
  fi
  local t0; t0=$(date +%s)
  say "temporal CLI $CLI_VERSION: building $CLI_MODULE@v$CLI_VERSION from the Go module proxy (a few minutes on 2 cores)..."
  mkdir -p "$CLI_DIR"
  GOBIN="$CLI_DIR" GOFLAGS=-buildvcs=false go install "$CLI_MODULE@v$CLI_VERSION" \
    || fail "go install $CLI_MODULE@v$CLI_VERSION failed (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))"
  cli_ready || fail "the built temporal CLI does not run: $CLI_BIN"
  say "temporal CLI $CLI_VERSION: installed in $(elapsed "$t0") ($CLI_BIN)"
}

install_test_server
install_cli

#!/usr/bin/env bash
# The test server executable the Temporal SDK spawns: `<port> [--enable-time-skipping]`, plus
# `--initial-time <ISO instant>` (the server clock at start; the project's launcher then runs).
# With DUNNING_TEST_SERVER_DAEMON=<control port> the server is started inside an already running
# daemon JVM (dunning.TestServerDaemon: milliseconds instead of a JVM start the SDK gives 5 s) and
# lives as long as this process; `--daemon [control port]` runs that daemon.
dir="$(cd "$(dirname "$0")" && pwd)"
if [ -n "${DUNNING_TEST_SERVER_DAEMON:-}" ] && [ "${1:-}" != "--daemon" ]; then
  exec 3<>"/dev/tcp/127.0.0.1/${DUNNING_TEST_SERVER_DAEMON}" || { echo "test server daemon not reachable on ${DUNNING_TEST_SERVER_DAEMON}" >&2; exit 1; }
  echo "start $*" >&3
  read -r answer <&3
  [ "$answer" = ok ] || { echo "test server daemon: ${answer:-no answer}" >&2; exit 1; }
  # The daemon stops this server when the connection closes: when this process ends, killed or not.
  while read -r _ <&3; do :; done
  exit 0
fi
cds=""
[ -f "$dir/server.jsa" ] && cds="-XX:SharedArchiveFile=$dir/server.jsa -Xshare:auto"
main=io.temporal.testserver.TestServer
case " $* " in *" --initial-time "*) main=dunning.PinnedClockTestServer ;; esac
heap=768m
if [ "${1:-}" = "--daemon" ]; then main=dunning.TestServerDaemon; heap=1536m; shift; fi
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xms64m -Xmx$heap $cds \
  ${TEMPORAL_TEST_SERVER_JAVA_OPTS:-} -cp "$dir/launcher:$dir/lib/*" $main "$@"

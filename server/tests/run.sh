#!/usr/bin/env bash
# Run the wire-server tests: psql, psycopg 3 and a raw protocol client
# against pgmicro-server on free loopback ports, then the real client
# libraries of clients/run.sh (node-postgres, postgres.js, psycopg2,
# psycopg 3 binary, pgx, a 50-client load test) unless PGM_SERVER_CLIENTS=0.
# Usage: server/tests/run.sh [SERVER_BIN [SHELL_BIN]]  (default: build/)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SERVER=${1:-$ROOT/build/server/pgmicro-server}
SHELL_BIN=${2:-$ROOT/build/shell/pgmicro}
[ -x "$SERVER" ] || { echo "no server binary at $SERVER"; exit 1; }
command -v psql >/dev/null || { echo "psql is not installed"; exit 1; }
args=("$SERVER")
[ -x "$SHELL_BIN" ] && args+=("$SHELL_BIN")
timeout 170 python3 "$HERE/test_server.py" "${args[@]}"; rc=$?
timeout 120 python3 "$HERE/test_auth.py" "${args[@]}" || rc=1   # authentication and TLS
if [ "${PGM_SERVER_CLIENTS:-1}" != 0 ]; then
  timeout 600 "$HERE/clients/run.sh" "$SERVER" || rc=1
fi
exit $rc

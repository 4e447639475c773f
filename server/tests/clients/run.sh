#!/usr/bin/env bash
# Real client libraries against pgmicro-server, compared with the real
# PostgreSQL 15 (../shared/pgref, started here):
#   node/    node-postgres and postgres.js (npm ci from package-lock.json)
#   python/  psycopg2 and psycopg 3, text and binary (a venv in the work dir)
#   go/      pgx v5 (binary formats, batch, prepared), and a 50-client load test
# Usage: server/tests/clients/run.sh SERVER_BIN [WORK_DIR]
# WORK_DIR (default: beside SERVER_BIN) holds node_modules and the venv, so
# nothing installed lands in the source tree; installs are skipped when done.
# Prints one line per suite and "N passed, N failed" (suites); exits non-zero
# if any failed.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
SERVER=$(realpath "${1:?usage: run.sh SERVER_BIN [WORK_DIR]}")
WORK=$(realpath -m "${2:-$(dirname "$SERVER")/clients-work}")
GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
mkdir -p "$WORK"
passed=0 failed=0
result() {  # result NAME STATUS
  if [ "$2" -eq 0 ]; then echo "---- clients/$1: ok"; passed=$((passed + 1));
  else echo "---- clients/$1: FAILED"; failed=$((failed + 1)); fi
}

# The oracle: every suite compares its answers with PostgreSQL 15's.
PGREF=${PGREF:-$ROOT/../shared/pgref/pgref.sh}
[ -x "$PGREF" ] || PGREF=/work/shared/pgref/pgref.sh
if ! "$PGREF" start >/dev/null; then echo "the reference PostgreSQL could not be started ($PGREF)"; exit 1; fi
export PGREF_PORT=${PGREF_PORT:-54329}
# The suites create their tables in the reference's public schema, which the
# conformance oracle drops and recreates per case: an oracle run cut short
# between the two leaves none.
psql -X -q -h 127.0.0.1 -p "$PGREF_PORT" -U postgres postgres -c 'CREATE SCHEMA IF NOT EXISTS public' >/dev/null

# One server on a fresh file database per suite; stopped on exit.
SERVER_PID=""
start_server() {
  stop_server
  local db="$WORK/$1.db"
  rm -f "$db" "$db-wal" "$db-shm"
  # Emptied here, not only by the child's redirection: the loop below must not
  # read the port of a previous run before the child truncates the file.
  : >"$WORK/$1.out"
  "$SERVER" "$db" 127.0.0.1:0 >"$WORK/$1.out" 2>"$WORK/$1.err" &
  SERVER_PID=$!
  for _ in $(seq 50); do
    PGMICRO_PORT=$(sed -n 's/.*listening on .*:\([0-9]*\)$/\1/p' "$WORK/$1.out")
    [ -n "$PGMICRO_PORT" ] && export PGMICRO_PORT && return 0
    sleep 0.1
  done
  echo "server did not start: $(cat "$WORK/$1.err")"
  return 1
}
stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  SERVER_PID=""
}
trap stop_server EXIT

# No sanitizer report in the server's stderr.
server_clean() {
  ! grep -E "Sanitizer|runtime error" "$WORK/$1.err" && return 0
  echo "sanitizer report in the $1 server's stderr"; return 1
}

run_node() {
  local dir="$WORK/node"
  mkdir -p "$dir"
  cp "$HERE/node/package.json" "$HERE/node/package-lock.json" "$HERE/node/"*.test.mjs "$dir/"
  if ! cmp -s "$HERE/node/package-lock.json" "$dir/node_modules/.package-lock.json.done" 2>/dev/null; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || return 1
    cp "$HERE/node/package-lock.json" "$dir/node_modules/.package-lock.json.done"
  fi
  start_server node || return 1
  (cd "$dir" && timeout 120 node --test --test-reporter=spec 2>&1 | grep -vE "^\s*$" | tail -n 60)
  local st=${PIPESTATUS[0]}
  stop_server
  [ "$st" -eq 0 ] && server_clean node
}

run_python() {
  local venv="$WORK/venv"
  if [ ! -x "$venv/bin/python" ] || ! cmp -s "$HERE/python/requirements.txt" "$venv/.requirements.done"; then
    python3 -m venv "$venv" && "$venv/bin/pip" install -q -r "$HERE/python/requirements.txt" || return 1
    cp "$HERE/python/requirements.txt" "$venv/.requirements.done"
  fi
  start_server python || return 1
  timeout 180 "$venv/bin/python" "$HERE/python/test_psycopg.py" | grep -v "^ok "
  local st=${PIPESTATUS[0]}
  stop_server
  [ "$st" -eq 0 ] && server_clean python
}

run_go() {
  [ -x "$GO" ] || { echo "go is not installed"; return 1; }
  start_server go || return 1
  (cd "$HERE/go" && timeout 300 "$GO" test -count=1 -v ./... 2>&1 | grep -E "^(---|ok|FAIL|PASS)|_test\.go")
  local st=${PIPESTATUS[0]}
  stop_server
  [ "$st" -eq 0 ] && server_clean go
}

for suite in node python go; do
  echo "==== clients/$suite"
  "run_$suite"; result "$suite" $?
done
echo "clients: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

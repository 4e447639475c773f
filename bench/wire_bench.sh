#!/usr/bin/env bash
# The wire server against real PostgreSQL 15, in one run, with pgbench:
# pgbench -i (load) and the select-only (-S) and TPC-B-like workloads, run
# alternately against pgmicro-server (a WAL file) and the reference
# PostgreSQL (../shared/pgref, same machine). Prints each figure and the
# ratio pgmicro / PostgreSQL. Never part of the tests: numbers, not assertions.
#
# Usage: bench/wire_bench.sh [SERVER_BIN] [SECONDS] [CLIENTS]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SERVER=${1:-$ROOT/build/server/pgmicro-server}
SECS=${2:-10}
CLIENTS=${3:-4}
PGREF=$ROOT/../shared/pgref/pgref.sh
"$PGREF" start >/dev/null
DIR=$(mktemp -d)
cleanup() {
  kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null
  psql -q -h 127.0.0.1 -p 54329 -U postgres postgres -c \
    'drop table if exists pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers' 2>/dev/null
  rm -rf "$DIR"
}
trap cleanup EXIT
"$SERVER" "$DIR/bench.db" 127.0.0.1:0 >"$DIR/out" 2>"$DIR/err" &
SRV=$!
for _ in $(seq 50); do grep -q "listening on" "$DIR/out" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on .*:\([0-9]*\)$/\1/p' "$DIR/out")
[ -n "$PORT" ] || { cat "$DIR/err"; exit 1; }

export PGUSER=postgres PGDATABASE=postgres PGHOST=127.0.0.1
# pgbench prints "tps = N (without initial connection time)"; -i prints "done in N s".
tps() { pgbench -p "$1" -n -c "$CLIENTS" -j "$CLIENTS" -T "$SECS" "${@:2}" 2>&1 | sed -n 's/^tps = \([0-9]*\).*/\1/p'; }
init() { pgbench -p "$1" -i -s 1 -q 2>&1 | sed -n 's/^done in \([0-9.]*\) s.*/\1/p'; }
ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }

printf '%-44s %12s %12s %8s\n' workload pgmicro postgresql ratio
a=$(init "$PORT"); b=$(init 54329)
printf '%-44s %11ss %11ss %7sx\n' "pgbench -i -s 1 (load, seconds)" "$a" "$b" "$(ratio "$a" "$b")"
for w in "-S" "-b tpcb-like" "-S -M prepared" "-b tpcb-like -M prepared"; do
  # shellcheck disable=SC2086
  a=$(tps "$PORT" $w); b=$(tps 54329 $w)
  printf '%-44s %8s tps %8s tps %7sx\n' "pgbench $w, $CLIENTS clients" "$a" "$b" "$(ratio "$a" "$b")"
done

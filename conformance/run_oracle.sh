#!/usr/bin/env bash
# CI hook: start the reference PostgreSQL 15, install the oracle's Python
# dependency, and check every conformance case against real PostgreSQL.
# Exit status is the oracle's: 0 when PostgreSQL meets every expectation.
# Extra arguments go to oracle.py (e.g. --file types_int, -v).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PGREF=${PGREF:-$HERE/../../shared/pgref/pgref.sh}
"$PGREF" start >/dev/null
python3 -c 'import psycopg' 2>/dev/null ||
  python3 -m pip install --quiet --disable-pip-version-check "psycopg[binary]>=3.1" >/dev/null 2>&1
exec python3 "$HERE/oracle.py" "$@"

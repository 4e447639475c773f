#!/usr/bin/env bash
# Run every test: the C core (ABI, types, shell, conformance suite), the
# generated-file and exported-symbol checks, the conformance oracle against a
# real PostgreSQL 15, and each language binding's own test suite.
# Prints one summary line per part; exits non-zero if any part failed.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
fail=0
part() { printf '\n==== %s\n' "$1"; }
result() { if [ "$1" -eq 0 ]; then echo "---- $2: ok"; else echo "---- $2: FAILED"; fail=1; fi; }

part "dependencies"
tools/install-deps.sh || exit 1

part "build (-Werror)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPGM_WERROR=ON >/dev/null && cmake --build build -j"$(nproc)" 2>&1 | grep -E "error|warning" ; st=${PIPESTATUS[0]}
[ -x build/shell/pgmicro ] || st=1
result $st build
[ $st -eq 0 ] || exit 1

part "generated files are current"
python3 tools/gen_catalog.py --check && python3 tools/amalgamate.py --check; result $? generated

part "C tests (ctest)"
(cd build && ctest --output-on-failure -j2); result $? ctest

part "wire server (psql, psycopg 3)"
server/tests/run.sh build/server/pgmicro-server build/shell/pgmicro; result $? server

part "conformance oracle (real PostgreSQL 15)"
if [ -x conformance/run_oracle.sh ] && [ -d ../shared/pgref ]; then
  conformance/run_oracle.sh; result $? oracle
else
  echo "the reference PostgreSQL (../shared/pgref) is not beside the repository"; result 1 oracle
fi

for lang in python go rust java; do
  if [ -x "bindings/$lang/test.sh" ]; then
    part "binding: $lang"
    "bindings/$lang/test.sh"; result $? "$lang"
  fi
done

echo
[ $fail -eq 0 ] && echo "all tests passed" || echo "SOME TESTS FAILED"
exit $fail

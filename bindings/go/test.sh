#!/bin/sh
# Test the Go binding: go vet, then every test (driver, conformance suite,
# examples) under the race detector.  Regenerates nothing.  Exit status is
# the result.  Needs Go >= 1.22, a C compiler and the system libraries in
# README.md; the module has no dependencies outside the standard library.
set -u
cd "$(dirname "$0")"
export CGO_ENABLED=1

for pc in sqlite3 gmp icu-uc icu-i18n libpcre2-8; do
  if ! pkg-config --exists "$pc"; then
    echo "test.sh: pkg-config cannot find $pc; install the packages listed in bindings/go/README.md" >&2
    exit 1
  fi
done
if [ ! -f /usr/include/pg_query.h ] && [ ! -f /usr/local/include/pg_query.h ]; then
  echo "test.sh: pg_query.h not found; install libpg-query-dev (see bindings/go/README.md)" >&2
  exit 1
fi

echo "== go vet ./..."
go vet ./... || exit 1

echo "== go test -race ./..."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
go test -race -count=1 -v ./... >"$log" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
  # Everything that failed, with its output.
  grep -v -E '^(=== (RUN|PAUSE|CONT)|--- PASS|    --- PASS)' "$log"
else
  grep -E '^(--- (PASS|SKIP): (Test|Example|Bench)[^/]*$|ok|PASS$)' "$log" | grep -v '^--- PASS: TestConformance/'
fi
grep -E '^conformance: ' "$log"
exit $rc

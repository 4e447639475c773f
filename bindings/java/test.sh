#!/bin/sh
# Build the JNI library (gcc, through Maven) and run every Java test: the
# shared conformance suite plus the JDBC tests.  Needs JDK 17+, Maven and the
# C build dependencies of bindings/README.md; Maven fetches JUnit from Maven Central.
set -eu
cd "$(dirname "$0")"
command -v mvn >/dev/null 2>&1 || { echo "test.sh: mvn (Maven) is required" >&2; exit 1; }
exec mvn -q -B test "$@"

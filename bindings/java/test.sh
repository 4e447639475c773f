#!/bin/sh
# Build the JNI library (gcc, through Maven) and run every Java test: the
# shared conformance suite plus the JDBC tests.  Needs JDK 17+, Maven and the
# C build dependencies of bindings/README.md; Maven fetches JUnit from Maven
# Central.  Exit status: Maven's.  Ends with "java: N passed, N failed" from
# the surefire reports (mvn -q prints no summary when everything passes).
set -u
cd "$(dirname "$0")"
command -v mvn >/dev/null 2>&1 || { echo "test.sh: mvn (Maven) is required" >&2; exit 1; }
rm -rf target/surefire-reports
mvn -q -B -Dstyle.color=never test "$@"
rc=$?
if ls target/surefire-reports/TEST-*.xml >/dev/null 2>&1; then
    sed -n 's/.*<testsuite [^>]*tests="\([0-9]*\)"[^>]*/&/p' target/surefire-reports/TEST-*.xml |
    awk '{
        match($0, /tests="[0-9]+"/); t += substr($0, RSTART + 7, RLENGTH - 8)
        match($0, /failures="[0-9]+"/); f += substr($0, RSTART + 10, RLENGTH - 11)
        match($0, /errors="[0-9]+"/); e += substr($0, RSTART + 8, RLENGTH - 9)
        match($0, /skipped="[0-9]+"/); s += substr($0, RSTART + 9, RLENGTH - 10)
    } END { printf "java: %d passed, %d failed, %d skipped\n", t - f - e - s, f + e, s }'
fi
exit $rc

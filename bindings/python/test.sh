#!/bin/sh
# Build and test the Python binding from a fresh clone (Debian 12, Python >= 3.9).
#
#   bindings/python/test.sh            venv in bindings/python/.venv, pip install, pytest
#   bindings/python/test.sh -k types   extra arguments go to pytest
#
# Installs what is missing: the system build dependencies (apt, when run as
# root), a venv (or pip --user when venv is unavailable), scikit-build-core and
# pytest from PyPI; regenerates the amalgamation (csrc/) from src/ and capi/;
# then `pip install` builds the C core and the extension from source.
# Exit status: pytest's.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY=${PYTHON:-python3}

say() { printf '== %s\n' "$*" >&2; }

# ---- system packages (bindings/README.md) ----
need_pkgs=""
for p in swig cmake gcc pkg-config libsqlite3-dev libpg-query-dev libprotobuf-c-dev libgmp-dev libicu-dev libpcre2-dev; do
    dpkg -s "$p" >/dev/null 2>&1 || need_pkgs="$need_pkgs $p"
done
if ! $PY -m venv --help >/dev/null 2>&1 || ! $PY -c 'import ensurepip' >/dev/null 2>&1; then
    need_pkgs="$need_pkgs python3-venv"
fi
if [ -n "$need_pkgs" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    say "apt-get install$need_pkgs"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq $need_pkgs >/dev/null || say "apt-get failed; continuing"
fi

# ---- the amalgamation the build compiles ----
if [ -f "$ROOT/tools/amalgamate.py" ]; then
    say "regenerating csrc/ (tools/amalgamate.py)"
    $PY "$ROOT/tools/amalgamate.py" --out "$HERE/csrc"
fi

# ---- a Python environment ----
VENV="$HERE/.venv"
if [ -x "$VENV/bin/python" ] || $PY -m venv "$VENV" >/dev/null 2>&1; then
    RUN="$VENV/bin/python"
    PIP="$RUN -m pip"
    $PIP install -q --upgrade pip >/dev/null 2>&1 || true
else
    say "no venv available: pip install --user"
    RUN=$PY
    PIP="$PY -m pip"
    PIP_USER="--user"
    $PY -m pip --version >/dev/null 2>&1 || { say "pip is missing (apt-get install python3-pip)"; exit 2; }
    export PIP_BREAK_SYSTEM_PACKAGES=1
fi

say "pip install build and test dependencies"
$PIP install -q ${PIP_USER:-} "scikit-build-core>=0.8" "pytest>=7"

say "pip install $HERE (builds the C core and the SWIG extension)"
$PIP install -q ${PIP_USER:-} --force-reinstall --no-deps "$HERE"

say "pytest"
cd "$HERE"
set +e
"$RUN" -m pytest -q -p no:cacheprovider tests "$@"
rc=$?
exit $rc

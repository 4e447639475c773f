#!/usr/bin/env bash
# Set everything up and run pgmicro: installs the Debian packages, builds,
# and opens the shell (default: an in-memory database; pass a file to keep it).
set -euo pipefail
cd "$(dirname "$0")"
tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target pgmicro_shell >/dev/null
exec build/shell/pgmicro "$@"

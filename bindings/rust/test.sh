#!/usr/bin/env bash
# Every test of the Rust binding: unit, integration (conformance suite, API,
# errors, types, interruption), doctests, with every feature; then clippy
# with warnings as errors.  Exit status: 0 when all pass.
#
# Needs a Rust toolchain (rustup) and the system libraries of
# bindings/README.md; crates come from crates.io (Cargo.lock is committed).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
fi
command -v cargo >/dev/null 2>&1 || { echo "rust: cargo not found (install rustup)" >&2; exit 1; }
if ! cargo clippy --version >/dev/null 2>&1; then
    rustup component add clippy
fi

# The amalgamation copy must match the core (tools/amalgamate.py).
if [ -f ../../tools/amalgamate.py ] && command -v python3 >/dev/null 2>&1; then
    fresh=$(mktemp -d)
    trap 'rm -rf "$fresh"' EXIT
    python3 ../../tools/amalgamate.py --out "$fresh" >/dev/null
    if ! cmp -s "$fresh/pgmicro.c" pgmicro-sys/csrc/pgmicro.c || ! cmp -s "$fresh/pgmicro.h" pgmicro-sys/csrc/pgmicro.h; then
        echo "rust: warning: pgmicro-sys/csrc is older than src/ — run: python3 tools/amalgamate.py" >&2
    fi
fi

status=0
cargo test --locked --all-features || status=1
cargo check --locked -p pgmicro --all-targets || status=1          # no optional features
cargo clippy --locked --all-targets --all-features -- -D warnings || status=1
if [ "$status" -eq 0 ]; then echo "rust: all tests passed"; else echo "rust: FAILED" >&2; fi
exit "$status"

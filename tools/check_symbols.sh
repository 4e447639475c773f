#!/usr/bin/env bash
# The shared library must export exactly the symbols of capi/pgmicro.sym (the
# append-only ABI list): nothing more (no leaked internals), nothing less.
set -euo pipefail
lib=$1; sym=$2
actual=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRW]$/ {sub(/@.*/, "", $3); print $3}' | sort)
expected=$(grep -v '^#' "$sym" | sed '/^$/d' | sort)
if [ "$actual" != "$expected" ]; then
  echo "exported symbols differ from $sym:"; diff <(echo "$expected") <(echo "$actual"); exit 1
fi
echo "symbols: $(echo "$expected" | wc -l) exported, all listed"

#!/bin/sh
# Regenerate the committed SWIG wrapper (swig/_core_wrap.c) from swig/_core.i,
# so that an sdist builds without SWIG.  Run after editing _core.i.
set -e
cd "$(dirname "$0")/.."
swig -python -noproxy -Icsrc -o swig/_core_wrap.c swig/_core.i
echo "wrote swig/_core_wrap.c"

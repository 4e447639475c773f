#!/usr/bin/env bash
# Install the Debian packages pgmicro builds and tests with (idempotent; run as root).
# postgresql-15 brings pgbench (the server tests run it) and the reference server
# that ../shared/pgref/pgref.sh starts.
set -euo pipefail
PKGS="build-essential cmake pkg-config sqlite3 libsqlite3-dev libpg-query-dev libprotobuf-c-dev
      libgmp-dev libicu-dev libpcre2-dev libedit-dev swig python3 python3-venv python3-pip
      postgresql-client postgresql-15 libssl-dev openssl"
missing=$(dpkg-query -W -f='${Package} ${Status}\n' $PKGS 2>/dev/null | awk '$NF != "installed" {print $1}'; \
          for p in $PKGS; do dpkg-query -W "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$(echo "$missing" | tr -d '[:space:]')" ]; then
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq $(echo "$missing" | sort -u) >/dev/null
fi

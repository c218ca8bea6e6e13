#!/usr/bin/env bash
# Installs the PostgreSQL server the store tests start as a throwaway cluster (initdb + pg_ctl on a loopback
# port), when it is missing. Debian 12: package postgresql (15), binaries in /usr/lib/postgresql/15/bin.
# The package's own cluster service is not needed by the tests; they never touch it.
set -euo pipefail

have_server() {
  [ -n "${VGW_PG_BIN:-}" ] && [ -x "${VGW_PG_BIN}/initdb" ] && [ -x "${VGW_PG_BIN}/pg_ctl" ] && return 0
  for bin in /usr/lib/postgresql/*/bin; do
    [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && return 0
  done
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1
}

# HAProxy 2.6 (Debian) for the cluster failover tests, which start it in front of three nodes.
command -v haproxy >/dev/null 2>&1 || { echo "installing haproxy (apt-get)…"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; }

if have_server; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL (initdb, pg_ctl) is missing and apt-get is not available: install PostgreSQL 15 and set VGW_PG_BIN to its bin directory." >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

echo "installing postgresql (apt-get)…"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
have_server || { echo "postgresql was installed but initdb/pg_ctl were not found under /usr/lib/postgresql/*/bin" >&2; exit 1; }

#!/usr/bin/env bash
# A throwaway ValidationGateway cluster on loopback: PostgreSQL, three vgw nodes sharing it, and HAProxy in front
# (consistent hashing on x-fixmedins-code, config generated from deploy/haproxy/haproxy.cfg).
#
#   scripts/local-cluster.sh up       build vgw once, start everything, print the endpoint and an admin key
#   scripts/local-cluster.sh status   what is running (by the pid files), node health
#   scripts/local-cluster.sh down     stop exactly what "up" started (pid files / pg_ctl) and delete the state
#
# Settings (environment): VGW_CLUSTER_DIR state directory (default /tmp/vgw-local-cluster),
# VGW_CLUSTER_PORT first port (default 25080: HAProxy 25080, nodes' gRPC 25081-25083, nodes' HTTP 25091-25093,
# PostgreSQL 25432), VGW_PG_BIN directory of initdb/pg_ctl, VGW_DLL an already built vgw.dll (skips the build).
# Needs: the .NET SDK, PostgreSQL server binaries and haproxy (./test.sh installs both), curl.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
state="${VGW_CLUSTER_DIR:-/tmp/vgw-local-cluster}"
base="${VGW_CLUSTER_PORT:-25080}"
lb_port="$base"
pg_port=$((base + 352))
nodes=3
node_grpc() { echo $((base + $1)); }
node_http() { echo $((base + 10 + $1)); }

die() { echo "local-cluster: $*" >&2; exit 1; }

pg_bin() {
  if [ -n "${VGW_PG_BIN:-}" ] && [ -x "$VGW_PG_BIN/pg_ctl" ]; then echo "$VGW_PG_BIN"; return; fi
  for bin in /usr/lib/postgresql/*/bin; do
    [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && { echo "$bin"; return; }
  done
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return; }
  die "PostgreSQL server binaries (initdb, pg_ctl) not found: run scripts/install-test-deps.sh or set VGW_PG_BIN"
}

# The server refuses to run as root: as root, PostgreSQL commands run as the postgres OS user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

store() { echo "Host=127.0.0.1;Port=$pg_port;Database=vgw;Username=postgres"; }

vgw_dll() {
  if [ -n "${VGW_DLL:-}" ]; then echo "$VGW_DLL"; return; fi
  echo "$state/build/bin/ValidationGateway.Server/debug/vgw.dll"
}

wait_for() { # description, seconds, command...
  local what="$1" seconds="$2"; shift 2
  for _ in $(seq 1 $((seconds * 4))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  die "$what did not come up within ${seconds}s (logs in $state)"
}

haproxy_config() {
  # Loopback copy of the production file: drop the system (chroot, user, daemon, syslog) and TLS blocks, bind to
  # loopback, point the servers at the local nodes, log to stdout (captured in haproxy.log), and keep maxconn
  # under a shell's usual open-file limit.
  local src="$repo/deploy/haproxy/haproxy.cfg"
  sed -e '/# BEGIN system/,/# END system/d' -e '/# BEGIN tls/,/# END tls/d' \
      -e "s/^\(\s*\)bind :5080 /\1bind 127.0.0.1:$lb_port /" \
      -e '/^\s*server vgw[0-9]/d' -e 's/^\(\s*\)maxconn [0-9]*/\1maxconn 1000/' \
      -e 's/^\(global\)$/\1\n    log stdout format raw local0 info/' \
      "$src"
  for i in $(seq 1 "$nodes"); do
    echo "    server vgw$i 127.0.0.1:$(node_grpc "$i")"
  done
}

up() {
  command -v haproxy >/dev/null 2>&1 || die "haproxy not found: run scripts/install-test-deps.sh (apt-get install haproxy)"
  command -v curl >/dev/null 2>&1 || die "curl not found"
  local bin; bin="$(pg_bin)"
  if [ -d "$state/pg" ] || ls "$state"/*.pid >/dev/null 2>&1; then
    die "$state already holds a cluster: run '$0 down' first"
  fi
  mkdir -p "$state"
  # A failed "up" stops whatever it had started.
  trap 'status=$?; if [ $status -ne 0 ]; then echo "up failed: stopping what was started (logs kept in $state)" >&2; down keep; fi' EXIT

  local dll; dll="$(vgw_dll)"
  if [ -z "${VGW_DLL:-}" ]; then
    echo "building vgw (dotnet build, into $state/build)…"
    dotnet build "$repo/src/ValidationGateway.Server" --artifacts-path "$state/build" -v q -nologo >"$state/build.log" 2>&1 \
      || die "build failed: see $state/build.log"
  fi
  [ -f "$dll" ] || die "vgw.dll not found at $dll"

  echo "starting PostgreSQL on 127.0.0.1:$pg_port…"
  mkdir -p "$state/pg/sock"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$state/pg"
  as_pg "$bin/initdb" -D "$state/pg/data" -U postgres -A trust -E UTF8 --no-locale >"$state/initdb.log" 2>&1 \
    || die "initdb failed: see $state/initdb.log"
  as_pg "$bin/pg_ctl" -D "$state/pg/data" -l "$state/pg/server.log" -w -t 60 \
    -o "-p $pg_port -k $state/pg/sock -c listen_addresses=127.0.0.1" start >/dev/null \
    || die "PostgreSQL did not start: see $state/pg/server.log"
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres vgw

  # One audit hash key for every node (psn_no HMACs must agree across the cluster).
  head -c 32 /dev/urandom | base64 >"$state/audit-hash.key"
  chmod 600 "$state/audit-hash.key"
  export VGW_Audit__HashKey; VGW_Audit__HashKey="$(cat "$state/audit-hash.key")"

  echo "seeding the demo data set and issuing an administrator key…"
  dotnet "$dll" demo seed --store "$(store)" >"$state/seed.log" 2>&1 || die "vgw demo seed failed: see $state/seed.log"
  dotnet "$dll" key issue --admin --store "$(store)" >"$state/key.log" 2>&1 || die "vgw key issue failed: see $state/key.log"
  tail -n 1 "$state/key.log" | tr -d '[:space:]' >"$state/admin.key"
  chmod 600 "$state/admin.key"
  rm -f "$state/key.log"

  for i in $(seq 1 "$nodes"); do
    echo "starting node $i (gRPC 127.0.0.1:$(node_grpc "$i"), HTTP 127.0.0.1:$(node_http "$i"))…"
    nohup dotnet "$dll" serve --no-demo --store "$(store)" \
      --grpc-url "http://127.0.0.1:$(node_grpc "$i")" --http-url "http://127.0.0.1:$(node_http "$i")" \
      >"$state/node$i.log" 2>&1 </dev/null &
    echo $! >"$state/node$i.pid"
  done
  for i in $(seq 1 "$nodes"); do
    wait_for "node $i" 120 curl -fsS "http://127.0.0.1:$(node_http "$i")/readyz"
  done

  haproxy_config >"$state/haproxy.cfg"
  haproxy -c -q -f "$state/haproxy.cfg" || die "generated $state/haproxy.cfg is invalid"
  echo "starting HAProxy on 127.0.0.1:$lb_port…"
  nohup haproxy -db -f "$state/haproxy.cfg" >"$state/haproxy.log" 2>&1 </dev/null &
  echo $! >"$state/haproxy.pid"
  wait_for "HAProxy" 20 bash -c "exec 3<>/dev/tcp/127.0.0.1/$lb_port"

  cat <<EOT

ValidationGateway cluster is up (state and logs in $state).
  endpoint   127.0.0.1:$lb_port   gRPC h2c through HAProxy; send x-fixmedins-code metadata
  nodes      $(for i in $(seq 1 "$nodes"); do printf '127.0.0.1:%s ' "$(node_grpc "$i")"; done)(pages /admin on $(for i in $(seq 1 "$nodes"); do printf '%s ' "$(node_http "$i")"; done))
  store      $(store)
  admin key  $(cat "$state/admin.key")   (also in $state/admin.key)

Try:
  dotnet $dll sample --grpc-url http://127.0.0.1:$lb_port --key "\$(cat $state/admin.key)"
  dotnet run --project loadtest/ValidationGateway.LoadTest -- --help   (target http://127.0.0.1:$lb_port)
Stop everything:
  $0 down
EOT
}

status() {
  [ -d "$state" ] || { echo "no cluster in $state"; return 0; }
  if [ -f "$state/pg/data/postmaster.pid" ] && kill -0 "$(head -n 1 "$state/pg/data/postmaster.pid")" 2>/dev/null; then
    echo "postgres   running  pid $(head -n 1 "$state/pg/data/postmaster.pid")  127.0.0.1:$pg_port"
  else
    echo "postgres   stopped"
  fi
  for i in $(seq 1 "$nodes"); do
    if alive "$state/node$i.pid"; then
      local ready; ready="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(node_http "$i")/readyz" || true)"
      echo "node$i      running  pid $(cat "$state/node$i.pid")  gRPC 127.0.0.1:$(node_grpc "$i")  /readyz $ready"
    else
      echo "node$i      stopped"
    fi
  done
  if alive "$state/haproxy.pid"; then
    echo "haproxy    running  pid $(cat "$state/haproxy.pid")  127.0.0.1:$lb_port"
  else
    echo "haproxy    stopped"
  fi
}

stop_pid() { # name, pid file: SIGTERM (nodes drain: in-flight calls finish, the audit flushes), then SIGKILL
  local name="$1" file="$2"
  [ -f "$file" ] || return 0
  local pid; pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    echo "stopping $name (pid $pid)…"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && { echo "$name did not stop in 30 s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
  fi
  rm -f "$file"
}

down() {
  [ -d "$state" ] || { echo "no cluster in $state"; return 0; }
  stop_pid haproxy "$state/haproxy.pid"
  for i in $(seq 1 "$nodes"); do stop_pid "node$i" "$state/node$i.pid"; done
  if [ -f "$state/pg/data/postmaster.pid" ]; then
    echo "stopping PostgreSQL…"
    as_pg "$(pg_bin)/pg_ctl" -D "$state/pg/data" -m fast -w -t 30 stop >/dev/null || die "pg_ctl stop failed; data left in $state/pg"
  fi
  [ "${1:-}" = keep ] && return 0
  # The build stays for the next "up"; everything else was this cluster's.
  find "$state" -mindepth 1 -maxdepth 1 ! -name build -exec rm -rf {} +
  echo "stopped; state removed from $state"
}

case "${1:-}" in
  up) up ;;
  down) down ;;  # "down keep" stops everything but keeps logs and data
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac

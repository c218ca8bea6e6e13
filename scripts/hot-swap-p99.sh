#!/usr/bin/env bash
# Measures what publishing a large catalog version under sustained load does to latency (issue 4: no failed request,
# p99 disturbed by no more than 20%).
#
#   scripts/hot-swap-p99.sh [--rows N] [--rate R] [--seconds S] [--rounds K]
#
# A throwaway store gets the demo data (institutions whose local codes map HIS + national code, which vgw-load relies
# on) and K large draft versions: each is the demo version plus a delta of N generated consumable codes (20- and
# 27-character), so each publish makes the gateway build an N-code snapshot. The gateway runs pinned to CPU 0,
# vgw-load to CPU 1. Then K rounds, each of two open-loop runs at R batches/s for S seconds with the same traffic:
# a quiet run (no publish) and a swap run (one of the large versions is published S/4 seconds in; the gateway
# notices it within its poll interval, builds it in the background and switches). The p99 of each run is compared:
# disturbance = swap p99 / quiet p99 of the same round. Every call must succeed and every answer be right.
#
# Settings (environment): VGW_SWAP_DIR results folder (default /tmp/vgw-hot-swap/<time>), VGW_SWAP_PORT first port
# (default 27080). Needs: the .NET SDK, jq, taskset, curl, awk. Stops exactly the server it started.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${VGW_SWAP_DIR:-/tmp/vgw-hot-swap/$(date -u +%Y%m%dT%H%M%SZ)}"
port="${VGW_SWAP_PORT:-27080}"
rows=1000000
rate=300
secs=40
rounds=2
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift ;;
    --rate) rate="$2"; shift ;;
    --seconds) secs="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    *) echo "usage: $0 [--rows N] [--rate R] [--seconds S] [--rounds K]" >&2; exit 2 ;;
  esac
  shift
done
grpc="http://127.0.0.1:$port"
http="http://127.0.0.1:$((port + 1))"

die() { echo "hot-swap-p99: $*" >&2; exit 1; }
for tool in jq taskset curl awk dotnet; do command -v "$tool" >/dev/null 2>&1 || die "$tool not found"; done

mkdir -p "$out"
echo "results in $out"
# shellcheck source=lib/pinned-gateway.sh
. "$repo/scripts/lib/pinned-gateway.sh"
build_release
store="$out/store/vgw.db"

rm -rf "$out/store" && mkdir -p "$out/store"
dotnet "$vgw" demo seed --store "$store" >"$out/seed.log" 2>&1 || die "demo seed failed, see $out/seed.log"
base="$(dotnet "$vgw" catalog list --store "$store" | awk 'NR == 2 {print $1}')"
key_file="$out/store/load.key"
dotnet "$vgw" key issue --admin --store "$store" | grep -o 'vgw_[A-Za-z0-9_-]*' >"$key_file" || die "could not issue a key"

# N consumable codes: C + class + 18 digits, a third of them 27-character product codes (a 20-char code + 7 digits).
awk -v n="$rows" 'BEGIN {
  print "med_list_codg,name,begndate,enddate,vali_flag";
  for (i = 0; i < n; i++) {
    code = sprintf("C%02d%017d", i % 17 + 1, i);
    if (i % 3 == 0) code = code sprintf("%07d", i % 9999999);
    printf "%s,生成耗材%d,2024-01-01,,1\n", code, i;
  }
}' >"$out/consumables.csv"

for k in $(seq 1 "$rounds"); do
  echo "draft swap-$k: $base + $rows consumable codes…"
  dotnet "$vgw" catalog import --version "swap-$k" --base "$base" --kind consumable --file "$out/consumables.csv" \
    --store "$store" >"$out/import-$k.log" 2>&1 || die "delta import failed, see $out/import-$k.log"
done

start_gateway --store "$store" --grpc-url "$grpc" --http-url "$http"

run() { # NAME [publish VERSION] -> "p99_ms failed"
  local name="$1" version="${2:-}" publisher=""
  if [ -n "$version" ]; then
    # The operator's command runs beside the client (CPU 1) at the lowest priority: its own start-up (about a second
    # of JIT) is neither the gateway's swap nor the client's.
    (sleep "$((secs / 4 + 2))"; nice -n 19 taskset -c 1 dotnet "$vgw" catalog publish --version "$version" --store "$store" >"$out/publish-$version.log" 2>&1) &
    publisher=$!
  fi
  pinned_client dotnet "$load" --target "$grpc" --key-file "$key_file" --faults none \
    --rate "$rate" --duration "${secs}s" --warmup 2s --out "$out/$name" >"$out/$name.log" 2>&1 \
    || die "vgw-load $name failed or saw wrong answers, see $out/$name.log"
  if [ -n "$publisher" ]; then wait "$publisher" || die "publish of $version failed, see $out/publish-$version.log"; fi
  echo "$(jq '.latency.p99_ms' "$out/$name/result.json") $(jq '.failed' "$out/$name/result.json")"
}

echo "warming up…"
run warmup >/dev/null
summary="$out/summary.md"
{
  echo "# Publishing under load, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$repo" rev-parse --short HEAD)"
  echo
  echo "Each publish switches to a version of the demo catalog ($base) plus $rows generated consumable codes."
  echo "Open loop, $rate batches/s for $secs s per run, gateway on CPU 0, vgw-load on CPU 1, load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| Round | quiet p99 | swap p99 | swap / quiet | failed calls (quiet, swap) | version in use after |"
  echo "|---|---:|---:|---:|---|---|"
} >"$summary"
for k in $(seq 1 "$rounds"); do
  echo "round $k/$rounds…"
  res="$(run "quiet-$k")"; read -r quiet_p99 quiet_failed <<<"$res"
  res="$(run "swap-$k" "swap-$k")"; read -r swap_p99 swap_failed <<<"$res"
  echo "| $k | $(printf '%.2f' "$quiet_p99") ms | $(printf '%.2f' "$swap_p99") ms | $(echo "scale=2; $swap_p99 / $quiet_p99" | bc) | $quiet_failed, $swap_failed | $(curl -fs "$http/readyz" | tr -d '\n' | cut -c1-60) |" >>"$summary"
done
echo >>"$summary"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg). Per-run reports: */report.html; server log: server.log." >>"$summary"
stop_server
# The throwaway store grows to ~1.5 GB over a full run; the results above stay in $out (a failed run keeps it).
rm -rf "$out/store"
cat "$summary"

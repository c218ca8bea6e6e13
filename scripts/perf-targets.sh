#!/usr/bin/env bash
# Measures issue 6's performance targets in one run on this machine and writes the figures to a results folder.
#
#   scripts/perf-targets.sh [--quick] [--durability PowerLoss|ProcessCrash]
#
# (a) Validate with 8-line batches, audit trail on, against the empty gRPC handler on the same server
#     (BenchmarkService/Empty, --enable-baseline-endpoint) measured with h2load: the ratio of throughputs.
#     Validate is measured twice: with vgw-load (a new request_id per call, so every call is validated, audited and
#     committed) and with h2load (one fixed body, so after the first call every call is a replay of a stored answer).
# (b) open-loop p99 of Validate at half of its closed-loop maximum; (c) the same with ValidateStream.
# --durability sets the gateway's Audit:Durability (default PowerLoss: a disk flush per group commit before answers
# leave; ProcessCrash: no flush on the answer's path, see docs/performance.md).
#
# The server is pinned to CPU 0 and every client to CPU 1 (taskset), so the client's own cost does not eat the
# server's core; pairs alternate baseline and candidate so drifting machine load hits both. Also reported: the
# server's CPU time per call (from /proc), which does not depend on the client.
#
# Settings (environment): VGW_PERF_DIR results folder (default /tmp/vgw-perf/<time>), VGW_PERF_PORT first port
# (default 26080), VGW_PERF_PAIRS pairs for (a) (default 3), VGW_PERF_SECONDS seconds per closed-loop run (default 10),
# VGW_PERF_OPEN_SECONDS seconds per open-loop run (default 20).
# Needs: the .NET SDK, h2load (Debian nghttp2-client), jq, taskset, curl. Stops exactly the server it started.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${VGW_PERF_DIR:-/tmp/vgw-perf/$(date -u +%Y%m%dT%H%M%SZ)}"
port="${VGW_PERF_PORT:-26080}"
pairs="${VGW_PERF_PAIRS:-3}"
secs="${VGW_PERF_SECONDS:-10}"
open_secs="${VGW_PERF_OPEN_SECONDS:-20}"
durability=PowerLoss
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) pairs=1; secs=4; open_secs=10 ;;
    --durability) durability="${2:?--durability needs PowerLoss or ProcessCrash}"; shift ;;
    *) echo "usage: $0 [--quick] [--durability PowerLoss|ProcessCrash]" >&2; exit 2 ;;
  esac
  shift
done
grpc="http://127.0.0.1:$port"
http="http://127.0.0.1:$((port + 1))"
institution=H21010200123

die() { echo "perf-targets: $*" >&2; exit 1; }
for tool in h2load jq taskset curl dotnet; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (h2load: apt-get install nghttp2-client)"
done
[ "$(nproc)" -ge 2 ] || die "needs 2 CPUs: the server is pinned to CPU 0, the clients to CPU 1"

mkdir -p "$out"
echo "results in $out"
# shellcheck source=lib/pinned-gateway.sh
. "$repo/scripts/lib/pinned-gateway.sh"
build_release

rm -rf "$out/store" && mkdir -p "$out/store"
VGW_Audit__Durability="$durability" start_gateway --store "$out/store/vgw.db" --grpc-url "$grpc" --http-url "$http" --enable-baseline-endpoint
key_file="$out/store/demo-admin.key"
key="$(cat "$key_file")"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
hz="$(getconf CLK_TCK)"

# ok_calls METHOD -> calls to METHOD the gateway ended with grpc-status OK (its own counter)
ok_calls() {
  curl -fs "$http/metrics" | awk -F'[{}]' -v m="method=\"/validationgateway.v1.$1\"" \
    '$1 == "vgw_grpc_requests_total" && index($2, m) && index($2, "code=\"OK\"") { split($3, v, " "); n += v[1] } END { print n + 0 }'
}

# h2load METHOD N -> "req/s server_cpu_us_per_call". h2load counts an HTTP 200 as a success whatever its grpc-status
# (a refused key is a 200 with grpc-status 16), so the gateway's own count of OK calls must grow by N.
h2() {
  local method="$1" n="$2" t0 t1 rate ok0 ok1
  ok0="$(ok_calls "$method")"
  t0="$(cpu_ticks)"
  rate="$(taskset -c 1 h2load -n "$n" -c 4 -m 16 -H 'content-type: application/grpc' -H 'te: trailers' \
    -H "x-fixmedins-code: $institution" -H "authorization: Bearer $key" -d "$out/body8.bin" \
    "$grpc/validationgateway.v1.$method" 2>&1 | tee -a "$out/h2load.log" | awk '/^finished in/ {print $4}')"
  t1="$(cpu_ticks)"
  [ -n "$rate" ] || die "h2load failed, see $out/h2load.log"
  grep -q '^requests:.* 0 failed, 0 errored' <(tail -n 20 "$out/h2load.log") || die "h2load saw failed requests, see $out/h2load.log"
  ok1="$(ok_calls "$method")"
  [ $((ok1 - ok0)) -eq "$n" ] || die "only $((ok1 - ok0)) of h2load's $n calls to $method ended with grpc-status OK (vgw_grpc_requests_total)"
  echo "$rate $(( (t1 - t0) * 1000000 / hz / n ))"
}

# vgw-load NAME ARGS… -> "ok/s p99_ms server_cpu_us_per_call"; the run must be all OK, all correct, and not differ from
# the gateway's audit trail
vl() {
  local name="$1" t0 t1 result reconcile=(--no-reconcile)
  shift
  [ "$name" = warmup ] && reconcile=()
  t0="$(cpu_ticks)"
  pinned_client dotnet "$load" --target "$grpc" --key-file "$key_file" --institutions "$institution" --lines 8 \
    --faults none --out "$out/$name" "${reconcile[@]}" "$@" >"$out/$name.log" 2>&1 || die "vgw-load $name failed, see $out/$name.log"
  t1="$(cpu_ticks)"
  result="$out/$name/result.json"
  [ "$(jq '.failed' "$result")" = 0 ] && [ "$(jq '.correctness.all_correct' "$result")" = true ] && [ "$(jq -r '.audit.status' "$result")" != differs ] \
    || die "vgw-load $name: failed calls, wrong answers or answers that differ from the gateway's audit trail, see $out/$name.log"
  echo "$(jq '.throughput_per_second | floor' "$result") $(jq '.latency.p99_ms' "$result") $(( (t1 - t0) * 1000000 / hz / $(jq '.completed' "$result") ))"
}

dotnet "$load" --lines 8 --faults none --institutions "$institution" --h2load-body "$out/body8.bin" >/dev/null
echo "warming up…"
h2 BenchmarkService/Empty 20000 >/dev/null
# The warm-up run is also compared with the gateway's audit trail (its compliance report before and after); the
# measured runs skip that (--no-reconcile), since reading the report is server CPU inside their CPU-per-call window.
vl warmup --duration 4s --warmup 1s --concurrency 64 >/dev/null
[ "$(jq -r '.audit.status' "$out/warmup/result.json")" = matched ] || die "the warm-up run's answers differ from the gateway's audit trail, see $out/warmup.log"

summary="$out/summary.md"
{
  echo "# Performance targets, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$repo" rev-parse --short HEAD)"
  echo
  echo "Machine: $(nproc) CPUs, load average before the run: $(cut -d' ' -f1-3 /proc/loadavg). Server on CPU 0, clients on CPU 1."
  echo "Gateway: Release, SQLite store, demo data, audit trail on with Audit:Durability = $durability."
  echo
  echo "## (a) Validate (8 lines, audit on) / empty handler (h2load)"
  echo
  echo "Columns: throughput of the empty handler with h2load (the baseline) and with vgw-load; Validate with vgw-load"
  echo "(a new request id per call: validated, audited, committed) and with h2load (one fixed body: replays of a"
  echo "stored answer); ratios to the h2load baseline and, for vgw-load, to the same client's empty run; the server's"
  echo "CPU time per call."
  echo
  echo "| Pair | Empty, h2load | Empty, vgw-load | Validate, vgw-load | ratio to h2load / to vgw-load empty | Validate replays, h2load | ratio | server CPU per call: empty h2load / empty vgw-load / Validate / replay |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
} >"$summary"

ratios=()
same_client_ratios=()
validate_rates=()
for i in $(seq 1 "$pairs"); do
  echo "pair $i/$pairs…"
  res="$(h2 BenchmarkService/Empty 100000)"; read -r empty_rate empty_cpu <<<"$res"
  res="$(vl "empty-$i" --call empty --duration "${secs}s" --warmup 1s --concurrency 64)"; read -r vl_empty_rate _ vl_empty_cpu <<<"$res"
  res="$(vl "closed-$i" --duration "${secs}s" --warmup 1s --concurrency 64)"; read -r new_rate _ new_cpu <<<"$res"
  res="$(h2 ValidationService/Validate 100000)"; read -r replay_rate replay_cpu <<<"$res"
  ratio="$(echo "scale=2; $new_rate / $empty_rate" | bc)"
  same_client_ratio="$(echo "scale=2; $new_rate / $vl_empty_rate" | bc)"
  replay_ratio="$(echo "scale=2; $replay_rate / $empty_rate" | bc)"
  ratios+=("$ratio")
  same_client_ratios+=("$same_client_ratio")
  validate_rates+=("$new_rate")
  echo "| $i | ${empty_rate%.*}/s | $vl_empty_rate/s | $new_rate/s | $ratio / $same_client_ratio | ${replay_rate%.*}/s | $replay_ratio | ${empty_cpu} / ${vl_empty_cpu} / ${new_cpu} / ${replay_cpu} µs |" >>"$summary"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
max_unary="$(median "${validate_rates[@]}")"
half_unary=$((max_unary / 2))

echo "stream closed loop…"
res="$(vl closed-stream --call stream --duration "${secs}s" --warmup 1s --concurrency 64)"; read -r max_stream _ <<<"$res"
half_stream=$((max_stream / 2))

# The open-loop runs also record what bounds their tail from outside the gateway: the same client at the same rate
# against the empty handler (the floor this client and machine reach), the server's own histogram
# (vgw_grpc_request_duration_seconds, request headers to status; for a stream, per message from reading it to flushing
# its answer), and the CPU time the hypervisor took from CPU 0 while it ran (steal, /proc/stat).
steal_ticks() { awk '/^cpu0 / {print $9}' /proc/stat; }
# buckets METHOD: the latency histogram's buckets for METHOD; for ValidateStream the per-message one (the call's own
# histogram times whole streams).
buckets() {
  local family=vgw_grpc_request_duration_seconds
  [ "$1" = ValidationService/ValidateStream ] && family=vgw_grpc_stream_message_duration_seconds
  curl -fs "$http/metrics" | grep "^${family}_bucket{method=\"/validationgateway.v1.$1\"" || true
}
# server_p99 BEFORE_FILE AFTER_FILE -> "≤ X ms": the upper bound of the bucket that holds the run's 99th percentile
server_p99() {
  awk 'FILENAME == ARGV[1] { match($0, /le="[^"]*"/); before[substr($0, RSTART, RLENGTH)] = $NF; next }
       { match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5); n++; les[n] = le; count[n] = $NF - before[substr($0, RSTART, RLENGTH)] }
       END { total = count[n]; if (total == 0) { print "–"; exit }
             for (i = 1; i <= n; i++) if (count[i] >= 0.99 * total) { print (les[i] == "+Inf" ? "> 10 s" : "≤ " les[i] * 1000 " ms"); exit } }' "$1" "$2"
}
open_run() { # NAME METHOD ARGS… -> "steal_ms server_p99"
  local name="$1" method="$2" s0 s1 snapshot
  shift 2
  # The server-side window opens 8 s after the client starts (its start-up and warm-up are over): the first calls of
  # a fresh client send their bodies late while it compiles, and the server's clock for them runs meanwhile.
  (sleep 8; buckets "$method" >"$out/$name.buckets-before") &
  snapshot=$!
  s0="$(steal_ticks)"
  vl "$name" "$@" >/dev/null
  s1="$(steal_ticks)"
  wait "$snapshot"
  buckets "$method" >"$out/$name.buckets-after"
  echo "$(( (s1 - s0) * 1000 / hz )) $(server_p99 "$out/$name.buckets-before" "$out/$name.buckets-after")"
}

# A new client's first seconds are not the gateway's steady state: its connections and the burst of its first calls
# cost the server a gen0 and a gen1 collection of ~30 ms each (promoting 3–4 MB) about 1–3 s in. With a 2-s warm-up
# they fell into the measured window (per-second p99s of 44–62 ms in its first seconds); with 5 s they did not in a
# quiet pair, though noisy runs still see a slow first second (docs/performance.md, item 25). HIS clients keep their
# channels open.
open_warmup=5s
echo "open loop at half the maximum: unary $half_unary/s, stream $half_stream/s; the empty handler and the stream at $half_unary/s…"
read -r steal_unary server_unary <<<"$(open_run open-unary ValidationService/Validate --rate "$half_unary" --duration "${open_secs}s" --warmup "$open_warmup")"
read -r steal_stream server_stream <<<"$(open_run open-stream ValidationService/ValidateStream --call stream --rate "$half_stream" --duration "${open_secs}s" --warmup "$open_warmup")"
read -r steal_empty server_empty <<<"$(open_run open-empty BenchmarkService/Empty --call empty --rate "$half_unary" --duration "${open_secs}s" --warmup "$open_warmup")"
# For comparison, not a target: the stream at the unary's rate. Since the stream's own maximum is 40–60% above the
# unary's, (c) runs where the gateway's CPU is 85–90% busy; this row shows the stream under (b)'s load.
read -r steal_stream_b server_stream_b <<<"$(open_run open-stream-b ValidationService/ValidateStream --call stream --rate "$half_unary" --duration "${open_secs}s" --warmup "$open_warmup")"

{
  echo
  echo "Median ratio of Validate (new request ids, vgw-load) to the empty handler: **$(median "${ratios[@]}")** against h2load's"
  echo "baseline (goal ≥ 0.6), **$(median "${same_client_ratios[@]}")** against the same client's."
  echo
  echo "## (b), (c) open loop at half the closed-loop maximum"
  echo
  echo "Latency counts from each call's intended start. The empty-handler row is the floor: the same client at the same"
  echo "rate against a handler that does nothing. Server-side p99: the gateway's own histogram (request headers to"
  echo "status; for a stream, each message from reading it to flushing its answer; from 8 s into the run, after the"
  echo "client's 5-s warm-up), as the bucket bound that holds it. Client CPU: the share of its own core vgw-load used (its latency"
  echo "includes its own queueing as that nears 100%). Steal: CPU time the hypervisor took from the server's CPU"
  echo "during the run."
  echo
  echo "| Call | closed-loop max | open-loop rate | achieved | p50 | p99 | p99.9 | server-side p99 | client CPU | CPU 0 steal | goal |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  for call in unary stream empty stream-b; do
    r="$out/open-$call/result.json"
    case "$call" in
      unary) m="$max_unary/s"; h="$half_unary"; sp="$server_unary"; st="$steal_unary"; goal="p99 ≤ 5 ms" ;;
      stream) m="$max_stream/s"; h="$half_stream"; sp="$server_stream"; st="$steal_stream"; goal="p99 ≤ 5 ms" ;;
      empty) m="–"; h="$half_unary"; sp="$server_empty"; st="$steal_empty"; goal="(floor)" ;;
      stream-b) m="–"; h="$half_unary"; sp="$server_stream_b"; st="$steal_stream_b"; goal="(stream at the unary's rate)" ;;
    esac
    echo "| ${call%-b} | $m | $h/s | $(jq '.throughput_per_second | floor' "$r")/s | $(jq '.latency.p50_ms * 100 | floor / 100' "$r") ms | $(jq '.latency.p99_ms * 100 | floor / 100' "$r") ms | $(jq '.latency.p999_ms * 100 | floor / 100' "$r") ms | $sp | $(jq '.generator.cpu_percent_of_one_core | round' "$r")% | $st ms | $goal |"
  done
  echo
  echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg). Raw output: h2load.log, */result.json, */report.html."
} >>"$summary"

stop_server
# The throwaway store grows to ~1.5 GB over a full run; the results above stay in $out (a failed run keeps it).
rm -rf "$out/store"
cat "$summary"

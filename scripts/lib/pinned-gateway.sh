# Shared by scripts/perf-targets.sh and scripts/hot-swap-p99.sh (sourced; needs $repo, $out and die()).
# build_release: builds vgw and vgw-load (Release) and sets $vgw and $load to their dlls.
# start_gateway ARGS…: starts `vgw serve ARGS…` pinned to CPU 0 (env from the caller), waits for $http/readyz.
# stop_server: stops exactly that process (TERM, then KILL after 10 s); installed as the EXIT trap.
# pinned_client CMD…: runs CMD (vgw-load) pinned to CPU 1 with the same runtime settings as the server.

build_release() {
  echo "building Release…"
  dotnet build -c Release "$repo/src/ValidationGateway.Server" -v q -nologo >"$out/build.log" 2>&1 || die "build failed, see $out/build.log"
  dotnet build -c Release "$repo/loadtest/ValidationGateway.LoadTest" -v q -nologo >>"$out/build.log" 2>&1 || die "build failed, see $out/build.log"
  vgw="$repo/src/ValidationGateway.Server/bin/Release/net10.0/vgw.dll"
  load="$repo/loadtest/ValidationGateway.LoadTest/bin/Release/net10.0/vgw-load.dll"
}

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT

start_gateway() {
  # Pinned to one CPU, the runtime takes the machine for a single-processor one and multiplies its tier-up delay by
  # ten; any method compiled meanwhile restarts the delay, and the hot path can stay unoptimized for minutes
  # (measured: twice the CPU per call). A node with two or more CPUs does not have this;
  # DOTNET_TC_CallCountingDelayMs=0 removes the artifact here. On one CPU the thread pool's idle workers spinning
  # on sched_yield cost 11-13% of the CPU per call (measured), hence DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0.
  # DOTNET_GCgen0size: a machine that reports no CPU cache sizes gets a ~2-MB gen0 budget (vgw serve warns); at 6,500
  # calls/s the gateway's own p99 was <= 7.5-25 ms with it and <= 5 ms with 64 MB (docs/performance.md, item 41).
  DOTNET_GCgen0size=0x4000000 DOTNET_TC_CallCountingDelayMs=0 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 taskset -c 0 dotnet "$vgw" serve "$@" >"$out/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -fs "$http/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || die "the server exited, see $out/server.log"
    sleep 0.2
  done
  die "the server did not become ready, see $out/server.log"
}

pinned_client() {
  # The load client pinned to one CPU has the server's problem: without these its hot path ran as unoptimised tier-0
  # code and it used 82-88% of its core at 2,300 calls/s against the empty handler (42-50% with them), and that
  # queueing was most of the open-loop tail it measured (p99 8.7-39 ms against 4.6-6.0 ms, same session).
  # DOTNET_GCgen0size: where the machine reports no CPU cache sizes (/sys/devices/system/cpu/cpu0/cache absent, as in
  # Firecracker VMs) the runtime's gen0 budget falls to ~2 MB, and the tool collected ~27 times a second at 4,500
  # calls/s (0.55 s of pauses per 25-s run; in some runs a spiral of 5.8 s). With 64 MB: ~1 a second, 0.05 s
  # (docs/performance.md, item 41). The variable is the only way to set it (runtimeconfig has no such property); the
  # tool warns when it is missing on such a machine.
  DOTNET_GCgen0size=0x4000000 DOTNET_TC_CallCountingDelayMs=0 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 taskset -c 1 "$@"
}

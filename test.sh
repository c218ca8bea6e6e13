#!/usr/bin/env bash
# Runs every test of the repository, installing what the tests need first (Node.js + @grpc/grpc-js for the
# interop suite). Ends with one line "N passed, N failed" taken from the test results.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} (apt-get)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
# promtool (Debian's prometheus package) parses /metrics in the metrics tests.
command -v promtool >/dev/null 2>&1 || { echo "installing prometheus for promtool (apt-get)…"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null; }
scripts/install-test-deps.sh  # PostgreSQL for the store tests (a throwaway server started by the test fixture)

echo "installing the grpc-js interop client (npm ci in tests/interop)…"
(cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)

# Chromium (Debian package) and playwright-core for the admin pages' browser test; a CJK font so the pages'
# Chinese renders in the screenshots.
if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium (apt-get)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
fi
echo "installing playwright-core (npm ci in tests/browser)…"
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
dotnet test ValidationGateway.sln --logger "trx;LogFilePrefix=vgw" --results-directory "$results" --logger "console;verbosity=minimal" || status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test results found" >&2
  status=1
fi
echo "${passed} passed, ${failed} failed"
exit "$status"

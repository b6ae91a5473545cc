#!/usr/bin/env bash
# Runs every test tier (grains, web, browser) and ends with one line totalling them:
# "N passed, N failed". Installs what the tiers need from Debian when it is missing (Chromium,
# redis-server, nginx, coturn).
set -uo pipefail
cd "$(dirname "$0")"

configuration=Release
tiers=(Viv.Grains.Tests Viv.Web.Tests Viv.Browser.Tests Viv.Cluster.Tests)

install_missing() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v turnserver >/dev/null || missing+=(coturn)
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]} from Debian"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_missing || { echo "Could not install test dependencies"; echo "0 passed, 1 failed"; exit 1; }

if ! dotnet build Viv.Orleans.sln -c "$configuration" -nologo -v quiet; then
  echo "Build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
status=0
# The browser tier appends one accept-to-first-frame time per measured call here.
setup_log=artifacts/call-setup-ms.txt
rm -f "$setup_log"
for tier in "${tiers[@]}"; do
  log=$(mktemp)
  dotnet test --project "tests/$tier" -c "$configuration" --no-build 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  tier_passed=$(grep -Eo '^\s+succeeded: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+')
  tier_failed=$(grep -Eo '^\s+failed: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+')
  if [ -z "$tier_passed" ]; then
    # The tier did not get as far as a summary (crash, build output missing): count it as one failure.
    tier_passed=0
    tier_failed=1
    status=1
  fi
  passed=$((passed + tier_passed))
  failed=$((failed + ${tier_failed:-0}))
  rm -f "$log"
done

# The benchmark tool must keep working: a short smoke run of each command, each counted as one test.
# Their figures mean nothing here (other work just ran); BENCHMARKS.md says how to measure for real.
for command in signaling connections fanout; do
  if dotnet run -c "$configuration" --no-build --project tests/Viv.Benchmarks -- "$command" --smoke; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    status=1
  fi
done

if [ -s "$setup_log" ]; then
  sort -n "$setup_log" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "Call setup, accept to first remote video frame: median %.0f ms over %d calls\n", m, NR }'
fi
echo "$passed passed, $failed failed"
exit $status

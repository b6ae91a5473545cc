#!/usr/bin/env bash
# Runs every test tier (JavaScript, grains, web, browser, cluster) plus a smoke run of the benchmark
# tool, and ends with one line totalling them: "N passed, N failed". Installs what the tiers need when
# it is missing, while the build runs: from Debian Chromium and its headless shell, redis-server, nginx,
# coturn, janus and prometheus; from npm Azurite and the benchmark's socket.io relay (deploy/npm-install.sh, once
# per machine).
#
# The tiers that mostly wait run beside the two that keep the cores busy (see below). The cluster tier
# uses fixed ports of its own; the other tiers use free ports. Each tier's output goes to
# artifacts/test-logs/<tier>.log and is printed whole once it ended, its JUnit report to
# artifacts/test-results/<tier>.xml.
set -uo pipefail
cd "$(dirname "$0")"

configuration=Release

# Every .NET process of the run (build, test hosts, the Viv servers they start) is short-lived, so
# profile-guided tiering never pays back its instrumentation: the web tier used 223 CPU-s with it and
# Server GC off against 274 with both on. Viv's own nodes run Workstation GC too (web and silo
# projects); the test hosts and the benchmark tool are told here. PGO stays on for Viv's long-running nodes.
export DOTNET_TieredPGO=0 DOTNET_gcServer=0
logs=artifacts/test-logs
results=artifacts/test-results
mkdir -p "$logs" "$results"
rm -rf "$logs"/* "$results"/*
started=$SECONDS

install_missing() {
  install_debian_packages && deploy/npm-install.sh deploy/azurite && deploy/npm-install.sh tests/Viv.Benchmarks/socket.io
}

install_debian_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromium-headless-shell ] || missing+=(chromium-headless-shell)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v turnserver >/dev/null || missing+=(coturn)
  command -v janus >/dev/null || missing+=(janus)
  command -v prometheus >/dev/null || missing+=(prometheus)
  command -v espeak-ng >/dev/null || missing+=(espeak-ng)
  command -v sox >/dev/null || missing+=(sox)
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]} from Debian"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# One line per tier or step: its name, its counts and its wall time, collected for the end.
summary=()
passed=0
failed=0

count() { # name passed failed seconds
  passed=$(($passed + $2))
  failed=$(($failed + $3))
  summary+=("$(printf '%-18s %4d passed, %d failed in %4d s' "$1" "$2" "$3" "$4")")
}

give_up() {
  echo "$1"
  echo "0 passed, 1 failed"
  exit 1
}

install_missing > "$logs/install.log" 2>&1 &
installing=$!
build_started=$SECONDS
# One compiler server for all projects, whatever the machine's UseSharedCompilation says: a compiler
# process per project JIT-compiles Roslyn each time (a fresh clone built in 96 s that way, 57 s so).
dotnet build Viv.Orleans.sln -c "$configuration" -nologo -v quiet -p:UseSharedCompilation=true > "$logs/build.log" 2>&1
built=$?
dotnet build-server shutdown > /dev/null 2>&1
cat "$logs/build.log"
wait $installing || { cat "$logs/install.log"; give_up "Could not install test dependencies"; }
cat "$logs/install.log"
[ $built -eq 0 ] || give_up "Build failed"
echo "Installed and built in $(($SECONDS - build_started)) s"

# The tiers' processes live minutes at most too: tier-1 recompilation waits until methods have been
# quiet for 5 s (in practice it never starts in a test server: 2.6 CPU-s less background JIT in each
# one's first minute), and idle thread-pool workers sleep at once instead of spinning in sched_yield
# (a third of an idle server's CPU). The web tier used 229 CPU-s with both against 260 without. The
# build keeps the defaults (it was not measured with these).
export DOTNET_TC_CallCountingDelayMs=5000 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0

# Runs a command into artifacts/test-logs/<name>.log; the last line of the log is "<seconds> <exit code>".
run_logged() {
  local name=$1 began=$SECONDS code
  shift
  "$@" > "$logs/$name.log" 2>&1
  code=$?
  echo "$(($SECONDS - began)) $code" >> "$logs/$name.log"
}

run_tier() { # tier [niceness]
  run_logged "$1" nice -n "${2:-0}" dotnet test --project "tests/$1" -c "$configuration" --no-build \
    --report-xunit-junit --report-xunit-junit-filename "$1.xml" --results-directory "$PWD/$results"
}

# Counts a finished tier from the totals its runner printed and its log's last line ("<seconds>
# <exit code>"). A tier without totals (a crash, missing build output, a missing runner) counts as
# one failure, and so does one that exited with an error but no failed test.
count_tier() { # name passed failed log
  local last seconds code tier_passed=$2 tier_failed=$3
  last=$(tail -1 "$4")
  seconds=${last% *}
  code=${last#* }
  if [ -z "$tier_passed" ]; then
    tier_passed=0
    tier_failed=1
  elif [ "$code" -ne 0 ] && [ "${tier_failed:-0}" -eq 0 ]; then
    tier_failed=1
  fi
  count "$1" "$tier_passed" "${tier_failed:-0}" "$seconds"
}

# Prints a finished .NET tier's log and counts it.
report_tier() {
  local tier=$1 log="$logs/$1.log"
  head -n -1 "$log"
  count_tier "$tier" \
    "$(grep -Eo '^\s+succeeded: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+')" \
    "$(grep -Eo '^\s+failed: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+')" "$log"
  slowest "$tier"
}

# The JavaScript unit tests (tests/js: the frame format and key schedule of encrypted calls) need
# nothing built and take a second or two, so they run before the other tiers start. Node's test
# runner prints TAP, whose totals are "# pass N" and "# fail N". Viv's browser modules have no
# package.json to call them ES modules; Node finds out by itself and would warn once per file.
test_js() {
  local log="$logs/js.log"
  run_logged js node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON --test --test-reporter=tap tests/js/
  head -n -1 "$log"
  count_tier js \
    "$(grep -Eo '^# pass [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+')" \
    "$(grep -Eo '^# fail [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+')" "$log"
}

# The tier's five slowest tests, from its JUnit report: where to look first when a tier gets slow.
slowest() {
  local report="$results/$1.xml"
  [ -f "$report" ] || return 0
  echo "Slowest in $1:"
  grep -o '<testcase [^>]*>' "$report" \
    | sed -E 's/.*name="([^"]*)".*time="([0-9.]+)".*/\2 \1/' \
    | sort -rn | head -5 | awk '{ printf "  %6.1f s  %s\n", $1, substr($0, length($1) + 2) }'
}

# Each failed test's name and message, from the tiers' JUnit reports, printed again next to the totals:
# CI keeps only the end of the output, which cut a failure's message off once (it lists the state of
# every connection the test waited for), leaving its stack alone.
failures() {
  local report
  for report in "$results"/*.xml; do
    [ -f "$report" ] || continue
    grep -o '<testcase name="[^"]*"[^>]*><failure message="[^"]*"' "$report" \
      | sed -E 's/<testcase name="([^"]*)"[^>]*><failure message="([^"]*)"/\1: \2/' \
      | sed -e 's/&#xA;/ /g' -e 's/&quot;/"/g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e "s/&apos;/'/g" -e 's/&amp;/\&/g' \
      | cut -c1-1500 | sed 's/^/  /'
  done
}

# The browser tier appends one accept-to-first-frame time per measured call here.
setup_log=artifacts/call-setup-ms.txt
rm -f "$setup_log"

# The benchmark tool must keep working: a short smoke run of each command, one after the other on one
# Viv (a server each cost three starts), counted as one test. Its figures mean nothing here (other work
# runs beside it); BENCHMARKS.md says how to measure for real.
smoke_benchmarks() {
  run_logged bench nice -n "$throughput" dotnet run -c "$configuration" --no-build --project tests/Viv.Benchmarks -- all --smoke
}

report_benchmarks() {
  local last
  last=$(tail -1 "$logs/bench.log")
  head -n -1 "$logs/bench.log"
  if [ "${last#* }" -eq 0 ]; then count "benchmark smoke" 1 0 "${last% *}"; else count "benchmark smoke" 0 1 "${last% *}"; fi
}

test_js

# The cluster and browser tiers drive browsers and servers that must answer in time, and so does the
# web tier, whose servers start against Azurite, Redis and a token service with deadlines of seconds
# (at nice 10 beside the cluster tier, a server's first storage call through a managed identity took
# over its 10 s once). The grain tier (fake clocks) and the benchmark smoke (figures that mean nothing
# here) only need to finish: they run at a lower priority (nice 10: a tenth of a core's share against
# a process at the normal priority), so that they take what the others leave, one after the other:
# the smoke's Viv, started at nice 10 beside the cluster, web and grain tiers' start-ups, did not
# listen within 90 s once on CI (stop 51); after the grain tier it starts beside the browser tier. On CI's two cores (load
# 14), with the grain tier at the same priority beside the web and cluster tiers, a cluster test's page
# painted no frame for over 15 s (its Accept could not be clicked: Playwright presses a button once it
# stayed still over two frames). The browser tier runs after the web tier, with only what is left of
# the others beside it.
# The web tier's classes leave a third of the cores idle while they wait (restarts, reminders,
# refusals), so it runs four classes at a time (its xunit.runner.json). The browser tier's tests wait
# on rings, meeting starts and media, so it runs three classes at a time (its xunit.runner.json): alone
# it took 380 s so, its tests 819 s one after another. Its last classes must run alone (RunsAlone.cs).
throughput=10
run_tier Viv.Cluster.Tests &
cluster=$!
{ run_tier Viv.Grains.Tests "$throughput"; smoke_benchmarks; } &
throughput_work=$!
run_tier Viv.Web.Tests
report_tier Viv.Web.Tests
run_tier Viv.Browser.Tests
report_tier Viv.Browser.Tests
wait $throughput_work
report_tier Viv.Grains.Tests
report_benchmarks
wait $cluster
report_tier Viv.Cluster.Tests

if [ -s "$setup_log" ]; then
  sort -n "$setup_log" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "Call setup, accept to first remote video frame: median %.0f ms over %d calls\n", m, NR }'
fi
if [ "$failed" -gt 0 ]; then
  echo "Failed:"
  failures
fi
printf '%s\n' "${summary[@]}"
echo "All tiers in $(($SECONDS - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

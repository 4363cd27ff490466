#!/usr/bin/env bash
# Idle-agent benchmark (no PostgreSQL configured): start-up time, RSS, CPU per /metrics scrape,
# sequential scrape latency and wrk throughput. Uses only public tools: curl, wrk, /proc.
#
#   bench/agent-idle.sh [scrapes]        (default 1000; needs target/pgvitals.jar and wrk)
#
# JAVA_OPTS is passed through to bin/pgvitals, so JVM settings can be compared:
#   JAVA_OPTS="-Xmx32m" bench/agent-idle.sh
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
port="${BENCH_PORT:-55501}"
url="http://127.0.0.1:$port"
out="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$out"' EXIT

[ -f target/pgvitals.jar ] || mvn -B -q package -DskipTests

source bench/lib.sh

t0=$(ms)
bin/pgvitals agent --listen "127.0.0.1:$port" >"$out/agent.log" 2>&1 &
pid=$!
# the first answer, passing (200) or failing (500), ends the wait
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/flycheck/vm" 2>/dev/null)" != 000 ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$out/agent.log"; exit 1; }
  sleep 0.02
done
t1=$(ms)
echo "start to first /flycheck/vm answer: $((t1 - t0)) ms"
sleep 2
echo "after start:        VmRSS $(status_kb VmRSS) kB, VmHWM $(status_kb VmHWM) kB, threads $(status_kb Threads)"

measure_scrapes "$n" "$out"

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

ms() { date +%s%3N; }
status_kb() { awk -v k="$1:" '$1==k {print $2}' "/proc/$pid/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }   # utime + stime, in clock ticks
hz=$(getconf CLK_TCK)

t0=$(ms)
bin/pgvitals agent --listen "127.0.0.1:$port" >"$out/agent.log" 2>&1 &
pid=$!
until curl -fs -o /dev/null "$url/flycheck/vm" 2>/dev/null || [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/flycheck/vm" 2>/dev/null)" = 500 ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$out/agent.log"; exit 1; }
  sleep 0.02
done
t1=$(ms)
echo "start to first /flycheck/vm answer: $((t1 - t0)) ms"
sleep 2
echo "after start:        VmRSS $(status_kb VmRSS) kB, VmHWM $(status_kb VmHWM) kB, threads $(status_kb Threads)"

# Sequential scrapes over one keep-alive connection; curl reports each transfer's total time.
for _ in $(seq "$n"); do printf 'url = "%s/metrics"\noutput = "/dev/null"\n' "$url"; done >"$out/curl.cfg"
c0=$(cpu_ticks)
curl -s -K "$out/curl.cfg" -w '%{time_total}\n' >"$out/times.txt"
c1=$(cpu_ticks)
echo "after $n scrapes:  VmRSS $(status_kb VmRSS) kB, VmHWM $(status_kb VmHWM) kB"
awk -v n="$n" -v t="$((c1 - c0))" -v hz="$hz" 'BEGIN { printf "CPU per scrape:     %.3f ms (utime+stime %d ticks over %d scrapes)\n", t * 1000 / hz / n, t, n }'
sort -g "$out/times.txt" | awk '{ a[NR] = $1 } END {
  printf "sequential latency: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", a[int(NR*0.5)]*1000, a[int(NR*0.99)]*1000, a[NR]*1000 }'
echo "scrape size:        $(curl -s "$url/metrics" | wc -c) bytes, $(curl -s "$url/metrics" | grep -vc '^#') series"

if command -v wrk >/dev/null; then
  wrk -t1 -c4 -d10s --latency "$url/metrics" | sed 's/^/wrk  /'
  echo "after wrk:          VmRSS $(status_kb VmRSS) kB, VmHWM $(status_kb VmHWM) kB"
fi

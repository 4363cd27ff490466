# Shared measurement helpers for the bench scripts (sourced). Needs: $pid of the agent, $url.
ms() { date +%s%3N; }
status_kb() { awk -v k="$1:" '$1==k {print $2}' "/proc/$pid/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }   # utime + stime, in clock ticks
hz=$(getconf CLK_TCK)

# measure_scrapes N: sequential /metrics scrapes over one keep-alive connection (curl reports each
# transfer's time), CPU per scrape from the agent's utime+stime, then wrk -t1 -c4 -d10s.
measure_scrapes() {
  local n="$1" out="$2"
  for _ in $(seq "$n"); do printf 'url = "%s/metrics"\noutput = "/dev/null"\n' "$url"; done >"$out/curl.cfg"
  local c0 c1 round
  for round in "first $n (JIT warming up)" "next $n (warm)"; do
    c0=$(cpu_ticks)
    curl -s -K "$out/curl.cfg" -w '%{time_total}\n' >"$out/times.txt"
    c1=$(cpu_ticks)
    echo "$round scrapes:"
    echo "  memory after:       VmRSS $(status_kb VmRSS) kB, VmHWM $(status_kb VmHWM) kB"
    awk -v n="$n" -v t="$((c1 - c0))" -v hz="$hz" 'BEGIN { printf "  CPU per scrape:     %.3f ms (utime+stime %d ticks over %d scrapes)\n", t * 1000 / hz / n, t, n }'
    sort -g "$out/times.txt" | awk '{ a[NR] = $1 } END {
      printf "  sequential latency: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", a[int(NR*0.5)]*1000, a[int(NR*0.99)]*1000, a[NR]*1000 }'
  done
  echo "scrape size:        $(curl -s "$url/metrics" | wc -c) bytes, $(curl -s "$url/metrics" | grep -vc '^#') series"
  if command -v wrk >/dev/null; then
    wrk -t1 -c4 -d10s --latency "$url/metrics" | sed 's/^/wrk  /'
    echo "after wrk:          VmRSS $(status_kb VmRSS) kB, VmHWM $(status_kb VmHWM) kB"
  fi
}

#!/usr/bin/env bash
# Connection floods against one agent started by bin/pgvitals (64 MB heap, the launcher's
# settings), on loopback only, bounded in count and time.
#
#   bench/http-flood.sh [JAR] [N] [MODE]   JAR default target/pgvitals.jar, N connections (default
#                                          6000), MODE bare (connect, send nothing; default) or
#                                          keepalive (one request answered, then kept open idle)
#
# 1. memory per open connection: heap used after a full GC with 0 and with 1,000 idle
#    connections open, the limit raised to 5,000 so none is closed (skipped when the agent has
#    no --web.max-connections, i.e. before the limit existed: then the limit is "none" anyway);
# 2. the flood: N connections that send nothing, then a fresh /liveness with a 5 s deadline,
#    the agent's RSS and whether the process is still there.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${1:-$here/target/pgvitals.jar}"
n="${2:-6000}"
mode="${3:-bare}"
port=15581
url="http://127.0.0.1:$port"
out="$(mktemp -d)"
flood_py="$out/flood.py"
cat >"$flood_py" <<'PY'
import socket, sys, time
port, n, hold = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
keepalive = len(sys.argv) > 4 and sys.argv[4] == "keepalive"
socks = []
t0 = time.time()
for i in range(n):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        if keepalive:  # one request answered, then the connection is kept open idle
            s.sendall(b"GET /liveness HTTP/1.1\r\nHost: x\r\n\r\n")
            s.recv(4096)
        socks.append(s)
    except OSError as e:
        print(f"connect {i} failed: {e}", flush=True)
        break
print(f"opened {len(socks)} connections in {time.time() - t0:.1f} s", flush=True)
sys.stdout.flush()
time.sleep(hold)
for s in socks:
    s.close()
PY

start_agent() {
  PGVITALS_JAR="$jar" PGVITALS_CDS=off PGVITALS_LOG_LEVEL=WARN "$here/bin/pgvitals" agent \
    --listen "127.0.0.1:$port" --proc-root / "$@" >"$out/agent.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do curl -fs -o /dev/null "$url/liveness" && return 0; sleep 0.1; done
  echo "agent did not start"; cat "$out/agent.log"; exit 1
}
stop_agent() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
heap_used() { jcmd "$pid" GC.run >/dev/null 2>&1; sleep 0.5
  curl -s --max-time 5 "$url/metrics" | awk '/^jvm_memory_used_bytes[{]area="heap"/ {s += $NF} END {printf "%d", s}'; }
status_kb() { awk -v k="$1:" '$1==k {print $2}' "/proc/$pid/status" 2>/dev/null || echo gone; }
trap 'stop_agent; rm -rf "$out"' EXIT

if java -jar "$jar" agent --help 2>/dev/null | grep -q -- '--web.max-connections'; then
  echo "== memory per idle connection (limit raised to 5000)"
  start_agent --web.max-connections 5000 --web.header-timeout 10m
  h0=$(heap_used)
  python3 "$flood_py" "$port" 1000 15 >"$out/flood1.log" & fpid=$!
  sleep 8
  h1=$(heap_used)
  echo "heap used: $h0 B idle, $h1 B with 1000 connections: $(( (h1 - h0) / 1000 )) B per connection"
  wait "$fpid"; stop_agent
fi

echo "== flood of $n $mode connections (defaults)"
start_agent
echo "before: VmRSS $(status_kb VmRSS) kB"
python3 "$flood_py" "$port" "$n" 20 "$mode" >"$out/flood2.log" & fpid=$!
for _ in $(seq 200); do grep -q opened "$out/flood2.log" 2>/dev/null && break; sleep 0.2; done
cat "$out/flood2.log"
t0=$(date +%s%3N)
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url/liveness" || true)
echo "fresh /liveness during the flood: HTTP ${code:-none} in $(( $(date +%s%3N) - t0 )) ms; VmRSS $(status_kb VmRSS) kB"
wait "$fpid"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url/liveness" || true)
echo "after the flood closed: /liveness HTTP ${code:-none}; process $(kill -0 "$pid" 2>/dev/null && echo alive || echo gone)"
curl -s --max-time 5 "$url/metrics" | grep -E '^pgvitals_http_connections_(open|closed_total)' || true
grep -c OutOfMemoryError "$out/agent.log" | sed 's/^/OutOfMemoryError lines in the log: /' || true

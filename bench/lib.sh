# Shared measurement helpers for the bench scripts (sourced). Needs: $pid of the agent, $url.
ms() { date +%s%3N; }
status_kb() { awk -v k="$1:" '$1==k {print $2}' "/proc/$pid/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }   # utime + stime, in clock ticks
sys_ticks() { awk '{print $15}' "/proc/$pid/stat"; }          # stime alone (socket writes, page faults)
hz=$(getconf CLK_TCK)

# A jar argument of the bench scripts is JAR or JAR@LAUNCHER: the launcher (default bin/pgvitals)
# runs that jar, so a change of the launcher's JVM settings is measured before and after in one
# run, e.g. `git show HEAD~1:bin/pgvitals >/tmp/pgvitals-before && chmod +x /tmp/pgvitals-before`
# then `target/pgvitals.jar@/tmp/pgvitals-before target/pgvitals.jar`.
bench_jar() { printf '%s\n' "${1%%@*}"; }
bench_launcher() { case "$1" in *@*) printf '%s\n' "${1#*@}" ;; *) echo bin/pgvitals ;; esac; }
# bench_check_specs NAME SPEC...: exits 2 with one line when a jar or a launcher is missing
bench_check_specs() {
  local name="$1" spec; shift
  for spec in "$@"; do
    [ -f "$(bench_jar "$spec")" ] || { echo "$name: $(bench_jar "$spec") not found (mvn -B -q package -DskipTests)" >&2; exit 2; }
    [ -x "$(bench_launcher "$spec")" ] || { echo "$name: launcher $(bench_launcher "$spec") not found or not executable" >&2; exit 2; }
  done
}

# measure_scrapes N: sequential /metrics scrapes over one keep-alive connection (curl reports each
# transfer's time), CPU per scrape from the agent's utime+stime, then wrk -t1 -c4 -d10s.
# BENCH_GZIP=1 asks for gzip, as Prometheus always does; the size line then also gives the gzip size.
measure_scrapes() {
  local n="$1" out="$2"
  # BENCH_GZIP=1: ask for gzip as Prometheus does (Accept-Encoding: gzip); the body is not decoded
  local hdr=""
  [ -n "${BENCH_GZIP:-}" ] && hdr='header = "Accept-Encoding: gzip"\n'
  for _ in $(seq "$n"); do printf "url = \"%s/metrics\"\noutput = \"/dev/null\"\n$hdr" "$url"; done >"$out/curl.cfg"
  local c0 c1 s0 s1 round
  for round in "first $n (JIT warming up)" "next $n (warm)"; do
    c0=$(cpu_ticks); s0=$(sys_ticks)
    curl -s -K "$out/curl.cfg" -w '%{time_total}\n' >"$out/times.txt"
    c1=$(cpu_ticks); s1=$(sys_ticks)
    echo "$round scrapes:"
    echo "  memory after:       VmRSS $(status_kb VmRSS) kB, VmHWM $(status_kb VmHWM) kB"
    awk -v n="$n" -v t="$((c1 - c0))" -v s="$((s1 - s0))" -v hz="$hz" 'BEGIN { printf "  CPU per scrape:     %.3f ms, of which system %.3f ms (utime+stime %d ticks over %d scrapes)\n", t * 1000 / hz / n, s * 1000 / hz / n, t, n }'
    sort -g "$out/times.txt" | awk '{ a[NR] = $1 } END {
      printf "  sequential latency: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", a[int(NR*0.5)]*1000, a[int(NR*0.99)]*1000, a[NR]*1000 }'
  done
  echo "scrape size:        $(curl -s "$url/metrics" | wc -c) bytes, $(curl -s "$url/metrics" | grep -vc '^#') series"
  [ -n "${BENCH_GZIP:-}" ] && echo "gzip size:          $(curl -s -H 'Accept-Encoding: gzip' "$url/metrics" | wc -c) bytes"
  if command -v wrk >/dev/null; then
    wrk -t1 -c4 -d10s --latency "$url/metrics" | sed 's/^/wrk  /'
    echo "after wrk:          VmRSS $(status_kb VmRSS) kB, VmHWM $(status_kb VmHWM) kB"
  fi
}

# bench_pg_start DBS: a throw-away PostgreSQL in $out/data on $pgport with DBS extra databases and
# the monitoring login pgvitals/bench (pg_monitor). PG_BIN (default: the binaries the tests
# unpacked under target/pg-dist, else Debian's /usr/lib/postgresql/15/bin). Runs it as 'nobody'
# when root. bench_pg_stop stops it. Needs Debian's psql (postgresql-client).
bench_pg_start() {
  local dbs="$1"
  pg_bin="${PG_BIN:-$( (ls -d target/pg-dist/*/bin 2>/dev/null || true) | sort -V | tail -n1)}"
  pg_bin="${pg_bin:-/usr/lib/postgresql/15/bin}"
  pg_bin="$(cd "$pg_bin" && pwd)"
  as_pg=()
  [ "$(id -u)" = 0 ] && { as_pg=(setpriv --reuid=nobody --regid=nogroup --clear-groups --); chown nobody:nogroup "$out"; }
  chmod 755 "$out"
  echo "PostgreSQL: $pg_bin ($("$pg_bin/postgres" --version))"
  echo bench > "$out/pw" && chmod 644 "$out/pw"
  "${as_pg[@]}" "$pg_bin/initdb" -D "$out/data" -U postgres --pwfile="$out/pw" -A scram-sha-256 -E UTF8 --no-locale -N >/dev/null
  cat >>"$out/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pgport
unix_socket_directories = '$out'
fsync = off
max_connections = 50
shared_buffers = 32MB
logging_collector = off
log_min_messages = warning
CONF
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$out/data" -l "$out/pg.log" -w start >/dev/null
  psql_ -c "CREATE ROLE pgvitals LOGIN PASSWORD 'bench' IN ROLE pg_monitor"
  # 15+ copies the template's files (one checkpoint, cheap with fsync off) instead of writing
  # them to WAL: 500 databases in minutes, not a quarter of an hour.
  local strategy=""
  [ "$(psql_ -At -c 'SHOW server_version_num')" -ge 150000 ] && strategy=" STRATEGY = FILE_COPY"
  local t0; t0=$(date +%s)
  for i in $(seq 1 "$dbs"); do echo "CREATE DATABASE bench_$i$strategy;"; done | psql_ >/dev/null
  echo "databases:          $dbs (+ postgres, template0, template1), created in $(( $(date +%s) - t0 )) s"
}
bench_pg_stop() {
  [ -n "${pg_bin:-}" ] && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$out/data" -m immediate stop >/dev/null 2>&1 || true
}
psql_() {
  PGPASSWORD=bench psql -X -q -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"
}

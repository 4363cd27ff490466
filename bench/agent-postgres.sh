#!/usr/bin/env bash
# The agent against a real PostgreSQL with N databases: SQL statements and PostgreSQL CPU per
# sampling round, connections the agent holds, and /metrics latency and CPU per scrape.
#
#   bench/agent-postgres.sh [databases=500] [scrapes=1000] [jar[@launcher] ...]
#
# Several jars are measured one after the other against the same PostgreSQL (before/after on a
# shared, noisy machine: compare within one run); each runs through bin/pgvitals (PGVITALS_JAR),
# or through the launcher given after @ (bench/lib.sh).
# Default jar: target/pgvitals.jar.
#
# PostgreSQL: PG_BIN (default: the binaries the tests unpacked under target/pg-dist, else
# Debian's /usr/lib/postgresql/15/bin). Runs it as 'nobody' when root. Needs curl; wrk optional.
set -euo pipefail
cd "$(dirname "$0")/.."
dbs="${1:-500}"
n="${2:-1000}"
shift 2 || shift $# || true
jars=("$@")
[ ${#jars[@]} -gt 0 ] || jars=(target/pgvitals.jar)
port="${BENCH_PORT:-55502}"
pgport="${BENCH_PG_PORT:-55433}"
url="http://127.0.0.1:$port"
out="$(mktemp -d /tmp/pgvitals-bench-XXXXXX)"
chmod 755 "$out"
source bench/lib.sh
pid=
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  bench_pg_stop
  rm -rf "$out"
}
trap cleanup EXIT
[ -f target/pgvitals.jar ] || mvn -B -q package -DskipTests
bench_check_specs agent-postgres "${jars[@]}"
bench_pg_start "$dbs"
pg_ticks() {
  local pm; pm=$(head -1 "$out/data/postmaster.pid")
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat"
    for c in $(cat /proc/"$pm"/task/*/children 2>/dev/null); do awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null; done
  } | awk '{s += $1} END {print s + 0}'
}

for spec in "${jars[@]}"; do
jar="$(bench_jar "$spec")"; launcher="$(bench_launcher "$spec")"
echo "=== $jar through $launcher"

PGVITALS_JAR="$jar" DATABASE_URL="postgres://pgvitals:bench@127.0.0.1:$pgport/postgres" \
  "$launcher" agent --listen "127.0.0.1:$port" --data-path / >"$out/agent.log" 2>&1 &
pid=$!
until curl -s "$url/metrics" 2>/dev/null | grep -c '^pg_database_size_bytes' >/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$out/agent.log"; exit 1; }
  sleep 0.2
done
echo "agent up with every sampler's first sample; VmRSS $(status_kb VmRSS) kB"

# Statements and PostgreSQL CPU per minute: log every statement of the agent's role for 60 s,
# and take the CPU of every PostgreSQL process over the same minute (the postmaster's own and
# its reaped children's time, plus its live children's), against an idle minute without the agent.
psql_ -c "ALTER ROLE pgvitals SET log_statement = 'all'" >/dev/null
psql_ -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'pgvitals'" >/dev/null  # new sessions get the setting
sleep 2
lines0=$(grep -c 'statement:' "$out/pg.log" || true)
c0=$(pg_ticks)
sleep 60
c1=$(pg_ticks)
lines1=$(grep -c 'statement:' "$out/pg.log" || true)
psql_ -c "ALTER ROLE pgvitals RESET log_statement" >/dev/null
echo "statements in 60 s: $((lines1 - lines0)) (one per sampler round: 12 pg_fast + 4 pg_stats + 1 pg_sizes + 1 pg_catalog = 18, + 1 pg_health where the jar has it)"
awk -v t="$((c1 - c0))" -v hz="$hz" 'BEGIN { printf "PostgreSQL CPU with the agent: %.0f ms per minute (%.3f%% of a core)\n", t * 1000 / hz, t * 100 / hz / 60 }'
echo "agent connections:  $(psql_ -At -c "SELECT count(*) FROM pg_stat_activity WHERE usename = 'pgvitals'")"

measure_scrapes "$n" "$out"
[ -n "${BENCH_HOLD:-}" ] && { echo "holding: pid $pid"; sleep "$BENCH_HOLD"; }
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
done

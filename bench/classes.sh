#!/usr/bin/env bash
# Classes the agent loads, by dependency: runs the agent against a throw-away PostgreSQL with
# -Xlog:class+load, scrapes /metrics 100 times, stops it, and counts loaded classes per group.
#
#   bench/classes.sh [jar ...]          (default: target/pgvitals.jar; several jars: one run)
set -euo pipefail
cd "$(dirname "$0")/.."
jars=("$@")
[ ${#jars[@]} -gt 0 ] || jars=(target/pgvitals.jar)
port="${BENCH_PORT:-55504}"
pgport="${BENCH_PG_PORT:-55435}"
url="http://127.0.0.1:$port"
out="$(mktemp -d /tmp/pgvitals-classes-XXXXXX)"
source bench/lib.sh
pid=
cleanup() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; bench_pg_stop; rm -rf "$out"; }
trap cleanup EXIT
bench_pg_start 10 >/dev/null
group() { # class name -> dependency group
  awk '{ n = $2
    g = "other"
    if (n ~ /^dev\.pgvitals\./) g = "pgvitals"
    else if (n ~ /^io\.netty\./) g = "netty"
    else if (n ~ /^io\.vertx\.(pgclient|sqlclient)/) g = "vertx-pg-client"
    else if (n ~ /^io\.vertx\./) g = "vertx-core"
    else if (n ~ /^ch\.qos\.logback\.|^org\.slf4j\./) g = "logback+slf4j"
    else if (n ~ /^picocli\./) g = "picocli"
    else if (n ~ /^io\.micrometer\.|^io\.prometheus\./) g = "micrometer+prometheus"
    else if (n ~ /^oshi\.|^com\.sun\.jna\./) g = "oshi+jna"
    else if (n ~ /^(com\.sun\.org\.apache\.xerces|com\.sun\.org\.apache\.xml|javax\.xml|org\.xml\.sax|jdk\.xml|org\.w3c)/) g = "jdk xml"
    else if (n ~ /^(javax\.management|com\.sun\.jmx|sun\.management|java\.lang\.management|com\.sun\.management)/) g = "jdk jmx/management"
    else if (n ~ /^(sun\.security|javax\.net\.ssl|javax\.crypto|com\.sun\.crypto|java\.security)/) g = "jdk security/tls"
    else if (n ~ /^(java|javax|jdk|sun|com\.sun)\./) g = "jdk other"
    c[g]++ } END { for (g in c) printf "  %5d  %s\n", c[g], g }' | sort -nr
}
for jar in "${jars[@]}"; do
  PGVITALS_JAR="$jar" PGVITALS_CDS=off JAVA_OPTS="-Xlog:class+load=info:file=$out/classes.log" \
    DATABASE_URL="postgres://pgvitals:bench@127.0.0.1:$pgport/postgres" \
    bin/pgvitals agent --listen "127.0.0.1:$port" --data-path / >"$out/agent.log" 2>&1 &
  pid=$!
  until curl -s -m 2 "$url/metrics" 2>/dev/null | grep -c '^pg_database_size_bytes' >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$out/agent.log"; exit 1; }; sleep 0.2
  done
  for _ in $(seq 100); do curl -s -o /dev/null "$url/metrics"; done
  curl -s -o /dev/null "$url/flycheck/pg"; curl -s -o /dev/null "$url/v1/node"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  echo "== $jar: $(grep -c ' source: ' "$out/classes.log") classes loaded"
   grep ' source: ' "$out/classes.log" | sed 's/^\[[^]]*\]\[[^]]*\]\[[^]]*\] */x /' | group
done

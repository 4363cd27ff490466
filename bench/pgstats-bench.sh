#!/usr/bin/env bash
# Cost of the pg_stats / pg_sizes samplers and of building their /metrics families.
# Starts a throw-away primary + replica of one PostgreSQL major (the test harness), creates
# databases up to each count, samples, then scrapes a real PrometheusMeterRegistry.
#
#   bench/pgstats-bench.sh [major=18] [database counts=10,500] [scrapes=1000]
#
# Prints per count: statements and PostgreSQL backend CPU per sampling round, exposition size,
# scrape p50/p99/max and CPU per scrape. Figures: docs/benchmarks-postgres.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile
mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
exec java -Xmx512m -XX:+UseSerialGC -Dlogback.configurationFile=bench/logback-quiet.xml \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.pgvitals.postgres.PgStatsBench "$@"

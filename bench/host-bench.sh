#!/usr/bin/env bash
# Cost of the host sampler and of its /metrics families, before and after the node_exporter
# sources, in one run: CPU and wall time per host sample, series and exposition bytes, CPU to
# encode the families once per sample, and CPU per scrape of a registry holding them.
#
#   bench/host-bench.sh [reads=200] [scrapes=2000]
#
# Figures: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile
mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
exec java -Xmx512m -XX:+UseSerialGC -Dlogback.configurationFile=bench/logback-quiet.xml \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.pgvitals.host.HostBench "$@"

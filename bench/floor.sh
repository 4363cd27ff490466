#!/usr/bin/env bash
# Builds the stack-floor comparator (bench/floor/Floor.java): the smallest sidecar on pgvitals'
# stack (Vert.x + vertx-pg-client, Micrometer's Prometheus registry, OSHI, logback), for the
# floor that the stack itself holds (docs/benchmarks.md, section 3). It takes the same arguments
# as `bin/pgvitals agent`, so bench/footprint.sh measures it like the agent:
#
#   bench/floor.sh [pgvitals.jar] [out-dir]   (defaults: target/pgvitals.jar, /tmp/pgvitals-floor)
#   bench/footprint.sh 10 target/pgvitals.jar "$(bench/floor.sh)"   # the agent and its floor, one run
#
# Compiles Floor.java against the pgvitals jar and writes out-dir/floor.jar: the pgvitals jar (all
# dependencies, and the agent's logback Configurator) plus the floor's classes, Main-Class
# floor.Floor. Self-contained like the agent's jar, so footprint.sh's fresh copies under a memory
# limit charge the same files. Prints the path of floor.jar. A stale class-data archive
# (floor.jsa) is removed; the launcher writes a new one on the first run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${1:-$root/target/pgvitals.jar}"
out="${2:-/tmp/pgvitals-floor}"
[ -f "$jar" ] || { echo "floor: $jar not found (mvn -B -q package -DskipTests)" >&2; exit 2; }
tmp="$(mktemp -d /tmp/pgvitals-floor-build-XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
javac --release 17 -cp "$jar" -d "$tmp/classes" "$root/bench/floor/Floor.java" >&2
mkdir -p "$out"
rm -f "$out/floor.jar" "$out/floor.jsa"
cp "$jar" "$out/floor.jar"
jar --update --file "$out/floor.jar" --main-class floor.Floor -C "$tmp/classes" .
echo "$(cd "$out" && pwd)/floor.jar"

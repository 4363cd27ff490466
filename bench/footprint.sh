#!/usr/bin/env bash
# Footprint of the agent with PostgreSQL configured: RSS (anonymous and file-backed) after 1,000
# and 10,000 /metrics scrapes, and the smallest cgroup memory limit (no swap) under which it starts
# and answers 300 scrapes (FOOTPRINT_LIMIT_SCRAPES), each within a 2 s deadline.
#
#   bench/footprint.sh [databases=10] [jar[@launcher] ...]   (default jar: target/pgvitals.jar)
#
# Several jars are measured in one run against the same PostgreSQL (before/after on a shared,
# noisy machine: compare within a run). Each jar runs through bin/pgvitals (or the launcher given
# after @, see bench/lib.sh) with the launcher's defaults (PGVITALS_JAR); JAVA_OPTS passes through.
# bench/floor.sh builds the stack's floor, a jar measured the same way. FOOTPRINT_LIMITS (MiB,
# descending) are the limits tried, FOOTPRINT_SCRAPES the long run's scrape count. The limit
# search needs a writable cgroup v2 or v1 memory controller (root); without one it is skipped with
# the reason.
# FOOTPRINT_NMT=1 breaks RSS down instead: the agent runs with native memory tracking (which costs
# memory of its own, so the limit search is skipped) and jcmd's summary and the heap's occupancy
# are printed after 1,000 and after the long run's scrapes.
# Needs curl and Debian's psql; PostgreSQL as in bench/agent-postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
dbs="${1:-10}"
shift || true
jars=("$@")
[ ${#jars[@]} -gt 0 ] || jars=(target/pgvitals.jar)
limits=(${FOOTPRINT_LIMITS:-112 96 88 80 72 64 56 48})
long="${FOOTPRINT_SCRAPES:-10000}"
limited="${FOOTPRINT_LIMIT_SCRAPES:-300}"
port="${BENCH_PORT:-55503}"
pgport="${BENCH_PG_PORT:-55434}"
url="http://127.0.0.1:$port"
out="$(mktemp -d /tmp/pgvitals-footprint-XXXXXX)"
source bench/lib.sh
[ "${FOOTPRINT_NMT:-}" = 1 ] && export JAVA_OPTS="${JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"
pid=
cg=
stop_agent() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  pid=
  if [ -n "$cg" ]; then rmdir "$cg" 2>/dev/null || true; cg=; fi
}
cleanup() { stop_agent; bench_pg_stop; rm -rf "$out"; }
trap cleanup EXIT
bench_check_specs footprint "${jars[@]}"
bench_pg_start "$dbs"

# The memory controller: cgroup v2 (the unified root or a hybrid's unified mount) or v1.
cg_root=
cg_kind=
for d in /sys/fs/cgroup /sys/fs/cgroup/unified; do
  if grep -qw memory "$d/cgroup.controllers" 2>/dev/null && grep -qw memory "$d/cgroup.subtree_control" 2>/dev/null; then
    cg_root="$d"; cg_kind=v2; break
  fi
done
if [ -z "$cg_root" ] && [ -w /sys/fs/cgroup/memory ]; then cg_root=/sys/fs/cgroup/memory; cg_kind=v1; fi
# A cgroup is charged for the file pages it is first to read. So that the agent's own files count
# against its limit, each jar runs from a private copy and the page cache is dropped before each
# limited run where that is allowed (the JDK's libjvm.so and class-data archive may still be
# charged to another JVM on this machine that has them mapped). The copy keeps its own class-data
# archive, written by its first run: an archive is valid only for the jar path it was written for.
private_copy() { # private_copy JAR: prints the path of a private copy of the jar
  local d; d="$(mktemp -d "$out/run-XXXXXX")"; chmod 755 "$d"
  cp "$1" "$d/pgvitals.jar"
  echo "$d/pgvitals.jar"
}
drop_caches() { sync; { echo 1 >/proc/sys/vm/drop_caches; } 2>/dev/null || true; }
cg_peak() { cat "$cg/memory.peak" "$cg/memory.max_usage_in_bytes" 2>/dev/null | awk '{printf "%d kB", $1 / 1024; exit}'; }
cg_make() { # cg_make MiB: a fresh cgroup with that hard limit and no swap
  cg="$cg_root/pgvitals-footprint-$$"
  mkdir "$cg"
  local bytes=$(( $1 * 1024 * 1024 ))
  if [ "$cg_kind" = v2 ]; then
    echo "$bytes" >"$cg/memory.max"; echo 0 >"$cg/memory.swap.max" 2>/dev/null || true
  else
    echo "$bytes" >"$cg/memory.limit_in_bytes"
    echo "$bytes" >"$cg/memory.memsw.limit_in_bytes" 2>/dev/null || true
  fi
}

# start_agent JAR [cgroup]: the agent through $launcher; waits until every sampler has a sample
# (pg_database_size_bytes is the slowest family) or 60 s.
start_agent() {
  local jar="$1" in_cg="${2:-}"
  PGVITALS_JAR="$jar" DATABASE_URL="postgres://pgvitals:bench@127.0.0.1:$pgport/postgres" \
    sh -c '[ -n "$1" ] && echo $$ >"$1/cgroup.procs"; shift; exec "$@"' sh "$in_cg" \
    "$launcher" agent --listen "127.0.0.1:$port" --data-path / >"$out/agent.log" 2>&1 &
  pid=$!
  local t0; t0=$(date +%s)
  until curl -s -m 2 "$url/metrics" 2>/dev/null | grep -c '^pg_database_size_bytes' >/dev/null; do
    kill -0 "$pid" 2>/dev/null || return 1
    [ $(( $(date +%s) - t0 )) -lt 60 ] || return 1
    sleep 0.2
  done
}
scrapes() { # scrapes N: N sequential scrapes, one keep-alive connection, 2 s deadline each; prints answered
  for _ in $(seq "$1"); do printf 'url = "%s/metrics"\noutput = "/dev/null"\nmax-time = 2\n' "$url"; done >"$out/curl.cfg"
  curl -s -K "$out/curl.cfg" -w '%{http_code}\n' 2>/dev/null | grep -c '^200$' || true
}
rss() { printf 'RSS %s kB (anon %s, file %s, shmem %s), heap+metaspace committed %s' \
  "$(status_kb VmRSS)" "$(status_kb RssAnon)" "$(status_kb RssFile)" "$(status_kb RssShmem)" "$(committed_java)"; }
nmt() { # the JVM's own accounting, committed kB per area, and the heap's occupancy
  [ "${FOOTPRINT_NMT:-}" = 1 ] || return 0
  jcmd "$pid" VM.native_memory summary 2>/dev/null \
    | awk '/^-  *[A-Z]/ { sub(/^- */, ""); area = $0; sub(/ *\(.*/, "", area); \
                          if (match($0, /committed=[0-9]+KB/)) printf "  nmt %-24s %8d kB\n", area, substr($0, RSTART + 10, RLENGTH - 12) } \
           /^Total:/ { if (match($0, /committed=[0-9]+KB/)) printf "  nmt %-24s %8d kB\n", "Total", substr($0, RSTART + 10, RLENGTH - 12) }'
  jcmd "$pid" GC.heap_info 2>/dev/null | sed -n 's/^ *\(def new generation\|tenured generation\|Metaspace\) *\(.*\)/  heap \1: \2/p'
}
committed_java() { # from the agent's own jvm_memory_committed_bytes, in kB
  curl -s "$url/metrics" | awk '/^jvm_memory_committed_bytes\{/ { s += $NF } END { printf "%d kB", s / 1024 }'
}

for spec in "${jars[@]}"; do
  jar="$(bench_jar "$spec")"; launcher="$(bench_launcher "$spec")"
  echo "== $jar ($(du -k "$jar" | cut -f1) kB) through $launcher"
  copy="$(private_copy "$jar")"
  # the launcher writes the class-data archive on a first run; measure with it in place
  start_agent "$copy" || { echo "agent did not start"; cat "$out/agent.log"; exit 1; }
  stop_agent
  start_agent "$copy" || { echo "agent did not start"; cat "$out/agent.log"; exit 1; }
  echo "started:            $(rss)"
  ok=$(scrapes 1000)
  echo "after 1000 scrapes:  $(rss) [$ok answered]"
  nmt
  ok=$(scrapes $((long - 1000)))
  echo "after $long scrapes: $(rss) [$((ok + 1000)) answered]"
  nmt
  echo "threads $(status_kb Threads), classes $(curl -s "$url/metrics" | awk '/^jvm_classes_loaded_classes / {print $2}')"
  stop_agent
  if [ "${FOOTPRINT_NMT:-}" = 1 ]; then
    echo "limit search skipped: FOOTPRINT_NMT=1"
    continue
  fi
  if [ -z "$cg_root" ]; then
    echo "limit search skipped: no writable cgroup memory controller (needs root and cgroup v1 or v2 with memory)"
    continue
  fi
  smallest=
  for mib in "${limits[@]}"; do
    drop_caches
    cg_make "$mib"
    if start_agent "$copy" "$cg"; then
      t0=$(ms); ok=$(scrapes "$limited"); t1=$(ms)
      echo "limit ${mib} MiB ($cg_kind): $ok/$limited answered in $((t1 - t0)) ms, cgroup peak $(cg_peak), $(rss)"
    else
      ok=0; echo "limit ${mib} MiB ($cg_kind): did not start within 60 s"
    fi
    stop_agent
    if [ "$ok" = "$limited" ]; then smallest="$mib"; else break; fi
  done
  echo "smallest limit answering $limited/$limited: ${smallest:-none of ${limits[*]}} MiB"
done

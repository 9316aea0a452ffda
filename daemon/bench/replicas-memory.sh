#!/usr/bin/env bash
# Two replicas (`promotiond run`, the shaded jar) on one real PostgreSQL database, N components each
# probing one loopback nginx every 10 s, for SECONDS: samples every 10 s each replica's resident
# memory, promotiond_leader, the age of the decisions it serves, and at the end counts
# OutOfMemoryError and changes of leader in their logs (issue 15: the heap a replica needs).
# Needs Debian's postgresql, nginx-light, curl and python3; run from the repository root after
# `mvn -B -ntp -DskipTests package`.
#   daemon/bench/replicas-memory.sh [N=10000] [SECONDS=180] ["JVM options"="-XX:+UseParallelGC -Xmx256m"]
set -euo pipefail
N=${1:-10000}; SECS=${2:-180}; JVM=${3:--XX:+UseParallelGC -Xmx256m}
ROOT=$(pwd); JAR=$ROOT/daemon/target/promotiond.jar; RULES=$ROOT/rules
WORK=$(mktemp -d); chmod 755 "$WORK"; PIDS=()
source "$(dirname "$0")/replicas-lib.sh"
trap stop EXIT
start_postgres
start_nginx
PORTS=()
for r in a b; do
  LP=$(port); PORTS+=("$LP")
  replica_config "$WORK/$r.yaml" "$N" "127.0.0.1:$LP" postgres "$RULES"
  # shellcheck disable=SC2086
  java $JVM -jar "$JAR" run --config "$WORK/$r.yaml" > "$WORK/$r.log" 2>&1 & PIDS+=($!)
done
Q="/api/v1/components/$(printf svc-%05d $((N / 2)))/readiness?target=production"
metric() { curl -fs --max-time 5 "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m {print $2}'; }
age() { curl -s --max-time 5 "http://127.0.0.1:$1$Q" | python3 -c '
import datetime as d, json, sys
try:
    e = json.load(sys.stdin)["evaluatedAt"].rstrip("Z")[:26] + "+00:00"
    print(round((d.datetime.now(d.timezone.utc) - d.datetime.fromisoformat(e)).total_seconds(), 1))
except Exception:
    print("-")' 2>/dev/null || echo -; }
echo "# $N components, two replicas, JVM: $JVM; load at start: $(load)"
echo "t_s rss_a_MiB leader_a age_a_s rss_b_MiB leader_b age_b_s load"
for t in $(seq 10 10 "$SECS"); do
  sleep 10
  row="$t"
  for i in 0 1; do
    rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/${PIDS[$i]}/status" 2>/dev/null || echo dead)
    row="$row $rss $(metric "${PORTS[$i]}" promotiond_leader || echo -) $(age "${PORTS[$i]}")"
  done
  echo "$row | $(load)"
done
for r in a b; do
  echo "replica $r: OutOfMemoryError $(grep -c OutOfMemoryError "$WORK/$r.log" || true), started leading $(grep -c ' leads (epoch' "$WORK/$r.log" || true) times, abandoned cycles $(grep -c 'evaluation abandoned' "$WORK/$r.log" || true)"
done
echo "# load average at end: $(load)"

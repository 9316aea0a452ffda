#!/usr/bin/env bash
# SQLite against PostgreSQL, and a follower against the leader (issue 15, "Performance").
#  1. Starts a real PostgreSQL (Debian package postgresql: initdb + pg_ctl, as the postgres user when
#     run as root) on a free loopback port with its defaults for durability: fsync on,
#     synchronous_commit on, full_page_writes on (printed). Then dev.promotiond.bench.StoreBackendsBench
#     runs probe flushes, evaluation cycles and publications on an SQLite file and on that server,
#     one after the other in one JVM, for N components.
#  2. Starts two replicas (`promotiond run`, the shaded jar) on one database of that server, READ_N
#     components each probing one loopback nginx every 10 s, finds which one leads (promotiond_leader),
#     and runs wrk against each one's readiness answer in turn (leader, follower, leader, ...).
# Needs Debian's postgresql, nginx-light, wrk, curl and python3. Prints the load average around each part.
# ROUNDS=0 skips part 1; REPLICA_JVM sets the replicas' JVM options (default: the image's,
# -XX:+UseParallelGC -Xmx256m). Usage (repository root, after `mvn -B -ntp -DskipTests package` and the bench classpath, see BENCHMARKS.md):
#   daemon/bench/postgres-peers.sh [N=10000] [ROUNDS=60] [CYCLES=12] [READ_N=1000] [PAIRS=3] [SECONDS=10] [CONNECTIONS=16]
set -euo pipefail
N=${1:-10000}; ROUNDS=${2:-60}; CYCLES=${3:-12}; READ_N=${4:-1000}; PAIRS=${5:-3}; SECS=${6:-10}; CONNS=${7:-16}
ROOT=$(pwd); JAR=$ROOT/daemon/target/promotiond.jar; RULES=$ROOT/rules
CP=$ROOT/daemon/target/test-classes:$ROOT/daemon/target/classes:$(cat "$ROOT/daemon/target/bench.cp")
WORK=$(mktemp -d); chmod 755 "$WORK"; PIDS=()
source "$(dirname "$0")/replicas-lib.sh"
until_ok() { for _ in $(seq 1 2400); do curl -fs -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1" >&2; return 1; }
trap stop EXIT

echo "# load average at start: $(load)"
start_postgres
psql() { PGPASSWORD=$PW command psql -h 127.0.0.1 -p "$PGP" -U promotiond -d postgres -Atc "$1"; }
echo "PostgreSQL $(psql 'SHOW server_version'): fsync=$(psql 'SHOW fsync'), synchronous_commit=$(psql 'SHOW synchronous_commit'), full_page_writes=$(psql 'SHOW full_page_writes'), shared_buffers=$(psql 'SHOW shared_buffers')"

if [[ $ROUNDS -gt 0 ]]; then  # ROUNDS=0 runs only part 2
  echo; echo "## 1. stores side by side: $N components (load $(load))"
  java -XX:+UseParallelGC -Xmx2g -cp "$CP" dev.promotiond.bench.StoreBackendsBench 127.0.0.1 "$PGP" promotiond \
    "$WORK/pw" "$N" "$ROUNDS" "$CYCLES"
fi

echo; echo "## 2. readiness API: leader against follower, $READ_N components, two replicas on PostgreSQL (load $(load))"
psql "CREATE DATABASE replicas OWNER promotiond" > /dev/null
start_nginx
PA=$(port); PB=$(port)
for r in a b; do
  LP=$PA; [[ $r == b ]] && LP=$PB
  replica_config "$WORK/$r.yaml" "$READ_N" "127.0.0.1:$LP" replicas "$RULES"
done
java ${REPLICA_JVM:--XX:+UseParallelGC -Xmx256m} -jar "$JAR" run --config "$WORK/a.yaml" > "$WORK/a.log" 2>&1 & PIDS+=($!)
until_ok "http://127.0.0.1:$PA/healthz"
java ${REPLICA_JVM:--XX:+UseParallelGC -Xmx256m} -jar "$JAR" run --config "$WORK/b.yaml" > "$WORK/b.log" 2>&1 & PIDS+=($!)
Q="/api/v1/components/$(printf svc-%05d $((READ_N / 2)))/readiness?target=production"
until_ok "http://127.0.0.1:$PA$Q"; until_ok "http://127.0.0.1:$PB$Q"
leader() { curl -fs "http://127.0.0.1:$1/metrics" | awk '$1 == "promotiond_leader" {print $2}'; }
LEAD=$PA; FOLL=$PB
for _ in $(seq 1 100); do
  la=$(leader "$PA"); lb=$(leader "$PB")
  if [[ $la == 1* && $lb == 0* ]]; then break; fi
  if [[ $lb == 1* && $la == 0* ]]; then LEAD=$PB; FOLL=$PA; break; fi
  sleep 0.2
done
echo "leader :$LEAD (promotiond_leader $(leader "$LEAD")), follower :$FOLL (promotiond_leader $(leader "$FOLL"))"
for p in "$LEAD" "$FOLL"; do
  echo "  :$p answers $(curl -s -o /dev/null -w '%{http_code}, %{size_download} bytes' "http://127.0.0.1:$p$Q"):" \
    "$(curl -s "http://127.0.0.1:$p$Q" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("state"), d.get("evaluatedAt"))')"
done
wrk -t2 -c"$CONNS" -d5s "http://127.0.0.1:$LEAD$Q" > /dev/null; wrk -t2 -c"$CONNS" -d5s "http://127.0.0.1:$FOLL$Q" > /dev/null  # warm-up
summary() { python3 -c '
import re, sys
t = sys.stdin.read()
def ms(v, u): return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p50 = ms(*re.search(r"50%\s+([\d.]+)(us|ms|s)", t).groups()); p99 = ms(*re.search(r"99%\s+([\d.]+)(us|ms|s)", t).groups())
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
err = re.search(r"Socket errors: (.*)", t)
e = "".join(err.group(1).split()) if err else "-"
print(f"{rps:.0f} {p50:.3f} {p99:.3f} {bad.group(1) if bad else 0} {e}")'; }
echo "run replica req/s p50_ms p99_ms non2xx socket_errors | load before -> after"
for i in $(seq 1 "$PAIRS"); do
  for who in leader follower; do
    P=$LEAD; [[ $who == follower ]] && P=$FOLL
    l0=$(load); r=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "http://127.0.0.1:$P$Q" | summary)
    echo "$i $who $r | $l0 -> $(load)"
  done
done
age() { curl -s "http://127.0.0.1:$1$Q" | python3 -c '
import datetime as d, json, sys
e = json.load(sys.stdin)["evaluatedAt"].rstrip("Z")[:26] + "+00:00"
print(round((d.datetime.now(d.timezone.utc) - d.datetime.fromisoformat(e)).total_seconds(), 1))'; }
for _ in 1 2 3 4 5; do echo "age of the decisions served (s): leader $(age "$LEAD"), follower $(age "$FOLL")"; sleep 3; done
echo "# load average at end: $(load)"

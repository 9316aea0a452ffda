#!/usr/bin/env bash
# Every row of issue 14's table against its peer, in one command (about 25 minutes at N=10000):
#   restart, store on disk, resident memory   ledger-peers.sh   (vs Prometheus on a backfilled TSDB)
#   evaluation cycle at 1k..100k               Bench cycle       (partitions vs one session)
#   start -> serving, DRL save -> verdicts     start-reload.sh   (vs Prometheus start -> /-/ready)
#   readiness API throughput and p50           readiness-wrk.sh  (vs nginx serving the same bytes)
#   probing CPU                                probe-peers.sh    (vs Prometheus + blackbox_exporter)
# Needs Debian's prometheus, prometheus-blackbox-exporter, nginx-light, wrk, sqlite3 and python3.
# The machine's load average is printed by every part; compare ratios within one run.
# Usage (repository root): daemon/bench/all.sh [N=10000] [JVM options for the ledger run, default below]
set -euo pipefail
N=${1:-10000}; shift || true
LEDGER_JVM=("$@"); [[ ${#LEDGER_JVM[@]} -eq 0 ]] && LEDGER_JVM=(-XX:+UseParallelGC -Xmx256m)
HERE=$(cd "$(dirname "$0")" && pwd)
echo "# load average at start: $(cat /proc/loadavg)"
mvn -q -B -ntp -DskipTests package
mvn -q -B -ntp -f daemon/pom.xml test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
CP=daemon/target/test-classes:daemon/target/classes:$(cat daemon/target/bench.cp)
echo; echo "## restart, disk, memory: $N components x 7 days (JVM: ${LEDGER_JVM[*]})"
"$HERE/ledger-peers.sh" "$N" 2 60 1000 "${LEDGER_JVM[@]}"
echo; echo "## evaluation cycle"
java -cp "$CP" dev.promotiond.bench.Bench cycle
echo; echo "## start and reload"
"$HERE/start-reload.sh" daemon/target/promotiond.jar 3 3
echo; echo "## readiness API"
"$HERE/readiness-wrk.sh" daemon/target/promotiond.jar 3 10
echo; echo "## probing CPU"
"$HERE/probe-peers.sh" 200 1s 20 60 2
echo; echo "# load average at end: $(cat /proc/loadavg)"

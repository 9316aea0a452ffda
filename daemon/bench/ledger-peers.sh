#!/usr/bin/env bash
# The ledger against Prometheus (issue 14, goals 1-3): N components x 7 days of 10-second probes.
#  - promotiond: a store seeded by dev.promotiond.bench.SeedStore (the benchmark Fleet's shape), the
#    daemon probing one loopback nginx every 10 s; seconds from process start to /healthz and to the
#    first correct readiness answer (svc-00050's 7-day window holds the seeded week); RSS at that
#    moment, after STEADY seconds of probing and evaluating, and its peak; store size on disk.
#  - Prometheus: the same probe_success series (the same DOWN minutes) backfilled with
#    `promtool tsdb create-blocks-from openmetrics` for PEER_N series; block size on disk; start ->
#    /-/ready and the first avg_over_time(probe_success[7d]) answered; RSS then.
# Runs alternate: promotiond, Prometheus, promotiond, ... The load average is printed with each run.
# Usage (from the repository root, after building the jar and the bench classpath, see BENCHMARKS.md):
#   daemon/bench/ledger-peers.sh [N=10000] [RUNS=2] [STEADY=60] [PEER_N=1000] [JVM options for promotiond...]
set -euo pipefail
N=${1:-10000}; RUNS=${2:-2}; STEADY=${3:-60}; PEER_N=${4:-1000}; shift $(( $# < 4 ? $# : 4 ))
JOPTS=("$@"); [[ ${#JOPTS[@]} -eq 0 ]] && JOPTS=(-XX:+UseParallelGC)
ROOT=$(pwd); JAR=$ROOT/daemon/target/promotiond.jar; RULES=$ROOT/rules
CP=$ROOT/daemon/target/test-classes:$ROOT/daemon/target/classes:$(cat "$ROOT/daemon/target/bench.cp")
WORK=$(mktemp -d); PIDS=()
stop() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap stop EXIT
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status"; }
hwm() { awk '/VmHWM/ {print int($2/1024)}' "/proc/$1/status"; }
wbytes() { awk '/^write_bytes/ {print $2}' "/proc/$1/io"; }
NOW=$(( $(date +%s) / 60 * 60 ))
SVC=svc-00050
# seconds from T0 until the URL answers 200 and, when a python predicate on the JSON body is given, it holds
until_ok() { python3 - "$@" <<'PY'
import json, sys, time, urllib.request
t0, url = float(sys.argv[1]), sys.argv[2]
pred = sys.argv[3] if len(sys.argv) > 3 else None
while time.time() - t0 < 900:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200 and (pred is None or eval(pred, {"d": json.load(r)})):
                print(f"{time.time() - t0:.3f}"); sys.exit(0)
    except Exception:
        pass
    time.sleep(0.02)
print("timeout"); sys.exit(1)
PY
}

echo "== seeding $N components x 7 d (load $(load))"
java -cp "$CP" dev.promotiond.bench.SeedStore "$WORK/store.db" "$N" 7 "$NOW"
STORE_B=$(du -cb "$WORK"/store.db* | tail -1 | cut -f1)
echo "promotiond store: $STORE_B bytes ($(sqlite3 "$WORK/store.db" 'SELECT count(*) FROM probe_runs' 2>/dev/null || echo '?') runs)"

NGP=$(port)
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<EOF
worker_processes 1; pid $WORK/nginx/nginx.pid; error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:$NGP;
  location / { default_type application/json; return 200 '{"status":"UP","version":"1.0.0"}'; } } }
EOF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"; trap 'nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -s stop 2>/dev/null; stop' EXIT
LP=$(port)
python3 - "$WORK/promotiond.yaml" "$N" "http://127.0.0.1:$NGP" "127.0.0.1:$LP" "$WORK/store.db" "$RULES" <<'PY'
import sys
out, n, base, listen, store, rules = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
with open(out, "w") as f:
    f.write(f"listen: {listen}\nstore: {store}\nrules: {rules}\nevaluation_interval: 10s\ncomponents:\n")
    for i in range(n):
        stage = ("Staging", "Staging", "Staging", "Staging", "Staging", "Staging", "Staging",
                 "Production", "Production", "Development")[i % 10]
        name = f"svc-{i:05d}"
        f.write(f"  - name: {name}\n    stage: {stage}\n    health:\n      url: {base}/{name}\n"
                f"      interval: 10s\n      timeout: 2s\n      status: /status\n      healthy: [UP]\n      version: /version\n")
PY

echo "== Prometheus peer: $PEER_N series x 7 d backfilled (load $(load))"
python3 - "$WORK/probe.om" "$PEER_N" "$NOW" <<'PY'
import sys
out, n, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) - 10
start = end - 7 * 86400 + 10
with open(out, "w", buffering=1 << 24) as f:
    f.write("# TYPE probe_success gauge\n")
    for i in range(n):
        mod = 17 if i % 50 == 0 else 257 if i % 13 == 0 else 0
        p = f'probe_success{{instance="svc-{i:05d}",job="blackbox"}} '
        f.write("".join(f"{p}{0 if mod and (t // 60) % mod == 0 and t % 60 < 10 else 1} {t}\n"
                        for t in range(start, end + 1, 10)))
    f.write("# EOF\n")
PY
promtool tsdb create-blocks-from --max-block-duration=1000h openmetrics "$WORK/probe.om" "$WORK/tsdb" > /dev/null
rm -f "$WORK/probe.om"
TSDB_B=$(du -sb "$WORK/tsdb" | cut -f1)
echo "prometheus blocks: $TSDB_B bytes for $PEER_N series; per series $(( TSDB_B / PEER_N )); x $N = $(( TSDB_B / PEER_N * N )) (linear in series)"
echo "promotiond store per component: $(( STORE_B / N )) bytes; store / TSDB at the same N: $(python3 -c "print(f'{$STORE_B / ($TSDB_B / $PEER_N * $N):.3f}')")"
echo "global: {scrape_interval: 1m}" > "$WORK/prometheus.yml"
PP=$(port)
Q="http://127.0.0.1:$PP/api/v1/query?query=avg_over_time(probe_success%7Binstance%3D%22$SVC%22%7D%5B7d%5D)&time=$NOW"

echo "run | what | start -> /healthz s | -> correct answer s | RSS then MiB | after ${STEADY}s MiB | peak MiB | disk writes KiB/s | load before -> after"
for i in $(seq 1 "$RUNS"); do
  l0=$(load); t0=$(date +%s.%N)
  java "${JOPTS[@]}" -jar "$JAR" run --config "$WORK/promotiond.yaml" > "$WORK/run-$i.log" 2>&1 & P=$!; PIDS+=("$P")
  a=$(until_ok "$t0" "http://127.0.0.1:$LP/healthz")
  b=$(until_ok "$t0" "http://127.0.0.1:$LP/api/v1/components/$SVC" \
      'd.get("evaluatedAt") and (d["uptime"].get("7d") or {}).get("down", 0) >= 500')
  r1=$(rss "$P"); w0=$(wbytes "$P"); sleep "$STEADY"; r2=$(rss "$P"); peak=$(hwm "$P"); w=$(( ($(wbytes "$P") - w0) / 1024 / STEADY ))
  curl -s "http://127.0.0.1:$LP/api/v1/components/$SVC" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("   ", d["name"], "7d:", {k: d["uptime"]["7d"].get(k) for k in ("up","down","coverage")}, "production:", d["readiness"]["production"]["state"])' || true
  kill "$P"; wait "$P" 2>/dev/null || true
  echo "$i | promotiond | $a | $b | $r1 | $r2 | $peak | $w | $l0 -> $(load)"
  l0=$(load); rm -rf "$WORK/tsdb/wal" "$WORK/tsdb/chunks_head"; t0=$(date +%s.%N)
  prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" --storage.tsdb.retention.time=30d \
    --web.listen-address="127.0.0.1:$PP" > "$WORK/prom-$i.log" 2>&1 & P=$!; PIDS+=("$P")
  a=$(until_ok "$t0" "http://127.0.0.1:$PP/-/ready")
  b=$(until_ok "$t0" "$Q" 'len(d["data"]["result"]) == 1')
  r1=$(rss "$P"); w0=$(wbytes "$P"); sleep "$STEADY"; r2=$(rss "$P"); peak=$(hwm "$P"); w=$(( ($(wbytes "$P") - w0) / 1024 / STEADY ))
  kill "$P"; wait "$P" 2>/dev/null || true
  echo "$i | prometheus ($PEER_N series, idle) | $a | $b | $r1 | $r2 | $peak | $w | $l0 -> $(load)"
done
echo "promotiond store after the runs: $(du -cb "$WORK"/store.db* | tail -1 | cut -f1) bytes"

#!/usr/bin/env bash
# Probing CPU (issue 14, goal 7): CPU seconds per 1,000 probes of promotiond against Prometheus +
# blackbox_exporter (both processes counted), probing the same N loopback endpoints on one nginx at
# the same interval. Probes are counted by nginx (stub_status), CPU from /proc/PID/stat. Windows
# alternate: promotiond, peer, promotiond, ... Each prints its load average before and after.
# Usage (repository root, jar built): daemon/bench/probe-peers.sh [N=200] [INTERVAL=1s] [WARM=15] [MEASURE=45] [PAIRS=2]
set -euo pipefail
N=${1:-200}; INTERVAL=${2:-1s}; WARM=${3:-15}; MEAS=${4:-45}; PAIRS=${5:-2}
ROOT=$(pwd); JAR=$ROOT/daemon/target/promotiond.jar; RULES=$ROOT/rules
WORK=$(mktemp -d); PIDS=()
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
NGP=$(port); BBP=$(port); PP=$(port); LP=$(port)
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<EOF
worker_processes 1; pid $WORK/nginx/nginx.pid; error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:$NGP;
  location = /stub { stub_status; }
  location / { default_type application/json; return 200 '{"status":"UP","version":"1.0.0"}'; } } }
EOF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
stop() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -s stop 2>/dev/null || true; rm -rf "$WORK"; }
trap stop EXIT
requests() { curl -s "http://127.0.0.1:$NGP/stub" | awk 'NR == 3 {print $3}'; }
wait_ok() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; return 1; }
python3 - "$WORK" "$N" "$NGP" "$BBP" "$LP" "$INTERVAL" "$RULES" <<'PY'
import sys
work, n, ngp, bbp, lp, interval, rules = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
names = [f"svc-{i:05d}" for i in range(n)]
with open(f"{work}/promotiond.yaml", "w") as f:
    f.write(f"listen: 127.0.0.1:{lp}\nstore: {work}/store.db\nrules: {rules}\nevaluation_interval: 10m\ncomponents:\n")
    for c in names:
        f.write(f"  - name: {c}\n    stage: Staging\n    health:\n      url: http://127.0.0.1:{ngp}/{c}\n"
                f"      interval: {interval}\n      timeout: 1s\n      status: /status\n      healthy: [UP]\n")
with open(f"{work}/blackbox.yml", "w") as f:
    f.write("modules:\n  http_2xx:\n    prober: http\n    timeout: 1s\n    http:\n      preferred_ip_protocol: ip4\n")
with open(f"{work}/prometheus.yml", "w") as f:
    f.write(f"global: {{scrape_interval: {interval}, scrape_timeout: {interval}, evaluation_interval: 1m}}\n"
            "scrape_configs:\n  - job_name: blackbox\n    metrics_path: /probe\n    params: {module: [http_2xx]}\n"
            "    static_configs:\n      - targets:\n")
    f.writelines(f"        - http://127.0.0.1:{ngp}/{c}\n" for c in names)
    f.write("    relabel_configs:\n      - {source_labels: [__address__], target_label: __param_target}\n"
            f"      - {{target_label: __address__, replacement: '127.0.0.1:{bbp}'}}\n")
PY
echo "window | who | CPU s | probes | probes/s | CPU s per 1,000 probes | load before -> after"
for i in $(seq 1 "$PAIRS"); do
  for who in promotiond peer; do
    pids=()
    if [[ $who == promotiond ]]; then
      rm -f "$WORK"/store.db*
      java -XX:+UseParallelGC -jar "$JAR" run --config "$WORK/promotiond.yaml" > "$WORK/p.log" 2>&1 & pids=($!)
      wait_ok "http://127.0.0.1:$LP/healthz"
    else
      rm -rf "$WORK/tsdb"
      prometheus-blackbox-exporter --config.file="$WORK/blackbox.yml" --web.listen-address="127.0.0.1:$BBP" > "$WORK/bb.log" 2>&1 & pids=($!)
      prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" --web.listen-address="127.0.0.1:$PP" > "$WORK/prom.log" 2>&1 & pids+=($!)
      wait_ok "http://127.0.0.1:$PP/-/ready"
    fi
    PIDS+=("${pids[@]}")
    sleep "$WARM"
    l0=$(load); r0=$(requests); c0=0; for p in "${pids[@]}"; do c0=$((c0 + $(ticks "$p"))); done; s0=$(date +%s.%N)
    sleep "$MEAS"
    c1=0; for p in "${pids[@]}"; do c1=$((c1 + $(ticks "$p"))); done; r1=$(requests); s1=$(date +%s.%N)
    for p in "${pids[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
    python3 -c "
cpu = ($c1 - $c0) / $HZ; req = $r1 - $r0 - 1; secs = $s1 - $s0
print(f'$i | $who | {cpu:.2f} | {req} | {req / secs:.0f} | {1000 * cpu / max(req, 1):.3f} | $l0 -> $(load)')"
  done
done

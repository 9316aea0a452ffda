#!/usr/bin/env bash
# Readiness API vs nginx serving the same bytes (issue 14, goal 6).
# Starts `promotiond demo` from the shaded jar and an nginx (Debian nginx-light) on loopback, saves
# the daemon's readiness answer as nginx's static file, then runs wrk against each in turn
# (A B A B ...), printing req/s, p50, p99 and the load average around every run.
# Usage: daemon/bench/readiness-wrk.sh [JAR] [PAIRS=3] [SECONDS=15] [CONNECTIONS=16] [THREADS=2]
set -euo pipefail
JAR=$(realpath "${1:-daemon/target/promotiond.jar}"); PAIRS=${2:-3}; SECS=${3:-15}; CONNS=${4:-16}; THREADS=${5:-2}
WORK=$(mktemp -d); chmod 755 "$WORK"; PIDS=()  # nginx workers may run as another user
stop() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap stop EXIT
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
until_ok() { for _ in $(seq 1 1200); do curl -fs -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1" >&2; return 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

DP=$(port); NP=$(port)
java ${JAVA_OPTS:-} -jar "$JAR" demo --listen "127.0.0.1:$DP" > "$WORK/demo.log" 2>&1 & PIDS+=($!)
A="http://127.0.0.1:$DP/api/v1/components/catalog-api/readiness?target=production"
until_ok "$A"
mkdir -p "$WORK/nginx/html/r" "$WORK/nginx/tmp"
curl -fs "$A" > "$WORK/nginx/html/r/readiness.json"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
error_log $WORK/nginx/error.log warn;
pid $WORK/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx/tmp/b; proxy_temp_path $WORK/nginx/tmp/p; fastcgi_temp_path $WORK/nginx/tmp/f;
  uwsgi_temp_path $WORK/nginx/tmp/u; scgi_temp_path $WORK/nginx/tmp/s;
  server {
    listen 127.0.0.1:$NP;
    location /r/ { root $WORK/nginx/html; default_type application/json; add_header Cache-Control no-store; }
  }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' & PIDS+=($!)
B="http://127.0.0.1:$NP/r/readiness.json"
until_ok "$B"
echo "body: daemon $(curl -fs "$A" | wc -c) bytes, nginx $(curl -fs "$B" | wc -c) bytes"
wrk -t"$THREADS" -c"$CONNS" -d5s "$A" > /dev/null; wrk -t"$THREADS" -c"$CONNS" -d5s "$B" > /dev/null  # warm-up
summary() { python3 -c '
import re, sys
t = sys.stdin.read()
def ms(v, u): return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p50 = ms(*re.search(r"50%\s+([\d.]+)(us|ms|s)", t).groups()); p99 = ms(*re.search(r"99%\s+([\d.]+)(us|ms|s)", t).groups())
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{rps:.0f} {p50:.3f} {p99:.3f} {bad.group(1) if bad else 0}")'; }
echo "run server req/s p50_ms p99_ms non2xx | load before -> after"
for i in $(seq 1 "$PAIRS"); do
  for who in promotiond nginx; do
    U=$A; [[ $who == nginx ]] && U=$B
    l0=$(load); r=$(wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency "$U" | summary)
    echo "$i $who $r | $l0 -> $(load)"
  done
done

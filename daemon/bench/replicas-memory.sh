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
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
AS=(); [[ $(id -un) == root ]] && AS=(runuser -u postgres --)
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
stop() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  [[ -f $WORK/nginx/nginx.pid ]] && nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -s stop 2>/dev/null || true
  [[ -d $WORK/pg ]] && "${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop EXIT
PGP=$(port); PW=bench-$$-$RANDOM
echo "$PW" > "$WORK/pw"; mkdir "$WORK/pg"
[[ ${#AS[@]} -gt 0 ]] && chown postgres:postgres "$WORK/pw" "$WORK/pg"
"${AS[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U promotiond --pwfile="$WORK/pw" --auth=scram-sha-256 -E UTF8 --locale=C > /dev/null
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w -o \
  "-p $PGP -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start > /dev/null
NGP=$(port); mkdir -p "$WORK/nginx/tmp"
cat > "$WORK/nginx/nginx.conf" <<NGX
worker_processes 1; pid $WORK/nginx/nginx.pid; error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $WORK/nginx/tmp/b; proxy_temp_path $WORK/nginx/tmp/p;
  fastcgi_temp_path $WORK/nginx/tmp/f; uwsgi_temp_path $WORK/nginx/tmp/u; scgi_temp_path $WORK/nginx/tmp/s;
  server { listen 127.0.0.1:$NGP;
  location / { default_type application/json; return 200 '{"status":"UP","version":"1.0.0"}'; } } }
NGX
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
PORTS=()
for r in a b; do
  LP=$(port); PORTS+=("$LP")
  python3 - "$WORK/$r.yaml" "$N" "http://127.0.0.1:$NGP" "127.0.0.1:$LP" \
      "postgres://promotiond@127.0.0.1:$PGP/postgres" "$WORK/pw" "$RULES" <<'PY'
import sys
out, n, base, listen, store, pw, rules = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
with open(out, "w") as f:
    f.write(f"listen: {listen}\nstore: {store}\npostgres:\n  password_file: {pw}\n  sslmode: disable\n"
            f"rules: {rules}\nevaluation_interval: 10s\ncomponents:\n")
    for i in range(n):
        stage = ("Staging",) * 7 + ("Production", "Production", "Development")
        name = f"svc-{i:05d}"
        f.write(f"  - name: {name}\n    stage: {stage[i % 10]}\n    health:\n      url: {base}/{name}\n"
                f"      interval: 10s\n      timeout: 2s\n      status: /status\n      healthy: [UP]\n      version: /version\n")
PY
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

# Sourced by the PostgreSQL benchmarks (postgres-peers.sh, replicas-memory.sh): a real PostgreSQL
# (Debian's postgresql: initdb + pg_ctl, as the postgres user when run as root) on a free loopback
# port with its durable defaults, one nginx answering every health URL, replica configs, and a
# cleanup that stops them all. Callers set WORK (a fresh directory) and PIDS=() first.
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
# start_postgres: sets PGP (port) and PW (password, also in $WORK/pw); user promotiond.
start_postgres() {
  PGP=$(port); PW=bench-$$-$RANDOM
  echo "$PW" > "$WORK/pw"; mkdir "$WORK/pg"
  [[ ${#AS[@]} -gt 0 ]] && chown postgres:postgres "$WORK/pw" "$WORK/pg"
  "${AS[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U promotiond --pwfile="$WORK/pw" --auth=scram-sha-256 -E UTF8 --locale=C > /dev/null
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w -o \
    "-p $PGP -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=100" start > /dev/null
}
# start_nginx: sets NGP; every path answers 200 {"status":"UP","version":"1.0.0"}.
start_nginx() {
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
}
# replica_config FILE N LISTEN DATABASE RULES: N components probing nginx every 10 s, stored in DATABASE.
replica_config() {
  python3 - "$1" "$2" "http://127.0.0.1:$NGP" "$3" "postgres://promotiond@127.0.0.1:$PGP/$4" "$WORK/pw" "$5" <<'PY'
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
}

#!/usr/bin/env bash
# Start and reload (issue 14, goal 5). Alternates five starts: `promotiond demo` from the jar,
# the same with an AppCDS archive (made first by a training run of the demo), `promotiond run` with
# a 7-component config (probes to a closed port) without and with that archive, and Prometheus
# (Debian package, no targets) to /-/ready; prints seconds to /healthz and to the first readiness
# answer (demo: catalog-api's readiness; run: /readyz 200, the first evaluation). Then saves a
# changed policy.drl into a running demo's rules folder and times save -> readiness shows it.
# Usage: daemon/bench/start-reload.sh [JAR] [PAIRS=3] [RELOADS=3]
set -euo pipefail
JAR=$(realpath "${1:-daemon/target/promotiond.jar}"); PAIRS=${2:-3}; RELOADS=${3:-3}
RULES=$(realpath "$(dirname "$0")/../../rules")
WORK=$(mktemp -d); PID=
stop() { [[ -n $PID ]] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap stop EXIT
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# seconds from now until each URL answers 200, in order
timed() { python3 - "$@" <<'PY'
import sys, time, urllib.request
t0 = float(sys.argv[1]); out = []
for url in sys.argv[2:]:
    while time.time() - t0 < 120:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200: break
        except Exception: pass
        time.sleep(0.01)
    out.append(f"{time.time() - t0:.3f}")
print(" ".join(out))
PY
}
demo() { # demo PORT [JVM flags...]
  local p=$1; shift
  java -XX:+UseParallelGC "$@" -jar "$JAR" demo --listen "127.0.0.1:$p" > "$WORK/demo.log" 2>&1 & PID=$!
}
P=$(port); demo "$P" -XX:ArchiveClassesAtExit="$WORK/app.jsa"
timed "$(date +%s.%N)" "http://127.0.0.1:$P/api/v1/components/catalog-api/readiness?target=production" > /dev/null
curl -fs -o /dev/null "http://127.0.0.1:$P/metrics"; kill "$PID"; wait "$PID" || true; PID=
echo "training run wrote $(du -m "$WORK/app.jsa" | cut -f1) MiB of class data"
echo "global: {scrape_interval: 1m}" > "$WORK/prometheus.yml"
cp -r "$RULES" "$WORK/run-rules"
{ echo "store: $WORK/run.db"; echo "rules: $WORK/run-rules"; echo "components:"
  for c in a b c d e f g; do
    echo "  - {name: $c-api, stage: Staging, health: {url: \"http://127.0.0.1:9/health\", interval: 10s}}"
  done; } > "$WORK/run.yaml"
daemon() { # daemon PORT [JVM flags...]: `promotiond run` on the config above
  local p=$1; shift
  sed "1i listen: 127.0.0.1:$p" "$WORK/run.yaml" > "$WORK/run-$p.yaml"
  java -XX:+UseParallelGC "$@" -jar "$JAR" run --config "$WORK/run-$p.yaml" > "$WORK/run.log" 2>&1 & PID=$!
}
echo "run start to: /healthz s, readiness s | load before -> after"
for i in $(seq 1 "$PAIRS"); do
  for how in plain cds run runcds prometheus; do
    l0=$(load); P=$(port); t0=$(date +%s.%N)
    case $how in
      plain) demo "$P" ;;
      cds) demo "$P" -XX:SharedArchiveFile="$WORK/app.jsa" ;;
      run) daemon "$P" ;;
      runcds) daemon "$P" -XX:SharedArchiveFile="$WORK/app.jsa" ;;
      prometheus) rm -rf "$WORK/tsdb"; prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
          --web.listen-address="127.0.0.1:$P" > "$WORK/prom.log" 2>&1 & PID=$! ;;
    esac
    if [[ $how == prometheus ]]; then r=$(timed "$t0" "http://127.0.0.1:$P/-/ready")
    elif [[ $how == run* ]]; then r=$(timed "$t0" "http://127.0.0.1:$P/healthz" "http://127.0.0.1:$P/readyz")
    else r=$(timed "$t0" "http://127.0.0.1:$P/healthz" "http://127.0.0.1:$P/api/v1/components/catalog-api/readiness?target=production"); fi
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
    echo "$i $how $r | $l0 -> $(load)"
  done
done
cp -r "$RULES" "$WORK/rules"; P=$(port)
java -XX:+UseParallelGC -jar "$JAR" demo --listen "127.0.0.1:$P" --rules "$WORK/rules" > "$WORK/demo.log" 2>&1 & PID=$!
timed "$(date +%s.%N)" "http://127.0.0.1:$P/api/v1/components/catalog-api/readiness?target=production" > /dev/null
echo "reload: load $(load)"
python3 - "$WORK/rules/policy.drl" "http://127.0.0.1:$P" "$RELOADS" <<'PY'
import json, sys, time, urllib.request
drl, base, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
def threshold():
    with urllib.request.urlopen(base + "/api/v1/components/catalog-api/readiness?target=production", timeout=5) as r:
        return next(c["threshold"] for c in json.loads(r.read())["criteria"] if c["name"] == "uptime-7d")
original = open(drl).read()
assert "0.995," in original
for i in range(n):
    text = original.replace("0.995,", "0.996,", 1) if i % 2 == 0 else original
    before = threshold(); t0 = time.monotonic()
    open(drl, "w").write(text)
    while threshold() == before and time.monotonic() - t0 < 30:
        time.sleep(0.005)
    print(f"reload {i + 1}: save -> readiness shows {threshold()} after {time.monotonic() - t0:.3f} s")
    time.sleep(1)
PY

#!/usr/bin/env bash
# promotion-gate.sh: the shell steps of a CI deploy gate, shared by github-actions.yml and
# gitlab-ci.yml. Pushes this build's evidence to promotiond, then asks `promotiond check` whether
# the component may be promoted, and exits with check's code so the deploy job runs only on 0:
#
#   0  ready (or already at the target: not_applicable)   → deploy
#   1  not ready: a criterion is unmet                    → fail, the table says which
#   3  unknown: evidence missing, stale or a source down  → retried GATE_UNKNOWN_RETRIES times, then fail
#   2  usage, configuration or connection error, or an evidence push that failed → fail
#
# Usage: promotion-gate.sh [KIND=FILE ...]    e.g. junit=build/junit.xml coverage=build/coverage.xml
# Environment:
#   PROMOTIOND_URL        the daemon (required), e.g. https://promotiond.example:9400
#   GATE_COMPONENT        the component (required)
#   GATE_TARGET           staging or production (required)
#   GATE_VERSION          the version being promoted (required when evidence is given)
#   GATE_COMMIT           the commit the evidence came from (optional)
#   PROMOTIOND_TOKEN      bearer token for evidence push (read by promotiond itself)
#   PROMOTIOND            how to run the CLI (default: promotiond), e.g. "java -jar promotiond.jar"
#   GATE_UNKNOWN_RETRIES  how many more times to ask while the answer is unknown (default 0)
#   GATE_UNKNOWN_DELAY    seconds between those asks (default 30)
set -uo pipefail

say() { printf 'promotion gate: %s\n' "$*"; }
need() { [ -n "${!1:-}" ] || { say "$1 is not set"; exit 2; }; }

need PROMOTIOND_URL
need GATE_COMPONENT
need GATE_TARGET
read -r -a cli <<< "${PROMOTIOND:-promotiond}"
retries=${GATE_UNKNOWN_RETRIES:-0}
delay=${GATE_UNKNOWN_DELAY:-30}
case "$retries$delay" in *[!0-9]*) say "GATE_UNKNOWN_RETRIES and GATE_UNKNOWN_DELAY must be whole numbers"; exit 2;; esac

# 1. evidence first, so the answer below judges this build
for pair in "$@"; do
    kind=${pair%%=*}
    file=${pair#*=}
    if [ "$kind" = "$pair" ] || [ -z "$kind" ] || [ -z "$file" ]; then
        say "evidence must be KIND=FILE, not '$pair'"
        exit 2
    fi
    need GATE_VERSION
    args=(evidence push --url "$PROMOTIOND_URL" --component "$GATE_COMPONENT" --version "$GATE_VERSION" --kind "$kind")
    [ -n "${GATE_COMMIT:-}" ] && args+=(--commit "$GATE_COMMIT")
    if ! "${cli[@]}" "${args[@]}" "$file"; then
        say "pushing $kind evidence ($file) failed: not asking for a verdict on old evidence"
        exit 2
    fi
done

# 2. the verdict; unknown is never a yes
attempt=0
while :; do
    "${cli[@]}" check --url "$PROMOTIOND_URL" --component "$GATE_COMPONENT" --target "$GATE_TARGET"
    code=$?
    case $code in
        0) say "$GATE_COMPONENT may be promoted to $GATE_TARGET"; exit 0;;
        1) say "$GATE_COMPONENT is not ready for $GATE_TARGET: see the unmet criteria above"; exit 1;;
        3) if [ "$attempt" -lt "$retries" ]; then
               attempt=$((attempt + 1))
               say "readiness of $GATE_COMPONENT for $GATE_TARGET is unknown; asking again in ${delay}s ($attempt of $retries)"
               sleep "$delay"
               continue
           fi
           say "readiness of $GATE_COMPONENT for $GATE_TARGET is unknown (missing or stale evidence, or a source is down): not deploying"
           exit 3;;
        *) say "promotiond check failed with exit code $code (usage, configuration or connection error)"; exit 2;;
    esac
done

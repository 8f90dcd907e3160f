#!/usr/bin/env bash
# The pipeline's main job end to end on the embedded development broker:
# broker -> run-processor -> send-test --wait -> offsets -> status -> stop.
# Installs what it needs, builds a release binary, and cleans up after itself.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product uvrctl
uvrctl="$PWD/.build/release/uvrctl"

work=$(mktemp -d /tmp/uvrctl-demo.XXXXXX)
cleanup() {
  "$uvrctl" --pid-dir "$work/pids" stop --timeout 30 >/dev/null 2>&1 || true
  [ -n "${broker_pid:-}" ] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step "uvrctl broker --bootstrap-file kafka.env &"
"$uvrctl" broker --bootstrap-file kafka.env 2>broker.log &
broker_pid=$!
for _ in $(seq 100); do [ -s kafka.env ] && break; sleep 0.1; done
cat kafka.env

step "uvrctl --env-file kafka.env --log-file processor.log run-processor &"
"$uvrctl" --env-file kafka.env --log-file processor.log run-processor --pid-dir pids &

step "uvrctl --env-file kafka.env send-test --count 3 --wait --timeout 120"
"$uvrctl" --env-file kafka.env send-test --count 3 --wait --timeout 120

step "ls data/out"
ls -l data/out

step "uvrctl --env-file kafka.env offsets"
"$uvrctl" --env-file kafka.env offsets

step "uvrctl status --pid-dir pids"
"$uvrctl" status --pid-dir pids processor

step "uvrctl stop --pid-dir pids"
"$uvrctl" stop --pid-dir pids

step "tail processor.log"
tail -n 12 processor.log

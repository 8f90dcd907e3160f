#!/usr/bin/env bash
# The pipeline's main job end to end on the embedded development broker:
# broker -> run-processor + run-uploader -> send-test --wait -> the webhook calls -> offsets -> status -> stop.
# Installs what it needs, builds a release binary, and cleans up after itself.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product uvrctl
uvrctl="$PWD/.build/release/uvrctl"

work=$(mktemp -d /tmp/uvrctl-demo.XXXXXX)
cleanup() {
  local status=$?
  "$uvrctl" --pid-dir "$work/pids" stop --timeout 30 >/dev/null 2>&1 || true
  [ -n "${receiver_pid:-}" ] && kill "$receiver_pid" 2>/dev/null && wait "$receiver_pid" 2>/dev/null || true
  [ -n "${broker_pid:-}" ] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
receiver="$PWD/Tests/Fixtures/webhook_receiver.py"
cd "$work"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step "uvrctl broker --bootstrap-file kafka.env &"
"$uvrctl" broker --bootstrap-file kafka.env 2>broker.log &
broker_pid=$!
for _ in $(seq 100); do [ -s kafka.env ] && break; sleep 0.1; done

step "uvrctl --env-file kafka.env --log-file processor.log run-processor &"
"$uvrctl" --env-file kafka.env --log-file processor.log run-processor --pid-dir pids &

step "a webhook receiver (Tests/Fixtures/webhook_receiver.py), checking X-UVR-Signature &"
python3 "$receiver" --log webhooks.jsonl --upload-dir receiver --port-file receiver.port --secret demo-secret >/dev/null 2>&1 &
receiver_pid=$!
for _ in $(seq 100); do [ -s receiver.port ] && break; sleep 0.1; done
hook="http://127.0.0.1:$(cat receiver.port)/uvr-hook"
echo "$hook"

step "UVRCTL_WEBHOOK_SECRET=… uvrctl --env-file kafka.env --log-file uploader.log run-uploader --upload-to file://$work/published &"
UVRCTL_WEBHOOK_SECRET=demo-secret "$uvrctl" --env-file kafka.env --log-file uploader.log run-uploader --pid-dir pids \
  --upload-to "file://$work/published" &

step "uvrctl --env-file kafka.env send-test --count 3 --hook-url $hook --wait --timeout 120"
"$uvrctl" --env-file kafka.env send-test --count 3 --hook-url "$hook" --wait --timeout 120

step "the webhook calls the receiver got"
for _ in $(seq 300); do [ -f webhooks.jsonl ] && [ "$(wc -l < webhooks.jsonl)" -ge 3 ] && break; sleep 0.1; done
python3 - webhooks.jsonl <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    print(r["method"], r["path"], r["answered"], "Idempotency-Key:", r["headers"].get("idempotency-key"),
          "signature ok:", r.get("signature_ok"))
    print("   ", r.get("body"))
PY

step "ls -R published"
ls -R published

step "ls data/out   # the processor's local stems, deleted by the uploader once delivered and committed"
ls -l data/out

step "uvrctl --env-file kafka.env offsets"
"$uvrctl" --env-file kafka.env offsets

step "uvrctl status --pid-dir pids"
"$uvrctl" status --pid-dir pids

step "uvrctl stop --pid-dir pids"
"$uvrctl" stop --pid-dir pids

step "tail processor.log"
tail -n 12 processor.log

step "tail uploader.log"
tail -n 12 uploader.log

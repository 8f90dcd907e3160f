#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds (warnings are errors), runs `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -Xswiftc -warnings-as-errors
swift test -Xswiftc -warnings-as-errors "$@"

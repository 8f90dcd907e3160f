#!/usr/bin/env bash
# Installs the Debian packages uvrctl builds against and its tests use. Idempotent; run as root.
set -euo pipefail
packages=(
  pkg-config librdkafka-dev libsndfile1-dev libfftw3-dev libssl-dev libcurl4-openssl-dev  # build
  python3 sox libsox-fmt-all mandoc zsh fish bash-completion kcat                              # tests
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

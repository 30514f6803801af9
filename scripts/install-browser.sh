#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium for the page tests (tests/it/pages.rs),
# unless it is already there. Needs root or sudo; apt-get reaches Debian's mirrors.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
run() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
export DEBIAN_FRONTEND=noninteractive
run apt-get update -qq
run apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
chromium --version

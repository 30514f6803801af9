#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium and the Noto CJK fonts (Chinese glyphs
# in screenshots) for the page tests (tests/it/pages.rs), unless both are there.
# Idempotent. Needs root or sudo; apt-get reaches Debian's mirrors.
set -euo pipefail

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
if ! command -v chromium >/dev/null 2>&1 && ! installed chromium; then
    missing+=(chromium)
fi
if ! installed fonts-noto-cjk; then
    missing+=(fonts-noto-cjk)
fi
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

run() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "install-browser.sh: installing ${missing[*]} needs root or sudo" >&2
        exit 1
    fi
}
echo "installing ${missing[*]} from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
run apt-get update -qq
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
chromium --version 2>/dev/null

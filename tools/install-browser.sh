#!/usr/bin/env bash
# What the report browser checks need (tests/test_report_accessibility.py, benchmarks/report_accessibility.py):
# Debian's Chromium at /usr/bin/chromium and tools/browser's pinned node modules (playwright-core, axe-core).
# Idempotent, and never fails the build: where something cannot be installed it says so, exits 0, and the
# accessibility test skips with the reason.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
browser="$here/browser"
CHROMIUM=/usr/bin/chromium

say() { echo "install-browser: $*"; }

install_chromium() {
    if [ -x "$CHROMIUM" ]; then
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        say "no apt-get here: install Chromium at $CHROMIUM by hand; the browser checks will skip"
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo="sudo -n"
        else
            say "not root and no password-less sudo: run 'apt-get install chromium' as root; the browser checks will skip"
            return 0
        fi
    fi
    say "installing Debian's chromium (once)"
    if ! { DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq &&
           DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
               chromium fonts-dejavu-core >/dev/null; }; then
        say "apt-get could not install chromium; the browser checks will skip"
    fi
}

install_node_modules() {
    if ! command -v npm >/dev/null 2>&1; then
        say "no npm here: install Node.js 20 or newer; the browser checks will skip"
        return 0
    fi
    # npm ci wipes node_modules, so run it only when the lock file changed since the last install.
    local stamp="$browser/node_modules/.installed-lock"
    if [ -f "$stamp" ] && cmp -s "$stamp" "$browser/package-lock.json"; then
        return 0
    fi
    say "installing tools/browser's node modules (npm ci)"
    if (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error); then
        cp "$browser/package-lock.json" "$stamp"
    else
        say "npm ci failed in $browser; the browser checks will skip"
    fi
}

install_chromium
install_node_modules
exit 0

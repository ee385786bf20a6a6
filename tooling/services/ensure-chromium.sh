#!/usr/bin/env bash
# Makes sure a Chromium that playwright-core can drive is installed, for the worker's dashboard
# test. It comes from Debian's `chromium` package: Playwright's own browser download cannot be
# fetched on the project's machines. CHROMIUM_PATH names another binary (the tests read it too).
set -euo pipefail

log() { printf '[services] %s\n' "$*"; }

chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    log "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
    exit 1
  fi
  log "installing chromium"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# A browser that cannot start (a missing library) fails here with its own message, not in a test.
# (Debian's wrapper script also prints a harmless complaint about its memory check: not shown.)
if ! version=$("$chromium_path" --headless --no-sandbox --disable-gpu --version 2>/tmp/yg-chromium-check.log); then
  cat /tmp/yg-chromium-check.log >&2
  exit 1
fi
log "chromium present: $version"

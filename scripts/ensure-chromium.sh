#!/usr/bin/env bash
# The e2e journeys run in Debian's Chromium (Playwright cannot download browsers on these machines).
# `npm test` calls this first: it installs Chromium when it is missing and that is possible (root with
# apt), and otherwise stops before the suite with one line saying what to install.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0

if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "npm test: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable; point it at Chromium or unset it." >&2
  exit 1
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "npm test: Chromium is missing; installing Debian's chromium package for the e2e journeys..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$browser" ] && exit 0
fi
echo "npm test: the e2e journeys need Chromium at $browser: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH." >&2
exit 1

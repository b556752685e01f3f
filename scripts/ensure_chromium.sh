#!/usr/bin/env bash
# The browser tests drive Debian's chromium (Playwright cannot download its own browser here).
# Installs it when absent and we can; otherwise the e2e tests skip and say why.
set -uo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[massar] installing chromium for the browser tests (Debian package)"
    if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/tmp/massar-chromium.log 2>&1; then
        exit 0
    fi
    echo "[massar] chromium could not be installed (see /tmp/massar-chromium.log); browser tests will be skipped" >&2
else
    echo "[massar] no /usr/bin/chromium and no root to install it; browser tests will be skipped" >&2
fi
exit 0

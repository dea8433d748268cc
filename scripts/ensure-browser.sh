#!/usr/bin/env sh
# Make headless Chromium available for the built-site browser test (tests/dossier).
# Idempotent: does nothing when /usr/bin/chromium exists; installs it with apt when run as
# root; otherwise explains why it is skipped (the test then skips with a clear reason).
set -eu
if [ -x /usr/bin/chromium ]; then
    echo "ensure-browser: /usr/bin/chromium present ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "ensure-browser: skipped - /usr/bin/chromium is missing and we are not root (install the 'chromium' package to run the browser test)"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-browser: skipped - /usr/bin/chromium is missing and apt-get is not available"
    exit 0
fi
echo "ensure-browser: installing chromium with apt-get"
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
    echo "ensure-browser: WARNING - apt-get could not install chromium; the browser test will skip"
    exit 0
fi
echo "ensure-browser: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium installed')"

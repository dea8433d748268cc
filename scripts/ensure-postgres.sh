#!/usr/bin/env sh
# Make PostgreSQL's server binaries available for the portal's tests and benchmark (tests/portal,
# bench/portal.py), which start a throwaway cluster of their own (scripts/pgcluster.py).
# Idempotent: does nothing when initdb is found; installs Debian's `postgresql` package with apt
# when run as root; otherwise explains why the PostgreSQL half of the portal's tests is skipped.
# No cluster is created or started here, and Debian's own cluster is left stopped.
set -eu
found() {
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}
if dir=$(found); then
    echo "ensure-postgres: PostgreSQL server binaries in $dir"
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "ensure-postgres: skipped - PostgreSQL is not installed and we are not root (install the 'postgresql' package to run the portal's PostgreSQL tests)"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-postgres: skipped - PostgreSQL is missing and apt-get is not available"
    exit 0
fi
echo "ensure-postgres: installing postgresql with apt-get"
# Keep Debian from starting its own cluster: the tests run theirs in a temporary directory.
policy=/usr/sbin/policy-rc.d
made_policy=no
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && made_policy=yes
fi
status=0
{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } || status=$?
[ "$made_policy" = yes ] && rm -f "$policy"
if [ "$status" != 0 ]; then
    echo "ensure-postgres: WARNING - apt-get could not install postgresql; the PostgreSQL tests will skip"
    exit 0
fi
echo "ensure-postgres: PostgreSQL server binaries in $(found)"

#!/bin/sh
# Installs the Debian packages that the build, the tests and the demo need.
# --check: only list what is missing (exit 1 when something is).
set -eu

PKGS="gcc make pkg-config
libsnmp-dev libpcap-dev libxml2-dev libxml2-utils libssh-dev libsqlite3-dev libpcre2-dev libssl-dev
libcmocka-dev
snmpd snmp snmpsim onesixtyone openssh-server openssh-client
sqlite3 procps iproute2 tcpdump ieee-data nftables bzip2 python3 python3-jsonschema ca-certificates
chromium groff-base bc time"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi
if [ "${1:-}" = "--check" ]; then
    echo "netloom: missing Debian packages:$missing"
    exit 1
fi
if [ "$(id -u)" != 0 ]; then
    echo "netloom: missing Debian packages:$missing" >&2
    echo "netloom: run as root:  apt-get install -y$missing" >&2
    exit 1
fi
echo "netloom: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# Package daemons must not start system-wide instances: the lab runs its own.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && created_policy=1
fi
rc=0
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/tmp/netloom-apt.log 2>&1 || {
    apt-get update -q >>/tmp/netloom-apt.log 2>&1 || true
    apt-get install -y -q --no-install-recommends $missing >>/tmp/netloom-apt.log 2>&1 || rc=$?
}
[ "$created_policy" = 1 ] && rm -f "$policy"
if [ "$rc" != 0 ]; then
    echo "netloom: apt-get install failed (log: /tmp/netloom-apt.log)" >&2
    tail -n 20 /tmp/netloom-apt.log >&2
    exit 1
fi

#!/bin/bash
# make demo: bring up the lab on loopback, run the main job against it with what netloom
# has built so far, write the reports into ./out/, print a summary, take the lab down.
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

out=$top/out
lab=$(mktemp -d /tmp/netloom-demo.XXXXXX)
cleanup() { tests/lab/lab.sh down "$lab" >/dev/null 2>&1 || true; rm -rf "$lab"; }
trap cleanup EXIT INT TERM

echo "== bringing up the lab (real snmpd, snmpsimd and sshd on loopback)"
tests/lab/lab.sh up "$lab" >"$lab.up.log" 2>&1 || { cat "$lab.up.log"; rm -f "$lab.up.log"; exit 1; }
rm -f "$lab.up.log"
# shellcheck disable=SC1091
. "$lab/lab.env"

mkdir -p "$out"
db=$out/netloom.db
rm -f "$db" "$db-wal" "$db-shm"

# The credentials file holds the lab's secrets: private to us, as netloom demands.
creds=$lab/credentials.xml
( umask 077; cat > "$creds" <<XML
<?xml version="1.0"?>
<credentials>
  <snmp name="lab-public" version="2c"><community>public</community></snmp>
  <snmp name="lab-linux" version="2c"><community>$LAB_SNMP_COMMUNITY</community></snmp>
  <snmp name="lab-recording" version="2c"><community>${LAB_SNMPSIM_COMMUNITIES%% *}</community>
    <match address="$LAB_SNMPSIM"/></snmp>
  <snmp name="lab-v3" version="3">
    <user>$LAB_SNMP_V3_USER</user>
    <auth protocol="SHA">$LAB_SNMP_V3_AUTHPASS</auth>
    <priv protocol="AES-128">$LAB_SNMP_V3_PRIVPASS</priv>
  </snmp>
  <ssh name="lab-ssh"><user>$LAB_SSH_USER</user><key file="$LAB_SSH_KEY"/></ssh>
</credentials>
XML
)

# Record the demo's own management traffic on loopback, as a passive sensor would see it.
pcap=$out/lab-traffic.pcap
tcpdump -i lo -U -Z root -w "$pcap" "udp port 161 and net ${LAB_NET}.0.0/16" >/dev/null 2>&1 &
tcpdump_pid=$!
sleep 1

echo "== scan: SNMP discovery of ${LAB_NET}.1.0/24 and ${LAB_NET}.2.1 (snmpsimd)"
"$bin" --db "$db" scan --credentials "$creds" --timeout 500 \
    "${LAB_NET}.1.0/24" "$LAB_SNMPSIM" 2>"$out/scan.log" || { cat "$out/scan.log"; exit 1; }

echo "== scan --ssh-only: capture the configuration of ${LAB_NET}.3.1-5 (Linux, IOS, Junos, EOS, NX-OS)"
"$bin" --db "$db" scan --ssh-only --credentials "$creds" --known-hosts "$LAB_KNOWN_HOSTS" \
    --ssh-port "$LAB_SSH_PORT" "${LAB_NET}.3.1-5" 2>>"$out/scan.log" || {
    rc=$?; cat "$out/scan.log"; [ "$rc" = 2 ] || exit 1; }

sleep 0.5
kill "$tcpdump_pid" 2>/dev/null || true
wait "$tcpdump_pid" 2>/dev/null || true
echo "== listen --read: what a passive sensor learned from that traffic"
"$bin" --db "$db" listen --read "$pcap" >"$out/listen.txt" 2>>"$out/scan.log" || {
    cat "$out/scan.log"; exit 1; }

echo "== writing reports"
"$bin" --db "$db" devices >"$out/devices.txt"
"$bin" --db "$db" devices --json >"$out/devices.json"
"$bin" --db "$db" scans >"$out/scans.txt"
"$bin" --db "$db" db check >/dev/null

echo
cat "$out/scan.log"
echo
cat "$out/devices.txt"
echo
n=$(grep -c '^{' "$out/devices.json" || true)
echo "netloom demo: $n devices discovered and stored in $db"
grep -i 'cleartext' "$out/listen.txt" | head -5 || true
echo "reports: $out/devices.txt, $out/devices.json, $out/scans.txt, $out/scan.log, $out/listen.txt"
for stage in audit report assets; do
    if "$bin" "$stage" --help | grep -q 'Not built yet'; then
        echo "not built yet: netloom $stage (see README.md)"
    fi
done

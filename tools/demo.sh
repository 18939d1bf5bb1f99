#!/bin/bash
# make demo: bring up the lab on loopback, run the main job against it with what netloom
# has built so far, write the reports into ./out/, print a summary, take the lab down.
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

out=$top/out
lab=$(mktemp -d /tmp/netloom-demo.XXXXXX)
tcpdump_pid=
cleanup() {
    if [ -n "$tcpdump_pid" ]; then kill "$tcpdump_pid" 2>/dev/null || true; fi
    tests/lab/lab.sh down "$lab" >/dev/null 2>&1 || true; rm -rf "$lab"
}
trap cleanup EXIT INT TERM

# A demo that was killed before its cleanup left its lab running: take such labs down first.
for old in /tmp/netloom-demo.*; do
    [ "$old" != "$lab" ] && [ -d "$old/snmp" ] && tests/lab/lab.sh down "$old" >/dev/null 2>&1 && rm -rf "$old"
done
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

# A small asset register for the lab devices, and one accepted exception.
cat > "$out/assets.csv" <<CSV
Asset Tag,Asset Name,Serial,Model,Checked Out To,Department,Location,Cost,Warranty Expires,Status
LAB-001,ios-sw1,$LAB_SNMP_PUBLIC_SERIAL,$LAB_SNMP_PUBLIC_MODEL,Alice Martin,Network,"Paris, DC1",2400.00,2027-06-30,Deployed
LAB-002,eos-sw1,$LAB_SNMP_EOS_SERIAL,$LAB_SNMP_EOS_MODEL,Bob Chen,Network,Lyon,9100.00,2020-01-31,Deployed
LAB-003,$LAB_SSH_IOS_HOSTNAME,,,Alice Martin,Network,"Paris, DC1",1800.00,2026-12-31,Deployed
LAB-004,mx-core1,,MX960,Carol Diaz,WAN,Lyon,52000.00,2030-01-01,Deployed
CSV
cat > "$out/waivers.xml" <<'XML'
<?xml version="1.0"?>
<waivers>
  <waiver id="DEMO-1" rule="snmp-v3-only" expires="2099-12-31">
    <reason>SNMPv3 rollout planned; v2c read-only from the NMS only</reason>
    <approver>security team</approver>
  </waiver>
</waivers>
XML
sign_key=$lab/evidence-key
ssh-keygen -q -t ed25519 -N '' -C netloom-demo -f "$sign_key"
echo "netloom-demo $(cat "$sign_key.pub")" > "$out/allowed_signers"

job=$out/lab-job.xml
cat > "$job" <<XML
<?xml version="1.0"?>
<job name="lab-demo">
  <store>$db</store>
  <credentials>$creds</credentials>
  <scan>
    <snmp timeout="500"><target>${LAB_NET}.1.0/24</target><target>$LAB_SNMPSIM</target></snmp>
    <ssh port="$LAB_SSH_PORT" known-hosts="$LAB_KNOWN_HOSTS"><target>${LAB_NET}.3.1-5</target></ssh>
  </scan>
  <assets import="$out/assets.csv"/>
  <audit><waivers>$out/waivers.xml</waivers></audit>
  <outputs dir="$out/job">
    <report format="html"/><report format="json"/><report format="text"/>
    <drift/>
    <evidence sign="$sign_key"/>
  </outputs>
  <retention keep-scans="10"/>
</job>
XML
rm -rf "$out/job"

echo "== netloom run --job $job"
echo "   (SNMP discovery of ${LAB_NET}.1.0/24 and snmpsimd, SSH capture of ${LAB_NET}.3.1-5,"
echo "    asset import + reconciliation, audit with a waiver, drift, reports, signed evidence)"
set +e
NETLOOM_LOG_STDERR=1 "$bin" run --job "$job" >"$out/run.txt" 2>"$out/scan.log"
run_rc=$?
set -e
if [ "$run_rc" = 1 ]; then cat "$out/scan.log" "$out/run.txt"; exit 1; fi

# Stop the recorder first: a capture file still being written ends in a partial record.
kill "$tcpdump_pid" 2>/dev/null || true
wait "$tcpdump_pid" 2>/dev/null || true
echo "== listen --read: what a passive sensor learned from that traffic"
"$bin" --db "$db" listen --read "$pcap" >"$out/listen.txt" 2>>"$out/scan.log" || {
    cat "$out/scan.log"; exit 1; }

echo "== writing listings"
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
latest=$out/job/latest
for r in "$out"/job/scan-*/report.txt; do
    echo
    sed -n '1,/^$/p' "$r"
    sed -n '/^compliance by owner/,/^$/p' "$r"
done
sed -n '/^reconciliation/,$p' "$latest/report.txt"
echo
ev=$(readlink -f "$latest/evidence")
( cd "$ev" && sha256sum -c --quiet SHA256SUMS ) && echo "evidence manifest verifies: sha256sum -c SHA256SUMS in $ev"
ssh-keygen -Y verify -f "$out/allowed_signers" -I netloom-demo -n netloom-evidence \
    -s "$ev/SHA256SUMS.sig" < "$ev/SHA256SUMS"
echo
echo "netloom run exit status: $run_rc (0 compliant, 2 findings, 1 error)"
echo "what the job wrote:"
sed 's/^/  /' "$out/run.txt"
echo "also: $out/devices.txt, $out/devices.json, $out/scans.txt, $out/scan.log, $out/listen.txt"
echo "job file: $job (asset register $out/assets.csv, waivers $out/waivers.xml)"

#!/bin/bash
# netloom drift against real scans: our own snmpd agents change between scans (OS version in
# sysDescr, a device added, one gone), and drift shows exactly those changes; golden pins.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_snmpd.sh"
cd "$T_TMP"

net=${NETLOOM_DRIFT_NET:-127.151}
a1=$net.0.1
a2=$net.0.2
creds=$T_TMP/creds.xml
snmpd_creds "$creds"
db=$T_TMP/drift.db
nl() { "$NETLOOM" --db "$db" "$@"; }
scan() { nl scan --credentials "$creds" --timeout 300 --retries 1 "$@" >/dev/null 2>&1; }

old_descr=$'Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(4)M3, RELEASE SOFTWARE (fc2)\r\nTechnical Support: http://www.cisco.com/techsupport'
new_descr=${old_descr/15.2(4)M3/15.9(3)M7}

t_ok "agent 1 starts" snmpd_start one "$a1" drift-sw1.test "$old_descr" FOCDRIFT001
t_ok "first scan" scan "$a1"
out=$(nl drift 2>&1); rc=$?
t_is "one scan only: no drift, exit 0" "$rc" 0
t_match "...and says there is no earlier scan" "$out" "no earlier scan"

sleep 1.1
t_ok "second scan, nothing changed" scan "$a1"
out=$(nl drift 2>&1); rc=$?
t_is "unchanged device (uptime moved): exit 0" "$rc" 0
t_match "...one pair compared, nothing changed" "$out" "1 compared, 0 changed, 0 appeared, 0 vanished"
before_upgrade=$(date +%s)
sleep 1.1

# The "upgrade": the agent restarts reporting a new OS version; a second device appears.
snmpd_stop one
t_ok "agent 1 restarts with a new version" snmpd_start one "$a1" drift-sw1.test "$new_descr" FOCDRIFT001
t_ok "agent 2 starts" snmpd_start two "$a2" drift-sw2.test "$old_descr" FOCDRIFT002
t_ok "third scan" scan "$a1" "$a2"
out=$(nl drift --color never 2>&1); rc=$?
t_is "drift found: exit 2" "$rc" 2
t_match "scan 3 against scan 2" "$out" "^drift: scan 3 against scan 2"
t_match "the OS version change" "$out" '^    os\.version 15\.2\(4\)M3 -> 15\.9\(3\)M7$'
t_match "the sysDescr change" "$out" 'sys\.descr .*Version 15\.2\(4\)M3.* -> .*Version 15\.9\(3\)M7'
t_match "the snmp-walk diff hunk" "$out" '^    @@ -[0-9]+(,[0-9]+)? \+[0-9]+(,[0-9]+)? @@'
t_match "...removes the old sysDescr line" "$out" '^    -1\.3\.6\.1\.2\.1\.1\.1\.0 = STRING: .*15\.2\(4\)M3'
t_match "...adds the new one" "$out" '^    \+1\.3\.6\.1\.2\.1\.1\.1\.0 = STRING: .*15\.9\(3\)M7'
t_nomatch "uptime is not drift (fact)" "$out" 'sys\.uptime'
t_nomatch "uptime is not drift (walk)" "$out" '^    [-+]1\.3\.6\.1\.2\.1\.1\.3\.0 '
t_nomatch "engine time/boots are not drift" "$out" '^    [-+]1\.3\.6\.1\.6\.3\.10\.2\.1\.[23]\.0 '
t_match "device 2 appeared" "$out" '^appeared:$'
t_match "...by name" "$out" 'device 2 drift-sw2\.test \('"$a2"
t_nomatch "the community never shows" "$out" "$SNMPD_COMMUNITY"
t_nomatch "no colour when not a terminal" "$out" $'\033\\['
changed=$(printf '%s\n' "$out" | grep -cE '^    [-+][0-9]')
t_is "exactly one walk line removed and one added" "$changed" 2

js=$(nl drift --json 2>/dev/null)
t_ok "JSON parses" python3 -c 'import json,sys; json.loads(sys.argv[1])' "$js"
t_is "JSON: schema, version, summary" "$(python3 -c '
import json,sys; d=json.loads(sys.argv[1]); s=d["summary"]
print(d["schema"], d["version"], d["scan"], d["against_scan"], s["changed"], s["appeared"], s["vanished"])' "$js")" \
    "netloom-drift 1 3 2 1 1 0"
t_is "JSON: the fact change" "$(python3 -c '
import json,sys; d=json.loads(sys.argv[1])
print([ (f["old"], f["new"]) for f in d["devices"][0]["facts"] if f["key"]=="os.version"][0])' "$js")" \
    "('15.2(4)M3', '15.9(3)M7')"
t_is "JSON: snmp-walk +1 -1" "$(python3 -c '
import json,sys; d=json.loads(sys.argv[1]); a=d["devices"][0]["artifacts"][0]
print(a["name"], a["added"], a["removed"], a["diff"].count("\n-1.3.6"), a["diff"].count("\n+1.3.6"))' "$js")" \
    "snmp-walk 1 1 1 1"

out=$(nl drift --no-diff --color never 2>&1)
t_nomatch "--no-diff keeps counts, drops hunks" "$out" '@@'
t_match "...with the counts" "$out" 'snmp-walk changed, \+1 -1 lines'

# --since: against the state before the upgrade.
out=$(nl drift --since "@$before_upgrade" --color never 2>&1); rc=$?
t_is "--since before the upgrade: exit 2" "$rc" 2
t_match "...shows the version change" "$out" 'os\.version 15\.2\(4\)M3 -> 15\.9\(3\)M7'
t_match "...and device 2 as appeared since" "$out" 'appeared:'
t_rc "--since now: nothing changed since" 0 nl drift --since "@$(($(date +%s) + 5))"
t_rc "a bad date is an error" 1 nl drift --since 2026-13-45

# Golden pins: pin device 1 at its first snapshot; drift from it lasts until the pin moves.
t_ok "pin device 1 at snapshot 1" nl drift pin 1 1
t_match "pins lists it" "$(nl drift pins)" '^device 1 snmp snapshot 1 '
sleep 1.1
snmpd_stop two
before_scan4=$(date +%s)
sleep 1.1
t_ok "fourth scan (device 2 gone)" scan "$a1"
out=$(nl drift --since "@$before_scan4" --color never 2>&1); rc=$?
t_is "--since before scan 4: device 2 vanished since, exit 2" "$rc" 2
t_match "...listed as vanished" "$out" '^vanished:$'
t_match "...device 1 unchanged since" "$out" '0 changed, 0 appeared, 1 vanished'
out=$(nl drift --color never 2>&1); rc=$?
t_is "scan 4 vs 3: device 2 vanished, exit 2" "$rc" 2
t_match "...listed as vanished" "$out" '^vanished:'
t_match "...device 1 did not change since scan 3" "$out" '1 compared, 0 changed'
out=$(nl drift --against golden --color never 2>&1); rc=$?
t_is "golden: drift from the pin still reported, exit 2" "$rc" 2
t_match "...the version change from the pin" "$out" 'os\.version 15\.2\(4\)M3 -> 15\.9\(3\)M7'
t_match "...measured from snapshot 1" "$out" '^  snapshot 1 \(scan 1, .*\) -> snapshot 5 '
t_ok "the pin moves to the latest" nl drift pin drift-sw1.test
t_rc "golden after the pin moved: exit 0" 0 nl drift --against golden
out=$(nl drift --against 1 --device 1 --color never 2>&1); rc=$?
t_is "--against SNAPSHOT: exit 2" "$rc" 2
t_match "...from that snapshot" "$out" 'os\.version 15\.2\(4\)M3 -> 15\.9\(3\)M7'
t_rc "--scan 3 re-computes the upgrade drift" 2 nl drift --scan 3
t_is "--scan 3 output is stable" "$(nl drift --scan 3 --json)" "$(nl drift --scan 3 --json)"
t_rc "--scan 2: no drift then" 0 nl drift --scan 2
t_rc "--device unknown is an error" 1 nl drift --device no-such-device
t_ok "unpin" nl drift unpin 1
t_is "...no pins left" "$(nl drift pins)" ""
t_rc "golden with no pins: nothing to report" 0 nl drift --against golden
t_rc "--since and --against together is an error" 1 nl drift --since 2026-01-01 --against golden

t_done

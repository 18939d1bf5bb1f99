#!/bin/bash
# The report beside the asset register, on a store built by real scans of the lab (snmpd
# agents and an emulated IOS over SSH), a real audit with a waiver, a CSV register imported
# by netloom and a real reconciliation: owner/department/location/cost/warranty beside each
# device, compliance per owner and department, waived findings with their expiry,
# reconciliation findings, and the --owner/--department/--device/--severity views; a past
# scan renders byte for byte after the register changed.
. "$(dirname "$0")/../lib.sh"
t_need_lab
cd "$T_TMP"
db=$T_TMP/ra.db
nl() { "$NETLOOM" --db "$db" "$@"; }
( umask 077; cat > creds.xml <<XML
<?xml version="1.0"?>
<credentials>
  <snmp name="lab-public" version="2c"><community>public</community></snmp>
  <ssh name="lab-ssh"><user>$LAB_SSH_USER</user><key file="$LAB_SSH_KEY"/></ssh>
</credentials>
XML
)
t_ok "SNMP scan of two lab agents" nl scan --credentials creds.xml --timeout 500 \
    "$LAB_SNMP_PUBLIC" "$LAB_SNMP_EOS"
cat > waivers.xml <<'X'
<?xml version="1.0"?>
<waivers>
  <waiver id="W-1" rule="snmp-v3-only" expires="2099-12-31">
    <reason>v3 rollout</reason><approver>CISO</approver>
  </waiver>
</waivers>
X
cat > assets.csv <<C
Asset Tag,Asset Name,Serial,Model,Checked Out To,Department,Location,Cost,Warranty Expires,Status
LAB-001,ios-sw1,$LAB_SNMP_PUBLIC_SERIAL,$LAB_SNMP_PUBLIC_MODEL,Alice,Network,"Paris, DC1",2400.00,2027-06-30,Deployed
LAB-002,eos-sw1,$LAB_SNMP_EOS_SERIAL,$LAB_SNMP_EOS_MODEL,Bob,Network,Lyon,9100.00,2020-01-31,Deployed
LAB-003,ghost,NOSUCHSERIAL,MX960,Carol,WAN,Lyon,50000,2030-01-01,Deployed
C
t_ok "assets import" nl assets import assets.csv
t_rc "assets reconcile (findings: exit 2)" 2 nl assets reconcile
t_rc "audit with a waiver (some rule fails: exit 2)" 2 nl audit --waivers waivers.xml

for f in text html json csv junit; do
    t_rc "report --format $f: exit 2" 2 nl report --format "$f" --out "r.$f"
done
t_is "JSON: asset beside each device" "$(python3 - r.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for x in sorted(d["devices"], key=lambda x: x["asset"]["tag"]):
    a = x["asset"]
    print(x["serial"], a["tag"], a["owner"], a["department"], a["location"], a["cost"],
          a["warranty_end"], a["matched_on"])
PY
)" "$LAB_SNMP_PUBLIC_SERIAL LAB-001 Alice Network Paris, DC1 2400.00 2027-06-30 serial
$LAB_SNMP_EOS_SERIAL LAB-002 Bob Network Lyon 9100.00 2020-01-31 serial"
t_is "JSON: compliance per owner and per department" "$(python3 - r.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for g in d["owners"] + d["departments"]:
    print(g["name"], g["devices"], g["waived"], g["pass"] + g["fail"] + g["other"] > 0)
PY
)" "Alice 1 1 True
Bob 1 1 True
Network 2 2 True"
t_is "JSON: waived verdicts carry their expiry" "$(python3 - r.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(sorted({(r["rule"], r["waived_until"]) for x in d["devices"] for r in x["results"]
              if r["status"] == "waived"}))
PY
)" "[('snmp-v3-only', '2099-12-31')]"
t_is "JSON: reconciliation findings" "$(python3 - r.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(sorted((f["kind"], f["tag"]) for f in d["reconciliation"]))
PY
)" "[('missing', 'LAB-003'), ('warranty-ended', 'LAB-002')]"
t_match "text: owner and warranty columns" "$(cat r.text)" "Alice +Network +2027-06-30"
t_match "text: waived with expiry" "$(cat r.text)" "waived high +snmp-agent snmp-v3-only \(until 2099-12-31\)"
t_match "HTML: owners table" "$(cat r.html)" '<table id="owners" class="sortable">'
t_match "HTML: chart by owner" "$(cat r.html)" '<svg role="img" aria-label="compliance by owner"'
t_match "HTML: waived until" "$(cat r.html)" '<td>snmp-v3-only</td><td>high</td><td>2099-12-31</td>'
t_match "HTML: the missing asset" "$(cat r.html)" '<td>missing</td><td>LAB-003</td>'
t_is "CSV: owner and waived_until columns re-read" "$(python3 -c '
import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline="")))
print(sorted({(x["owner"], x["waived_until"]) for x in r if x["status"] == "waived"}))' r.csv)" \
    "[('Alice', '2099-12-31'), ('Bob', '2099-12-31')]"
t_match "JUnit: skipped says until when" "$(cat r.junit)" '<skipped message="waived until 2099-12-31"'

# Views
nl report --format json --owner alice --out alice.json; rc=$?
t_is "--owner alice (case-insensitive): exit 2 (her switch fails a rule)" "$rc" 2
t_is "...only Alice's device, no finding about others" "$(python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
print([x["asset"]["tag"] for x in d["devices"]], d["view"]["owner"], len(d["reconciliation"]))' alice.json)" \
    "['LAB-001'] alice 0"
nl report --format json --owner carol --out carol.json; rc=$?
t_is "--owner carol: no device, but her missing asset" "$rc:$(python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
print(len(d["devices"]), [f["tag"] for f in d["reconciliation"]])' carol.json)" "0:0 ['LAB-003']"
t_match "HTML names the view (escaped)" "$(nl report --format html --owner '<b>alice' --severity high+)" \
    '<p class="view">View: owner &lt;b&gt;alice severity high\+</p>'
t_is "--department network: both switches" "$(nl report --format json --department Network |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["devices"])')" 2
t_is "--device NAME" "$(nl report --format json --device "$LAB_SNMP_EOS_SYSNAME" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print([x["serial"] for x in d["devices"]])')" \
    "['$LAB_SNMP_EOS_SERIAL']"
nl report --format json --severity critical+ --out crit.json; rc=$?
t_is "--severity critical+: nothing critical fails: exit 0" "$rc" 0
t_is "...and no verdict below critical is shown" "$(python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
print({r["severity"] for x in d["devices"] for r in x["results"]} <= {"critical"}, d["summary"]["fail"])' crit.json)" "True 0"
t_is "--severity high+ keeps high failures" "$(nl report --format json --severity high+ |
    python3 -c 'import json,sys; d=json.load(sys.stdin)
print(d["summary"]["fail"] == d["summary"]["failures_by_severity"]["high"] + d["summary"]["failures_by_severity"]["critical"] > 0)')" True

# A past audit renders byte for byte after the register changed: the register is frozen
# for a scan by its audit (inventory/scanreg.c), not read as it is at render time.
scan1=$(sqlite3 "$db" 'SELECT max(scan_id) FROM snapshots')
for f in text html json csv junit; do
    nl report --scan "$scan1" --format "$f" --out "past.$f" >/dev/null 2>&1
done
nl report --scan "$scan1" --format json --owner alice --out past-alice.json >/dev/null 2>&1
sed -e 's/,Alice,/,Dave,/' -e 's/,2020-01-31,/,2031-03-31,/' -e '/^LAB-003,/d' assets.csv > assets2.csv
t_ok "the register changes: Alice's switch goes to Dave, Bob's warranty is extended" \
    nl assets import assets2.csv
nl assets reconcile >/dev/null 2>&1
t_is "...the register holds it" "$(sqlite3 "$db" "SELECT owner || ' ' || (SELECT warranty_end FROM assets WHERE tag = 'LAB-002') FROM assets WHERE tag = 'LAB-001'")" "Dave 2031-03-31"
for f in text html json csv junit; do
    nl report --scan "$scan1" --format "$f" --out "again.$f" >/dev/null 2>&1
    t_ok "report --scan $scan1 --format $f: byte for byte after the register changed" \
        cmp "past.$f" "again.$f"
done
nl report --scan "$scan1" --format json --owner alice --out again-alice.json >/dev/null 2>&1
t_ok "...and the --owner view of the past owner too" cmp past-alice.json again-alice.json
t_match "the past report still names Alice and the ended warranty" "$(cat again.text)" "Alice +Network"
t_ok "SNMP scan after the change" nl scan --credentials creds.xml --timeout 500 \
    "$LAB_SNMP_PUBLIC" "$LAB_SNMP_EOS"
t_rc "audit of the new scan" 2 nl audit --waivers waivers.xml
nl report --format json --out new.json >/dev/null 2>&1
t_is "the latest scan shows the new owner and warranty, and no ended warranty any more" \
    "$(python3 - new.json "$scan1" <<'PY2'
import json, sys
d = json.load(open(sys.argv[1]))
print(d["scan"]["id"] > int(sys.argv[2]),
      sorted((x["asset"]["tag"], x["asset"]["owner"], x["asset"]["warranty_end"]) for x in d["devices"]),
      [f["kind"] for f in d["reconciliation"]])
PY2
)" "True [('LAB-001', 'Dave', '2027-06-30'), ('LAB-002', 'Bob', '2031-03-31')] ['missing']"
nl report --format text --out new.text >/dev/null 2>&1
t_match "...in text too" "$(cat new.text)" "Dave +Network"
for f in text html json csv junit; do
    nl report --scan "$scan1" --format "$f" --out "third.$f" >/dev/null 2>&1
    t_ok "report --scan $scan1 --format $f: still byte for byte after a later scan and audit" \
        cmp "past.$f" "third.$f"
done
t_ok "the store is consistent" nl db check

t_rc "--severity bogus is an error" 1 nl report --severity urgent
t_rc "--device unknown is an error" 1 nl report --device no-such-device
t_done

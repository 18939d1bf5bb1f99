#!/bin/bash
# Every JSON document netloom writes has a "schema" member: the report, drift and evidence
# documents, and every --json command output (scan, audit, scans, devices, impact, assets,
# reconcile, licences, owner; most of them JSON lines). Each is produced from real lab scans
# and audits -- snmpd agents, an asset register with a reconciliation, licences against the
# Linux agent's software list, an emulated IOS over SSH whose configuration changes between
# two scans, a waiver -- and validated against docs/schema/*.schema.json with
# python3-jsonschema (tools/json-schema-check.py); broken copies of each kind are rejected,
# so the check can fail.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_emu.sh"
t_need_lab
cd "$T_TMP"
check=$NETLOOM_TOP/tools/json-schema-check.py
if ! /usr/bin/python3 -c "import jsonschema" 2>/dev/null; then
    t_failed "python3-jsonschema is installed (tools/deps.sh)"; t_done
fi
for s in "$NETLOOM_TOP"/docs/schema/*.schema.json; do
    t_ok "$(basename "$s") is a valid draft 2020-12 schema" /usr/bin/python3 -c '
import json, sys, jsonschema
jsonschema.Draft202012Validator.check_schema(json.load(open(sys.argv[1])))' "$s"
done

# Our own sshd with the IOS emulator serving a copy of the corpus that this test edits.
dev=$LAB_NET.9.42
emu_ios_start "$dev"

db=$T_TMP/js.db
nl() { "$NETLOOM" --db "$db" "$@"; }
( umask 077; cat > creds.xml <<XML
<?xml version="1.0"?>
<credentials>
  <snmp name="lab-public" version="2c"><community>public</community></snmp>
  <ssh name="lab-ssh" port="$port"><user>$LAB_SSH_USER</user><key file="$LAB_SSH_KEY"/></ssh>
</credentials>
XML
)
cat > waivers.xml <<'X'
<?xml version="1.0"?>
<waivers>
  <waiver id="W-1" rule="snmp-v3-only" expires="2099-12-31"><reason>v3 rollout</reason><approver>CISO</approver></waiver>
</waivers>
X
cat > assets.csv <<C
Asset Tag,Asset Name,Serial,Model,Checked Out To,Department,Location,Cost,Warranty Expires,Status
LAB-001,ios-sw1,$LAB_SNMP_PUBLIC_SERIAL,$LAB_SNMP_PUBLIC_MODEL,Alice,Network,"Paris, DC1",2400.00,2027-06-30,Deployed
LAB-002,eos-sw1,$LAB_SNMP_EOS_SERIAL,$LAB_SNMP_EOS_MODEL,Bob,Network,Lyon,9100.00,2020-01-31,Deployed
LAB-003,ghost,NOSUCHSERIAL,MX960,Carol,WAN,Lyon,50000,2030-01-01,Deployed
C

nl report --format json --out empty.json >/dev/null 2>&1
t_ok "an empty store: report written" test -s empty.json
audit() { nl audit --waivers waivers.xml >/dev/null 2>&1; [ $? -ne 1 ]; }
t_ok "scan 1: SNMP scan of two lab agents" nl scan --credentials creds.xml --timeout 500 \
    "$LAB_SNMP_PUBLIC" "$LAB_SNMP_EOS"
t_ok "scan 2: SSH capture of the emulated IOS" nl scan --ssh-only --credentials creds.xml \
    --known-hosts "$kh" "$dev"
t_ok "assets import" nl assets import assets.csv
t_rc "assets reconcile (findings: exit 2)" 2 nl assets reconcile
t_ok "audit with a waiver" audit
nl drift pin "$dev" >/dev/null 2>&1
sleep 1.1
since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1.1
sed -i 's/^end$/ip http server\nservice password-encryption\nend/' "$cfg"
t_ok "scan 3: SNMP scan of one agent (the other vanishes)" nl scan --credentials creds.xml \
    --timeout 500 "$LAB_SNMP_PUBLIC"
t_ok "scan 4: SSH capture of the changed config" nl scan --ssh-only --credentials creds.xml \
    --known-hosts "$kh" "$dev"
t_ok "audit again" audit

# The documents.
for x in "1" "2" "3" "4"; do
    nl report --format json --scan "$x" --out "report-$x.json" >/dev/null 2>&1
done
nl report --format json --owner alice --severity high+ --out report-view.json >/dev/null 2>&1
ios=$(sqlite3 "$db" "SELECT device_id FROM snapshots WHERE source = 'ssh' LIMIT 1")
nl report --format json --device "$ios" --out report-device.json >/dev/null 2>&1
nl drift --json > drift-previous.json 2>/dev/null
nl drift --json --scan 3 > drift-scan3.json 2>/dev/null
nl drift --json --since "$since" > drift-since.json 2>/dev/null
nl drift --json --against golden > drift-golden.json 2>/dev/null
first=$(sqlite3 "$db" "SELECT min(id) FROM snapshots WHERE source = 'ssh'")
nl drift --json --against "$first" > drift-snapshot.json 2>/dev/null
nl evidence --out pkg >/dev/null 2>&1
cp pkg/evidence.json evidence.json 2>/dev/null
docs="empty.json report-1.json report-2.json report-3.json report-4.json report-view.json
report-device.json drift-previous.json drift-scan3.json drift-since.json drift-golden.json
drift-snapshot.json evidence.json"
for f in $docs; do
    t_ok "$f is written and is JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$f"
done

# The documents hold what the schemas constrain (otherwise validation would prove little).
t_is "the documents cover every part of the schemas" "$(python3 - <<'PY'
import json
L = lambda f: json.load(open(f))
r4, r1, e = L("report-4.json"), L("report-1.json"), L("evidence.json")
dp, dg, ds = L("drift-previous.json"), L("drift-golden.json"), L("drift-since.json")
ok = []
ok.append(L("empty.json")["scan"] is None)
ok.append(any(x["asset"] for x in r1["devices"]) and len(r1["reconciliation"]) > 0)
ok.append(any(r["status"] == "waived" and r["waived_until"] for x in r1["devices"] for r in x["results"]))
ok.append(len(r1["owners"]) > 0 and len(r1["departments"]) > 0)
ok.append(len(r4["trend"]) == 4 and len(r4["drift"]["devices"]) > 0)
ok.append(L("report-view.json")["view"]["severity"] == "high+")
ok.append(any(a["diff"] for x in dp["devices"] for a in x["artifacts"]))
ok.append(any(v["kind"] == "regression" and v["first_snapshot"] for x in dp["devices"] for v in x["verdicts"]))
ok.append(any(v["kind"] == "fix" for x in dp["devices"] for v in x["verdicts"]))
ok.append(dg["mode"] == "golden" and ds["mode"] == "since" and ds["since"] is not None)
ok.append(L("drift-snapshot.json")["mode"] == "snapshot")
ok.append(len(L("drift-scan3.json")["vanished"]) > 0)
ok.append(len(e["audit_runs"]) > 0 and len(e["audit_runs"][0]["files"]) > 0 and len(e["snapshots"]) > 0)
print(ok)
PY
)" "[True, True, True, True, True, True, True, True, True, True, True, True, True]"

# Validation against the schemas.
# shellcheck disable=SC2086
out=$(/usr/bin/python3 "$check" $docs 2>&1); rc=$?
t_is "every document validates against its schema" "$rc:$out" "0:"

# Broken copies are rejected, each at the right place.
python3 - <<'PY'
import copy, json
L = lambda f: json.load(open(f))
r, dp, e = L("report-1.json"), L("drift-previous.json"), L("evidence.json")
def put(name, doc):
    json.dump(doc, open("bad-%s.json" % name, "w"))
x = copy.deepcopy(r); x["devices"][0]["results"][0]["status"] = "maybe"; put("status", x)
x = copy.deepcopy(r); del x["devices"][0]["results"][0]["severity"]; put("missing", x)
x = copy.deepcopy(r); x["devices"][0]["results"][0]["severity"] = "urgent"; put("severity", x)
x = copy.deepcopy(r); x["summary"]["extra"] = 1; put("extra", x)
x = copy.deepcopy(r); x["scan"]["id"] = str(x["scan"]["id"]); put("type", x)
x = copy.deepcopy(r); x["scan"]["started"] = "yesterday"; put("time", x)
x = copy.deepcopy(r); x["version"] = 2; put("version", x)
x = copy.deepcopy(r); del x["drift"]; put("nodrift", x)
x = copy.deepcopy(r); x["drift"]["mode"] = "sideways"; put("embedded", x)
x = copy.deepcopy(dp)
v = [v for d in x["devices"] for v in d["verdicts"] if v["kind"] == "regression"][0]
v["new"] = "pass"; put("regression", x)
x = copy.deepcopy(dp)
a = [a for d in x["devices"] for a in d["artifacts"] if a["new_sha256"]][0]
a["new_sha256"] = a["new_sha256"].upper(); put("sha", x)
x = copy.deepcopy(e); x["snapshots"][0]["folder"] = "../../etc"; put("folder", x)
x = copy.deepcopy(e); x["audit_runs"][0]["files"][0]["kind"] = "script"; put("kind", x)
PY
# rejected FILE WHAT WANT: the checker refuses FILE (exit 1) naming the place WANT matches.
rejected() {
    local out rc
    out=$(/usr/bin/python3 "$check" "$1" 2>&1); rc=$?
    t_is "a broken $2 is rejected" "$rc" 1
    t_match "...at the right place" "$out" "$3"
}
for b in status:'devices/0/results/0/status' missing:"'severity' is a required property" \
    severity:'devices/0/results/0/severity' extra:"'extra' was unexpected" type:'scan/id' \
    time:'scan/started' version:'version' nodrift:"'drift' is a required property" \
    embedded:'drift/mode' regression:'verdicts/[0-9]+/new' sha:'new_sha256' \
    folder:'snapshots/0/folder' kind:'files/0/kind'; do
    rejected "bad-${b%%:*}.json" "document (${b%%:*})" "${b#*:}"
done
t_rc "a document of an unknown schema is rejected" 1 /usr/bin/python3 "$check" <(echo '{"schema":"netloom-x","version":1}')

# The command outputs (--json of scan, audit, scans, devices, impact, assets): one document
# per line, each naming its schema. Produced after the documents above (a later scan would
# change them), from the same store plus the Linux agent (its software list, for licences).
( umask 077; cat > creds2.xml <<XML
<?xml version="1.0"?>
<credentials>
  <snmp name="lab-public" version="2c"><community>public</community>
    <match address="$LAB_SNMP_PUBLIC"/></snmp>
  <snmp name="lab-linux" version="2c"><community>$LAB_SNMP_COMMUNITY</community>
    <match address="$LAB_SNMP_V2"/></snmp>
  <ssh name="lab-ssh" port="$port"><user>$LAB_SSH_USER</user><key file="$LAB_SSH_KEY"/></ssh>
</credentials>
XML
)
nl scan --json --credentials creds2.xml --timeout 500 "$LAB_SNMP_PUBLIC" "$LAB_SNMP_V2" \
    > scan-snmp.jsonl 2>/dev/null
nl scan --json --ssh-only --credentials creds2.xml --known-hosts "$kh" "$dev" \
    > scan-ssh.jsonl 2>/dev/null
# a host key nobody vouched for: a line with a status and no snapshot
nl scan --json --ssh-only --credentials creds2.xml --known-hosts /dev/null "$dev" \
    > scan-ssh-refused.jsonl 2>/dev/null
nl assets reconcile --json > reconcile.json 2>/dev/null
nl audit --json --waivers waivers.xml > audit.jsonl 2>/dev/null
nl scans --json > scans.jsonl 2>/dev/null
nl devices --json > devices.jsonl 2>/dev/null
nl impact --json "device:$LAB_SNMP_EOS_SYSNAME" > impact.jsonl 2>/dev/null
nl assets list --json > assets.jsonl 2>/dev/null
nl assets show --json LAB-001 > asset-show.jsonl 2>/dev/null
cat > licences.csv <<CSV
License,Product Key,Seats,Remaining Seats,Expiration Date,Purchase Date,Purchase Cost,Licensed to Name,Manufacturer,Pattern,Department
SNMP agent support,XXXX-SECRET-KEY,0,0,2099-01-01,2024-01-01,\$100.00,Alice,Net-SNMP,snmpd,Network
Shell support,,5,5,$(date -u -d '+10 days' +%F),,,Bob,GNU,re:^bash([_-]|$),IT
Ghost Suite,,20,20,2020-01-01,,,Alice,Ghost,ghost-suite*,Network
CSV
t_ok "licence import" nl assets licence import licences.csv
nl assets licence list --json > licence-list.jsonl 2>/dev/null
nl assets licence show --json 'SNMP agent support' > licence-show.jsonl 2>/dev/null
nl assets licences --json > licences.jsonl 2>/dev/null
nl assets owner --json alice > owner.json 2>/dev/null
nl assets owner --json --department Network > owner-dept.json 2>/dev/null
lines="scan-snmp.jsonl scan-ssh.jsonl scan-ssh-refused.jsonl reconcile.json audit.jsonl
scans.jsonl devices.jsonl impact.jsonl assets.jsonl asset-show.jsonl licence-list.jsonl
licence-show.jsonl licences.jsonl owner.json owner-dept.json"
for f in $lines; do
    t_ok "$f is written, one JSON object a line" python3 -c '
import json, sys
ls = open(sys.argv[1]).read().splitlines()
assert ls and all(isinstance(json.loads(l), dict) for l in ls)' "$f"
done
t_is "the command outputs cover every part of their schemas" "$(python3 - <<'PY'
import json
def L(f):
    return [json.loads(l) for l in open(f)]
ok = []
s = L("scan-snmp.jsonl")
ok.append(len(s) == 2 and all(x["source"] == "snmp" and x["facts"] for x in s))
h = L("scan-ssh.jsonl")[0]
ok.append(h["status"] == "ok" and len(h["artifacts"]) > 0 and h["profile"] is not None)
ok.append(len(h["facts"]["secret.finding"]) == 2)  # a repeated fact is an array
ok.append(L("scan-ssh-refused.jsonl")[0]["status"] == "hostkey-unknown")
r = L("reconcile.json")[0]
ok.append(len(r["links"]) > 0 and len(r["findings"]) > 0)
a = L("audit.jsonl")
ok.append({x["type"] for x in a} == {"result", "summary"} and a[-1]["type"] == "summary")
ok.append({x["status"] for x in a if x["type"] == "result"} >= {"pass", "fail", "waived"})
ok.append(len(L("scans.jsonl")) == 7 and len(L("devices.jsonl")) == 4)
ok.append(len(L("impact.jsonl")) > 0)
ok.append(len(L("assets.jsonl")) == 3 and L("asset-show.jsonl")[0]["tag"] == "LAB-001")
ok.append(len(L("licence-list.jsonl")) == 3 and len(L("licences.jsonl")) == 3)
ok.append(len(L("licence-show.jsonl")[0]["installs"]) > 0)
ok.append({f for x in L("licences.jsonl") for f in x["findings"]} >= {"expiring", "expired"})
o = L("owner.json")[0]
ok.append({x["type"] for x in o["items"]} == {"asset", "licence"} and
          "department" in L("owner-dept.json")[0])
print(ok)
PY
)" "[True, True, True, True, True, True, True, True, True, True, True, True, True, True]"
# shellcheck disable=SC2086
out=$(/usr/bin/python3 "$check" $lines 2>&1); rc=$?
t_is "every line of every command output validates against its schema" "$rc:$out" "0:"

# Broken copies of the command outputs are rejected, each at the right place.
python3 - <<'PY'
import copy, json
def first(f):
    return json.loads(open(f).readline())
def put(name, doc):
    open("bad-%s.jsonl" % name, "w").write(json.dumps(doc) + "\n")
x = first("scan-snmp.jsonl"); del x["facts"]; put("scan", x)
x = first("scan-ssh.jsonl"); x["status"] = "fine"; put("scan-ssh", x)
x = first("audit.jsonl"); x["status"] = "maybe"; put("audit", x)
x = first("scans.jsonl"); x["started"] = "yesterday"; put("scans", x)
x = first("devices.jsonl"); x["id"] = str(x["id"]); put("device", x)
x = first("impact.jsonl"); x["via"] = "telepathy"; put("impact", x)
x = first("asset-show.jsonl"); x["colour"] = "red"; put("asset", x)
x = first("licence-list.jsonl"); x["seats"] = -1; put("licence", x)
x = first("licences.jsonl"); x["findings"] = ["overdue"]; put("licence-usage", x)
x = first("owner.json"); x["items"][0]["action"] = "sell"; put("owner", x)
x = first("reconcile.json"); x["links"][0]["confidence"] = "certain"; put("reconcile", x)
# JSON lines: the bad line is named by its number
ls = open("audit.jsonl").read().splitlines()
x = json.loads(ls[1]); del x["rule"]; ls[1] = json.dumps(x)
open("bad-lines.jsonl", "w").write("\n".join(ls) + "\n")
# a member that repeats (readers would keep one of them)
l = open("scan-ssh.jsonl").readline()
open("bad-repeat.jsonl", "w").write(l.replace('"source":"ssh"', '"source":"ssh","source":"ssh"', 1))
PY
for b in scan:"'facts' is a required property" scan-ssh:'jsonl: status:' \
    audit:'jsonl: status:' scans:'jsonl: started:' device:'jsonl: id:' \
    impact:'jsonl: via:' asset:"'colour' was unexpected" licence:'jsonl: seats:' \
    licence-usage:'findings/0:' owner:'items/0/action:' reconcile:'links/0/confidence:' \
    lines:"jsonl:2: .*'rule' is a required property" repeat:"member 'source' repeats"; do
    rejected "bad-${b%%:*}.jsonl" "command output (${b%%:*})" "${b#*:}"
done
t_rc "an empty output is not a document" 1 /usr/bin/python3 "$check" /dev/null
t_done

#!/bin/bash
# netloom run --job against the lab: one command scans (snmpd agents), captures (emulated IOS
# over SSH), imports and reconciles an asset CSV, audits with waivers, writes drift, reports
# and evidence, prunes old scans; the lock refuses a second run; job files are validated
# (XSD, no DTD/entities, FILE:LINE errors, targets that look like options refused).
. "$(dirname "$0")/../lib.sh"
t_need_lab
cd "$T_TMP"
export NETLOOM_LOG_STDERR=1
( umask 077; cat > creds.xml <<XML
<?xml version="1.0"?>
<credentials>
  <snmp name="lab-public" version="2c"><community>public</community></snmp>
  <ssh name="lab-ssh"><user>$LAB_SSH_USER</user><key file="$LAB_SSH_KEY"/></ssh>
</credentials>
XML
)
cat > waivers.xml <<'X'
<?xml version="1.0"?>
<waivers>
  <waiver id="W-1" rule="snmp-v3-only" expires="2099-12-31"><reason>r</reason><approver>a</approver></waiver>
</waivers>
X
cat > assets.csv <<C
Asset Tag,Asset Name,Serial,Checked Out To,Department,Location,Cost,Warranty Expires
LAB-001,ios-sw1,$LAB_SNMP_PUBLIC_SERIAL,Alice,Network,Paris,2400.00,2027-06-30
C
ssh-keygen -q -t ed25519 -N '' -C auditor -f signkey
mkdir jobs
cat > jobs/lab.xml <<X
<?xml version="1.0"?>
<job name="lab-nightly">
  <store>../lab.db</store>
  <credentials>../creds.xml</credentials>
  <scan>
    <snmp timeout="500" retries="1"><target>$LAB_SNMP_PUBLIC</target><target>$LAB_SNMP_EOS</target></snmp>
    <ssh port="$LAB_SSH_PORT" known-hosts="$LAB_KNOWN_HOSTS"><target>$LAB_SSH_IOS</target></ssh>
  </scan>
  <assets import="../assets.csv" reconcile="true"/>
  <audit><waivers>../waivers.xml</waivers></audit>
  <outputs dir="../out">
    <report format="html"/><report format="json"/><report format="junit"/>
    <drift/>
    <evidence sign="../signkey"/>
  </outputs>
  <retention keep-scans="2"/>
</job>
X
t_ok "--check validates the job" "$NETLOOM" run --job jobs/lab.xml --check
out=$("$NETLOOM" run --job jobs/lab.xml 2>err); rc=$?
t_is "run: exit 2 (rules fail on the lab devices)" "$rc" 2
t_match "stage logs are prefixed with job and stage" "$(cat err)" 'netloom: job lab-nightly: scan: scan 1: 2 addresses, 2 responders'
t_match "...the capture too" "$(cat err)" 'job lab-nightly: capture: scan 2: 1 SSH targets, 1 SSH snapshots stored'
t_match "prints where the reports are" "$out" 'report html of scan 1: jobs/../out/scan-1/report.html'
t_match "...and the evidence" "$out" 'evidence of scan 2: jobs/../out/scan-2/evidence'
t_is "relative paths are relative to the job file" "$(ls out/scan-2)" "evidence
report.html
report.json
report.xml"
t_is "latest points at the last scan" "$(readlink out/latest)" scan-2
t_is "the store holds the asset link and the audit" "$(sqlite3 lab.db "SELECT count(*) FROM asset_links;
    SELECT count(*) > 0 FROM rule_results WHERE status = 'waived'; SELECT count(*) FROM audit_runs")" "1
1
1"
t_is "report of the SNMP scan: Alice's switch with its asset" "$(python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
print([(x["asset"] or {}).get("owner") for x in d["devices"] if x["serial"] == sys.argv[2]])' \
    out/scan-1/report.json "$LAB_SNMP_PUBLIC_SERIAL")" "['Alice']"
t_ok "drift.json is a netloom-drift document" python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); assert d["schema"] == "netloom-drift"' out/drift.json
t_is "the job's JSON outputs validate against docs/schema" "$(/usr/bin/python3 \
    "$NETLOOM_TOP/tools/json-schema-check.py" out/scan-1/report.json out/scan-2/report.json \
    out/drift.json out/scan-2/evidence/evidence.json 2>&1)" ""
t_ok "JUnit parses" python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' out/scan-2/report.xml
t_ok "evidence verifies" bash -c 'cd out/scan-2/evidence && sha256sum -c --quiet SHA256SUMS'
echo "auditor $(cat signkey.pub)" > allowed
t_ok "...and its signature" bash -c \
    'ssh-keygen -Y verify -f allowed -I auditor -n netloom-evidence -s out/scan-2/evidence/SHA256SUMS.sig < out/scan-2/evidence/SHA256SUMS'
t_ok "the lock file names no pid once the run ended" test ! -s out/.netloom-job.lock

# A second run of the same job while one holds the lock: refused with a clear message.
flock out/.netloom-job.lock sleep 3 &
holder=$!
for _ in $(seq 50); do flock -n out/.netloom-job.lock true || break; sleep 0.05; done
err=$("$NETLOOM" run --job jobs/lab.xml 2>&1 >/dev/null); rc=$?
t_is "a run while the lock is held exits 1" "$rc" 1
t_match "...saying the job is already running" "$err" 'job lab-nightly is already running \(holds jobs/../out/.netloom-job.lock\): not starting a second run'
t_is "...and scanned nothing" "$(sqlite3 lab.db 'SELECT count(*) FROM scans')" 2
wait "$holder"

# Retention: after a second run only the newest 2 scans remain.
"$NETLOOM" run --job jobs/lab.xml >/dev/null 2>&1; rc=$?
t_is "second run: exit 2" "$rc" 2
t_is "retention kept the newest 2 scans" "$(sqlite3 lab.db 'SELECT group_concat(id) FROM scans')" "3,4"
t_is "...and no snapshot of a pruned scan" "$(sqlite3 lab.db 'SELECT count(*) FROM snapshots WHERE scan_id < 3')" 0
t_ok "...the store is consistent" "$NETLOOM" --db lab.db db check

# Job files are validated: FILE:LINE, no DTD, no entity, nothing that looks like an option.
printf '<?xml version="1.0"?>\n<job name="x">\n  <outputs dir="o" bogus="1"/>\n</job>\n' > bad1.xml
t_match "schema error with FILE:LINE" "$("$NETLOOM" run --job bad1.xml 2>&1)" '^netloom: bad1.xml:3: .*bogus'
echo "XXE-MARKER" > marker
printf '<?xml version="1.0"?>\n<!DOCTYPE job [<!ENTITY x SYSTEM "file://%s/marker">]>\n<job name="x"><outputs dir="&x;"/></job>\n' "$T_TMP" > xxe.xml
out=$("$NETLOOM" run --job xxe.xml 2>&1); rc=$?
t_is "a DOCTYPE is refused: exit 1" "$rc" 1
t_match "...at its line" "$out" 'xxe.xml:2: DOCTYPE and entity declarations are not allowed'
t_nomatch "...without reading the entity" "$out" XXE-MARKER
printf '<?xml version="1.0"?>\n<job name="x"><credentials>c</credentials><scan><snmp><target>--ssh</target></snmp></scan><outputs dir="o"/></job>\n' > opt.xml
t_rc "a target that looks like an option is refused" 1 "$NETLOOM" run --job opt.xml --check
printf '<?xml version="1.0"?>\n<job name="x"><scan><snmp><target>10.0.0.1</target></snmp></scan><outputs dir="o"/></job>\n' > nocreds.xml
t_match "a scan without credentials is refused" "$("$NETLOOM" run --job nocreds.xml 2>&1)" 'nocreds.xml: an <snmp> scan needs <credentials>'
t_rc "a missing job file" 1 "$NETLOOM" run --job no-such.xml
t_rc "--job is required" 1 "$NETLOOM" run
t_done

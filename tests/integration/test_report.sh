#!/bin/bash
# netloom report from a store built by real scans of our own snmpd, whose sysName is a script
# injection payload: every format is produced and re-read (JSON, CSV, JUnit parsed), the HTML
# is opened in headless Chromium (screenshot; the DOM shows the payload as inert text), and
# --scan ID renders a past scan byte for byte.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_snmpd.sh"
cd "$T_TMP"

net=${NETLOOM_REPORT_NET:-127.152}
a1=$net.0.1
a2=$net.0.2
creds=$T_TMP/creds.xml
snmpd_creds "$creds"
db=$T_TMP/report.db
nl() { "$NETLOOM" --db "$db" "$@"; }
scan() { nl scan --credentials "$creds" --timeout 300 --retries 1 "$@" >/dev/null 2>&1; }

payload='<img src=x onerror="document.title=\x27pwned-img\x27"><script>document.title="pwned-script"</script>'
descr='Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(4)M3, RELEASE SOFTWARE (fc2)'
t_ok "hostile agent starts" snmpd_start evil "$a1" "$payload" "$descr" FOCREPORT01
t_ok "plain agent starts" snmpd_start plain "$a2" "=cmd|' /C calc'!A0" "$descr" FOCREPORT02
t_ok "scan 1" scan "$a1" "$a2"
t_is "the payload is stored as the device name" \
    "$(sqlite3 "$db" "SELECT name FROM devices WHERE serial = 'FOCREPORT01'")" "$payload"

# rule_results of schema v1 (nothing fills them yet): one pass, two fails, evidence hostile.
sqlite3 "$db" "INSERT INTO policies (id, policy_id, version, sha256, title, loaded)
    VALUES (1, 'cis-ios', '1.0', 'abc', 'CIS IOS', 0);
  INSERT INTO rule_results (snapshot_id, policy, rule_id, status, severity, evidence, evaluated)
    SELECT id, 1, 'ssh-only', 'fail', 'high', '<script>document.title=\"pwned-evidence\"</script>', 0
    FROM snapshots WHERE scan_id = 1;
  INSERT INTO rule_results (snapshot_id, policy, rule_id, status, severity, evidence, evaluated)
    SELECT id, 1, 'ntp', 'pass', 'low', '=HYPERLINK(\"http://x\")', 0 FROM snapshots WHERE scan_id = 1;"

for f in text html json csv junit; do
    nl report --scan 1 --format "$f" --out "$T_TMP/r1.$f" >/dev/null 2>&1; rc=$?
    t_is "report --format $f: exit 2 (rules failed)" "$rc" 2
    t_ok "...written" test -s "$T_TMP/r1.$f"
done

# JSON: schema and content
t_is "JSON re-read: schema, counts, names" "$(python3 - "$T_TMP/r1.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
names = sorted(x["name"] for x in d["devices"])
print(d["schema"], d["version"], d["scan"]["id"], s["devices"], s["pass"], s["fail"],
      s["failures_by_severity"]["high"], d["devices"][0]["asset"], len(d["trend"]), names[0][:4])
PY
)" "netloom-report 1 1 2 2 2 2 None 1 <img"

t_is "JSON (hostile device strings) validates against docs/schema" \
    "$(/usr/bin/python3 "$NETLOOM_TOP/tools/json-schema-check.py" "$T_TMP/r1.json" 2>&1)" ""

# CSV: re-read; formula cells neutralised
t_is "CSV re-read: 4 verdict rows" "$(python3 -c '
import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline=""))); print(len(r))' "$T_TMP/r1.csv")" 4
t_is "CSV: a device name starting with = is neutralised" "$(python3 -c '
import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline="")))
print(sorted(set(x["name"][:2] for x in r))[0])' "$T_TMP/r1.csv")" "'="
t_is "CSV: evidence starting with = is neutralised" "$(python3 -c '
import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline="")))
print([x["evidence"] for x in r if x["rule"]=="ntp"][0])' "$T_TMP/r1.csv")" "'=HYPERLINK(\"http://x\")"

# JUnit: well-formed XML, counts
t_is "JUnit parses: suites, tests, failures" "$(python3 -c '
import sys, xml.etree.ElementTree as E
r=E.parse(sys.argv[1]).getroot()
print(len(r.findall("testsuite")), len(r.iter("testcase").__class__ and list(r.iter("testcase"))),
      len(list(r.iter("failure"))), r.get("failures"))' "$T_TMP/r1.junit")" "2 4 2 2"
t_ok "JUnit keeps the payload as text" grep -q '&lt;script&gt;document.title=&quot;pwned-evidence' "$T_TMP/r1.junit"

# Text: no raw control bytes, the payload printed as text
t_ok "text report names the devices" grep -q 'FOCREPORT01' "$T_TMP/r1.text"

# HTML: self-contained
html=$T_TMP/r1.html
t_nomatch "HTML fetches nothing (no src/href to a network)" "$(cat "$html")" '(src|href)=["'"'"']?(https?:|//)'
t_nomatch "HTML has no external stylesheet or script" "$(cat "$html")" '<link|<script src'
t_is "HTML: exactly one script element (ours)" "$(grep -o '<script' "$html" | wc -l)" 1
t_match "HTML: the payload is escaped" "$(cat "$html")" '&lt;img src=x onerror=&quot;document.title=\\x27pwned-img'
t_match "HTML: charts are inline SVG" "$(cat "$html")" '<svg role="img" aria-label="failures by severity"'

# Headless Chromium: screenshot, then the DOM after scripts ran.
if command -v chromium >/dev/null 2>&1; then
    cr() {
        timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
            --disable-component-update --disable-sync --no-first-run \
            --user-data-dir="$T_TMP/chrome" "$@" 2>"$T_TMP/chrome.log"
    }
    cr --window-size=1280,2000 --screenshot="$T_TMP/report.png" "file://$html" >/dev/null
    t_ok "Chromium took a screenshot" test -s "$T_TMP/report.png"
    [ -n "${NETLOOM_KEEP_SCREENSHOT:-}" ] && cp "$T_TMP/report.png" "$NETLOOM_KEEP_SCREENSHOT"
    t_is "...a PNG" "$(head -c 8 "$T_TMP/report.png" | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a
    dom=$(cr --dump-dom "file://$html")
    t_match "DOM dumped" "$dom" '<h1>netloom report: scan 1</h1>'
    t_match "the title was not changed by any payload" "$dom" '<title>netloom report</title>'
    t_nomatch "no payload script ran (title)" "$dom" 'pwned-(img|script|evidence)</title>'
    t_is "only our own script element exists" "$(printf '%s' "$dom" | grep -o '<script' | wc -l)" 1
    t_nomatch "no img element was created from device data" "$dom" '<img'
    t_match "the payload is shown as text in the devices table" "$dom" '<td>&lt;img src=x onerror='
    t_match "the inline script ran (CSP allowed ours): sort headers are live" "$dom" '<table id="devices" class="sortable">'
else
    t_failed "chromium is installed (tools/deps.sh)"
fi

# Byte for byte: a later scan does not change how scan 1 renders.
sleep 1.1
t_ok "scan 2" scan "$a1"
for f in text html json csv junit; do
    nl report --scan 1 --format "$f" --out "$T_TMP/again.$f" >/dev/null 2>&1
    t_ok "--scan 1 $f renders byte for byte after a later scan" cmp "$T_TMP/r1.$f" "$T_TMP/again.$f"
done
nl report --format json --out "$T_TMP/r2.json" >/dev/null 2>&1; rc=$?
t_is "scan 2 (no verdicts): exit 0" "$rc" 0
t_is "the last scan by default, with a 2-scan trend and drift against scan 1" "$(python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
print(d["scan"]["id"], len(d["trend"]), d["drift"]["against_scan"], d["drift"]["summary"]["vanished"])' "$T_TMP/r2.json")" "2 2 1 1"
t_rc "an unknown format is an error" 1 nl report --format pdf
t_rc "an unknown scan is an error" 1 nl report --scan 99
t_done

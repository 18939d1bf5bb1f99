#!/bin/bash
# report --scan N shows each device as it was in scan N: name, address, OS version, serial
# and the drift it embeds (changed, appeared, vanished devices) stay byte for byte in all five
# formats after our own snmpd agents change for real (renamed, upgraded, moved to another
# address, a vanished device back under a new name) and are scanned and audited again; the
# latest report shows the new values; the trend stops at scan N.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_snmpd.sh"
cd "$T_TMP"

net=${NETLOOM_REPORT_ID_NET:-${NETLOOM_LAB_TEST_NET:-127.153}.201}
a1=$net.1
a2=$net.2
a3=$net.3
a4=$net.4
creds=$T_TMP/creds.xml
snmpd_creds "$creds"
db=$T_TMP/rid.db
nl() { "$NETLOOM" --db "$db" "$@"; }
scan() { nl scan --credentials "$creds" --timeout 300 --retries 1 "$@" >/dev/null 2>&1; }
audit() { nl audit >/dev/null 2>&1; [ $? -ne 1 ]; }
descr() { printf 'Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version %s, RELEASE SOFTWARE (fc2)' "$1"; }
render() {	# render PREFIX SCAN: every format, and a --device view by the name of scan 2
    local f
    for f in text html json csv junit; do
        nl report --scan "$2" --format "$f" --out "$1.$f" >/dev/null 2>&1
    done
    nl report --scan "$2" --format json --device id-sw1.test --out "$1-view.json" >/dev/null 2>&1
}

t_ok "agent one starts (id-sw1.test, 15.2(4)M3)" snmpd_start one "$a1" id-sw1.test "$(descr '15.2(4)M3')" FOCIDENT01
t_ok "agent two starts (id-sw2.test)" snmpd_start two "$a2" id-sw2.test "$(descr '15.2(4)M3')" FOCIDENT02
t_ok "scan 1: one and two" scan "$a1" "$a2"
t_ok "audit of scan 1" audit
sleep 1.1
# Scan 2: one upgraded, two gone, three new: a drift with a change, an arrival, a departure.
snmpd_stop one
snmpd_stop two
t_ok "agent one restarts upgraded (15.9(3)M7)" snmpd_start one "$a1" id-sw1.test "$(descr '15.9(3)M7')" FOCIDENT01
t_ok "agent three starts (id-sw3.test)" snmpd_start three "$a3" id-sw3.test "$(descr '15.2(4)M3')" FOCIDENT03
t_ok "scan 2: one and three" scan "$a1" "$a3"
t_ok "audit of scan 2" audit
scan2=$(sqlite3 "$db" 'SELECT max(id) FROM scans')
t_is "scan 2 is the second scan" "$scan2" 2
render past 2
render past1 1
t_is "scan 2 as rendered: identities and drift" "$(python3 - past.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(sorted((x["name"], x["address"], x["serial"], x["os_version"]) for x in d["devices"]))
dr = d["drift"]
print([(x["device"]["name"], x["device"]["os_version"]) for x in dr["devices"]],
      [x["device"]["name"] for x in dr["appeared"]], [x["device"]["name"] for x in dr["vanished"]],
      [t["id"] for t in d["trend"]])
PY
)" "[('id-sw1.test', '$a1', 'FOCIDENT01', '15.9(3)M7'), ('id-sw3.test', '$a3', 'FOCIDENT03', '15.2(4)M3')]
[('id-sw1.test', '15.9(3)M7')] ['id-sw3.test'] ['id-sw2.test'] [1, 2]"
t_is "...the --device view by name" "$(python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); print([x["serial"] for x in d["devices"]])' past-view.json)" \
    "['FOCIDENT01']"
sleep 1.1

# Every device changes for real: one is renamed, upgraded again and moves to another
# address (same serial and engine ID: the same device); two comes back renamed and
# upgraded; three is renamed and upgraded.
snmpd_stop one
snmpd_stop three
t_ok "agent one moves to $a4 as id-core1.test (17.3.1)" snmpd_start one "$a4" id-core1.test "$(descr '17.3.1')" FOCIDENT01
t_ok "agent two returns as id-edge2.test (17.3.1)" snmpd_start two "$a2" id-edge2.test "$(descr '17.3.1')" FOCIDENT02
t_ok "agent three becomes id-edge3.test (17.3.1)" snmpd_start three "$a3" id-edge3.test "$(descr '17.3.1')" FOCIDENT03
t_ok "scan 3: all three" scan "$a4" "$a2" "$a3"
t_ok "audit of scan 3" audit
t_is "the store's devices hold the new identities" \
    "$(sqlite3 "$db" "SELECT group_concat(name || ' ' || address || ' ' || os_version, ', ') FROM (SELECT * FROM devices ORDER BY serial)")" \
    "id-core1.test $a4 17.3.1, id-edge2.test $a2 17.3.1, id-edge3.test $a3 17.3.1"

render again 2
render again1 1
for f in text html json csv junit; do
    t_ok "report --scan 2 --format $f: byte for byte after the devices changed" cmp past.$f again.$f
    t_ok "report --scan 1 --format $f: byte for byte too" cmp past1.$f again1.$f
done
t_ok "...and the --device view by the name the device had then" cmp past-view.json again-view.json
t_nomatch "the past text report names none of the new identities" "$(cat again.text)" \
    "id-core1|id-edge|17\.3\.1|$a4"
t_nomatch "...nor the HTML one (drift included)" "$(cat again.html)" "id-core1|id-edge|17\.3\.1|$a4"
t_nomatch "...nor JUnit" "$(cat again.junit)" "id-core1|id-edge|17\.3\.1|$a4"
t_nomatch "...nor CSV" "$(cat again.csv)" "id-core1|id-edge|17\.3\.1|$a4"
t_is "the HTML trend of scan 2 stops at scan 2" \
    "$(grep -o '<title>scan [0-9]*' again.html | tr '\n' ' ')" "<title>scan 1 <title>scan 2 "

render new 3
t_is "the latest report shows the new identities and its drift names them" "$(python3 - new.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(sorted((x["name"], x["address"], x["serial"], x["os_version"]) for x in d["devices"]))
dr = d["drift"]
print(sorted((x["device"]["name"], x["device"]["os_version"]) for x in dr["devices"]),
      [x["device"]["name"] for x in dr["appeared"]], [x["device"]["name"] for x in dr["vanished"]],
      [t["id"] for t in d["trend"]])
PY
)" "[('id-core1.test', '$a4', 'FOCIDENT01', '17.3.1'), ('id-edge2.test', '$a2', 'FOCIDENT02', '17.3.1'), ('id-edge3.test', '$a3', 'FOCIDENT03', '17.3.1')]
[('id-core1.test', '17.3.1'), ('id-edge2.test', '17.3.1'), ('id-edge3.test', '17.3.1')] ['id-edge2.test'] [] [1, 2, 3]"
t_match "...in text too" "$(cat new.text)" "id-core1\.test +${a4//./\\.} .*17\.3\.1"
t_match "...and in CSV" "$(cat new.csv)" "\"id-edge2\.test\",\"${a2//./\\.}\""
t_ok "the store is consistent" nl db check
t_done

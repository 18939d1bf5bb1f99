#!/bin/bash
# The asset register against the lab, for real: scan the lab's agents and recordings, import
# a register that names some of them (by serial, by hostname, a retired one that answers,
# one never seen, ended warranty and support), reconcile and check every finding kind;
# impact over the IOS <-> EOS LLDP adjacency plus a declared depends-on; licences counted
# against the Linux agent's real HOST-RESOURCES software list; owner and offboarding.
. "$(dirname "$0")/../lib.sh"
t_need_lab
cd "$T_TMP" || exit 1
db=$T_TMP/lab.db
nl() { "$NETLOOM" --db "$db" "$@"; }

# Credentials stay in a 0600 file, never on the command line.
creds() {  # FILE: the lab agents' communities, then the snmpsim recording named $2
    cat >"$1" <<XML
<?xml version="1.0"?>
<credentials>
  <snmp name="lab-public" version="2c"><community>public</community>
    <match address="$LAB_SNMP_PUBLIC"/><match address="$LAB_SNMP_EOS"/></snmp>
  <snmp name="lab-linux" version="2c"><community>$LAB_SNMP_COMMUNITY</community>
    <match address="$LAB_SNMP_V2"/></snmp>
  <snmp name="sim" version="2c"><community>$2</community><match address="$LAB_SNMPSIM"/></snmp>
</credentials>
XML
    chmod 600 "$1"
}
scan() {  # RECORDING TARGETS...: one scan, the recording answering at $LAB_SNMPSIM
    local rec=$1; shift
    creds "$T_TMP/creds.xml" "$rec"
    nl scan --credentials "$T_TMP/creds.xml" --timeout 500 --retries 1 "$@" >/dev/null 2>>"$T_TMP/scan.err"
}
scan snmpsimdata-cisco-c3560 "$LAB_SNMP_PUBLIC" "$LAB_SNMP_V2" "$LAB_SNMP_EOS" "$LAB_SNMPSIM"
t_is "first scan stores the three agents and a recording" "$(nl devices --json | grep -c '^{')" 4
scan snmpsimdata-cisco-c3750 "$LAB_SNMPSIM"
scan snmpsimdata-juniper-mx960-12-3r6-6 "$LAB_SNMPSIM"
t_is "three recordings at one address are three devices (serials differ)" \
    "$(nl devices --json | grep -c '^{')" 6
devjson=$(nl devices --json)
sim_field() {  # TEXT FIELD: a field of the recording device whose JSON line has TEXT
    printf '%s\n' "$devjson" | grep -F "\"address\":\"$LAB_SNMPSIM\"" | grep -i "$1" |
        grep -oE "\"$2\":\"[^\"]*\"" | head -1 | cut -d'"' -f4
}
c3750_name=$(sim_field 3750 name)
mx_name=$(sim_field junos name)
t_match "the c3750 recording has a name" "$c3750_name" '.'
t_match "the mx960 recording has a name" "$mx_name" '.'

cat >"$T_TMP/register.csv" <<CSV
Asset Tag,Asset Name,Serial,Model,Status,Checked Out To,Department,Warranty Expires,EOL,Depends On
LAB-IOS,,$LAB_SNMP_PUBLIC_SERIAL,$LAB_SNMP_PUBLIC_MODEL,Deployed,Ana Lima,Network,2020-01-31,,
LAB-EOS,$LAB_SNMP_EOS_SYSNAME,,$LAB_SNMP_EOS_MODEL,Deployed,Ana Lima,Network,,2021-06-30,
LAB-LNX,,$LAB_SNMP_V2_SERIAL,Wrong Model 9000,Archived,Bob Rossi,IT,,,
LAB-GHOST,,NEVERSEEN-0001,,Deployed,Ana Lima,Network,,,
LAB-3750,$c3750_name,NOT-ITS-SERIAL,,Deployed,Bob Rossi,IT,,,
LAB-MX-A,$mx_name,,,Deployed,,Network,,,
LAB-MX-B,$mx_name,,,In Stock,,Network,,,
APP-WIKI,wiki,,,Deployed,Carla Diaz,IT,,,LAB-EOS
CSV
out=$(nl assets import "$T_TMP/register.csv"); rc=$?
t_is "register imports cleanly" "$rc" 0
t_match "eight assets" "$out" '8 rows: 8 created'

# A model mismatch needs a serial link with the wrong model: the Linux asset has one.
rec=$(nl assets reconcile); rc=$?
t_is "reconcile with findings exits 2" "$rc" 2
t_match "IOS linked by serial" "$rec" "link +LAB-IOS +<- +$LAB_SNMP_PUBLIC_SYSNAME +by serial \\(high\\)"
t_match "EOS linked by hostname" "$rec" "link +LAB-EOS +<- +$LAB_SNMP_EOS_SYSNAME +by hostname \\(medium\\)"
t_match "unregistered: the c3560 recording" "$rec" '^unregistered +discovered device .*WS-C3560'
t_match "missing: deployed, never seen" "$rec" '^missing +.*LAB-GHOST'
t_match "model-mismatch on the Linux agent" "$rec" "^model-mismatch +serial $LAB_SNMP_V2_SERIAL: registered as Wrong Model 9000"
t_match "retired-active: archived asset answering" "$rec" '^retired-active +.*LAB-LNX'
t_match "warranty-ended while deployed" "$rec" '^warranty-ended +.*LAB-IOS'
t_match "support-ended while deployed" "$rec" '^support-ended +.*LAB-EOS'
t_match "hostname-mismatch: name points at another serial" "$rec" '^hostname-mismatch +.*LAB-3750'
t_match "ambiguous: two assets could be the mx960" "$rec" '^ambiguous +.*LAB-MX-A'
t_nomatch "ambiguous is never linked" "$rec" 'link +LAB-MX-'
j=$(nl assets reconcile --json)
t_ok "reconcile --json is JSON" python3 -c 'import json,sys; json.loads(sys.argv[1])' "$j"
for k in unregistered missing model-mismatch hostname-mismatch retired-active \
    warranty-ended support-ended ambiguous; do
    t_match "JSON has $k" "$j" "\"kind\":\"$k\""
done

# serial-conflict: an address match refused because both sides have different serials.
nl assets add LAB-ADDR "address=$LAB_SNMP_V2" serial=SOMEONE-ELSE state=deployed >/dev/null
nl assets set LAB-LNX serial= >/dev/null
t_match "serial-conflict: address of a device with another serial" \
    "$(nl assets reconcile)" '^serial-conflict +.*LAB-ADDR'
nl assets set LAB-LNX "serial=$LAB_SNMP_V2_SERIAL" >/dev/null
nl assets set LAB-ADDR state=disposed address= >/dev/null
nl assets reconcile >/dev/null

# Impact: EOS goes down -> its LLDP neighbour IOS, its asset, and the wiki that depends on it.
imp=$(nl impact "device:$LAB_SNMP_EOS_SYSNAME"); rc=$?
t_is "impact exits 0" "$rc" 0
t_match "IOS reached over LLDP" "$imp" "$LAB_SNMP_PUBLIC_SYSNAME"
t_match "EOS's own asset (same item)" "$imp" 'LAB-EOS'
t_match "declared depends-on: the wiki" "$imp" 'APP-WIKI'
t_match "owner named" "$imp" 'Carla Diaz'
ji=$(nl impact --json "device:$LAB_SNMP_EOS_SYSNAME")
t_match "lldp edge in JSON" "$ji" '"via":"lldp"'
t_match "depends-on edge in JSON" "$ji" '"via":"depends-on"'
t_match "the IOS device is not audited" "$ji" '"compliance":"not audited"'

# Licences against the Linux agent's real software list (HOST-RESOURCES hrSWInstalledName).
cat >"$T_TMP/licences.csv" <<CSV
License,Product Key,Seats,Remaining Seats,Expiration Date,Purchase Date,Purchase Cost,Licensed to Name,Manufacturer,Pattern,Department
SNMP agent support,XXXX-SECRET-KEY,0,0,2099-01-01,2024-01-01,\$100.00,Ana Lima,Net-SNMP,snmpd,Network
Shell support,,5,5,$(date -u -d '+10 days' +%F),,,Bob Rossi,GNU,re:^bash([_-]|$),IT
Ghost Suite,,20,20,2020-01-01,,,Ana Lima,Ghost,ghost-suite*,Network
CSV
out=$(nl assets licence import "$T_TMP/licences.csv"); rc=$?
t_is "licence import exits 0" "$rc" 0
t_match "three licences" "$out" '3 licences: 3 created'
t_nomatch "product key is not stored" "$(nl assets licence list --json)" 'SECRET'
# Another tool's export: its headers named with --map; the change is in the licence's history.
cat >"$T_TMP/lic-other.csv" <<CSV
Software,Seat count,Assigned user
Ghost Suite,25,Bob Rossi
CSV
t_ok "licence import --map of other headers" nl assets licence import \
    --map 'Software=name,Seat count=seats,Assigned user=assignee' "$T_TMP/lic-other.csv"
hist=$(nl assets licence history 'Ghost Suite')
t_match "licence history: created by the first import" "$hist" 'import:licences.csv +created +- -> Ghost Suite'
t_match "licence history: seats changed by the mapped import" "$hist" 'import:lic-other.csv +seats +20 -> 25'
t_match "licence history: assignee changed" "$hist" 'assignee +Ana Lima -> Bob Rossi'
nl assets licence import --map 'Software=name,Nope=seats' "$T_TMP/lic-other.csv" 2>"$T_TMP/map.err"
t_is "--map naming a missing column: exit 1" "$?" 1
t_match "...one line naming the file and the column" "$(cat "$T_TMP/map.err")" "lic-other.csv: --map: the file has no column 'Nope'"
nl assets licence set 'Ghost Suite' seats=20 assignee='Ana Lima' >/dev/null
lic=$(nl assets licences --expiring 30); rc=$?
t_is "licences with findings exit 2" "$rc" 2
t_match "snmpd found on the lab's agents, over 0 seats" "$lic" 'SNMP agent support +0 +[1-9][0-9]* '
t_match "over-seats" "$lic" 'over-seats +SNMP agent support: [1-9][0-9]* installations, 0 seats'
t_match "expiring within 30 days" "$lic" 'expiring +Shell support: in 10 days'
t_match "unused" "$lic" 'unused +Ghost Suite'
t_match "expired" "$lic" 'expired +Ghost Suite'
t_nomatch "a 5-day window: not expiring" "$(nl assets licences --expiring 5)" 'expiring +Shell'
show=$(nl assets licence show 'SNMP agent support')
t_match "installation named with the device and source" "$show" "$LAB_SNMP_V2_SYSNAME +snmpd[^ ]* .*\\(snmp\\)"
jl=$(nl assets licences --json)
t_ok "licences --json is JSON lines" python3 -c 'import json,sys; [json.loads(l) for l in sys.argv[1].splitlines()]' "$jl"
t_match "JSON findings" "$jl" '"findings":\["over-seats"\]'
t_is "one installation per device (bash has one package per host)" "$(printf '%s\n' "$jl" |
    python3 -c 'import json,sys
for l in sys.stdin:
    d = json.loads(l)
    if d["name"] == "Shell support":
        ids = [i["device_id"] for i in d["installs"]]
        print(len(ids) == len(set(ids)) and len(ids) > 0)')" True

# People: Ana's devices with their compliance, her licences, the offboarding list.
own=$(nl assets owner 'ana lima'); rc=$?
t_is "owner exits 0" "$rc" 0
t_match "her IOS asset and its device's compliance" "$own" "device $LAB_SNMP_PUBLIC_SYSNAME +not audited"
t_match "her licence" "$own" 'licence SNMP agent support'
t_match "offboarding: return the switch" "$own" 'return +asset +LAB-IOS'
t_match "offboarding: reassign the licence" "$own" 'reassign licence SNMP agent support'
t_nomatch "nothing of Bob's" "$own" 'LAB-LNX'
bob=$(nl assets owner 'Bob Rossi')
t_nomatch "a retired asset is not to be returned" "$bob" 'return +asset +LAB-LNX'
t_match "department view" "$(nl assets owner --department it --json)" '"name":"APP-WIKI"'
t_done

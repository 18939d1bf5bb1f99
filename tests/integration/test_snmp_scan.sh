#!/bin/bash
# SNMP discovery against the lab's real snmpd agents and snmpsimd recordings.
. "$(dirname "$0")/../lib.sh"
t_need_lab
cd "$T_TMP"
DB=$T_TMP/scan.db

# jfield JSON_LINE KEY: the value of a "key":"value" string pair (facts are flat strings).
jfield() { printf '%s\n' "$1" | grep -oE "\"$2\":\"([^\"\\\\]|\\\\.)*\"" | head -1 | sed -E "s/^\"$2\":\"(.*)\"$/\1/"; }
jint() { printf '%s\n' "$1" | grep -oE "\"$2\":[0-9]+" | head -1 | cut -d: -f2; }
line_for() { printf '%s\n' "$1" | grep -F "\"address\":\"$2\""; }

creds=$T_TMP/creds.xml
cat > "$creds" <<XML
<?xml version="1.0"?>
<credentials>
  <snmp name="wrong-first" version="2c"><community>WRONGSECRET-x1</community></snmp>
  <snmp name="lab-public" version="2c"><community>public</community>
    <match address="$LAB_SNMP_PUBLIC"/><match address="$LAB_SNMP_EOS"/><match address="::1"/></snmp>
  <snmp name="lab-linux" version="2c"><community>$LAB_SNMP_COMMUNITY</community></snmp>
</credentials>
XML
chmod 600 "$creds"

out=$("$NETLOOM" --db "$DB" scan --credentials "$creds" --timeout 300 --retries 1 --json \
    "$LAB_SNMP_PUBLIC" "$LAB_SNMP_V2" "$LAB_SNMP_V3" "$LAB_SNMP_EOS" "$LAB_SILENT" 2>"$T_TMP/err")
rc=$?
err=$(cat "$T_TMP/err")
t_is "scan of the lab exits 0" "$rc" 0
t_is "three agents answer v2c (v3-only and silent do not)" "$(printf '%s\n' "$out" | grep -c '^{')" 3
t_match "summary counts 5 addresses and 3 responders" "$err" 'scan [0-9]+: 5 addresses, 3 responders, 3 stored'

check_agent() {  # X ADDR PLATFORM VENDOR OSNAME OSVERSION CRED
    local x=$1 addr=$2 l v
    l=$(line_for "$out" "$addr")
    t_match "$x: found at $addr" "$l" '^\{"schema":"netloom-scan","version":1,'
    v=LAB_SNMP_${x}_SYSNAME; t_is "$x: sys.name" "$(jfield "$l" sys.name)" "${!v}"
    v=LAB_SNMP_${x}_SERIAL; t_is "$x: serial" "$(jfield "$l" hw.serial)" "${!v}"
    v=LAB_SNMP_${x}_MODEL; t_is "$x: model" "$(jfield "$l" hw.model)" "${!v}"
    v=LAB_SNMP_${x}_SYSOBJECTID; t_is "$x: sysObjectID" "$(jfield "$l" sys.objectid)" "${!v}"
    v=LAB_SNMP_${x}_ENGINEID; t_is "$x: engine id" "$(jfield "$l" snmp.engine_id)" "${!v}"
    t_is "$x: platform" "$(jfield "$l" device.platform)" "$3"
    t_is "$x: vendor" "$(jfield "$l" hw.vendor)" "$4"
    t_is "$x: os.name" "$(jfield "$l" os.name)" "$5"
    t_is "$x: os.version" "$(jfield "$l" os.version)" "$6"
    t_is "$x: credential set remembered by name" "$(jfield "$l" snmp.credential)" "$7"
}
check_agent PUBLIC "$LAB_SNMP_PUBLIC" cisco-ios Cisco IOS '15.2(4)M11' lab-public
check_agent EOS "$LAB_SNMP_EOS" arista-eos Arista EOS 4.20.5F lab-public
check_agent V2 "$LAB_SNMP_V2" linux Net-SNMP Linux "$(printf '%s\n' "$LAB_SNMP_V2_SYSDESCR" | cut -d' ' -f3)" lab-linux

l=$(line_for "$out" "$LAB_SNMP_V2")
t_match "linux: HOST-RESOURCES packages counted" "$(jfield "$l" pkg.count)" '^[1-9][0-9]*$'
t_match "linux: interfaces collected" "$(jint "$l" interfaces)" '^[1-9][0-9]*$'
t_is "linux: sys.uptime stored (volatile fact)" "$(jfield "$l" sys.uptime | grep -cE '^[0-9]+$')" 1
t_is "IOS: one LLDP neighbour" "$(jint "$(line_for "$out" "$LAB_SNMP_PUBLIC")" neighbours)" 1
t_is "EOS: one LLDP neighbour" "$(jint "$(line_for "$out" "$LAB_SNMP_EOS")" neighbours)" 1
t_nomatch "v3-only agent not found with v2c credentials" "$out" "\"address\":\"$LAB_SNMP_V3\""
t_nomatch "silent host not found" "$out" "\"address\":\"$LAB_SILENT\""
t_match "silent host and wrong credentials time out" "$err" ' [1-9][0-9]* timeouts'

lldp=$(sqlite3 "$DB" "select count(*) from relations where kind='lldp'" 2>&1)
t_match "LLDP neighbours became relations" "$lldp" '^[1-9][0-9]*$'
walk=$(sqlite3 "$DB" "select count(*) from artifacts a join snapshot_artifacts sa on sa.sha256=a.sha256 where sa.name='snmp-walk'" 2>&1)
t_match "snmp-walk artifacts stored" "$walk" '^[1-9][0-9]*$'
dump=$(sqlite3 "$DB" .dump)
t_match "the walk text is stored as OID = TYPE: value" "$dump" '1\.3\.6\.1\.2\.1\.1\.5\.0 = STRING: \\?"?ios-sw1\.lab'
t_is "no community in the store" "$(printf '%s\n' "$dump" | grep -cE "WRONGSECRET|$LAB_SNMP_COMMUNITY")" 0
t_nomatch "no community in the output" "$out$err" "WRONGSECRET|$LAB_SNMP_COMMUNITY"

# Second scan: the same devices keep their ids; IPv6 reaches the IOS agent by serial.
ids1=$(printf '%s\n' "$out" | grep -oE '"device_id":[0-9]+,"address":"[^"]*"' | sort)
out2=$("$NETLOOM" --db "$DB" scan --credentials "$creds" --timeout 300 --json \
    "$LAB_SNMP_PUBLIC" "$LAB_SNMP_V2" "$LAB_SNMP_EOS" 2>/dev/null)
ids2=$(printf '%s\n' "$out2" | grep -oE '"device_id":[0-9]+,"address":"[^"]*"' | sort)
t_is "a second scan keeps the device ids" "$ids2" "$ids1"
out6=$("$NETLOOM" --db "$DB" scan --credentials "$creds" --timeout 300 --port "$LAB_SNMP6_PORT" \
    --json "$LAB_SNMP6_ADDR" 2>&1)
t_is "IPv6 target answers" "$(jfield "$out6" sys.name)" "$LAB_SNMP_PUBLIC_SYSNAME"
t_is "IPv6 finds the same device (by serial)" "$(jint "$out6" device_id)" \
    "$(jint "$(line_for "$out" "$LAB_SNMP_PUBLIC")" device_id)"
t_is "store has 3 devices" "$(sqlite3 "$DB" 'select count(*) from devices')" 3

# SNMPv1 walks with GETNEXT.
v1=$T_TMP/v1.xml
printf '<credentials><snmp name="v1-public" version="1"><community>public</community></snmp></credentials>\n' > "$v1"
chmod 600 "$v1"
o=$("$NETLOOM" --db "$T_TMP/v1.db" scan --credentials "$v1" --timeout 300 --json "$LAB_SNMP_PUBLIC" 2>&1)
t_is "v1: answers" "$(jfield "$o" snmp.version)" 1
t_is "v1: serial from a GETNEXT walk" "$(jfield "$o" hw.serial)" "$LAB_SNMP_PUBLIC_SERIAL"

# Exclusions.
o=$("$NETLOOM" --db "$T_TMP/x.db" scan --credentials "$creds" --timeout 300 --json \
    --exclude "$LAB_SNMP_PUBLIC" "$LAB_SNMP_PUBLIC" "$LAB_SNMP_EOS" 2>/dev/null)
t_is "--exclude skips an address" "$(printf '%s\n' "$o" | grep -c '^{')" 1

# Bad input: unreadable-by-others rule, malformed targets, bad XML.
cp "$creds" "$T_TMP/open.xml"; chmod 644 "$T_TMP/open.xml"
t_rc "credentials file mode 0644 refused" 1 "$NETLOOM" --db "$T_TMP/b.db" scan --credentials "$T_TMP/open.xml" "$LAB_SNMP_PUBLIC"
e=$("$NETLOOM" --db "$T_TMP/b.db" scan --credentials "$T_TMP/open.xml" "$LAB_SNMP_PUBLIC" 2>&1)
t_match "mode refusal names the file" "$e" "^netloom: scan: $T_TMP/open.xml: group or others"
t_rc "malformed target exits 1" 1 "$NETLOOM" --db "$T_TMP/b.db" scan --credentials "$creds" 10.0.0.300/24
e=$("$NETLOOM" --db "$T_TMP/b.db" scan --credentials "$creds" 127.0.0.1 10.1.2.3-2 2>&1)
t_is "malformed target: one line" "$(printf '%s\n' "$e" | wc -l)" 1
t_match "malformed target: named" "$e" '^netloom: scan: 10\.1\.2\.3-2: '
printf '<credentials>\n<snmp name="a" version="9"><community>x</community></snmp>\n</credentials>\n' > "$T_TMP/bad.xml"
chmod 600 "$T_TMP/bad.xml"
e=$("$NETLOOM" --db "$T_TMP/b.db" scan --credentials "$T_TMP/bad.xml" 127.0.0.1 2>&1)
t_match "invalid credentials file: file:line:" "$e" "^netloom: scan: $T_TMP/bad.xml:2: "

# snmpsimd serving real device recordings: vendor, platform, OS version, serial.
sim_expect() {  # COMMUNITY VENDOR PLATFORM OSVERSION SERIAL(or -)
    local c=$1 f o
    f=$T_TMP/sim-$c.xml
    printf '<credentials><snmp name="sim" version="2c"><community>%s</community></snmp></credentials>\n' "$c" > "$f"
    chmod 600 "$f"
    o=$("$NETLOOM" --db "$T_TMP/sim.db" scan --credentials "$f" --timeout 3000 --retries 2 --port "$LAB_SNMPSIM_PORT" \
        --json "$LAB_SNMPSIM" 2>"$T_TMP/simerr")
    t_is "$c: vendor" "$(jfield "$o" hw.vendor)" "$2"
    t_is "$c: platform" "$(jfield "$o" device.platform)" "$3"
    t_is "$c: os.version" "$(jfield "$o" os.version)" "$4"
    [ "$5" = - ] || t_is "$c: serial" "$(jfield "$o" hw.serial)" "$5"
}
sim_expect snmpsimdata-arista-dcs-7150s-52-cl Arista arista-eos 4.20.5F JPE15151458
sim_expect snmpsimdata-cisco-c3560 Cisco cisco-ios '12.2(55)SE3' FOC1408Z61U
sim_expect snmpsimdata-cisco-n5000 Cisco cisco-nxos '6.0(2)N2(3)' -
sim_expect snmpsimdata-juniper-mx960-13-3r9-13 Juniper junos 13.3R9.13 -
sim_expect snmpsimdata-ibm-x3550-m3 Net-SNMP linux 2.6.16.46-353 -
t_done

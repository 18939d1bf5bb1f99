#!/bin/bash
# Real traffic: tcpdump records snmpget talking to the lab's snmpd agents on loopback;
# netloom listen --read must find the communities were seen in the clear, masked.
. "$(dirname "$0")/../lib.sh"
t_need_lab

cap=$T_TMP/lo.pcap
db=$T_TMP/lab.db
# -Z root: tcpdump otherwise drops to its own user, who cannot write into $T_TMP (0700).
tcpdump -Z root -i lo --immediate-mode -U -c 4 -n -w "$cap" "udp port 161 and (host $LAB_SNMP_V2 or host $LAB_SNMP_PUBLIC)" \
    2>"$T_TMP/tcpdump.err" &
tpid=$!
t_on_exit "kill $tpid 2>/dev/null"
for _ in $(seq 50); do
    grep -q 'listening on' "$T_TMP/tcpdump.err" && break
    sleep 0.1
done
t_match "tcpdump listens on lo" "$(cat "$T_TMP/tcpdump.err")" 'listening on lo'

# The lab's client folders hold the communities: none is on a command line.
v2=$(SNMPCONFPATH=$LAB_DIR/snmp/v2/client snmpget -t 1 -r 1 -Oqv "$LAB_SNMP_V2" 1.3.6.1.2.1.1.5.0 2>&1)
t_is "snmpget the v2c agent (random community)" "${v2//\"/}" "$LAB_SNMP_V2_SYSNAME"
pub=$(SNMPCONFPATH=$LAB_DIR/snmp/public/client snmpget -t 1 -r 1 -Oqv "$LAB_SNMP_PUBLIC" 1.3.6.1.2.1.1.5.0 2>&1)
t_is "snmpget the public agent" "${pub//\"/}" "$LAB_SNMP_PUBLIC_SYSNAME"
# Four packets and tcpdump ends by itself (-c 4); a stuck one is stopped after 5 s.
for _ in $(seq 50); do kill -0 $tpid 2>/dev/null || break; sleep 0.1; done
kill -TERM $tpid 2>/dev/null; wait $tpid 2>/dev/null

out=$("$NETLOOM" --db "$db" listen --read "$cap" 2>&1); rc=$?
t_is "listen --read the loopback capture" "$rc" 0
t_match "4 packets: two requests, two responses" "$out" 'lo\.pcap: 4 packets'
block() { printf '%s\n' "$out" | awk -v h="$1" '$0 ~ "^device " {p = ($0 == h)} p'; }
v2b=$(block "device - $LAB_SNMP_V2")
t_match "random community seen: its length, not default" "$v2b" \
    "cleartext\.snmp=v2c community seen \(length ${#LAB_SNMP_COMMUNITY}\)\$"
t_match "who polls the v2c agent" "$v2b" 'pcap\.snmp\.polled_by=127\.'
t_match "public community seen: default" "$(block "device - $LAB_SNMP_PUBLIC")" \
    'cleartext\.snmp=v2c community seen \(length 6, default\)'
t_match "the poller polls both" "$out" "pcap\.snmp\.polls=$LAB_SNMP_V2"
t_nomatch "the random community is nowhere in the output" "$out" "$LAB_SNMP_COMMUNITY"
hits=$(grep -a -c -F -e "$LAB_SNMP_COMMUNITY" "$db"* | awk -F: '{s += $2} END {print s}')
t_is "the random community is nowhere in the store" "$hits" 0
t_is "the capture does hold it (the test is real)" "$(grep -a -c -F -e "$LAB_SNMP_COMMUNITY" "$cap")" 2

# A scan of empty address space seen on the wire: addresses that never answer are not
# devices (they would all become "shadow IT"); the scanner's cleartext community is.
cap2=$T_TMP/scan.pcap
tcpdump -Z root -i lo --immediate-mode -U -n -w "$cap2" "udp port 161 and net ${LAB_NET}.9.0/24 or host $LAB_SNMP_PUBLIC" \
    2>"$T_TMP/tcpdump2.err" &
tpid=$!
t_on_exit "kill $tpid 2>/dev/null"
for _ in $(seq 50); do grep -q 'listening on' "$T_TMP/tcpdump2.err" && break; sleep 0.1; done
creds=$T_TMP/creds.xml
printf '<credentials><snmp name="p" version="2c"><community>public</community></snmp></credentials>\n' >"$creds"
chmod 600 "$creds"
"$NETLOOM" --db "$T_TMP/scan.db" scan --credentials "$creds" --timeout 200 --retries 0 \
    "${LAB_NET}.9.1-20" "$LAB_SNMP_PUBLIC" >/dev/null 2>&1
sleep 0.5
kill -TERM $tpid 2>/dev/null; wait $tpid 2>/dev/null
out=$("$NETLOOM" --db "$T_TMP/scan2.db" listen --read "$cap2" 2>&1)
t_match "the capture holds the scan of 20 silent addresses" \
    "$(tcpdump -r "$cap2" -n 2>/dev/null | grep -c "${LAB_NET}\.9\.")" '^[1-9][0-9]$'
t_nomatch "no device for an address that never answered" "$out" "^device - ${LAB_NET}\.9\."
t_match "the answering agent is a device" "$out" "^device - $LAB_SNMP_PUBLIC\$"
t_match "the scanner is flagged for sending its community in the clear" "$out" \
    'cleartext\.snmp\.sent=v2c community sent in the clear \(length 6, default\)'

# netloom scan --pcap: the capture joins an active scan's record and merges by address.
out=$("$NETLOOM" --db "$T_TMP/both.db" scan --credentials "$creds" --timeout 500 \
    --pcap "$cap2" "$LAB_SNMP_PUBLIC" 2>&1); rc=$?
t_is "scan with a target and --pcap exits 0" "$rc" 0
t_match "...and reports the capture" "$out" "scan 1: $cap2: [0-9]+ packets"
t_is "one scan record for both sources" "$(sqlite3 "$T_TMP/both.db" "SELECT count(*) FROM scans")" 1
t_is "snmp and pcap snapshots of the agent are one device" \
    "$(sqlite3 "$T_TMP/both.db" "SELECT count(DISTINCT device_id) || ' ' || count(DISTINCT source) FROM snapshots WHERE address = '$LAB_SNMP_PUBLIC'")" "1 2"
t_rc "a missing capture file fails the scan" 1 "$NETLOOM" --db "$T_TMP/both.db" scan --pcap "$T_TMP/none.pcap"
t_is "...and the scan is recorded as failed" \
    "$(sqlite3 "$T_TMP/both.db" "SELECT state FROM scans ORDER BY id DESC LIMIT 1")" failed
t_done

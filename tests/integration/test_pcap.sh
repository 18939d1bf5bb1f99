#!/bin/bash
# netloom listen --read on capture files this test writes (bench/pcapgen.py): every
# protocol, VLAN/QinQ, bad frames, corrupt files, the store's contents, no secrets kept.
. "$(dirname "$0")/../lib.sh"

gen="$NETLOOM_TOP/bench/pcapgen.py"
db="$T_TMP/p.db"
python3 "$gen" crafted "$T_TMP/c.pcap"
python3 "$gen" corrupt "$T_TMP/corrupt.pcap"
python3 "$gen" garbage "$T_TMP/garbage.pcap"

out=$("$NETLOOM" --db "$db" listen --read "$T_TMP/c.pcap" 2>&1); rc=$?
t_is "listen --read exits 0" "$rc" 0
t_match "counts every packet" "$out" 'c\.pcap: 33 packets'
t_match "bad frames counted apart" "$out" 'truncated 3, snaplen-cut 1, bogus 5; vlan-tagged 3, qinq 2'
t_match "per-protocol counts" "$out" 'arp 6 lldp 1 cdp 1 dhcp 2 mdns 1 ssdp 1 snmp 6 telnet 1 http-login 2 tftp 2'

# One device block per snapshot: "device MAC ADDR (VENDOR)" and its facts.
block() { printf '%s\n' "$out" | awk -v h="$1" '$0 ~ "^device " {p = index($0, h) > 0} p'; }
cisco=$(block "device 00:19:aa:00:00:02")
arista=$(block "device 00:1c:73:00:00:01 ")
t_match "ARP binds the Cisco MAC to its address, OUI vendor" "$cisco" '^device 00:19:aa:00:00:02 198\.51\.100\.1 \(Cisco Systems, Inc\)'
t_match "CDP device id" "$cisco" 'pcap\.cdp\.device_id=ios-sw1\.lab'
t_match "CDP platform as the model" "$cisco" 'hw\.model=cisco WS-C2960X-48FPD-L'
t_match "CDP software version" "$cisco" 'pcap\.cdp\.software=Cisco IOS Software, C2960X Software, Version 15\.2\(4\)M11'
t_match "CDP port id and relation" "$cisco" 'relation cdp port=GigabitEthernet1/0/48'
t_match "CDP address" "$cisco" 'pcap\.cdp\.addr=198\.51\.100\.1'
t_match "SNMP v2c default community seen, masked" "$cisco" 'cleartext\.snmp=v2c community seen \(length 6, default\)'
t_match "who polls whom" "$cisco" 'pcap\.snmp\.polled_by=198\.51\.100\.9'
t_match "telnet in the clear" "$cisco" 'cleartext\.telnet=telnet session seen \(client 198\.51\.100\.9\)'
t_match "HTTP basic auth login" "$cisco" 'cleartext\.http=HTTP basic-auth login seen \(path /level/15/exec, client 198\.51\.100\.9\)'
t_match "LLDP system name" "$arista" 'sys\.name=eos-sw1\.lab'
t_match "LLDP chassis id" "$arista" 'pcap\.lldp\.chassis=00:1c:73:00:00:00'
t_match "LLDP port and relation" "$arista" 'relation lldp port=Ethernet1'
t_match "LLDP system description" "$arista" 'pcap\.lldp\.descr=Arista Networks EOS version 4\.28\.3M'
t_match "LLDP management address" "$arista" 'pcap\.lldp\.mgmt=198\.51\.100\.4'
t_match "SNMP v1 custom community: length only" "$arista" 'cleartext\.snmp=v1 community seen \(length 11\)$'
t_match "HTTP login POST without the query string" "$arista" 'cleartext\.http=HTTP login form POST seen \(path /cgi-bin/login\.cgi, client'
dhcp=$(block "device 3c:22:fb:00:00:03")
t_match "DHCP ACK binds the lease; Apple OUI" "$dhcp" '^device 3c:22:fb:00:00:03 198\.51\.100\.50 \(Apple, Inc\.\)'
t_match "DHCP hostname" "$dhcp" 'pcap\.dhcp\.hostname=alice-laptop'
t_match "DHCP vendor class" "$dhcp" 'pcap\.dhcp\.vendor_class=MSFT 5\.0'
t_match "DHCP client id" "$dhcp" 'pcap\.dhcp\.client_id=013c22fb000003'
t_match "DHCP server" "$(block 'device 00:50:56:00:00:04')" 'pcap\.dhcp\.role=server'
t_match "mDNS name" "$out" 'pcap\.mdns\.name=printer\.local'
t_match "SSDP server" "$out" 'pcap\.ssdp\.server=Linux/4\.9 UPnP/1\.0 MiniUPnPd/2\.1'
t_match "SNMPv3 is not cleartext" "$(block 'device - 198.51.100.5')" 'pcap\.snmp\.version=v3'
t_nomatch "SNMPv3 agent has no cleartext finding" "$(block 'device - 198.51.100.5')" 'cleartext'
t_match "SNMP over IPv6 behind an extension header" "$(block 'device - 2001:db8::1')" 'cleartext\.snmp=v2c community seen \(length 7, default\)'
t_match "TFTP config transfer" "$out" "cleartext\.tftp=TFTP write of a configuration file \(file 'ios-sw1-confg', client 198\.51\.100\.1\)"
t_nomatch "TFTP of a non-config file is not a finding" "$out" 'c2960x\.bin'
t_match "802.1Q VLAN" "$(block 'device 00:1c:73:00:00:10')" 'pcap\.vlan=10'
t_match "QinQ 0x88a8: outer VLAN" "$(block 'device 00:1c:73:00:00:20')" 'pcap\.vlan=100'
t_match "QinQ 0x9100: outer VLAN" "$(block 'device 00:1c:73:00:00:30')" 'pcap\.vlan=200'
t_nomatch "a bogus frame teaches nothing" "$out" '00:1c:73:00:00:98'

# The store: source pcap, MACs as interfaces, facts, relations; no secret anywhere.
q() { sqlite3 "$db" "$1"; }
t_is "snapshots with source pcap" "$(q "SELECT count(*) FROM snapshots WHERE source='pcap'")" 15
t_is "the Cisco MAC identifies its device" \
    "$(q "SELECT d.name FROM devices d JOIN device_macs m ON m.device_id=d.id WHERE m.mac='00:19:aa:00:00:02'")" ios-sw1.lab
t_is "cleartext finding stored as a fact" \
    "$(q "SELECT value FROM facts WHERE key='cleartext.snmp' ORDER BY value LIMIT 1")" 'v1 community seen (length 11)'
t_is "LLDP relation stored" "$(q "SELECT src_port FROM relations WHERE kind='lldp'")" Ethernet1
t_is "SNMP poller relation stored" "$(q "SELECT count(*) FROM relations WHERE kind='seen-with'")" 4
secrets=$(grep -a -c -E 'hunter2|YWRtaW46|s3cr3t-c0mm|public|private' "$db"* | awk -F: '{s += $2} END {print s}')
t_is "no community or password in the store" "$secrets" 0
t_nomatch "no community or password in the output" "$out" 'hunter2|YWRtaW46|s3cr3t|public|private'

# Merge by MAC and address: a second run adds snapshots, not devices.
ndev=$(q "SELECT count(*) FROM devices")
"$NETLOOM" --db "$db" listen --read "$T_TMP/c.pcap" --summary >/dev/null 2>&1
t_is "second run matches the same devices" "$(q "SELECT count(*) FROM devices")" "$ndev"
t_is "second run matched on MAC" "$(q "SELECT count(*) FROM snapshots WHERE scan_id=2 AND matched_on='mac'")" 11

# Options.
out=$("$NETLOOM" --db "$T_TMP/f.db" listen --read "$T_TMP/c.pcap" --filter 'udp port 161' --summary 2>&1)
t_match "BPF filter applies to files" "$out" 'c\.pcap: 7 packets'
out=$("$NETLOOM" --db "$T_TMP/n.db" listen --read "$T_TMP/c.pcap" --count 3 --summary 2>&1)
t_match "--count stops early" "$out" 'c\.pcap: 3 packets'
out=$("$NETLOOM" --db "$T_TMP/m.db" listen --read "$T_TMP/c.pcap" --max-devices 2 --summary 2>&1)
t_match "device cap holds" "$out" '2 devices/addresses'
t_match "device cap is reported" "$out" 'over the caps: [1-9][0-9]* packets of new devices'
out=$("$NETLOOM" --db "$T_TMP/o.db" listen --read "$T_TMP/c.pcap" --oui /dev/null 2>&1)
t_match "empty OUI table: vendor unknown, still works" "$out" '^device 00:19:aa:00:00:02 198\.51\.100\.1$'
t_rc "a bad filter is an error" 1 "$NETLOOM" --db "$T_TMP/e.db" listen --read "$T_TMP/c.pcap" --filter 'nonsense ((('
t_rc "--read and --interface together refused" 1 "$NETLOOM" --db "$T_TMP/e.db" listen --read x -i lo
t_rc "--count must be a number" 1 "$NETLOOM" --db "$T_TMP/e.db" listen --read x --count 12x

# Damaged files: a clear error, no crash, what came before the damage kept.
out=$("$NETLOOM" --db "$T_TMP/x.db" listen --read "$T_TMP/corrupt.pcap" 2>&1); rc=$?
t_is "corrupt capture exits 1" "$rc" 1
t_match "corrupt capture: clear error" "$out" 'corrupt\.pcap: damaged after 1 packets: invalid packet capture length'
t_is "corrupt capture: earlier packets stored" \
    "$(sqlite3 "$T_TMP/x.db" "SELECT count(*) FROM device_macs WHERE mac='00:19:aa:00:00:02'")" 1
t_is "corrupt capture: scan marked failed" "$(sqlite3 "$T_TMP/x.db" "SELECT state FROM scans")" failed
out=$("$NETLOOM" --db "$T_TMP/g.db" listen --read "$T_TMP/garbage.pcap" 2>&1); rc=$?
t_is "not a capture file exits 1" "$rc" 1
t_match "not a capture file: clear error" "$out" 'garbage\.pcap: cannot read as a capture file: unknown file format'
head -c 100 "$T_TMP/c.pcap" > "$T_TMP/short.pcap"
out=$("$NETLOOM" --db "$T_TMP/s.db" listen --read "$T_TMP/short.pcap" 2>&1); rc=$?
t_is "capture cut mid-record exits 1" "$rc" 1
t_match "capture cut mid-record: clear error" "$out" 'short\.pcap: damaged after 1 packets: truncated dump file'

# pcapng, as libpcap reads it: the same frames, the same findings.
python3 "$gen" pcapng "$T_TMP/c.pcapng"
out=$("$NETLOOM" --db "$T_TMP/ng.db" listen --read "$T_TMP/c.pcapng" 2>&1)
t_match "pcapng: every packet" "$out" 'c\.pcapng: 33 packets'
t_match "pcapng: same bad-frame counts" "$out" 'truncated 3, snaplen-cut 1, bogus 5'
t_match "pcapng: findings" "$out" 'cleartext\.snmp=v2c community seen \(length 6, default\)'
t_done

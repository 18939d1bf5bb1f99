#!/bin/bash
# netloom listen --interface on a veth pair inside a network namespace this test creates:
# crafted frames sent on one end are learned on the other, and netloom runs as nobody
# once the interface is open. Nothing leaves the namespace; the documentation range used
# (198.18.0.0/15, and 198.51.100.0/24 that the crafted frames name) is blackholed in the
# root namespace first, in case anything leaked.
. "$(dirname "$0")/../lib.sh"

ns=nlpcap$$
db=$T_TMP/live.db

if [ "$(id -u)" != 0 ]; then
    t_failed "running as root (network namespaces need it)"; t_done
fi
for range in 198.18.0.0/15 198.51.100.0/24; do
    if ! ip route show type blackhole | grep -q "^blackhole $range"; then
        ip route add blackhole $range && t_on_exit "ip route del blackhole $range"
    fi
    t_match "blackhole route for $range in the root namespace" "$(ip route show type blackhole)" \
        "^blackhole ${range//./\\.}"
done
ip netns add "$ns" && t_on_exit "ip netns del $ns"
ip -n "$ns" link add vpa type veth peer name vpb
ip -n "$ns" link set lo up
ip -n "$ns" link set vpa up
ip -n "$ns" link set vpb up
ip -n "$ns" addr add 198.18.0.1/24 dev vpa
t_match "veth pair inside the namespace" "$(ip -n "$ns" -br link 2>&1)" 'vpb@vpa.*UP'

ip netns exec "$ns" "$NETLOOM" --db "$db" listen --interface vpb --duration 5 --user nobody \
    >"$T_TMP/out" 2>&1 &
lpid=$!
t_on_exit "kill $lpid 2>/dev/null"
# The drop happens right after the interface opens: once the uid is nobody's, it listens.
nobody=$(id -u nobody)
uid=""
for _ in $(seq 100); do
    uid=$(awk '/^Uid:/ {print $2 "/" $3 "/" $4 "/" $5}' /proc/$lpid/status 2>/dev/null)
    [ "$uid" = "$nobody/$nobody/$nobody/$nobody" ] && break
    sleep 0.05
done
t_is "privileges dropped to nobody after opening the interface" "$uid" "$nobody/$nobody/$nobody/$nobody"
t_is "no supplementary groups left" "$(awk '/^Groups:/ {print $2}' /proc/$lpid/status 2>/dev/null)" \
    "$(id -g nobody)"

# Refuse to send anything unless the namespace is there: traffic stays inside it.
if ip netns list | grep -qw "$ns"; then
    ip netns exec "$ns" python3 - "$NETLOOM_TOP/bench" <<'EOF'
import socket, sys
sys.path.insert(0, sys.argv[1])
import pcapgen
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("vpa", 0))
for name, frame, caplen, wirelen in pcapgen.crafted_frames():
    if caplen is None and len(frame) >= 14:
        try:
            s.send(frame)
        except OSError:
            pass
EOF
    t_is "crafted frames sent inside the namespace" "$?" 0
else
    t_failed "namespace $ns exists: not sending"
fi
wait $lpid; rc=$?
out=$(cat "$T_TMP/out")
t_is "listen --interface --duration ends by itself, exit 0" "$rc" 0
t_match "it captured frames" "$out" 'listen: vpb: [1-9][0-9]* packets'
t_match "the Cisco switch, from CDP and ARP" "$out" '^device 00:19:aa:00:00:02 198\.51\.100\.1 \(Cisco Systems, Inc\)'
t_match "LLDP relation names this host and the interface" "$out" \
    "relation lldp port=Ethernet1 remote=$(hostname) remote_port=vpb"
t_match "cleartext SNMP seen live" "$out" 'cleartext\.snmp=v2c community seen \(length 6, default\)'
t_match "cleartext telnet seen live" "$out" 'cleartext\.telnet=telnet session seen'
t_is "snapshots written after the drop" "$(sqlite3 "$db" "SELECT count(*) > 5 FROM snapshots WHERE source='pcap'")" 1
t_is "scan complete" "$(sqlite3 "$db" "SELECT state FROM scans")" complete
t_rc "an unknown --user is refused" 1 ip netns exec "$ns" "$NETLOOM" --db "$db" listen \
    --interface vpb --duration 1 --user no-such-user-nl
t_rc "a missing interface is an error" 1 ip netns exec "$ns" "$NETLOOM" --db "$db" listen \
    --interface nosuchif0 --duration 1
t_done

#!/bin/bash
# Adaptive pacing: one snmpd of our own listens on 2,000 loopback addresses, and a scan
# far faster than it can answer (--rate 100000, --window 4096, 500 ms timeout) must still
# find and fully walk every address: late answers are kept, the pace halves on signs of
# overload, and silence while congested earns extra retries.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1
n=${NETLOOM_PACING_HOSTS:-2000}
a=$((200 + RANDOM % 50)) b=$((RANDOM % 30 * 8))
comm=pace-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')
mkdir -p agent/state
cat > agent/snmpd.conf <<EOC
[snmp] persistentDir $T_TMP/agent/state
[snmp] mibs :
sysname pace-agent
view sysv included .1.3.6.1.2.1.1
view sysv included .1.3.6.1.6.3.10.2.1
rocommunity $comm 127.0.0.0/8 -V sysv
EOC
chmod 600 agent/snmpd.conf
port=$((20000 + RANDOM % 20000))
: > targets
listen=()
for ((i = 0; i < n; i++)); do
    ip=127.$a.$((b + i / 250)).$((i % 250 + 1))
    echo "$ip" >> targets
    listen+=("udp:$ip:$port")
done
# Addresses on the command line: agentaddress lines stop at about 120 (LAB-NOTES).
snmpd -C -c "$T_TMP/agent/snmpd.conf" -p "$T_TMP/agent/pid" -Lf "$T_TMP/agent/log" \
    -I -smux,mteTrigger,mteTriggerConf "${listen[@]}"
for _ in $(seq 100); do [ -s agent/pid ] && break; sleep 0.1; done
apid=$(cat agent/pid 2>/dev/null)
# shellcheck disable=SC2016
t_on_exit 'kill "$apid" 2>/dev/null; for _ in $(seq 50); do kill -0 "$apid" 2>/dev/null || break; sleep 0.1; done'
t_match "snmpd listens on $n addresses" "$apid" '^[0-9]+$'
sleep 0.5

printf '<credentials><snmp name="pace" version="2c"><community>%s</community></snmp></credentials>\n' \
    "$comm" > c.xml
chmod 600 c.xml
out=$("$NETLOOM" --db "$T_TMP/p.db" scan --credentials c.xml --port "$port" --rate 100000 \
    --window 4096 --timeout 500 --json @targets 2>err)
rc=$?
err=$(cat err)
t_is "scan exits 0" "$rc" 0
t_is "every address found" "$(printf '%s\n' "$out" | grep -c '"sys.name":"pace-agent"')" "$n"
t_match "summary: all responders stored" "$err" "scan [0-9]+: $n addresses, $n responders, $n stored"
t_is "no device lost its walk" "$(printf '%s\n' "$out" | grep -c '"snmp.error"')" 0
t_is "every walk reached the engine ID" "$(printf '%s\n' "$out" | grep -c '"snmp.engine_id":"[0-9a-f]')" "$n"
t_match "the engine slowed down" "$err" ' [1-9][0-9]* slowdowns'
# One agent behind every address: the store knows it is one device (same engine ID).
t_is "one agent, one device in the store" "$(sqlite3 "$T_TMP/p.db" 'select count(*) from devices')" 1
t_done

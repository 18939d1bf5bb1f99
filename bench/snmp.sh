#!/bin/bash
# SNMP discovery benchmark (issue 3): a /16 on loopback in which a few dozen agents answer
# and every other address is silent, scanned side by side by `onesixtyone -w 0` (bare
# sysDescr sweep) and `netloom scan` (probe + full identity walk, 1 retry, 1 s timeout),
# several rounds, medians, ratio, responders found, peak memory. Then the per-device
# collection time of netloom against snmpbulkwalk of the same subtrees.
# Usage: bench/snmp.sh NETLOOM_BINARY. Env: NETLOOM_BENCH_NET (127.93),
# NETLOOM_BENCH_ROUNDS (3), NETLOOM_BENCH_AGENTS (36), NETLOOM_BENCH_RATE (100000),
# NETLOOM_BENCH_WINDOW (65536). Needs root (udp/161), snmpd, onesixtyone, snmpbulkwalk.
set -u
NETLOOM=${1:?usage: bench/snmp.sh NETLOOM_BINARY}
net=${NETLOOM_BENCH_NET:-127.93}
rounds=${NETLOOM_BENCH_ROUNDS:-3}
nagents=${NETLOOM_BENCH_AGENTS:-36}
rate=${NETLOOM_BENCH_RATE:-100000}
window=${NETLOOM_BENCH_WINDOW:-65536}
for t in snmpd onesixtyone snmpbulkwalk /usr/bin/time; do
    command -v "$t" >/dev/null || { echo "bench/snmp: $t missing (make deps)"; exit 1; }
done
w=$(mktemp -d /tmp/netloom-bench.XXXXXX)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    done
    rm -rf "$w"
}
trap cleanup EXIT INT TERM
comm=bench-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')

# Agents: 4 snmpd processes, the addresses spread over the /16 (full MIB view: the
# host's real IF-MIB, HOST-RESOURCES, IP-MIB tables).
: > "$w/agents"
declare -a listen
for ((i = 0; i < nagents; i++)); do
    ip=$net.$(( (i * 37 + 5) % 256 )).$(( (i * 53 + 11) % 254 + 1 ))
    echo "$ip" >> "$w/agents"
    listen[i % 4]="${listen[i % 4]:-} udp:$ip:161"
done
for k in 0 1 2 3; do
    d=$w/agent$k
    mkdir -p "$d/state"
    printf '[snmp] persistentDir %s\n[snmp] mibs :\nsysname bench-agent-%s\nrocommunity %s 127.0.0.0/8\n' \
        "$d/state" "$k" "$comm" > "$d/snmpd.conf"
    chmod 600 "$d/snmpd.conf"
    # shellcheck disable=SC2086
    snmpd -C -c "$d/snmpd.conf" -p "$d/pid" -Lf "$d/log" -I -smux,mteTrigger,mteTriggerConf ${listen[k]}
    for _ in $(seq 50); do [ -s "$d/pid" ] && break; sleep 0.1; done
    [ -s "$d/pid" ] || { echo "bench/snmp: snmpd $k did not start:"; tail -3 "$d/log"; exit 1; }
    pids+=("$(cat "$d/pid")")
done
sleep 0.5
printf '%s\n' "$comm" > "$w/communities"
chmod 600 "$w/communities"
printf '<credentials><snmp name="bench" version="2c"><community>%s</community></snmp></credentials>\n' \
    "$comm" > "$w/creds.xml"
chmod 600 "$w/creds.xml"

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "bench/snmp: $net.0.0/16 (65,536 addresses), $nagents agents answer; $rounds rounds"
echo "round tool         wall_s  hosts/s  found  peak_rss_MiB"
: > "$w/o_t"; : > "$w/n_t"; : > "$w/o_f"; : > "$w/n_f"; : > "$w/n_m"; : > "$w/o_m"
for ((r = 1; r <= rounds; r++)); do
    /usr/bin/time -f '%e %M' -o "$w/time" onesixtyone -c "$w/communities" -w 0 "$net.0.0/16" \
        > "$w/o_out" 2>&1
    read -r ot om < "$w/time"
    of=$(grep -oE "^$net\.[0-9]+\.[0-9]+ " "$w/o_out" | sort -u | wc -l)
    printf '%-5s %-12s %7.2f %8.0f %6d %12.1f\n' "$r" onesixtyone "$ot" "$(echo "65536 / $ot" | bc -l)" "$of" "$(echo "$om / 1024" | bc -l)"
    rm -f "$w/db"*
    /usr/bin/time -f '%e %M' -o "$w/time" "$NETLOOM" --db "$w/db" scan --credentials "$w/creds.xml" \
        --rate "$rate" --window "$window" --timeout 1000 --retries 1 --json "$net.0.0/16" \
        > "$w/n_out" 2> "$w/n_err"
    read -r nt nm < "$w/time"
    nf=$(grep -c '"sys.name":"bench-agent-' "$w/n_out")
    full=$(grep '"hw.vendor"' "$w/n_out" | grep '"snmp.engine_id"' | grep -c '"interfaces":[1-9]')
    printf '%-5s %-12s %7.2f %8.0f %6d %12.1f   (%d with vendor, engine ID, interfaces)\n' "$r" netloom "$nt" \
        "$(echo "65536 / $nt" | bc -l)" "$nf" "$(echo "$nm / 1024" | bc -l)" "$full"
    tail -1 "$w/n_err" | sed 's/^/      /'
    echo "$ot" >> "$w/o_t"; echo "$nt" >> "$w/n_t"; echo "$of" >> "$w/o_f"; echo "$nf" >> "$w/n_f"
    echo "$nm" >> "$w/n_m"; echo "$om" >> "$w/o_m"
done
mo=$(median < "$w/o_t"); mn=$(median < "$w/n_t")
printf 'median wall: onesixtyone %.2f s, netloom %.2f s; netloom/onesixtyone = %.2f\n' "$mo" "$mn" "$(echo "$mn / $mo" | bc -l)"
printf 'median found (of %d): onesixtyone %s, netloom %s; netloom peak RSS median %.1f MiB\n' "$nagents" \
    "$(median < "$w/o_f")" "$(median < "$w/n_f")" "$(echo "$(median < "$w/n_m") / 1024" | bc -l)"

# Per-device collection: one agent, netloom's whole scan of it against snmpbulkwalk
# (-Cr24 like our max-repetitions) of the same 22 subtrees, one after the other.
a1=$(head -1 "$w/agents")
roots="1.3.6.1.2.1.1 1.3.6.1.6.3.10.2.1 1.3.6.1.2.1.47.1.1.1.1 1.3.6.1.2.1.2.2.1.2 1.3.6.1.2.1.2.2.1.3
1.3.6.1.2.1.2.2.1.5 1.3.6.1.2.1.2.2.1.6 1.3.6.1.2.1.2.2.1.7 1.3.6.1.2.1.2.2.1.8 1.3.6.1.2.1.31.1.1.1.1
1.3.6.1.2.1.31.1.1.1.15 1.3.6.1.2.1.31.1.1.1.18 1.3.6.1.2.1.4.20.1.2 1.3.6.1.2.1.4.20.1.3
1.3.6.1.2.1.4.34.1.3 1.3.6.1.2.1.4.34.1.5 1.3.6.1.2.1.25.6.3.1.2 1.3.6.1.2.1.25.2.3.1
1.0.8802.1.1.2.1.3 1.0.8802.1.1.2.1.4.1.1 1.0.8802.1.1.2.1.4.2.1 1.3.6.1.4.1.9.9.23.1.2.1.1"
mkdir -p "$w/snmpconf"
printf 'defVersion 2c\ndefCommunity %s\nmibs :\n' "$comm" > "$w/snmpconf/snmp.conf"
chmod 600 "$w/snmpconf/snmp.conf"
: > "$w/d_n"; : > "$w/d_b"
for ((r = 1; r <= 5; r++)); do
    s=$(date +%s.%N)
    "$NETLOOM" --db "$w/d.db" scan --credentials "$w/creds.xml" --timeout 1000 "$a1" 2>/dev/null
    e=$(date +%s.%N); echo "$e - $s" | bc -l >> "$w/d_n"
    s=$(date +%s.%N)
    for o in $roots; do SNMPCONFPATH=$w/snmpconf snmpbulkwalk -On -Cr24 "$a1" "$o"; done > "$w/bw" 2>&1
    e=$(date +%s.%N); echo "$e - $s" | bc -l >> "$w/d_b"
done
dn=$(median < "$w/d_n"); db=$(median < "$w/d_b")
printf 'per device (%s, median of 5): netloom scan %.3f s, snmpbulkwalk x22 %.3f s (%d lines); ratio %.2f\n' \
    "$a1" "$dn" "$db" "$(wc -l < "$w/bw")" "$(echo "$dn / $db" | bc -l)"

#!/bin/bash
# A scan killed with SIGKILL mid-way: every snapshot committed before the kill is intact and
# readable, no snapshot is half-written, and the next run marks the dead scan interrupted.
. "$(dirname "$0")/../lib.sh"
t_need_lab
cd "$T_TMP"

creds=$T_TMP/creds.xml
cat > "$creds" <<XML
<?xml version="1.0"?>
<credentials>
  <snmp name="lab-public" version="2c"><community>public</community></snmp>
  <snmp name="lab-linux" version="2c"><community>$LAB_SNMP_COMMUNITY</community></snmp>
</credentials>
XML
chmod 600 "$creds"

# Every snapshot must be whole: its device exists, it has facts and its snmp-walk artifact.
partial_snapshots() {
    sqlite3 "$1" "SELECT count(*) FROM snapshots s WHERE
        NOT EXISTS (SELECT 1 FROM facts f WHERE f.snapshot_id = s.id) OR
        NOT EXISTS (SELECT 1 FROM snapshot_artifacts a WHERE a.snapshot_id = s.id
                    AND a.name = 'snmp-walk') OR
        NOT EXISTS (SELECT 1 FROM devices d WHERE d.id = s.device_id)"
}

# Responders first, then a long tail of silent addresses: with one host in flight the scan
# stores the responders within a second and then spends minutes on timeouts.
silent_tail="${LAB_NET}.9.10-250"
db=$T_TMP/kill.db
"$NETLOOM" --db "$db" scan --credentials "$creds" --window 1 --timeout 400 --retries 1 \
    "$LAB_SNMP_PUBLIC" "$LAB_SNMP_V2" "$LAB_SNMP_EOS" "$silent_tail" >/dev/null 2>&1 &
pid=$!
t_on_exit "kill -9 $pid 2>/dev/null"
n=0
for _ in $(seq 1 100); do
    n=$(sqlite3 "$db" "SELECT count(*) FROM snapshots" 2>/dev/null || echo 0)
    [ "${n:-0}" -ge 3 ] && break
    sleep 0.1
done
t_is "three snapshots committed before the kill" "$n" 3
kill -0 "$pid" 2>/dev/null; t_is "the scan is still running (busy with silent hosts)" "$?" 0
kill -9 "$pid"
wait "$pid" 2>/dev/null

t_is "the dead scan is still recorded as running" \
    "$(sqlite3 "$db" "SELECT state FROM scans")" running
t_ok "integrity check passes after SIGKILL" "$NETLOOM" --db "$db" db check
t_is "no snapshot is half-written" "$(partial_snapshots "$db")" 0
out=$("$NETLOOM" --db "$db" devices --json)
t_is "the three devices are readable" "$(printf '%s\n' "$out" | grep -c '^{')" 3
t_match "...with their identity" "$out" "\"serial\":\"$LAB_SNMP_PUBLIC_SERIAL\""
out=$("$NETLOOM" --db "$db" scans)
t_match "the next run marks the dead scan interrupted" "$out" '^1 +interrupted .* 3 '
t_is "...in the store" "$(sqlite3 "$db" "SELECT state FROM scans WHERE id = 1")" interrupted
t_ok "a new scan into the same store works" "$NETLOOM" --db "$db" scan --credentials "$creds" \
    --timeout 400 "$LAB_SNMP_PUBLIC" "$LAB_SNMP_V2" "$LAB_SNMP_EOS"
t_is "...and completes" "$(sqlite3 "$db" "SELECT state FROM scans WHERE id = 2")" complete
t_is "...finding the same three devices" "$(sqlite3 "$db" "SELECT count(*) FROM devices")" 3

# Kills at arbitrary moments, including in the middle of a write: never a torn store.
db=$T_TMP/random.db
# Created first: a kill before the first migration committed leaves an empty file, which
# is consistent but has no tables to inspect.
"$NETLOOM" --db "$db" db init >/dev/null
torn=0
for round in 1 2 3 4 5 6; do
    "$NETLOOM" --db "$db" scan --credentials "$creds" --timeout 300 --retries 0 \
        "$LAB_SNMP_PUBLIC" "$LAB_SNMP_V2" "$LAB_SNMP_EOS" "$LAB_SNMPSIM" \
        "${LAB_NET}.9.10-40" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$((RANDOM % 9 + 1))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if ! "$NETLOOM" --db "$db" db check >/dev/null 2>&1; then torn=$((torn + 1)); fi
    [ "$(partial_snapshots "$db")" = 0 ] || torn=$((torn + 1))
done
t_is "no kill left a damaged store or a partial snapshot" "$torn" 0
# Each round's scan was either killed mid-way (left running, then marked interrupted by
# the next round's scan) or had finished.
killed=$(sqlite3 "$db" "SELECT count(*) FROM scans WHERE state IN ('running', 'interrupted')")
t_match "scans were killed mid-way" "$killed" '^[1-6]$'
"$NETLOOM" --db "$db" scans >/dev/null
t_is "every killed scan is marked interrupted" \
    "$(sqlite3 "$db" "SELECT count(*) FROM scans WHERE state = 'interrupted'")" "$killed"
t_is "...and none is left running" \
    "$(sqlite3 "$db" "SELECT count(*) FROM scans WHERE state = 'running'")" 0

t_done

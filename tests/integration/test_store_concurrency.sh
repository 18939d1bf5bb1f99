#!/bin/bash
# Several processes opening and migrating one new database at once: each either works or
# fails with a clear message, and the database is never damaged.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP"

for round in 1 2 3; do
    db="$T_TMP/race$round.db"
    pids=()
    for i in $(seq 1 12); do
        "$NETLOOM" --db "$db" db init >"$T_TMP/o.$round.$i" 2>&1 &
        pids+=($!)
    done
    ok=0; clear=1
    for i in "${!pids[@]}"; do
        if wait "${pids[$i]}"; then ok=$((ok + 1))
        elif ! grep -qE '^netloom: .*(busy|locked)' "$T_TMP/o.$round.$((i + 1))"; then clear=0
            sed 's/^/#   /' "$T_TMP/o.$round.$((i + 1))"
        fi
    done
    t_is "round $round: every racing init succeeded or failed clearly" "$clear" 1
    t_match "round $round: at least one init succeeded" "$ok" '^([1-9]|1[0-2])$'
    t_ok "round $round: integrity check passes" "$NETLOOM" --db "$db" db check
    t_is "round $round: schema migrated exactly once" \
        "$(sqlite3 "$db" "SELECT count(*) FROM sqlite_master WHERE name = 'devices'")" 1
done

# A reader while a writer holds the write lock: readers are never blocked in WAL mode.
db="$T_TMP/rw.db"
"$NETLOOM" --db "$db" db init >/dev/null
sqlite3 "$db" "INSERT INTO scans (started, state, targets, collector, version) VALUES (1, 'complete', 'x', 'h', 'v')"
( sqlite3 "$db" "BEGIN IMMEDIATE; INSERT INTO meta VALUES ('hold', '1'); SELECT 1;" ".shell sleep 3" "COMMIT;" >/dev/null ) &
holder=$!
sleep 0.5
start=$(date +%s%N)
out=$("$NETLOOM" --db "$db" devices 2>&1); rc=$?
t_is "a reader works while another process writes" "$rc" 0
# A writer waits (bounded) and then fails with a clear message, never corrupting.
err=$(NETLOOM_BUSY_TIMEOUT=200 "$NETLOOM" --db "$db" db init 2>&1); rc=$?
t_is "a second writer gives up after its busy timeout" "$rc" 1
t_match "...with a clear one-line message" "$err" "busy: another netloom process is writing"
wait "$holder"
t_ok "after the writer finished, writing works" "$NETLOOM" --db "$db" db init
t_ok "and the store is intact" "$NETLOOM" --db "$db" db check

t_done

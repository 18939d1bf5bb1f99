#!/bin/bash
# The CLI skeleton: help, version, exit codes, unbuilt stages, the store commands.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP"

out=$("$NETLOOM" --version)
t_match "--version prints the version" "$out" '^netloom [0-9]+\.[0-9]+\.[0-9]+$'
out=$("$NETLOOM" --help)
for c in scan listen audit drift report assets impact run policy scans devices db; do
    t_match "--help lists $c" "$out" "^  $c "
    t_rc "$c --help exits 0" 0 "$NETLOOM" "$c" --help
    h=$("$NETLOOM" "$c" --help)
    t_match "$c --help shows usage" "$h" "^usage: netloom .*$c"
done
t_rc "no command is an error" 1 "$NETLOOM"
t_rc "unknown command is an error" 1 "$NETLOOM" frobnicate
err=$("$NETLOOM" frobnicate 2>&1)
t_match "unknown command named in one line" "$err" "^netloom: unknown command 'frobnicate'"
t_rc "unknown global option is an error" 1 "$NETLOOM" --frob scans

# Stages not built yet say so, exit 1, and print nothing on stdout.
for c in "audit" "drift" "report" "assets list" "impact x" "run --job j.xml" "policy check p.xml"; do
    # shellcheck disable=SC2086
    o=$("$NETLOOM" --db "$T_TMP/nb.db" $c 2>"$T_TMP/err"); rc=$?
    if [ "$(cat "$T_TMP/err")" = "" ]; then e=""; else e=$(cat "$T_TMP/err"); fi
    if [ "$(set -- $c; "$NETLOOM" "$1" --help | grep -c 'Not built yet')" = 1 ]; then
        t_is "$c: unbuilt stage exits 1" "$rc" 1
        t_is "$c: unbuilt stage prints nothing on stdout" "$o" ""
        t_match "$c: says it is not built" "$e" "not built yet"
    else
        t_pass "$c: stage is built (covered by its own suite)"
    fi
done

# The store commands.
t_ok "db init creates the store" "$NETLOOM" --db "$T_TMP/a.db" db init
t_is "store file is private (0600)" "$(stat -c %a "$T_TMP/a.db")" 600
t_is "schema version" "$("$NETLOOM" --db "$T_TMP/a.db" db version)" 8
t_ok "db check on a fresh store" "$NETLOOM" --db "$T_TMP/a.db" db check
t_is "--db after the command works too" "$("$NETLOOM" db --db "$T_TMP/a.db" version)" 8
t_is "--db=PATH form" "$("$NETLOOM" db --db="$T_TMP/a.db" version)" 8
out=$("$NETLOOM" --db "$T_TMP/a.db" scans)
t_match "scans on an empty store prints the header" "$out" '^ID +STATE'
out=$("$NETLOOM" --db "$T_TMP/a.db" devices --json)
t_is "devices --json on an empty store prints nothing" "$out" ""
t_rc "read-only commands do not create a store" 1 "$NETLOOM" --db "$T_TMP/none.db" devices
t_is "...and no file appeared" "$(ls "$T_TMP"/none.db* 2>/dev/null | wc -l)" 0
err=$("$NETLOOM" --db "$T_TMP/none.db" devices 2>&1)
t_match "missing store: one line naming the path" "$err" "^netloom: $T_TMP/none.db: no database"
echo "not a database" > "$T_TMP/junk.db"
err=$("$NETLOOM" --db "$T_TMP/junk.db" db init 2>&1); rc=$?
t_is "a non-database file is refused" "$rc" 1
t_match "...with a clear message" "$err" "not a netloom database"
t_is "...and is left untouched" "$(cat "$T_TMP/junk.db")" "not a database"

t_done

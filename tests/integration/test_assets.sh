#!/bin/bash
# The asset register through the binary: Snipe-IT import, bad rows, strict, corrupt files,
# export round trip, set/history/link, reconcile output and exit codes.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1
DATA=$NETLOOM_TOP/tests/data/assets
db=$T_TMP/a.db
nl() { "$NETLOOM" --db "$db" "$@"; }

out=$(nl assets import "$DATA/snipeit-export.csv" 2>"$T_TMP/err"); rc=$?
t_is "import with one bad row exits 2" "$rc" 2
t_is "import summary" "$out" \
    "$DATA/snipeit-export.csv: 6 rows: 5 created, 0 updated, 0 unchanged, 1 bad"
t_is "bad row named by file and line" "$(cat "$T_TMP/err")" \
    "netloom: $DATA/snipeit-export.csv:6: Purchased: '2023-13-45' is not a date (YYYY-MM-DD)"
t_is "re-import changes nothing" "$(nl assets import "$DATA/snipeit-export.csv" 2>/dev/null)" \
    "$DATA/snipeit-export.csv: 6 rows: 0 created, 0 updated, 5 unchanged, 1 bad"
t_is "five assets, no duplicates" "$(nl assets list --json | wc -l)" 5
t_match "UTF-8 owner kept" "$(nl assets show NL-0001)" 'owner +Zoë Müller'
t_match "Snipe-IT status mapped" "$(nl assets list --state 'in stock')" '^NL-0003 +in stock'
t_match "warranty months from purchase date" "$(nl assets show NL-0002)" 'warranty_end +2027-06-01'
t_match "Depends On column by hostname" "$(nl assets show NL-0002)" 'depends_on +NL-0001'
j=$(nl assets show --json NL-0002)
t_ok "show --json is JSON" python3 -c 'import json,sys; json.loads(sys.argv[1])' "$j"
t_match "embedded newline survives" "$j" '"notes":"multi-line\\u000anote with \\"quotes\\""'

# Export: formula-like cells neutralised; a fresh store importing it exports the same bytes.
nl assets export "$T_TMP/e1.csv"
t_match "formula neutralised on export" "$(cat "$T_TMP/e1.csv")" "\"'=HYPERLINK"
t_match "@ neutralised on export" "$(cat "$T_TMP/e1.csv")" ",'@Tom,"
t_nomatch "no cell starts with =" "$(cat "$T_TMP/e1.csv")" '(^|,)"?[=+@-]'
t_is "re-import of the export is clean" \
    "$("$NETLOOM" --db "$T_TMP/b.db" assets import "$T_TMP/e1.csv")" \
    "$T_TMP/e1.csv: 5 rows: 5 created, 0 updated, 0 unchanged, 0 bad"
"$NETLOOM" --db "$T_TMP/b.db" assets export "$T_TMP/e2.csv"
t_ok "export round trip is byte for byte" cmp "$T_TMP/e1.csv" "$T_TMP/e2.csv"

# Strict and corrupt files leave the register untouched.
before=$(nl assets export)
printf 'Asset Tag,Location\nNL-0001,Moved\nNL-0099,"never closed\n' >"$T_TMP/broken.csv"
t_rc "unterminated quote: exit 1" 1 nl assets import "$T_TMP/broken.csv"
t_match "…with its line" "$(nl assets import "$T_TMP/broken.csv" 2>&1)" 'broken.csv:3: quoted field never ends'
printf 'Asset Tag,Location,Purchase Date\nNL-0001,Moved,\nNL-0098,X,2020-02-30\n' >"$T_TMP/strict.csv"
t_rc "--strict with a bad row: exit 1" 1 nl assets import --strict "$T_TMP/strict.csv"
t_is "register unchanged after both" "$(nl assets export)" "$before"
t_rc "without --strict the good row goes in" 2 nl assets import "$T_TMP/strict.csv"
t_match "history names the file" "$(nl assets history NL-0001)" 'import:strict.csv +location +Paris, DC1 -> Moved'

# --map for other tools' headers
printf 'Inventory No,Holder,Site\r\nX-1,Ana,Rome\r\n' >"$T_TMP/other.csv"
t_rc "unknown tag header is refused" 1 nl assets import "$T_TMP/other.csv"
t_ok "--map maps it" nl assets import --map 'Inventory No=tag,Holder=owner,Site=location' "$T_TMP/other.csv"
t_match "mapped fields" "$(nl assets show X-1)" 'owner +Ana'

# set validates; history records cli
t_rc "set refuses a bad date" 1 nl assets set X-1 warranty_end=2024-02-30
t_rc "set refuses a bad state" 1 nl assets set X-1 state=vanished
t_rc "set refuses an unknown asset" 1 nl assets set NOPE state=lost
t_ok "set changes a field" nl assets set X-1 state=retired custom.Room=B12
t_match "history has the cli change" "$(nl assets history X-1)" ' cli +state +deployed -> retired'
t_ok "link declares a dependency" nl assets link X-1 depends-on NL-0002
t_match "dependency shown" "$(nl assets show X-1)" 'depends_on +NL-0002'
t_rc "linking to nothing fails" 1 nl assets link X-1 depends-on nowhere
t_ok "unlink removes it" nl assets unlink X-1 depends-on NL-0002

# reconcile with no devices discovered: every deployed asset is missing
out=$(nl assets reconcile); rc=$?
t_is "reconcile with findings exits 2" "$rc" 2
t_match "deployed asset never seen is missing" "$out" '^missing +deployed asset NL-0001 was never seen'
t_match "ended warranty while deployed" "$out" '^warranty-ended +asset NL-0001 is deployed; its warranty ended 2024-03-15'
j=$(nl assets reconcile --json)
t_ok "reconcile --json is JSON" python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["version"] == 1 and d["links"] == [] and len(d["findings"]) > 0' "$j"
t_rc "reconcile rejects a bad --stale-days" 1 nl assets reconcile --stale-days 0
# impact over declared dependencies, cycle-safe
nl assets link NL-0003 depends-on NL-0002 && nl assets link NL-0001 depends-on NL-0003
out=$(nl impact NL-0001)
t_match "impact: direct dependant with owner" "$out" '^1 asset +NL-0002 +\(depends-on NL-0001\) +owner: José García'
t_match "impact: transitive dependant" "$out" '^  2 asset +NL-0003 +\(depends-on NL-0002\)'
t_is "impact stops at the cycle" "$(nl impact --json NL-0001 | wc -l)" 2
t_is "impact --depth 1" "$(nl impact --json --depth 1 NL-0001 | wc -l)" 1
t_rc "impact of nothing" 1 nl impact no-such-thing
t_rc "assets with no subcommand" 1 nl assets
t_rc "unknown subcommand" 1 nl assets frob
t_done

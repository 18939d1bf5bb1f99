#!/bin/bash
# Issue 6 benchmark: reconcile N (100,000) registered assets against N discovered devices
# (bench/assetgen.py: generated, with realistic noise), beside sqlite3's own `.import` of the
# same CSV as the floor. Times the CSV import and the reconciliation separately; medians of
# BENCH_ROUNDS (3) rounds, peak RSS from /usr/bin/time. Target: reconcile < 2 s, < 512 MiB.
set -u
nl=${1:?usage: bench/assets.sh NETLOOM_BINARY}
here=$(cd "$(dirname "$0")" && pwd)
n=${BENCH_ASSETS_N:-100000}
rounds=${BENCH_ROUNDS:-3}
for tool in sqlite3 python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench/assets.sh: $tool is missing (tools/deps.sh)"; exit 1; }
done
work=$(mktemp -d /tmp/netloom-bench-assets.XXXXXX)
trap 'rm -rf "$work"' EXIT

# timed OUT CMD...: wall seconds and peak RSS (KiB) of CMD into OUT as "wall rss rc"
timed() {
    local out=$1 rc; shift
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr"
    rc=$?
    echo "$(tail -1 "$work/time") $rc" >"$out"
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "assets: $n assets x $n devices, $rounds rounds"
printf '%-6s %-12s %-12s %-12s %-12s %-14s %s\n' round sqlite3-imp netloom-imp import-RSS reconcile reconcile-RSS summary
for r in $(seq 1 "$rounds"); do
    rm -f "$work"/*.db
    "$nl" --db "$work/nl.db" db init >/dev/null || exit 1
    python3 "$here/assetgen.py" "$work/nl.db" "$work/assets.csv" "$n" || exit 1
    timed "$work/sq" sqlite3 "$work/floor.db" ".import --csv $work/assets.csv assets"
    timed "$work/imp" "$nl" --db "$work/nl.db" assets import "$work/assets.csv"
    timed "$work/rec" "$nl" --db "$work/nl.db" assets reconcile
    read -r sq_w sq_m sq_rc <"$work/sq"
    read -r imp_w imp_m imp_rc <"$work/imp"
    read -r rec_w rec_m rec_rc <"$work/rec"
    if [ "$sq_rc" != 0 ] || [ "$imp_rc" != 0 ] || [ "$rec_rc" != 2 ]; then
        echo "bench/assets.sh: a run failed (sqlite3 $sq_rc, import $imp_rc, reconcile $rec_rc)"
        cat "$work/stderr"; exit 1
    fi
    links=$(tail -1 "$work/stdout")
    printf '%-6s %-12s %-12s %-12s %-12s %-14s %s\n' "$r" "${sq_w}s" "${imp_w}s" \
        "$((imp_m / 1024))MiB" "${rec_w}s" "$((rec_m / 1024))MiB" "$links"
    echo "$sq_w" >>"$work/sq.all"; echo "$imp_w" >>"$work/imp.all"; echo "$rec_w" >>"$work/rec.all"
    echo "$rec_m" >>"$work/recm.all"; echo "$imp_m" >>"$work/impm.all"
done
sq=$(median <"$work/sq.all"); imp=$(median <"$work/imp.all"); rec=$(median <"$work/rec.all")
recm=$(median <"$work/recm.all"); impm=$(median <"$work/impm.all")
echo "median: sqlite3 .import ${sq}s; netloom import ${imp}s ($((impm / 1024)) MiB);" \
    "reconcile ${rec}s ($((recm / 1024)) MiB)"
awk -v a="$imp" -v b="$sq" -v c="$rec" 'BEGIN { printf "ratio import/sqlite3 %.1f, (import+reconcile)/sqlite3 %.1f\n", a / b, (a + c) / b }'
awk -v c="$rec" -v m="$recm" 'BEGIN { ok = c < 2 && m < 512 * 1024; print ok ? "target met (reconcile < 2 s, < 512 MiB)" : "TARGET MISSED (reconcile < 2 s, < 512 MiB)" }'

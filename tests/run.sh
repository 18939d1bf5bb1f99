#!/bin/bash
# Runs every suite (cmocka unit binaries, then shell integration scripts) against the
# sanitizer build in $1, counts TAP results, and ends with one line "N passed, N failed".
set -u
build=$(cd "${1:?usage: tests/run.sh BUILD_DIR}" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

export NETLOOM="$build/netloom"
export NETLOOM_TOP="$top"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export CMOCKA_MESSAGE_OUTPUT=TAP
export LC_ALL=C
# The public test corpus (read-only): the shared folder next to the checkout unless
# NETLOOM_CORPUS says otherwise. Every suite and the lab read it from here.
export NETLOOM_CORPUS="${NETLOOM_CORPUS:-$top/../shared/corpus}"
if [ ! -d "$NETLOOM_CORPUS/ios" ]; then
    echo "tests: no corpus at $NETLOOM_CORPUS (set NETLOOM_CORPUS to the shared corpus folder)"
    echo "0 passed, 1 failed"
    exit 1
fi

work=$(mktemp -d /tmp/netloom-test.XXXXXX)
export NETLOOM_TEST_TMP="$work"
lab_dir="$work/lab"
cleanup() {
    if [ -x tests/lab/lab.sh ] && [ -d "$lab_dir" ]; then
        tests/lab/lab.sh down "$lab_dir" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

total_pass=0
total_fail=0
total_skip=0
failed_suites=""

# Counts one suite's TAP output; a suite that crashed or printed fewer results than its
# plan counts as one extra failure so that a crash is never silently green.
count_suite() {
    local name=$1 log=$2 rc=$3 pass fail plan ran skip
    pass=$(grep -cE '^ok ' "$log" || true)
    skip=$(grep -cE '^ok [0-9]+ .*# SKIP' "$log" || true)
    fail=$(grep -cE '^not ok ' "$log" || true)
    plan=$(grep -m1 -oE '^1\.\.[0-9]+' "$log" | cut -d. -f3 || true)
    ran=$((pass + fail))
    if [ -n "$plan" ] && [ "$ran" -lt "$plan" ]; then
        fail=$((fail + plan - ran))
    fi
    if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
        fail=1
    fi
    if [ "$ran" -eq 0 ] && [ "$fail" -eq 0 ]; then
        fail=1   # a suite that tested nothing is a broken suite
    fi
    total_pass=$((total_pass + pass - skip))
    total_fail=$((total_fail + fail))
    total_skip=$((total_skip + skip))
    printf '%-32s %4d passed, %d failed%s\n' "$name" "$((pass - skip))" "$fail" \
        "$([ "$skip" -gt 0 ] && echo ", $skip skipped")"
    [ "$skip" -gt 0 ] && grep -E '^ok [0-9]+ .*# SKIP' "$log" | sed -e 's/^/    | /'
    if [ "$fail" -ne 0 ]; then
        failed_suites="$failed_suites $name"
        sed -e 's/^/    | /' "$log" | grep -vE '^    \| ok ' | tail -n 60
    fi
}

for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    name=unit/$(basename "$t")
    log="$work/$(basename "$t").log"
    (cd "$work" && "$t") >"$log" 2>&1
    count_suite "$name" "$log" $?
done

# The shared lab: integration suites that need real agents read $NETLOOM_LAB/lab.env.
if [ -x tests/lab/lab.sh ]; then
    if tests/lab/lab.sh up "$lab_dir" >"$work/lab-up.log" 2>&1; then
        export NETLOOM_LAB="$lab_dir"
    else
        echo "lab: failed to come up:"; sed -e 's/^/    | /' "$work/lab-up.log" | tail -n 30
        total_fail=$((total_fail + 1))
        failed_suites="$failed_suites lab"
    fi
fi

for t in tests/integration/test_*.sh; do
    [ -f "$t" ] || continue
    name=integration/$(basename "$t" .sh)
    log="$work/$(basename "$t").log"
    timeout 900 bash "$t" >"$log" 2>&1
    count_suite "$name" "$log" $?
done

if [ -n "$failed_suites" ]; then
    echo "failed suites:$failed_suites"
fi
[ "$total_skip" -gt 0 ] && echo "$total_skip skipped (not counted as passed)"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]

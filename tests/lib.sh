# Sourced by integration tests: TAP output, temporary folders, helpers to run netloom.
# Each test script calls t_done at the end; the plan is printed there.
set -u
T_N=0
T_FAIL=0
NETLOOM=${NETLOOM:?run through tests/run.sh or set NETLOOM to the binary}
NETLOOM_TOP=${NETLOOM_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
T_TMP=$(mktemp -d "${NETLOOM_TEST_TMP:-/tmp}/t.XXXXXX")
trap 't_cleanup' EXIT
t_cleanup_hooks=()

t_cleanup() {
    local h
    for h in "${t_cleanup_hooks[@]}"; do eval "$h" || true; done
    rm -rf "$T_TMP"
}

# t_on_exit CMD: run CMD when the test script ends (lab teardown, kill helpers).
t_on_exit() { t_cleanup_hooks+=("$1"); }

t_pass() { T_N=$((T_N + 1)); echo "ok $T_N - $1"; }
t_failed() {
    T_N=$((T_N + 1)); T_FAIL=$((T_FAIL + 1)); echo "not ok $T_N - $1"
    shift; local l; for l in "$@"; do echo "#   $l"; done
}

# t_skip DESC REASON: TAP "ok N - DESC # SKIP REASON"; tests/run.sh counts it as skipped,
# not passed, and prints the reason.
t_skip() { T_N=$((T_N + 1)); echo "ok $T_N - $1 # SKIP $2"; }

# t_ok DESC CMD...: passes when CMD exits 0.
t_ok() {
    local d=$1; shift
    local out; out=$("$@" 2>&1); local rc=$?
    if [ $rc -eq 0 ]; then t_pass "$d"; else t_failed "$d" "exit $rc: $*" "${out:0:2000}"; fi
}

# t_rc DESC WANT CMD...: passes when CMD exits with status WANT.
t_rc() {
    local d=$1 want=$2; shift 2
    local out; out=$("$@" 2>&1); local rc=$?
    if [ $rc -eq "$want" ]; then t_pass "$d"; else t_failed "$d" "exit $rc, wanted $want: $*" "${out:0:2000}"; fi
}

# t_is DESC GOT WANT
t_is() {
    if [ "$2" == "$3" ]; then t_pass "$1"; else t_failed "$1" "got:  '$2'" "want: '$3'"; fi
}

# t_match DESC TEXT REGEX (grep -E)
t_match() {
    if printf '%s\n' "$2" | grep -qE -- "$3"; then t_pass "$1"
    else t_failed "$1" "no match for /$3/ in:" "${2:0:2000}"; fi
}

# t_nomatch DESC TEXT REGEX
t_nomatch() {
    if printf '%s\n' "$2" | grep -qE -- "$3"; then t_failed "$1" "unexpected /$3/ in:" "${2:0:2000}"
    else t_pass "$1"; fi
}


# Requires the shared lab brought up by tests/run.sh; loads its addresses.
t_need_lab() {
    if [ -z "${NETLOOM_LAB:-}" ] || [ ! -f "$NETLOOM_LAB/lab.env" ]; then
        t_failed "lab is up" "NETLOOM_LAB not set or lab.env missing"; t_done
    fi
    # shellcheck disable=SC1091
    . "$NETLOOM_LAB/lab.env"
}

t_done() {
    echo "1..$T_N"
    [ "$T_FAIL" -eq 0 ] && exit 0
    exit 1
}

#!/bin/bash
# Drift between two real scans of an emulated IOS device whose configuration file is
# changed in between: exactly that change is shown, with the verdict it broke (a
# regression, listed first) and the one it fixed. This suite runs its own sshd with the
# lab's nos-emulator serving a copy of the corpus it can edit.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_emu.sh"
t_need_lab
cd "$T_TMP"
dev=$LAB_NET.9.41
emu_ios_start "$dev"

creds=$T_TMP/creds.xml
cat > "$creds" <<XML
<?xml version="1.0"?>
<credentials>
  <ssh name="lab-key" port="$port"><user>$LAB_SSH_USER</user><key file="$LAB_SSH_KEY"/></ssh>
</credentials>
XML
chmod 600 "$creds"
DB=$T_TMP/drift.db
scan_and_audit() {
    "$NETLOOM" --db "$DB" scan --ssh-only --credentials "$creds" --known-hosts "$kh" "$dev" \
        >/dev/null 2>"$T_TMP/scan.err" || return 1
    "$NETLOOM" --db "$DB" audit >/dev/null 2>&1
    [ $? -ne 1 ]
}
t_ok "first scan and audit" scan_and_audit
t_is "ios-no-http-server passes on the served config" \
    "$(sqlite3 "$DB" "SELECT status FROM rule_results WHERE rule_id = 'ios-no-http-server'")" pass

# The change: the HTTP server turned on (breaks a rule), password encryption turned on
# (fixes one). Inserted before the final "end", as a real config would carry them.
sed -i 's/^end$/ip http server\nservice password-encryption\nend/' "$cfg"
t_is "the served file changed" "$(grep -c '^ip http server$' "$cfg")" 1
t_ok "second scan and audit" scan_and_audit

out=$("$NETLOOM" --db "$DB" drift --color never 2>&1); rc=$?
t_is "drift exits 2 (drift found)" "$rc" 2
# Diff lines are indented under their device; headers are ---/+++.
t_match "the diff shows the added line" "$out" '^ +\+ip http server$'
t_match "...and the other one" "$out" '^ +\+service password-encryption$'
t_is "exactly two lines of the config changed" \
    "$(printf '%s\n' "$out" | grep -cE '^ +[-+]([^-+]|$)')" 2
t_match "...summarised as such" "$out" 'running-config changed, \+2 -0 lines'
t_match "one device compared, one changed" "$out" '1 compared, 1 changed, 0 appeared, 0 vanished, 1 regressions, 1 fixes'
reg=$(printf '%s\n' "$out" | grep -n 'ios-no-http-server' | head -1 | cut -d: -f1)
fix=$(printf '%s\n' "$out" | grep -n 'ios-password-encryption' | head -1 | cut -d: -f1)
t_match "the broken verdict is reported" "$(printf '%s\n' "$out" | grep 'ios-no-http-server')" 'pass.*fail'
t_match "the fixed verdict is reported" "$(printf '%s\n' "$out" | grep 'ios-password-encryption')" 'fail.*pass'
t_ok "the regression is listed before the fix" test "${reg:-0}" -gt 0 -a "${reg:-0}" -lt "${fix:-0}"
json=$("$NETLOOM" --db "$DB" drift --json 2>&1)
t_match "JSON drift names the regression" "$json" '"ios-no-http-server"'
t_done

#!/bin/bash
# Exec batch mode (<session mode="exec" batch="true">) against the lab's real Linux sshd:
# every command in one channel yet per-command artifacts, statuses and budgets; output
# bytes kept exactly; markers that a command prints cannot split outputs; a batch shell that
# dies hands the rest to one channel per command.
. "$(dirname "$0")/../lib.sh"
t_need_lab
cd "$T_TMP"

creds=$T_TMP/creds.xml
cat > "$creds" <<XML
<?xml version="1.0"?>
<credentials>
  <ssh name="lab-key" port="$LAB_SSH_PORT"><user>$LAB_SSH_USER</user><key file="$LAB_SSH_KEY"/></ssh>
</credentials>
XML
chmod 600 "$creds"
kh=$T_TMP/known_hosts
cp "$LAB_KNOWN_HOSTS" "$kh"

fact() {
    sqlite3 "$1" "SELECT value FROM facts WHERE key = '$2' AND snapshot_id =
        (SELECT max(id) FROM snapshots WHERE address = '$LAB_SSH_LINUX' AND source = 'ssh') ORDER BY seq LIMIT 1"
}
# hexart DB NAME: the stored artifact as hex (exact bytes); "none" when absent.
hexart() {
    local h
    h=$(sqlite3 "$1" "SELECT hex(a.content) FROM snapshot_artifacts sa JOIN artifacts a ON a.sha256 = sa.sha256
        JOIN snapshots s ON s.id = sa.snapshot_id WHERE s.address = '$LAB_SSH_LINUX' AND sa.name = '$2'
        ORDER BY s.id DESC LIMIT 1")
    [ -n "$h" ] || { sqlite3 "$1" "SELECT count(*) FROM snapshot_artifacts sa JOIN snapshots s ON s.id = sa.snapshot_id
        WHERE s.address = '$LAB_SSH_LINUX' AND sa.name = '$2'" | grep -q '^1$' && h=empty || h=none; }
    echo "$h"
}
hexof() { printf "$1" | od -An -tx1 -v | tr -d ' \n' | tr a-f A-F; }
# art DB NAME: the stored artifact's text.
art() {
    sqlite3 "$1" "SELECT a.content FROM snapshot_artifacts sa JOIN artifacts a ON a.sha256 = sa.sha256
        WHERE sa.name = '$2'"
}
# batch_scan DB PROFILES MS: one SSH-only scan of the lab's Linux host with those profiles.
batch_scan() {
    timeout 120 "$NETLOOM" --db "$1" scan --ssh-only --credentials "$creds" --known-hosts "$kh" --json \
        --profiles "$2" --command-timeout "$3" "$LAB_SSH_LINUX" 2>"$T_TMP/err"
}

# ---- one profile: byte-exact outputs, quoting, forged markers, statuses, stdin, a dying shell
mkdir -p "$T_TMP/p1"
cat > "$T_TMP/p1/linux.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<profile name="linux" redact="linux">
  <recognise><probe command="uname -s" pattern="\ALinux\s*\z"/></recognise>
  <session mode="exec" batch="true"/>
  <command artifact="nonl">printf 'no newline'</command>
  <command artifact="quote">echo "it's  quoted"; echo '$HOME'</command>
  <command artifact="forge">printf 'a\nNL00000000000000000000000000000000:3:0\nNL%s:3:0\nafter\n' "$$"</command>
  <command artifact="fail">exit 3</command>
  <command artifact="soft" optional="true">false</command>
  <command artifact="stdin">read x; echo "stdin: [$x]"</command>
  <command artifact="blank">printf '\n\n'</command>
  <command artifact="pid1">echo $$</command>
  <command artifact="pid2">echo $$</command>
  <command artifact="killer" optional="true">kill -KILL $$</command>
  <command artifact="pid3">echo $$</command>
  <command artifact="pid4">echo $$</command>
  <command artifact="uname" parser="uname">uname -r</command>
</profile>
XML
DB=$T_TMP/b1.db
out=$(batch_scan "$DB" "$T_TMP/p1" 20000)
t_is "batch scan exits 0 (partial is not an error)" "$?" 0
t_match "status partial: one command failed" "$out" '"status":"partial"'
t_is "output without a final newline kept exactly" "$(hexart "$DB" nonl)" "$(hexof 'no newline')"
t_is "single quotes and \$ in a command survive the batch quoting" "$(hexart "$DB" quote)" \
    "$(hexof "it's  quoted\n\$HOME\n")"
t_match "a printed marker with another nonce is output, not a boundary" "$(hexart "$DB" forge)" \
    "^$(hexof 'a\nNL00000000000000000000000000000000:3:0\nNL')"
t_match "... and the rest of that output is kept" "$(hexart "$DB" forge)" "$(hexof ':3:0\nafter\n')\$"
t_is "a failing command without output: error fact with its exit status" "$(fact "$DB" capture.error.fail)" \
    "exit status 3, no output"
t_is "... and no artifact" "$(hexart "$DB" fail)" none
t_is "an optional failing command leaves no error fact" "$(fact "$DB" capture.error.soft)" ""
t_is "stdin is empty (no command waits for input)" "$(hexart "$DB" stdin)" "$(hexof 'stdin: []\n')"
t_is "blank output kept" "$(hexart "$DB" blank)" "$(hexof '\n\n')"
p1=$(art "$DB" pid1)
p2=$(art "$DB" pid2)
p3=$(art "$DB" pid3)
p4=$(art "$DB" pid4)
t_match "pid1 captured" "$p1" '^[0-9]+$'
t_is "one shell ran the batch (same \$\$ for two commands)" "$p2" "$p1"
t_match "after the batch shell was killed the rest still ran" "$p3" '^[0-9]+$'
t_ok "... each on a channel of its own (different shells)" test "$p3" != "$p4" -a "$p3" != "$p1"
t_is "a parser runs on a command after the fallback" "$(fact "$DB" os.kernel)" "$(uname -r)"
t_is "capture.complete 0 (fail is not optional)" "$(fact "$DB" capture.complete)" 0

# ---- shared="true": the commands run in the batch shell itself (no subshell each): what one
# sets stays for the next; an exit ends the shell and the rest run on a channel each.
mkdir -p "$T_TMP/p3"
cat > "$T_TMP/p3/linux.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<profile name="linux" redact="linux">
  <recognise><probe command="uname -s" pattern="\ALinux\s*\z"/></recognise>
  <session mode="exec" batch="true" shared="true"/>
  <command artifact="set">v=kept; cd /tmp; echo "$$"</command>
  <command artifact="see">echo "$v $(pwd) $$"</command>
  <command artifact="stdin">read x; echo "stdin: [$x]"</command>
  <command artifact="quit">exit 4</command>
  <command artifact="after">echo "${v:-unset} $$"</command>
  <command artifact="uname" parser="uname">uname -r</command>
</profile>
XML
DB3=$T_TMP/b3.db
out=$(batch_scan "$DB3" "$T_TMP/p3" 20000)
t_is "shared batch scan exits 0" "$?" 0
sh1=$(art "$DB3" set)
t_match "shared: the first command ran" "$sh1" '^[0-9]+$'
t_is "shared: a variable and the directory stay for the next command, in the same shell" \
    "$(hexart "$DB3" see)" "$(hexof "kept /tmp $sh1\n")"
t_is "shared: stdin is still empty" "$(hexart "$DB3" stdin)" "$(hexof 'stdin: []\n')"
t_is "shared: exit ends the batch shell; that command ran again on its own channel" \
    "$(fact "$DB3" capture.error.quit)" "exit status 4, no output"
t_match "shared: the commands after it ran on a fresh shell (nothing set)" \
    "$(art "$DB3" after)" \
    '^unset [0-9]+$'
t_nomatch "... not the batch shell" \
    "$(art "$DB3" after)" \
    " $sh1\$"
t_is "shared: a parser runs after the fallback" "$(fact "$DB3" os.kernel)" "$(uname -r)"

# ---- budgets are per command in a batch; a command past its budget ends the device
mkdir -p "$T_TMP/p2"
cat > "$T_TMP/p2/linux.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<profile name="linux" redact="linux">
  <recognise><probe command="uname -s" pattern="\ALinux\s*\z"/></recognise>
  <session mode="exec" batch="true"/>
  <command artifact="s1">sleep 1.2; echo one</command>
  <command artifact="s2">sleep 1.2; echo two</command>
  <command artifact="hang">sleep 60; echo late</command>
  <command artifact="never">echo never</command>
</profile>
XML
DB2=$T_TMP/b2.db
start=$(date +%s)
out=$(batch_scan "$DB2" "$T_TMP/p2" 2000)
took=$(( $(date +%s) - start ))
t_match "a command past its budget: status timeout" "$out" '"status":"timeout"'
t_is "two commands whose sum exceeds one budget both captured (s1)" "$(hexart "$DB2" s1)" "$(hexof 'one\n')"
t_is "... (s2)" "$(hexart "$DB2" s2)" "$(hexof 'two\n')"
t_is "the timed-out command's reason" "$(fact "$DB2" capture.error.hang)" "command timed out"
t_is "its partial output is not stored" "$(hexart "$DB2" hang)" none
t_is "commands after it did not run" "$(hexart "$DB2" never)" none
t_ok "the scan ended long before the hung command would have (${took}s)" test "$took" -lt 40

t_done

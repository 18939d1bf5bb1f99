#!/bin/bash
# Devices that log in and then stop mid-output: a real sshd of this suite's own whose
# ForceCommand serves half of a real output and then sleeps. The stalled device costs at most
# its command timeout, the lab devices captured alongside complete, and the half output is
# never stored as the artifact: the snapshot says capture.complete=0 and capture.error.<name>.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_emu.sh"
t_need_lab
cd "$T_TMP"
top=$NETLOOM_TOP

ios_cfg=$LAB_SSH_IOS_CONFIG_FILE
ios_ver=$LAB_SSH_IOS_VERSION_FILE
half=$(( $(wc -l < "$ios_cfg") / 2 ))
pkgs_half=40

# The stalling server: exec channel = a Linux host whose package listing stops after
# $pkgs_half lines; interactive shell = an IOS-like CLI whose running-config stops halfway.
cat > "$T_TMP/stall.py" <<'PY'
import os, subprocess, sys, time
mode, ios_ver, ios_cfg = sys.argv[1], sys.argv[2], sys.argv[3]
half, pkgs_half = int(sys.argv[4]), int(sys.argv[5])
out = sys.stdout
# Sessions outlive sshd's listener once the client hangs up: record the pid for cleanup.
open(os.path.join(os.path.dirname(sys.argv[0]), "pids", str(os.getpid())), "w").close()
def stall():
    out.flush()
    time.sleep(120)   # "forever" for the test; bounded so no process outlives it long
    sys.exit(0)
cmd = os.environ.get("SSH_ORIGINAL_COMMAND")
if cmd is not None and mode == "ios":
    # IOS answers exec requests like its CLI, privileged (the probes use this).
    if cmd == "show version":
        out.write(open(ios_ver).read())
    else:
        out.write("% Invalid input detected at '^' marker.\n")
    sys.exit(0)
if cmd is not None:
    if cmd.startswith("show "):
        sys.stderr.write("bash: show: command not found\n")
        sys.exit(127)
    # A real shell whose dpkg-query stops after pkgs_half lines and hangs, wherever it runs
    # (its own exec channel or a batch); the hanging process records its pid for cleanup.
    pre = ('dpkg-query() { command dpkg-query "$@" | head -n %d; : > "%s/$BASHPID"; '
           'exec sleep 120; }\n' % (pkgs_half, os.path.join(os.path.dirname(sys.argv[0]), "pids")))
    os.execv("/bin/bash", ["bash", "-c", pre + cmd])
host, priv = "STALL1", False
out.write("\r\n" + host + ">")
out.flush()
for line in sys.stdin:
    line = line.strip()
    if line == "show version":
        out.write(open(ios_ver).read())
    elif line == "enable":
        priv = True
    elif line == "show running-config" and priv:
        out.write("".join(open(ios_cfg).readlines()[:half]))
        stall()
    elif line in ("exit", "quit"):
        break
    elif line and not line.startswith("terminal "):
        out.write("% Invalid input detected at '^' marker.\n")
    out.write(host + ("#" if priv else ">"))
    out.flush()
PY

mkdir -p "$T_TMP/pids"
# One sshd per behaviour (linux, ios) so that recognition (probes over exec) picks the right profile.
ssh_port=$LAB_SSH_PORT
stall_exec=$LAB_NET.9.21
stall_shell=$LAB_NET.9.22
pids=()
kh=$T_TMP/known_hosts
cp "$LAB_KNOWN_HOSTS" "$kh"
for a in "$stall_exec" "$stall_shell"; do
    d=$T_TMP/sshd-$a
    mode=linux; [ "$a" = "$stall_shell" ] && mode=ios
    emu_sshd_start "$d" "$a" "$ssh_port" "$kh" \
        "/usr/bin/python3 $T_TMP/stall.py $mode $ios_ver $ios_cfg $half $pkgs_half"
done
for _ in $(seq 50); do
    [ -s "$T_TMP/sshd-$stall_exec/sshd.pid" ] && [ -s "$T_TMP/sshd-$stall_shell/sshd.pid" ] && break
    sleep 0.1
done
for a in "$stall_exec" "$stall_shell"; do pids+=("$(cat "$T_TMP/sshd-$a/sshd.pid")"); done
# Stop our sshds and the sleeping servers (their pids recorded by stall.py).
stop_ours() {
    local all=("${pids[@]}") f
    for f in "$T_TMP"/pids/*; do [ -e "$f" ] && all+=("${f##*/}"); done
    [ ${#all[@]} -gt 0 ] && kill "${all[@]}" 2>/dev/null
    return 0
}
t_on_exit stop_ours
t_is "own sshds started" "${#pids[@]}" 2

creds=$T_TMP/creds.xml
cat > "$creds" <<XML
<?xml version="1.0"?>
<credentials>
  <ssh name="lab-key" port="$ssh_port"><user>$LAB_SSH_USER</user><key file="$LAB_SSH_KEY"/></ssh>
</credentials>
XML
chmod 600 "$creds"

fact() {
    sqlite3 "$1" "SELECT value FROM facts WHERE key = '$3' AND snapshot_id =
        (SELECT max(id) FROM snapshots WHERE address = '$2' AND source = 'ssh') ORDER BY seq LIMIT 1"
}
has_artifact() {
    sqlite3 "$1" "SELECT count(*) FROM snapshot_artifacts sa JOIN snapshots s ON s.id = sa.snapshot_id
        WHERE s.address = '$2' AND sa.name = '$3'"
}
status_of() { printf '%s\n' "$1" | grep -F "\"address\":\"$2\"" | grep -oE '"status":"[a-z-]+"' | cut -d'"' -f4; }
ms_of() { printf '%s\n' "$1" | grep -F "\"address\":\"$2\"" | grep -oE '"ms":[0-9]+' | cut -d: -f2; }

# The servers really stall (checked with OpenSSH's client, not netloom).
t_rc "exec server stalls after half the package list (ssh times out)" 124 \
    timeout 3 ssh -i "$LAB_SSH_KEY" -p "$ssh_port" -o BatchMode=yes -o StrictHostKeyChecking=yes \
    -o UserKnownHostsFile="$kh" "$LAB_SSH_USER@$stall_exec" "dpkg-query -W"

DB=$T_TMP/stall.db
cmd_ms=2000
start=$(date +%s%N)
out=$("$NETLOOM" --db "$DB" scan --ssh-only --credentials "$creds" --known-hosts "$kh" \
    --command-timeout $cmd_ms --device-timeout 120000 --ssh-parallel 4 --json \
    "$stall_exec" "$stall_shell" "$LAB_SSH_IOS" "$LAB_SSH_NXOS" 2>"$T_TMP/err")
rc=$?
wall=$(( ($(date +%s%N) - start) / 1000000 ))
t_is "scan exits 0 (per-device failures do not fail the run)" "$rc" 0
t_is "lab IOS captured alongside" "$(status_of "$out" "$LAB_SSH_IOS")" ok
t_is "lab NX-OS captured alongside" "$(status_of "$out" "$LAB_SSH_NXOS")" ok
for a in "$stall_exec" "$stall_shell"; do
    t_is "$a: reported as timeout" "$(status_of "$out" "$a")" timeout
    m=$(ms_of "$out" "$a")
    # Which timeout fired, not how fast the machine is: the stall costs at least the command
    # timeout (2 s) and far less than the device timeout (120 s), with a wide margin for a
    # busy shared machine.
    t_ok "$a: cost its command timeout (${m}ms), not the device timeout" \
        test "${m:-0}" -ge "$cmd_ms" -a "${m:-0}" -lt 60000
    t_is "$a: snapshot stored and marked incomplete" "$(fact "$DB" "$a" capture.complete)" 0
done
t_ok "whole run bounded by the stall, not the device timeout (${wall}ms)" test "$wall" -lt 60000
t_match "stderr names the timeouts" "$(cat "$T_TMP/err")" "$stall_shell: ssh timeout"

# Exec (linux profile): what came before the stall is kept, the half listing is not.
t_is "exec: platform linux" "$(fact "$DB" "$stall_exec" device.platform)" linux
t_is "exec: os-release captured before the stall" "$(has_artifact "$DB" "$stall_exec" os-release)" 1
t_is "exec: half package list NOT stored as the packages artifact" \
    "$(has_artifact "$DB" "$stall_exec" packages)" 0
t_match "exec: capture.error.packages says timed out" "$(fact "$DB" "$stall_exec" capture.error.packages)" 'timed out'
t_is "exec: no pkg.* fact from the half listing" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM facts f JOIN snapshots s ON s.id=f.snapshot_id
        WHERE s.address='$stall_exec' AND f.key LIKE 'pkg.%' AND f.key <> 'pkg.updates_pending'")" 0
t_is "exec: commands after the stall not attempted" "$(has_artifact "$DB" "$stall_exec" users)" 0

# Shell (cisco-ios profile): show version kept, the half running-config is not stored.
t_is "shell: platform cisco-ios" "$(fact "$DB" "$stall_shell" device.platform)" cisco-ios
t_is "shell: show-version captured before the stall" "$(has_artifact "$DB" "$stall_shell" show-version)" 1
t_is "shell: half running-config NOT stored as running-config" \
    "$(has_artifact "$DB" "$stall_shell" running-config)" 0
t_match "shell: capture.error.running-config says timed out" \
    "$(fact "$DB" "$stall_shell" capture.error.running-config)" 'timed out'
t_is "shell: no config.* fact from the half configuration" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM facts f JOIN snapshots s ON s.id=f.snapshot_id
        WHERE s.address='$stall_shell' AND f.key LIKE 'config.%'")" 0
t_is "shell: the lab IOS (same corpus file) has its full running-config" \
    "$(has_artifact "$DB" "$LAB_SSH_IOS" running-config)" 1

# --json of a stalled device says what was kept.
t_match "json: stalled device has capture.complete 0" \
    "$(printf '%s\n' "$out" | grep -F "\"address\":\"$stall_shell\"")" '"capture.complete":"0"'
t_done

#!/bin/bash
# netloom scan --ssh end to end with SNMP and SSH on the same address: this suite's own snmpd
# and sshd share one 127.x address per device (an IOS emulated from the corpus, and this Linux
# host), so the platform that SNMP finds really chooses the SSH credential and profile.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_emu.sh"
t_need_lab
cd "$T_TMP"
top=$NETLOOM_TOP
port=$LAB_SSH_PORT
ios=$LAB_NET.9.31
lnx=$LAB_NET.9.32
community=c$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
ios_serial=$(sed -n 's/^System serial number *: *//p' "$LAB_SSH_IOS_VERSION_FILE" | tr -d '\r' | head -1)
ios_model=$(sed -n 's/^Model number *: *//p' "$LAB_SSH_IOS_VERSION_FILE" | tr -d '\r' | head -1)
pids=()
# Our daemons write their state on exit: wait for them before the folder goes.
stop_ours() {
    local p
    kill "${pids[@]}" 2>/dev/null
    for p in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    done
    return 0
}
t_on_exit stop_ours
to_hex() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'; }

# ---- snmpd per address (LAB-NOTES: own config, pid file, log, state; -I -smux...)
start_snmpd() {
    local a=$1 descr=$2 oid=$3 serial=$4 d=$T_TMP/snmpd-$1
    mkdir -p "$d/state"
    {
        echo "[snmp] mibs :"
        echo "[snmp] persistentDir $d/state"
        echo "rocommunity $community default"
        echo "sysname dev-$a"
        echo "sysobjectid $oid"
        echo "override 1.3.6.1.2.1.1.1.0 octet_str 0x$(to_hex "$descr")"
        [ -n "$serial" ] && echo "override 1.3.6.1.2.1.47.1.1.1.1.11.1 octet_str 0x$(to_hex "$serial")"
    } > "$d/snmpd.conf"
    chmod 600 "$d/snmpd.conf"
    /usr/sbin/snmpd -C -c "$d/snmpd.conf" -p "$d/snmpd.pid" -Lf "$d/snmpd.log" \
        -I -smux,mteTrigger,mteTriggerConf "udp:$a:161"
}
start_snmpd "$ios" "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(4)E10, RELEASE SOFTWARE (fc2)" \
    1.3.6.1.4.1.9.1.1208 "$ios_serial"
start_snmpd "$lnx" "Linux $(uname -n) $(uname -r) #1 SMP $(uname -m)" 1.3.6.1.4.1.8072.3.2.10 ""

# ---- sshd per address; the ForceCommand logs every exec request before serving it, so the
# test can tell whether netloom probed the platform or took it from SNMP.
kh=$T_TMP/known_hosts
: > "$kh"
start_sshd() { emu_sshd_start "$T_TMP/sshd-$1" "$1" "$port" "$kh" "$2"; }
cat > "$T_TMP/serve.sh" <<'SH'
#!/bin/bash
# serve.sh LOG ios|linux CORPUS: log the exec request (or "shell"), then serve it.
log=$1 kind=$2 corpus=$3 top=$4
printf '%s\n' "${SSH_ORIGINAL_COMMAND:-shell}" >> "$log"
if [ "$kind" = ios ]; then
    exec /usr/bin/python3 "$top/tests/lab/nos-emulator" --platform ios --corpus "$corpus"
fi
[ -n "${SSH_ORIGINAL_COMMAND:-}" ] && exec /bin/bash -c "$SSH_ORIGINAL_COMMAND"
exec /bin/bash -l
SH
chmod 755 "$T_TMP/serve.sh"
start_sshd "$ios" "$T_TMP/serve.sh $T_TMP/ios.log ios $LAB_CORPUS $top"
start_sshd "$lnx" "$T_TMP/serve.sh $T_TMP/lnx.log linux $LAB_CORPUS $top"
for _ in $(seq 50); do
    n=0
    for f in "$T_TMP"/snmpd-*/snmpd.pid "$T_TMP"/sshd-*/sshd.pid; do [ -s "$f" ] && n=$((n + 1)); done
    [ $n -eq 4 ] && break
    sleep 0.1
done
for f in "$T_TMP"/snmpd-*/snmpd.pid "$T_TMP"/sshd-*/sshd.pid; do pids+=("$(cat "$f")"); done
t_is "own snmpd x2 and sshd x2 started" "${#pids[@]}" 4

creds=$T_TMP/creds.xml
cat > "$creds" <<XML
<?xml version="1.0"?>
<credentials>
  <snmp name="own-v2c" version="2c"><community>$community</community></snmp>
  <ssh name="ios-key" port="$port"><user>$LAB_SSH_USER</user><key file="$LAB_SSH_KEY"/>
    <match platform="cisco-ios"/></ssh>
  <ssh name="linux-key" port="$port"><user>$LAB_SSH_USER</user><key file="$LAB_SSH_KEY"/>
    <match platform="linux"/></ssh>
</credentials>
XML
chmod 600 "$creds"

fact() {
    sqlite3 "$1" "SELECT value FROM facts WHERE key = '$4' AND snapshot_id =
        (SELECT max(id) FROM snapshots WHERE address = '$2' AND source = '$3') ORDER BY seq LIMIT 1"
}
status_of() { printf '%s\n' "$1" | grep -F "\"address\":\"$2\"" | grep -oE '"status":"[a-z-]+"' | cut -d'"' -f4; }

# A dangling unit link (a package removed, its link left): the services capture must still
# give systemd's state of every other unit (is-enabled stops at an unknown unit).
gone=""
if [ -d /etc/systemd/system ] && [ -w /etc/systemd/system ]; then
    gone=/etc/systemd/system/netloom-test-gone-$$.service
    ln -s /lib/systemd/system/netloom-test-gone-$$.service "$gone"
    t_on_exit "rm -f $gone"
fi

# A held package (dpkg "hi", apt-mark hold) is installed and, when newer exists, pending: put
# one on hold for the scan (its selection restored at exit).
held=""
if [ "$(id -u)" = 0 ] && command -v apt >/dev/null 2>&1; then
    held=$(LC_ALL=C apt list --upgradable 2>/dev/null | sed -n 's,^\([^/]*\)/.*\[upgradable from: .*,\1,p' | head -1)
    if [ -n "$held" ]; then
        held_sel=$(dpkg --get-selections "$held" | awk '{print $2}')
        echo "$held hold" | dpkg --set-selections
        t_on_exit "echo '$held ${held_sel:-install}' | dpkg --set-selections"
    fi
fi

DB=$T_TMP/scan.db
# Generous command timeouts: a busy shared machine.
out=$("$NETLOOM" --db "$DB" scan --ssh --credentials "$creds" --known-hosts "$kh" --timeout 1000 \
    --command-timeout 120000 --device-timeout 300000 --json "$ios" "$lnx" 2>"$T_TMP/err")
rc=$?
t_is "scan --ssh exits 0" "$rc" 0
t_match "SNMP responders then SSH on each" "$(cat "$T_TMP/err")" '2 SNMP responders stored, 2 SSH targets, 2 SSH snapshots stored, ok 2'
t_is "IOS: SNMP says cisco-ios" "$(fact "$DB" "$ios" snmp device.platform)" cisco-ios
t_is "Linux: SNMP says linux" "$(fact "$DB" "$lnx" snmp device.platform)" linux
t_is "IOS: ssh ok" "$(status_of "$out" "$ios")" ok
t_is "Linux: ssh ok" "$(status_of "$out" "$lnx")" ok
t_is "IOS: the cisco-ios credential set was chosen" "$(fact "$DB" "$ios" ssh ssh.credential)" ios-key
t_is "Linux: the linux credential set was chosen" "$(fact "$DB" "$lnx" ssh ssh.credential)" linux-key
t_is "IOS: SSH profile cisco-ios" "$(fact "$DB" "$ios" ssh device.platform)" cisco-ios
t_is "Linux: SSH profile linux" "$(fact "$DB" "$lnx" ssh device.platform)" linux
t_is "IOS: no exec probe (platform taken from SNMP): only shell sessions" \
    "$(sort -u "$T_TMP/ios.log")" shell
t_nomatch "Linux: no probe command run (uname -s, show version)" "$(cat "$T_TMP/lnx.log")" \
    '^(uname -s|show version)$'
t_is "IOS: capture complete" "$(fact "$DB" "$ios" ssh capture.complete)" 1
cfg=$(sqlite3 "$DB" "SELECT a.content FROM snapshot_artifacts sa JOIN artifacts a ON a.sha256=sa.sha256
        JOIN snapshots s ON s.id=sa.snapshot_id WHERE s.address='$ios' AND sa.name='running-config'")
t_is "IOS: running-config captured whole" "$(printf '%s\n' "$cfg" | wc -l)" \
    "$(wc -l < "$LAB_SSH_IOS_CONFIG_FILE")"
t_is "IOS: hw.serial from show version over SSH" "$(fact "$DB" "$ios" ssh hw.serial)" "$ios_serial"
t_is "IOS: hw.model from show version over SSH" "$(fact "$DB" "$ios" ssh hw.model)" "$ios_model"
t_is "IOS: SNMP and SSH snapshots are one device (same serial)" \
    "$(sqlite3 "$DB" "SELECT count(DISTINCT device_id) || ' ' || count(*) FROM snapshots WHERE address='$ios'")" "1 2"
t_is "Linux: os.kernel over SSH" "$(fact "$DB" "$lnx" ssh os.kernel)" "$(uname -r)"
t_is "Linux: capture complete" "$(fact "$DB" "$lnx" ssh capture.complete)" 1
# The enabled units are the ones `systemctl list-unit-files --state=enabled` names on this host
# (services without .service, sockets and timers with their suffix).
if command -v systemctl >/dev/null 2>&1; then
    want=$(systemctl list-unit-files --type=service,socket,timer --state=enabled --no-legend \
        --no-pager 2>/dev/null | awk '{u = $1; sub(/\.service$/, "", u); print "service." u}' | LC_ALL=C sort)
    got=$(sqlite3 "$DB" "SELECT key FROM facts WHERE key LIKE 'service.%' AND key != 'service.count'
        AND snapshot_id = (SELECT max(id) FROM snapshots WHERE address = '$lnx' AND source = 'ssh')" |
        LC_ALL=C sort)
    t_ok "Linux: this host has enabled units to compare" test -n "$want"
    t_is "Linux: service.* facts = systemctl list-unit-files --state=enabled${gone:+ (a dangling link too)}" "$got" "$want"
    # is-enabled stops at the dangling link ("netloom-test-gone-..." sorts before postgresql,
    # snmpd, ssh, systemd-*): the units after it are in the facts only through the one-by-one path.
    [ -n "$gone" ] || t_skip "Linux: enabled units with a dangling unit link" "/etc/systemd/system not writable"
else
    t_skip "Linux: service.* facts = systemctl list-unit-files" "no systemctl on this host"
fi
# Pending updates (apt-cache policy candidates) are the packages `apt list --upgradable` names,
# and the security ones those it names from a -security suite.
if command -v apt >/dev/null 2>&1 && command -v apt-cache >/dev/null 2>&1; then
    upg=$(LC_ALL=C apt list --upgradable 2>/dev/null | grep ' \[upgradable from: ')
    t_is "Linux: pkg.updates_pending = apt list --upgradable" "$(fact "$DB" "$lnx" ssh pkg.updates_pending)" \
        "$(printf '%s' "$upg" | grep -c .)"
    t_is "Linux: pkg.security_update_list = apt list's -security packages" \
        "$(fact "$DB" "$lnx" ssh pkg.security_update_list | tr ' ' '\n' | LC_ALL=C sort | xargs)" \
        "$(printf '%s\n' "$upg" | awk '{split($1, a, "/"); if (a[2] ~ /-security/) print a[1]}' | LC_ALL=C sort | xargs)"
else
    t_skip "Linux: pending updates = apt list --upgradable" "no apt on this host"
fi
if [ -n "$held" ]; then
    t_is "Linux: a held package is in the package list" "$(fact "$DB" "$lnx" ssh "pkg.$held")" \
        "$(dpkg-query -W -f '${Version}' "$held")"
    t_match "Linux: ...and counted as a pending update" "$(sqlite3 "$DB" "SELECT a.content FROM artifacts a
        JOIN snapshot_artifacts sa ON sa.sha256 = a.sha256 WHERE sa.name = 'updates' AND sa.snapshot_id =
        (SELECT max(id) FROM snapshots WHERE address = '$lnx' AND source = 'ssh')")" "^$held/"
else
    t_skip "Linux: a held package is in the package list" "not root, or nothing to update"
fi
t_nomatch "the community is in no output" "$out$(cat "$T_TMP/err")" "$community"
t_is "the community is not in the store" "$(sqlite3 "$DB" .dump | grep -c "$community")" 0

# Control: without SNMP (--ssh-only) the same IOS is recognised by probing, which the log shows;
# and the platform selectors no longer exclude, so the first set in file order is used.
: > "$T_TMP/ios.log"
out=$("$NETLOOM" --db "$T_TMP/only.db" scan --ssh-only --credentials "$creds" --known-hosts "$kh" \
    --json "$ios" 2>"$T_TMP/err")
t_is "control --ssh-only: ok" "$(status_of "$out" "$ios")" ok
t_match "control --ssh-only: the profile was probed (exec show version)" "$(cat "$T_TMP/ios.log")" '^show version$'

# --platform: the user names the platform of SSH-only targets, as SNMP would: no probe.
: > "$T_TMP/ios.log"
out=$("$NETLOOM" --db "$T_TMP/plat.db" scan --ssh-only --platform cisco-ios --credentials "$creds" \
    --known-hosts "$kh" --json "$ios" 2>"$T_TMP/err")
t_is "--platform cisco-ios: ok" "$(status_of "$out" "$ios")" ok
t_is "--platform cisco-ios: SSH profile cisco-ios" "$(fact "$T_TMP/plat.db" "$ios" ssh device.platform)" cisco-ios
t_is "--platform cisco-ios: no exec probe, only shell sessions" "$(sort -u "$T_TMP/ios.log")" shell
out=$("$NETLOOM" --db "$T_TMP/plat.db" scan --ssh-only --platform nosuch --credentials "$creds" \
    --known-hosts "$kh" "$ios" 2>&1)
t_is "--platform nosuch: exit 1" "$?" 1
t_match "--platform nosuch: named in a one-line error" "$out" "^netloom: scan: --platform 'nosuch': no SSH profile"
out=$("$NETLOOM" --db "$T_TMP/plat.db" scan --ssh --platform linux --credentials "$creds" \
    --known-hosts "$kh" "$ios" 2>&1)
t_is "--platform with --ssh (SNMP names it): exit 1" "$?" 1
t_is "no scan was recorded by the refused runs" "$(sqlite3 "$T_TMP/plat.db" "SELECT count(*) FROM scans")" 1

# SNMP platform wins over the device: an snmpd claiming Linux in front of the IOS CLI makes
# netloom use the linux credential and profile (no probing), which the CLI refuses.
old=$(cat "$T_TMP/snmpd-$ios/snmpd.pid")
kill "$old"
for _ in $(seq 30); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
rm -f "$T_TMP/snmpd-$ios/snmpd.pid"
start_snmpd "$ios" "Linux impostor 6.1.0 #1 SMP x86_64" 1.3.6.1.4.1.8072.3.2.10 ""
for _ in $(seq 30); do [ -s "$T_TMP/snmpd-$ios/snmpd.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$T_TMP/snmpd-$ios/snmpd.pid")")
: > "$T_TMP/ios.log"
out=$("$NETLOOM" --db "$T_TMP/lie.db" scan --ssh --credentials "$creds" --known-hosts "$kh" --timeout 1000 \
    --json "$ios" 2>"$T_TMP/err")
t_is "SNMP says linux: the linux credential was used" "$(fact "$T_TMP/lie.db" "$ios" ssh ssh.credential)" linux-key
t_is "SNMP says linux: linux profile" "$(fact "$T_TMP/lie.db" "$ios" ssh device.platform)" linux
t_match "SNMP says linux: linux commands sent over exec" "$(cat "$T_TMP/ios.log")" '^uname -r$'
t_is "SNMP says linux: no probe either" "$(grep -c '^show version$' "$T_TMP/ios.log")" 0
t_done

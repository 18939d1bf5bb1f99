#!/bin/bash
# SSH capture against the lab's real sshd instances: the real Linux host and the emulated
# IOS, NX-OS, EOS and Junos CLIs; host-key policies; hanging servers; secrets never stored.
. "$(dirname "$0")/../lib.sh"
t_need_lab
cd "$T_TMP"
DB=$T_TMP/ssh.db
top=$NETLOOM_TOP

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

# fact DB ADDR KEY: the value of KEY in the latest ssh snapshot of ADDR.
fact() {
    sqlite3 "$1" "SELECT value FROM facts WHERE key = '$3' AND snapshot_id =
        (SELECT max(id) FROM snapshots WHERE address = '$2' AND source = 'ssh') ORDER BY seq LIMIT 1"
}
# artifact DB ADDR NAME: the stored text (sqlite3 adds one newline).
artifact() {
    sqlite3 "$1" "SELECT a.content FROM snapshot_artifacts sa JOIN artifacts a ON a.sha256 = sa.sha256
        JOIN snapshots s ON s.id = sa.snapshot_id WHERE s.address = '$2' AND sa.name = '$3'
        ORDER BY s.id DESC LIMIT 1"
}
nsnap() { sqlite3 "$1" "SELECT count(*) FROM snapshots WHERE address = '$2' AND source = 'ssh'"; }
status_of() { printf '%s\n' "$1" | grep -F "\"address\":\"$2\"" | grep -oE '"status":"[a-z-]+"' | cut -d'"' -f4; }

# ---- capture every platform, strict mode with the lab's known_hosts
# Generous command timeouts: a busy shared machine.
out=$("$NETLOOM" --db "$DB" scan --ssh-only --credentials "$creds" --known-hosts "$kh" --json \
    --command-timeout 120000 --device-timeout 300000 "$LAB_SSH_LINUX" "$LAB_SSH_IOS" "$LAB_SSH_JUNOS" "$LAB_SSH_EOS" "$LAB_SSH_NXOS" 2>"$T_TMP/err")
rc=$?
t_is "scan --ssh-only of the five lab hosts exits 0" "$rc" 0
t_match "summary: five snapshots, all ok" "$(cat "$T_TMP/err")" '5 SSH targets, 5 SSH snapshots stored, ok 5'
for a in LINUX:linux IOS:cisco-ios JUNOS:junos EOS:arista-eos NXOS:cisco-nxos; do
    v=LAB_SSH_${a%%:*}
    t_is "${a%%:*}: recognised as ${a#*:} without SNMP" "$(fact "$DB" "${!v}" device.platform)" "${a#*:}"
    t_is "${a%%:*}: capture complete" "$(fact "$DB" "${!v}" capture.complete)" 1
    t_is "${a%%:*}: ssh.hostkey is the lab key's SHA256 fingerprint" "$(fact "$DB" "${!v}" ssh.hostkey)" \
        "$(ssh-keygen -l -E sha256 -f "$LAB_DIR/ssh/$(echo "${a%%:*}" | tr 'A-Z' 'a-z')/host_ed25519.pub" | awk '{print $2}')"
    # The lab's host keys are Ed25519: type and size as ssh-keygen reports them.
    t_is "${a%%:*}: ssh.hostkey_type and ssh.hostkey_bits of the offered key" \
        "$(fact "$DB" "${!v}" ssh.hostkey_type) $(fact "$DB" "${!v}" ssh.hostkey_bits)" \
        "ssh-ed25519 $(ssh-keygen -l -f "$LAB_DIR/ssh/$(echo "${a%%:*}" | tr 'A-Z' 'a-z')/host_ed25519.pub" | awk '{print $1}')"
done

# ---- facts against what the emulator serves (the corpus files) and the real host
vf() { sed -n "$2" "$1" | head -1 | tr -d '\r'; }
t_is "IOS: os.version" "$(fact "$DB" "$LAB_SSH_IOS" os.version)" \
    "$(vf "$LAB_SSH_IOS_VERSION_FILE" 's/^Cisco IOS Software.*Version \([^,]*\),.*/\1/p')"
t_is "IOS: hw.serial" "$(fact "$DB" "$LAB_SSH_IOS" hw.serial)" \
    "$(vf "$LAB_SSH_IOS_VERSION_FILE" 's/^System serial number *: *//p')"
t_is "IOS: hw.model" "$(fact "$DB" "$LAB_SSH_IOS" hw.model)" \
    "$(vf "$LAB_SSH_IOS_VERSION_FILE" 's/^Model number *: *//p')"
t_is "IOS: show inventory captured" "$(artifact "$DB" "$LAB_SSH_IOS" show-inventory | grep -c 'SN: ')" 1
t_is "NX-OS: os.version" "$(fact "$DB" "$LAB_SSH_NXOS" os.version)" \
    "$(vf "$LAB_SSH_NXOS_VERSION_FILE" 's/^ *system: *version \([^ ]*\).*/\1/p')"
t_is "NX-OS: hw.serial" "$(fact "$DB" "$LAB_SSH_NXOS" hw.serial)" \
    "$(vf "$LAB_SSH_NXOS_VERSION_FILE" 's/^ *Processor Board ID *//p')"
t_is "EOS: os.version" "$(fact "$DB" "$LAB_SSH_EOS" os.version)" \
    "$(vf "$LAB_SSH_EOS_VERSION_FILE" 's/^Software image version: *\([^ ]*\).*/\1/p')"
t_is "EOS: hw.model" "$(fact "$DB" "$LAB_SSH_EOS" hw.model)" \
    "$(vf "$LAB_SSH_EOS_VERSION_FILE" 's/^Arista *//p')"
t_is "Junos: hw.model" "$(fact "$DB" "$LAB_SSH_JUNOS" hw.model)" \
    "$(vf "$LAB_SSH_JUNOS_VERSION_FILE" 's/^Model: *//p')"
t_is "Junos: os.version" "$(fact "$DB" "$LAB_SSH_JUNOS" os.version)" \
    "$(vf "$LAB_SSH_JUNOS_VERSION_FILE" 's/^JUNOS .*\[\([0-9][^]]*\)\].*/\1/p')"
t_is "Junos: hw.serial from show chassis hardware (emulator-generated, lab.env)" \
    "$(fact "$DB" "$LAB_SSH_JUNOS" hw.serial)" "$LAB_SSH_JUNOS_SERIAL"
t_match "Junos: chassis-hardware artifact stored" "$(artifact "$DB" "$LAB_SSH_JUNOS" chassis-hardware)" \
    "^Chassis +$LAB_SSH_JUNOS_SERIAL "
t_is "NX-OS: show inventory captured" "$(artifact "$DB" "$LAB_SSH_NXOS" show-inventory | grep -c 'SN: ')" 1
for p in IOS EOS NXOS; do
    v=LAB_SSH_${p}; h=LAB_SSH_${p}_HOSTNAME
    t_is "$p: config.hostname from the running config" "$(fact "$DB" "${!v}" config.hostname)" "${!h}"
done
. /etc/os-release
t_is "linux: os.version from the real os-release" "$(fact "$DB" "$LAB_SSH_LINUX" os.version)" "$VERSION_ID"
t_is "linux: os.kernel is uname -r" "$(fact "$DB" "$LAB_SSH_LINUX" os.kernel)" "$(uname -r)"
t_is "linux: sys.name is the host name" "$(fact "$DB" "$LAB_SSH_LINUX" sys.name)" "$(hostname)"
if [ -r /sys/class/dmi/id/product_name ]; then
    t_is "linux: hw.model from DMI" "$(fact "$DB" "$LAB_SSH_LINUX" hw.model)" "$(cat /sys/class/dmi/id/product_name)"
else
    t_is "linux: no DMI here, so no hw.model" "$(fact "$DB" "$LAB_SSH_LINUX" hw.model)" ""
fi
t_is "linux: pkg.bash from dpkg" "$(fact "$DB" "$LAB_SSH_LINUX" pkg.bash)" "$(dpkg-query -W -f='${Version}' bash)"
t_is "linux: ssh.ciphers from the real sshd -T" "$(fact "$DB" "$LAB_SSH_LINUX" ssh.ciphers)" \
    "$(/usr/sbin/sshd -T 2>/dev/null | sed -n 's/^ciphers //p')"
t_is "linux: ssh.permit_root_login" "$(fact "$DB" "$LAB_SSH_LINUX" ssh.permit_root_login)" \
    "$(/usr/sbin/sshd -T 2>/dev/null | sed -n 's/^permitrootlogin //p')"
t_match "linux: disk.encrypted is 0 or 1" "$(fact "$DB" "$LAB_SSH_LINUX" disk.encrypted)" '^[01]$'
# This host's device-mapper state decides the dmsetup line (no dm driver here: unavailable).
if /usr/sbin/dmsetup ls --target crypt >/dev/null 2>&1; then dmw=ok; else dmw=unavailable; fi
t_match "linux: lsblk artifact says whether dmsetup could be asked ($dmw)" \
    "$(artifact "$DB" "$LAB_SSH_LINUX" lsblk)" "^dmsetup: $dmw\$"
t_is "linux: one dm line per /sys/block/dm-*" "$(artifact "$DB" "$LAB_SSH_LINUX" lsblk | grep -c '^dm: ')" \
    "$(ls -d /sys/block/dm-* 2>/dev/null | wc -l)"
t_is "linux: root has a login shell" "$(fact "$DB" "$LAB_SSH_LINUX" user.root)" \
    "uid=0 shell=$(getent passwd root | cut -d: -f7)"
t_match "linux: pending updates counted by apt" "$(fact "$DB" "$LAB_SSH_LINUX" pkg.updates_pending)" '^[0-9]+$'
t_is "linux: sysctl kernel.randomize_va_space" "$(fact "$DB" "$LAB_SSH_LINUX" sysctl.kernel.randomize_va_space)" \
    "$(cat /proc/sys/kernel/randomize_va_space)"
t_is "IOS: redaction findings stored as facts" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM facts f JOIN snapshots s ON s.id=f.snapshot_id WHERE s.address='$LAB_SSH_IOS' AND f.key='secret.finding' AND f.value LIKE 'running-config finding 19 enable-password %'")" 1
t_match "IOS: volatile lines of show version listed" "$(fact "$DB" "$LAB_SSH_IOS" volatile.show-version)" '^[0-9]+(,[0-9]+)*$'

# ---- the stored configuration is the served one, secrets masked (line for line)
for p in IOS EOS NXOS JUNOS; do
    v=LAB_SSH_${p}; cf=LAB_SSH_${p}_CONFIG_FILE
    name=running-config; [ "$p" = JUNOS ] && name=configuration
    got=$(artifact "$DB" "${!v}" "$name")
    t_is "$p: stored $name has the served file's line count" "$(printf '%s\n' "$got" | wc -l)" "$(wc -l < "${!cf}")"
done

# ---- no secret of the served configurations reaches the store
dump=$(sqlite3 "$DB" .dump)
for p in IOS EOS NXOS JUNOS; do
    cf=LAB_SSH_${p}_CONFIG_FILE
    expect=$top/tests/data/redact/$(basename "${!cf}").expect
    leaked=""; checked=0
    while read -r _ line value; do
        checked=$((checked + 1))
        orig=$(sed -n "${line}p" "${!cf}" | tr -d '\r')
        # The secret's own line never survives verbatim, and a long secret nowhere at all.
        if printf '%s\n' "$dump" | grep -qF -- "$orig"; then leaked="$leaked line$line"; fi
        if [ ${#value} -ge 8 ] && printf '%s\n' "$dump" | grep -qF -- "$value"; then leaked="$leaked value@$line"; fi
    done < <(grep '^secret ' "$expect")
    t_match "$p: corpus secrets checked" "$checked" '^[1-9]'
    t_is "$p: no secret of ${!cf##*/} in the database" "$leaked" ""
done

# ---- paging: a profile that does not turn paging off still captures everything
mkdir -p "$T_TMP/profiles"
sed -e '/<setup>/d' "$top/scanner/profiles/cisco-ios.xml" > "$T_TMP/profiles/cisco-ios.xml"
DBP=$T_TMP/paging.db
"$NETLOOM" --db "$DBP" scan --ssh-only --credentials "$creds" --known-hosts "$kh" \
    --profiles "$T_TMP/profiles" "$LAB_SSH_IOS" 2>"$T_TMP/err"
t_is "paging: capture with --More-- pages completes" "$(fact "$DBP" "$LAB_SSH_IOS" capture.complete)" 1
t_is "paging: running-config identical to the unpaged capture" \
    "$(artifact "$DBP" "$LAB_SSH_IOS" running-config | sha256sum)" "$(artifact "$DB" "$LAB_SSH_IOS" running-config | sha256sum)"
t_nomatch "paging: no pager marker left" "$(artifact "$DBP" "$LAB_SSH_IOS" running-config)" 'More'

# ---- strict mode, unknown key: refused, nothing stored, known_hosts untouched
: > "$T_TMP/empty_kh"
DBS=$T_TMP/strict.db
out=$("$NETLOOM" --db "$DBS" scan --ssh-only --credentials "$creds" --known-hosts "$T_TMP/empty_kh" \
    --json "$LAB_SSH_IOS" 2>"$T_TMP/err")
t_is "strict: unknown key refused" "$(status_of "$out" "$LAB_SSH_IOS")" hostkey-unknown
t_is "strict: nothing stored" "$(nsnap "$DBS" "$LAB_SSH_IOS")" 0
t_is "strict: known_hosts left empty" "$(wc -c < "$T_TMP/empty_kh")" 0

# ---- accept-new: recorded in known_hosts and in the store
DBA=$T_TMP/accept.db
"$NETLOOM" --db "$DBA" scan --ssh-only --credentials "$creds" --known-hosts "$T_TMP/empty_kh" \
    --host-key-policy accept-new "$LAB_SSH_NXOS" 2>"$T_TMP/err"
t_is "accept-new: exit 0" "$?" 0
t_match "accept-new: key appended to known_hosts" "$(cat "$T_TMP/empty_kh")" "^\[$LAB_SSH_NXOS\]:$LAB_SSH_PORT ssh-ed25519 "
t_is "accept-new: ssh.hostkey_new recorded" "$(fact "$DBA" "$LAB_SSH_NXOS" ssh.hostkey_new)" 1
t_is "accept-new: device found by its host key next time" "$(fact "$DBA" "$LAB_SSH_NXOS" capture.complete)" 1
"$NETLOOM" --db "$DBA" scan --ssh-only --credentials "$creds" --known-hosts "$T_TMP/empty_kh" \
    --host-key-policy accept-new "$LAB_SSH_NXOS" 2>"$T_TMP/err"
t_is "accept-new: second run sees a known key (no new line)" "$(wc -l < "$T_TMP/empty_kh")" 1
t_is "accept-new: the second snapshot does not say new" "$(fact "$DBA" "$LAB_SSH_NXOS" ssh.hostkey_new)" ""

# ---- a CHANGED key: finding stored, nothing captured, exit 2
ssh-keygen -q -t ed25519 -N '' -f "$T_TMP/other" </dev/null
printf '[%s]:%s %s\n' "$LAB_SSH_EOS" "$LAB_SSH_PORT" "$(cut -d' ' -f1,2 "$T_TMP/other.pub")" > "$T_TMP/changed_kh"
DBC=$T_TMP/changed.db
out=$("$NETLOOM" --db "$DBC" scan --ssh-only --credentials "$creds" --known-hosts "$T_TMP/changed_kh" \
    --host-key-policy accept-new --json "$LAB_SSH_EOS" 2>"$T_TMP/err")
t_is "changed: exit 2 (a finding)" "$?" 2
t_is "changed: status" "$(status_of "$out" "$LAB_SSH_EOS")" hostkey-changed
t_match "changed: reported as HIGH on stderr" "$(cat "$T_TMP/err")" 'HIGH: HOST KEY CHANGED'
t_is "changed: ssh.hostkey_changed fact" "$(fact "$DBC" "$LAB_SSH_EOS" ssh.hostkey_changed)" 1
t_is "changed: expected fingerprint is the known_hosts one" "$(fact "$DBC" "$LAB_SSH_EOS" ssh.hostkey_expected)" \
    "$(ssh-keygen -l -E sha256 -f "$T_TMP/other.pub" | awk '{print $2}')"
t_is "changed: offered fingerprint is the server's" "$(fact "$DBC" "$LAB_SSH_EOS" ssh.hostkey_offered)" \
    "$(ssh-keygen -l -E sha256 -f "$LAB_DIR/ssh/eos/host_ed25519.pub" | awk '{print $2}')"
t_is "changed: no artifact captured" "$(sqlite3 "$DBC" "SELECT count(*) FROM snapshot_artifacts")" 0
t_is "changed: accept-new did not overwrite known_hosts" "$(wc -l < "$T_TMP/changed_kh")" 1

# ---- hanging servers cost at most their timeout; the others finish
cat > "$T_TMP/hang.py" <<'PY'
import socket, sys
mode, addr, port, ready = sys.argv[1:5]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, int(port)))
s.listen(16)
open(ready, "w").write("ready")
held = []
while True:
    c, _ = s.accept()
    held.append(c)
    if mode == "half":
        c.sendall(b"SSH-2.0-Open")
PY
mute=$LAB_NET.9.11; half=$LAB_NET.9.12
python3 "$T_TMP/hang.py" mute "$mute" "$LAB_SSH_PORT" "$T_TMP/r1" & p1=$!
python3 "$T_TMP/hang.py" half "$half" "$LAB_SSH_PORT" "$T_TMP/r2" & p2=$!
t_on_exit "kill $p1 $p2 2>/dev/null"
for _ in $(seq 50); do [ -f "$T_TMP/r1" ] && [ -f "$T_TMP/r2" ] && break; sleep 0.1; done
start=$(date +%s%N)
out=$("$NETLOOM" --db "$T_TMP/hang.db" scan --ssh-only --credentials "$creds" --known-hosts "$kh" \
    --connect-timeout 1500 --device-timeout 120000 --ssh-parallel 4 --json \
    "$mute" "$half" "$LAB_SSH_IOS" "$LAB_SSH_NXOS" 2>"$T_TMP/err")
ms=$(( ($(date +%s%N) - start) / 1000000 ))
t_is "hang: silent server times out" "$(status_of "$out" "$mute")" timeout
t_is "hang: half-banner server times out" "$(status_of "$out" "$half")" timeout
t_is "hang: IOS still captured" "$(status_of "$out" "$LAB_SSH_IOS")" ok
t_is "hang: NX-OS still captured" "$(status_of "$out" "$LAB_SSH_NXOS")" ok
for a in "$mute" "$half"; do
    m=$(printf '%s\n' "$out" | grep -F "\"address\":\"$a\"" | grep -oE '"ms":[0-9]+' | cut -d: -f2)
    # Which timeout fired, not how fast the machine is: at least the connect timeout
    # (1.5 s), far less than the device timeout (120 s).
    t_ok "hang: $a cost its connect timeout (${m}ms), not the device timeout" \
        test "${m:-0}" -ge 1400 -a "${m:-0}" -lt 60000
done
t_ok "hang: whole run bounded by the hang, not the device timeout (${ms}ms)" test "$ms" -lt 60000

# ---- --ssh: SNMP discovery first, then SSH to the responders with the platform SNMP found
cat > "$T_TMP/both.xml" <<XML
<?xml version="1.0"?>
<credentials>
  <snmp name="lab-public" version="2c"><community>public</community></snmp>
  <ssh name="ios-only" port="$LAB_SSH_PORT"><user>$LAB_SSH_USER</user><key file="$LAB_SSH_KEY"/>
    <match platform="cisco-ios"/></ssh>
</credentials>
XML
chmod 600 "$T_TMP/both.xml"
out=$("$NETLOOM" --db "$T_TMP/both.db" scan --ssh --credentials "$T_TMP/both.xml" --known-hosts "$kh" \
    --timeout 300 --connect-timeout 1000 --json "$LAB_SNMP_PUBLIC" "$LAB_SNMP_EOS" 2>"$T_TMP/err")
t_match "--ssh: SNMP responders stored, then SSH tried on each" "$(cat "$T_TMP/err")" \
    '2 SNMP responders stored, 2 SSH targets'
t_is "--ssh: the IOS responder gets the cisco-ios credential (no sshd there: connect)" \
    "$(status_of "$out" "$LAB_SNMP_PUBLIC")" connect
t_is "--ssh: the EOS responder has no applicable SSH credential (platform selector)" \
    "$(status_of "$out" "$LAB_SNMP_EOS")" no-credential
t_is "--ssh: SNMP snapshots stored" "$(sqlite3 "$T_TMP/both.db" "SELECT count(*) FROM snapshots WHERE source='snmp'")" 2

# ---- credentials file readable by others: refused
chmod 644 "$creds"
t_rc "credentials file 0644 refused" 1 "$NETLOOM" --db "$T_TMP/x.db" scan --ssh-only \
    --credentials "$creds" --known-hosts "$kh" "$LAB_SSH_IOS"
chmod 600 "$creds"
t_done

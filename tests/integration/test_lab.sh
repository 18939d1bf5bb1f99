#!/bin/bash
# The test lab itself: brings up a private lab on 127.78 (the shared one at 127.77 is left alone),
# checks that every real service answers with the identity lab.env promises, then takes it down
# and checks that nothing of it is left running.
. "$(dirname "$0")/../lib.sh"

cd "$NETLOOM_TOP" || exit 1
LAB=$NETLOOM_TOP/tests/lab/lab.sh
DRIVER=$NETLOOM_TOP/tests/lab/cli-driver
lab=$T_TMP/lab
net=${NETLOOM_LAB_TEST_NET:-127.78}
export MIBS=    # Debian ships no IETF MIBs: numeric OIDs only, no warnings
t_on_exit "'$LAB' down '$lab' >/dev/null 2>&1"

# Shared lab state before: it must be untouched by this suite.
shared_before=""
if [ -n "${NETLOOM_LAB:-}" ] && [ -f "$NETLOOM_LAB/lab.env" ]; then
    shared_before=$("$LAB" status "$NETLOOM_LAB" 2>&1)
fi

# No timing assertion here (the machine is shared); lab.sh itself gives up after 20 s.
t_ok "lab up on $net" "$LAB" up "$lab" --net "$net"
if [ ! -f "$lab/lab.env" ]; then
    t_failed "lab.env written" "no $lab/lab.env"; t_done
fi
# shellcheck disable=SC1091
. "$lab/lab.env"

# --- lab.env -----------------------------------------------------------------------------------
missing=""
for v in LAB_DIR LAB_NET LAB_SNMP_PUBLIC LAB_SNMP_V2 LAB_SNMP_V3 LAB_SNMP_EOS LAB_SNMP_COMMUNITY \
         LAB_SNMP_V3_USER LAB_SNMP_V3_AUTH LAB_SNMP_V3_AUTHPASS LAB_SNMP_V3_PRIV LAB_SNMP_V3_PRIVPASS \
         LAB_SNMP_V3_ENGINEID LAB_SNMP6_ADDR LAB_SNMP6_PORT LAB_SNMPSIM LAB_SNMPSIM_COMMUNITIES \
         LAB_SSH_PORT LAB_SSH_LINUX LAB_SSH_IOS LAB_SSH_JUNOS LAB_SSH_EOS LAB_SSH_NXOS LAB_SSH_KEY \
         LAB_SSH_USER LAB_KNOWN_HOSTS LAB_SILENT; do
    [ -n "${!v:-}" ] || missing+=" $v"
done
for x in PUBLIC V2 V3 EOS; do
    for v in SYSNAME SERIAL MODEL; do
        n=LAB_SNMP_${x}_$v; [ -n "${!n:-}" ] || missing+=" $n"
    done
done
t_is "lab.env defines every promised variable" "$missing" ""
t_is "lab.env LAB_NET" "$LAB_NET" "$net"
t_is "lab.env LAB_DIR" "$LAB_DIR" "$lab"
t_match "addresses are in the lab's block" \
    "$LAB_SNMP_PUBLIC $LAB_SNMP_V2 $LAB_SNMP_V3 $LAB_SNMP_EOS $LAB_SNMPSIM $LAB_SSH_IOS $LAB_SILENT" \
    "^${net//./\\.}\\.1\\.1 ${net//./\\.}\\.1\\.2 ${net//./\\.}\\.1\\.3 ${net//./\\.}\\.1\\.4 ${net//./\\.}\\.2\\.1 ${net//./\\.}\\.3\\.2 ${net//./\\.}\\.9\\.1\$"
t_nomatch "random community is not public" "$LAB_SNMP_COMMUNITY" '^public$'
t_is "lab.env is private" "$(stat -c %a "$lab/lab.env")" 600
t_ok "lab status reports up" "$LAB" status "$lab"

# --- SNMP --------------------------------------------------------------------------------------
# Client settings go in snmp.conf files so that no secret is on a command line.
client() {  # client NAME LINES...: a folder with snmp.conf for SNMPCONFPATH
    local d=$T_TMP/snmp-$1; shift
    mkdir -p "$d/state/cert_indexes"
    { echo "mibs :"; echo "persistentDir $d/state"; printf '%s\n' "$@"; } >"$d/snmp.conf"
    chmod 600 "$d/snmp.conf"
}
client public "defVersion 2c" "defCommunity public"
client v1public "defVersion 1" "defCommunity public"
client v2 "defVersion 2c" "defCommunity $LAB_SNMP_COMMUNITY"
client v2as1 "defVersion 1" "defCommunity $LAB_SNMP_COMMUNITY"
client wrong "defVersion 2c" "defCommunity wrong-$RANDOM$RANDOM"
client v3 "defVersion 3" "defSecurityName $LAB_SNMP_V3_USER" "defSecurityLevel authPriv" \
    "defAuthType $LAB_SNMP_V3_AUTH" "defAuthPassphrase $LAB_SNMP_V3_AUTHPASS" \
    "defPrivType $LAB_SNMP_V3_PRIV" "defPrivPassphrase $LAB_SNMP_V3_PRIVPASS"
client v3badpass "defVersion 3" "defSecurityName $LAB_SNMP_V3_USER" "defSecurityLevel authPriv" \
    "defAuthType SHA" "defAuthPassphrase wrong-password-123" "defPrivType AES" \
    "defPrivPassphrase wrong-password-456"

# sget CLIENT TARGET OID: the value, strings unquoted.
sget() {
    local v
    v=$(SNMPCONFPATH=$T_TMP/snmp-$1 snmpget -t 1 -r 1 -Oqv "$2" "$3" 2>&1) || { echo "ERROR: $v"; return 1; }
    v=${v#\"}; v=${v%\"}; echo "$v"
}
# shex CLIENT TARGET OID: the value's bytes as lower-case hex without blanks.
shex() {
    SNMPCONFPATH=$T_TMP/snmp-$1 snmpget -t 1 -r 1 -Oqv -Ox "$2" "$3" 2>&1 | tr -d ' "\n' | tr 'A-F' 'a-f'
}
tohex() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'; }

SYSDESCR=1.3.6.1.2.1.1.1.0 SYSOID=1.3.6.1.2.1.1.2.0 SYSCONTACT=1.3.6.1.2.1.1.4.0
SYSNAME=1.3.6.1.2.1.1.5.0 SYSLOCATION=1.3.6.1.2.1.1.6.0 ENGINEID=1.3.6.1.6.3.10.2.1.1.0
ENT=1.3.6.1.2.1.47.1.1.1.1

check_agent() {  # check_agent LABEL CLIENT ADDR PREFIX(LAB_SNMP_X) SYSOID_PREFIX
    local label=$1 cl=$2 addr=$3 x=$4 oidp=$5 name serial model sysdescr
    name=${x}_SYSNAME; serial=${x}_SERIAL; model=${x}_MODEL; sysdescr=${x}_SYSDESCR
    t_is "$label sysName" "$(sget "$cl" "$addr" $SYSNAME)" "${!name}"
    t_match "$label sysObjectID" "$(sget "$cl" "$addr" $SYSOID)" "^iso\\.${oidp#1.}"
    t_is "$label sysDescr (exact bytes)" "$(shex "$cl" "$addr" $SYSDESCR)" "$(tohex "${!sysdescr}")"
    t_match "$label sysContact and sysLocation set" \
        "$(sget "$cl" "$addr" $SYSCONTACT)|$(sget "$cl" "$addr" $SYSLOCATION)" '^[^|]+@[^|]+\|Lab '
    t_is "$label entPhysicalSerialNum.1" "$(sget "$cl" "$addr" $ENT.11.1)" "${!serial}"
    t_is "$label entPhysicalModelName.1" "$(sget "$cl" "$addr" $ENT.13.1)" "${!model}"
    t_is "$label entPhysicalClass.1 is chassis(3)" "$(sget "$cl" "$addr" $ENT.5.1)" 3
    local f
    for f in 2 7 10 12; do
        t_match "$label entPhysicalTable column $f set" "$(sget "$cl" "$addr" $ENT.$f.1)" '^[^ ]'
    done
}

check_agent "IOS agent (v2c public)" public "$LAB_SNMP_PUBLIC" LAB_SNMP_PUBLIC 1.3.6.1.4.1.9.1.
t_match "IOS sysDescr is in the real IOS form" "$LAB_SNMP_PUBLIC_SYSDESCR" \
    '^Cisco IOS Software, .*Version 15\.2\(4\)M11, RELEASE SOFTWARE'
t_is "IOS agent answers SNMPv1 public" "$(sget v1public "$LAB_SNMP_PUBLIC" $SYSNAME)" "$LAB_SNMP_PUBLIC_SYSNAME"
t_rc "IOS agent refuses a wrong community" 1 \
    env SNMPCONFPATH="$T_TMP/snmp-wrong" snmpget -t 0.5 -r 0 -Oqv "$LAB_SNMP_PUBLIC" $SYSNAME

check_agent "Linux agent (v2c random community)" v2 "$LAB_SNMP_V2" LAB_SNMP_V2 1.3.6.1.4.1.8072.3.2.10
t_is "Linux sysDescr is this host's uname" "$LAB_SNMP_V2_SYSDESCR" "$(uname -s -n -r -v -m)"
t_match "Linux agent keeps HOST-RESOURCES (hrMemorySize)" "$(sget v2 "$LAB_SNMP_V2" 1.3.6.1.2.1.25.2.2.0)" '^[0-9]+'
t_match "Linux agent keeps IF-MIB (ifNumber)" "$(sget v2 "$LAB_SNMP_V2" 1.3.6.1.2.1.2.1.0)" '^[1-9][0-9]*$'
t_match "Linux agent keeps IP-MIB (ipForwarding)" "$(sget v2 "$LAB_SNMP_V2" 1.3.6.1.2.1.4.1.0)" '^[12]$'
t_rc "Linux agent refuses community public" 1 \
    env SNMPCONFPATH="$T_TMP/snmp-public" snmpget -t 0.5 -r 0 -Oqv "$LAB_SNMP_V2" $SYSNAME
t_rc "Linux agent refuses SNMPv1 (v2c only)" 1 \
    env SNMPCONFPATH="$T_TMP/snmp-v2as1" snmpget -t 0.5 -r 0 -Oqv "$LAB_SNMP_V2" $SYSNAME

check_agent "Junos agent (v3 authPriv)" v3 "$LAB_SNMP_V3" LAB_SNMP_V3 1.3.6.1.4.1.2636.1.1.1.2.
t_match "Junos sysDescr is in the JUNOS form" "$LAB_SNMP_V3_SYSDESCR" 'JUNOS [0-9]'
t_is "Junos agent engineID is LAB_SNMP_V3_ENGINEID" "$(shex v3 "$LAB_SNMP_V3" $ENGINEID)" \
    "$(echo "$LAB_SNMP_V3_ENGINEID" | tr 'A-F' 'a-f')"
t_rc "Junos agent refuses v2c" 1 \
    env SNMPCONFPATH="$T_TMP/snmp-public" snmpget -t 0.5 -r 0 -Oqv "$LAB_SNMP_V3" $SYSNAME
t_rc "Junos agent refuses v2c with the lab community" 1 \
    env SNMPCONFPATH="$T_TMP/snmp-v2" snmpget -t 0.5 -r 0 -Oqv "$LAB_SNMP_V3" $SYSNAME
t_rc "Junos agent refuses wrong v3 passwords" 1 \
    env SNMPCONFPATH="$T_TMP/snmp-v3badpass" snmpget -t 0.5 -r 0 -Oqv "$LAB_SNMP_V3" $SYSNAME

check_agent "EOS agent (v2c public)" public "$LAB_SNMP_EOS" LAB_SNMP_EOS 1.3.6.1.4.1.30065.1.

eids=$(for a in "$LAB_SNMP_PUBLIC" "$LAB_SNMP_EOS"; do shex public "$a" $ENGINEID; echo; done
       shex v2 "$LAB_SNMP_V2" $ENGINEID; echo; shex v3 "$LAB_SNMP_V3" $ENGINEID; echo)
t_is "four distinct engineIDs" "$(echo "$eids" | grep -c .)/$(echo "$eids" | sort -u | grep -c .)" 4/4

LLDP=1.0.8802.1.1.2.1
t_is "IOS LLDP neighbour is the EOS agent" "$(sget public "$LAB_SNMP_PUBLIC" $LLDP.4.1.1.9.0.1.1)" "$LAB_SNMP_EOS_SYSNAME"
t_is "EOS LLDP neighbour is the IOS agent" "$(sget public "$LAB_SNMP_EOS" $LLDP.4.1.1.9.0.1.1)" "$LAB_SNMP_PUBLIC_SYSNAME"
t_is "IOS lldpRemPortId" "$(sget public "$LAB_SNMP_PUBLIC" $LLDP.4.1.1.7.0.1.1)" Ethernet1
t_is "EOS lldpLocPortId.1" "$(sget public "$LAB_SNMP_EOS" $LLDP.3.7.1.3.1)" Ethernet1
t_is "IOS lldpRemChassisId is the EOS lldpLocChassisId" \
    "$(shex public "$LAB_SNMP_PUBLIC" $LLDP.4.1.1.5.0.1.1)" "$(shex public "$LAB_SNMP_EOS" $LLDP.3.2.0)"
t_is "IOS lldpRemManAddr names the EOS address" \
    "$(sget public "$LAB_SNMP_PUBLIC" "$LLDP.4.2.1.3.0.1.1.1.4.$LAB_SNMP_EOS")" 2

t_is "IPv6 agent [::1]:$LAB_SNMP6_PORT answers" \
    "$(sget public "udp6:[$LAB_SNMP6_ADDR]:$LAB_SNMP6_PORT" $SYSNAME)" "$LAB_SNMP_PUBLIC_SYSNAME"

t_rc "silent host does not answer SNMP" 1 \
    env SNMPCONFPATH="$T_TMP/snmp-public" snmpget -t 0.3 -r 0 -Oqv "$LAB_SILENT" $SYSNAME

# snmpsimd: every recording answers under its own community with its first OID.
corpus=${NETLOOM_CORPUS:-$NETLOOM_TOP/../shared/corpus}
want=$(cd "$corpus/snmprec" && ls -- *.snmprec* | sed -e 's/\.bz2$//' -e 's/\.snmprec$//' | sort | tr '\n' ' ')
t_is "snmpsimd serves every corpus recording" "$(echo "$LAB_SNMPSIM_COMMUNITIES" | tr ' ' '\n' | sort | tr '\n' ' ')" "$want"
for c in $LAB_SNMPSIM_COMMUNITIES; do
    client "sim-$c" "defVersion 2c" "defCommunity $c"
    first=$(grep -m1 -oE '^[0-9.]+' "$lab/snmpsim/data/$c.snmprec")
    got=$(SNMPCONFPATH=$T_TMP/snmp-sim-$c snmpget -t 2 -r 1 -On "$LAB_SNMPSIM" "$first" 2>&1 | head -n 1)
    t_match "snmpsimd community $c answers its first OID" "$got" "^\\.${first//./\\.} = [A-Za-z0-9-]+: "
done
t_rc "snmpsimd refuses an unknown community" 1 \
    env SNMPCONFPATH="$T_TMP/snmp-wrong" snmpget -t 0.5 -r 0 -Oqv "$LAB_SNMPSIM" $SYSNAME
simpid=$(cat "$lab/snmpsim/run/snmpsimd.pid" 2>/dev/null)
t_is "snmpsimd runs as nobody" "$(ps -o user= -p "${simpid:-0}" 2>/dev/null | tr -d ' ')" nobody

# --- SSH ---------------------------------------------------------------------------------------
SSH=(ssh -q -i "$LAB_SSH_KEY" -p "$LAB_SSH_PORT" -o StrictHostKeyChecking=yes
     -o UserKnownHostsFile="$LAB_KNOWN_HOSTS" -o BatchMode=yes -o ConnectTimeout=5
     -o IdentitiesOnly=yes -o GlobalKnownHostsFile=/dev/null)
sx() { local h=$1; shift; "${SSH[@]}" "$LAB_SSH_USER@$h" "$@" 2>&1; }
crlf() { tr -d '\r'; }

t_is "known_hosts has one line per instance" "$(grep -c "^\[${net//./\\.}\\.3\\.[1-5]\]:$LAB_SSH_PORT ssh-ed25519 " "$LAB_KNOWN_HOSTS")" 5
t_is "ed25519 host keys differ per instance" "$(cut -d' ' -f3 "$LAB_KNOWN_HOSTS" | sort -u | wc -l)" 5
t_is "Linux: uname -s over SSH" "$(sx "$LAB_SSH_LINUX" uname -s)" Linux
t_is "Linux: clean HOME" "$(sx "$LAB_SSH_LINUX" 'echo $HOME')" "$LAB_DIR/home"
t_ok "Linux: curve25519-sha256 key exchange offered" \
    "${SSH[@]}" -o KexAlgorithms=curve25519-sha256 "$LAB_SSH_USER@$LAB_SSH_LINUX" true
bad_kh=$T_TMP/bad_known_hosts
sed -e "s/^\[$LAB_SSH_IOS\]/[$LAB_SSH_LINUX]/;t;d" "$LAB_KNOWN_HOSTS" >"$bad_kh"
t_rc "Linux: a wrong host key is refused" 255 \
    ssh -q -i "$LAB_SSH_KEY" -p "$LAB_SSH_PORT" -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$bad_kh" \
    -o BatchMode=yes -o GlobalKnownHostsFile=/dev/null "$LAB_SSH_USER@$LAB_SSH_LINUX" true
ssh-keygen -q -t ed25519 -N '' -f "$T_TMP/otherkey" </dev/null >/dev/null
t_rc "Linux: an unknown client key is refused" 255 \
    ssh -q -i "$T_TMP/otherkey" -p "$LAB_SSH_PORT" -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes \
    -o UserKnownHostsFile="$LAB_KNOWN_HOSTS" -o BatchMode=yes -o GlobalKnownHostsFile=/dev/null \
    "$LAB_SSH_USER@$LAB_SSH_LINUX" true

for p in IOS EOS NXOS JUNOS; do
    addr=LAB_SSH_$p; vf=LAB_SSH_${p}_VERSION_FILE
    t_is "$p exec: show version prints the corpus file" \
        "$(sx "${!addr}" show version | crlf)" "$(crlf <"${!vf}")"
done
for p in IOS EOS NXOS; do
    addr=LAB_SSH_$p; cf=LAB_SSH_${p}_CONFIG_FILE
    t_is "$p exec: show running-config prints the corpus file" \
        "$(sx "${!addr}" show running-config | crlf)" "$(crlf <"${!cf}")"
    t_match "$p exec: show clock" "$(sx "${!addr}" show clock)" '[0-9]{2}:[0-9]{2}:[0-9]{2}'
done
t_is "JUNOS exec: show configuration prints the corpus file" \
    "$(sx "$LAB_SSH_JUNOS" show configuration | crlf)" "$(crlf <"$LAB_SSH_JUNOS_CONFIG_FILE")"
set_out=$(sx "$LAB_SSH_JUNOS" 'show configuration | display set')
t_match "JUNOS exec: display set names the host" "$set_out" "^set system host-name $LAB_SSH_JUNOS_HOSTNAME\$"
t_is "JUNOS exec: display set prints only set lines" "$(echo "$set_out" | grep -vc '^set ')" 0
t_match "JUNOS exec: display set has many lines" "$(echo "$set_out" | wc -l)" '^[0-9]{2,}$'
t_match "JUNOS exec: unknown command is a syntax error" "$(sx "$LAB_SSH_JUNOS" show foo)" '^syntax error'
t_match "IOS exec: unknown command" "$(sx "$LAB_SSH_IOS" show foo)" "% Invalid input detected at '\\^' marker\\."
t_match "IOS exec: show inventory names the serial of show version" "$(sx "$LAB_SSH_IOS" show inventory)" \
    "SN: $(grep -m1 '^System serial number' "$LAB_SSH_IOS_VERSION_FILE" | awk '{print $NF}')"
t_match "IOS exec: abbreviations and | include" "$(sx "$LAB_SSH_IOS" 'sh run | i ^hostname')" \
    "^hostname $LAB_SSH_IOS_HOSTNAME\$"

# Interactive IOS session: paging until `terminal length 0`, none after.
out=$T_TMP/cli; mkdir -p "$out"
h=$LAB_SSH_IOS_HOSTNAME
transcript=$(CLI_DRIVER_OUT=$out "$DRIVER" - -- "${SSH[@]}" -tt "$LAB_SSH_USER@$LAB_SSH_IOS" <<EOF
expect $h>\$
mark userexec
send show running-config\\r
expect $h>\$
send enable\\r
expect $h#\$
mark paged
send show running-config\\r
expect --More--
send \\x20
expect --More--
send q
expect $h#\$
send terminal length 0\\r
expect $h#\$
mark unpaged
send show running-config\\r
expect $h#\$
mark end
send exit\\r
EOF
)
t_is "IOS interactive: session script ran" "$?" 0
t_match "IOS interactive: user exec refuses show running-config" "$(cat "$out/userexec" 2>/dev/null)" \
    "% Invalid input detected at '\\^' marker\\."
t_is "IOS interactive: paging before terminal length 0" "$(grep -c -- '--More--' "$out/paged" 2>/dev/null)" 2
t_is "IOS interactive: no paging after terminal length 0" "$(grep -c -- '--More--' "$out/unpaged" 2>/dev/null)" 0
t_is "IOS interactive: full config after terminal length 0" \
    "$(crlf <"$out/unpaged" 2>/dev/null | sed -e '1d' -e '$d')" "$(crlf <"$LAB_SSH_IOS_CONFIG_FILE")"
[ -n "${transcript}" ] || true

# Interactive Junos session: user@host> prompt, ---(more)--- until set cli screen-length 0.
h="$LAB_SSH_USER@$LAB_SSH_JUNOS_HOSTNAME> "
CLI_DRIVER_OUT=$out "$DRIVER" - -- "${SSH[@]}" -tt "$LAB_SSH_USER@$LAB_SSH_JUNOS" >/dev/null <<EOF
expect $h\$
mark jpaged
send show configuration | display set\\r
expect ---\\(more\\)---
send q
expect $h\$
send set cli screen-length 0\\r
expect $h\$
mark junpaged
send show configuration | display set\\r
expect $h\$
mark jend
send exit\\r
EOF
t_is "JUNOS interactive: session script ran" "$?" 0
t_is "JUNOS interactive: paging before screen-length 0" "$(grep -c -- '---(more)---' "$out/jpaged" 2>/dev/null)" 1
t_is "JUNOS interactive: no paging after screen-length 0" "$(grep -c -- '---(more)---' "$out/junpaged" 2>/dev/null)" 0
t_is "JUNOS interactive: every set line after screen-length 0" \
    "$(crlf <"$out/junpaged" 2>/dev/null | grep -c '^set ')" "$(echo "$set_out" | grep -c '^set ')"

t_rc "silent host refuses SSH" 255 "${SSH[@]}" -o ConnectTimeout=2 "$LAB_SSH_USER@$LAB_SILENT" true

# --- failure is loud, restart is clean -------------------------------------------------------------
other=$T_TMP/other-lab
msg=$("$LAB" up "$other" --net "$net" 2>&1); rc=$?
t_is "a second lab on a busy block fails" "$rc" 1
t_match "the failure names the service and shows its log" "$msg" 'did not come up; log .*snmpd\.log'
t_is "the failed lab leaves no process" "$(pgrep -f -- "$other/" | tr '\n' ' ')" ""

old_pids=$(cat "$lab"/snmp/*/snmpd.pid "$lab"/ssh/*/sshd.pid "$lab"/snmpsim/run/snmpsimd.pid 2>/dev/null | sort)
t_ok "lab up again restarts it" "$LAB" up "$lab" --net "$net"
# shellcheck disable=SC1091
. "$lab/lab.env"
alive=""
for p in $old_pids; do kill -0 "$p" 2>/dev/null && alive+=" $p"; done
t_is "restart left no old process" "$alive" ""
client v2 "defVersion 2c" "defCommunity $LAB_SNMP_COMMUNITY"
t_is "after restart: Linux agent answers its new community" "$(sget v2 "$LAB_SNMP_V2" $SYSNAME)" "$LAB_SNMP_V2_SYSNAME"
t_is "after restart: IOS emulator answers" "$(sx "$LAB_SSH_IOS" show clock | grep -c UTC)" 1

# --- down ------------------------------------------------------------------------------------------
# A session left open must not survive down either.
fifo=$T_TMP/hold; mkfifo "$fifo"; exec 7<>"$fifo"
"${SSH[@]}" -tt "$LAB_SSH_USER@$LAB_SSH_IOS" <"$fifo" >/dev/null 2>&1 &
bgssh=$!
# Wait (bounded) for the session's emulator to start: no fixed sleep on a shared machine.
for _ in $(seq 100); do [ "$(pgrep -f -- "--lab $lab" | wc -l)" -gt 0 ] && break; sleep 0.1; done
t_match "an open IOS session runs its emulator" "$(pgrep -f -- "--lab $lab" | wc -l)" '^[1-9]'
pids=$(cat "$lab"/snmp/*/snmpd.pid "$lab"/ssh/*/sshd.pid "$lab"/snmpsim/run/snmpsimd.pid 2>/dev/null)
t_is "ten pid files while up" "$(echo "$pids" | grep -c .)" 10
t_ok "lab down" "$LAB" down "$lab"
alive=""
for p in $pids; do kill -0 "$p" 2>/dev/null && alive+=" $p"; done
t_is "no pid from the pid files is alive after down" "$alive" ""
t_is "no process names the lab folder after down" "$(pgrep -f -- "$lab/" | tr '\n' ' ')" ""
t_rc "lab status reports down" 3 "$LAB" status "$lab"
kill "$bgssh" 2>/dev/null; wait "$bgssh" 2>/dev/null; exec 7>&-
t_ok "lab down twice is harmless" "$LAB" down "$lab"

if [ -n "$shared_before" ]; then
    t_is "the shared lab is untouched" "$("$LAB" status "$NETLOOM_LAB" 2>&1)" "$shared_before"
fi
t_done

#!/bin/bash
# shellcheck disable=SC2034  # LAB_* identity variables are read back through ${!var}
# The real-service test lab: net-snmp agents, snmpsimd and OpenSSH servers on loopback.
# usage: tests/lab/lab.sh up|down|status [DIR] [--net 127.B]
# DIR defaults to $NETLOOM_LAB or /tmp/netloom-lab, --net to $NETLOOM_LAB_NET or 127.77; see tests/lab/README.md for the address plan.
set -u -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
corpus=${NETLOOM_CORPUS:-$repo/../shared/corpus}
emulator=$here/nos-emulator
python=/usr/bin/python3

die() { echo "lab: $*" >&2; exit 1; }
say() { echo "lab: $*"; }

usage() { echo "usage: $0 up|down|status [DIR] [--net 127.B]" >&2; exit 2; }

cmd=${1:-}
[ -n "$cmd" ] || usage
shift
dir=""
net=${NETLOOM_LAB_NET:-127.77}   # the environment lets concurrent test runs pick their own block
while [ $# -gt 0 ]; do
    case $1 in
        --net) [ $# -ge 2 ] || usage; net=$2; shift 2 ;;
        --net=*) net=${1#--net=}; shift ;;
        -*) usage ;;
        *) [ -z "$dir" ] || usage; dir=$1; shift ;;
    esac
done
dir=${dir:-${NETLOOM_LAB:-/tmp/netloom-lab}}
case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
dir=${dir%/}
[ -n "$dir" ] && [ "$dir" != / ] || die "refusing lab folder '/'"
case $dir in *[[:space:]\'\"\\]*) die "lab folder must not contain blanks or quotes: $dir" ;; esac

# Only 127.B: every address the lab binds must stay on loopback.
if ! [[ $net =~ ^127\.([0-9]{1,3})$ ]] || [ "${BASH_REMATCH[1]}" -gt 255 ]; then
    die "--net wants 127.B with B in 0..255, got '$net'"
fi
net_b=${BASH_REMATCH[1]}

SSH_PORT=2222
SNMP6_PORT=$((16000 + net_b))   # distinct per block so that two labs can run side by side

# SSH instances in address order ($NET.3.1 ...); snmpd agents are public v2 v3 eos.
SSH_INSTANCES="linux ios junos eos nxos"

# ---------------------------------------------------------------------------------------------
# Process bookkeeping

# pid_files: every pid file the lab may have written under DIR.
pid_files() {
    local f
    for f in "$dir"/snmp/*/snmpd.pid "$dir"/ssh/*/sshd.pid "$dir"/snmpsim/run/snmpsimd.pid; do
        [ -f "$f" ] && echo "$f"
    done
}

# owned PID: true when PID is alive and its command line names this lab folder, so that a
# recycled pid of some other process is never signalled.
owned() {
    local pid=$1 cl
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [ -r "/proc/$pid/cmdline" ] || return 1
    cl=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    case $cl in *"$dir/"*) return 0 ;; esac
    return 1
}

# descendants PID...: every live descendant (sshd sessions and their emulator children).
descendants() {
    local -A kids=()
    local p pp
    while read -r p pp; do kids[$pp]+="$p "; done < <(ps -e -o pid=,ppid=)
    local queue=("$@") out=()
    while [ ${#queue[@]} -gt 0 ]; do
        p=${queue[0]}; queue=("${queue[@]:1}")
        for pp in ${kids[$p]:-}; do out+=("$pp"); queue+=("$pp"); done
    done
    echo "${out[@]:-}"
}

running_pids() {
    local f pid
    for f in $(pid_files); do
        pid=$(head -c 32 "$f" 2>/dev/null | tr -dc '0-9')
        owned "$pid" && echo "$pid"
    done
}

do_down() {
    local pids=() p kids alive i
    mapfile -t pids < <(running_pids)
    if [ ${#pids[@]} -gt 0 ]; then
        kids=$(descendants "${pids[@]}")
        # shellcheck disable=SC2206
        pids+=($kids)
        kill -TERM "${pids[@]}" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            alive=()
            for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
            [ ${#alive[@]} -eq 0 ] && break
            sleep 0.1
        done
        if [ ${#alive[@]} -gt 0 ]; then
            kill -KILL "${alive[@]}" 2>/dev/null || true
            sleep 0.1
        fi
    fi
    # Stray emulator sessions whose sshd already went away still name DIR in their command line.
    local stray
    for stray in $(pgrep -f -- "$dir/" 2>/dev/null); do
        [ "$stray" = $$ ] && continue
        owned "$stray" && kill -KILL "$stray" 2>/dev/null
    done
    rm -f "$dir"/snmp/*/snmpd.pid "$dir"/ssh/*/sshd.pid "$dir"/snmpsim/run/snmpsimd.pid
    return 0
}

# ---------------------------------------------------------------------------------------------
# Helpers for up

rand_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# Hex form of a string for `override ... octet_str 0x...` (keeps CR/LF inside sysDescr).
to_hex() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'; }

# Shell-quotes one value for lab.env.
q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

log_tail() {
    local f=$1
    if [ -f "$f" ]; then sed -e 's/^/    | /' "$f" | tail -n 15 >&2; else echo "    | (no log at $f)" >&2; fi
}

fail_up() {
    echo "lab: $1 did not come up; log $2:" >&2
    log_tail "$2"
    do_down
    exit 1
}

# write_snmpd NAME ADDR: snmpd.conf for one agent from the variables set by the caller.
write_snmpd() {
    local name=$1 d=$dir/snmp/$1
    mkdir -p "$d/state"
    {
        echo "[snmp] mibs :"
        echo "[snmp] persistentDir $d/state"
        echo "dontLogTCPWrappersConnects yes"
        echo "exactEngineID 0x$engine"
        echo "sysname $sysname"
        echo "sysobjectid $sysobjectid"
        echo "syscontact $syscontact"
        echo "syslocation $syslocation"
        echo "sysservices $sysservices"
        echo "override 1.3.6.1.2.1.1.1.0 octet_str 0x$(to_hex "$sysdescr")"
        # ENTITY-MIB entPhysicalTable, entry 1: the chassis.
        local e=1.3.6.1.2.1.47.1.1.1.1
        echo "override $e.2.1 octet_str 0x$(to_hex "$ent_descr")"
        echo "override $e.3.1 object_id $sysobjectid"
        echo "override $e.4.1 integer 0"
        echo "override $e.5.1 integer 3"
        echo "override $e.6.1 integer -1"
        echo "override $e.7.1 octet_str 0x$(to_hex "$ent_name")"
        echo "override $e.8.1 octet_str 0x$(to_hex "$ent_hwrev")"
        echo "override $e.10.1 octet_str 0x$(to_hex "$ent_swrev")"
        echo "override $e.11.1 octet_str 0x$(to_hex "$serial")"
        echo "override $e.12.1 octet_str 0x$(to_hex "$ent_mfg")"
        echo "override $e.13.1 octet_str 0x$(to_hex "$model")"
        echo "override $e.16.1 integer 2"
        printf '%s\n' "$access"
        printf '%s\n' "$extra"
    } >"$d/snmpd.conf"
    chmod 600 "$d/snmpd.conf"
}

# lldp_rows LOCALPORT REMSYSNAME REMPORT REMCHASSIS(hex MAC) REMADDR LOCALCHASSIS(hex MAC) LOCALNAME:
# one LLDP-MIB neighbour (lldpRemTable row 0.1.1, lldpLocPortTable row 1, lldpRemManAddrTable).
lldp_rows() {
    local lport=$1 rname=$2 rport=$3 rchassis=$4 raddr=$5 lchassis=$6 lname=$7
    local l=1.0.8802.1.1.2.1 o
    echo "override $l.3.1.0 integer 4"
    echo "override $l.3.2.0 octet_str 0x$lchassis"
    echo "override $l.3.3.0 octet_str 0x$(to_hex "$lname")"
    echo "override $l.3.7.1.2.1 integer 5"
    echo "override $l.3.7.1.3.1 octet_str 0x$(to_hex "$lport")"
    echo "override $l.3.7.1.4.1 octet_str 0x$(to_hex "$lport")"
    echo "override $l.4.1.1.4.0.1.1 integer 4"
    echo "override $l.4.1.1.5.0.1.1 octet_str 0x$rchassis"
    echo "override $l.4.1.1.6.0.1.1 integer 5"
    echo "override $l.4.1.1.7.0.1.1 octet_str 0x$(to_hex "$rport")"
    echo "override $l.4.1.1.8.0.1.1 octet_str 0x$(to_hex "$rport")"
    echo "override $l.4.1.1.9.0.1.1 octet_str 0x$(to_hex "$rname")"
    o=$l.4.2.1.3.0.1.1.1.4.${raddr}
    echo "override $o integer 2"
}

start_snmpd() {
    local name=$1; shift
    local d=$dir/snmp/$name
    /usr/sbin/snmpd -C -c "$d/snmpd.conf" -p "$d/snmpd.pid" -Lf "$d/snmpd.log" \
        -I -smux,mteTrigger,mteTriggerConf "$@" >>"$d/snmpd.log" 2>&1 \
        || fail_up "snmpd $name ($*)" "$d/snmpd.log"
}

# A client snmp.conf per agent so that readiness probes keep secrets off command lines.
write_client() {
    local d=$dir/snmp/$1/client
    mkdir -p "$d/state/cert_indexes"
    { echo "mibs :"; echo "persistentDir $d/state"; printf '%s\n' "$2"; } >"$d/snmp.conf"
    chmod 600 "$d/snmp.conf"
}

write_sshd() {
    local name=$1 addr=$2 force=$3 d=$dir/ssh/$1
    mkdir -p "$d"
    ssh-keygen -q -t ed25519 -N '' -C "netloom-lab-$name" -f "$d/host_ed25519" >/dev/null </dev/null \
        || die "ssh-keygen for $name failed"
    {
        echo "ListenAddress $addr:$SSH_PORT"
        echo "HostKey $d/host_ed25519"
        echo "PidFile $d/sshd.pid"
        echo "AuthorizedKeysFile $dir/keys/authorized_keys"
        echo "PubkeyAuthentication yes"
        echo "PasswordAuthentication no"
        echo "KbdInteractiveAuthentication no"
        echo "PermitRootLogin prohibit-password"
        echo "AllowUsers $LAB_SSH_USER"
        echo "StrictModes no"
        echo "UsePAM no"
        echo "UseDNS no"
        echo "PrintMotd no"
        echo "PrintLastLog no"
        echo "X11Forwarding no"
        echo "AllowTcpForwarding no"
        echo "AllowAgentForwarding no"
        echo "PermitTunnel no"
        echo "MaxStartups 100:30:200"
        echo "MaxSessions 20"
        echo "LogLevel INFO"
        echo "KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org,sntrup761x25519-sha512@openssh.com,ecdh-sha2-nistp256,ecdh-sha2-nistp384,diffie-hellman-group14-sha256"
        echo "Banner $d/banner"
        echo "SetEnv HOME=$dir/home LAB_PLATFORM=$name"
        [ -n "$force" ] && echo "ForceCommand $force"
        echo "Subsystem sftp internal-sftp"
    } >"$d/sshd_config"
}

start_sshd() {
    local name=$1 d=$dir/ssh/$1
    /usr/sbin/sshd -f "$d/sshd_config" -E "$d/sshd.log" >>"$d/sshd.log" 2>&1 \
        || fail_up "sshd $name" "$d/sshd.log"
}

# ---------------------------------------------------------------------------------------------

do_up() {
    command -v snmpd >/dev/null 2>&1 || [ -x /usr/sbin/snmpd ] || die "snmpd missing: run tools/deps.sh"
    [ -x /usr/sbin/sshd ] || die "sshd missing: run tools/deps.sh"
    command -v snmpsimd >/dev/null 2>&1 || die "snmpsimd missing: run tools/deps.sh"
    [ -x "$python" ] || die "$python missing: run tools/deps.sh"
    [ -d "$corpus/snmprec" ] || die "corpus not found at $corpus (set NETLOOM_CORPUS)"
    corpus=$(cd "$corpus" && pwd)

    if [ -n "$(running_pids)" ]; then
        say "already up in $dir: restarting it"
        do_down
    fi
    mkdir -p "$dir" || die "cannot create $dir"
    chmod 711 "$dir"
    rm -rf "${dir:?}/snmp" "${dir:?}/ssh" "${dir:?}/snmpsim" "${dir:?}/keys" "${dir:?}/home" \
           "${dir:?}/known_hosts" "${dir:?}/lab.env"
    mkdir -p "$dir/snmp" "$dir/ssh" "$dir/keys" "$dir/home"
    : >"$dir/home/.bashrc"; : >"$dir/home/.profile"
    [ -d /run/sshd ] || mkdir -p /run/sshd 2>/dev/null || die "/run/sshd missing and cannot be created"

    LAB_SSH_USER=$(id -un)
    local b=$net_b
    local a_public=$net.1.1 a_v2=$net.1.2 a_v3=$net.1.3 a_eos=$net.1.4 a_sim=$net.2.1
    local ipv4hex
    community=nl$(rand_hex 12)
    v3user=labv3-$(rand_hex 3)
    v3auth=$(rand_hex 12)
    v3priv=$(rand_hex 12)

    # --- SNMP agents --------------------------------------------------------------------
    local sysname sysobjectid syscontact syslocation sysservices sysdescr ent_descr ent_name
    local ent_hwrev ent_swrev serial ent_mfg model access extra engine
    local mac_ios mac_eos
    mac_ios=$(printf '0019aa4d%02x01' "$b")
    mac_eos=$(printf '001c73%02x0104' "$b")

    # Cisco IOS switch (v1/v2c public), also on udp6 [::1].
    sysname=ios-sw1.lab; sysobjectid=1.3.6.1.4.1.9.1.1208
    syscontact="NOC <noc@lab.example>"; syslocation="Lab rack A1"; sysservices=6
    sysdescr=$'Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(4)M11, RELEASE SOFTWARE (fc2)\r\nTechnical Support: http://www.cisco.com/techsupport\r\nCopyright (c) 1986-2016 by Cisco Systems, Inc.\r\nCompiled Thu 29-Dec-16 11:03 by prod_rel_team'
    ent_descr="WS-C2960X-48FPD-L"; ent_name="1"; ent_hwrev="V05"; ent_swrev="15.2(4)M11"
    serial=FOC1932X0K1; ent_mfg="Cisco Systems Inc."; model=WS-C2960X-48FPD-L
    engine=800000090300$mac_ios
    access=$'rocommunity public default\nrocommunity6 public default'
    extra=$(lldp_rows GigabitEthernet1/0/48 eos-sw1.lab Ethernet1 "$mac_eos" "${a_eos//./.}" "$mac_ios" ios-sw1.lab)
    write_snmpd public
    LAB_SNMP_PUBLIC_SYSNAME=$sysname LAB_SNMP_PUBLIC_SERIAL=$serial LAB_SNMP_PUBLIC_MODEL=$model
    LAB_SNMP_PUBLIC_SYSOBJECTID=$sysobjectid LAB_SNMP_PUBLIC_ENGINEID=$engine
    LAB_SNMP_PUBLIC_SYSDESCR=$sysdescr

    # Linux server (v2c only, random community): net-snmp's own tables are kept.
    sysname=linux-srv1.lab; sysobjectid=1.3.6.1.4.1.8072.3.2.10
    syscontact="Platform team <platform@lab.example>"; syslocation="Lab rack B2"; sysservices=72
    sysdescr=$(uname -s -n -r -v -m)
    ent_descr="ProLiant DL360 Gen10"; ent_name="Chassis"; ent_hwrev="A"; ent_swrev=$(uname -r)
    serial=CZJ93701LX; ent_mfg="HPE"; model=867959-B21
    ipv4hex=$(printf '%02x%02x%02x%02x' 127 "$b" 1 2)
    engine=80001f8801$ipv4hex
    access="com2sec lab default $community
group labgrp v2c lab
view all included .1
access labgrp \"\" v2c noauth exact all none none"
    extra=""
    write_snmpd v2
    LAB_SNMP_V2_SYSNAME=$sysname LAB_SNMP_V2_SERIAL=$serial LAB_SNMP_V2_MODEL=$model
    LAB_SNMP_V2_SYSOBJECTID=$sysobjectid LAB_SNMP_V2_ENGINEID=$engine LAB_SNMP_V2_SYSDESCR=$sysdescr

    # Juniper router (SNMPv3 authPriv SHA/AES only).
    sysname=mx-rtr1.lab; sysobjectid=1.3.6.1.4.1.2636.1.1.1.2.21
    syscontact="Backbone team <backbone@lab.example>"; syslocation="Lab rack C3"; sysservices=4
    sysdescr="Juniper Networks, Inc. mx960 internet router, kernel JUNOS 13.3R9.13, Build date: 2016-03-01 08:56:00 UTC Copyright (c) 1996-2016 Juniper Networks, Inc."
    ent_descr="Juniper MX960 Internet Backbone Router"; ent_name="Chassis"; ent_hwrev="Rev 04"
    ent_swrev="13.3R9.13"; serial=JN11D4F5CAFA; ent_mfg="Juniper Networks"; model=MX960
    ipv4hex=$(printf '%02x%02x%02x%02x' 127 "$b" 1 3)
    engine=80000a4c01$ipv4hex
    access="createUser $v3user SHA $v3auth AES $v3priv
rouser $v3user priv"
    extra=""
    write_snmpd v3
    LAB_SNMP_V3_SYSNAME=$sysname LAB_SNMP_V3_SERIAL=$serial LAB_SNMP_V3_MODEL=$model
    LAB_SNMP_V3_SYSOBJECTID=$sysobjectid LAB_SNMP_V3_ENGINEID=$engine LAB_SNMP_V3_SYSDESCR=$sysdescr

    # Arista switch (v2c public).
    sysname=eos-sw1.lab; sysobjectid=1.3.6.1.4.1.30065.1.3011.7150.3282.52.2745
    syscontact="NOC <noc@lab.example>"; syslocation="Lab rack A2"; sysservices=14
    sysdescr="Arista Networks EOS version 4.20.5F running on an Arista Networks DCS-7150S-52-CL"
    ent_descr="DCS-7150S-52-CL 52-port SFP+ 10GigE 1RU + Clock"; ent_name="Chassis"; ent_hwrev="02.10"
    ent_swrev="4.20.5F"; serial=JPE15080123; ent_mfg="Arista Networks"; model=DCS-7150S-52-CL-F
    engine=8000757103$mac_eos
    access="rocommunity public default"
    extra=$(lldp_rows Ethernet1 ios-sw1.lab GigabitEthernet1/0/48 "$mac_ios" "${a_public}" "$mac_eos" eos-sw1.lab)
    write_snmpd eos
    LAB_SNMP_EOS_SYSNAME=$sysname LAB_SNMP_EOS_SERIAL=$serial LAB_SNMP_EOS_MODEL=$model
    LAB_SNMP_EOS_SYSOBJECTID=$sysobjectid LAB_SNMP_EOS_ENGINEID=$engine LAB_SNMP_EOS_SYSDESCR=$sysdescr

    write_client public "defVersion 2c
defCommunity public"
    write_client v2 "defVersion 2c
defCommunity $community"
    write_client v3 "defVersion 3
defSecurityName $v3user
defSecurityLevel authPriv
defAuthType SHA
defAuthPassphrase $v3auth
defPrivType AES
defPrivPassphrase $v3priv"
    write_client eos "defVersion 2c
defCommunity public"

    start_snmpd public "udp:$a_public:161" "udp6:[::1]:$SNMP6_PORT"
    start_snmpd v2 "udp:$a_v2:161"
    start_snmpd v3 "udp:$a_v3:161"
    start_snmpd eos "udp:$a_eos:161"

    # --- snmpsimd -------------------------------------------------------------------------
    local sd=$dir/snmpsim f base communities=""
    mkdir -p "$sd/data" "$sd/run" "$sd/cache"
    for f in "$corpus"/snmprec/*.snmprec.bz2 "$corpus"/snmprec/*.snmprec; do
        [ -f "$f" ] || continue
        base=$(basename "$f"); base=${base%.bz2}; base=${base%.snmprec}
        case $f in
            *.bz2) bzcat "$f" >"$sd/data/$base.snmprec" || die "bzcat $f failed" ;;
            *) cp "$f" "$sd/data/$base.snmprec" ;;
        esac
        communities+="${communities:+ }$base"
    done
    [ -n "$communities" ] || die "no recordings in $corpus/snmprec"
    chmod 755 "$sd" "$sd/data"; chmod 644 "$sd"/data/*
    chown nobody:nogroup "$sd/run" "$sd/cache" 2>/dev/null || chmod 777 "$sd/run" "$sd/cache"
    local simuser=() anc
    if [ "$(id -u)" = 0 ]; then
        simuser=(--process-user=nobody --process-group=nogroup)
        # snmpsimd reads its data as nobody: every folder above DIR must be searchable
        # (mktemp -d makes 0700 folders); search permission only, nothing becomes listable.
        anc=$dir
        while anc=${anc%/*}; [ -n "$anc" ]; do
            if [ "$(stat -c %u "$anc")" = 0 ] && ! runuser -u nobody -- test -x "$anc" 2>/dev/null; then
                chmod o+x "$anc" && say "made $anc searchable (o+x) for snmpsimd running as nobody"
            fi
        done
    fi
    snmpsimd --data-dir="$sd/data" --cache-dir="$sd/cache" --agent-udpv4-endpoint="$a_sim:161" \
        "${simuser[@]}" --pid-file="$sd/run/snmpsimd.pid" --logging-method=null --daemonize \
        >"$sd/snmpsimd.log" 2>&1 || fail_up "snmpsimd" "$sd/snmpsimd.log"

    # --- SSH ------------------------------------------------------------------------------
    ssh-keygen -q -t ed25519 -N '' -C netloom-lab-client -f "$dir/keys/client_ed25519" </dev/null \
        >/dev/null || die "ssh-keygen client failed"
    cp "$dir/keys/client_ed25519.pub" "$dir/keys/authorized_keys"
    chmod 600 "$dir/keys/client_ed25519" "$dir/keys/authorized_keys"
    local n i=0 addr
    : >"$dir/known_hosts"
    for n in $SSH_INSTANCES; do
        i=$((i + 1)); addr=$net.3.$i
        if [ "$n" = linux ]; then
            write_sshd "$n" "$addr" ""
            printf 'netloom lab host %s\n' "$(uname -n)" >"$dir/ssh/$n/banner"
        else
            "$python" "$emulator" --platform "$n" --corpus "$corpus" --check >"$dir/ssh/$n.check" 2>&1 \
                || { cat "$dir/ssh/$n.check" >&2; die "nos-emulator $n cannot serve its corpus files"; }
            mkdir -p "$dir/ssh/$n"
            "$python" "$emulator" --platform "$n" --corpus "$corpus" --login-banner >"$dir/ssh/$n/banner"
            write_sshd "$n" "$addr" "$python $emulator --platform $n --corpus $corpus --lab $dir"
        fi
        printf '[%s]:%s %s\n' "$addr" "$SSH_PORT" "$(cut -d' ' -f1,2 "$dir/ssh/$n/host_ed25519.pub")" \
            >>"$dir/known_hosts"
        start_sshd "$n"
    done

    # --- wait until every service answers -------------------------------------------------
    local deadline=$((SECONDS + ${NETLOOM_LAB_WAIT:-60})) pending ok
    local probes="snmp:public:$a_public snmp:v2:$a_v2 snmp:v3:$a_v3 snmp:eos:$a_eos snmp6:public:udp6:[::1]:$SNMP6_PORT sim:x:$a_sim"
    i=0
    for n in $SSH_INSTANCES; do i=$((i + 1)); probes+=" ssh:$n:$net.3.$i"; done
    pending=$probes
    while [ -n "$pending" ]; do
        local left="" p kind nm tgt
        for p in $pending; do
            kind=${p%%:*}; nm=${p#*:}; tgt=${nm#*:}; nm=${nm%%:*}
            ok=1
            case $kind in
                snmp|snmp6)
                    SNMPCONFPATH=$dir/snmp/$nm/client MIBS='' snmpget -t 0.3 -r 0 -Oqv "$tgt" \
                        1.3.6.1.2.1.1.5.0 >/dev/null 2>&1 || ok=0 ;;
                sim)
                    snmpget -v2c -c "${communities%% *}" -t 0.5 -r 0 -Oqv "$tgt" 1.3.6.1.2.1.1.1.0 \
                        >/dev/null 2>&1 || ok=0 ;;
                ssh)
                    ssh-keyscan -T 1 -p "$SSH_PORT" -t ed25519 "$tgt" 2>/dev/null | grep -q ssh-ed25519 \
                        || ok=0 ;;
            esac
            [ $ok = 1 ] || left+=" $p"
        done
        pending=${left# }
        [ -z "$pending" ] && break
        if [ $SECONDS -ge $deadline ]; then
            p=${pending%% *}; kind=${p%%:*}; nm=${p#*:}; nm=${nm%%:*}
            case $kind in
                snmp|snmp6) fail_up "snmpd $nm (${p#*:*:})" "$dir/snmp/$nm/snmpd.log" ;;
                sim) fail_up "snmpsimd ($a_sim)" "$sd/snmpsimd.log" ;;
                ssh) fail_up "sshd $nm" "$dir/ssh/$nm/sshd.log" ;;
            esac
        fi
        sleep 0.1
    done

    # --- lab.env --------------------------------------------------------------------------
    local env=$dir/lab.env.tmp
    {
        echo "# netloom test lab, written by tests/lab/lab.sh up on $(date -u +%FT%TZ)"
        echo "LAB_DIR=$(q "$dir")"
        echo "LAB_NET=$(q "$net")"
        echo "LAB_CORPUS=$(q "$corpus")"
        echo "LAB_SNMP_PUBLIC=$(q "$a_public")"
        echo "LAB_SNMP_V2=$(q "$a_v2")"
        echo "LAB_SNMP_V3=$(q "$a_v3")"
        echo "LAB_SNMP_EOS=$(q "$a_eos")"
        echo "LAB_SNMP_COMMUNITY=$(q "$community")"
        echo "LAB_SNMP_V3_USER=$(q "$v3user")"
        echo "LAB_SNMP_V3_AUTH=SHA"
        echo "LAB_SNMP_V3_AUTHPASS=$(q "$v3auth")"
        echo "LAB_SNMP_V3_PRIV=AES"
        echo "LAB_SNMP_V3_PRIVPASS=$(q "$v3priv")"
        local x v
        for x in PUBLIC V2 V3 EOS; do
            for v in SYSNAME SERIAL MODEL SYSOBJECTID ENGINEID SYSDESCR; do
                local var=LAB_SNMP_${x}_$v
                echo "$var=$(q "${!var}")"
            done
        done
        echo "LAB_SNMP_IOS_LLDP_NEIGHBOR=$(q eos-sw1.lab)"
        echo "LAB_SNMP_EOS_LLDP_NEIGHBOR=$(q ios-sw1.lab)"
        echo "LAB_SNMP6_ADDR=::1"
        echo "LAB_SNMP6_PORT=$SNMP6_PORT"
        echo "LAB_SNMPSIM=$(q "$a_sim")"
        echo "LAB_SNMPSIM_PORT=161"
        echo "LAB_SNMPSIM_COMMUNITIES=$(q "$communities")"
        echo "LAB_SNMPSIM_DATA=$(q "$sd/data")"
        echo "LAB_SSH_PORT=$SSH_PORT"
        echo "LAB_SSH_USER=$(q "$LAB_SSH_USER")"
        echo "LAB_SSH_KEY=$(q "$dir/keys/client_ed25519")"
        echo "LAB_KNOWN_HOSTS=$(q "$dir/known_hosts")"
        i=0
        for n in $SSH_INSTANCES; do
            i=$((i + 1))
            echo "LAB_SSH_${n^^}=$(q "$net.3.$i")"
        done
        for n in $SSH_INSTANCES; do
            [ "$n" = linux ] && continue
            sed -e "s/^/LAB_SSH_${n^^}_/" "$dir/ssh/$n.check"
        done
        echo "LAB_SILENT=$(q "$net.9.1")"
    } >"$env"
    chmod 600 "$env"
    mv "$env" "$dir/lab.env"
    say "up in $dir (net $net): snmpd x4, snmpsimd ($(echo "$communities" | wc -w) recordings), sshd x5"
}

do_status() {
    local f pid name rc=0 n=0
    for f in "$dir"/snmp/*/snmpd.pid "$dir"/ssh/*/sshd.pid "$dir"/snmpsim/run/snmpsimd.pid; do
        [ -e "$f" ] || continue
        n=$((n + 1))
        name=${f#"$dir"/}; name=${name%/*}; name=${name%/run}
        pid=$(head -c 32 "$f" 2>/dev/null | tr -dc '0-9')
        if owned "$pid"; then printf '%-16s up    pid %s\n' "$name" "$pid"
        else printf '%-16s DOWN  (stale pid file)\n' "$name"; rc=1; fi
    done
    if [ $n -eq 0 ]; then echo "lab: not up in $dir"; return 3; fi
    return $rc
}

case $cmd in
    up) do_up ;;
    down) do_down; say "down in $dir" ;;
    status) do_status; exit $? ;;
    *) usage ;;
esac

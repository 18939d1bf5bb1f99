# Sourced by integration tests that run their own snmpd (not a suite: no test_ prefix).
# snmpd_start NAME ADDR SYSNAME SYSDESCR SERIAL: one net-snmp agent on ADDR:161 with
# community $SNMPD_COMMUNITY (random per test), its own config, state, pid file and log under
# $T_TMP/snmpd-NAME. Restarting NAME with other values changes what it reports.
SNMPD_COMMUNITY=${SNMPD_COMMUNITY:-c$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')}

snmpd_hex() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'; }

snmpd_start() {
    local name=$1 addr=$2 sysname=$3 sysdescr=$4 serial=$5 d=$T_TMP/snmpd-$1 e i
    e=1.3.6.1.2.1.47.1.1.1.1
    mkdir -p "$d/state"
    {
        echo "[snmp] mibs :"
        echo "[snmp] persistentDir $d/state"
        echo "dontLogTCPWrappersConnects yes"
        # a fixed engine ID: the store would (rightly) call a new one another device
        echo "exactEngineID 0x8000000904$(snmpd_hex "$serial")"
        # Only the identity subtrees: this host's own tables (packages, interfaces) change
        # under other processes, which would be real drift but not the one under test.
        echo "view ident included .1.3.6.1.2.1.1"
        echo "view ident included .1.3.6.1.2.1.47"
        echo "view ident included .1.3.6.1.6.3.10.2.1"
        echo "rocommunity $SNMPD_COMMUNITY default -V ident"
        # sysName by override: exact bytes, whatever they hold (markup, quotes)
        echo "override 1.3.6.1.2.1.1.5.0 octet_str 0x$(snmpd_hex "$sysname")"
        echo "sysobjectid 1.3.6.1.4.1.9.1.1208"
        echo "syslocation test rack"
        echo "syscontact test"
        echo "override 1.3.6.1.2.1.1.1.0 octet_str 0x$(snmpd_hex "$sysdescr")"
        echo "override $e.5.1 integer 3"
        echo "override $e.11.1 octet_str 0x$(snmpd_hex "$serial")"
        echo "override $e.13.1 octet_str 0x$(snmpd_hex "WS-C2960X-48FPD-L")"
    } >"$d/snmpd.conf"
    chmod 600 "$d/snmpd.conf"
    /usr/sbin/snmpd -C -c "$d/snmpd.conf" -p "$d/snmpd.pid" -Lf "$d/snmpd.log" \
        -I -smux,mteTrigger,mteTriggerConf "udp:$addr:161" >>"$d/snmpd.log" 2>&1 || return 1
    # Ready when it answers (the community stays in a 0600 client config, never argv).
    mkdir -p "$d/client"
    { echo "mibs :"; echo "defCommunity $SNMPD_COMMUNITY"; echo "defVersion 2c"; } >"$d/client/snmp.conf"
    chmod 600 "$d/client/snmp.conf"
    for i in $(seq 1 50); do
        SNMPCONFPATH=$d/client snmpget -t 0.2 -r 0 "$addr" 1.3.6.1.2.1.1.5.0 >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

snmpd_stop() {
    local d=$T_TMP/snmpd-$1 pid i
    [ -f "$d/snmpd.pid" ] || return 0
    pid=$(cat "$d/snmpd.pid")
    if [ -n "$pid" ] && grep -q "$d/snmpd.conf" "/proc/$pid/cmdline" 2>/dev/null; then
        kill "$pid" 2>/dev/null
        for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$d/snmpd.pid"
}

snmpd_stop_all() {
    local d
    for d in "$T_TMP"/snmpd-*; do [ -d "$d" ] && snmpd_stop "${d##*/snmpd-}"; done
}
# snmpd_start often runs inside t_ok's subshell: the clean-up is registered here, once.
t_on_exit snmpd_stop_all

# snmpd_creds FILE: a credentials file (0600) for the agents above.
snmpd_creds() {
    cat >"$1" <<XML
<?xml version="1.0"?>
<credentials>
  <snmp name="test" version="2c"><community>$SNMPD_COMMUNITY</community></snmp>
</credentials>
XML
    chmod 600 "$1"
}

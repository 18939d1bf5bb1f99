#!/bin/bash
# netloom run off a terminal logs through syslog(3): tested on the real path without
# touching the machine's /dev/log. In a private mount namespace (unshare --mount), /dev is
# replaced by a folder holding the few devices a run needs and a unix datagram socket of
# our own bound as /dev/log; a real job (SNMP v2c with a secret community and SNMPv3 with
# secret passphrases against the lab, an unreachable target, audit, report, drift) runs
# with stdin/stdout/stderr not a TTY. Each received message is checked: facility daemon,
# severity, ident "netloom[PID]", one line per stage and result, no secret. On a
# pseudo-TTY (script(1)) the same run logs to the terminal and nothing reaches syslog.
. "$(dirname "$0")/../lib.sh"
t_need_lab
cd "$T_TMP"
if ! unshare --mount --propagation private true 2>/dev/null; then
    t_skip "syslog of netloom run" "unshare --mount is not available here (needs root or CAP_SYS_ADMIN): the syslog path is not tested"
    t_done
fi
secret_comm=$LAB_SNMP_COMMUNITY
( umask 077; cat > creds.xml <<XML
<?xml version="1.0"?>
<credentials>
  <snmp name="lab-v2" version="2c"><community>$secret_comm</community></snmp>
  <snmp name="lab-v3" version="3">
    <user>$LAB_SNMP_V3_USER</user>
    <auth protocol="SHA">$LAB_SNMP_V3_AUTHPASS</auth>
    <priv protocol="AES">$LAB_SNMP_V3_PRIVPASS</priv>
  </snmp>
</credentials>
XML
)
job() {
cat > "$1" <<X
<?xml version="1.0"?>
<job name="$2">
  <store>$T_TMP/sys.db</store>
  <credentials>$T_TMP/creds.xml</credentials>
  <scan>
    <snmp timeout="300" retries="0"><target>$LAB_SNMP_V2</target><target>$LAB_SNMP_V3</target><target>$LAB_NET.9.99</target></snmp>
  </scan>
  <audit/>
  <outputs dir="$T_TMP/out-$2"><report format="json"/><drift/></outputs>
</job>
X
}
job job1.xml syslog-notty
job job2.xml syslog-pty

cat > listener.py <<'PY'
import os, socket, sys
path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
os.chmod(path, 0o666)
open(out + ".ready", "w").close()
with open(out, "ab", buffering=0) as f:
    while True:
        m = s.recv(65536)
        f.write(m.rstrip(b"\0").replace(b"\n", b"\\n") + b"\n")
PY
# Runs inside the namespace: our /dev, the listener, then the two runs.
cat > inner.sh <<'SH'
set -u
T=$1
dev=$T/dev
mkdir -p "$dev/pts" || exit 1
for n in null zero full random urandom tty; do
    touch "$dev/$n" && mount --bind "/dev/$n" "$dev/$n" || exit 1
done
mount --bind /dev/pts "$dev/pts" || exit 1
ln -s pts/ptmx "$dev/ptmx"; ln -s /proc/self/fd "$dev/fd"; ln -s fd/0 "$dev/stdin"; ln -s fd/1 "$dev/stdout"; ln -s fd/2 "$dev/stderr"
/usr/bin/python3 "$T/listener.py" "$dev/log" "$T/syslog.txt" & lp=$!
for _ in $(seq 100); do [ -e "$T/syslog.txt.ready" ] && break; sleep 0.05; done
mount --rbind "$dev" /dev || { kill $lp; exit 1; }
[ -S /dev/log ] || { kill $lp; exit 1; }
cd "$T"
env -u NETLOOM_LOG_STDERR "$NETLOOM" run --job job1.xml </dev/null >run1.out 2>run1.err
echo $? > run1.rc
sleep 0.5
cp syslog.txt syslog-notty.txt
if command -v script >/dev/null 2>&1; then
    env -u NETLOOM_LOG_STDERR script -qec "$NETLOOM run --job job2.xml" /dev/null </dev/null >pty.out 2>&1
    echo $? > pty.rc
    sleep 0.5
fi
cp syslog.txt syslog-all.txt
kill $lp
SH
devlog() { stat -c '%F %i' /dev/log 2>/dev/null || echo absent; }
before=$(devlog)
unshare --mount --propagation private bash inner.sh "$T_TMP" > inner.log 2>&1
t_is "the namespace ran (own /dev with our /dev/log)" "$?:$(cat inner.log)" "0:"
t_is "the machine's /dev/log is untouched" "$(devlog)" "$before"
log=$(cat syslog-notty.txt 2>/dev/null)
rc1=$(cat run1.rc 2>/dev/null)
t_is "run off a terminal: exit 2 (failed rules)" "$rc1" 2
t_is "...nothing on stderr: the log went to syslog" "$(cat run1.err)" ""
t_match "...stdout still lists the outputs" "$(cat run1.out)" 'report json of scan 1: '
t_is "the scan really used the secrets: both agents answered" \
    "$(sqlite3 sys.db "SELECT count(*) FROM devices WHERE serial IN ('$LAB_SNMP_V2_SERIAL', '$LAB_SNMP_V3_SERIAL')")" 2
n=$(printf '%s\n' "$log" | grep -c .)
t_match "syslog received messages" "$n" '^[1-9][0-9]*$'
t_is "every message: facility daemon, ident netloom[PID], RFC 3164 time stamp" \
    "$(printf '%s\n' "$log" | grep -cE '^<(2[4-9]|3[01])>[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} netloom\[[0-9]+\]: job syslog-notty: ')" "$n"
t_is "...all from the one run process" "$(printf '%s\n' "$log" | grep -oE 'netloom\[[0-9]+\]' | sort -u | wc -l)" 1
msg() { printf '%s\n' "$log" | sed -E 's/^<([0-9]+)>.{15} netloom\[[0-9]+\]: /\1 /'; }
t_is "one line per stage and result, notice (29) for progress" "$(msg | grep -E '^29 ')" \
"29 job syslog-notty: started (job1.xml)
29 job syslog-notty: scan: exit 0
29 job syslog-notty: audit: exit 2
29 job syslog-notty: drift: exit 0
29 job syslog-notty: report: exit 2
29 job syslog-notty: finished, status 2"
t_match "stage diagnostics are warnings (28), prefixed with job and stage" "$(msg)" \
    "^28 job syslog-notty: scan: scan 1: 3 addresses, 2 responders"
t_is "no other facility or severity" "$(msg | grep -cvE '^(28|29) ')" 0
t_ok "the secrets are in the credentials file (so the next checks mean something)" \
    grep -qF "$secret_comm" creds.xml
t_nomatch "no message holds the v2c community" "$log" "$secret_comm"
t_nomatch "no message holds the v3 auth passphrase" "$log" "$LAB_SNMP_V3_AUTHPASS"
t_nomatch "no message holds the v3 priv passphrase" "$log" "$LAB_SNMP_V3_PRIVPASS"
t_nomatch "no secret in the outputs either" "$(cat run1.out out-syslog-notty/drift.json out-syslog-notty/scan-1/report.json 2>&1)" \
    "$secret_comm|$LAB_SNMP_V3_AUTHPASS|$LAB_SNMP_V3_PRIVPASS"

if [ -f pty.rc ]; then
    t_is "run on a pseudo-TTY: exit 2" "$(cat pty.rc)" 2
    t_is "...nothing more reached syslog" "$(cat syslog-all.txt)" "$log"
    t_match "...the log went to the terminal instead" "$(tr -d '\r' < pty.out)" \
        '^netloom: job syslog-pty: finished, status 2$'
    t_nomatch "...without secrets" "$(cat pty.out)" "$secret_comm|$LAB_SNMP_V3_AUTHPASS|$LAB_SNMP_V3_PRIVPASS"
else
    t_skip "run on a pseudo-TTY does not use syslog" "script(1) is not installed (bsdutils)"
fi
t_done

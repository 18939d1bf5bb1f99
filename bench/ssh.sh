#!/bin/bash
# Benchmark (issue 4): SSH capture of N Linux targets on loopback with the linux profile's
# commands, side by side in one run:
#   netloom scan --ssh-only         (probe, capture, redact, parse, store in SQLite)
#   OpenSSH ssh via xargs -P        (the same commands, output to files, nothing parsed;
#                                    one session per host running all commands: its best case)
#   ansible -m setup -f P           (if ansible is installed: Debian package ansible-core)
# Real sshds (a real shell, 16 addresses each) listen on N addresses; its KexAlgorithms is curve25519-sha256
# only, so every client uses the same key exchange (LAB-NOTES: the handshake dominates).
# netloom gets long command/device timeouts: on a small machine the remote commands themselves
# (apt-get -s upgrade above all) queue behind each other, and OpenSSH has no timeout either.
# Several rounds, medians; wall time, devices/s, peak memory (sum of RSS over the client's
# process group, sampled every 20 ms) and ratios. Then netloom alone at 64 sessions (target:
# peak under 128 MiB).
#   bench/ssh.sh NETLOOM   env: SSH_BENCH_N (200), SSH_BENCH_PARALLEL (32), SSH_BENCH_ROUNDS (3),
#                               SSH_BENCH_ANSIBLE_ROUNDS (1), SSH_BENCH_NET (127.103)
set -eu
netloom=$(cd "$(dirname "${1:?usage: bench/ssh.sh NETLOOM}")" && pwd)/$(basename "$1")
n=${SSH_BENCH_N:-200}
par=${SSH_BENCH_PARALLEL:-32}
rounds=${SSH_BENCH_ROUNDS:-3}
arounds=${SSH_BENCH_ANSIBLE_ROUNDS:-1}
net=${SSH_BENCH_NET:-127.103}
port=2222
top=$(cd "$(dirname "$0")/.." && pwd)
case $net in 127.[0-9]*) ;; *) echo "bench/ssh.sh: SSH_BENCH_NET must be a 127.x block" >&2; exit 1 ;; esac
[ "$(id -u)" = 0 ] || { echo "bench/ssh.sh: needs root (sshd on loopback addresses)" >&2; exit 1; }
[ -d /run/sshd ] || mkdir -p /run/sshd
work=$(mktemp -d "${TMPDIR:-/tmp}/netloom-bench-ssh.XXXXXX")
chmod 755 "$work"
sshd_pids=""
cleanup() {
    local p
    # Each listener, then any session it left (its children), by pid.
    for p in $sshd_pids; do kill "$p" $(pgrep -P "$p") 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# ---- targets, keys, one sshd on every address
addrs=()
for i in $(seq "$n"); do addrs+=("$net.$((i / 250 + 1)).$((i % 250 + 1))"); done
printf '%s\n' "${addrs[@]}" > "$work/targets"
mkdir -p "$work/home" "$work/keys"
ssh-keygen -q -t ed25519 -N '' -f "$work/keys/host" </dev/null >/dev/null
ssh-keygen -q -t ed25519 -N '' -f "$work/keys/client" </dev/null >/dev/null
cp "$work/keys/client.pub" "$work/keys/authorized_keys"
user=$(id -un)
# OpenSSH listens on at most 16 sockets per sshd (MAX_LISTEN_SOCKS): one sshd per 16 addresses.
conf() {
    cat <<CONF
HostKey $work/keys/host
PidFile $work/sshd.$1.pid
AuthorizedKeysFile $work/keys/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $user
StrictModes no
UsePAM no
UseDNS no
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowTcpForwarding no
MaxStartups 1000:30:1000
MaxSessions 100
LogLevel ERROR
KexAlgorithms curve25519-sha256
SetEnv HOME=$work/home
CONF
}
k=0
for ((i = 0; i < n; i += 16)); do
    k=$((k + 1))
    { for a in "${addrs[@]:i:16}"; do echo "ListenAddress $a:$port"; done; conf "$k"; } > "$work/sshd.$k.conf"
    /usr/sbin/sshd -f "$work/sshd.$k.conf" -E "$work/sshd.$k.log" || { cat "$work/sshd.$k.log" >&2; exit 1; }
done
for _ in $(seq 50); do [ "$(ls "$work"/sshd.*.pid 2>/dev/null | wc -l)" -eq "$k" ] && break; sleep 0.1; done
sshd_pids=$(cat "$work"/sshd.*.pid)
hk=$(cut -d' ' -f1,2 "$work/keys/host.pub")
for a in "${addrs[@]}"; do printf '[%s]:%s %s\n' "$a" "$port" "$hk"; done > "$work/known_hosts"

cat > "$work/creds.xml" <<XML
<?xml version="1.0"?>
<credentials>
  <ssh name="bench" port="$port"><user>$user</user><key file="$work/keys/client"/></ssh>
</credentials>
XML
chmod 600 "$work/creds.xml"

# The linux profile's commands, in order, as one script for OpenSSH (one session per host).
python3 - "$top/scanner/profiles/linux.xml" > "$work/commands.sh" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for c in root.iter("command"):
    print("echo '=== %s'" % c.get("artifact"))
    print("{ %s ; } 2>/dev/null" % c.text.strip())
PY
ncmd=$(grep -c '^echo' "$work/commands.sh")
mkdir -p "$work/out"
cat > "$work/ssh1.sh" <<SH
#!/bin/bash
exec ssh -q -i "$work/keys/client" -p $port -o BatchMode=yes -o StrictHostKeyChecking=yes \\
    -o UserKnownHostsFile="$work/known_hosts" -o GlobalKnownHostsFile=/dev/null -F /dev/null \\
    -o KexAlgorithms=curve25519-sha256 -o ConnectTimeout=10 "$user@\$1" "\$(cat "$work/commands.sh")" \\
    > "$work/out/\$1" 2>/dev/null
SH
chmod 755 "$work/ssh1.sh"

have_ansible=0
if command -v ansible >/dev/null 2>&1; then
    have_ansible=1
    { echo "[all]"; printf '%s\n' "${addrs[@]}"; } > "$work/inventory"
    cat > "$work/ansible.cfg" <<CFG
[defaults]
inventory = $work/inventory
remote_user = $user
remote_port = $port
private_key_file = $work/keys/client
host_key_checking = True
gathering = explicit
interpreter_python = /usr/bin/python3
forks = $par
timeout = 30
local_tmp = $work/ansible-local
remote_tmp = $work/ansible-remote
[ssh_connection]
ssh_args = -F /dev/null -o UserKnownHostsFile=$work/known_hosts -o GlobalKnownHostsFile=/dev/null -o KexAlgorithms=curve25519-sha256 -o ControlMaster=auto -o ControlPersist=60s
control_path_dir = $work/cp
CFG
fi

# measure STDIN CMD...: "SECONDS PEAK_KB RC" -- wall time and the peak of the summed RSS of the
# command's process group (all its ssh children / worker processes).
measure() {
    local in=$1; shift
    python3 -c "$measure_py" "$in" "$@"
}
measure_py=$(cat <<'PY'
import os, subprocess, sys, time
def rss(pgid):
    tot = 0
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            if os.getpgid(int(p)) != pgid:
                continue
            with open("/proc/%s/status" % p) as f:
                for l in f:
                    if l.startswith("VmRSS:"):
                        tot += int(l.split()[1])
        except (OSError, ProcessLookupError):
            pass
    return tot
t = time.monotonic()
with open(sys.argv[1]) as stdin, open(os.environ["BENCH_ERR"], "a") as err:
    p = subprocess.Popen(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL, stderr=err,
                         start_new_session=True)
peak = 0
while p.poll() is None:
    peak = max(peak, rss(p.pid))
    time.sleep(0.02)
print("%.3f %d %d" % (time.monotonic() - t, peak, p.returncode))
PY
)
export BENCH_ERR=$work/stderr.log

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
max() { printf '%s\n' "$@" | sort -g | tail -1; }

nl_t=(); nl_m=(); os_t=(); os_m=(); an_t=(); an_m=()
nl_ok=0; os_ok=0; an_ok=0
for r in $(seq "$rounds"); do
    rm -f "$work"/nl.db*
    read -r s m _ < <(measure /dev/null "$netloom" --db "$work/nl.db" scan --ssh-only --credentials "$work/creds.xml" \
        --known-hosts "$work/known_hosts" --ssh-parallel "$par" --ssh-port "$port" --command-timeout 600000 \
        --device-timeout 1200000 "@$work/targets")
    nl_t+=("$s"); nl_m+=("$m")
    nl_ok=$(sqlite3 "$work/nl.db" "SELECT count(*) FROM snapshots s JOIN facts f ON f.snapshot_id = s.id
        WHERE s.source = 'ssh' AND f.key = 'capture.complete' AND f.value = '1'")
    rm -f "$work"/out/*
    read -r s m _ < <(measure "$work/targets" xargs -P "$par" -n 1 "$work/ssh1.sh")
    os_t+=("$s"); os_m+=("$m")
    os_ok=$(grep -l '^=== users' "$work"/out/* 2>/dev/null | wc -l)
    if [ $have_ansible = 1 ] && [ "$r" -le "$arounds" ]; then
        rm -rf "$work/cp" "$work/facts"; mkdir -p "$work/cp"
        read -r s m _ < <(measure /dev/null env ANSIBLE_CONFIG="$work/ansible.cfg" ansible all -m setup \
            --tree "$work/facts")
        an_t+=("$s"); an_m+=("$m")
        an_ok=$(grep -l '"ansible_kernel"' "$work"/facts/* 2>/dev/null | wc -l)
    fi
done
# netloom alone at 64 sessions: the memory target.
rm -f "$work"/nl.db*
read -r s64 m64 _ < <(measure /dev/null "$netloom" --db "$work/nl.db" scan --ssh-only --credentials "$work/creds.xml" \
    --known-hosts "$work/known_hosts" --ssh-parallel 64 --ssh-port "$port" --command-timeout 600000 \
    --device-timeout 1200000 "@$work/targets")

nl=$(median "${nl_t[@]}"); os=$(median "${os_t[@]}")
echo "ssh bench: $n targets (sshds on $n loopback addresses, KEX curve25519-sha256), linux profile ($ncmd commands), parallel $par, $rounds rounds, medians"
awk -v n="$n" -v t="$nl" -v m="$(max "${nl_m[@]}")" -v ok="$nl_ok" 'BEGIN {
    printf "  netloom scan --ssh-only     %7.2f s  %6.1f devices/s  peak %6.1f MiB  complete %d/%d (probe+capture+redact+parse+store)\n", t, n / t, m / 1024, ok, n }'
awk -v n="$n" -v t="$os" -v m="$(max "${os_m[@]}")" -v ok="$os_ok" 'BEGIN {
    printf "  OpenSSH ssh, xargs -P       %7.2f s  %6.1f devices/s  peak %6.1f MiB  complete %d/%d (one session per host, output to files)\n", t, n / t, m / 1024, ok, n }'
if [ ${#an_t[@]} -gt 0 ]; then
    an=$(median "${an_t[@]}")
    awk -v n="$n" -v t="$an" -v m="$(max "${an_m[@]}")" -v ok="$an_ok" -v r="${#an_t[@]}" 'BEGIN {
        printf "  ansible -m setup -f P       %7.2f s  %6.1f devices/s  peak %6.1f MiB  complete %d/%d (%d round(s))\n", t, n / t, m / 1024, ok, n, r }'
else
    an=""
    echo "  ansible: not installed (apt-get install ansible-core), skipped"
fi
awk -v a="$nl" -v b="$os" -v c="$an" 'BEGIN {
    printf "  ratio OpenSSH/netloom time: %.2fx (target >= 1)\n", b / a
    if (c != "") printf "  ratio ansible/netloom time: %.2fx (target: several times)\n", c / a }'
awk -v t="$s64" -v m="$m64" -v n="$n" 'BEGIN {
    printf "  netloom at --ssh-parallel 64: %.2f s, %.1f devices/s, peak %.1f MiB (target < 128 MiB)\n", t, n / t, m / 1024 }'

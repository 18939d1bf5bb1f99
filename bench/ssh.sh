#!/bin/bash
# Benchmark (issue 4): SSH capture of N Linux targets on loopback, netloom against OpenSSH's
# client and ansible, in one run, two parts:
#   (a) handshake-bound: the same cheap commands for all three, `cat /etc/os-release` and
#       `uname -r`:
#         netloom scan --ssh-only --profiles DIR   a bench profile "linux" with those two
#             commands and the built-in profile's <session> element, recognised by the OpenSSH
#             banner (no probe); parsed (os-release, uname), redacted and stored in SQLite
#         OpenSSH ssh via xargs -P                 one session per host running both, output to
#             files, nothing parsed
#         ansible -m shell -a '...' -f P           the same two commands through ansible's shell
#             module (python3 on the host), with pipelining and ControlPersist (its fast setup)
#   (b) the full built-in linux profile:
#         netloom scan --ssh-only --platform linux as a real scan, told the platform as the OpenSSH
#             loop is (SSH_BENCH_PLATFORM= : recognise it with the profile's `uname -s` probe)
#         OpenSSH ssh via xargs -P                 the profile's commands in one session per host
#         ansible -m setup -f P                    reference only: ansible's own fact set, not the
#             same commands (no package list, no simulated upgrade, no sshd -T)
# Real sshds (a real shell, 16 addresses each: OpenSSH's per-sshd socket limit) listen on N
# addresses, KexAlgorithms curve25519-sha256 only, so every client uses the same key exchange
# (LAB-NOTES: libssh has no sntrup761). The "hosts" are this machine: in (b) the remote commands
# (`apt-cache policy` of every installed package most; ~0.15 s of CPU per host here) take most of the machine.
# apt as on a stock Debian host (SSH_BENCH_APT=host: leave this machine's apt as it is): container
# images ship apt without its binary cache (Dir::Cache::pkgcache "") and with compressed lists
# (Acquire::GzipIndexes), so every apt run here rebuilds the cache from 19 MB of lz4 in memory.
# The set-up copies the lists decompressed and builds the cache once (`apt-cache gencaches`, no
# network, never `apt-get update`) under $work, and the sshds export APT_CONFIG pointing there:
# every client's remote commands see the same apt state, the host's own apt is untouched.
# netloom gets long command/device timeouts in (b): queued remote commands on a small machine
# outlast the defaults, and OpenSSH has no timeout either.
# Several rounds, medians; wall time, devices/s, peak memory (sum of RSS over the client's
# process group, sampled every 20 ms) and ratios; then netloom at --ssh-parallel 64 (target:
# peak under 128 MiB with 64 sessions; needs N >= 64).
#   bench/ssh.sh NETLOOM   env: SSH_BENCH_N (200), SSH_BENCH_PARALLEL (32), SSH_BENCH_PARTS (ab),
#     SSH_BENCH_ROUNDS (3), SSH_BENCH_FULL_N (= N), SSH_BENCH_FULL_ROUNDS (= ROUNDS),
#     SSH_BENCH_ANSIBLE_ROUNDS (= ROUNDS), SSH_BENCH_NET (127.103),
#     SSH_BENCH_BATCH (1; 0: the linux profiles without exec batching, a channel per command),
#     SSH_BENCH_WRAP (a command netloom runs under, e.g. "perf stat -o FILE --"; profiling),
#     SSH_BENCH_APT (bench: apt cache built, lists decompressed, see above; host: as it is),
#     SSH_BENCH_AT64 (1; 0: skip the runs at --ssh-parallel 64)
set -eu
netloom=$(cd "$(dirname "${1:?usage: bench/ssh.sh NETLOOM}")" && pwd)/$(basename "$1")
n=${SSH_BENCH_N:-200}
par=${SSH_BENCH_PARALLEL:-32}
parts=${SSH_BENCH_PARTS:-ab}
rounds=${SSH_BENCH_ROUNDS:-3}
fn=${SSH_BENCH_FULL_N:-$n}
frounds=${SSH_BENCH_FULL_ROUNDS:-$rounds}
arounds=${SSH_BENCH_ANSIBLE_ROUNDS:-$rounds}
net=${SSH_BENCH_NET:-127.103}
port=2222
top=$(cd "$(dirname "$0")/.." && pwd)
case $net in 127.[0-9]*) ;; *) echo "bench/ssh.sh: SSH_BENCH_NET must be a 127.x block" >&2; exit 1 ;; esac
[ "$fn" -le "$n" ] || { echo "bench/ssh.sh: SSH_BENCH_FULL_N must not exceed SSH_BENCH_N" >&2; exit 1; }
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
# apt_setup: a copy of apt's state with a current binary cache; prints the sshd SetEnv addition.
apt_setup() {
    local d=$work/apt f b
    [ "${SSH_BENCH_APT:-bench}" = bench ] && command -v apt-config >/dev/null 2>&1 || return 0
    mkdir -p "$d/parts" "$d/lists/partial" "$d/cache"
    cp /etc/apt/apt.conf.d/* "$d/parts/" 2>/dev/null || true
    # Read last of the parts: undoes the image's cache and compressed-lists settings.
    cat > "$d/parts/zz-netloom-bench" <<APT
Dir::State::lists "$d/lists/";
Dir::Cache "$d/cache/";
Dir::Cache::pkgcache "pkgcache.bin";
Dir::Cache::srcpkgcache "srcpkgcache.bin";
Acquire::GzipIndexes "false";
APT
    echo "Dir::Etc::parts \"$d/parts\";" > "$d/apt.conf"
    for f in "$(apt-config shell L Dir::State::lists/d | sed -n "s/^L='\(.*\)'$/\1/p")"*; do
        [ -f "$f" ] || continue
        b=$(basename "$f")
        case $b in
        lock) ;;
        # apt's own decompressor: whatever compression apt wrote, no lz4/zstd tool needed.
        *.lz4 | *.gz | *.xz | *.zst | *.bz2 | *.lzma)
            /usr/lib/apt/apt-helper cat-file "$f" > "$d/lists/${b%.*}" ;;
        *) cp -p "$f" "$d/lists/" ;;
        esac
    done
    APT_CONFIG=$d/apt.conf apt-cache gencaches >/dev/null 2>&1 &&
        [ -s "$d/cache/pkgcache.bin" ] || { echo "bench/ssh.sh: apt-cache gencaches failed" >&2; exit 1; }
    echo " APT_CONFIG=$d/apt.conf"
}
apt_env=$(apt_setup)
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
SetEnv HOME=$work/home$apt_env
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
head -n "$fn" "$work/targets" > "$work/targets.b"

# SSH_BENCH_BATCH=0: profiles without exec batching (a channel per command), to show its effect.
nobatch=; bargs=()
if [ "${SSH_BENCH_BATCH:-1}" = 0 ]; then
    nobatch='s/ batch="true"//'
    mkdir -p "$work/prof-b"
    sed "$nobatch" "$top/scanner/profiles/linux.xml" > "$work/prof-b/linux.xml"
    bargs=(--profiles "$work/prof-b")
fi
# (a) the bench profile: the built-in linux profile's session element, two commands.
mkdir -p "$work/prof"
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<profile name="linux" redact="linux">'
    echo '  <recognise><banner pattern="^SSH-2\.0-OpenSSH"/></recognise>'
    grep -m1 '<session' "$top/scanner/profiles/linux.xml" | sed "$nobatch"
    echo '  <command artifact="os-release" parser="os-release">cat /etc/os-release</command>'
    echo '  <command artifact="uname" parser="uname">uname -r</command>'
    echo '</profile>'
} > "$work/prof/linux.xml"
cmd_a='cat /etc/os-release; uname -r'
printf '%s\n' "$cmd_a" > "$work/commands.a"
# (b) the linux profile's commands, in order, as one script for OpenSSH (one session per host).
python3 -c '
import sys, xml.etree.ElementTree as ET
for c in ET.parse(sys.argv[1]).getroot().iter("command"):
    print("echo '"'"'=== %s'"'"'" % c.get("artifact"))
    print("{ %s ; } 2>/dev/null" % c.text.strip())
' "$top/scanner/profiles/linux.xml" > "$work/commands.b"
ncmd=$(grep -c '^echo' "$work/commands.b")
# What one host's (b) commands cost this machine: run once here, in the sessions' environment.
/usr/bin/time -o "$work/cost" -f '%e s wall, %U s user + %S s sys' \
    env HOME="$work/home" $apt_env bash "$work/commands.b" >/dev/null 2>&1 || true
mkdir -p "$work/out"
# ssh1.sh PART ADDR: one OpenSSH session running the part's commands, output to a file.
cat > "$work/ssh1.sh" <<SH
#!/bin/bash
exec ssh -q -i "$work/keys/client" -p $port -o BatchMode=yes -o StrictHostKeyChecking=yes \\
    -o UserKnownHostsFile="$work/known_hosts" -o GlobalKnownHostsFile=/dev/null -F /dev/null \\
    -o KexAlgorithms=curve25519-sha256 -o ConnectTimeout=10 "$user@\$2" "\$(cat "$work/commands.\$1")" \\
    > "$work/out/\$2" 2>/dev/null
SH
chmod 755 "$work/ssh1.sh"

have_ansible=0
if command -v ansible >/dev/null 2>&1; then
    have_ansible=1
    for p in a b; do
        t=$work/targets; [ $p = b ] && t=$work/targets.b
        { echo "[all]"; cat "$t"; } > "$work/inventory.$p"
        cat > "$work/ansible.$p.cfg" <<CFG
[defaults]
inventory = $work/inventory.$p
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
pipelining = True
ssh_args = -F /dev/null -o UserKnownHostsFile=$work/known_hosts -o GlobalKnownHostsFile=/dev/null -o KexAlgorithms=curve25519-sha256 -o ControlMaster=auto -o ControlPersist=60s
control_path_dir = $work/cp
CFG
    done
fi

# measure STDIN CMD...: "SECONDS PEAK_KB RC CPU" -- wall time, the peak of the summed RSS of the
# command's process group (all its ssh children / worker processes) and the CPU seconds (user +
# sys) of the client's process tree (its waited-for descendants; the sshds are not in it).
measure_py='
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
import resource
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
def stat():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return sum(v) - v[3] - v[4], v[3] + v[4]
c0 = cpu()
b0, i0 = stat()
t = time.monotonic()
with open(sys.argv[1]) as stdin, open(os.environ["BENCH_ERR"], "a") as err:
    p = subprocess.Popen(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL, stderr=err,
                         start_new_session=True)
peak = 0
while p.poll() is None:
    peak = max(peak, rss(p.pid))
    time.sleep(0.02)
b1, i1 = stat()
hz = os.sysconf("SC_CLK_TCK")
print("%.3f %d %d %.2f %.2f %.2f" % (time.monotonic() - t, peak, p.returncode, cpu() - c0,
                                     (b1 - b0) / hz, (i1 - i0) / hz))
'
measure() {
    local in=$1; shift
    python3 -c "$measure_py" "$in" "$@"
}
export BENCH_ERR=$work/stderr.log

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
max() { printf '%s\n' "$@" | sort -g | tail -1; }
# row LABEL COUNT SECONDS... -- PEAKS_KB... -- CPU_SECONDS... -- COMPLETE NOTE
row() {
    local label=$1 cnt=$2; shift 2
    local ts=() ms=() cs=() bs=() is=()
    while [ "$1" != -- ]; do ts+=("$1"); shift; done; shift
    while [ "$1" != -- ]; do ms+=("$1"); shift; done; shift
    while [ "$1" != -- ]; do cs+=("$1"); shift; done; shift
    while [ "$1" != -- ]; do bs+=("$1"); shift; done; shift
    while [ "$1" != -- ]; do is+=("$1"); shift; done; shift
    awk -v l="$label" -v n="$cnt" -v t="$(median "${ts[@]}")" -v m="$(max "${ms[@]}")" -v ok="$1" \
        -v note="$2" -v r="${#ts[@]}" -v all="${ts[*]}" -v c="$(median "${cs[@]}")" \
        -v b="$(median "${bs[@]}")" -v i="$(median "${is[@]}")" 'BEGIN {
        printf "  %-28s %7.2f s %6.1f devices/s  peak %7.1f MiB  complete %d/%d  %d round(s) %s\n",
            l, t, n / t, m / 1024, ok, n, r, note
        printf "  %-28s rounds: %s s; client CPU (user+sys) %.2f s, %.1f ms per device\n",
            "", all, c, 1000 * c / n
        printf "  %-28s machine (all CPUs, every process): busy %.1f CPU-s, idle %.1f CPU-s\n",
            "", b, i }'
}

# netloom_run TARGETS PARALLEL EXTRA...: one scan into a fresh database; prints measure's line.
netloom_run() {
    local t=$1 p=$2; shift 2
    rm -f "$work"/nl.db*
    measure /dev/null ${SSH_BENCH_WRAP:-} "$netloom" --db "$work/nl.db" scan --ssh-only --credentials "$work/creds.xml" \
        --known-hosts "$work/known_hosts" --ssh-parallel "$p" --ssh-port "$port" "$@" "@$t"
}
netloom_ok() {
    sqlite3 "$work/nl.db" "SELECT count(*) FROM snapshots s JOIN facts f ON f.snapshot_id = s.id
        WHERE s.source = 'ssh' AND f.key = 'capture.complete' AND f.value = '1'"
}

# part LETTER TARGETS ROUNDS OPENSSH_CHECK ANSIBLE_ARGS... -- NETLOOM_ARGS...
part() {
    local p=$1 t=$2 rds=$3 check=$4; shift 4
    local aargs=() nargs=() r s m c mb mi _
    while [ "$1" != -- ]; do aargs+=("$1"); shift; done; shift
    nargs=("$@")
    nl_t=(); nl_m=(); nl_c=(); os_t=(); os_m=(); os_c=(); an_t=(); an_m=(); an_c=()
    nl_b=(); nl_i=(); os_b=(); os_i=(); an_b=(); an_i=()
    nl_ok=0; os_ok=0; an_ok=0
    for r in $(seq "$rds"); do
        read -r s m _ c mb mi < <(netloom_run "$t" "$par" "${nargs[@]}")
        nl_t+=("$s"); nl_m+=("$m"); nl_c+=("$c"); nl_b+=("$mb"); nl_i+=("$mi"); nl_ok=$(netloom_ok)
        rm -f "$work"/out/*
        read -r s m _ c mb mi < <(measure "$t" xargs -P "$par" -n 1 "$work/ssh1.sh" "$p")
        os_t+=("$s"); os_m+=("$m"); os_c+=("$c"); os_b+=("$mb"); os_i+=("$mi")
        os_ok=$(grep -l "$check" "$work"/out/* 2>/dev/null | wc -l)
        if [ $have_ansible = 1 ] && [ "$r" -le "$arounds" ]; then
            rm -rf "$work/cp" "$work/facts"; mkdir -p "$work/cp"
            read -r s m _ c mb mi < <(measure /dev/null env ANSIBLE_CONFIG="$work/ansible.$p.cfg" ansible all \
                "${aargs[@]}" --tree "$work/facts")
            an_t+=("$s"); an_m+=("$m"); an_c+=("$c"); an_b+=("$mb"); an_i+=("$mi")
            if [ "$p" = a ]; then
                an_ok=$(grep -l '"rc": 0' "$work"/facts/* 2>/dev/null | xargs -r grep -l 'ID=' | wc -l)
            else
                an_ok=$(grep -l '"ansible_kernel"' "$work"/facts/* 2>/dev/null | wc -l)
            fi
        fi
    done
}

# report LETTER COUNT TITLE ANSIBLE_LABEL ANSIBLE_NOTE
report() {
    local p=$1 cnt=$2 nl os an
    echo "($p) $3"
    row "netloom scan --ssh-only" "$cnt" "${nl_t[@]}" -- "${nl_m[@]}" -- "${nl_c[@]}" -- "${nl_b[@]}" -- "${nl_i[@]}" -- "$nl_ok" \
        "(capture+redact+parse+store)"
    row "OpenSSH ssh, xargs -P $par" "$cnt" "${os_t[@]}" -- "${os_m[@]}" -- "${os_c[@]}" -- "${os_b[@]}" -- "${os_i[@]}" -- "$os_ok" \
        "(one session per host, output to files)"
    nl=$(median "${nl_t[@]}"); os=$(median "${os_t[@]}"); an=""
    if [ ${#an_t[@]} -gt 0 ]; then
        row "$4" "$cnt" "${an_t[@]}" -- "${an_m[@]}" -- "${an_c[@]}" -- "${an_b[@]}" -- "${an_i[@]}" -- "$an_ok" "$5"
        an=$(median "${an_t[@]}")
    elif [ $have_ansible = 1 ]; then
        echo "  ansible: skipped (SSH_BENCH_ANSIBLE_ROUNDS=0)"
    else
        echo "  ansible: not installed (apt-get install ansible-core), skipped"
    fi
    awk -v a="$nl" -v b="$os" -v c="$an" -v p="$p" 'BEGIN {
        printf "  ratio OpenSSH/netloom time: %.2fx (target >= 1)\n", b / a
        if (c != "") printf "  ratio ansible/netloom time: %.2fx (%s)\n", c / a,
            p == "a" ? "target: several times" : "reference only: not the same commands" }'
}
at64() {
    local s m _
    read -r s m _ < <(netloom_run "$@")
    awk -v t="$s" -v m="$m" -v n="$(wc -l < "$1")" 'BEGIN {
        printf "  netloom at --ssh-parallel 64: %.2f s, %.1f devices/s, peak %.1f MiB (target < 128 MiB)\n", t, n / t, m / 1024 }'
}

echo "ssh bench: sshds on $n loopback addresses, KEX curve25519-sha256, parallel $par, medians, exec batch ${SSH_BENCH_BATCH:-1}; $(date -u +%F)"
echo "  apt state: ${SSH_BENCH_APT:-bench}${apt_env:+ (cache built, lists decompressed)}; (b) commands of one host run locally: $(tail -1 "$work/cost")"
load() { echo "  load average $1: $(cut -d' ' -f1-3 /proc/loadavg)"; }
if [[ $parts == *a* ]]; then
    load "before (a)"
    part a "$work/targets" "$rounds" '^ID=' -m shell -a "$cmd_a" -- --profiles "$work/prof"
    report a "$n" "handshake-bound: '$cmd_a' on $n targets, $rounds round(s)" \
        "ansible -m shell -f $par" "(same commands; pipelining, ControlPersist)"
    load "after (a)"
    [ "$n" -ge 64 ] && [ "${SSH_BENCH_AT64:-1}" = 1 ] && at64 "$work/targets" 64 --profiles "$work/prof"
fi
if [[ $parts == *b* ]]; then
    plat=${SSH_BENCH_PLATFORM-linux}
    [ -n "$plat" ] && bargs+=(--platform "$plat")
    echo "  (b) netloom platform: ${plat:-recognised by the uname -s probe}"
    load "before (b)"
    part b "$work/targets.b" "$frounds" '^=== users' -m setup -- \
        --command-timeout 600000 --device-timeout 1200000 ${bargs[@]+"${bargs[@]}"}
    report b "$fn" "full linux profile ($ncmd commands) on $fn targets, $frounds round(s)" \
        "ansible -m setup -f $par" "(reference: its own facts, not the same commands)"
    load "after (b)"
    if [ "$fn" -ge 64 ] && [ "${SSH_BENCH_AT64:-1}" = 1 ]; then
        at64 "$work/targets.b" 64 --command-timeout 600000 --device-timeout 1200000 ${bargs[@]+"${bargs[@]}"}
        load "after (b) at 64"
    fi
fi
exit 0

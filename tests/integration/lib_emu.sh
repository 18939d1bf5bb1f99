# Sourced by integration tests that run sshds of their own (not a suite: no test_ prefix).
#
# emu_sshd_start DIR ADDR PORT KH FORCECOMMAND: a real sshd on ADDR:PORT (lab user and key,
# a new ed25519 host key, curve25519 only) whose every session runs FORCECOMMAND; pid file
# DIR/sshd.pid, log DIR/sshd.log; appends its host key to the known_hosts file KH. The
# caller waits for the pid file.
emu_sshd_start() {
    local d=$1 a=$2 p=$3 kh=$4 force=$5
    [ -d /run/sshd ] || mkdir -p /run/sshd
    mkdir -p "$d"
    ssh-keygen -q -t ed25519 -N '' -f "$d/host_ed25519" </dev/null >/dev/null
    cat > "$d/sshd_config" <<CONF
ListenAddress $a:$p
HostKey $d/host_ed25519
PidFile $d/sshd.pid
AuthorizedKeysFile $LAB_DIR/keys/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $LAB_SSH_USER
StrictModes no
UsePAM no
UseDNS no
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowTcpForwarding no
KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org
SetEnv HOME=$LAB_DIR/home
ForceCommand $force
CONF
    /usr/sbin/sshd -f "$d/sshd_config" -E "$d/sshd.log"
    printf '[%s]:%s %s\n' "$a" "$p" "$(cut -d' ' -f1,2 "$d/host_ed25519.pub")" >> "$kh"
}

# emu_ios_start ADDR: copies the lab corpus's ios/ and show-version/ to $T_TMP/corpus
# (writable: the test edits it) and starts an sshd on ADDR:$LAB_SSH_PORT whose ForceCommand
# is the lab's nos-emulator over that copy. Sets corpus, cfg (the running config the
# emulator serves), port and kh (a known_hosts holding the new host key); asserts the sshd
# started and kills it when the test exits.
emu_ios_start() {
    local dev=$1 d=$T_TMP/sshd pid
    port=$LAB_SSH_PORT
    corpus=$T_TMP/corpus
    mkdir -p "$corpus"
    cp -r "$LAB_CORPUS/ios" "$LAB_CORPUS/show-version" "$corpus/"
    chmod -R u+w "$corpus"
    cfg=$corpus/ios/napalm-ios-show_running_config.txt
    kh=$T_TMP/known_hosts
    : > "$kh"
    emu_sshd_start "$d" "$dev" "$port" "$kh" \
        "/usr/bin/python3 $NETLOOM_TOP/tests/lab/nos-emulator --platform ios --corpus $corpus"
    for _ in $(seq 50); do [ -s "$d/sshd.pid" ] && break; sleep 0.1; done
    pid=$(cat "$d/sshd.pid" 2>/dev/null)
    t_match "own sshd with the IOS emulator started" "$pid" '^[0-9]+$'
    t_on_exit "kill $pid 2>/dev/null"
}

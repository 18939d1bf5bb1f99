#!/bin/bash
# SNMPv3 (USM) discovery: the lab's authPriv SHA/AES agent, and an snmpd of our own with
# one user per security level and SHA-2/AES-192/256 combination. Wrong passphrases are
# counted as auth failures and the next set is tried; secrets never reach output or store.
. "$(dirname "$0")/../lib.sh"
t_need_lab
cd "$T_TMP" || exit 1
DB=$T_TMP/v3.db
jfield() { printf '%s\n' "$1" | grep -oE "\"$2\":\"([^\"\\\\]|\\\\.)*\"" | head -1 | sed -E "s/^\"$2\":\"(.*)\"$/\1/"; }
line_for() { printf '%s\n' "$1" | grep -F "\"address\":\"$2\""; }
rnd() { head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# 1. The lab agent: wrong auth passphrase, then wrong priv passphrase, then the right set.
wa=WRONGAUTH-$(rnd) wp=WRONGPRIV-$(rnd)
creds=$T_TMP/lab.xml
cat > "$creds" <<XML
<credentials>
  <snmp name="bad-auth" version="3"><user>$LAB_SNMP_V3_USER</user>
    <auth protocol="SHA">$wa</auth><priv protocol="AES">$LAB_SNMP_V3_PRIVPASS</priv></snmp>
  <snmp name="bad-priv" version="3"><user>$LAB_SNMP_V3_USER</user>
    <auth protocol="SHA">$LAB_SNMP_V3_AUTHPASS</auth><priv protocol="AES">$wp</priv></snmp>
  <snmp name="lab-v3" version="3"><user>$LAB_SNMP_V3_USER</user>
    <auth protocol="SHA">$LAB_SNMP_V3_AUTHPASS</auth><priv protocol="AES">$LAB_SNMP_V3_PRIVPASS</priv></snmp>
</credentials>
XML
chmod 600 "$creds"
out=$("$NETLOOM" --db "$DB" scan --credentials "$creds" --timeout 500 --retries 1 --json \
    "$LAB_SNMP_V3" "$LAB_SILENT" 2>"$T_TMP/err")
rc=$?
err=$(cat "$T_TMP/err")
l=$(line_for "$out" "$LAB_SNMP_V3")
t_is "v3 scan exits 0" "$rc" 0
t_is "v3 agent found" "$(printf '%s\n' "$out" | grep -c '^{')" 1
t_is "v3: snmp.version" "$(jfield "$l" snmp.version)" 3
t_is "v3: the set that worked is remembered" "$(jfield "$l" snmp.credential)" lab-v3
t_is "v3: engine ID is the device identity" "$(jfield "$l" snmp.engine_id)" "$LAB_SNMP_V3_ENGINEID"
t_is "v3: sys.name over authPriv" "$(jfield "$l" sys.name)" "$LAB_SNMP_V3_SYSNAME"
t_is "v3: serial walked over authPriv" "$(jfield "$l" hw.serial)" "$LAB_SNMP_V3_SERIAL"
t_is "v3: model" "$(jfield "$l" hw.model)" "$LAB_SNMP_V3_MODEL"
t_is "v3: platform" "$(jfield "$l" device.platform)" junos
t_match "v3: walk complete (interfaces)" "$(printf '%s\n' "$l" | grep -oE '"interfaces":[0-9]+')" '"interfaces":[1-9]'
t_nomatch "v3: no device error" "$l" '"snmp\.error"'
t_match "wrong auth and wrong priv passphrases: 2 auth failures" "$err" ' 2 auth failures'
t_match "nothing dropped as malformed" "$err" 'malformed 0\)'
secrets="$wa|$wp|$LAB_SNMP_V3_AUTHPASS|$LAB_SNMP_V3_PRIVPASS"
t_nomatch "no v3 passphrase in the output" "$out$err" "$secrets"
t_is "no v3 passphrase in the store" "$(sqlite3 "$DB" .dump | grep -cE "$secrets")" 0
t_match "engine ID stored as a fact" "$(sqlite3 "$DB" .dump | grep -F "$LAB_SNMP_V3_ENGINEID")" 'snmp\.engine_id'
# A second scan finds the same device (engine ID / serial).
out2=$("$NETLOOM" --db "$DB" scan --credentials "$creds" --timeout 500 --json "$LAB_SNMP_V3" 2>/dev/null)
t_is "second v3 scan: same device id" "$(printf '%s\n' "$out2" | grep -oE '"device_id":[0-9]+')" \
    "$(printf '%s\n' "$l" | grep -oE '"device_id":[0-9]+')"

# 2. Only wrong sets: not found, each counted, no crash.
cat > "$T_TMP/wrong.xml" <<XML
<credentials>
  <snmp name="bad-auth" version="3"><user>$LAB_SNMP_V3_USER</user>
    <auth protocol="SHA">$wa</auth><priv protocol="AES">$LAB_SNMP_V3_PRIVPASS</priv></snmp>
  <snmp name="no-user" version="3"><user>nobody-$(rnd)</user>
    <auth protocol="SHA-256">$wa</auth></snmp>
</credentials>
XML
chmod 600 "$T_TMP/wrong.xml"
out=$("$NETLOOM" --db "$T_TMP/w.db" scan --credentials "$T_TMP/wrong.xml" --timeout 500 --json \
    "$LAB_SNMP_V3" 2>"$T_TMP/err")
t_is "only wrong v3 sets: exit 0" "$?" 0
t_is "only wrong v3 sets: no device" "$out" ""
t_match "wrong digest and unknown user: 2 auth failures, no timeouts" "$(cat "$T_TMP/err")" \
    ' 0 timeouts, .* 2 auth failures'

# 3. A silent address costs one discovery (with its retry), not one per v3 set.
out=$("$NETLOOM" --db "$T_TMP/s.db" scan --credentials "$creds" --timeout 200 --retries 1 \
    "$LAB_SILENT" 2>&1)
t_match "silent host: 2 packets for 3 v3 sets" "$out" ' 2 sent, 2 timeouts'
# A DES set against the lab's AES user: the agent cannot decrypt it, an auth failure, not a device.
printf '<credentials><snmp name="des" version="3"><user>%s</user><auth protocol="SHA">%s</auth><priv protocol="DES">%s</priv></snmp></credentials>\n' \
    "$LAB_SNMP_V3_USER" "$LAB_SNMP_V3_AUTHPASS" "$LAB_SNMP_V3_PRIVPASS" > des.xml
chmod 600 des.xml
out=$("$NETLOOM" --db "$T_TMP/d.db" scan --credentials des.xml --timeout 300 "$LAB_SNMP_V3" 2>&1)
t_match "DES set against an AES user: no responder, an auth failure" "$out" ' 0 responders, 0 stored, .* 1 auth failures'

# 4. Our own snmpd: every security level and the SHA-2 / AES-192 / AES-256 family.
addr=127.$((200 + RANDOM % 50)).$((RANDOM % 250)).$((1 + RANDOM % 250))
port=$((20000 + RANDOM % 20000))
eid=80001f8804$(rnd)
comm=comm-$(rnd)
users="none:none::none: authonly:SHA-256:$(rnd):none: s1a256:SHA:$(rnd):AES-256:$(rnd)
s256a256:SHA-256:$(rnd):AES-256:$(rnd) s512a128:SHA-512:$(rnd):AES:$(rnd)
s224a192:SHA-224:$(rnd):AES-192:$(rnd) s384a128:SHA-384:$(rnd):AES-128:$(rnd)
s1des:SHA:$(rnd):DES:$(rnd) s256des:SHA-256:$(rnd):DES:$(rnd)"
mkdir -p agent/state
{
    echo "[snmp] persistentDir $T_TMP/agent/state"
    echo "[snmp] mibs :"
    echo "exactEngineID 0x$eid"
    echo "sysname own-v3"
    echo "rocommunity $comm 127.0.0.0/8"
} > agent/snmpd.conf
declare -A cx
allsecrets=$comm
for spec in $users; do
    IFS=: read -r u a ap p pp <<<"$spec"
    sp=${p/AES-128/AES}
    if [ "$a" = none ]; then
        echo "createUser u-$u" >> agent/snmpd.conf; echo "rouser -s usm u-$u noauth" >> agent/snmpd.conf
        cx[$u]="<snmp name=\"$u\" version=\"3\"><user>u-$u</user></snmp>"
    elif [ "$p" = none ]; then
        echo "createUser u-$u $a $ap" >> agent/snmpd.conf; echo "rouser u-$u auth" >> agent/snmpd.conf
        cx[$u]="<snmp name=\"$u\" version=\"3\"><user>u-$u</user><auth protocol=\"$a\">$ap</auth></snmp>"
        allsecrets="$allsecrets|$ap"
    else
        echo "createUser u-$u $a $ap $sp $pp" >> agent/snmpd.conf; echo "rouser u-$u priv" >> agent/snmpd.conf
        cx[$u]="<snmp name=\"$u\" version=\"3\"><user>u-$u</user><auth protocol=\"$a\">$ap</auth><priv protocol=\"$p\">$pp</priv></snmp>"
        allsecrets="$allsecrets|$ap|$pp"
    fi
done
chmod 600 agent/snmpd.conf
snmpd -C -c "$T_TMP/agent/snmpd.conf" -p "$T_TMP/agent/pid" -Lf "$T_TMP/agent/log" \
    -I -smux,mteTrigger,mteTriggerConf "udp:$addr:$port"
for _ in $(seq 50); do [ -s agent/pid ] && break; sleep 0.1; done
apid=$(cat agent/pid 2>/dev/null)
# shellcheck disable=SC2016
t_on_exit 'kill "$apid" 2>/dev/null; for _ in $(seq 50); do kill -0 "$apid" 2>/dev/null || break; sleep 0.1; done' 
t_match "own snmpd started" "$apid" '^[0-9]+$'
sleep 0.3

for spec in $users; do
    IFS=: read -r u a ap p pp <<<"$spec"
    printf '<credentials>%s</credentials>\n' "${cx[$u]}" > "c-$u.xml"
    chmod 600 "c-$u.xml"
    o=$("$NETLOOM" --db "$T_TMP/own.db" scan --credentials "c-$u.xml" --port "$port" --timeout 500 \
        --json "$addr" 2>"e-$u")
    lvl="auth=$a priv=$p"
    t_is "own snmpd $lvl: found with set $u" "$(jfield "$o" snmp.credential)" "$u"
    t_is "own snmpd $lvl: engine ID" "$(jfield "$o" snmp.engine_id)" "$eid"
    t_is "own snmpd $lvl: sys.name" "$(jfield "$o" sys.name)" own-v3
    t_match "own snmpd $lvl: walked" "$o" '"interfaces":[1-9]'
    t_nomatch "own snmpd $lvl: no secret in output" "$o$(cat "e-$u")" "$allsecrets"
    t_is "own snmpd $lvl: snmp.priv" "$(jfield "$o" snmp.priv)" "$( [ "$p" = AES ] && echo AES-128 || echo "$p")"
done
# The snmp-agent policy judges the set that answered: DES privacy fails, AES passes.
for u in s1des s256a256 authonly; do
    "$NETLOOM" --db "$T_TMP/pol-$u.db" scan --credentials "c-$u.xml" --port "$port" --timeout 500 \
        "$addr" >/dev/null 2>&1
    "$NETLOOM" --db "$T_TMP/pol-$u.db" audit --json > "pol-$u.json" 2>/dev/null
    v=$(/usr/bin/python3 -c 'import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("type") == "result" and o["rule"] == "snmp-v3-privacy":
        print(o["status"], "|".join(o["evidence"]))' "pol-$u.json")
    case $u in
    s256a256) t_match "snmp-v3-privacy: SHA-256/AES-256 passes" "$v" '^pass' ;;
    *) t_match "snmp-v3-privacy: $u fails" "$v" '^fail' ;;
    esac
done
t_match "...the evidence names DES" "$(/usr/bin/python3 -c 'import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("type") == "result" and o["rule"] == "snmp-v3-privacy":
        print("|".join(o["evidence"]))' pol-s1des.json)" 'DES'

# 5. All sets in one file, a v2c set last: v3 sets are tried in order, the first that
#    matches the agent's user wins; an unknown v3 user falls through to v2c.
cat > mixed.xml <<XML
<credentials>
  <snmp name="ghost" version="3"><user>ghost-$(rnd)</user><auth protocol="SHA">$(rnd)</auth></snmp>
  <snmp name="v2" version="2c"><community>$comm</community></snmp>
</credentials>
XML
chmod 600 mixed.xml
o=$("$NETLOOM" --db "$T_TMP/m.db" scan --credentials mixed.xml --port "$port" --timeout 500 \
    --json "$addr" 2>"$T_TMP/err")
t_is "unknown v3 user, then v2c: found over v2c" "$(jfield "$o" snmp.credential)" v2
t_match "unknown v3 user counted as auth failure" "$(cat "$T_TMP/err")" ' 1 auth failures'
t_is "v2c finds the same engine ID (walked)" "$(jfield "$o" snmp.engine_id)" "$eid"
t_is "no secret of our agent in any store" \
    "$(for f in own.db m.db; do sqlite3 "$T_TMP/$f" .dump; done | grep -cE "$allsecrets")" 0
t_done

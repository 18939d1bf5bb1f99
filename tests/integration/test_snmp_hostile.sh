#!/bin/bash
# Hostile and broken agents: a python3 responder on 127.x addresses sends truncated PDUs,
# absurd lengths, wrong types, duplicates and walks that loop or never end. The scan
# must finish in bounded time, report the bad devices, and go on.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP"
base=127.$((200 + RANDOM % 50)).$((RANDOM % 250)).
cat > agent.py <<'PY'
import socket, select, sys, struct
base = sys.argv[1]
modes = ["good", "trunc", "absurd", "loop", "endless", "wrongtype", "dup", "good"]

def tlv(tag, body):
    n = len(body)
    if n < 0x80: l = bytes([n])
    elif n < 0x100: l = bytes([0x81, n])
    else: l = bytes([0x82, n >> 8, n & 255])
    return bytes([tag]) + l + body

def enc_int(v, tag=2):
    b = v.to_bytes(8, "big", signed=True).lstrip(b"\x00") or b"\x00"
    if b[0] & 0x80 and v >= 0: b = b"\x00" + b
    return tlv(tag, b)

def enc_oid(o):
    out = bytes([o[0] * 40 + o[1]])
    for s in o[2:]:
        parts = [s & 0x7f]
        s >>= 7
        while s: parts.append(0x80 | (s & 0x7f)); s >>= 7
        out += bytes(reversed(parts))
    return tlv(6, out)

def rd(b, i):
    tag = b[i]; n = b[i + 1]; i += 2
    if n & 0x80:
        k = n & 0x7f; n = int.from_bytes(b[i:i + k], "big"); i += k
    return tag, b[i:i + n], i + n

def dec_oid(b):
    o = [b[0] // 40, b[0] % 40]; s = 0
    for x in b[1:]:
        s = (s << 7) | (x & 0x7f)
        if not x & 0x80: o.append(s); s = 0
    return o

def parse(pkt):
    _, msg, _ = rd(pkt, 0)
    _, ver, i = rd(msg, 0); _, comm, i = rd(msg, i); ptag, pdu, _ = rd(msg, i)
    _, rid, j = rd(pdu, 0); _, a, j = rd(pdu, j); _, b, j = rd(pdu, j); _, vbl, _ = rd(pdu, j)
    oids = []; k = 0
    while k < len(vbl):
        _, vb, k = rd(vbl, k); _, o, _ = rd(vb, 0); oids.append(dec_oid(o))
    return int.from_bytes(ver, "big"), comm, ptag, int.from_bytes(rid, "big", signed=True), oids

def response(ver, comm, rid, vbs):
    vbl = b"".join(tlv(0x30, enc_oid(o) + v) for o, v in vbs)
    pdu = tlv(0xa2, enc_int(rid) + enc_int(0) + enc_int(0) + tlv(0x30, vbl))
    return tlv(0x30, enc_int(ver) + tlv(4, comm) + pdu)

SYS = [1, 3, 6, 1, 2, 1, 1]
endless = {}
def answer(mode, ver, comm, ptag, rid, oids):
    if ptag == 0xa0:   # probe GET
        vbs = []
        for o in oids:
            if mode == "wrongtype":
                vbs.append((o, enc_int(7) if o[-2] == 1 else tlv(4, b"\xff\x00not an oid")))
            elif o[-2] == 1: vbs.append((o, tlv(4, b"Linux hostile 6.1.0 #1 SMP x86_64")))
            elif o[-2] == 2: vbs.append((o, enc_oid([1, 3, 6, 1, 4, 1, 8072, 3, 2, 10])))
            else: vbs.append((o, tlv(4, ("hostile-" + mode).encode())))
        return response(ver, comm, rid, vbs)
    o = oids[0]
    if mode == "loop" and o[:7] == SYS:
        return response(ver, comm, rid, [(SYS + [1, 0], tlv(4, b"again"))] * 3)
    if mode == "endless" and o[:7] == SYS:
        n = endless.get(rid, 0)
        last = o[7:] and o[-1] or 0
        return response(ver, comm, rid, [(SYS + [9, 1, last + 1 + k], tlv(4, b"x")) for k in range(20)])
    if mode == "wrongtype":
        return response(ver, comm, rid, [(o + [0], tlv(0x30, b""))])
    return response(ver, comm, rid, [([1, 3, 6, 1, 6, 3, 99], tlv(0x82, b""))])

socks = {}
for k, m in enumerate(modes):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((base + str(k + 1), int(sys.argv[2])))
    socks[s] = m
print("ready", flush=True)
while True:
    r, _, _ = select.select(list(socks), [], [])
    for s in r:
        pkt, peer = s.recvfrom(65535)
        mode = socks[s]
        try:
            ver, comm, ptag, rid, oids = parse(pkt)
        except Exception:
            continue
        out = answer(mode, ver, comm, ptag, rid, oids)
        if mode == "trunc": out = out[:len(out) // 2]
        if mode == "absurd": out = b"\x30\x84\xff\xff\xff\xff" + out[2:]
        s.sendto(out, peer)
        if mode == "dup": s.sendto(out, peer)
PY
port=$((20000 + RANDOM % 20000))
python3 agent.py "$base" "$port" > agent.out 2>&1 &
apid=$!
t_on_exit "kill $apid"
for _ in $(seq 50); do grep -q ready agent.out 2>/dev/null && break; sleep 0.1; done
t_match "hostile responder is up" "$(cat agent.out)" ready

printf '<credentials><snmp name="h" version="2c"><community>public</community></snmp></credentials>\n' > c.xml
chmod 600 c.xml
start=$(date +%s)
out=$(timeout 120 "$NETLOOM" --db "$T_TMP/h.db" scan --credentials c.xml --port "$port" --timeout 300 \
    --retries 0 --json "${base}1-8" 2>err)
rc=$?
err=$(cat err)
t_is "scan over hostile agents exits 0" "$rc" 0
t_match "finishes in bounded time" "$(( $(date +%s) - start ))" '^([0-9]|[1-5][0-9])$'
t_is "truncated and absurd-length agents are not devices" \
    "$(printf '%s\n' "$out" | grep -cE "\"address\":\"${base//./\\.}(2|3)\"")" 0
t_match "malformed replies counted" "$err" 'malformed [1-9]'
t_match "duplicates counted" "$err" 'duplicate [1-9]'
t_match "looping walk reported on that device" "$err" "${base//./\\.}4: walk of 1\.3\.6\.1\.2\.1\.1: OIDs not increasing"
t_match "endless walk stopped by the row limit" "$err" "${base//./\\.}5: walk of 1\.3\.6\.1\.2\.1\.1: row limit"
wt=$(printf '%s\n' "$out" | grep -F "\"address\":\"${base}6\"")
t_match "wrong-type agent recorded, its bytes made printable" "$wt" '"sys\.name":"\?not an oid"'
t_match "a malformed walk reply is an error on that device" "$wt" '"snmp\.error":"no answer during the walk'
t_nomatch "wrong types give no sysObjectID" "$wt" '"sys\.objectid"'
t_is "good agents found around the bad ones" "$(printf '%s\n' "$out" | grep -cE "\"address\":\"${base//./\\.}(1|8)\"")" 2
t_is "six devices stored" "$(printf '%s\n' "$out" | grep -c '^{')" 6
t_done

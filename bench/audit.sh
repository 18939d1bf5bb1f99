#!/bin/bash
# Benchmark (issue 5): the audit of N configuration snapshots made from the corpus configs
# (IOS, NX-OS, EOS, Junos, each copy varied: host name, an NTP server, a logging host, a
# password-encryption line and a vty transport toggled by copy number), side by side in one run:
#   netloom audit --file F --platform P F...   (read, redact, parse blocks, evaluate every rule
#                                                of the platform's shipped baseline, print text)
#   grep -c -E -f PATTERNS F...                 (the floor: the baseline's line patterns, as
#                                                ERE, counted over the same bytes; no redaction,
#                                                no blocks, no verdicts, no evidence)
# one process per platform for both. Several rounds, medians; configs/s, rule evaluations/s,
# MB/s, ratio. Then the Linux baseline on this machine: netloom capture over SSH (the lab's
# real-shell sshd) + audit, beside `oscap xccdf eval` of the SCAP Security Guide "standard"
# profile (Debian packages openscap-scanner, ssg-debian) when installed.
#   bench/audit.sh NETLOOM   env: AUDIT_BENCH_N (10000), AUDIT_BENCH_ROUNDS (5),
#                                 AUDIT_BENCH_NET (127.104: the lab for the SSH capture),
#                                 AUDIT_BENCH_LINUX (1; 0 skips the SSH/oscap part)
set -eu
netloom=$(cd "$(dirname "${1:?usage: bench/audit.sh NETLOOM}")" && pwd)/$(basename "$1")
n=${AUDIT_BENCH_N:-10000}
rounds=${AUDIT_BENCH_ROUNDS:-5}
net=${AUDIT_BENCH_NET:-127.104}
top=$(cd "$(dirname "$0")/.." && pwd)
corpus=${NETLOOM_CORPUS:-$top/../shared/corpus}
work=$(mktemp -d "${TMPDIR:-/tmp}/netloom-bench-audit.XXXXXX")
lab=""
cleanup() {
    [ -n "$lab" ] && "$top/tests/lab/lab.sh" down "$lab" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# ---- N snapshots: corpus configs round-robin, each copy varied
python3 - "$corpus" "$work/cfg" "$n" <<'PY'
import os, re, sys
corpus, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
plats = {"ios": "ios", "nxos": "nxos", "eos": "eos", "junos": "junos"}
src = []
for d in plats:
    for f in sorted(os.listdir(os.path.join(corpus, d))):
        p = os.path.join(corpus, d, f)
        if os.path.isfile(p):
            src.append((d, open(p, "rb").read().decode("latin-1")))
for d in plats:
    os.makedirs(os.path.join(out, d), exist_ok=True)
for i in range(n):
    d, t = src[i % len(src)]
    k = i // len(src)
    if d == "junos":
        t = re.sub(r"host-name \S+;", "host-name dev%d;" % i, t, count=1)
        if k % 2:
            t += "\nsystem {\n    ntp {\n        server 192.0.2.%d;\n    }\n}\n" % (k % 250 + 1)
        if k % 3 == 1:
            t += "system {\n    syslog {\n        host 198.51.100.%d {\n            any any;\n        }\n    }\n}\n" % (k % 250 + 1)
    else:
        t = re.sub(r"(?m)^hostname \S+", "hostname dev%d" % i, t, count=1)
        extra = []
        if k % 2:
            extra.append("ntp server 192.0.2.%d" % (k % 250 + 1))
        if k % 3 == 1:
            extra.append("logging host 198.51.100.%d" % (k % 250 + 1))
        if k % 5 == 2 and d == "ios":
            extra.append("service password-encryption")
        if k % 7 == 3 and d == "ios":
            extra.append("line vty 0 4\n transport input ssh")
        t = t.rstrip("\n") + "\n" + "\n".join(extra) + ("\n" if extra else "")
    open(os.path.join(out, d, "c%05d.cfg" % i), "w", encoding="latin-1").write(t)
PY
bytes=$(cat "$work"/cfg/*/* | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')

# ---- the baselines' line patterns as ERE (PCRE-only syntax rewritten; lookaheads dropped)
for p in cisco-ios:ios cisco-nxos:nxos arista-eos:eos junos:junos; do
    python3 - "$top/policies/${p%%:*}.xml" > "$work/${p#*:}.pat" <<'PY'
import re, sys, xml.etree.ElementTree as ET
for e in ET.parse(sys.argv[1]).iter():
    for a in ("pattern", "parent", "child"):
        v = e.get(a)
        if not v or "${" in v:
            continue
        v = v.replace("(?:", "(")
        while True:  # lookarounds (?= ...) (?! ...) have no ERE form: dropped, balanced
            i = max(v.find("(?="), v.find("(?!"))
            if i < 0:
                break
            d, j = 0, i
            while j < len(v):
                d += {"(": 1, ")": -1}.get(v[j], 0) if v[j - 1:j] != "\\" else 0
                if d == 0:
                    break
                j += 1
            v = v[:i] + v[j + 1:].lstrip("?")
        v = v.replace(r"\d", "[0-9]").replace(r"\S", "[^[:space:]]")
        v = v.replace(r"\z", "$").replace(r"\A", "^")
        print(v)
PY
done

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }
run_netloom() {
    local d
    for d in ios:cisco-ios nxos:cisco-nxos eos:arista-eos junos:junos; do
        set -- "$work"/cfg/"${d%%:*}"/*
        [ -e "$1" ] || continue
        first=$1; shift
        "$netloom" audit --file "$first" --platform "${d#*:}" "$@" > "$work/out.${d%%:*}" 2>/dev/null || [ $? -eq 2 ]
    done
}
run_grep() {
    local d
    for d in ios nxos eos junos; do
        grep -c -E -f "$work/$d.pat" "$work"/cfg/"$d"/* > "$work/grep.$d" || true
    done
}
# rule evaluations: every verdict printed in the summaries of one run
run_netloom
evals=$(cat "$work"/out.* | awk '/^summary:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/ && i > 2) s += $i } END { print s }')
devs=$(cat "$work"/out.* | awk '/^summary:/ { s += $2 } END { print s }')
npat=$(cat "$work"/*.pat | wc -l)
tn=""; tg=""
for r in $(seq "$rounds"); do
    t0=$(now); run_netloom; t1=$(now); run_grep; t2=$(now)
    tn="$tn $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
    tg="$tg $(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')"
done
mn=$(printf '%s\n' $tn | median); mg=$(printf '%s\n' $tg | median)
echo "audit of $devs configs ($mb MB, corpus ios/nxos/eos/junos varied), $rounds rounds, medians:"
printf '  %-34s %8.3f s  %9.0f configs/s  %10.0f rule evals/s  %7.1f MB/s\n' \
    "netloom audit (shipped baselines)" "$mn" "$(awk -v t="$mn" -v n="$devs" 'BEGIN { print n / t }')" \
    "$(awk -v t="$mn" -v n="$evals" 'BEGIN { print n / t }')" "$(awk -v t="$mn" -v b="$mb" 'BEGIN { print b / t }')"
printf '  %-34s %8.3f s  %9.0f configs/s  %10s %-13s  %7.1f MB/s\n' \
    "grep -c -E -f ($npat patterns)" "$mg" "$(awk -v t="$mg" -v n="$devs" 'BEGIN { print n / t }')" "-" "" \
    "$(awk -v t="$mg" -v b="$mb" 'BEGIN { print b / t }')"
echo "  rule evaluations: $evals; ratio netloom/grep: $(awk -v a="$mn" -v b="$mg" 'BEGIN { printf "%.2f", a / b }')x" \
    "(target: whole run < 3 s, within 5x of grep)"

# ---- Linux baseline on this machine: netloom over SSH vs oscap
[ "${AUDIT_BENCH_LINUX:-1}" = 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "linux-server vs oscap: skipped (the lab's sshd needs root)"
    exit 0
fi
lab=$work/lab
"$top/tests/lab/lab.sh" up "$lab" --net "$net" >/dev/null
# shellcheck disable=SC1091
. "$lab/lab.env"
cat > "$work/creds.xml" <<XML
<credentials><ssh name="lab-key" port="$LAB_SSH_PORT"><user>$LAB_SSH_USER</user><key file="$LAB_SSH_KEY"/></ssh></credentials>
XML
chmod 600 "$work/creds.xml"
tc=""; ta=""; to=""
for r in $(seq 3); do
    rm -f "$work/l.db"
    t0=$(now)
    "$netloom" --db "$work/l.db" scan --ssh-only --credentials "$work/creds.xml" --known-hosts "$LAB_KNOWN_HOSTS" \
        --command-timeout 120000 --device-timeout 300000 "$LAB_SSH_LINUX" 2>/dev/null
    t1=$(now)
    "$netloom" --db "$work/l.db" audit > "$work/l.out" 2>&1 || [ $? -eq 2 ]
    t2=$(now)
    tc="$tc $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
    ta="$ta $(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')"
done
echo "linux-server baseline of this machine (3 rounds, medians):"
printf '  %-44s %7.3f s\n' "netloom scan --ssh-only (capture, loopback)" "$(printf '%s\n' $tc | median)"
printf '  %-44s %7.3f s  (%s)\n' "netloom audit (linux-server)" "$(printf '%s\n' $ta | median)" \
    "$(grep -m1 'policy linux-server' "$work/l.out" | sed 's/^ *//')"
ds=""
for f in /usr/share/xml/scap/ssg/content/ssg-debian12-ds.xml /usr/share/xml/scap/ssg/content/ssg-debian11-ds.xml; do
    [ -f "$f" ] && { ds=$f; break; }
done
if command -v oscap >/dev/null 2>&1 && [ -n "$ds" ]; then
    for r in $(seq 3); do
        t0=$(now)
        oscap xccdf eval --profile xccdf_org.ssgproject.content_profile_standard "$ds" > "$work/oscap.out" 2>&1 || true
        t1=$(now)
        to="$to $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
    done
    printf '  %-44s %7.3f s  (%s)\n' "oscap xccdf eval, standard, $(basename "$ds")" "$(printf '%s\n' $to | median)" \
        "$(awk '/^Result/ { c[$2]++ } END { for (k in c) printf "%s %d ", k, c[k] }' "$work/oscap.out")"
else
    echo "  oscap: not installed (apt-get install openscap-scanner ssg-debian)"
fi

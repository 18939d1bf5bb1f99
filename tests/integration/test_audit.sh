#!/bin/bash
# netloom policy check / list / show and netloom audit --file (offline): exit codes,
# FILE:LINE errors, hostile XML through the CLI, JSON output, parameters, waivers.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP"
corpus=${NETLOOM_CORPUS:-$NETLOOM_TOP/../shared/corpus}

# policy check: the shipped files are valid
for f in "$NETLOOM_TOP"/policies/*.xml; do
    t_ok "policy check $(basename "$f")" "$NETLOOM" policy check "$f"
done
out=$("$NETLOOM" policy check "$NETLOOM_TOP/policies/cisco-ios.xml")
t_match "check names id, version, rule count and sha256" "$out" \
    'valid policy cisco-ios version [0-9.]+, [0-9]+ rules, sha256 [0-9a-f]{64}$'

# invalid: schema, syntax, regex: exit 1 and FILE:LINE
cat > bad1.xml <<'X'
<policy id="b" version="1">
  <title>B</title>
  <rule id="r" severity="urgent" category="c"><title>t</title><rationale>r</rationale>
    <remediation>m</remediation><check><fact key="a" op="exists"/></check></rule>
</policy>
X
err=$("$NETLOOM" policy check bad1.xml 2>&1); rc=$?
t_is "schema-invalid policy exits 1" "$rc" 1
t_match "...with FILE:LINE" "$err" '^netloom: bad1.xml:3: .*severity'
cat > bad2.xml <<'X'
<policy id="b" version="1"><title>B</title>
<rule id="r" severity="low" category="c"><title>t</title><rationale>r</rationale>
<remediation>m</remediation><check><lines artifact="a" pattern="a(b"/></check></rule>
</policy>
X
err=$("$NETLOOM" policy check bad2.xml 2>&1); rc=$?
t_is "bad regex exits 1" "$rc" 1
t_match "...names the line and the pattern" "$err" 'bad2.xml:3: bad pattern /a\(b/'
printf '<policy id="b"\n' > bad3.xml
t_rc "not well-formed exits 1" 1 "$NETLOOM" policy check bad3.xml
t_rc "one bad file among good ones fails the check" 1 "$NETLOOM" policy check \
    "$NETLOOM_TOP/policies/cisco-ios.xml" bad3.xml
t_rc "missing file" 1 "$NETLOOM" policy check nonexistent.xml

# hostile: an external entity pointing at a marker file must not be read
echo "NETLOOM-CLI-XXE-MARKER" > marker.txt
cat > xxe.xml <<X
<?xml version="1.0"?>
<!DOCTYPE policy [ <!ENTITY x SYSTEM "file://$T_TMP/marker.txt"> ]>
<policy id="x" version="1"><title>&x;</title>
<rule id="r" severity="low" category="c"><title>&x;</title><rationale>r</rationale>
<remediation>m</remediation><check><fact key="a" op="equals" value="&x;"/></check></rule>
</policy>
X
out=$("$NETLOOM" policy check xxe.xml 2>&1); rc=$?
t_is "external entity: refused (exit 1)" "$rc" 1
t_match "...as a DOCTYPE at its line" "$out" 'xxe.xml:2: DOCTYPE and entity declarations are not allowed'
t_nomatch "...and the file was never read" "$out" 'NETLOOM-CLI-XXE-MARKER'
out=$("$NETLOOM" audit --file "$corpus/ios/ccp2-sample_10.ios" --platform ios --policy xxe.xml 2>&1); rc=$?
t_is "audit with a hostile policy exits 1" "$rc" 1
t_nomatch "...and never shows the marker" "$out" 'NETLOOM-CLI-XXE-MARKER'

# waivers files are checked too
cat > w.xml <<'X'
<waivers>
  <waiver id="w1" rule="ios-ntp" device="x" expires="2030-02-30"><reason>r</reason><approver>a</approver></waiver>
</waivers>
X
err=$("$NETLOOM" policy check w.xml 2>&1); rc=$?
t_is "invalid waiver date exits 1" "$rc" 1
t_match "...with FILE:LINE" "$err" 'w.xml:2: '

# list / show
out=$("$NETLOOM" policy list)
t_match "policy list shows cisco-ios" "$out" '^cisco-ios +1\.2\.0 +20 rules'
t_match "policy list shows linux-server" "$out" '^linux-server '
"$NETLOOM" policy show linux-server > shown.xml
t_ok "policy show prints the shipped file byte for byte" cmp shown.xml "$NETLOOM_TOP/policies/linux-server.xml"
t_rc "policy show unknown" 1 "$NETLOOM" policy show nosuch

# audit --file: offline, redacted, nothing stored
out=$("$NETLOOM" audit --file "$corpus/ios/ccp2-sample_01.ios" --platform ios --json); rc=$?
t_is "non-compliant config exits 2" "$rc" 2
t_match "JSON result lines" "$out" '^\{"schema":"netloom-audit","version":1,"type":"result",.*"rule":"ios-snmp-no-rw-community".*"status":"fail","evidence":\["artifact running-config sha256 [0-9a-f]{64}","unexpected: 1 line matches.*","line [0-9]+: snmp-server community <redacted> RW'
t_nomatch "secrets never reach the output" "$out" 'SoMeThaNGwIErd|Q0Zl'
t_match "JSON summary line" "$out" '^\{"schema":"netloom-audit","version":1,"type":"summary","devices":1,'
t_is "no store was created" "$(ls ./*.db 2>/dev/null | wc -l)" 0
n=$(printf '%s\n' "$out" | python3 -c 'import sys,json; print(sum(1 for l in sys.stdin if json.loads(l)))')
t_match "every output line is JSON" "$n" '^[0-9]+$'

# a compliant config passes: exit 0
cat > good.cfg <<'X'
hostname good
service password-encryption
enable secret 9 $9$abcdefghijklmn$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ
username admin privilege 15 secret 9 $9$abcdefghijklmn$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ
aaa new-model
aaa authentication login default group tacacs+ local
ip ssh version 2
ip ssh time-out 60
ip ssh authentication-retries 3
ip ssh dh min size 2048
no ip http server
snmp-server group OPS v3 priv
ntp server 192.0.2.1
logging host 192.0.2.2
banner login ^C Authorised access only ^C
line con 0
 exec-timeout 5 0
 transport input none
line vty 0 15
 transport input ssh
X
out=$("$NETLOOM" audit --file good.cfg --platform cisco-ios --fact os.version=17.12.4); rc=$?
t_is "compliant config exits 0" "$rc" 0
t_match "summary says 0 fail" "$out" 'summary: 1 device, 19 pass, 0 fail, 0 error'
out=$("$NETLOOM" audit --file good.cfg --platform cisco-ios --fact os.version=17.3.1); rc=$?
t_is "old IOS-XE release fails the version rule" "$rc" 2
t_match "...with expected vs actual" "$out" "fact os.version = '17.3.1'; expected ge '17.9.5'"
out=$("$NETLOOM" audit --file good.cfg --platform cisco-ios --fact os.version=17.3.1 --set ios.min_xe=17.3.1); rc=$?
t_is "--set tailors the minimum" "$rc" 0

# console/aux telnet, exec-timeout, SSH DH size and timeouts (rules added with the lab audit)
sed -e 's/^ exec-timeout 5 0/ exec-timeout 0 0/' -e 's/^ transport input none/ transport input telnet/' \
    -e 's/^ip ssh dh min size 2048/ip ssh dh min size 1024/' -e 's/^ip ssh time-out 60/ip ssh time-out 120/' \
    good.cfg > lines.cfg
printf 'line aux 0\n exec-timeout 30 0\n transport input all\n' >> lines.cfg
out=$("$NETLOOM" -v audit --file lines.cfg --platform cisco-ios --fact os.version=17.12.4); rc=$?
t_is "weak lines and SSH settings exit 2" "$rc" 2
t_match "console telnet fails, naming the line" "$out" 'line [0-9]+: line con 0 -> line [0-9]+: transport input telnet'
t_match "...and the aux line" "$out" 'line [0-9]+: line aux 0 -> line [0-9]+: transport input all'
t_match "exec-timeout 0 0 fails" "$out" "exec-timeout 0 0  \\[group 1 '0 0' fails not-matches"
t_match "exec-timeout 30 fails against 10" "$out" "exec-timeout 30 0  \\[group 2 '30' fails le '10'\\]"
t_match "DH 1024 fails against ssh.min_key_bits 2048" "$out" "ip ssh dh min size 1024  \\[group 1 '1024' fails ge '2048'\\]"
t_match "ssh time-out 120 fails" "$out" "ip ssh time-out 120  \\[group 1 '120' fails le '60'\\]"
t_match "vty rules still pass" "$out" 'pass +critical +ios-vty-no-telnet'
out=$("$NETLOOM" -v audit --file lines.cfg --platform cisco-ios --fact os.version=17.12.4 \
    --set ssh.min_key_bits=1024 --set ios.max_exec_timeout=30 --set ssh.max_auth_timeout=120)
t_match "--set ssh.min_key_bits=1024 passes the DH rule" "$out" 'pass +medium +ios-ssh-dh-min-size'
t_match "--set ssh.max_auth_timeout=120 passes the time-out rule" "$out" 'pass +medium +ios-ssh-timeouts'
t_match "exec-timeout 0 0 still fails with a longer maximum" "$out" 'fail +medium +ios-exec-timeout'
t_rc "--set of an undeclared parameter" 1 "$NETLOOM" audit --file good.cfg --platform ios --set nope=1
t_rc "--set with a value of the wrong type" 1 "$NETLOOM" audit --file good.cfg --platform ios --set ntp.min_servers=two
t_rc "--file without --platform" 1 "$NETLOOM" audit --file good.cfg

# a policy whose rules all miss the device: loud, not silent
cat > junos-rule.xml <<'X'
<policy id="p" version="2"><title>P</title>
<rule id="r" severity="low" category="c"><title>t</title><rationale>r</rationale><remediation>m</remediation>
<applies><platform>junos</platform></applies><check><fact key="a" op="exists"/></check></rule>
</policy>
X
out=$("$NETLOOM" audit --file good.cfg --platform ios --policy junos-rule.xml 2>&1); rc=$?
t_is "zero rules evaluated exits 2" "$rc" 2
t_match "...and says so" "$out" 'netloom.zero-rules.*|evaluated no rule at all'
t_match "...with the count" "$out" 'evaluated 0 of 1 rules'

# waivers on the offline audit: active waives, expired is reported
cat > waivers.xml <<'X'
<waivers>
  <waiver id="lab-ntp" rule="ios-ntp" expires="2999-01-01"><reason>lab box</reason><approver>ops lead</approver></waiver>
  <waiver id="old-http" rule="ios-no-http-server" expires="2000-01-01"><reason>legacy</reason><approver>ops lead</approver></waiver>
</waivers>
X
t_ok "waivers file is valid" "$NETLOOM" policy check waivers.xml
sed -e '/^ntp server/d' -e 's/^no ip http server/ip http server/' good.cfg > waived.cfg
out=$("$NETLOOM" audit --file waived.cfg --platform ios --fact os.version=17.12.4 --waivers waivers.xml 2>&1); rc=$?
t_is "expired waiver leaves the failure: exit 2" "$rc" 2
t_match "active waiver: waived with reason and approver" "$out" 'waived +medium +ios-ntp'
t_match "...evidence names the waiver" "$out" 'waived by lab-ntp until 2999-01-01, approved by ops lead: lab box'
t_match "expired waiver is reported" "$out" 'waiver old-http \(rule ios-no-http-server\) expired on 2000-01-01'
t_match "...and the rule fails" "$out" 'fail +high +ios-no-http-server'

# --policies DIR
mkdir pdir && cp "$NETLOOM_TOP/policies/cisco-ios.xml" pdir/
out=$("$NETLOOM" audit --file good.cfg --platform ios --fact os.version=17.12.4 --policies pdir); rc=$?
t_is "--policies DIR" "$rc" 0
mkdir emptydir
t_rc "--policies with no policy in it" 1 "$NETLOOM" audit --file good.cfg --platform ios --policies emptydir

t_done

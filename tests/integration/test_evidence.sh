#!/bin/bash
# netloom evidence on a store built by real scans of the lab (an snmpd agent and an emulated
# IOS over SSH) and a real audit with a policy file and a waiver file: the package holds
# the reports, the artifacts behind the verdicts, the exact policy/waiver bytes; SHA256SUMS
# verifies with sha256sum -c and fails once a file is tampered with; the SSH signature
# verifies with ssh-keygen -Y verify and fails on a tampered manifest.
. "$(dirname "$0")/../lib.sh"
t_need_lab
cd "$T_TMP"
db=$T_TMP/ev.db
nl() { "$NETLOOM" --db "$db" "$@"; }
( umask 077; cat > creds.xml <<XML
<?xml version="1.0"?>
<credentials>
  <snmp name="lab-public" version="2c"><community>public</community></snmp>
  <ssh name="lab-ssh"><user>$LAB_SSH_USER</user><key file="$LAB_SSH_KEY"/></ssh>
</credentials>
XML
)
t_ok "SNMP scan" nl scan --credentials creds.xml --timeout 500 "$LAB_SNMP_PUBLIC"
t_ok "SSH capture of the emulated IOS" nl scan --ssh-only --credentials creds.xml \
    --known-hosts "$LAB_KNOWN_HOSTS" --ssh-port "$LAB_SSH_PORT" "$LAB_SSH_IOS"
cp "$NETLOOM_TOP/policies/cisco-ios.xml" my-ios.xml
printf '<!-- site copy -->\n' >> my-ios.xml
cat > waivers.xml <<'X'
<?xml version="1.0"?>
<waivers>
  <waiver id="W-9" rule="ios-login-banner" expires="2099-01-01">
    <reason>banner text under legal review</reason><approver>Legal</approver>
  </waiver>
</waivers>
X
t_rc "audit with a policy file and waivers: exit 2" 2 nl audit --policy my-ios.xml --waivers waivers.xml

out=$(nl evidence --out pkg 2>&1); rc=$?
t_is "evidence: exit 2 (rules failed in the scan)" "$rc" 2
t_match "...says where and how to check" "$out" 'evidence for scan 2 in pkg: .* sha256sum -c SHA256SUMS'
for f in report.html report.json report.txt report.csv report-junit.xml evidence.json scan-log.txt \
    README.txt SHA256SUMS; do
    t_ok "package holds $f" test -s "pkg/$f"
done
t_ok "the policy file used, byte for byte" cmp my-ios.xml pkg/policies/run-1/my-ios.xml
t_ok "the waiver file used, byte for byte" cmp waivers.xml pkg/waivers/run-1/waivers.xml
t_ok "the running-config behind the verdicts" test -s "$(ls -d pkg/artifacts/device-*/snapshot-*-ssh | head -1)/running-config.txt"
t_is "evidence.json: scan, run, files, snapshots" "$(python3 - pkg/evidence.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = d["audit_runs"][0]
print(d["schema"], d["version"], d["scan"]["id"], len(d["audit_runs"]),
      sorted((f["kind"], f["name"]) for f in r["files"]), r["tool_version"] == d["scan"]["tool_version"],
      sorted({s["source"] for s in d["snapshots"]}))
PY
)" "netloom-evidence 1 2 1 [('policy', 'my-ios.xml'), ('waivers', 'waivers.xml')] True ['ssh']"
t_match "scan log: when" "$(cat pkg/scan-log.txt)" 'scan 2: started [0-9T:-]+Z, finished [0-9T:-]+Z'
t_match "scan log: from where, which version" "$(cat pkg/scan-log.txt)" 'collector "[^"]+", netloom [0-9.]+'
t_match "scan log: the policy's SHA-256 is the file's" "$(cat pkg/scan-log.txt)" \
    "policy my-ios.xml \\(cisco-ios [0-9.]+\\) sha256 $(sha256sum my-ios.xml | cut -c1-64)"
t_ok "no secret from the credentials file in the package" \
    bash -c "! grep -rqF -- \"$LAB_SSH_KEY\" pkg && ! grep -rq 'BEGIN OPENSSH PRIVATE' pkg"
t_ok "sha256sum -c verifies the manifest" bash -c 'cd pkg && sha256sum -c --quiet SHA256SUMS'
t_is "the manifest lists every file but itself" "$(cd pkg && find . -type f ! -name SHA256SUMS | wc -l)" \
    "$(wc -l < pkg/SHA256SUMS)"
cp -r pkg tampered
printf 'hidden\n' >> "$(ls tampered/artifacts/device-*/snapshot-*-ssh/running-config.txt | head -1)"
out=$(cd tampered && sha256sum -c SHA256SUMS 2>&1); rc=$?
t_is "a tampered artifact fails the check" "$rc" 1
t_match "...naming the file" "$out" 'running-config.txt: FAILED'

# Signed with an SSH key; ssh-keygen -Y verify checks it.
ssh-keygen -q -t ed25519 -N '' -C auditor -f signkey
echo "auditor $(cat signkey.pub)" > allowed_signers
t_rc "evidence --sign" 2 nl evidence --scan 2 --out signed --sign signkey
t_ok "SHA256SUMS.sig written" test -s signed/SHA256SUMS.sig
t_ok "ssh-keygen -Y verify accepts it" bash -c \
    'ssh-keygen -Y verify -f allowed_signers -I auditor -n netloom-evidence -s signed/SHA256SUMS.sig < signed/SHA256SUMS'
t_ok "...and the manifest checks" bash -c 'cd signed && sha256sum -c --quiet SHA256SUMS'
sed 's/^./0/' signed/SHA256SUMS > forged
t_rc "a changed manifest fails the signature" 255 bash -c \
    'ssh-keygen -Y verify -f allowed_signers -I auditor -n netloom-evidence -s signed/SHA256SUMS.sig < forged 2>/dev/null'
t_rc "...and another namespace does not verify" 255 bash -c \
    'ssh-keygen -Y verify -f allowed_signers -I auditor -n file -s signed/SHA256SUMS.sig < signed/SHA256SUMS 2>/dev/null'
t_is "the same scan renders the same report in both packages" "$(cmp pkg/report.json signed/report.json && echo same)" same

# Errors
t_rc "a non-empty folder is refused" 1 nl evidence --out pkg
t_rc "a missing key is an error" 1 nl evidence --out nokey --sign "$T_TMP/no-such-key"
t_match "...with ssh-keygen's reason" "$(nl evidence --out nokey2 --sign "$T_TMP/no-such-key" 2>&1)" \
    'ssh-keygen -Y sign failed: .*no-such-key'
t_rc "an unknown scan is an error" 1 nl evidence --out x --scan 99
t_rc "--out is required" 1 nl evidence
t_done

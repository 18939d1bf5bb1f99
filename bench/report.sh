#!/bin/bash
# Drift and report benchmark (issue 7): a store of 10,000 devices x 30 scans (generated with
# SQL straight into netloom's schema: a real scan of 10,000 devices 30 times is not what is
# measured here), then the whole fleet's drift (latest scan against the one before, JSON and
# text) and the HTML and JSON reports of the latest scan: wall time, peak memory, output size;
# HTML load time in headless Chromium when installed.
# Targets: drift < 2 s, each report < 3 s, HTML < 20 MB.
# Usage: bench/report.sh NETLOOM_BINARY. Env: NETLOOM_BENCH_DEVICES (10000),
# NETLOOM_BENCH_SCANS (30), NETLOOM_BENCH_ROUNDS (3), NETLOOM_BENCH_KEEP (a folder: keep the store).
set -u
NETLOOM=${1:?usage: bench/report.sh NETLOOM_BINARY}
ndev=${NETLOOM_BENCH_DEVICES:-10000}
nscan=${NETLOOM_BENCH_SCANS:-30}
rounds=${NETLOOM_BENCH_ROUNDS:-3}
for t in sqlite3 /usr/bin/time; do
    command -v "$t" >/dev/null || { echo "bench/report: $t missing (make deps)"; exit 1; }
done
w=$(mktemp -d /tmp/netloom-bench-report.XXXXXX)
trap 'rm -rf "$w"' EXIT INT TERM
db=$w/bench.db

"$NETLOOM" --db "$db" scans >/dev/null || { echo "bench/report: cannot create the store"; exit 1; }
t0=$(date +%s.%N)
# Every device has a ~2 KB running-config; 5% of devices change one line per scan, 1% flip a
# rule verdict per scan. 12 rules per snapshot, 9 facts per snapshot (identity facts agree
# with the devices rows, as a scan writes them: reports replay identities from them).
# Artifact keys are sha3-256 hex (the sqlite3 shell has no SHA-256; drift compares keys, it
# does not rehash).
sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $nscan)
INSERT INTO scans (id, started, finished, state, targets, collector, version)
  SELECT i, 1767225600 + i * 86400, 1767225600 + i * 86400 + 900, 'complete', '10.0.0.0/16',
         'bench', '0.1.0' FROM s;
WITH RECURSIVE d(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM d WHERE i < $ndev)
INSERT INTO devices (id, name, address, platform, vendor, model, serial, os_name, os_version,
                     found_by, first_seen, last_seen)
  SELECT i, printf('sw-%05d.bench', i), printf('10.%d.%d.%d', i / 65536, (i / 256) % 256, i % 256),
         'cisco-ios', 'Cisco', 'WS-C2960X-48FPD-L', printf('FOC%08d', i), 'IOS', '15.2(4)M11',
         'ssh', 1767225600, 1767225600 + $nscan * 86400 FROM d;
CREATE TEMP TABLE tpl(t TEXT);
INSERT INTO tpl VALUES ('version 15.2
service timestamps debug datetime msec
service timestamps log datetime msec
service password-encryption
hostname HOST
!
boot-start-marker
boot-end-marker
!
enable secret 9 \$9\$REDACTED
username admin privilege 15 secret 9 \$9\$REDACTED
aaa new-model
aaa authentication login default group tacacs+ local
aaa authorization exec default group tacacs+ local
!
ip domain-name bench.example
ip ssh version 2
ip ssh time-out 60
!
interface GigabitEthernet1/0/1
 description uplink
 switchport mode trunk
!
interface GigabitEthernet1/0/2
 switchport access vlan 10
 spanning-tree portfast
!
interface Vlan1
 ip address ADDR 255.255.0.0
!
ntp server 10.0.0.1
logging host 10.0.0.2
snmp-server community <redacted> RO
banner motd ^C authorised access only ^C
line vty 0 4
 transport input ssh
 exec-timeout 10 0
!
! revision REV
end
');
CREATE TEMP TABLE snaps AS
  WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $nscan),
                 d(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM d WHERE i < $ndev)
  SELECT (s.i - 1) * $ndev + d.i AS id, d.i AS dev, s.i AS scan,
         -- the config revision: changes on 5% of devices per scan
         (SELECT count(*) FROM s s2 WHERE s2.i <= s.i AND (d.i * 31 + s2.i * 17) % 20 = 0) AS rev
  FROM s, d;
INSERT INTO snapshots (id, device_id, scan_id, taken, source, address, matched_on)
  SELECT id, dev, scan, 1767225600 + scan * 86400 + dev % 900, 'ssh',
         printf('10.%d.%d.%d', dev / 65536, (dev / 256) % 256, dev % 256), 'serial' FROM snaps;
CREATE TEMP TABLE confs AS
  SELECT DISTINCT dev, rev, replace(replace(replace((SELECT t FROM tpl), 'HOST',
         printf('sw-%05d', dev)), 'ADDR', printf('10.%d.%d.%d', dev / 65536, (dev / 256) % 256,
         dev % 256)), 'REV', rev) AS content FROM snaps;
ALTER TABLE confs ADD COLUMN sha TEXT;
UPDATE confs SET sha = lower(hex(sha3(content, 256)));
CREATE INDEX confs_k ON confs(dev, rev);
INSERT INTO artifacts (sha256, size, content, first_stored)
  SELECT sha, length(content), content, 1767225600 FROM confs;
INSERT INTO snapshot_artifacts (snapshot_id, name, sha256)
  SELECT s.id, 'running-config', c.sha FROM snaps s JOIN confs c ON c.dev = s.dev AND c.rev = s.rev;
INSERT INTO facts (snapshot_id, seq, key, value)
  SELECT id, 1, 'os.version', '15.2(4)M11' FROM snaps UNION ALL
  SELECT id, 2, 'hw.serial', printf('FOC%08d', dev) FROM snaps UNION ALL
  SELECT id, 3, 'device.platform', 'cisco-ios' FROM snaps UNION ALL
  SELECT id, 4, 'sys.name', printf('sw-%05d.bench', dev) FROM snaps UNION ALL
  SELECT id, 5, 'config.revision', rev FROM snaps UNION ALL
  SELECT id, 6, 'sys.uptime', scan * 86400 FROM snaps UNION ALL
  SELECT id, 7, 'hw.vendor', 'Cisco' FROM snaps UNION ALL
  SELECT id, 8, 'hw.model', 'WS-C2960X-48FPD-L' FROM snaps UNION ALL
  SELECT id, 9, 'os.name', 'IOS' FROM snaps;
INSERT INTO policies (id, policy_id, version, sha256, title, loaded)
  VALUES (1, 'cisco-ios', '1.0.0', printf('%064d', 0), 'Cisco IOS baseline', 1767225600);
WITH RECURSIVE r(k, sev) AS (SELECT 1, 'high' UNION ALL SELECT k + 1,
    CASE (k + 1) % 4 WHEN 0 THEN 'critical' WHEN 1 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END
    FROM r WHERE k < 12)
INSERT INTO rule_results (snapshot_id, policy, rule_id, status, severity, evidence, evaluated)
  SELECT s.id, 1, printf('ios-rule-%02d', r.k),
         CASE WHEN (s.dev * 7 + r.k * 3 + s.scan * (s.dev % 100 = 0)) % 13 = 0 THEN 'fail' ELSE 'pass' END,
         r.sev, printf('line %d of running-config matches /^ip ssh version 2$/', r.k),
         1767225600 + s.scan * 86400 + 950
  FROM snaps s, r;
COMMIT;
SQL
[ $? = 0 ] || { echo "bench/report: generating the store failed"; exit 1; }
t1=$(date +%s.%N)
echo "store: $ndev devices x $nscan scans, $(sqlite3 "$db" 'SELECT count(*) FROM snapshots') snapshots," \
    "$(sqlite3 "$db" 'SELECT count(*) FROM rule_results') verdicts, $(du -m "$db" | cut -f1) MB," \
    "generated in $(echo "$t1 - $t0" | bc) s"

med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {  # label, output file, command...
    local label=$1 outf=$2 i; shift 2
    : > "$w/times"
    for ((i = 0; i < rounds; i++)); do
        /usr/bin/time -f '%e %M' -o "$w/t1" "$@" > "$outf" 2>/dev/null
        tail -1 "$w/t1" >> "$w/times"	# after "Command exited with non-zero status 2"
    done
    printf '| %s | %s s | %s MiB | %s |\n' "$label" "$(cut -d' ' -f1 "$w/times" | med)" \
        "$(cut -d' ' -f2 "$w/times" | med | awk '{printf "%.1f", $1 / 1024}')" \
        "$(du -h "$outf" | cut -f1)"
}
echo
echo "| what (median of $rounds) | wall | peak RSS | output |"
echo "| --- | --- | --- | --- |"
measure "drift, whole fleet, JSON with diffs" "$w/drift.json" "$NETLOOM" --db "$db" drift --json
measure "drift, whole fleet, text" "$w/drift.txt" "$NETLOOM" --db "$db" drift
measure "report --format html" "$w/r.html" "$NETLOOM" --db "$db" report --format html
measure "report --format json" "$w/r.json" "$NETLOOM" --db "$db" report --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("drift: %d changed devices, %d regressions, %d fixes" % (len(d["devices"]), d["summary"]["regressions"], d["summary"]["fixes"]))' "$w/drift.json"
if command -v chromium >/dev/null 2>&1; then
    s=$(date +%s.%N)
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --user-data-dir="$w/chrome" \
        --dump-dom "file://$w/r.html" 2>/dev/null | grep -c '<tr>' > "$w/rows"
    e=$(date +%s.%N)
    echo "HTML in headless Chromium: loaded, scripts run and DOM dumped in $(echo "$e - $s" | bc) s" \
        "($(cat "$w/rows") table rows)"
fi
[ -n "${NETLOOM_BENCH_KEEP:-}" ] && cp "$db" "$NETLOOM_BENCH_KEEP/"
exit 0

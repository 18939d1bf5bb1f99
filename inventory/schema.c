#include "inventory/schema.h"

#include <stddef.h>

/* Never edit a migration that has shipped: append a new one. See docs/store.md. */
static const char *const migrations[] = {
	/* 0 -> 1: the CMDB and asset register model of ARCHITECTURE.md. */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);"

	"CREATE TABLE scans ("
	"  id INTEGER PRIMARY KEY,"
	"  started INTEGER NOT NULL,"
	"  finished INTEGER,"
	"  state TEXT NOT NULL CHECK (state IN ('running','complete','interrupted','failed')),"
	"  targets TEXT NOT NULL DEFAULT '',"
	"  collector TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  pid INTEGER,"
	"  pid_start INTEGER,"
	"  boot_id TEXT);"

	"CREATE TABLE devices ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT,"
	"  address TEXT,"
	"  platform TEXT,"
	"  vendor TEXT,"
	"  model TEXT,"
	"  serial TEXT,"
	"  os_name TEXT,"
	"  os_version TEXT,"
	"  engine_id TEXT,"
	"  ssh_hostkey TEXT,"
	"  sysobjectid TEXT,"
	"  found_by TEXT NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL);"
	"CREATE INDEX devices_serial ON devices(serial);"
	"CREATE INDEX devices_engine_id ON devices(engine_id);"
	"CREATE INDEX devices_ssh_hostkey ON devices(ssh_hostkey);"
	"CREATE INDEX devices_name ON devices(name);"

	"CREATE TABLE device_addresses ("
	"  device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
	"  address TEXT NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL,"
	"  PRIMARY KEY (device_id, address));"
	"CREATE INDEX device_addresses_address ON device_addresses(address);"

	"CREATE TABLE device_macs ("
	"  device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
	"  mac TEXT NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL,"
	"  PRIMARY KEY (device_id, mac));"
	"CREATE INDEX device_macs_mac ON device_macs(mac);"

	"CREATE TABLE snapshots ("
	"  id INTEGER PRIMARY KEY,"
	"  device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
	"  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
	"  taken INTEGER NOT NULL,"
	"  source TEXT NOT NULL,"
	"  address TEXT,"
	"  matched_on TEXT NOT NULL);"
	"CREATE INDEX snapshots_device ON snapshots(device_id, taken);"
	"CREATE INDEX snapshots_scan ON snapshots(scan_id);"

	"CREATE TABLE artifacts ("
	"  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),"
	"  size INTEGER NOT NULL,"
	"  content TEXT NOT NULL,"
	"  first_stored INTEGER NOT NULL);"

	"CREATE TABLE snapshot_artifacts ("
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL REFERENCES artifacts(sha256),"
	"  PRIMARY KEY (snapshot_id, name));"
	"CREATE INDEX snapshot_artifacts_sha ON snapshot_artifacts(sha256);"

	"CREATE TABLE facts ("
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  key TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (snapshot_id, seq));"
	"CREATE INDEX facts_key ON facts(key, snapshot_id);"

	"CREATE TABLE interfaces ("
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,"
	"  device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
	"  ifindex INTEGER,"
	"  name TEXT,"
	"  mac TEXT,"
	"  admin TEXT,"
	"  oper TEXT,"
	"  speed INTEGER,"
	"  addresses TEXT);"
	"CREATE INDEX interfaces_snapshot ON interfaces(snapshot_id);"

	"CREATE TABLE relations ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"
	"  src_device INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
	"  dst_device INTEGER REFERENCES devices(id) ON DELETE SET NULL,"
	"  src_port TEXT,"
	"  dst_name TEXT,"
	"  dst_port TEXT,"
	"  dst_address TEXT,"
	"  dst_chassis TEXT,"
	"  snapshot_id INTEGER REFERENCES snapshots(id) ON DELETE CASCADE,"
	"  first_seen INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL);"
	"CREATE INDEX relations_src ON relations(src_device);"
	"CREATE INDEX relations_dst ON relations(dst_device);"

	"CREATE TABLE policies ("
	"  id INTEGER PRIMARY KEY,"
	"  policy_id TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  title TEXT,"
	"  loaded INTEGER NOT NULL,"
	"  UNIQUE (policy_id, version, sha256));"

	"CREATE TABLE rule_results ("
	"  id INTEGER PRIMARY KEY,"
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,"
	"  policy INTEGER NOT NULL REFERENCES policies(id),"
	"  rule_id TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN"
	"    ('pass','fail','error','notapplicable','waived')),"
	"  severity TEXT,"
	"  evidence TEXT,"
	"  evaluated INTEGER NOT NULL);"
	"CREATE INDEX rule_results_snapshot ON rule_results(snapshot_id);"

	"CREATE TABLE assets ("
	"  id INTEGER PRIMARY KEY,"
	"  tag TEXT NOT NULL UNIQUE,"
	"  serial TEXT,"
	"  hostname TEXT,"
	"  model TEXT,"
	"  manufacturer TEXT,"
	"  category TEXT,"
	"  owner TEXT,"
	"  department TEXT,"
	"  cost_centre TEXT,"
	"  location TEXT,"
	"  purchase_date TEXT,"
	"  purchase_cost TEXT,"
	"  warranty_end TEXT,"
	"  support_end TEXT,"
	"  state TEXT NOT NULL DEFAULT 'deployed' CHECK (state IN ('ordered','in stock',"
	"    'deployed','in repair','retired','disposed','lost')),"
	"  notes TEXT,"
	"  custom TEXT,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL);"
	"CREATE INDEX assets_serial ON assets(serial);"
	"CREATE INDEX assets_hostname ON assets(hostname);"

	"CREATE TABLE asset_macs ("
	"  asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,"
	"  mac TEXT NOT NULL,"
	"  PRIMARY KEY (asset_id, mac));"

	"CREATE TABLE asset_history ("
	"  id INTEGER PRIMARY KEY,"
	"  asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  source TEXT NOT NULL,"
	"  field TEXT NOT NULL,"
	"  old_value TEXT,"
	"  new_value TEXT);"

	"CREATE TABLE asset_links ("
	"  asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,"
	"  device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
	"  matched_on TEXT NOT NULL,"
	"  confidence TEXT NOT NULL,"
	"  linked INTEGER NOT NULL,"
	"  PRIMARY KEY (asset_id, device_id));",

	/* 1 -> 2 (issue 6, asset register): an asset's address (last-resort reconciliation
	 * key), free custom fields, declared dependencies between assets and devices, and
	 * software licences. */
	"ALTER TABLE assets ADD COLUMN address TEXT;"
	"CREATE INDEX assets_address ON assets(address);"
	"CREATE INDEX asset_macs_mac ON asset_macs(mac);"
	"CREATE INDEX asset_history_asset ON asset_history(asset_id, id);"
	"CREATE INDEX asset_links_device ON asset_links(device_id);"

	"CREATE TABLE asset_custom ("
	"  asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (asset_id, name));"

	"CREATE TABLE asset_depends ("
	"  id INTEGER PRIMARY KEY,"
	"  src_asset INTEGER REFERENCES assets(id) ON DELETE CASCADE,"
	"  src_device INTEGER REFERENCES devices(id) ON DELETE CASCADE,"
	"  dst_asset INTEGER REFERENCES assets(id) ON DELETE CASCADE,"
	"  dst_device INTEGER REFERENCES devices(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL DEFAULT 'depends-on',"
	"  source TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  CHECK ((src_asset IS NULL) <> (src_device IS NULL)),"
	"  CHECK ((dst_asset IS NULL) <> (dst_device IS NULL)));"
	"CREATE UNIQUE INDEX asset_depends_edge ON asset_depends(kind,"
	"  coalesce(src_asset, 0), coalesce(src_device, 0),"
	"  coalesce(dst_asset, 0), coalesce(dst_device, 0));"
	"CREATE INDEX asset_depends_dst_asset ON asset_depends(dst_asset);"
	"CREATE INDEX asset_depends_dst_device ON asset_depends(dst_device);",

	/* 2 -> 3: golden pins (audit/drift.c): the snapshot a device's drift is measured
	 * against until the pin moves; one per device and snapshot source. */
	"CREATE TABLE golden_pins ("
	"  device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
	"  source TEXT NOT NULL,"
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,"
	"  pinned INTEGER NOT NULL,"
	"  PRIMARY KEY (device_id, source));",

	/* 3 -> 4 (issue 6, software and licences): licences are assets too, matched to the
	 * installed software of each device's latest snapshots by a product pattern. The
	 * product key is never stored (it is a secret). */
	"CREATE TABLE licences ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  pattern TEXT,"
	"  vendor TEXT,"
	"  seats INTEGER,"
	"  assignee TEXT,"
	"  email TEXT,"
	"  department TEXT,"
	"  purchase_date TEXT,"
	"  purchase_cost TEXT,"
	"  expires TEXT,"
	"  terminates TEXT,"
	"  notes TEXT,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL);"
	"CREATE INDEX licences_assignee ON licences(assignee COLLATE NOCASE);"
	"CREATE TABLE licence_history ("
	"  id INTEGER PRIMARY KEY,"
	"  licence_id INTEGER NOT NULL REFERENCES licences(id) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  source TEXT NOT NULL,"
	"  field TEXT NOT NULL,"
	"  old_value TEXT,"
	"  new_value TEXT);"
	"CREATE INDEX licence_history_licence ON licence_history(licence_id, id);",

	/* 4 -> 5 (issue 7, evidence): each audit run, with the exact policy and waiver files
	 * it used (their text is stored in artifacts by SHA-256), and the run behind each
	 * verdict. */
	"CREATE TABLE audit_runs ("
	"  id INTEGER PRIMARY KEY,"
	"  started INTEGER NOT NULL,"
	"  collector TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  waivers_name TEXT,"
	"  waivers_sha256 TEXT REFERENCES artifacts(sha256),"
	"  params TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE audit_run_policies ("
	"  run_id INTEGER NOT NULL REFERENCES audit_runs(id) ON DELETE CASCADE,"
	"  policy INTEGER NOT NULL REFERENCES policies(id),"
	"  name TEXT NOT NULL,"
	"  PRIMARY KEY (run_id, policy));"
	"ALTER TABLE rule_results ADD COLUMN audit_run INTEGER REFERENCES audit_runs(id);"
	"CREATE INDEX rule_results_audit_run ON rule_results(audit_run);",

	/* 5 -> 6: the previous snapshot of a device from one source (drift, reports) is one
	 * index lookup instead of a scan and sort of every snapshot of the device. */
	"CREATE INDEX snapshots_device_source ON snapshots(device_id, source, id);",

	/* 6 -> 7 (issue 7, reports): the asset register as each scan's reports show it,
	 * frozen by the audit of the scan (or its first report), so that a past audit
	 * renders again byte for byte after the register changed (inventory/scanreg.c). */
	"CREATE TABLE scan_registers ("
	"  scan_id INTEGER PRIMARY KEY REFERENCES scans(id) ON DELETE CASCADE,"
	"  frozen INTEGER NOT NULL,"
	"  assets INTEGER NOT NULL);"
	"CREATE TABLE scan_assets ("
	"  scan_id INTEGER NOT NULL REFERENCES scan_registers(scan_id) ON DELETE CASCADE,"
	"  device_id INTEGER NOT NULL,"
	"  tag TEXT NOT NULL,"
	"  owner TEXT,"
	"  department TEXT,"
	"  location TEXT,"
	"  cost TEXT,"
	"  warranty_end TEXT,"
	"  support_end TEXT,"
	"  state TEXT NOT NULL,"
	"  matched_on TEXT NOT NULL,"
	"  confidence TEXT NOT NULL,"
	"  links INTEGER NOT NULL,"
	"  PRIMARY KEY (scan_id, device_id));"
	"CREATE TABLE scan_findings ("
	"  scan_id INTEGER NOT NULL REFERENCES scan_registers(scan_id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  tag TEXT,"
	"  device_id INTEGER,"
	"  device TEXT,"
	"  detail TEXT NOT NULL,"
	"  owner TEXT,"
	"  department TEXT,"
	"  PRIMARY KEY (scan_id, seq));",

	/* 7 -> 8: facts are read by snapshot (every query names snapshot_id, with or without
	 * keys); an index led by key put each fact of a new snapshot on a different page of a
	 * tree that grows with the fleet: a Linux host's ~1,000 facts dirtied ~1,000 pages per
	 * commit. Led by snapshot_id, a snapshot's facts go to the end of the index. */
	"DROP INDEX facts_key;"
	"CREATE INDEX facts_snapshot_key ON facts(snapshot_id, key);",
};

int
schema_latest(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

const char *
schema_migration(int from_version)
{
	if (from_version < 0 || from_version >= schema_latest())
		return NULL;
	return migrations[from_version];
}

/* test_parse: every `show version` of the corpus through its parser (version, model, serial,
 * host name, read from the files by hand), every corpus file is covered, Linux parsers on
 * crafted outputs, and hostile input (binary, huge lines, loops in lsblk parents). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/snapshot.h"
#include "scanner/parse_facts.h"
#include "tests/unit/corpus.h"

struct sv_case {
	const char	*file, *parser, *version, *model, *serial, *name;
};

/* Expected values read from each file (the parser's job is to find them). */
static const struct sv_case cases[] = {
	{ "napalm-ios-normal-show_version.txt", "ios-version", "15.0(2)SE4", "WS-C2960G-8TC-L", "FOC1308V5NB", "NS2903-ASW-01" },
	{ "napalm-ios-old-2950-show_version.txt", "ios-version", "12.1(22)EA13", "WS-C2950T-48-SI", "FHK0922W0JC", "c2950" },
	{ "ntc-cisco_ios_show_version.raw", "ios-version", "12.2(54)SG1", "WS-C4948E", "CAT1451S15C", "router1" },
	{ "ntc-cisco_ios_show_version1.raw", "ios-version", "03.06.05E", "WS-C3850-48U", "FOC11111111", "city-building-4-sw" },
	{ "ntc-cisco_ios_show_version2.raw", "ios-version", "15.3(2)S1", "ASR1001", "SSI1289001MH", "my_device" },
	{ "ntc-cisco_ios_show_version3.raw", "ios-version", "15.8(3)M2", "IOSv", "991UCMIHG4UAJ1J010CQG", "rtr-01" },
	{ "ntc-cisco_ios_show_version4.raw", "ios-version", "16.09.03", "C9500-40X", "FCW2233FFG3", "AKBTESTW01" },
	{ "ntc-cisco_ios_show_version_01.raw", "ios-version", "12.4(6)T2", "1801", "FHK102KKKKK", "stud-adsl" },
	{ "napalm-nxos-7009_6_2_14-show_version.txt", "nxos-version", "6.2(14)", "Nexus7000 C7009 (9 Slot)", "JAF1602BKEN", "EGGS-SW01" },
	{ "napalm-nxos-N93180-show_version.txt", "nxos-version", "7.0(3)I7(2)", "Nexus9000 93180YC-EX", "FDO21270U84", "SWITCHNAME" },
	{ "napalm-nxos-issue2151-show_version.txt", "nxos-version", "10.3(5)", "Nexus 3048", "TM6012EC74B", "SWITCH_NXOSv" },
	{ "napalm-nxos-normal-show_version.txt", "nxos-version", "7.3(1)D1(1)", "NX-OSv", "TM6012EC74B", "nxos1" },
	{ "ntc-cisco_nxos_show_version.raw", "nxos-version", "6.1(2)I3(1)", "Nexus9000 C9396PX", "SAL1819S6LU", "N9K1" },
	{ "ntc-cisco_nxos_show_version1.raw", "nxos-version", "14.0(1h)", "N9K-C9396PX", "SAL1909A8CT", "Leaf-101" },
	{ "ntc-cisco_nxos_show_version2.raw", "nxos-version", "7.1(4)N1(1)", "Nexus 5596", "FOC17153X08", "IEDP02-N5K-SW01" },
	{ "ntc-cisco_nxos_show_version3.raw", "nxos-version", "5.2(1)N1(4)", "Nexus5548", "FOC171737PL", "DC2TESTSW01-55" },
	{ "ntc-cisco_nxos_show_version5.raw", "nxos-version", "10.4(5)", "Nexus9000 C93180YC-FX3", "FLM27400B3D", "N9K-LAB-15" },
	{ "ntc-cisco_nxos_show_version7.raw", "nxos-version", "9.3(15)", "Nexus3000 C3232C", "FOC21261DQD", "N3K-LAB-19" },
	{ "ntc-arista_eos_show_version.raw", "eos-version", "4.14.7M", "vEOS", NULL, NULL },
	{ "ntc-arista_eos_show_version3.raw", "eos-version", "4.28.9M", "DCS-7010T-48-R", "JPE18523609", NULL },
	{ "ntc-arista_eos_show_version_ceos.raw", "eos-version", "4.31.6M-39953990.4316M", "cEOSLab", "35BA12C16E793CAD48DE0EEC072CFD74", NULL },
	{ "ntc-juniper_junos_show_version.raw", "junos-version", "13.3R1.4", "mx240", NULL, "lab" },
	{ "ntc-juniper_junos_show_version_ex.raw", "junos-version", "13.2X51-D35.3", "ex4550-32f", NULL, "lab" },
	{ "ntc-juniper_junos_show_version_qfx5100.raw", "junos-version", "21.4R3-S3.4", "qfx5100-48t-6q", NULL, "asxx.xx.xx" },
	{ "ntc-juniper_junos_show_version_srx_cluster.raw", "junos-version", "19.4R3-S1.3", "srx1500", NULL, "lab" },
	{ "ntc-juniper_junos_show_version_vmhost.raw", "junos-version", "21.1X3.3", "nfx250_att_s1_10_t", NULL, "MyRouter" },
};

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;

	assert_non_null(f);
	b = malloc(4u << 20);
	assert_non_null(b);
	*len = fread(b, 1, (4u << 20) - 1, f);
	b[*len] = '\0';
	fclose(f);
	return b;
}

static struct snapshot *
run(const char *parser, const char *text, size_t len)
{
	struct snapshot *s = snapshot_new("ssh", "127.0.0.1");
	parse_fn fn = parse_find(parser);

	assert_non_null(s);
	assert_non_null(fn);
	assert_int_equal(fn(s, text, len), 0);
	return s;
}

static void
expect_fact(const struct snapshot *s, const char *file, const char *key, const char *want)
{
	const char *got = snapshot_fact(s, key);

	if (want == NULL && got == NULL)
		return;
	if (want == NULL || got == NULL || strcmp(want, got) != 0) {
		fprintf(stderr, "# %s: %s = '%s', want '%s'\n", file, key, got ? got : "(none)",
		    want ? want : "(none)");
		fail();
	}
}

static void
test_show_version_corpus(void **state)
{
	char path[4096];
	struct dirent *e;
	size_t i, len, seen = 0;
	DIR *d;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct snapshot *s;
		char *text;

		snprintf(path, sizeof path, "%s/show-version/%s", corpus_dir(),
		    cases[i].file);
		text = slurp(path, &len);
		s = run(cases[i].parser, text, len);
		expect_fact(s, cases[i].file, "os.version", cases[i].version);
		expect_fact(s, cases[i].file, "hw.model", cases[i].model);
		expect_fact(s, cases[i].file, "hw.serial", cases[i].serial);
		expect_fact(s, cases[i].file, "sys.name", cases[i].name);
		assert_non_null(snapshot_fact(s, "os.name"));
		assert_non_null(snapshot_fact(s, "hw.vendor"));
		snapshot_free(&s);
		free(text);
	}
	/* Every show-version file of the corpus has a case: a new one cannot slip through. */
	snprintf(path, sizeof path, "%s/show-version", corpus_dir());
	d = opendir(path);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
			if (strcmp(cases[i].file, e->d_name) == 0)
				break;
		if (i == sizeof cases / sizeof cases[0]) {
			fprintf(stderr, "# corpus file without a case: %s\n", e->d_name);
			fail();
		}
		seen++;
	}
	closedir(d);
	assert_int_equal(seen, sizeof cases / sizeof cases[0]);
}

static void
test_ios_inventory(void **state)
{
	static const char inv[] =
	    "NAME: \"1\", DESCR: \"WS-C2960G-8TC-L\"\r\n"
	    "PID: WS-C2960G-8TC-L  , VID: V01  , SN: FOC1308V5NB\r\n\r\n"
	    "NAME: \"Power Supply 1\", DESCR: \"PSU\"\r\nPID: PWR-1  , VID: V02  , SN: LIT1\r\n";
	struct snapshot *s = run("ios-inventory", inv, sizeof inv - 1);

	(void)state;
	assert_string_equal(snapshot_fact(s, "hw.model"), "WS-C2960G-8TC-L");
	assert_string_equal(snapshot_fact(s, "hw.serial"), "FOC1308V5NB");
	snapshot_free(&s);
}

/* Disk encryption where lsblk alone is ambiguous: a dm device lsblk types "dm" (dm-crypt set
 * up without a CRYPT- uuid) under /, LVM on a CRYPT- uuid, and what dmsetup could not say. */
static struct snapshot *
blk_run(const char *text)
{
	return run("lsblk", text, strlen(text));
}

static void
test_dmcrypt(void **state)
{
	static const char base[] =
	    "NAME=\"vda\" TYPE=\"disk\" FSTYPE=\"\" PKNAME=\"\" MOUNTPOINT=\"\"\n"
	    "NAME=\"vda1\" TYPE=\"part\" FSTYPE=\"ext4\" PKNAME=\"vda\" MOUNTPOINT=\"/boot\"\n"
	    "NAME=\"vda2\" TYPE=\"part\" FSTYPE=\"\" PKNAME=\"vda\" MOUNTPOINT=\"\"\n"
	    "NAME=\"secret\" TYPE=\"dm\" FSTYPE=\"ext4\" PKNAME=\"vda2\" MOUNTPOINT=\"/\"\n"
	    "dm: secret uuid=\n";
	char buf[2048];
	struct snapshot *s;

	(void)state;
	/* lsblk alone: / sits on an untyped dm device; without dmsetup nobody can tell. */
	s = blk_run(base);
	assert_null(snapshot_fact(s, "disk.encrypted"));
	assert_string_equal(snapshot_fact(s, "disk.unknown_mounts"), "/");
	snapshot_free(&s);
	snprintf(buf, sizeof buf, "%sdmsetup: unavailable\n", base);
	s = blk_run(buf);
	assert_null(snapshot_fact(s, "disk.encrypted"));
	snapshot_free(&s);
	/* dmsetup lists it as a crypt target: encrypted; cryptsetup status details kept. */
	snprintf(buf, sizeof buf, "%sdmsetup: ok\ncrypt-target: secret\n"
	    "cryptsetup: secret type=PLAIN\ncryptsetup: secret cipher=aes-cbc-essiv:sha256\n"
	    "cryptsetup: secret keysize=256 bits\n", base);
	s = blk_run(buf);
	assert_string_equal(snapshot_fact(s, "disk.encrypted"), "1");
	assert_string_equal(snapshot_fact(s, "disk.luks_mounts"), "/");
	assert_string_equal(snapshot_fact(s, "disk.crypt.secret"),
	    "type=PLAIN cipher=aes-cbc-essiv:sha256 keysize=256 bits");
	assert_null(snapshot_fact(s, "disk.unknown_mounts"));
	snapshot_free(&s);
	/* dmsetup answered and does not list it: a plain (e.g. linear) mapping. */
	snprintf(buf, sizeof buf, "%sdmsetup: ok\n", base);
	s = blk_run(buf);
	assert_string_equal(snapshot_fact(s, "disk.encrypted"), "0");
	assert_string_equal(snapshot_fact(s, "disk.plain_mounts"), "/boot /");
	snapshot_free(&s);
	/* An untyped lsblk (old util-linux, no udev) over a CRYPT- uuid in sysfs, LVM above. */
	s = blk_run("NAME=\"sda2\" TYPE=\"part\" FSTYPE=\"\" PKNAME=\"sda\" MOUNTPOINT=\"\"\n"
	    "NAME=\"luks-1\" TYPE=\"\" FSTYPE=\"\" PKNAME=\"sda2\" MOUNTPOINT=\"\"\n"
	    "NAME=\"vg-root\" TYPE=\"lvm\" FSTYPE=\"xfs\" PKNAME=\"luks-1\" MOUNTPOINT=\"/\"\n"
	    "dm: luks-1 uuid=CRYPT-LUKS2-0123456789abcdef-luks-1\n"
	    "dm: vg-root uuid=LVM-abcdef\ndmsetup: unavailable\n");
	assert_string_equal(snapshot_fact(s, "disk.encrypted"), "1");
	snapshot_free(&s);
	/* One plain filesystem settles "not encrypted" even when another is unknown. */
	snprintf(buf, sizeof buf, "%sNAME=\"vdb\" TYPE=\"disk\" FSTYPE=\"ext4\" PKNAME=\"\" "
	    "MOUNTPOINT=\"/srv\"\n", base);
	s = blk_run(buf);
	assert_string_equal(snapshot_fact(s, "disk.encrypted"), "0");
	assert_string_equal(snapshot_fact(s, "disk.unknown_mounts"), "/");
	snapshot_free(&s);
	/* A hostile mapper name cannot make a strange fact key. */
	s = blk_run("cryptsetup: a/b\x01" "c type=LUKS1\n");
	assert_string_equal(snapshot_fact(s, "disk.crypt.a_b_c"), "type=LUKS1");
	snapshot_free(&s);
}

/* Junos show chassis hardware in the layout Junos prints (header columns, blank Version and
 * Part number on the Chassis line), a shifted serial, and no header at all. */
static void
test_junos_chassis(void **state)
{
	static const char mx[] =
	    "Hardware inventory:\r\n"
	    "Item             Version  Part number  Serial number     Description\r\n"
	    "Chassis                                JN11D4F5CAFA      MX960\r\n"
	    "Midplane         REV 03   710-013698   ACAX1234          MX960 Backplane\r\n"
	    "Routing Engine 0 REV 07   740-013063   1000745244        RE-S-2000\r\n";
	static const char shifted[] =
	    "Item             Version  Part number  Serial number     Description\n"
	    "FPC 0            REV 01   650-044931   XX0000000001      EX4550-32F\n"
	    "Chassis                             CW0210230073         EX4550-32F\n";
	static const char bare[] = "Chassis   ABC123   SRX345\n";
	static const char none[] = "error: command is not valid on the qfx5100\n";
	struct snapshot *s;

	(void)state;
	s = run("junos-chassis", mx, sizeof mx - 1);
	assert_string_equal(snapshot_fact(s, "hw.serial"), "JN11D4F5CAFA");
	assert_string_equal(snapshot_fact(s, "hw.model"), "MX960");
	snapshot_free(&s);
	/* show version ran first: its model is kept. */
	s = snapshot_new("ssh", "127.0.0.1");
	assert_non_null(s);
	assert_int_equal(snapshot_set_fact(s, "hw.model", "ex4550-32f"), 0);
	assert_int_equal(parse_find("junos-chassis")(s, shifted, sizeof shifted - 1), 0);
	assert_string_equal(snapshot_fact(s, "hw.serial"), "CW0210230073");
	assert_string_equal(snapshot_fact(s, "hw.model"), "ex4550-32f");
	snapshot_free(&s);
	s = run("junos-chassis", bare, sizeof bare - 1);
	assert_string_equal(snapshot_fact(s, "hw.serial"), "ABC123");
	assert_string_equal(snapshot_fact(s, "hw.model"), "SRX345");
	snapshot_free(&s);
	s = run("junos-chassis", none, sizeof none - 1);
	assert_null(snapshot_fact(s, "hw.serial"));
	snapshot_free(&s);
}

static void
test_linux(void **state)
{
	static const char osr[] = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
	    "VERSION_ID=\"12\"\nID=debian\n";
	static const char pk[] = "bash\t5.2.15-2+b7\nopenssl\t3.0.11-1~deb12u2\nnot a package line\n";
	static const char sshd[] = "port 22\nport 2222\npermitrootlogin without-password\n"
	    "ciphers aes128-ctr,aes256-gcm@openssh.com\nkexalgorithms curve25519-sha256\n"
	    "Bad Line here\n";
	static const char blk[] =
	    "NAME=\"sda\" TYPE=\"disk\" FSTYPE=\"\" PKNAME=\"\" MOUNTPOINT=\"\"\n"
	    "NAME=\"sda1\" TYPE=\"part\" FSTYPE=\"vfat\" PKNAME=\"sda\" MOUNTPOINT=\"/boot/efi\"\n"
	    "NAME=\"sda2\" TYPE=\"part\" FSTYPE=\"crypto_LUKS\" PKNAME=\"sda\" MOUNTPOINT=\"\"\n"
	    "NAME=\"root\" TYPE=\"crypt\" FSTYPE=\"ext4\" PKNAME=\"sda2\" MOUNTPOINT=\"/\"\n"
	    "NAME=\"sdb1\" TYPE=\"part\" FSTYPE=\"ext4\" PKNAME=\"sdb\" MOUNTPOINT=\"/data\"\n"
	    "NAME=\"loop\" TYPE=\"part\" FSTYPE=\"ext4\" PKNAME=\"loop\" MOUNTPOINT=\"/l\"\n";
	static const char pw[] = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/usr/sbin/nologin\n"
	    "toor:x:0:0::/:/bin/sh\nbroken line\n";
	static const char upd[] = "tool: apt\nInst bash [1] (2 Debian:12/stable [amd64])\n"
	    "Inst libssl3 [1] (2 Debian-Security:12/stable-security [amd64])\n";
	/* apt list --upgradable: held-back packages count; the suite, not the version, says security. */
	static const char upd_list[] = "tool: apt\nListing...\n"
	    "bash/oldstable 5.2.15-2+b13 amd64 [upgradable from: 5.2.15-2+b8]\n"
	    "libgcrypt20/oldstable,oldstable-security 1.10.1-3+deb12u1 amd64 [upgradable from: 1.10.1-3]\n"
	    "openssl/jammy-security 3.0.2-0ubuntu1.18 amd64 [upgradable from: 3.0.2-0ubuntu1.15]\n"
	    "evil-security/stable 1 amd64 [upgradable from: 0]\n"
	    "/x-security 1 amd64 [upgradable from: 0]\n"
	    "nosuite 1-security amd64 [upgradable from: 0]\n";
	static const char host[] = "hostname: web01.example.net\nvendor: HPE\n"
	    "model: ProLiant DL360 Gen10\nserial: CZJ93701LX\n";
	static const char svc[] = "ssh.service enabled enabled\nnftables.service enabled enabled\n"
	    "telnet.socket enabled enabled\ndnf-automatic-install.timer enabled disabled\n"
	    "getty@.service enabled enabled\nremote-fs.target enabled enabled\n"
	    /* is-enabled lines: only "enabled" counts. */
	    "sshd.service alias\nctrl-alt-del.target masked\nrsh.socket masked\n"
	    "cups.service enabled-runtime\nfinger.socket disabled\nx.service\n"
	    "chrony.service    enabled\n";
	struct snapshot *s = snapshot_new("ssh", "127.0.0.1");

	(void)state;
	assert_int_equal(parse_find("os-release")(s, osr, sizeof osr - 1), 0);
	assert_int_equal(parse_find("packages")(s, pk, sizeof pk - 1), 0);
	assert_int_equal(parse_find("sshd-t")(s, sshd, sizeof sshd - 1), 0);
	assert_int_equal(parse_find("lsblk")(s, blk, sizeof blk - 1), 0);
	assert_int_equal(parse_find("passwd")(s, pw, sizeof pw - 1), 0);
	assert_int_equal(parse_find("updates")(s, upd, sizeof upd - 1), 0);
	assert_int_equal(parse_find("host")(s, host, sizeof host - 1), 0);
	assert_string_equal(snapshot_fact(s, FACT_SYSNAME), "web01.example.net");
	assert_string_equal(snapshot_fact(s, FACT_VENDOR), "HPE");
	assert_string_equal(snapshot_fact(s, FACT_MODEL), "ProLiant DL360 Gen10");
	assert_string_equal(snapshot_fact(s, FACT_SERIAL), "CZJ93701LX");
	assert_int_equal(parse_find("services")(s, svc, sizeof svc - 1), 0);
	assert_string_equal(snapshot_fact(s, "os.name"), "Debian GNU/Linux");
	assert_string_equal(snapshot_fact(s, "os.version"), "12");
	assert_string_equal(snapshot_fact(s, "pkg.openssl"), "3.0.11-1~deb12u2");
	assert_string_equal(snapshot_fact(s, "pkg.count"), "2");
	assert_string_equal(snapshot_fact(s, "ssh.port"), "22 2222");
	assert_string_equal(snapshot_fact(s, "ssh.permit_root_login"), "without-password");
	assert_string_equal(snapshot_fact(s, "ssh.kex"), "curve25519-sha256");
	assert_null(snapshot_fact(s, "sshd.Bad"));
	/* / on LUKS, /data and the self-parented /l are not: not fully encrypted. */
	assert_string_equal(snapshot_fact(s, "disk.encrypted"), "0");
	assert_string_equal(snapshot_fact(s, "disk.luks_mounts"), "/");
	assert_string_equal(snapshot_fact(s, "disk.plain_mounts"), "/boot/efi /data /l");
	assert_string_equal(snapshot_fact(s, "user.root"), "uid=0 shell=/bin/bash");
	assert_null(snapshot_fact(s, "user.daemon"));
	assert_string_equal(snapshot_fact(s, "user.uid0"), "root toor");
	assert_string_equal(snapshot_fact(s, "pkg.updates_pending"), "2");
	assert_string_equal(snapshot_fact(s, "pkg.security_updates"), "1");
	assert_string_equal(snapshot_fact(s, "pkg.security_update_list"), "libssl3");
	snapshot_free(&s);
	s = snapshot_new("ssh", "127.0.0.1");
	assert_int_equal(parse_find("updates")(s, upd_list, sizeof upd_list - 1), 0);
	assert_string_equal(snapshot_fact(s, "pkg.update_tool"), "apt");
	assert_string_equal(snapshot_fact(s, "pkg.updates_pending"), "4");
	assert_string_equal(snapshot_fact(s, "pkg.security_updates"), "2");
	assert_string_equal(snapshot_fact(s, "pkg.security_update_list"), "libgcrypt20 openssl");
	assert_int_equal(parse_find("services")(s, svc, sizeof svc - 1), 0);
	/* Services lose ".service"; sockets and timers keep their suffix; targets are skipped. */
	assert_string_equal(snapshot_fact(s, "service.nftables"), "enabled");
	assert_string_equal(snapshot_fact(s, "service.telnet.socket"), "enabled");
	assert_string_equal(snapshot_fact(s, "service.dnf-automatic-install.timer"), "enabled");
	assert_string_equal(snapshot_fact(s, "service.getty@"), "enabled");
	assert_null(snapshot_fact(s, "service.remote-fs.target"));
	assert_null(snapshot_fact(s, "service.sshd"));
	assert_null(snapshot_fact(s, "service.rsh.socket"));
	assert_null(snapshot_fact(s, "service.cups"));
	assert_null(snapshot_fact(s, "service.finger.socket"));
	assert_null(snapshot_fact(s, "service.x"));
	assert_string_equal(snapshot_fact(s, "service.chrony"), "enabled");
	assert_string_equal(snapshot_fact(s, "service.count"), "4");
	snapshot_free(&s);
	/* systemctl list-units --type=service --state=active --no-legend --plain (Debian 12):
	 * the sub-state by service name; other ACTIVE states, other unit types, short and
	 * hostile lines are skipped */
	s = snapshot_new("ssh", "127.0.0.1");
	{
		static const char act[] =
		    "cron.service                 loaded active running Regular background program processing daemon\n"
		    "nftables.service             loaded active exited  nftables\n"
		    "ssh.service\tloaded\tactive\trunning\tOpenBSD Secure Shell server\n"
		    "ufw.service                  loaded failed failed  Uncomplicated firewall\n"
		    "firewalld.service            loaded activating start firewalld\n"
		    "systemd-journald.socket      loaded active running Journal Socket\n"
		    ".service loaded active running empty name\n"
		    "short.service loaded active\n"
		    "   \n"
		    "evil$(x).service loaded active running \x1b[31mred\n";

		assert_int_equal(parse_find("units-active")(s, act, sizeof act - 1), 0);
	}
	assert_string_equal(snapshot_fact(s, "active.cron"), "running");
	assert_string_equal(snapshot_fact(s, "active.nftables"), "exited");
	assert_string_equal(snapshot_fact(s, "active.ssh"), "running");
	assert_null(snapshot_fact(s, "active.ufw"));
	assert_null(snapshot_fact(s, "active.firewalld"));
	assert_null(snapshot_fact(s, "active.systemd-journald.socket"));
	assert_null(snapshot_fact(s, "active.systemd-journald"));
	assert_null(snapshot_fact(s, "active.short"));
	assert_string_equal(snapshot_fact(s, "active.evil__x_"), "running");
	assert_string_equal(snapshot_fact(s, "active.count"), "4");
	snapshot_free(&s);
	/* no systemd (a container): nothing captured, no fact */
	s = snapshot_new("ssh", "127.0.0.1");
	assert_int_equal(parse_find("units-active")(s, "", 0), 0);
	assert_null(snapshot_fact(s, "active.count"));
	snapshot_free(&s);
}

/* Every parser on binary junk, NULs, a long line and an empty text: no crash, no
 * non-printable byte in any fact. */
static void
test_hostile(void **state)
{
	size_t i, j, k, n = 1u << 20;
	char *junk = malloc(n);
	const char *name, *key, *val;

	(void)state;
	assert_non_null(junk);
	srand(7);
	for (i = 0; i < n; i++)
		junk[i] = (char)(i % 997 == 0 ? '\n' : rand() & 0xff);
	memcpy(junk + 100, "Model number : \x01\x7f\xff" "ABC\n", 22);
	memcpy(junk + 300, "NAME=\"a\" TYPE=\"crypt\" PKNAME=\"a\" MOUNTPOINT=\"/\"\n", 49);
	for (i = 0; (name = parse_name_at(i)) != NULL; i++) {
		struct snapshot *s = snapshot_new("ssh", "127.0.0.1");

		assert_int_equal(parse_find(name)(s, junk, n), 0);
		assert_int_equal(parse_find(name)(s, "", 0), 0);
		for (j = 0; j < snapshot_fact_count(s); j++) {
			snapshot_fact_at(s, j, &key, &val);
			for (k = 0; val[k] != '\0'; k++)
				assert_true((unsigned char)val[k] >= 0x20 && (unsigned char)val[k] < 0x7f);
			assert_true(strlen(val) <= PARSE_VALUE_MAX);
			assert_true(strlen(key) <= PARSE_KEY_MAX + 16);
		}
		snapshot_free(&s);
	}
	free(junk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_show_version_corpus),
		cmocka_unit_test(test_ios_inventory),
		cmocka_unit_test(test_junos_chassis),
		cmocka_unit_test(test_dmcrypt),
		cmocka_unit_test(test_linux),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

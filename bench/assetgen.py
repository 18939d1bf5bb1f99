#!/usr/bin/env python3
"""Generates the asset-reconciliation benchmark: N discovered devices written straight
into a netloom store (already created and migrated by `netloom db version`) and an
asset register CSV of N rows (Snipe-IT headers) that names them with realistic noise:
most by serial (some in other case or with blanks), some only by MAC (other notation),
some by hostname (FQDN vs short), some by IP only, a few with the wrong model, a few
retired ones that still answer, registered assets never seen, and devices nobody
registered. Deterministic (seeded)."""
import random
import sqlite3
import sys


def main():
    db, csv_path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rnd = random.Random(6)
    con = sqlite3.connect(db)
    now = 1795867200
    models = ["WS-C2960X-48FPD-L", "DCS-7150S-52-CL-F", "MX960", "ProLiant DL360 Gen10",
              "N5K-C5548UP", "C9300-48P", "EX4300-48T"]
    devs, macs, addrs = [], [], []
    for i in range(1, n + 1):
        serial = "SN%08d" % i
        mac = "02:%02x:%02x:%02x:%02x:%02x" % (i >> 32 & 255, i >> 24 & 255, i >> 16 & 255,
                                               i >> 8 & 255, i & 255)
        addr = "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255)
        name = "host%06d.example.net" % i
        model = models[i % len(models)]
        devs.append((i, name, addr, model, serial, now - rnd.randint(0, 90) * 86400))
        macs.append((i, mac))
        addrs.append((i, addr))
    con.executemany("INSERT INTO devices (id, name, address, model, serial, found_by, "
                    "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, 'snmp', ?, ?)",
                    [(d[0], d[1], d[2], d[3], d[4], d[5], d[5]) for d in devs])
    con.executemany("INSERT INTO device_macs (device_id, mac, first_seen, last_seen) "
                    "VALUES (?, ?, 0, 0)", macs)
    con.executemany("INSERT INTO device_addresses (device_id, address, first_seen, "
                    "last_seen) VALUES (?, ?, 0, 0)", addrs)
    con.commit()
    with open(csv_path, "w", newline="") as f:
        f.write("Asset Tag,Asset Name,Serial,MAC Address,IP Address,Model,Status,"
                "Checked Out To,Department,Warranty Expires\r\n")
        for i in range(1, n + 1):
            d = devs[i - 1]
            r = rnd.random()
            tag = "AT-%07d" % i
            name, serial, mac, ip, model, status = "", "", "", "", d[3], "Deployed"
            if r < 0.70:      # by serial, sometimes lower case or padded
                serial = d[4].lower() if rnd.random() < 0.1 else d[4]
                if rnd.random() < 0.05:
                    serial = " %s " % serial
            elif r < 0.80:    # by MAC, another notation
                mac = macs[i - 1][1].replace(":", "-").upper()
            elif r < 0.87:    # by short hostname
                name = d[1].split(".")[0].upper()
            elif r < 0.90:    # by IP only
                ip = d[2]
            elif r < 0.95:    # never seen: a serial nobody answers with
                serial = "GHOST%07d" % i
            else:             # unregistered device: the asset is something else entirely
                serial = "LAPTOP%07d" % i
                model = "Latitude 7440"
            if rnd.random() < 0.01:
                model = "Wrong Model"
            if rnd.random() < 0.01:
                status = "Archived"
            owner = "Person %d" % (i % 5000)
            dept = ["Network", "IT", "Finance", "Ops"][i % 4]
            warranty = "20%02d-%02d-15" % (rnd.randint(20, 30), rnd.randint(1, 12))
            f.write(",".join([tag, name, serial, mac, ip, '"%s"' % model, status, owner,
                              dept, warranty]) + "\r\n")


if __name__ == "__main__":
    main()

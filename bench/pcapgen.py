#!/usr/bin/env python3
"""Writes capture files for netloom's pcap tests and benchmark (classic pcap format,
microsecond timestamps, LINKTYPE_ETHERNET). No traffic is sent: frames are built here.

  pcapgen.py crafted OUT      every decoded protocol, VLAN/QinQ, and bad frames
  pcapgen.py pcapng OUT       the crafted frames as pcapng
  pcapgen.py corrupt OUT      a valid header, then a record that claims 2 GB
  pcapgen.py garbage OUT      not a capture file at all
  pcapgen.py bench OUT MB     ~MB megabytes of mixed ARP/LLDP/CDP/DHCP/SNMP/Telnet/bulk TCP
"""
import struct
import sys


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def ip4(s):
    return bytes(int(x) for x in s.split("."))


def ip6(s):
    import ipaddress
    return ipaddress.IPv6Address(s).packed


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def eth(dst, src, etype, payload, tags=()):
    h = mac(dst) + mac(src)
    for tpid, vid in tags:
        h += struct.pack("!HH", tpid, vid)
    return h + struct.pack("!H", etype) + payload


def ipv4(src, dst, proto, payload, total=None, ihl=5):
    tl = total if total is not None else 20 + len(payload)
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, tl, 1, 0, 64, proto, 0, ip4(src), ip4(dst))
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def ipv6(src, dst, nh, payload, ext=b""):
    return struct.pack("!IHBB", 0x60000000, len(ext) + len(payload), nh, 64) + ip6(src) + \
        ip6(dst) + ext + payload


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def tcp(sport, dport, payload=b"", flags=0x18, seq=1):
    return struct.pack("!HHIIBBHHH", sport, dport, seq, 1, 5 << 4, flags, 65535, 0, 0) + payload


def arp(op, sha, spa, tha, tpa):
    return struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + mac(sha) + ip4(spa) + mac(tha) + ip4(tpa)


def lldp_tlv(t, v):
    return struct.pack("!H", (t << 9) | len(v)) + v


def lldp(chassis_mac, port, sysname, descr, mgmt):
    b = lldp_tlv(1, b"\x04" + mac(chassis_mac))
    b += lldp_tlv(2, b"\x05" + port.encode())
    b += lldp_tlv(3, struct.pack("!H", 120))
    b += lldp_tlv(5, sysname.encode())
    b += lldp_tlv(6, descr.encode())
    b += lldp_tlv(8, bytes([5, 1]) + ip4(mgmt) + b"\x02" + struct.pack("!I", 1) + b"\x00")
    return b + lldp_tlv(0, b"")


def cdp_tlv(t, v):
    return struct.pack("!HH", t, 4 + len(v)) + v


def cdp_frame(src, devid, addr, port, software, platform):
    addrs = struct.pack("!I", 1) + bytes([1, 1, 0xcc]) + struct.pack("!H", 4) + ip4(addr)
    body = b"\x02\xb4\x00\x00" + cdp_tlv(1, devid.encode()) + cdp_tlv(2, addrs) + \
        cdp_tlv(3, port.encode()) + cdp_tlv(5, software.encode()) + cdp_tlv(6, platform.encode())
    llc = b"\xaa\xaa\x03\x00\x00\x0c\x20\x00" + body
    return mac("01:00:0c:cc:cc:cc") + mac(src) + struct.pack("!H", len(llc)) + llc


def dhcp(op, chaddr, msgtype, yiaddr="0.0.0.0", opts=b""):
    b = struct.pack("!BBBBIHH", op, 1, 6, 0, 0x1234, 0, 0)
    b += ip4("0.0.0.0") + ip4(yiaddr) + ip4("0.0.0.0") + ip4("0.0.0.0")
    b += mac(chaddr) + b"\0" * 10 + b"\0" * 192 + struct.pack("!I", 0x63825363)
    b += bytes([53, 1, msgtype]) + opts + b"\xff"
    return b


def dhcp_opt(code, v):
    return bytes([code, len(v)]) + v


def ber(tag, v):
    n = len(v)
    if n < 128:
        return bytes([tag, n]) + v
    if n < 256:
        return bytes([tag, 0x81, n]) + v
    return bytes([tag, 0x82]) + struct.pack("!H", n) + v


def snmp(version, community, pdu_tag=0xa0):
    oid = ber(0x06, b"\x2b\x06\x01\x02\x01\x01\x05\x00")  # sysName.0
    vb = ber(0x30, ber(0x30, oid + b"\x05\x00"))
    pdu = ber(pdu_tag, ber(0x02, b"\x01") + ber(0x02, b"\x00") + ber(0x02, b"\x00") + vb)
    return ber(0x30, ber(0x02, bytes([version])) + ber(0x04, community) + pdu)


def snmpv3():
    glob = ber(0x30, ber(0x02, b"\x01") + ber(0x02, b"\x05\xdc") + ber(0x04, b"\x04") +
               ber(0x02, b"\x03"))
    return ber(0x30, ber(0x02, b"\x03") + glob + ber(0x04, b"") + ber(0x30, b""))


def mdns_answer(name, addr):
    q = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    rr = q + struct.pack("!HHIH", 1, 0x8001, 120, 4) + ip4(addr)
    return struct.pack("!HHHHHH", 0, 0x8400, 0, 1, 0, 0) + rr


class Writer:
    def __init__(self, path, snaplen=262144):
        self.f = open(path, "wb")
        self.f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, snaplen, 1))
        self.t = 1700000000

    def rec(self, frame, caplen=None, wirelen=None):
        data = frame if caplen is None else frame[:caplen]
        wl = wirelen if wirelen is not None else len(frame)
        self.t += 1
        self.f.write(struct.pack("<IIII", self.t, 0, len(data), wl) + data)

    def close(self):
        self.f.close()


CISCO = "00:19:aa:00:00:02"
ARISTA = "00:1c:73:00:00:01"
APPLE = "3c:22:fb:00:00:03"
VMWARE = "00:50:56:00:00:04"
MGR = "02:00:00:00:00:09"      # locally administered: no vendor
BCAST = "ff:ff:ff:ff:ff:ff"


def crafted_frames():
    """(name, frame, caplen, wirelen) for every case; the tests know what each must give."""
    f = []
    add = lambda n, fr, c=None, w=None: f.append((n, fr, c, w))
    add("arp-request", eth(BCAST, MGR, 0x0806, arp(1, MGR, "198.51.100.9", "00:00:00:00:00:00",
                                                     "198.51.100.1")))
    add("arp-reply", eth(MGR, CISCO, 0x0806, arp(2, CISCO, "198.51.100.1", MGR, "198.51.100.9")))
    add("arp-reply-arista", eth(MGR, ARISTA, 0x0806,
                                arp(2, ARISTA, "198.51.100.4", MGR, "198.51.100.9")))
    add("lldp", eth("01:80:c2:00:00:0e", ARISTA, 0x88cc,
                    lldp("00:1c:73:00:00:00", "Ethernet1", "eos-sw1.lab",
                         "Arista Networks EOS version 4.28.3M", "198.51.100.4")))
    add("cdp", cdp_frame(CISCO, "ios-sw1.lab", "198.51.100.1", "GigabitEthernet1/0/48",
                         "Cisco IOS Software, C2960X Software, Version 15.2(4)M11",
                         "cisco WS-C2960X-48FPD-L"))
    opts = dhcp_opt(12, b"alice-laptop") + dhcp_opt(60, b"MSFT 5.0") + \
        dhcp_opt(61, b"\x01" + mac(APPLE)) + dhcp_opt(50, ip4("198.51.100.50")) + \
        dhcp_opt(54, ip4("198.51.100.2"))
    add("dhcp-request", eth(BCAST, APPLE, 0x0800, ipv4("0.0.0.0", "255.255.255.255", 17,
                                                          udp(68, 67, dhcp(1, APPLE, 3, opts=opts)))))
    add("dhcp-ack", eth(APPLE, VMWARE, 0x0800, ipv4("198.51.100.2", "198.51.100.50", 17,
                                                      udp(67, 68, dhcp(2, APPLE, 5, "198.51.100.50",
                                                                       dhcp_opt(54, ip4("198.51.100.2")))))))
    add("mdns", eth("01:00:5e:00:00:fb", "00:1c:73:00:00:60", 0x0800,
                    ipv4("198.51.100.60", "224.0.0.251", 17,
                         udp(5353, 5353, mdns_answer("printer.local", "198.51.100.60")))))
    add("ssdp", eth("01:00:5e:7f:ff:fa", "00:1c:73:00:00:61", 0x0800,
                    ipv4("198.51.100.61", "239.255.255.250", 17,
                         udp(1900, 1900, b"NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
                             b"SERVER: Linux/4.9 UPnP/1.0 MiniUPnPd/2.1\r\n\r\n"))))
    add("snmp-v2c-public", eth(CISCO, MGR, 0x0800, ipv4("198.51.100.9", "198.51.100.1", 17,
                                                         udp(40000, 161, snmp(1, b"public")))))
    add("snmp-v1-secret", eth(ARISTA, MGR, 0x0800, ipv4("198.51.100.9", "198.51.100.4", 17,
                                                        udp(40001, 161, snmp(0, b"s3cr3t-c0mm")))))
    add("snmp-v3", eth(MGR, MGR, 0x0800, ipv4("198.51.100.9", "198.51.100.5", 17,
                                              udp(40002, 161, snmpv3()))))
    add("snmp-v2c-ipv6-ext", eth("02:00:00:00:00:66", MGR, 0x86dd,
                                 ipv6("2001:db8::9", "2001:db8::1", 0,
                                      udp(40003, 161, snmp(1, b"private")),
                                      ext=bytes([17, 0, 1, 4, 0, 0, 0, 0]))))
    # Agents that answer: an address only ever spoken to is not taken for a device.
    add("snmp-v3-report", eth(MGR, MGR, 0x0800, ipv4("198.51.100.5", "198.51.100.9", 17,
                                                     udp(161, 40002, snmpv3()))))
    add("snmp-v2c-ipv6-response", eth(MGR, "02:00:00:00:00:66", 0x86dd,
                                      ipv6("2001:db8::1", "2001:db8::9", 17,
                                           udp(161, 40003, snmp(1, b"private", 0xa2)))))
    add("telnet-syn", eth(CISCO, MGR, 0x0800, ipv4("198.51.100.9", "198.51.100.1", 6,
                                                   tcp(50000, 23, flags=0x02))))
    add("http-login-post", eth(ARISTA, MGR, 0x0800, ipv4("198.51.100.9", "198.51.100.4", 6,
                                                         tcp(50001, 80, b"POST /cgi-bin/login.cgi?next=/ HTTP/1.1\r\n"
                                                             b"Host: x\r\nContent-Length: 27\r\n\r\n"
                                                             b"user=admin&pass=hunter2zz"))))
    add("http-basic", eth(CISCO, MGR, 0x0800, ipv4("198.51.100.9", "198.51.100.1", 6,
                                                   tcp(50002, 80, b"GET /level/15/exec HTTP/1.0\r\n"
                                                       b"Authorization: Basic YWRtaW46aHVudGVyMnp6\r\n\r\n"))))
    add("tftp-config", eth(VMWARE, CISCO, 0x0800, ipv4("198.51.100.1", "198.51.100.7", 17,
                                                       udp(50003, 69, b"\x00\x02ios-sw1-confg\x00octet\x00"))))
    add("tftp-config-ack", eth(CISCO, VMWARE, 0x0800, ipv4("198.51.100.7", "198.51.100.1", 17,
                                                           udp(41000, 50003, b"\x00\x04\x00\x00"))))
    add("tftp-image", eth(VMWARE, CISCO, 0x0800, ipv4("198.51.100.1", "198.51.100.7", 17,
                                                      udp(50004, 69, b"\x00\x01c2960x.bin\x00octet\x00"))))
    add("vlan-arp", eth(BCAST, "00:1c:73:00:00:10", 0x0806,
                        arp(1, "00:1c:73:00:00:10", "198.51.100.10", "00:00:00:00:00:00", "198.51.100.1"),
                        tags=[(0x8100, 10)]))
    add("qinq-arp", eth(BCAST, "00:1c:73:00:00:20", 0x0806,
                        arp(1, "00:1c:73:00:00:20", "198.51.100.20", "00:00:00:00:00:00", "198.51.100.1"),
                        tags=[(0x88a8, 100), (0x8100, 20)]))
    add("qinq9100-arp", eth(BCAST, "00:1c:73:00:00:30", 0x0806,
                            arp(1, "00:1c:73:00:00:30", "198.51.100.30", "00:00:00:00:00:00", "198.51.100.1"),
                            tags=[(0x9100, 200), (0x8100, 30)]))
    # Bad frames: each counted in exactly one counter.
    add("truncated-eth", eth(BCAST, MGR, 0x0800, b"")[:10])
    add("truncated-lldp", eth("01:80:c2:00:00:0e", "00:1c:73:00:00:99", 0x88cc,
                              lldp_tlv(1, b"\x04" + mac("00:1c:73:00:00:99"))[:4]))
    snmpfr = eth(CISCO, MGR, 0x0800, ipv4("198.51.100.9", "198.51.100.1", 17,
                                         udp(40009, 161, snmp(1, b"public"))))
    add("snapcut-snmp", snmpfr, 40, len(snmpfr))
    add("bogus-ihl", eth(CISCO, MGR, 0x0800, ipv4("198.51.100.9", "198.51.100.1", 17,
                                                  udp(1, 2, b"x"), ihl=3)))
    add("bogus-iplen", eth(CISCO, MGR, 0x0800, ipv4("198.51.100.9", "198.51.100.1", 17,
                                                    udp(1, 2, b"x"), total=1400)))
    add("bogus-5tags", eth(BCAST, MGR, 0x0806, arp(1, MGR, "1.1.1.1", MGR, "1.1.1.2"),
                           tags=[(0x8100, 1)] * 5))
    add("truncated-cdp", mac("01:00:0c:cc:cc:cc") + mac(CISCO) + struct.pack("!H", 14) +
        b"\xaa\xaa\x03\x00\x00\x0c\x20\x00\x02\xb4\x00\x00\x00\x01")
    bad_mgmt = lldp_tlv(1, b"\x04" + mac("00:1c:73:00:00:98")) + lldp_tlv(8, bytes([9, 1]) + ip4("1.2.3.4")) + lldp_tlv(0, b"")
    add("bogus-lldp-mgmt", eth("01:80:c2:00:00:0e", "00:1c:73:00:00:98", 0x88cc, bad_mgmt))
    add("bogus-ber", eth(CISCO, MGR, 0x0800, ipv4("198.51.100.9", "198.51.100.1", 17,
                                                  udp(40010, 161, b"\x30\x84\xff\xff\xff\xff\x02"))))
    return f


def crafted(path):
    w = Writer(path)
    for _, fr, c, wl in crafted_frames():
        w.rec(fr, c, wl)
    w.close()


def pcapng(path):
    """The crafted frames as pcapng: section header, one interface, enhanced packets."""
    def block(t, body):
        body += b"\0" * (-len(body) % 4)
        n = 12 + len(body)
        return struct.pack("<II", t, n) + body + struct.pack("<I", n)
    with open(path, "wb") as f:
        f.write(block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)))
        f.write(block(1, struct.pack("<HHI", 1, 0, 262144)))
        ts = 1700000000 * 1000000
        for _, fr, c, wl in crafted_frames():
            data = fr if c is None else fr[:c]
            ts += 1000000
            f.write(block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xffffffff, len(data),
                                         wl if wl is not None else len(fr)) + data))


def corrupt(path):
    w = Writer(path)
    w.rec(eth(MGR, CISCO, 0x0806, arp(2, CISCO, "198.51.100.1", MGR, "198.51.100.9")))
    w.f.write(struct.pack("<IIII", 1, 0, 0x7fffffff, 0x7fffffff) + b"\x00" * 64)
    w.close()


def garbage(path):
    with open(path, "wb") as f:
        f.write(b"this is not a capture file\n" * 10)


def bench(path, mb):
    """A block of mixed frames (~1 MB), written again and again: bulk TCP is most bytes."""
    frames = []
    for i in range(200):
        hostmac = "00:1c:73:%02x:%02x:01" % (i >> 8, i & 255)
        hostip = "198.51.%d.%d" % (100 + (i >> 8), i & 255 or 1)
        frames.append(eth(BCAST, hostmac, 0x0806, arp(1, hostmac, hostip, "00:00:00:00:00:00",
                                                        "198.51.100.1")))
        frames.append(eth(MGR, VMWARE, 0x0800, ipv4("198.51.100.9", hostip, 17,
                                                    udp(40000 + i, 161, snmp(1, b"public")))))
        frames.append(eth(hostmac, MGR, 0x0800, ipv4("198.51.100.9", hostip, 6,
                                                     tcp(50000 + i, 23, b"show run\r\n"))))
        for j in range(4):
            frames.append(eth(hostmac, CISCO, 0x0800, ipv4("198.51.100.1", hostip, 6,
                                                           tcp(443, 60000 + i, b"\x17" * 1400, seq=j))))
    frames.append(eth("01:80:c2:00:00:0e", ARISTA, 0x88cc,
                      lldp("00:1c:73:00:00:00", "Ethernet1", "eos-sw1.lab", "Arista EOS", "198.51.100.4")))
    frames.append(cdp_frame(CISCO, "ios-sw1.lab", "198.51.100.1", "Gi1/0/48", "IOS 15.2", "WS-C2960X"))
    frames.append(eth(BCAST, APPLE, 0x0800, ipv4("0.0.0.0", "255.255.255.255", 17,
                                                udp(68, 67, dhcp(1, APPLE, 3, opts=dhcp_opt(12, b"alice"))))))
    block = bytearray()
    t = 1700000000
    for fr in frames:
        t += 1
        block += struct.pack("<IIII", t, 0, len(fr), len(fr)) + fr
    target = mb * 1024 * 1024
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
        done = 0
        while done < target:
            f.write(block)
            done += len(block)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    mode, out = sys.argv[1], sys.argv[2]
    if mode == "crafted":
        crafted(out)
    elif mode == "pcapng":
        pcapng(out)
    elif mode == "corrupt":
        corrupt(out)
    elif mode == "garbage":
        garbage(out)
    elif mode == "bench":
        bench(out, int(sys.argv[3]) if len(sys.argv) > 3 else 1024)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()

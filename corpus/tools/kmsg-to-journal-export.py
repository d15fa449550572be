#!/usr/bin/env python3
"""Turns /dev/kmsg dumps (one per boot) into the systemd journal export format,
with the fields journald's kmsg reader (src/journal/journald-kmsg.c) stores for
kernel records, so that systemd-journal-remote can build a real journal file
and the real journalctl can print it in every output mode.

usage: kmsg-to-journal-export.py HOSTNAME KMSG_FILE:BOOT_ID:WALL_AT_LAST_RECORD ... > export
"""
import struct
import sys

MACHINE_ID = "5c1f6a1d1f0c4b7e9a2f3d4c5b6a7980"


def unescape(text):
    out = bytearray()
    i = 0
    raw = text.encode()
    while i < len(raw):
        if raw[i:i + 2] == b"\\x" and i + 4 <= len(raw):
            out.append(int(raw[i + 2:i + 4], 16))
            i += 4
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def field(name, value):
    if b"\n" in value:
        return name.encode() + b"\n" + struct.pack("<Q", len(value)) + value + b"\n"
    return name.encode() + b"=" + value + b"\n"


def records(path):
    rec = None
    for line in open(path, encoding="utf-8", errors="surrogateescape"):
        line = line.rstrip("\n")
        if line.startswith(" ") and rec is not None:
            key, _, value = line[1:].partition("=")
            rec["dict"][key] = value
            continue
        if rec is not None:
            yield rec
        prefix, _, msg = line.partition(";")
        parts = prefix.split(",")
        rec = {"pri": int(parts[0]), "seq": int(parts[1]), "usec": int(parts[2]),
               "msg": unescape(msg), "dict": {}}
    if rec is not None:
        yield rec


def main():
    host = sys.argv[1]
    out = sys.stdout.buffer
    for spec in sys.argv[2:]:
        path, boot_id, wall_end = spec.split(":")
        recs = list(records(path))
        boot_wall = int(wall_end) * 1000000 - recs[-1]["usec"]
        for r in recs:
            fac, level = r["pri"] >> 3, r["pri"] & 7
            msg = r["msg"]
            ident = b"kernel"
            if fac != 0:
                # journald parses "IDENT: " (syslog_parse_identifier) for non-kernel facilities
                head, sep, rest = msg.partition(b": ")
                if sep and b" " not in head:
                    ident, msg = head, rest
            e = b""
            e += field("__REALTIME_TIMESTAMP", str(boot_wall + r["usec"]).encode())
            e += field("__MONOTONIC_TIMESTAMP", str(r["usec"]).encode())
            e += field("_BOOT_ID", boot_id.encode())
            e += field("_SOURCE_MONOTONIC_TIMESTAMP", str(r["usec"]).encode())
            e += field("_TRANSPORT", b"kernel")
            e += field("PRIORITY", str(level).encode())
            e += field("SYSLOG_FACILITY", str(fac).encode())
            e += field("SYSLOG_IDENTIFIER", ident)
            if "SUBSYSTEM" in r["dict"]:
                e += field("_KERNEL_SUBSYSTEM", r["dict"]["SUBSYSTEM"].encode())
            if "DEVICE" in r["dict"]:
                e += field("_KERNEL_DEVICE", r["dict"]["DEVICE"].encode())
            e += field("MESSAGE", msg)
            e += field("_MACHINE_ID", MACHINE_ID.encode())
            e += field("_HOSTNAME", host.encode())
            out.write(e + b"\n")


main()

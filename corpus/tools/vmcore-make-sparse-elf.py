#!/usr/bin/env python3
"""Benchmark helper (not a corpus sample): builds a sparse ELF vmcore of SIZE bytes of
physical memory around a real ELF vmcore's pages, to measure peak RSS on a big dump.

  vmcore-make-sparse-elf.py REAL.elf OUT.elf [SIZE_GiB=4]

Every PT_LOAD of REAL (a /proc/vmcore copy or makedumpfile -E output) is copied to
offset HEADER + p_paddr of OUT; one more PT_LOAD covers the rest up to SIZE with a
file hole (zeros). PT_NOTEs (VMCOREINFO, NT_PRSTATUS) are copied as they are, so the
kernel log is found exactly as in REAL."""
import os, struct, sys

src, dst = sys.argv[1], sys.argv[2]
size = int(float(sys.argv[3]) * (1 << 30)) if len(sys.argv) > 3 else 4 << 30
with open(src, 'rb') as f:
    ehdr = f.read(64)
    phoff, = struct.unpack_from('<Q', ehdr, 32)
    phentsize, phnum = struct.unpack_from('<HH', ehdr, 54)
    f.seek(phoff)
    phdrs = [struct.unpack('<IIQQQQQQ', f.read(phentsize)[:56]) for _ in range(phnum)]
    notes = [p for p in phdrs if p[0] == 4]
    loads = [p for p in phdrs if p[0] == 1]
    note_blobs = []
    for p in notes:
        f.seek(p[2]); note_blobs.append(f.read(p[5]))
    # A 'physical address -> file' layout: the text PT_LOAD of /proc/vmcore
    # duplicates direct-map memory; keep only loads with distinct paddr ranges.
    loads.sort(key=lambda p: p[4])
    covered, kept = 0, []
    for p in loads:
        if p[4] >= covered:
            kept.append(p); covered = p[4] + p[6]
    nph = len(notes) + len(kept) + 1
    header = 64 + nph * 56
    notes_off = header
    data_base = (header + sum(len(b) for b in note_blobs) + 0xfff) & ~0xfff
    out_ph, off = [], notes_off
    for p, blob in zip(notes, note_blobs):
        out_ph.append((4, 0, off, 0, 0, len(blob), 0, 0)); off += len(blob)
    for p in kept:
        out_ph.append((1, 7, data_base + p[4], p[3], p[4], p[5], p[6], 4096))
    out_ph.append((1, 7, data_base + covered, 0, covered, size - covered, size - covered, 4096))
    with open(dst, 'wb') as o:
        o.write(ehdr[:32] + struct.pack('<QQ', 64, 0) + ehdr[48:54] + struct.pack('<HHHHH', 56, nph, 64, 0, 0))
        for ph in out_ph:
            o.write(struct.pack('<IIQQQQQQ', *ph))
        for blob in note_blobs:
            o.write(blob)
        for p in kept:
            f.seek(p[2]); left, pos = p[5], data_base + p[4]
            while left:
                chunk = f.read(min(left, 1 << 24))
                if chunk.strip(b'\0'):
                    o.seek(pos); o.write(chunk)
                pos += len(chunk); left -= len(chunk)
        o.truncate(data_base + size)
print(dst, os.path.getsize(dst), 'bytes,', len(kept) + 1, 'PT_LOADs')

#!/usr/bin/env python3
"""Compares crashsift's source chains with `eu-addr2line -a -i` on the same addresses.

usage: compare_addr2line.py TOOL DEBUGFILE [COUNT] [SEED] [--emit FILE.tsv]
  TOOL       build/tests/symbols/symbols_addr2line
  DEBUGFILE  a vmlinux or module .ko/.ko.debug with DWARF
Picks COUNT (default 3000) "symbol+0xoffset" queries: function symbols whose
name is unique in the file (so both tools resolve the same symbol), at
pseudo-random offsets inside each function (seeded: reruns give the same set).
A query agrees when both give the same chain of file:line:column, innermost
first. eu-addr2line prefixes relative DWARF paths with the CU's comp_dir
("debian/build/build_amd64_none_amd64/drivers/block/loop.c"); crashsift keeps
the path as DWARF records it ("drivers/block/loop.c"), so a line agrees when
it is equal or eu-addr2line's ends with "/" + crashsift's.
--emit writes "query<TAB>eu-addr2line's lines joined by ' | '" per query, the
expectation file tests/symbols reads (so CI needs no eu-addr2line).
"""
import collections
import random
import subprocess
import sys
import time


def functions(path):
    out = subprocess.run(["eu-readelf", "-s", "--wide", path], capture_output=True, text=True,
                         check=True).stdout
    counts = collections.Counter()
    funcs = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 8 or not parts[0].endswith(":"):
            continue
        name = parts[7]
        counts[name] += 1
        if parts[3] == "FUNC" and parts[6] != "UNDEF":
            try:
                size = int(parts[2], 0) if parts[2].startswith("0x") else int(parts[2])
            except ValueError:
                continue
            if size > 0:
                funcs.append((name, size))
    return [(n, s) for n, s in funcs if counts[n] == 1]


def blocks(text):
    """'0xADDR' lines open a block; the lines after it are its chain."""
    result = {}
    current = None
    for line in text.splitlines():
        if line.startswith("0x"):
            current = int(line, 16)
            result[current] = []
        elif current is not None:
            result[current].append(line)
    return result


def same(eu, ours):
    # Neither has a line for the address: eu-addr2line prints "??:0" (then
    # maybe an inline chain of call sites), crashsift answers "?? reason".
    if eu and eu[0] == "??:0" and ours and ours[0].startswith("?? "):
        return True
    if len(eu) != len(ours):
        return False
    return all(a == b or a.endswith("/" + b) for a, b in zip(eu, ours))


def main():
    args = sys.argv[1:]
    emit = None
    if "--emit" in args:
        emit = args[args.index("--emit") + 1]
        del args[args.index("--emit"):args.index("--emit") + 2]
    tool, path = args[0], args[1]
    count = int(args[2]) if len(args) > 2 else 3000
    rng = random.Random(int(args[3]) if len(args) > 3 else 1)
    funcs = functions(path)
    rng.shuffle(funcs)
    queries = []
    seen = set()
    capacity = sum(size for _, size in funcs)
    while len(queries) < min(count, capacity) and funcs:
        for name, size in funcs:
            if len(queries) == count:
                break
            query = f"{name}+{hex(rng.randrange(size))}"
            if query not in seen:
                seen.add(query)
                queries.append(query)
    stdin = "\n".join(queries) + "\n"
    t0 = time.time()
    eu = subprocess.run(["eu-addr2line", "-a", "-i", "-e", path], input=stdin,
                        capture_output=True, text=True).stdout
    t1 = time.time()
    ours_text = subprocess.run([tool, path], input=stdin, capture_output=True, text=True,
                               check=True).stdout
    t2 = time.time()
    eu_blocks = blocks(eu)
    ours_blocks = blocks(ours_text)
    # libdwfl lays out a relocatable module at a different base when
    # eu-addr2line reports it (0 rather than 0x10000): shift by the difference
    # of the lowest addresses, both tools having answered the same queries.
    if eu_blocks and ours_blocks:
        delta = min(ours_blocks) - min(eu_blocks)
        eu_blocks = {a + delta: chain for a, chain in eu_blocks.items()}
    if emit:
        # eu-addr2line's -a address, per query, comes from crashsift's tool's
        # answer to the same query (same layout: both are libdwfl offline).
        ours_by_query = []
        current = None
        for line in ours_text.splitlines():
            if line.startswith("0x") or line.startswith("?? "):
                current = int(line, 16) if line.startswith("0x") else None
                ours_by_query.append(current)
        with open(emit, "w") as out:
            for query, address in zip(queries, ours_by_query):
                chain = eu_blocks.get(address, ["??:0"]) if address is not None else ["??:0"]
                out.write(f"{query}\t{' | '.join(chain)}\n")
    unanswered = sum(1 for chain in ours_blocks.values() if chain and chain[0].startswith("?? "))
    agree = disagree = 0
    inlined = 0
    examples = []
    for address, chain in ours_blocks.items():
        theirs = eu_blocks.get(address)
        if theirs is None:
            disagree += 1
            if len(examples) < 10:
                examples.append((address, "missing in eu-addr2line", chain))
            continue
        if len(theirs) > 1:
            inlined += 1
        if same(theirs, chain):
            agree += 1
        else:
            disagree += 1
            if len(examples) < 10:
                examples.append((address, theirs, chain))
    total = agree + disagree
    print(f"{path}: {len(queries)} queries, {total} compared, {agree} agree "
          f"({100.0 * agree / max(total, 1):.2f}%), {disagree} differ; {unanswered} without a line "
          f"in crashsift (agreeing when eu-addr2line says ??:0 too); {inlined} with an inline chain; eu-addr2line {t1 - t0:.2f} s, "
          f"crashsift {t2 - t1:.2f} s")
    for address, theirs, chain in examples:
        print(f"  0x{address:x}: eu-addr2line {theirs} crashsift {chain}")
    return 0 if disagree == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Builds corpus/wild/index.tsv from the harvest rows (corpus/wild/rows/*.tsv).

Each row gets its split once, from its source thread: `test` when the first byte of SHA-256 of the
thread URL is odd, else `dev`. Samples of one thread therefore always share a split, and the split of a
sample never changes when rows are added. Rows already in index.tsv keep their labels (fixes made there
win over the harvest rows); new rows are appended; the result is sorted by file.
"""
import glob
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
WILD = os.path.join(HERE, "..", "wild")
COLUMNS = ["file", "split", "source", "form", "arch", "kinds", "release", "zfs", "hung_task",
           "top_signature", "notes"]


def split_of(source):
    thread = source.split("#", 1)[0].rstrip("/")
    return "test" if hashlib.sha256(thread.encode()).digest()[0] % 2 else "dev"


def main():
    index_path = os.path.join(WILD, "index.tsv")
    rows = {}
    if os.path.exists(index_path):
        with open(index_path, encoding="utf-8") as f:
            next(f)
            for line in f:
                cells = line.rstrip("\n").split("\t")
                rows[cells[0]] = cells
    problems = 0
    for rows_path in sorted(glob.glob(os.path.join(WILD, "rows", "*.tsv"))):
        with open(rows_path, encoding="utf-8") as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                cells = line.rstrip("\n").split("\t")
                where = f"{os.path.relpath(rows_path, WILD)}:{number}"
                if len(cells) != 10:
                    print(f"{where}: {len(cells)} columns, want 10", file=sys.stderr)
                    problems += 1
                    continue
                if not os.path.exists(os.path.join(WILD, cells[0])):
                    print(f"{where}: {cells[0]} does not exist", file=sys.stderr)
                    problems += 1
                    continue
                if cells[0] not in rows:
                    rows[cells[0]] = [cells[0], split_of(cells[1])] + cells[1:]
    with open(index_path, "w", encoding="utf-8") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for name in sorted(rows):
            f.write("\t".join(rows[name]) + "\n")
    print(f"{len(rows)} samples, {problems} rows refused")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

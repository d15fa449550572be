#!/usr/bin/env python3
"""Checks the layer rule of analyzer/layers.txt (read it for the rule).

  check_layers.py --table analyzer/layers.txt --root DIR [--links FILE]

DIR is the tree whose analyzer/<folder>/ files are checked (the repository,
or a fixture). FILE, written by CMake (build/analyzer/layer_links.txt), holds
one line per library, "folder: linked folders"; with it every row of the
table is checked against what the library links. Prints one line per
violation, "path:line: reason", and exits 1 when there is any.
"""

import argparse
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"analyzer/([A-Za-z0-9_]+)/')
SOURCE_SUFFIXES = {".h", ".cc", ".cpp", ".hpp", ".inc"}


def read_rows(path):
    """[(folder, [allowed], line)] in file order; raises ValueError."""
    rows = []
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        folder, sep, rest = text.partition(":")
        if not sep or not folder.strip():
            raise ValueError(f"{path}:{number}: expected 'folder: folders...'")
        rows.append((folder.strip(), rest.split(), number))
    return rows


def check_table(table, rows):
    """Each row names only folders of earlier rows (so no cycle), once."""
    problems = []
    seen = set()
    for folder, allowed, number in rows:
        if folder in seen:
            problems.append(f"{table}:{number}: {folder}: second row")
        for other in allowed:
            if other == folder:
                problems.append(f"{table}:{number}: {folder}: names itself")
            elif other not in seen:
                problems.append(f"{table}:{number}: {folder}: {other} is not on an earlier row "
                                "(rows go bottom-up; a later or unknown folder is a cycle or a typo)")
        seen.add(folder)
    return problems


def check_links(table, rows, links_path):
    """Every folder a row allows is linked by that folder's library."""
    links = {}
    for line in links_path.read_text().splitlines():
        folder, _, deps = line.partition(":")
        if folder.strip():
            links[folder.strip()] = deps.split()

    def closure(folder, stack=()):
        out = set()
        for dep in links.get(folder, []):
            if dep not in out and dep not in stack:
                out.add(dep)
                out |= closure(dep, stack + (folder,))
        return out

    problems = []
    for folder, allowed, number in rows:
        if folder not in links:
            problems.append(f"{table}:{number}: {folder}: no library crashsift_{folder} in the build")
            continue
        linked = closure(folder)
        for other in allowed:
            if other not in linked:
                problems.append(f"{table}:{number}: {folder} may include {other} but "
                                f"crashsift_{folder} does not link crashsift_{other}")
    return problems


def check_includes(root, rows):
    allowed = {folder: set(names) for folder, names, _ in rows}
    problems = []
    analyzer = root / "analyzer"
    for folder_path in sorted(p for p in analyzer.iterdir() if p.is_dir()):
        folder = folder_path.name
        if folder not in allowed:
            problems.append(f"{folder_path}: analyzer/{folder} has no row in the layer table")
            continue
        for path in sorted(folder_path.rglob("*")):
            if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
                continue
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                m = INCLUDE.match(line)
                if not m or m.group(1) == folder or m.group(1) in allowed[folder]:
                    continue
                other = m.group(1)
                rel = path.relative_to(root)
                problems.append(f"{rel}:{number}: {folder} may not include {other} "
                                f"(allowed: {' '.join(sorted(allowed[folder])) or 'nothing'})")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--table", required=True, type=pathlib.Path)
    parser.add_argument("--root", required=True, type=pathlib.Path)
    parser.add_argument("--links", type=pathlib.Path)
    args = parser.parse_args()
    try:
        rows = read_rows(args.table)
    except (OSError, ValueError) as e:
        print(e)
        return 1
    problems = check_table(args.table, rows)
    if args.links:
        problems += check_links(args.table, rows, args.links)
    problems += check_includes(args.root, rows)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks that the kernel report markers exist in one place: the rows of
analyzer/kernel_log/report_markers.cc (read it for the table).

  check_markers.py --table analyzer/kernel_log/report_markers.cc --root DIR

DIR is the tree whose analyzer/ C++ files are checked (the repository, or a
fixture). A string literal outside the table is a copy of a marker when it
starts with a marker's text ("BUG: soft lockup"), is a marker without its
trailing blank ("Oops:" for "Oops: "), or holds a marker that follows a task's comm
(" invoked oom-killer:"). Comments do not count. Prints one line per copy,
"path:line: reason", and exits 1 when there is any.
"""

import argparse
import pathlib
import re
import sys

SUFFIXES = {".h", ".cc"}
# Comments and literals (raw strings too); group "lit" is a plain literal's body.
TOKEN = re.compile(
    r'//[^\n]*|/\*.*?\*/|R"([^(\s]*)\(.*?\)\1"|"(?P<lit>(?:\\.|[^"\\\n])*)"|\'(?:\\.|[^\'\\\n])*\'',
    re.S)
# A table row: {kId, "text", kStart or kAfterComm, ...
ROW = re.compile(r'\{\s*k\w+\s*,\s*"((?:\\.|[^"\\])*)"\s*,\s*(kStart|kAfterComm)\b')


def read_markers(table):
    rows = ROW.findall(table.read_text())
    if not rows:
        raise ValueError(f"{table}: no rows found")
    return [(text, place == "kAfterComm") for text, place in rows]


def copy_of(literal, markers):
    """The marker `literal` copies, or None."""
    for text, after_comm in markers:
        if after_comm:
            if text.strip(" :") in literal:
                return text
        elif literal.startswith(text) or (literal and literal == text.rstrip()):
            return text
    return None


def check_file(path, shown, markers):
    problems = []
    source = path.read_text(errors="replace")
    for match in TOKEN.finditer(source):
        literal = match.group("lit")
        if literal is None:
            continue
        marker = copy_of(literal, markers)
        if marker is not None:
            line = source.count("\n", 0, match.start()) + 1
            problems.append(f'{shown}:{line}: "{literal}" copies the report marker "{marker}" '
                            "(use kernel_log/report_markers.h)")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--table", required=True, type=pathlib.Path)
    parser.add_argument("--root", required=True, type=pathlib.Path)
    args = parser.parse_args()
    try:
        markers = read_markers(args.table)
    except (OSError, ValueError) as error:
        print(error)
        return 2
    table = args.table.resolve()
    problems = []
    for path in sorted((args.root / "analyzer").rglob("*")):
        if path.suffix not in SUFFIXES or path.resolve() == table:
            continue
        problems += check_file(path, path.relative_to(args.root).as_posix(), markers)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

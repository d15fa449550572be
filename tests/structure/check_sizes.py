#!/usr/bin/env python3
"""Checks the size rule: no source file over MAX_FILE_LINES lines, no function
over MAX_FUNCTION_LINES lines.

  check_sizes.py ROOT [DIR...]      (DIRs relative to ROOT; default: analyzer tests bench)

Prints one line per offender, "path:line: what", and exits 1 when there is any.
A function is measured from the first line of its declaration to its closing
brace, lambdas and local classes included. It is found by a scan of braces
with comments, strings and character literals blanked out: a '{' at namespace
or class level whose statement reads like a function head (a parameter list
before it, no '=' before that list) opens a function; TEST(...) bodies count.
The scan does not expand macros: a brace hidden in one is not seen.
"""

import pathlib
import re
import sys

MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 100
SUFFIXES = {".h", ".cc"}
SKIP_PARTS = {"fixtures"}  # tests/structure's fixtures are data

# Blanks comments, string and char literals (raw strings too), keeping newlines.
TOKEN = re.compile(
    r'//[^\n]*|/\*.*?\*/|R"([^(\s]*)\(.*?\)\1"|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
    re.S)
CONTAINER = re.compile(r'(^|[\s;}])(namespace|class|struct|union|enum)\b')
EXTERN_C = re.compile(r'extern\s+"')


def blank(text):
    def keep_lines(m):
        return re.sub(r'[^\n]', ' ', m.group(0))
    return TOKEN.sub(keep_lines, text)


def is_function_head(statement):
    s = statement.strip()
    if not s or "(" not in s:
        return False
    head = s.split("(", 1)[0]
    if "=" in head and "operator" not in head:
        return False  # an initialiser: int x = f(...) {...} or a table
    if CONTAINER.search(" " + head) and not re.search(r'\)\s*(const)?\s*$', s):
        return False
    return s.endswith(")") or re.search(
        r'\)\s*(const|noexcept|override|final|mutable|->[^{;]*|\s)*$', s) is not None or \
        re.search(r'\)\s*:\s*', s) is not None  # constructor initialiser list


def scan_functions(text):
    """Yields (first line, last line) of every function body at file scope or
    in a class."""
    code = blank(text)
    stack = []          # 'c' container/other, 'f' function
    statement_start = 0
    depth_in_function = 0
    function_start = None
    line_of = [0] * (len(code) + 1)
    line = 1
    for i, ch in enumerate(code):
        line_of[i] = line
        if ch == "\n":
            line += 1
    i = 0
    n = len(code)
    while i < n:
        ch = code[i]
        if function_start is not None:
            if ch == "{":
                depth_in_function += 1
            elif ch == "}":
                depth_in_function -= 1
                if depth_in_function == 0:
                    yield function_start, line_of[i]
                    function_start = None
                    statement_start = i + 1
            i += 1
            continue
        if ch == ";":
            statement_start = i + 1
        elif ch == "}":
            if stack:
                stack.pop()
            statement_start = i + 1
        elif ch == "{":
            statement = code[statement_start:i]
            flat = " ".join(statement.split())
            # A member initialiser written with braces, x_{y}: part of the head.
            if re.search(r'\)\s*:', flat) and i > 0 and (code[i - 1].isalnum() or code[i - 1] == "_"):
                depth = 0
                while i < n:
                    if code[i] == "{":
                        depth += 1
                    elif code[i] == "}":
                        depth -= 1
                        if depth == 0:
                            break
                    i += 1
                i += 1
                continue
            if EXTERN_C.search(flat) or not is_function_head(flat):
                stack.append("c")
                statement_start = i + 1
            else:
                offset = len(statement) - len(statement.lstrip())
                function_start = line_of[statement_start + offset]
                depth_in_function = 1
        i += 1


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    dirs = sys.argv[2:] or ["analyzer", "tests", "bench"]
    problems = []
    for d in dirs:
        for path in sorted((root / d).rglob("*")):
            if path.suffix not in SUFFIXES or not path.is_file():
                continue
            if SKIP_PARTS & set(path.parts):
                continue
            text = path.read_text(errors="replace")
            rel = path.relative_to(root)
            lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
            if lines > MAX_FILE_LINES:
                problems.append(f"{rel}:1: {lines} lines (at most {MAX_FILE_LINES} a file)")
            for first, last in scan_functions(text):
                if last - first + 1 > MAX_FUNCTION_LINES:
                    problems.append(f"{rel}:{first}: function of {last - first + 1} lines "
                                    f"(at most {MAX_FUNCTION_LINES})")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

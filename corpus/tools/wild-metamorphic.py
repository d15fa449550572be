#!/usr/bin/env python3
"""Re-shapes real logs the way pastes re-shape them and checks crashsift reads them the same.

A log that crashsift reads one way should be read the same way after a copy-paste step that real
reports show: quoted in a mail (`> `), indented as a markdown code block, CRLF line ends, whitespace
collapsed by a web form, a sentence before the log, a syslog/journal/rsyslog-with-priority prefix
before dmesg lines, printk caller ids, `dmesg -T` stamps, or no stamps at all (a serial console).
Each transform is applied to every base log; a field (event kinds, release, ZFS version, first hung
task, top signature, arch) that differs from the untouched log's is a form crashsift does not
generalise to yet. Nothing here needs labels, so it can run on every real log the project may look
at: the wild corpus's `dev` split and corpus/logs (never the wild `test` split).

  corpus/tools/wild-metamorphic.py --crashsift build/analyzer/cli/crashsift [--show N]

With --floors FILE (ctest WildMetamorphic: corpus/tools/metamorphic-floors.tsv) it exits 1 when a
transform's same-reading rate falls below its floor; --raise-floors writes the measured rates there.
"""
import argparse
import collections
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..")
sys.path.insert(0, os.path.join(CORPUS, "wild"))
import score  # noqa: E402  (read_index, found_fields)

FIELDS = ["kinds", "release", "zfs", "hung_task", "top_signature", "arch"]
DMESG_STAMP = re.compile(r"^\[\s*\d+\.\d+\]")
STAMP_AND_CALLER = re.compile(r"^\[\s*\d+\.\d+\](\s?\[\s*[TC]\d+\])? ?")
CALLER = re.compile(r"^\[\s*\d+\.\d+\]\s?\[\s*[TC]\d+\]")
MAX_BASE_BYTES = 256 * 1024


def stamped(lines):
    """True when most non-empty lines start with a dmesg `[ seconds.micros]` stamp."""
    body = [l for l in lines if l.strip()]
    return bool(body) and sum(1 for l in body if DMESG_STAMP.match(l)) * 2 > len(body)


def each_line(fn):
    return lambda lines: [fn(i, l) for i, l in enumerate(lines)]


def clock(i):
    return f"{10 + i // 3600 % 10:02d}:{i // 60 % 60:02d}:{i % 60:02d}"


def dmesg_t(i, line):
    return DMESG_STAMP.sub(f"[Sun Mar  3 {clock(i)} 2024]", line, count=1)


def hard_wrap(lines, width=76):
    """A mail client's wrap: a long line broken at its last blank before the width."""
    out = []
    for line in lines:
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            if cut <= 0:
                break
            out.append(line[:cut].rstrip(" "))
            line = line[cut + 1:].lstrip(" ")  # a wrap inside a run of blanks drops the run
        out.append(line)
    return out


# name -> (applies to stamped dmesg bases only, transform of the list of lines)
TRANSFORMS = {
    "mail-quote": (False, each_line(lambda i, l: "> " + l)),
    "markdown-indent": (False, each_line(lambda i, l: "    " + l)),
    "crlf": (False, each_line(lambda i, l: l + "\r")),
    "collapsed-spaces": (False, each_line(lambda i, l: re.sub(r"[ \t]+", " ", l).strip())),
    "hard-wrap": (True, hard_wrap),
    "cat-n": (False, each_line(lambda i, l: f"{i + 1:6d}\t" + l)),  # `cat -n` / `nl` gutter
    "prose-before": (False, lambda lines: ["Here is what dmesg shows after the hang:", ""] + lines),
    "syslog": (True, each_line(lambda i, l: f"Mar  3 {clock(i)} nas01 kernel: " + l)),
    "journalctl": (True, each_line(  # journalctl -k: no dmesg stamp, "Mon DD" with a zero
        lambda i, l: f"Mar 03 {clock(i)} nas01 kernel: " + STAMP_AND_CALLER.sub("", l, count=1))),
    "journal-iso": (True, each_line(lambda i, l: f"2024-03-03T{clock(i)}+0100 nas01 kernel: " + l)),
    "rsyslog-priority": (True, each_line(
        lambda i, l: f"<4>2024-03-03T{clock(i)}.123456+01:00 nas01 kernel: " + l)),
    "caller-id": (True, each_line(lambda i, l: l if CALLER.match(l) else DMESG_STAMP.sub(
        lambda m: m.group(0) + "[  T4711]", l, count=1))),
    "dmesg-T": (True, each_line(dmesg_t)),
    "no-stamps": (True, each_line(lambda i, l: DMESG_STAMP.sub("", l, count=1).lstrip(" "))),
}


def base_logs():
    """(name, path) of every real log the project may tune on: wild dev + corpus/logs."""
    rows = score.read_index(os.path.join(CORPUS, "wild", "index.tsv"))
    bases = [("wild/" + r["file"], os.path.join(CORPUS, "wild", r["file"]))
             for r in rows if r["split"] == "dev"]
    for path in sorted(glob.glob(os.path.join(CORPUS, "logs", "**", "*.log"), recursive=True)):
        bases.append((os.path.relpath(path, CORPUS), path))
    return [(n, p) for n, p in bases if os.path.getsize(p) <= MAX_BASE_BYTES]


def run(crashsift, files, jobs):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.jsonl")
        subprocess.run([crashsift, "batch", "-j", str(jobs), "-o", out] + files,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return score.read_results(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crashsift", required=True)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--show", type=int, default=5, help="differences printed per transform")
    parser.add_argument("--only", help="comma-separated transform names")
    parser.add_argument("--floors", help="per-transform floors (transform rate, one per line)")
    parser.add_argument("--raise-floors", action="store_true", help="write the measured rates to --floors")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(TRANSFORMS)

    bases = base_logs()
    with tempfile.TemporaryDirectory() as work:
        plan = []  # (transform, base name, written path)
        originals = {}
        for index, (name, path) in enumerate(bases):
            with open(path, "rb") as f:
                text = f.read().decode("utf-8", "surrogateescape")
            lines = text.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            originals[name] = path
            for transform in names:
                dmesg_only, fn = TRANSFORMS[transform]
                if dmesg_only and not stamped(lines):
                    continue
                out = os.path.join(work, f"{transform}.{index}.log")
                with open(out, "wb") as f:
                    f.write(("\n".join(fn(lines)) + "\n").encode("utf-8", "surrogateescape"))
                plan.append((transform, name, out))
        results = run(args.crashsift, list(originals.values()) + [p for _, _, p in plan], args.jobs)

        def fields(path):
            record = results.get(os.path.normpath(path))
            return score.found_fields(record) if record else None

        totals = collections.Counter()
        same = collections.Counter()
        diffs = collections.defaultdict(list)
        for transform, name, out in plan:
            before, after = fields(originals[name]), fields(out)
            if before is None or after is None:
                continue
            totals[transform] += 1
            changed = [f"{k}: {before[k]!r} -> {after[k]!r}" for k in FIELDS if before[k] != after[k]]
            if changed:
                diffs[transform].append(f"{name}: " + "; ".join(changed))
            else:
                same[transform] += 1
    print(f"{'transform':18} {'logs':>5} {'same':>7}")
    for transform in names:
        if totals[transform]:
            print(f"{transform:18} {totals[transform]:5d} {100 * same[transform] / totals[transform]:6.1f}%")
    for transform in names:
        for line in diffs[transform][:args.show]:
            print(f"diff {transform} {line}")
    rates = {t: same[t] / totals[t] for t in names if totals[t]}
    if args.floors and args.raise_floors:
        with open(args.floors, "w", encoding="utf-8") as f:
            f.write("# transform floor: ctest WildMetamorphic fails when the share of logs that crashsift\n"
                    "# reads the same after the transform falls below it. Written by --raise-floors.\n")
            for t, rate in rates.items():
                f.write(f"{t} {int(rate * 10000) / 10000:.4f}\n")
        return 0
    failed = False
    if args.floors:
        with open(args.floors, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                t, floor = line.split()
                if t in rates and rates[t] + 1e-9 < float(floor):
                    print(f"REGRESSION {t}: {100 * rates[t]:.1f}% < floor {100 * float(floor):.1f}%")
                    failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

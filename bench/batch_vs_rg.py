#!/usr/bin/env python3
"""`crashsift batch -j J` against `rg -c -j J -f PATTERNS` on the same files, in the same run.

Builds two corpora of real-format inputs under WORK (default $TMPDIR/crashsift-batch-bench):
  dense/  FILES kernel logs copied round-robin from the real samples: the syzkaller conformance
          reports (../shared/conformance/syzkaller-linux/reports, when present), corpus/logs and
          corpus/wild/logs (plain text only; compressed samples and vmcores are left out). Every copy
          gets one distinct last line, so no two files have the same content (content-hash
          de-duplication must not make the run cheaper than the corpus says).
  quiet/  FILES healthy-boot logs: the boot messages of corpus/logs/events/lab-hung.console.log before
          its first report (Debian 6.1 under QEMU), one distinct line each.
PATTERNS is every `line` regex of the signature library (signatures/**/*.toml, any table; macros
expanded as the loader does), the
messages a grep-based triage would look for. Both tools run RUNS times alternately per corpus
(file pages warm after the first build); the medians of wall time, CPU time (user + sys of the
child, os.wait4) and peak RSS are printed with files/s, MB/s and the crashsift/rg ratios.

  bench/batch_vs_rg.py [--crashsift BIN] [--files N] [--jobs J] [--runs R] [--work DIR]
                       [--only dense|quiet] [--clean]
"""
import argparse
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SYZ = ROOT.parent / "shared" / "conformance" / "syzkaller-linux" / "reports"
TEXT_SUFFIXES = {".log", ".txt", ".syslog", ""}
# The loader's regex macros (analyzer/matching/signature_loader.cc, ExpandRegexMacros).
MACROS = {"{{FUNC}}": "[A-Za-z_][A-Za-z0-9_.]*", "{{HEX}}": "[0-9a-fA-F]+",
          "{{ADDR}}": "(?:0x)?[0-9a-fA-F]+", "{{NUM}}": "[0-9]+"}
REPORT_OPENERS = (b"INFO: task", b"sysrq: ", b"Kernel panic", b"BUG:", b"WARNING:", b"Call Trace")


def dense_sources():
    files = []
    if SYZ.is_dir():
        files += sorted(p for p in SYZ.iterdir() if p.is_file())
    for sub in ("corpus/logs", "corpus/wild/logs"):
        for p in sorted((ROOT / sub).rglob("*")):
            if p.is_file() and p.suffix in TEXT_SUFFIXES and p.name != "README.md":
                files.append(p)
    return [p.read_bytes() for p in files]


def quiet_source():
    lines = (ROOT / "corpus/logs/events/lab-hung.console.log").read_bytes().splitlines(True)
    kept = []
    for line in lines:
        if any(o in line for o in REPORT_OPENERS):
            break
        kept.append(line)
    return b"".join(kept)


def build(directory, sources, count):
    if directory.is_dir() and len(os.listdir(directory)) == count:
        return
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    for i in range(count):
        body = sources[i % len(sources)]
        if body and not body.endswith(b"\n"):
            body += b"\n"
        (directory / f"{i:06d}.log").write_bytes(body + f"bench copy {i}\n".encode())


def patterns(path):
    found = []

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "line" and isinstance(v, str):
                    for name, value in MACROS.items():
                        v = v.replace(name, value)
                    # rg joins the patterns into one regex: group names would clash.
                    v = re.sub(r"\(\?P<\w+>", "(", v)
                    found.append(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for f in sorted((ROOT / "signatures").rglob("*.toml")):
        with open(f, "rb") as fh:
            walk(tomllib.load(fh))
    unique = list(dict.fromkeys(found))
    path.write_text("".join(p + "\n" for p in unique))
    return len(unique)


def run(argv):
    """Wall seconds, CPU seconds (user + sys) and peak RSS (MiB) of one child process."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # rg: 1 = no match anywhere; crashsift: 1 = some input unreadable
        sys.exit(f"{argv[0]} exited {code}: {' '.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--crashsift", default=str(ROOT / "build/analyzer/cli/crashsift"))
    ap.add_argument("--files", type=int, default=20000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "crashsift-batch-bench"))
    ap.add_argument("--only", choices=("dense", "quiet"))
    ap.add_argument("--clean", action="store_true", help="remove WORK afterwards")
    a = ap.parse_args()
    if not shutil.which("rg"):
        sys.exit("rg (Debian's ripgrep) is needed")
    work = pathlib.Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    pats = work / "PATTERNS"
    npats = patterns(pats)
    sets = []
    if a.only != "quiet":
        src = dense_sources()
        build(work / "dense", src, a.files)
        sets.append(("dense", f"{len(src)} real logs{' incl. syzkaller' if SYZ.is_dir() else ''}"))
    if a.only != "dense":
        build(work / "quiet", [quiet_source()], a.files)
        sets.append(("quiet", "healthy boot of lab-hung.console.log"))
    print(f"crashsift {a.crashsift}; rg {shutil.which('rg')}; {npats} patterns; -j {a.jobs}; "
          f"median of {a.runs} alternating runs")
    for name, what in sets:
        d = work / name
        nbytes = sum(p.stat().st_size for p in d.iterdir())
        cmds = {
            "crashsift": [a.crashsift, "batch", "-j", str(a.jobs), "-o", "/dev/null",
                          "--summary", str(work / f"{name}.summary.json"), str(d)],
            "rg": ["rg", "-c", "-j", str(a.jobs), "--no-ignore", "-f", str(pats), str(d)],
        }
        res = {k: [] for k in cmds}
        for _ in range(a.runs):
            for k, argv in cmds.items():
                res[k].append(run(argv))
        print(f"\n{name}: {a.files} files, {nbytes / 1e6:.1f} MB ({what})")
        med = {}
        for k, rows in res.items():
            wall = statistics.median(r[0] for r in rows)
            cpu = statistics.median(r[1] for r in rows)
            rss = statistics.median(r[2] for r in rows)
            med[k] = (wall, cpu, rss)
            print(f"  {k:10s} wall {wall:7.2f} s  cpu {cpu:7.2f} s  {a.files / wall:9.0f} files/s  "
                  f"{nbytes / 1e6 / wall:7.1f} MB/s  peak RSS {rss:6.1f} MiB")
        c, r = med["crashsift"], med["rg"]
        print(f"  ratio crashsift/rg: wall {c[0] / r[0]:.1f}x  cpu {c[1] / r[1]:.1f}x  rss {c[2] / r[2]:.1f}x")
    if a.clean:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()

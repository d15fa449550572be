#!/usr/bin/env python3
"""Peak memory of crashsift on one huge crash-dense log and on many inputs (issue 11, "flat memory").

Two measurements, each with wall time, CPU time (user + sys of the child, os.wait4), files/s, MB/s
and peak RSS:
  big    `crashsift analyze --format json BIG > /dev/null` (and `batch -j 1 -o /dev/null BIG`) on
         one SIZE_MB crash-dense log: the syzkaller conformance console logs
         (../shared/conformance/syzkaller-linux, headers stripped by its score.py) concatenated until
         SIZE_MB, else the raw-dmesg samples of corpus/logs when ../shared is absent. The issue's
         target: under 128 MiB for 1 GB.
  many   `crashsift batch -j JOBS -o /dev/null` over FEW and MANY crash-dense inputs (the dense
         corpus of bench/batch_vs_rg.py, built the same way): peak RSS must not grow with the number
         of inputs (target: MANY within 20% of FEW).

  bench/memory_flat.py [--crashsift BIN] [--size-mb 1024] [--few 2000] [--many 20000] [--jobs 2]
                       [--work DIR] [--only big|many]
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "conformance" / "syzkaller-linux"
sys.path.insert(0, str(ROOT / "bench"))
import batch_vs_rg  # noqa: E402  (the dense corpus builder)


def run(argv, stdout=subprocess.DEVNULL):
    """Wall seconds, CPU seconds and peak RSS (MiB) of one child process."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{argv[0]} exited {code}: {' '.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def dense_logs(work):
    """Crash-dense console logs without any label header."""
    if (SHARED / "score.py").is_file():
        out = work / "syz-logs"
        if not out.is_dir():
            subprocess.run([sys.executable, str(SHARED / "score.py"), "--export-logs", str(out)],
                           check=True, stdout=subprocess.DEVNULL)
        return [p.read_bytes() for p in sorted(out.iterdir())]
    logs = []
    for p in sorted((ROOT / "corpus/logs").rglob("*")):
        if p.is_file() and p.suffix in (".log", ".txt"):
            data = p.read_bytes()
            if data.startswith(b"[") and b"\0" not in data[:4096]:
                logs.append(data)
    return logs


def build_big(path, size_mb, logs):
    want = size_mb << 20
    if path.is_file() and path.stat().st_size >= want:
        return
    one = b"".join(l if l.endswith(b"\n") else l + b"\n" for l in logs)
    with open(path, "wb") as f:
        written = 0
        while written < want:
            f.write(one)
            written += len(one)


def report(label, nfiles, nbytes, m):
    wall, cpu, rss = m
    print(f"  {label:34s} wall {wall:7.2f} s  cpu {cpu:7.2f} s  {nfiles / wall:8.1f} files/s  "
          f"{nbytes / 1e6 / wall:7.1f} MB/s  peak RSS {rss:6.1f} MiB")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--crashsift", default=str(ROOT / "build/analyzer/cli/crashsift"))
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--few", type=int, default=2000)
    ap.add_argument("--many", type=int, default=20000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "crashsift-memory-bench"))
    ap.add_argument("--only", choices=("big", "many"))
    a = ap.parse_args()
    work = pathlib.Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    print(f"crashsift {a.crashsift}")
    if a.only != "many":
        big = work / f"dense-{a.size_mb}m.log"
        build_big(big, a.size_mb, dense_logs(work))
        nbytes = big.stat().st_size
        print(f"\nbig: one crash-dense log, {nbytes / 1e6:.1f} MB")
        report("analyze --format json", 1, nbytes,
               run([a.crashsift, "analyze", "--format", "json", str(big)]))
        report("batch -j 1", 1, nbytes,
               run([a.crashsift, "batch", "-j", "1", "-q", "-o", "/dev/null", str(big)]))
    if a.only != "big":
        src = batch_vs_rg.dense_sources()
        rss = {}
        print(f"\nmany: crash-dense inputs, batch -j {a.jobs}")
        for n in (a.few, a.many):
            d = work / f"dense-{n}"
            batch_vs_rg.build(d, src, n)
            nbytes = sum(p.stat().st_size for p in d.iterdir())
            m = run([a.crashsift, "batch", "-j", str(a.jobs), "-q", "-o", "/dev/null",
                     "--summary", str(work / f"summary-{n}.json"), str(d)])
            rss[n] = m[2]
            report(f"{n} files, {nbytes / 1e6:.1f} MB", n, nbytes, m)
        print(f"  peak RSS {a.many} / {a.few} inputs: {rss[a.many] / rss[a.few]:.2f}x")


if __name__ == "__main__":
    main()

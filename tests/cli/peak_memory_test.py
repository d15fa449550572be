#!/usr/bin/env python3
"""Peak memory of one crash-dense input (issue 11, "flat, small memory").

Builds a ~SIZE_MB log from the raw-dmesg samples of corpus/logs (every kind of report the splitter
knows, one every ~40 lines: past the 5,000-event cap long before the end), runs
`crashsift analyze --format json` and `crashsift batch -o FILE` on it and fails when either's peak
RSS (os.wait4) is over BOUND_MIB. The JSON tree the reports were built as until issue 11 needed
~250 MiB on this input (issue 11 measured 257 MiB); now ~90 MiB, under the
issue's 128 MiB for 1 GB.

  peak_memory_test.py CRASHSIFT SOURCE_DIR [SIZE_MB=72] [BOUND_MIB=128]
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

RAW_DMESG = re.compile(rb"^\[ *[0-9]+\.[0-9]{6}\] ")


def peak_rss_mib(argv):
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"FAIL: {' '.join(argv)} exited {code}: {proc.stderr.read().decode()[:500]}")
    return usage.ru_maxrss / 1024


def main():
    binary, source = sys.argv[1], pathlib.Path(sys.argv[2])
    size_mb = int(sys.argv[3]) if len(sys.argv) > 3 else 72
    bound = float(sys.argv[4]) if len(sys.argv) > 4 else 128
    samples = []
    for p in sorted((source / "corpus/logs").rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if RAW_DMESG.match(data):
                samples.append(data if data.endswith(b"\n") else data + b"\n")
    one = b"".join(samples)
    work = pathlib.Path(tempfile.mkdtemp(prefix="crashsift-peak-memory-"))
    try:
        log = work / "dense.log"
        with open(log, "wb") as f:
            for _ in range(max(1, (size_mb << 20) // len(one))):
                f.write(one)
        print(f"input: {log.stat().st_size / 1e6:.1f} MB from {len(samples)} corpus/logs samples")
        failed = False
        for label, argv in (
            ("analyze --format json", [binary, "analyze", "--format", "json", str(log)]),
            ("batch -j 1", [binary, "batch", "-j", "1", "-q", "-o", str(work / "out.jsonl"),
                            str(log)]),
        ):
            rss = peak_rss_mib(argv)
            ok = rss <= bound
            failed = failed or not ok
            print(f"{'ok' if ok else 'FAIL'}: {label}: peak RSS {rss:.1f} MiB (bound {bound} MiB)")
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

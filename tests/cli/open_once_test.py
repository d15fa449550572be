#!/usr/bin/env python3
"""Each input is opened exactly once (issue 9): `strace -f -e trace=open,openat` of `crashsift analyze`
on a small and a large text log, an ELF vmcore, a kdump-compressed dump, a flattened dump and a
makedumpfile --split set, and of one `crashsift batch` over all of them, counts the opens of every
input path; with CRASHSIFT_LAB_QUIET_DUMP and CRASHSIFT_LAB_VMLINUX set, also `analyze --debuginfo`
(the dump's task walk). Skips (77) without strace or when ptrace is not allowed.

usage: open_once_test.py CRASHSIFT CORPUS_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
DUMPS = ["arm64-sysrq.elf", "oops.kdump-zlib-d31", "arm64-sysrq.flat-zlib",
         "oops.kdump-lzo-d31.split1", "oops.kdump-lzo-d31.split2", "oops.kdump-lzo-d31.split3"]


def opens(crashsift, args, workdir):
    """The paths opened by `crashsift ARGS` (one entry per successful or failed open)."""
    log = os.path.join(workdir, "strace.log")
    run = subprocess.run(["strace", "-f", "-qq", "-e", "trace=open,openat", "-o", log, crashsift]
                         + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if not os.path.exists(log):
        print("strace could not trace crashsift:", run.stderr.decode(errors="replace"))
        sys.exit(SKIP)
    paths = []
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            start = line.find('"')
            end = line.find('"', start + 1)
            if start >= 0 and end > start:
                paths.append(line[start + 1:end])
    return paths


def check(crashsift, args, inputs, workdir, failures):
    seen = opens(crashsift, args, workdir)
    for path in inputs:
        count = seen.count(path)
        if count != 1:
            failures.append(f"{' '.join(args[:1])} {os.path.basename(path)}: opened {count} times, "
                            f"want 1 (argv: {' '.join(os.path.basename(a) for a in args)})")


def main():
    crashsift, corpus = sys.argv[1], sys.argv[2]
    if shutil.which("strace") is None:
        print("strace is not installed")
        return SKIP
    if shutil.which("zstd") is None:
        print("zstd is not installed")
        return SKIP
    with tempfile.TemporaryDirectory() as workdir:
        small = os.path.join(workdir, "small.log")
        shutil.copy(os.path.join(corpus, "vmcores", "oops.kdump-zlib-d31.makedumpfile-dmesg.txt"),
                    small)
        large = os.path.join(workdir, "large.log")  # mapped, not read whole
        with open(small, encoding="utf-8") as f:
            text = f.read()
        with open(large, "w", encoding="utf-8") as f:
            f.write(text * (2 * (1 << 20) // len(text) + 1))
        dumps = []
        for name in DUMPS:
            path = os.path.join(workdir, name)
            subprocess.run(["zstd", "-q", "-d", os.path.join(corpus, "vmcores", name + ".zst"),
                            "-o", path], check=True)
            dumps.append(path)
        failures = []
        for one in [small, large] + dumps[:3]:
            check(crashsift, ["analyze", one], [one], workdir, failures)
        check(crashsift, ["analyze"] + dumps[3:], dumps[3:], workdir, failures)
        # With its vmlinux (a big lab file, only when given): the task walk
        # reads the mapping the log reader opened, not the file again.
        lab_dump = os.environ.get("CRASHSIFT_LAB_QUIET_DUMP", "")
        lab_vmlinux = os.environ.get("CRASHSIFT_LAB_VMLINUX", "")
        if os.path.isfile(lab_dump) and os.path.isfile(lab_vmlinux):
            check(crashsift, ["analyze", "--debuginfo", lab_vmlinux, lab_dump], [lab_dump],
                  workdir, failures)
        everything = [small, large] + dumps
        check(crashsift, ["batch", "-j", "2", "-o", os.path.join(workdir, "out.jsonl")] + everything,
              everything, workdir, failures)
        for failure in failures:
            print("FAIL:", failure)
        if not failures:
            print(f"ok: each of {len(everything)} inputs opened once (analyze and batch)")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""crashsift `tasks` against drgn on the same dump: the same task list (pid,
comm, state of every task), the same D-state tasks, and the same top 5
frames of each D task's stack (drgn's out-of-line frames, named by their ELF
symbol, as the kernel's kallsyms names them; crashsift's reliable frames).

Needs a lab dump that drgn can read (QEMU `elf-paging`, or a kdump) and its
vmlinux debuginfo; exits 77 (ctest: skipped) without them:
  sudo corpus/tools/make-quiet-hang-dump.sh OUT       # or ../shared/lab/make-vmcores.sh
  apt-get download linux-image-$(uname -r)-dbg; dpkg-deb -x linux-image-*-dbg_*.deb DBG
  CRASHSIFT_DRGN_DUMP=OUT/dumps/qemu-hung.elf-paging \\
  CRASHSIFT_LAB_VMLINUX=DBG/usr/lib/debug/boot/vmlinux-<release> ctest -R CompareWithDrgn
usage: compare_with_drgn.py CRASHSIFT
"""
import json
import os
import subprocess
import sys
import tempfile
import time

DRGN_SCRIPT = r'''
import json
from drgn.helpers.linux.pid import for_each_task
from drgn.helpers.linux.sched import task_state_to_char
tasks = []
for t in for_each_task(prog):
    entry = {"pid": int(t.pid), "comm": t.comm.string_().decode(), "state": task_state_to_char(t)}
    if entry["state"] == "D":
        names = []
        for f in prog.stack_trace(t):
            if f.is_inline:
                continue
            try:
                names.append(f.symbol().name)
            except LookupError:
                names.append("?")
        entry["stack"] = names
    tasks.append(entry)
print(json.dumps(tasks))
'''


def main():
    crashsift = sys.argv[1]
    dump = os.environ.get("CRASHSIFT_DRGN_DUMP") or os.environ.get("CRASHSIFT_LAB_DUMP")
    vmlinux = os.environ.get("CRASHSIFT_LAB_VMLINUX")
    if not dump or not vmlinux or not os.path.exists(dump) or not os.path.exists(vmlinux):
        print("skipped: set CRASHSIFT_DRGN_DUMP and CRASHSIFT_LAB_VMLINUX (see the docstring)")
        return 77
    try:
        subprocess.run(["drgn", "--version"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        print("skipped: no drgn (apt-get install python3-drgn)")
        return 77
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(DRGN_SCRIPT)
    start = time.monotonic()
    drgn = subprocess.run(["drgn", "-q", "-c", dump, "-s", vmlinux, script.name],
                          capture_output=True, text=True)
    drgn_seconds = time.monotonic() - start
    os.unlink(script.name)
    if drgn.returncode != 0:
        print("drgn failed:", drgn.stderr[-2000:])
        return 1
    theirs = json.loads(drgn.stdout.strip().splitlines()[-1])
    start = time.monotonic()
    ours_run = subprocess.run([crashsift, "tasks", "--format", "json", "--debuginfo", vmlinux, dump],
                              capture_output=True, text=True)
    ours_seconds = time.monotonic() - start
    if ours_run.returncode != 0:
        print("crashsift failed:", ours_run.stderr[-2000:])
        return 1
    ours = json.loads(ours_run.stdout)["tasks"]
    print("drgn %.2f s, crashsift %.2f s, %d tasks" % (drgn_seconds, ours_seconds, len(theirs)))
    failures = []
    key = lambda t: (t["pid"], t["comm"])
    # drgn's for_each_task() walks init_task's list without init_task itself;
    # crashsift lists it (pid 0, swapper/0, as crash's `ps` does) and adds
    # the other CPUs' idle tasks from their runqueues: pid 0 is left out.
    their_states = {key(t): t["state"] for t in theirs if t["pid"] != 0}
    our_states = {key(t): t["state"] for t in ours if t["pid"] != 0}
    if their_states != our_states:
        failures.append("task lists differ: drgn only %s, crashsift only %s, states differ %s" % (
            sorted(set(their_states) - set(our_states)), sorted(set(our_states) - set(their_states)),
            sorted(k for k in their_states if k in our_states and their_states[k] != our_states[k])))
    their_d = {key(t): t["stack"] for t in theirs if t["state"] == "D"}
    our_d = {key(t): [f["function"] for f in t.get("stack", []) if f["reliable"]]
             for t in ours if t["state"] == "D"}
    if not their_d:
        failures.append("drgn lists no D-state task: not a hang dump?")
    for k, their_stack in sorted(their_d.items()):
        mine = our_d.get(k)
        print("D %s: drgn %s" % (k, " ".join(their_stack[:5])))
        print("D %s: ours %s" % (k, " ".join((mine or [])[:5])))
        if mine is None:
            failures.append("crashsift misses D task %s" % (k,))
        elif mine[:5] != their_stack[:5]:
            failures.append("top 5 frames of %s differ" % (k,))
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

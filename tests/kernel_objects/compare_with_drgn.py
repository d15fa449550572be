#!/usr/bin/env python3
"""crashsift `tasks` against drgn on the same dump: the same task list (pid,
comm, state of every task), the same D-state tasks, the same top 5 frames
of each D task's stack (drgn's out-of-line frames, named by their ELF
symbol, as the kernel's kallsyms names them; crashsift's reliable frames),
and the same time off CPU (runqueue clock_task - se.exec_start, clock -
sched_info.last_arrival).

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
from drgn.helpers.linux.sched import task_state_to_char, task_cpu
from drgn.helpers.linux.percpu import per_cpu
def symbol_name(frame):
    try:
        return frame.symbol().name
    except LookupError:
        return "?"
tasks = []
for t in for_each_task(prog):
    entry = {"pid": int(t.pid), "comm": t.comm.string_().decode(), "state": task_state_to_char(t)}
    if entry["state"] == "D":
        entry["stack"] = [symbol_name(f) for f in prog.stack_trace(t) if not f.is_inline]
        rq = per_cpu(prog["runqueues"], task_cpu(t))
        entry["off_cpu_ns"] = int(rq.clock_task - t.se.exec_start)
        entry["since_arrival_ns"] = int(rq.clock - t.sched_info.last_arrival)
    tasks.append(entry)
crashed = None
try:
    thread = prog.crashed_thread()
    crashed = {"pid": thread.tid,
               "stack": [symbol_name(f) for f in thread.stack_trace() if not f.is_inline]}
except Exception:
    pass
print(json.dumps({"tasks": tasks, "crashed": crashed}))
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
    drgn_out = json.loads(drgn.stdout.strip().splitlines()[-1])
    theirs = drgn_out["tasks"]
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
    # Time off CPU: the same runqueue clocks and task fields read by drgn.
    their_times = {key(t): (t["off_cpu_ns"], t["since_arrival_ns"]) for t in theirs if t["state"] == "D"}
    our_times = {key(t): (t.get("off_cpu_ns"), t.get("since_arrival_ns")) for t in ours
                 if t["state"] == "D"}
    for k, times in sorted(their_times.items()):
        print("D %s: off CPU drgn %s, ours %s (ns; off_cpu, since_arrival)" % (k, times, our_times.get(k)))
        if our_times.get(k) != times:
            failures.append("time off CPU of %s differs" % (k,))
    for k, their_stack in sorted(their_d.items()):
        mine = our_d.get(k)
        print("D %s: drgn %s" % (k, " ".join(their_stack[:5])))
        print("D %s: ours %s" % (k, " ".join((mine or [])[:5])))
        if mine is None:
            failures.append("crashsift misses D task %s" % (k,))
        elif mine[:5] != their_stack[:5]:
            failures.append("top 5 frames of %s differ" % (k,))
    # The crashed thread, for the record only: on a QEMU dump drgn pairs the
    # NT_PRSTATUS notes with tasks by pr_pid, which QEMU fills with the vCPU
    # number + 1, so its "crashed thread" may carry another CPU's stack.
    crashed = drgn_out.get("crashed")
    panic = [t for t in ours if t.get("panic")]
    if crashed and panic:
        print("crashed: drgn pid %d %s" % (crashed["pid"], " ".join(crashed["stack"][:6])))
        print("crashed: ours pid %d %s" % (panic[0]["pid"], " ".join(
            f["function"] for f in panic[0].get("stack", [])[:6] if f["reliable"])))
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

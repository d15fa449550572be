#!/bin/bash
# `crashsift tasks` against drgn 0.0.22 and crash 8.0.2 on the same dump with
# the same vmlinux debuginfo: wall and CPU time (user + sys) and peak RSS of
# each (/usr/bin/time), RUNS runs each for crashsift and drgn (crash once: it
# takes tens of seconds). drgn runs the script of tests/kernel_objects/
# compare_with_drgn.py's kind: every task, D tasks' stacks, the crashed
# thread's stack; crash `ps -S`, `ps | grep UN`, `foreach UN bt`, `bt -a`.
#   bench/tasks_vs_drgn.sh CRASHSIFT VMLINUX DUMP [RUNS=3]
# On a shared machine compare the CPU columns.
set -euo pipefail
crashsift=${1:?usage: tasks_vs_drgn.sh CRASHSIFT VMLINUX DUMP [RUNS]}
vmlinux=${2:?}
dump=${3:?}
runs=${4:-3}
work=$(mktemp -d /tmp/tasks-vs-drgn.XXXXXX)
trap 'rm -rf "$work"' EXIT
cat > "$work/drgn.py" <<'PY'
from drgn.helpers.linux.pid import for_each_task
from drgn.helpers.linux.sched import task_state_to_char
n = 0
for t in for_each_task(prog):
    n += 1
    if task_state_to_char(t) == "D":
        print(t.pid.value_(), t.comm.string_().decode(), prog.stack_trace(t))
print("tasks", n)
try:
    print(prog.crashed_thread().stack_trace())
except Exception as e:
    print("crashed_thread:", e)
PY
printf '!echo "=== ps -S"\nps -S\n!echo "=== ps UN"\nps | grep UN\n!echo "=== foreach UN bt"\nforeach UN bt\n!echo "=== bt -a"\nbt -a\nq\n' > "$work/crash.cmds"
measure() {  # name command...
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" > "$work/out" 2> "$work/err" < /dev/null || true
  read -r wall user sys rss < "$work/t"
  printf '%-34s wall %6.2f s  cpu %6.2f s  peak RSS %5d MB\n' "$name" "$wall" \
    "$(echo "$user + $sys" | bc)" $((rss / 1024))
}
echo "dump: $dump ($(stat -c %s "$dump") bytes), vmlinux: $vmlinux"
for i in $(seq "$runs"); do
  measure "crashsift tasks --state D" "$crashsift" tasks --state D --debuginfo "$vmlinux" "$dump"
  measure "crashsift tasks --format json" "$crashsift" tasks --format json --debuginfo "$vmlinux" "$dump"
  measure "drgn (tasks, D stacks, crashed)" drgn -q -c "$dump" -s "$vmlinux" "$work/drgn.py"
done
grep -c "^[0-9]" "$work/out" | sed 's/^/drgn D tasks: /' || true
if command -v crash > /dev/null; then
  measure "crash -s (ps -S, UN, bt -a)" timeout 600 crash -s -i "$work/crash.cmds" "$vmlinux" "$dump"
  echo "crash: $(cat "$work/out" "$work/err" | grep -m1 WARNING || true)"
  echo "crash: $(grep -A1 '=== ps -S' "$work/out" | tail -1 | sed 's/^ *//') (ps -S)," \
    "UN tasks listed: $(sed -n '/=== ps UN/,/=== foreach/p' "$work/out" | grep -v '^===' | grep -c ' UN ' || true)"
fi

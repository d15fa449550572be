#!/bin/bash
# A dump of a hang that the printk ring does not show: ../shared/lab's `hung`
# scenario (two writers in D state on a frozen ext4, then sysrq-c, dumped by
# QEMU) with khungtaskd disabled (hung_task_timeout_secs=0) and without the
# sysrq w/l/m dumps, so only the dump's task list knows the tasks are stuck.
# Used by tests/kernel_objects (CRASHSIFT_LAB_QUIET_DUMP). Needs root, ~2 min
# on 2 cores (TCG), writes ~1.1 GB under OUT.
#   corpus/tools/make-quiet-hang-dump.sh OUT   [LAB=../shared/lab]
set -euo pipefail
OUT=${1:?usage: make-quiet-hang-dump.sh OUT}
LAB=${LAB:-$(dirname "$(realpath "$0")")/../../../shared/lab}
work=$(mktemp -d)
cp -r "$LAB"/. "$work"/
python3 - "$work/guest/init-main.sh" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('echo 5 > /proc/sys/kernel/hung_task_timeout_secs',
              'echo 0 > /proc/sys/kernel/hung_task_timeout_secs  # quiet: khungtaskd never reports')
a = s.index('# wait for khungtaskd to report')
b = s.index('log "hung task report seen after ${i}s"')
s = s[:a] + 'sleep 8\n' + s[b:]
a = s.index('log "sysrq w (blocked tasks)"')
b = s.index('log "triggering panic via sysrq c"')
s = s[:a] + s[b:]
open(p, 'w').write(s)
PY
# deps once (installs QEMU, the kernel, drgn...; LAB_DBG=1 also fetches the vmlinux)
bash "$work/make-vmcores.sh" "$OUT" deps initramfs hung
echo "dump: $OUT/dumps/qemu-hung.elf  vmlinux: $(ls "$OUT"/build/vmlinux-* 2>/dev/null)"

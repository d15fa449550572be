#!/bin/bash
# The samples of corpus/logs/formats/ that come from running a tool on this
# host over an existing artifact:
#   crash-log.log / crash-log-m.log: crash 8.0.2 'log' / 'log -m' on a lab kdump
#     (needs the lab output: ../shared/lab/make-vmcores.sh OUTDIR with LAB_DBG=1)
#   dmesg-T-de_DE.log / dmesg-T-zh_CN.log: util-linux dmesg -T in other locales,
#     reading dmesg-r.log with -F (the wall clock is this host's boot time)
#
# usage: make-tool-output-samples.sh LAB_OUTDIR FORMATS_DIR
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 LAB_OUTDIR FORMATS_DIR" >&2; exit 2; }
LAB=$(realpath "$1"); F=$(realpath "$2")
VMLINUX=$(ls "$LAB"/build/vmlinux-* | head -1)
DUMP=$LAB/dumps/hungpanic/kdump.vmcore.kdump-lzo-d31
printf 'log\nexit\n' | crash -s "$VMLINUX" "$DUMP" > "$F/crash-log.log"
printf 'log -m\nexit\n' | crash -s "$VMLINUX" "$DUMP" > "$F/crash-log-m.log"

# Debian's 'locales' package; localedef builds just the two we need.
command -v localedef >/dev/null || apt-get install -y -q locales
for l in de_DE zh_CN; do
    locale -a | grep -qi "^$l.utf8$" || localedef -i "$l" -f UTF-8 "$l.UTF-8"
    LC_ALL=$l.UTF-8 dmesg -F "$F/dmesg-r.log" -T > "$F/dmesg-T-$l.log"
done

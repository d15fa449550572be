#!/bin/bash
# Rebuilds corpus/vmcores/ from two lab runs of ../shared/lab/make-vmcores.sh:
#   LAB=/work/lab-out     full run (512 MiB guest, real kdump capture kernel)
#   SMALL=/work/lab-small LAB_MEM=256 LAB_DBG=0 run of the `hung` step (QEMU dumps) + convert + tools
#   LA57=/work/lab-la57     the same as SMALL with `-cpu max,la57=on` (5-level paging guest): hung convert tools
#   ARM64=/work/lab-arm64/run2  corpus/tools/make-arm64-vmcore.sh output (arm64 guest, sysrq c)
#   BUILD=/work/build-vmcore  (targets vmcore_trim_tool vmcore_reencode_tool)
# Every dump is a real lab dump; the test-only tools only
#  - vmcore_reencode_tool: recompress a real makedumpfile -l dump's pages with snappy/zstd
#    (Debian's makedumpfile 1.7.2 has neither), and
#  - vmcore_trim_tool: zero the bytes dmesg extraction does not read (other pages' data),
#    keeping size and layout, so that `zstd -19` makes each a few hundred KB.
# Expected texts are what makedumpfile --dump-dmesg / vmcore-dmesg printed (lab `tools` step),
# on the same dump or, where they cannot read it, on the equivalent file named below.
set -euo pipefail
LAB=${LAB:-/work/lab-out} SMALL=${SMALL:-/work/lab-small} LA57=${LA57:-/work/lab-la57} BUILD=${BUILD:-/work/build-vmcore}
OUT=$(cd "$(dirname "$0")/../vmcores" && pwd)
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
TRIM=$BUILD/tests/vmcore/vmcore_trim_tool REENC=$BUILD/tests/vmcore/vmcore_reencode_tool

add() { # name source-dump expected-makedumpfile-text [expected-vmcore-dmesg-text]
  local name=$1 src=$2 mdf=$3 raw=${4:-}
  mkdir -p "$TMP/t"; ln -sf "$src" "$TMP/$name"
  "$TRIM" "$TMP/t" "$TMP/$name" 2>/dev/null
  zstd -q -19 -f "$TMP/t/$name" -o "$OUT/$name.zst"
  install -m 644 "$mdf" "$OUT/$name.makedumpfile-dmesg.txt"
  [ -n "$raw" ] && install -m 644 "$raw" "$OUT/$name.vmcore-dmesg.txt"
  rm -f "$TMP/$name" "$TMP/t/$name"
  printf '%-40s %10d -> %8d\n' "$name" "$(stat -c %s "$src")" "$(stat -c %s "$OUT/$name.zst")"
}
T=$LAB/tools D=$LAB/dumps
# real kdump capture kernel (makedumpfile 1.7.2 inside the capture kernel / cp /proc/vmcore)
add kdump-hung.elf-full        $D/kdump/kdump.vmcore.elf-full        $T/kdump_kdump.vmcore.elf-full.mdf-dmesg.out $T/kdump_kdump.vmcore.elf-full.vmcore-dmesg.out
add kdump-hung.elf-d31         $D/kdump/kdump.vmcore.elf-d31         $T/kdump_kdump.vmcore.elf-d31.mdf-dmesg.out
add hungpanic.kdump-lzo-d31    $D/hungpanic/kdump.vmcore.kdump-lzo-d31 $T/hungpanic_kdump.vmcore.kdump-lzo-d31.mdf-dmesg.out
add oops.kdump-zlib-d31        $D/oops/kdump.vmcore.kdump-zlib-d31   $T/oops_kdump.vmcore.kdump-zlib-d31.mdf-dmesg.out
# makedumpfile cannot read -F output itself: reference is --dump-dmesg on its -R reassembly
makedumpfile -R "$TMP/sl.reassembled" < $D/softlockup/kdump.vmcore.flat-lzo-d31 > /dev/null 2>&1
makedumpfile --dump-dmesg "$TMP/sl.reassembled" "$TMP/sl.txt" > /dev/null 2>&1
add softlockup.flat-lzo-d31    $D/softlockup/kdump.vmcore.flat-lzo-d31 "$TMP/sl.txt"
# snappy / zstd: pages of the real hungpanic lzo dump recompressed (test-only re-encoder)
for c in snappy zstd; do
  "$REENC" $c $D/hungpanic/kdump.vmcore.kdump-lzo-d31 "$TMP/hp.$c"
  add hungpanic.kdump-$c-d31   "$TMP/hp.$c" $T/hungpanic_kdump.vmcore.kdump-lzo-d31.mdf-dmesg.out
  rm -f "$TMP/hp.$c"
done
# makedumpfile --split (3 parts) of the real oops ELF /proc/vmcore copy
makedumpfile --split -l -d 31 $D/oops/kdump.vmcore.elf-full "$TMP/oops.split1" "$TMP/oops.split2" "$TMP/oops.split3" > /dev/null 2>&1
mkdir -p "$TMP/t"
"$TRIM" "$TMP/t" "$TMP/oops.split1" "$TMP/oops.split2" "$TMP/oops.split3" 2>/dev/null
for i in 1 2 3; do
  zstd -q -19 -f "$TMP/t/oops.split$i" -o "$OUT/oops.kdump-lzo-d31.split$i.zst"
  printf '%-40s %10d -> %8d\n' "oops.kdump-lzo-d31.split$i" "$(stat -c %s "$TMP/oops.split$i")" "$(stat -c %s "$OUT/oops.kdump-lzo-d31.split$i.zst")"
done
install -m 644 $T/oops_kdump.vmcore.elf-full.mdf-dmesg.out "$OUT/oops.kdump-lzo-d31.split.makedumpfile-dmesg.txt"
# QEMU 7.2 dump-guest-memory of a 256 MiB guest (hung scenario). makedumpfile cannot read QEMU's
# ELF (e_phoff=192) nor its flattened kdump: reference is --dump-dmesg on the lab's phdr-fixed copy.
S=$SMALL/dumps ST=$SMALL/tools
add qemu-hung.elf              $S/qemu-hung.elf                      $ST/converted_qemu-hung.elf-phfixed.mdf-dmesg.out
add qemu-hung.elf-paging       $S/qemu-hung.elf-paging               $ST/converted_qemu-hung.elf-phfixed.mdf-dmesg.out
add qemu-hung.flat-zlib        $S/qemu-hung.kdump-zlib               $ST/converted_qemu-hung.elf-phfixed.mdf-dmesg.out
add qemu-hung.kdump-nocomp-d31 $S/converted/qemu-hung.kdump-nocomp-d31 $ST/converted_qemu-hung.kdump-nocomp-d31.mdf-dmesg.out
# The same QEMU `hung` scenario with 5-level paging (`-cpu max,la57=on`: NUMBER(pgtable_l5_enabled)=1,
# direct map at 0xff1...): QEMU's own ELF and a makedumpfile -l -d 31 conversion of its phdr-fixed copy.
L=$LA57/dumps LT=$LA57/tools
add qemu-la57-hung.elf           $L/qemu-hung.elf                      $LT/converted_qemu-hung.elf-phfixed.mdf-dmesg.out
add qemu-la57-hung.kdump-lzo-d31 $L/converted/qemu-hung.kdump-lzo-d31  $LT/converted_qemu-hung.kdump-lzo-d31.mdf-dmesg.out
# arm64 (corpus/tools/make-arm64-vmcore.sh ARM64=/work/lab-arm64/run2): Debian's 6.1.0-56-arm64 under
# QEMU TCG, sysrq c. QEMU's ELF (paging=true gives the same file on arm) and its flattened kdump-zlib.
# Neither makedumpfile (x86_64-only build) nor vmcore-dmesg can read arm64 dumps on this host: the
# reference is the serial console capture (ignore_loglevel), kept as is (CRLF line ends).
ARM64=${ARM64:-/work/lab-arm64/run2}
for f in elf:elf kdump-zlib:flat-zlib; do
  src=$ARM64/dumps/arm64-sysrq.${f%%:*} name=arm64-sysrq.${f##*:}
  mkdir -p "$TMP/t"; ln -sf "$src" "$TMP/$name"
  "$TRIM" "$TMP/t" "$TMP/$name" 2>/dev/null
  zstd -q -19 -f "$TMP/t/$name" -o "$OUT/$name.zst"
  rm -f "$TMP/$name" "$TMP/t/$name"
  printf '%-40s %10d -> %8d\n' "$name" "$(stat -c %s "$src")" "$(stat -c %s "$OUT/$name.zst")"
done
install -m 644 "$ARM64/console.log" "$OUT/arm64-sysrq.console.log"

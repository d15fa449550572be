#!/bin/bash
# `crashsift dmesg DUMP` against `makedumpfile --dump-dmesg DUMP OUT` on the
# same file, both as whole processes: RUNS alternating runs each (file pages
# warm after the first), median wall and median CPU (user+sys) from bash's
# `time` (millisecond resolution), and whether the two texts are identical.
#   bench/vmcore_dmesg_vs_makedumpfile.sh [--check] CRASHSIFT DUMP [RUNS]
# --check (ctest VmcoreBenchmark.*): exit 1 unless the texts are identical
# and crashsift's median wall time is at most half of makedumpfile's; exit
# 77 (skipped) without makedumpfile or the dump.
# Figures measured on the lab dumps: corpus/vmcores/README.md (Measured).
set -eu
check=0
if [ "${1:-}" = --check ]; then check=1; shift; fi
crashsift=$1
dump=$2
runs=${3:-15}
if [ ! -f "$dump" ] || ! command -v makedumpfile >/dev/null; then
  echo "skipped: no $dump or no makedumpfile"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

TIMEFORMAT='%3R %3U %3S'
for ((i = 0; i < runs; i++)); do
  rm -f "$work/mdf.txt"
  { time makedumpfile --dump-dmesg "$dump" "$work/mdf.txt" >/dev/null 2>&1; } 2>>"$work/mdf.times"
  { time "$crashsift" dmesg "$dump" >"$work/cs.txt" 2>/dev/null; } 2>>"$work/cs.times"
done

report() {
  local name=$1 times=$2
  local wall cpu
  wall=$(awk '{print $1}' "$times" | median)
  cpu=$(awk '{printf "%.3f\n", $2 + $3}' "$times" | median)
  printf '%-26s median wall %6.3f s  median cpu %6.3f s  (%d runs)\n' "$name" "$wall" "$cpu" "$runs"
}
echo "$dump ($(stat -c %s "$dump") bytes)"
report "makedumpfile --dump-dmesg" "$work/mdf.times"
report "crashsift dmesg" "$work/cs.times"
status=0
if cmp -s "$work/mdf.txt" "$work/cs.txt"; then
  echo "outputs identical ($(stat -c %s "$work/cs.txt") bytes)"
else
  echo "OUTPUTS DIFFER"
  status=1
fi
mdf_wall=$(awk '{print $1}' "$work/mdf.times" | median)
cs_wall=$(awk '{print $1}' "$work/cs.times" | median)
if awk -v a="$cs_wall" -v b="$mdf_wall" 'BEGIN {exit !(a <= b / 2)}'; then
  echo "crashsift takes at most half of makedumpfile's time"
else
  echo "crashsift takes MORE than half of makedumpfile's time"
  status=1
fi
[ "$check" = 1 ] && exit "$status"
exit 0

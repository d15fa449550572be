#!/bin/bash
# `crashsift dmesg DUMP` against `makedumpfile --dump-dmesg DUMP OUT` on the
# same file, both as whole processes: RUNS alternating runs each (file pages
# warm after the first), median wall and median CPU (user+sys) from bash's
# `time` (millisecond resolution), and whether the two texts are identical.
#   bench/vmcore_dmesg_vs_makedumpfile.sh CRASHSIFT DUMP [RUNS]
# Figures measured on the lab dumps: bench/README.md (vmcore section).
set -eu
crashsift=$1
dump=$2
runs=${3:-15}
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
if cmp -s "$work/mdf.txt" "$work/cs.txt"; then
  echo "outputs identical ($(stat -c %s "$work/cs.txt") bytes)"
else
  echo "OUTPUTS DIFFER"
fi

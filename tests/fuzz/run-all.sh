#!/usr/bin/env bash
# Runs every libFuzzer target of a -DCRASHSIFT_FUZZ=ON build for SECONDS each,
# seeded from the corpus as the parsers meet it: the real vmcores
# decompressed (cut to the first MAX_LEN bytes: header, bitmaps, notes and
# the first pages), the logs, the signature files, corpus/bad/, and the
# target's own regressions/. (Seeding with the .zst files, as CI did, never
# started a vmcore target from a real dump.)
#   tests/fuzz/run-all.sh BUILD_DIR [SECONDS=60] [TARGET...]
# Environment: CRASHSIFT_FUZZ_MAX_LEN (default 1048576), CRASHSIFT_FUZZ_WORK
# (where seeds, corpora and logs are kept; default a temporary directory,
# removed unless a target fails). Prints one line per target: execs, coverage
# (libFuzzer "cov"/"ft") and the corpus size; exits 1 on the first failure,
# after printing its report and the input (base64) for regressions/.
set -euo pipefail
build=$(cd "${1:?usage: run-all.sh BUILD_DIR [SECONDS] [TARGET...]}" && pwd)
seconds=${2:-60}
shift $(($# < 2 ? $# : 2))
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
max_len=${CRASHSIFT_FUZZ_MAX_LEN:-1048576}
work=${CRASHSIFT_FUZZ_WORK:-$(mktemp -d)}
mkdir -p "$work"

# Seed pools, made once per work directory.
seeds=$work/seeds
if [ ! -d "$seeds/dumps" ]; then
  mkdir -p "$seeds"/{dumps,logs,toml,parts}
  for z in "$root"/corpus/vmcores/*.zst; do
    zstd -dc "$z" 2>/dev/null | head -c "$max_len" >"$seeds/dumps/$(basename "$z" .zst)" || true
  done
  # Split parts: [u32 length of part 1][part 1][part 2], as vmcore_split reads.
  half=$((max_len / 2 - 4))
  p1=$(mktemp) p2=$(mktemp)
  zstd -dc "$root/corpus/vmcores/oops.kdump-lzo-d31.split1.zst" 2>/dev/null | head -c "$half" >"$p1" || true
  zstd -dc "$root/corpus/vmcores/oops.kdump-lzo-d31.split2.zst" 2>/dev/null | head -c "$half" >"$p2" || true
  python3 -c "
import struct, sys
a = open(sys.argv[1], 'rb').read(); b = open(sys.argv[2], 'rb').read()
open(sys.argv[3], 'wb').write(struct.pack('<I', len(a)) + a + b)" "$p1" "$p2" "$seeds/parts/split1-split2"
  rm -f "$p1" "$p2"
  find "$root/corpus/logs" "$root/corpus/bad" -type f -size -2M -exec cp -t "$seeds/logs" {} + 2>/dev/null || true
  find "$root/signatures" "$root/corpus/bad" -name '*.toml' -size -2M -exec cp -t "$seeds/toml" {} + 2>/dev/null || true
fi

# Which seed pools feed which target.
pools_for() {
  case "$1" in
    vmcore_elf | vmcore_kdump | vmcore_flattened | vmcore_prb | printk_log_buf | vmcore_memory)
      echo "$seeds/dumps" ;;
    vmcore_split) echo "$seeds/parts $seeds/dumps" ;;
    signature_toml) echo "$seeds/toml" ;;
    analyze_bytes) echo "$seeds/logs $seeds/dumps" ;;
    *) echo "$seeds/logs" ;;
  esac
}

# Targets whose inputs are text fields or files, not dumps, explore better
# with small inputs (a 1 MiB title only slows every execution down).
max_len_for() {
  case "$1" in
    json_render | signature_toml) echo 65536 ;;
    *) echo "$max_len" ;;
  esac
}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$build"/tests/fuzz/*_fuzzer; do [ -x "$f" ] && targets+=("$(basename "$f" _fuzzer)"); done
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for name in "${targets[@]}"; do
  fuzzer=$build/tests/fuzz/${name}_fuzzer
  corpus=$work/corpus/$name
  mkdir -p "$corpus" "$work/artifacts/$name"
  regressions=()
  [ -d "$root/tests/fuzz/regressions/$name" ] && regressions=("$root/tests/fuzz/regressions/$name")
  log=$work/$name.log
  # shellcheck disable=SC2046
  if ! (cd "$work/artifacts/$name" && "$fuzzer" -max_total_time="$seconds" -max_len="$(max_len_for "$name")" \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$work/artifacts/$name/" \
    "$corpus" $(pools_for "$name") "${regressions[@]}" >"$log" 2>&1); then
    grep -A30 -E '^==[0-9]+==ERROR|runtime error|^SUMMARY|ALARM|out-of-memory' "$log" | head -60 || true
    tail -5 "$log"
    for a in "$work/artifacts/$name"/*; do
      [ -f "$a" ] && echo "input $(basename "$a"): $(head -c 4096 "$a" | base64 -w0)"
    done
    echo "fuzzer $name failed; log and artifacts in $work" >&2
    exit 1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  init=$(grep -E 'INITED' "$log" | grep -oE 'cov: [0-9]+ ft: [0-9]+' | head -1)
  echo "$name: ${seconds}s, $execs execs, seeds ${init:-?} -> ${cov:-?}, corpus $(ls "$corpus" | wc -l) files"
done
[ -n "${CRASHSIFT_FUZZ_WORK:-}" ] || rm -rf "$work"

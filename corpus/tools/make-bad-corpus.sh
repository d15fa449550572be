#!/usr/bin/env bash
# Regenerates corpus/bad/: one small broken input per class of hostile or
# broken input crashsift must answer with one clear line (issue 12). Each is
# cut, flipped or built from a real sample of this corpus, never invented
# from nothing, except where the class is "no sample at all" (random bytes,
# NULs, deep TOML). Their expected error lines and exit statuses live in
# tests/expected/bad.tsv, checked by tests/cli/bad_corpus_test.cc.
#   corpus/tools/make-bad-corpus.sh     (from the top of the repository)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=$root/corpus/bad
kdump=$(mktemp)
trap 'rm -f "$kdump"' EXIT
zstd -dc "$root/corpus/vmcores/hungpanic.kdump-lzo-d31.zst" >"$kdump"
mkdir -p "$out"
cd "$out"
rm -rf ./*.log ./*.vmcore ./*.zst ./*.gz ./*.bin deep-toml escape-sample

: >empty.log
printf '\x7f' >one-byte-elf.vmcore
printf 'K' >one-byte-kdump.vmcore
head -c 200 "$kdump" >kdump-cut-in-header.vmcore
# A lying header: bitmap_blocks (offset 436) claims 8 GiB of bitmap on a
# 8 KiB file; and a bit-flipped block size (offset 428) of 3.
python3 - "$kdump" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read()
head = bytearray(data[:8192])
struct.pack_into('<I', head, 436, 0xfffffff0)
open('kdump-lying-bitmap.vmcore', 'wb').write(head)
flip = bytearray(data[:4096])
struct.pack_into('<i', flip, 428, 3)
open('kdump-bit-flipped-block-size.vmcore', 'wb').write(flip)
PY
# The start of the real dump, zstd-compressed: a compressed vmcore.
head -c 65536 "$kdump" | zstd -q -19 -o kdump-compressed.vmcore.zst
# A zstd bomb: 512 MiB of one log line, compressed to a few KiB.
(set +o pipefail; yes '[    0.000000] the same line again and again' | head -c 536870912 |
  zstd -q -19 -o bomb.log.zst)
# A gzip log cut in the middle of its stream.
(set +o pipefail; gzip -9c "$root/corpus/logs/formats/dmesg.log" | head -c 300 >cut-gzip.log.gz)
# Random bytes, and NULs (a zeroed file, e.g. a preallocated dump never written).
python3 -c "
import random; random.seed(12)
open('random.bin','wb').write(bytes(random.getrandbits(8) for _ in range(65536)))
open('nuls.log','wb').write(bytes(65536))"
# Invalid UTF-8 in a real panic line and task name: analysed, JSON valid.
sed -e 's/Comm: \([a-z]*\)/Comm: \1\xe9\xff/' -e 's/not syncing: /not syncing: \x80\xc3\x28 /' \
  "$root/corpus/logs/formats/crash-log.log" >invalid-utf8.log
# A signature file nested 60000 levels deep (toml++ overflowed its stack).
mkdir -p deep-toml
python3 -c "print('id = \"deep\"\n' + 'a' + '.a' * 60000 + ' = 1')" >deep-toml/deep.toml
# A signature whose test sample climbs out of the corpus.
mkdir -p escape-sample/test
cat >escape-sample/test/escape-sample.toml <<'TOML'
id = "escape-sample"
title = "a sample path that leaves the corpus"
summary = "signatures test must refuse it"
[[require]]
kind = "panic"
[tests]
match = ["../../../../../../../etc/passwd"]
TOML
# A dangling symbolic link given as an input.
ln -sfn ../no-such-file.log dangling.log

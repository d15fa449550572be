#!/bin/bash
# Makes a real arm64 vmcore: Debian bookworm's arm64 kernel (6.1.0-56-arm64, the same 6.1.192-2 as
# the x86_64 lab) booted under QEMU TCG (qemu-system-aarch64 -machine virt -cpu cortex-a57, 256 MiB,
# 2 vCPUs, -device vmcoreinfo), a busybox initramfs whose init prints a few lines, dumps the blocked
# tasks and memory (sysrq w, m) and crashes with sysrq c (panic=0: the guest stays halted). The dump
# is taken over QMP (../shared/lab/qmp-dump.py: dump-guest-memory paging=false ELF, and every
# kdump format QEMU offers for arm, plus paging=true).
#
# usage: make-arm64-vmcore.sh OUT_DIR [QMP_DUMP_SCRIPT (default /work/shared/lab/qmp-dump.py)]
# Downloads (Debian mirror only, ~61 MB; each .deb checked against the SHA256 its Packages.xz index
# lists; the index's own signature is not checked):
#   linux-image-6.1.0-56-arm64-unsigned_6.1.192-2_arm64.deb  (debian-security, bookworm-security)
#   busybox-static_1.35.0-4+deb12u1+b1_arm64.deb               (debian, bookworm)
# and installs the host package qemu-system-arm (apt-get) if qemu-system-aarch64 is missing. The
# host's dpkg architectures are not changed: the .debs are fetched with curl and unpacked with
# dpkg-deb -x. Takes under a minute on 2 shared cores besides the download (boot to panic ~5 s
# under TCG, the three dumps ~3 s).
# Output: OUT_DIR/dumps/arm64-sysrq.{elf,elf-paging,kdump-*}, OUT_DIR/console.log (serial),
# OUT_DIR/tools/*.out (what makedumpfile --dump-dmesg and vmcore-dmesg say on the ELF dump).
set -euo pipefail
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
QMP_DUMP=$(realpath "${2:-/work/shared/lab/qmp-dump.py}")
KVER=6.1.0-56-arm64 KDEB=linux-image-6.1.0-56-arm64-unsigned_6.1.192-2_arm64.deb
BDEB=busybox-static_1.35.0-4+deb12u1+b1_arm64.deb
MIRROR=http://deb.debian.org
mkdir -p "$OUT/dl" "$OUT/dumps" "$OUT/tools"
cd "$OUT/dl"

command -v qemu-system-aarch64 > /dev/null || apt-get install -y -q --no-install-recommends qemu-system-arm

fetch() { # Packages.xz-url pool-file-name: download it once, check its SHA256 against the index
  local index=$1 file=$2 base=${1%%/dists/*} entry
  curl -fsS -o Packages.xz "$index"
  entry=$(xz -dc Packages.xz | awk -v f="$file" '
    /^Filename: /{ n = split($2, p, "/"); hit = (p[n] == f); if (hit) path = $2 } /^SHA256: /{ if (hit) { print path, $2 } }')
  [ -n "$entry" ] || { echo "$file not in $index" >&2; exit 1; }
  [ -f "$file" ] || curl -fsS -O "$base/${entry% *}"
  echo "${entry#* }  $file" | sha256sum -c --quiet
}
fetch $MIRROR/debian-security/dists/bookworm-security/main/binary-arm64/Packages.xz "$KDEB"
fetch $MIRROR/debian/dists/bookworm/main/binary-arm64/Packages.xz "$BDEB"

rm -rf k bb root && mkdir -p k bb root
dpkg-deb -x "$KDEB" k
dpkg-deb -x "$BDEB" bb
# Debian's arm64 vmlinuz is a plain (uncompressed) arm64 Image: QEMU boots it as is.
cp "k/boot/vmlinuz-$KVER" "$OUT/vmlinuz-$KVER"
cp "k/boot/System.map-$KVER" "$OUT/System.map-$KVER"

# --- initramfs: busybox + init + qemu_fw_cfg.ko (writes VMCOREINFO to QEMU's etc/vmcoreinfo) ---
mkdir -p root/bin root/proc root/sys root/dev root/lib
cp bb/bin/busybox root/bin/busybox
for a in sh mount echo cat sleep insmod ls uname; do ln -s busybox "root/bin/$a"; done
cp "k/lib/modules/$KVER/kernel/drivers/firmware/qemu_fw_cfg.ko" root/lib/
cat > root/init << 'EOF'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
log() { echo "LAB: $*" > /dev/kmsg; }
log "arm64 init starting, kernel=$(uname -r) machine=$(uname -m)"
insmod /lib/qemu_fw_cfg.ko && log "qemu_fw_cfg loaded: $(ls /sys/firmware/qemu_fw_cfg/by_name/etc | tr '\n' ' ')"
echo 1 > /proc/sys/kernel/sysrq
log "show blocked tasks (sysrq w) and memory (sysrq m)"
echo w > /proc/sysrq-trigger
echo m > /proc/sysrq-trigger
log "crashing now with sysrq c"
echo c > /proc/sysrq-trigger
log "still alive after sysrq c?!"
exec sh
EOF
chmod 755 root/init
(cd root && find . | cpio -o -H newc --quiet | gzip -9) > "$OUT/initrd-arm64.img"

# --- boot to the panic, dump over QMP ---
rm -f "$OUT/console.log" "$OUT/qmp.sock"
qemu-system-aarch64 -machine virt -cpu cortex-a57 -smp 2 -m 256 -nographic -monitor none \
  -device vmcoreinfo -serial "file:$OUT/console.log" -qmp "unix:$OUT/qmp.sock,server=on,wait=off" \
  -kernel "$OUT/vmlinuz-$KVER" -initrd "$OUT/initrd-arm64.img" \
  -append "console=ttyAMA0 panic=0 ignore_loglevel rdinit=/init" > "$OUT/qemu.log" 2>&1 &
QEMU_PID=$!
trap 'kill $QEMU_PID 2> /dev/null || true' EXIT
python3 "$QMP_DUMP" "$OUT/qmp.sock" "$OUT/console.log" "$OUT/dumps/arm64-sysrq" 600 | tee "$OUT/qmp-dump.log"
wait $QEMU_PID || true

# --- what the reference tools say (host x86_64 builds) ---
# makedumpfile 1.7.2 cannot read QEMU's ELF (e_phoff=192): also try the lab's phdr-fixed copy.
mkdir -p "$OUT/converted"
cp "$OUT/dumps/arm64-sysrq.elf" "$OUT/converted/arm64-sysrq.elf-phfixed"
chmod u+w "$OUT/converted/arm64-sysrq.elf-phfixed"
python3 "$(dirname "$QMP_DUMP")/elf-phoff-fixup.py" "$OUT/converted/arm64-sysrq.elf-phfixed"
cd "$OUT/tools"
# Both fail on arm64 (2026-11-24): Debian's makedumpfile is built for x86_64 only ("vtop4_x86_64:
# Can't get the symbol of init_level4_pgt/init_top_pgt"); vmcore-dmesg translates through PT_LOAD
# virtual addresses, and QEMU's arm dumps have p_vaddr = p_paddr even with paging=true ("No program
# header covering vaddr 0xffff..."). The reference text is then the serial console (ignore_loglevel:
# every record is printed there, with the same "[%5lu.%06lu] " prefix).
for f in "$OUT"/dumps/arm64-sysrq.* "$OUT/converted/arm64-sysrq.elf-phfixed"; do
  b=$(basename "$f")
  makedumpfile --dump-dmesg "$f" "$b.mdf-dmesg.out" > "$b.mdf-dmesg.log" 2>&1 || echo "makedumpfile: exit $? on $b"
  vmcore-dmesg "$f" > "$b.vmcore-dmesg.out" 2> "$b.vmcore-dmesg.log" || echo "vmcore-dmesg: exit $? on $b"
done
ls -la "$OUT/dumps" "$OUT/tools"

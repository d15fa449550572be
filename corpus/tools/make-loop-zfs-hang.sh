#!/bin/bash
# Reproduces openzfs/zfs#17277 for real: a loop device backed by a file on ZFS
# hangs on Linux >= 6.12.25 (loop commit 78253d44e9d34) with OpenZFS < 2.3.3.
# Boots Debian's bookworm-backports kernel 6.12.57+deb12-amd64 under QEMU (TCG)
# with spl.ko/zfs.ko built from Debian's zfs-dkms 2.3.2-2~bpo12+2 (no #17298
# fix), makes a pool on a file in tmpfs, a 512 MiB sparse file on a dataset, puts
# /dev/loop0 on it and runs mkfs.xfs + mount. khungtaskd reports the blocked
# tasks; then sysrq w and l are triggered, a QEMU dump-guest-memory ELF dump
# is taken over QMP (-device vmcoreinfo) and QEMU quits.
#
# usage: sudo corpus/tools/make-loop-zfs-hang.sh WORKDIR [step...]
#   steps (default all): fetch modules initramfs run
#   fetch: a private apt config under WORKDIR/apt (host sources untouched) with
#     bookworm + bookworm-backports main/contrib; `apt-get download`s
#     linux-image-6.12.57+deb12-amd64 (106 MB), zfs-dkms, zfsutils-linux and
#     its libs (2.3.2-2~bpo12+2), xfsprogs, libinih1, liburcu8, pahole (the
#     kernel's module build runs it for BTF); curls linux-headers-*/kbuild
#     6.12.57 from the pool (no longer in the bpo index). ~130 MB total.
#     Everything is dpkg-deb -x'ed into WORKDIR/root: nothing is installed.
#   modules: configure + make -C module -j2 of zfs-2.3.2 against the 6.12.57
#     headers with the host gcc-12: ~13 min on 2 shared cores (configure ~5 min
#     of kernel API probes, make ~8 min).
#   initramfs: busybox-static, the 6.12.57 modules (loop, xfs + deps,
#     decompressed), spl.ko/zfs.ko, zpool/zfs/mkfs.xfs with their libraries.
#   run: QEMU TCG -smp 2 -m 2048, serial console -> WORKDIR/console.log,
#     dump -> WORKDIR/vmcore.elf (~2 GB). ~6 min (guest time ~330 s).
#   needs on the host: qemu-system-x86, busybox-static, cpio, kmod, xz-utils,
#     gcc-12, make, python3, curl.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 WORKDIR [step...]" >&2; exit 2; }
mkdir -p "$1"; W=$(realpath "$1"); shift
STEPS=${*:-fetch modules initramfs run}
KVER=6.12.57+deb12-amd64
KDEB=6.12.57-1~bpo12+1
ZVER=2.3.2-2~bpo12+2
R=$W/root
SRC=$R/usr/src
HDR=$SRC/linux-headers-$KVER
HDR_COMMON=$SRC/linux-headers-6.12.57+deb12-common
ZB=$W/zfs-build
has_step() { [[ " $STEPS " == *" $1 "* ]]; }
log() { echo "[$(date +%T)] $*" >&2; }

step_fetch() {
    mkdir -p "$W"/apt/{lists/partial,cache/archives/partial,etc} "$W/debs" "$R" "$W/tools"
    cat > "$W/apt/etc/sources.list" <<EOF
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main contrib
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-backports main contrib
EOF
    cat > "$W/apt/apt.conf" <<EOF
Dir::Etc::SourceList "$W/apt/etc/sources.list";
Dir::Etc::SourceParts "/nonexistent";
Dir::State::Lists "$W/apt/lists";
Dir::Cache "$W/apt/cache";
EOF
    export APT_CONFIG=$W/apt/apt.conf
    apt-get update -q
    ( cd "$W/debs" &&
      apt-get download "linux-image-$KVER" "zfs-dkms=$ZVER" "zfsutils-linux=$ZVER" \
          "libzfs6linux=$ZVER" "libzpool6linux=$ZVER" "libnvpair3linux=$ZVER" \
          "libuutil3linux=$ZVER" xfsprogs libinih1 liburcu8 pahole &&
      for f in "linux-headers-${KVER}_${KDEB}_amd64.deb" \
               "linux-headers-6.12.57+deb12-common_${KDEB}_all.deb" \
               "linux-kbuild-6.12.57+deb12_${KDEB}_amd64.deb"; do
          curl -fsS -O "http://deb.debian.org/debian/pool/main/l/linux/$f"
      done )
    for d in "$W"/debs/*.deb; do
        case "$d" in */pahole_*) dpkg-deb -x "$d" "$W/tools";; *) dpkg-deb -x "$d" "$R";; esac
    done
    # The headers' Makefile includes the common tree by its installed path.
    echo "include $HDR_COMMON/Makefile" > "$HDR/Makefile"
}

step_modules() {
    rm -rf "$ZB"; cp -a "$SRC/zfs-2.3.2" "$ZB"
    export PATH=$W/tools/usr/bin:$PATH LD_LIBRARY_PATH=$W/tools/usr/lib/x86_64-linux-gnu
    ( cd "$ZB" && ./configure --with-config=kernel --with-linux="$HDR_COMMON" \
          --with-linux-obj="$HDR" > "$W/configure.log" 2>&1 &&
      make -C module -j2 > "$W/make.log" 2>&1 )
    ls -la "$ZB/module/spl.ko" "$ZB/module/zfs.ko"
}

# copy a binary from the extracted packages (or the host) and its libraries
copy_bin() { # binary guest-path
    local lp=$R/lib/x86_64-linux-gnu:$R/usr/lib/x86_64-linux-gnu
    install -D -m 755 "$1" "$I$2"
    LD_LIBRARY_PATH=$lp ldd "$1" | grep -o '/[^ )]*' | while read -r lib; do
        local dest=/lib/x86_64-linux-gnu/$(basename "$lib")
        case "$lib" in /lib64/*) dest=$lib;; esac
        [ -e "$I$dest" ] || install -D -m 755 "$(readlink -f "$lib")" "$I$dest"
    done
}

step_initramfs() {
    I=$W/initramfs
    rm -rf "$I"; mkdir -p "$I"/{bin,sbin,proc,sys,dev,tmp,mnt,etc,lib/modules/$KVER/extra}
    cp /bin/busybox "$I/bin/busybox"
    for a in $(/bin/busybox --list); do [ -e "$I/bin/$a" ] || ln -s busybox "$I/bin/$a"; done
    ln -sf ../bin/busybox "$I/sbin/modprobe"
    ln -sf /proc/mounts "$I/etc/mtab"
    depmod -b "$R" "$KVER"
    for m in loop xfs; do
        modprobe -d "$R" -S "$KVER" --show-depends "$m" | awk '$1=="insmod"{print $2}' | while read -r ko; do
            local rel=${ko#"$R"}
            install -D -m 644 /dev/null "$I${rel%.xz}"; xz -dc "$ko" > "$I${rel%.xz}"
        done
    done
    cp "$ZB/module/spl.ko" "$ZB/module/zfs.ko" "$I/lib/modules/$KVER/extra/"
    strip --strip-debug "$I/lib/modules/$KVER"/extra/*.ko  # 105 MB -> ~6 MB
    cp "$R/lib/modules/$KVER"/modules.{builtin,builtin.modinfo,order} "$I/lib/modules/$KVER/"
    depmod -b "$I" "$KVER"
    copy_bin "$R/sbin/zpool" /sbin/zpool
    copy_bin "$R/sbin/zfs" /sbin/zfs
    copy_bin "$R/sbin/mount.zfs" /sbin/mount.zfs
    copy_bin "$R/sbin/mkfs.xfs" /sbin/mkfs.xfs
    cat > "$I/init" <<'INIT'
#!/bin/sh
export PATH=/sbin:/bin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
mount -t tmpfs -o size=1200m tmpfs /tmp
echo 20 > /proc/sys/kernel/hung_task_timeout_secs
modprobe loop; modprobe xfs; modprobe zfs
uname -r; zfs version
truncate -s 1G /tmp/pool.img
zpool create -f -m /tank tank /tmp/pool.img
zfs create tank/images
# sparse: mkfs.xfs wants >= 300 MB; writing it all would fill the guest RAM
truncate -s 512M /tank/images/disk.img
zpool list; zfs list
losetup /dev/loop0 /tank/images/disk.img
losetup -a
echo "LAB: mkfs.xfs /dev/loop0" > /dev/kmsg
mkfs.xfs -f /dev/loop0 &
MKFS=$!
i=0; while [ $i -lt 60 ] && kill -0 $MKFS 2>/dev/null; do sleep 1; i=$((i+1)); done
if ! kill -0 $MKFS 2>/dev/null; then
    echo "LAB: mkfs.xfs returned; mount -t xfs /dev/loop0 /mnt" > /dev/kmsg
    mount -t xfs /dev/loop0 /mnt &
fi
sleep 30
# a sync (as in #17277's "sync never returns") gives khungtaskd a task that
# waits without the periodic wakeups of submit_bio_wait()
echo "LAB: sync" > /dev/kmsg
sync &
sleep 270
echo "LAB: sysrq w" > /dev/kmsg
echo w > /proc/sysrq-trigger
sleep 5
echo "LAB: sysrq l" > /dev/kmsg
echo l > /proc/sysrq-trigger
sleep 10
echo "LAB: dump now" > /dev/kmsg
sleep 100000
INIT
    chmod 755 "$I/init"
    ( cd "$I" && find . -print0 | cpio --null -o -H newc --quiet ) | gzip -6 > "$W/initrd.img"
    ls -la "$W/initrd.img"
}

step_run() {
    rm -f "$W/console.log" "$W/vmcore.elf" "$W/qmp.sock"
    qemu-system-x86_64 -machine q35 -accel tcg -cpu max,la57=off -smp 2 -m 2048 \
        -display none -no-user-config -nodefaults -no-reboot -device vmcoreinfo \
        -chardev file,id=ser0,path="$W/console.log" -serial chardev:ser0 \
        -qmp unix:"$W/qmp.sock",server=on,wait=off \
        -kernel "$R/boot/vmlinuz-$KVER" -initrd "$W/initrd.img" \
        -append "console=ttyS0 loglevel=7 log_buf_len=16M panic=0" &
    local qpid=$!
    python3 - "$W/qmp.sock" "$W/console.log" "$W/vmcore.elf" <<'PY'
import json, os, socket, sys, time
sock, console, out = sys.argv[1:4]
t0 = time.time()
while not os.path.exists(sock):
    time.sleep(0.2)
s = socket.socket(socket.AF_UNIX); s.connect(sock); f = s.makefile("rw")
def cmd(name, **args):
    f.write(json.dumps({"execute": name, "arguments": args}) + "\n"); f.flush()
    while True:
        msg = json.loads(f.readline())
        if "event" not in msg:
            return msg
f.readline(); cmd("qmp_capabilities")
while "LAB: dump now" not in open(console, errors="replace").read():
    if time.time() - t0 > 1800:
        print("timeout: no 'LAB: dump now' marker; dumping anyway"); break
    time.sleep(2)
time.sleep(2)
cmd("stop")
print("dump-guest-memory:", cmd("dump-guest-memory", paging=False, protocol="file:" + out))
cmd("quit")
PY
    wait "$qpid" || true
    ls -la "$W/console.log" "$W/vmcore.elf"
}

for s in fetch modules initramfs run; do
    if has_step "$s"; then log "step $s"; "step_$s"; fi
done

#!/bin/bash
# Boots Debian's 6.1 kernel under QEMU (TCG) with a busybox initramfs that also
# holds util-linux dmesg and coreutils dd, makes a task block in D state (ext4
# on a loop device, fsfreeze, a writer renamed txg_sync), lets khungtaskd
# report it, triggers sysrq-w, and then captures the kernel log as each tool
# prints it: dmesg, dmesg -T, -x, -r, -H, and the raw /dev/kmsg records. The
# guest writes the files as a tar archive onto a virtio disk; the host unpacks
# them. The serial console is kept too.
#
# usage: sudo corpus/tools/make-dmesg-samples.sh WORKDIR
#   FMT_APPEND="printk.time=0" adds kernel parameters (a console without timestamps)
#   needs: qemu-system-x86, busybox-static, linux-image-6.1.0-*-amd64, util-linux, cpio, kmod
#   result: WORKDIR/out/{dmesg.txt,dmesg-T.txt,dmesg-x.txt,dmesg-r.txt,dmesg-H.txt,kmsg.txt,...}
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 WORKDIR" >&2; exit 2; }
mkdir -p "$1"; W=$(realpath "$1")
KVER=$(basename "$(ls /boot/vmlinuz-*-amd64 | sort -V | tail -1)" | sed 's/^vmlinuz-//')
R=$W/rootfs
rm -rf "$R" "$W/out"; mkdir -p "$R"/{bin,sbin,proc,sys,dev,tmp,mnt,out} "$W/out"

cp /bin/busybox "$R/bin/busybox"
for a in $(/bin/busybox --list); do [ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"; done
ln -sf ../bin/busybox "$R/sbin/modprobe"
copy_bin() { # binary dest: the binary plus the shared libraries ldd lists
    install -D -m 755 "$1" "$R$2"
    ldd "$1" | grep -o '/[^ )]*' | while read -r lib; do
        [ -e "$R$lib" ] || install -D -m 755 "$(readlink -f "$lib")" "$R$lib"
    done
}
copy_bin /usr/bin/dmesg /usr/bin/util-linux-dmesg
copy_bin /usr/bin/dd /usr/bin/coreutils-dd
for m in loop crc32c_generic ext4 virtio_pci virtio_blk; do
    modprobe -S "$KVER" --show-depends "$m" | awk '$1=="insmod"{print $2}' | while read -r ko; do
        install -D -m 644 "$ko" "$R$ko"
    done
done
cp /lib/modules/"$KVER"/modules.builtin* /lib/modules/"$KVER"/modules.order "$R/lib/modules/$KVER/"
depmod -b "$R" "$KVER"
truncate -s 16M "$R/fs.img"; mkfs.ext4 -q -F "$R/fs.img"

cat > "$R/init" <<'INIT'
#!/bin/sh
export PATH=/usr/bin:/bin:/sbin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
for m in loop crc32c_generic ext4 virtio_pci virtio_blk; do modprobe $m; done
echo "FMT: init starting on $(uname -r)" > /dev/kmsg
echo "<3>FMT: an error-level line written to /dev/kmsg" > /dev/kmsg
printf '<4>FMT: a record with an embedded newline, first part\nsecond part of the same record\n' > /dev/kmsg
# what a colourful init (systemd) and line noise put on a serial console
printf '[\033[0;32m  OK  \033[0m] Reached target \033[0;1;39mFMT Sample Target\033[0m.\r\n' > /dev/console
printf 'FMT: NUL noise follows\000\000\000 and ends here\r\n' > /dev/console
echo 5 > /proc/sys/kernel/hung_task_timeout_secs
losetup /dev/loop0 /fs.img; mount -t ext4 /dev/loop0 /mnt; sync
fsfreeze --freeze /mnt
( echo -n txg_sync > /proc/self/comm; echo data > /mnt/blocked ) &
i=0; while [ $i -lt 60 ] && ! util-linux-dmesg | grep -q "blocked for more than"; do sleep 1; i=$((i+1)); done
echo w > /proc/sysrq-trigger
sleep 1
echo "FMT: capturing" > /dev/kmsg
cd /out
util-linux-dmesg > dmesg.txt
util-linux-dmesg -T > dmesg-T.txt
util-linux-dmesg -x > dmesg-x.txt
util-linux-dmesg -r > dmesg-r.txt
util-linux-dmesg -H --nopager --color=never > dmesg-H.txt
coreutils-dd if=/dev/kmsg of=kmsg.txt iflag=nonblock bs=64k 2> kmsg.dd-stderr.txt
date +%s > guest-date.txt; uname -a > uname.txt
tar -cf /dev/vda .
sync
poweroff -f
INIT
chmod 755 "$R/init"
( cd "$R" && find . -print0 | cpio --null -o -H newc --quiet ) | gzip -6 > "$W/initrd.img"

truncate -s 0 "$W/disk.img"; truncate -s 16M "$W/disk.img"
timeout 600 qemu-system-x86_64 -machine q35 -accel tcg -cpu max,la57=off -smp 2 -m 512 \
    -display none -no-user-config -nodefaults -no-reboot \
    -chardev file,id=ser0,path="$W/console.log" -serial chardev:ser0 \
    -drive file="$W/disk.img",format=raw,if=virtio \
    -kernel "/boot/vmlinuz-$KVER" -initrd "$W/initrd.img" \
    -append "console=ttyS0 loglevel=7 ${FMT_APPEND:-}"
tar -xf "$W/disk.img" -C "$W/out"
ls -la "$W/out"

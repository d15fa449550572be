#!/bin/bash
# Boots Debian's 6.1 kernel under QEMU (TCG) with a busybox initramfs whose
# init writes one 100,000-byte line to /dev/console between two kernel
# records (as a program dumping a blob without newlines does), then powers
# off. The serial console capture (QEMU file chardev) is the sample: a real
# console log holding a line longer than crashsift's 64 KiB line limit.
#
# usage: sudo corpus/tools/make-long-line-sample.sh WORKDIR
#   needs: qemu-system-x86, busybox-static, linux-image-6.1.0-*-amd64, cpio
#   result: WORKDIR/console.log
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 WORKDIR" >&2; exit 2; }
mkdir -p "$1"; W=$(realpath "$1")
KVER=$(basename "$(ls /boot/vmlinuz-*-amd64 | sort -V | tail -1)" | sed 's/^vmlinuz-//')
R=$W/rootfs
rm -rf "$R" "$W/console.log"; mkdir -p "$R"/{bin,sbin,proc,sys,dev}

cp /bin/busybox "$R/bin/busybox"
for a in $(/bin/busybox --list); do [ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"; done

cat > "$R/init" <<'INIT'
#!/bin/sh
export PATH=/bin:/sbin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
sleep 1
echo "FMT: a 100000-byte line follows on the console" > /dev/kmsg
head -c 100000 /dev/zero | tr '\000' 'x' > /dev/console
printf '\n' > /dev/console
sleep 2  # let the tty drain: otherwise the next printk lands inside the long line
echo "FMT: the long line ended" > /dev/kmsg
sleep 1
poweroff -f
INIT
chmod 755 "$R/init"
( cd "$R" && find . -print0 | cpio --null -o -H newc --quiet ) | gzip -6 > "$W/initrd.img"

timeout 600 qemu-system-x86_64 -machine q35 -accel tcg -cpu max,la57=off -smp 2 -m 512 \
    -display none -no-user-config -nodefaults -no-reboot \
    -chardev file,id=ser0,path="$W/console.log" -serial chardev:ser0 \
    -kernel "/boot/vmlinuz-$KVER" -initrd "$W/initrd.img" \
    -append "console=ttyS0 loglevel=7"
ls -la "$W/console.log"

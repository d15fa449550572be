#!/bin/bash
# Runs the real rsyslogd (Debian bookworm, 8.2302) on this host with a
# configuration that writes kern.* in the traditional template (like
# /var/log/kern.log on Debian <= 12) and every facility in the RFC 3339
# template (like /var/log/messages / syslog on Debian 13, Ubuntu 24.04), then
# replays a guest's /dev/kmsg records to it over UDP as a remote kernel would
# log them (facility kern, tag "kernel:", "[  seconds]" kept as imklog keeps it),
# interleaved with a few daemon.* lines (non-kernel noise).
#
# usage: make-syslog-samples.sh KMSG_FILE WORKDIR
set -euo pipefail
KMSG=$(realpath "$1"); mkdir -p "$2"; W=$(realpath "$2")
rm -f "$W"/kern.log "$W"/messages "$W"/rsyslog.pid
PORT=55514
cat > "$W/rsyslog.conf" <<CONF
global(workDirectory="$W")
module(load="imudp")
input(type="imudp" address="127.0.0.1" port="$PORT")
kern.*  action(type="omfile" file="$W/kern.log" template="RSYSLOG_TraditionalFileFormat")
*.*     action(type="omfile" file="$W/messages" template="RSYSLOG_FileFormat")
CONF
rsyslogd -n -f "$W/rsyslog.conf" -i "$W/rsyslog.pid" &
RPID=$!
sleep 1
python3 - "$KMSG" "$PORT" <<'PY'
import socket, sys, time
kmsg, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
host = "fmtguest"
def send(pri, tag, msg):
    stamp = time.strftime("%b %e %H:%M:%S", time.localtime())
    s.sendto(f"<{pri}>{stamp} {host} {tag}: {msg}".encode(), ("127.0.0.1", port))
    time.sleep(0.002)
n = 0
for line in open(kmsg, encoding="utf-8", errors="replace"):
    line = line.rstrip("\n")
    if line.startswith(" "):
        continue  # dictionary lines are not part of the syslog message
    prefix, _, text = line.partition(";")
    pri, seq, usec = (int(x) for x in prefix.split(",")[:3])
    text = text.replace("\\x0a", "\n")
    if pri >> 3 != 0:
        continue  # user-space writes to /dev/kmsg: imklog would log them under their own facility
    send(pri, "kernel", "[%5d.%06d] %s" % (usec // 1000000, usec % 1000000, text))
    n += 1
    if n % 97 == 0:
        send(30, "systemd[1]", "Started session-%d.scope - Session %d of User root." % (n, n))
PY
sleep 2
kill "$RPID"; wait "$RPID" || true
ls -la "$W"

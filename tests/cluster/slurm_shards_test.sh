#!/usr/bin/env bash
# crashsift on a real Slurm cluster: a private one-node cluster on localhost
# (slurmctld + slurmd as the current user, auth/none, state in a temp dir),
# an array job of N shards in filter mode (paths on stdin, JSON Lines out:
# `crashsift batch -q --files-from - --shard $SLURM_ARRAY_TASK_ID/N`), the
# shards merged, and the merge compared with one local run (sorted, byte for
# byte), and their summaries with each other. The recipe it runs is the one
# README.md shows. Skips (exit 77) without Debian's slurm-wlm.
#
# usage: slurm_shards_test.sh CRASHSIFT CORPUS_DIR [SHARDS]
set -euo pipefail
crashsift=$1
corpus=$2
shards=${3:-3}

for tool in slurmctld slurmd sbatch scontrol sinfo python3; do
  if ! command -v "$tool" >/dev/null 2>&1 && ! [ -x "/usr/sbin/$tool" ]; then
    echo "SKIPPED: $tool not found (install Debian's slurm-wlm to run the Slurm test)"
    exit 77
  fi
done
export PATH=$PATH:/usr/sbin

work=$(mktemp -d /tmp/crashsift-slurm.XXXXXX)
export SLURM_CONF=$work/slurm.conf
cleanup() {
  # Stop what this script started, by its pid files only.
  scontrol shutdown >/dev/null 2>&1 || true
  for pidfile in "$work/slurmd.pid" "$work/slurmctld.pid"; do
    [ -s "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' TERM INT HUP  # through the EXIT trap: never leave daemons behind
fail() {
  echo "FAILED: $*"
  for log in "$work"/log/*.log "$work"/job-*.err; do
    [ -f "$log" ] && { echo "--- $log"; tail -20 "$log"; }
  done
  exit 1
}

# Two free TCP ports on localhost, so parallel runs (and other clusters) do not collide.
read -r ctld_port slurmd_port < <(python3 -c '
import socket
ports = []
socks = []
for _ in range(2):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s); ports.append(s.getsockname()[1])
print(*ports)')
host=$(hostname -s)
user=$(id -un)
mkdir -p "$work/state" "$work/spool" "$work/log"
cat >"$SLURM_CONF" <<CONF
ClusterName=crashsift-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
# No munge: Debian's 22.05 still ships auth/none and cred/none, enough for a
# private cluster on one machine.
AuthType=auth/none
CredType=cred/none
SlurmUser=$user
SlurmdUser=$user
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/pgid
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=crashsift-node NodeAddr=127.0.0.1 NodeHostname=$host CPUs=$shards State=UNKNOWN
PartitionName=crashsift Nodes=crashsift-node Default=YES MaxTime=10 State=UP
CONF

start=$(date +%s)
slurmctld -f "$SLURM_CONF" -i </dev/null >/dev/null 2>&1 || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" -N crashsift-node </dev/null >/dev/null 2>&1 || fail "slurmd did not start"
for _ in $(seq 100); do
  state=$(sinfo -h -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.2
done
[ "$state" = idle ] || fail "the node is '$state', not idle, after 20 s"
echo "cluster up in $(($(date +%s) - start)) s"

# The recipe (README.md, "On a cluster"): one list of paths, one shard per
# array task, each writing its own JSON Lines.
find "$corpus" -type f | sort >"$work/inputs.txt"
cat >"$work/shard.sh" <<JOB
#!/bin/sh
exec "$crashsift" batch -q -j 1 --files-from - --shard "\$SLURM_ARRAY_TASK_ID/$shards" \
  <"$work/inputs.txt" >"$work/shard-\$SLURM_ARRAY_TASK_ID.jsonl"
JOB
chmod +x "$work/shard.sh"
# Bounded here, well inside ctest's timeout, so the cleanup always runs.
timeout 45 sbatch --wait --quiet --array=0-$((shards - 1)) --chdir="$work" --time=5 \
  --output="$work/job-%a.err" "$work/shard.sh" || fail "the array job failed or took over 45 s"
echo "array job of $shards shards done at $(($(date +%s) - start)) s"

cat "$work"/shard-*.jsonl | LC_ALL=C sort >"$work/merged.jsonl"
"$crashsift" batch -q -j 2 --files-from "$work/inputs.txt" -o "$work/local.jsonl" ||
  fail "the local run failed"
LC_ALL=C sort "$work/local.jsonl" >"$work/local.sorted.jsonl"
records=$(wc -l <"$work/local.sorted.jsonl")
[ "$records" -gt 100 ] || fail "only $records records"
for i in $(seq 0 $((shards - 1))); do
  [ -s "$work/shard-$i.jsonl" ] || fail "shard $i wrote nothing"
done
cmp -s "$work/merged.jsonl" "$work/local.sorted.jsonl" ||
  fail "the merged shards differ from one local run: $(diff "$work/merged.jsonl" "$work/local.sorted.jsonl" | head -c 600)"
"$crashsift" summary --summary-format json "$work"/shard-*.jsonl >"$work/shards-summary.json"
"$crashsift" summary --summary-format json "$work/local.jsonl" >"$work/local-summary.json"
python3 - "$work/shards-summary.json" "$work/local-summary.json" <<'PY' || fail "summaries differ"
import json, sys
def counts(path):
    s = json.load(open(path))
    return s["inputs"], {b["id"]: (b["count"], b["key"]) for b in s["buckets"]}
a, b = counts(sys.argv[1]), counts(sys.argv[2])
assert a == b, (a[0], b[0])
PY
echo "PASSED: $records records in $shards Slurm shards equal one local run ($(($(date +%s) - start)) s)"

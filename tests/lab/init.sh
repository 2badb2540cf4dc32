#!/bin/sh
# PID 1 of the UML lab (started by run.sh as `init=…/init.sh`).
#
# The root file system is the host's, through hostfs: every binary the
# host has (charon, FRR, iproute2, the routesh build) is here, and a write
# to a host path is real. So nothing is written outside LAB_OUT: /run,
# /var/tmp (FRR's crash directories) and /dev/shm (the lab's own state,
# LAB_STATE) are tmpfs mounts private to this kernel, gone when it halts.
#
# Environment (from the kernel command line, set by run.sh):
#   LAB_DIR    this directory (tests/lab)
#   LAB_OUT    host directory for results: lab.log, result, daemon logs
#   ROUTESH, ROUTESHD  the binaries under test
#   LAB_STEPS  steps to run (default: all; see scenario.py)
#   LAB_SHELL  1: a shell on the console after the scenario (run.sh --shell)
#
# Writes LAB_OUT/result ("PASS" or "FAIL: why") and always halts: the
# kernel and every process started inside end together. REQUIRES: run as
# init of a UML kernel whose modules are in /usr/lib/uml/modules.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
export LAB_STATE=/dev/shm/lab
export PYTHONDONTWRITEBYTECODE=1

finish() {
  sync
  halt -f
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs tmpfs /var/tmp
mkdir -p /dev/shm /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t devpts devpts /dev/pts
# What udev or systemd would add to a devtmpfs (vtysh -f /dev/stdin …).
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mkdir -p "$LAB_STATE"
hostname lab

if [ ! -d "$LAB_OUT" ]; then
  echo "lab: LAB_OUT ($LAB_OUT) is not a directory"
  finish
fi
echo "FAIL: the lab did not finish (see console.log)" >"$LAB_OUT/result"

# Everything the scenario prints goes to the console and to lab.log.
# timeout: a hung step still ends in a halt (and a FAIL result).
timeout -k 5 "${LAB_TIMEOUT:-420}" python3 "$LAB_DIR/scenario.py" 2>&1 |
  tee "$LAB_OUT/lab.log"

# Daemon logs and output for the post-mortem (they live in the private
# tmpfs): east-charon.log, east-routeshd.out (its stderr), …
for f in "$LAB_STATE"/*/*.log "$LAB_STATE"/*/*.out "$LAB_STATE"/*/state/routeshd.log; do
  [ -f "$f" ] || continue
  router=${f#"$LAB_STATE"/}
  router=${router%%/*}
  cp "$f" "$LAB_OUT/$router-$(basename "$f")"
done

if [ "${LAB_SHELL:-0}" = 1 ]; then
  echo "lab: shell inside UML (routers: ip netns exec east|west …); exit halts"
  sh -i </dev/console >/dev/console 2>&1
fi
finish

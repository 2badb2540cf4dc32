#!/bin/sh
# PID 1 of the benchmark's User-mode Linux kernel (run.sh boots it with
# `init=…/init.sh`).
#
# The root file system is the host's, through hostfs: charon, swanctl,
# iproute2 and the build are all here, and writes to host paths are real,
# so everything this kernel's run creates lives on tmpfs mounts of its own
# (/run, /dev/shm: gone when it halts) except the results in BENCH_OUT.
# It sets up, inside UML:
#   modules   ip_vti, xfrm_user, veth and the crypto, from the UML kernel's
#             own tree (the kernel would ask the host's /lib/modules);
#   rt, sw    two network namespaces joined by a veth pair whose ends are
#             both eth0 and both own 192.0.2.1/24: rt is the router routesh
#             drives, sw the same router driven by swanctl (same local
#             address, separate XFRM state, no conflict);
#   charons   one per namespace, each with its own strongswan.conf (explicit
#             plugin list, install_routes = no as for VTIs), VICI socket
#             and private /run (charon's pid file);
# then runs ipsec_bench in rt and halts. Nothing answers the peers'
# addresses; the peers are respond-only (trap), so no IKE is started.
#
# Environment (kernel command line, set by run.sh):
#   BENCH_BIN    ipsec_bench (absolute path)
#   BENCH_OUT    host directory for results: table.md, bench.log, result,
#                charon logs
#   BENCH_PEERS  peer counts (default 1,50,200); BENCH_RUNS (default 11)
#   BENCH_WORK   where the history and swanctl.conf files go (a host
#                path: SQLite on the disk; default a tmpfs directory)
#
# Writes BENCH_OUT/result: "PASS" or "FAIL: why". Always halts.
# REQUIRES: run as init of a UML kernel whose modules are in
# /usr/lib/uml/modules.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
state=/dev/shm/bench
pids=""

finish() {
  for pid in $pids; do kill "$pid" 2>/dev/null; done
  for pid in $pids; do
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  done
  sync
  halt -f
}

fail() {
  echo "FAIL: $*" >"$BENCH_OUT/result"
  echo "bench: FAIL: $*"
  for ns in rt sw; do
    [ -f "$state/$ns/charon.log" ] && cp "$state/$ns/charon.log" "$BENCH_OUT/charon-$ns.log"
  done
  finish
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /dev/shm
mount -t tmpfs -o mode=0755 tmpfs /dev/shm
hostname bench

if [ ! -d "$BENCH_OUT" ]; then
  echo "bench: BENCH_OUT ($BENCH_OUT) is not a directory"
  halt -f
fi
echo "FAIL: the benchmark did not finish (see console.log)" >"$BENCH_OUT/result"

# Modules, from the UML tree; on-demand loading off afterwards (a helper
# spawned in the middle of a commit would be timed with it).
mkdir -p /run/modules/lib
ln -s /usr/lib/uml/modules /run/modules/lib/modules
printf '#!/bin/sh\nexec /usr/sbin/modprobe -d /run/modules "$@"\n' >/run/modprobe
chmod 755 /run/modprobe
echo /run/modprobe >/proc/sys/kernel/modprobe
modprobe -a -d /run/modules cryptomgr crypto_user aes_generic ip_vti esp4 \
  xfrm_user veth hmac sha1_generic sha256_generic sha512_generic cbc authenc \
  gcm ghash-generic seqiv echainiv drbg || fail "modules did not load"
echo >/proc/sys/kernel/modprobe

ip netns add rt || fail "no network namespaces"
ip netns add sw || fail "no network namespaces"
ip link add eth0 netns rt type veth peer name eth0 netns sw || fail "no veth"
for ns in rt sw; do
  ip -n $ns link set lo up
  ip -n $ns addr add 192.0.2.1/24 dev eth0
  ip -n $ns link set eth0 up
done

for ns in rt sw; do
  dir=$state/$ns
  mkdir -p "$dir/run"
  cat >"$dir/strongswan.conf" <<CONF
# charon and swanctl of namespace $ns (STRONGSWAN_CONF=$dir/strongswan.conf)
charon {
  load_modular = no
  load = random nonce openssl pem pkcs1 x509 revocation constraints pubkey kdf kernel-netlink socket-default vici
  install_routes = no
  install_virtual_ip = no
  plugins {
    vici {
      socket = unix://$dir/charon.vici
    }
  }
  filelog {
    log {
      path = $dir/charon.log
      time_format = %H:%M:%S
      default = 1
      flush_line = yes
    }
  }
  syslog {
    daemon {
      default = -1
    }
  }
}
swanctl {
  load = pem pkcs1 x509 revocation constraints pubkey openssl random
  socket = unix://$dir/charon.vici
}
CONF
  ip netns exec $ns env STRONGSWAN_CONF="$dir/strongswan.conf" \
    sh -c 'mount --bind "$1" /run && exec /usr/lib/ipsec/charon' sh "$dir/run" \
    >"$dir/charon.out" 2>&1 &
  pids="$pids $!"
done
for ns in rt sw; do
  i=0
  until [ -S "$state/$ns/charon.vici" ]; do
    i=$((i + 1))
    [ $i -gt 150 ] && fail "charon ($ns) did not open its VICI socket: $(tail -5 "$state/$ns/charon.out")"
    sleep 0.1
  done
done

work=${BENCH_WORK:-$state/work}
mkdir -p "$work" || fail "cannot create $work"
echo "bench: charons up; ipsec_bench --peers ${BENCH_PEERS:-1,50,200} --runs ${BENCH_RUNS:-11}"
ip netns exec rt env STRONGSWAN_CONF="$state/sw/strongswan.conf" "$BENCH_BIN" \
  --vici "$state/rt/charon.vici" --swanctl-vici "$state/sw/charon.vici" \
  --work "$work" --local 192.0.2.1 --peers "${BENCH_PEERS:-1,50,200}" \
  --runs "${BENCH_RUNS:-11}" >"$BENCH_OUT/table.md" 2>"$BENCH_OUT/bench.log"
rc=$?
[ $rc -eq 0 ] || fail "ipsec_bench exited $rc (bench.log)"
echo PASS >"$BENCH_OUT/result"
echo "bench: PASS"
finish

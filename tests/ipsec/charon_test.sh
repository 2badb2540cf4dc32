#!/bin/sh
# The IPsec driver and VICI client against two real charons on the host
# kernel: two network namespaces joined by veth, one charon each with its
# own strongswan.conf and VICI socket (../shared/notes/backends.md §2.2,
# §4.2). The host kernel has no ESP, so IKE_SAs establish and CHILD_SA
# installs fail; that is enough to test load/unload/initiate/list-sas.
#
# Usage: charon_test.sh path/to/ipsec_charon_test
# Exits 77 (CTest: skipped) without root, charon or iproute2. Always removes
# its namespaces, processes and files.
set -u
test_bin=$1

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
[ -x /usr/lib/ipsec/charon ] ||
  skip "charon not installed (apt-get install strongswan-charon strongswan-swanctl libcharon-extra-plugins)"
command -v ip >/dev/null 2>&1 || skip "iproute2 not installed"

tag="rsi$$"
work=$(mktemp -d /tmp/routesh-ipsec-XXXXXX)
pids=""

cleanup() {
  for pid in $pids; do kill "$pid" 2>/dev/null; done
  for pid in $pids; do
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$pid" 2>/dev/null
  done
  ip netns del "$tag-east" 2>/dev/null
  ip netns del "$tag-west" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

echo "== namespaces $tag-east and $tag-west, veth 192.0.2.1,.11 <-> 192.0.2.2,.12"
ip netns add "$tag-east" || exit 1
ip netns add "$tag-west" || exit 1
ip link add "$tag-e" type veth peer name "$tag-w" || exit 1
ip link set "$tag-e" netns "$tag-east"
ip link set "$tag-w" netns "$tag-west"
for side in east west; do
  dev="$tag-$(echo $side | cut -c1)"
  n=1; [ $side = west ] && n=2
  ip -n "$tag-$side" addr add "192.0.2.$n/24" dev "$dev"
  ip -n "$tag-$side" addr add "192.0.2.1$n/24" dev "$dev"
  ip -n "$tag-$side" link set "$dev" up
  ip -n "$tag-$side" link set lo up
done

for side in east west; do
  mkdir -p "$work/$side/run"
  cat >"$work/$side/strongswan.conf" <<CONF
charon {
  load_modular = no
  # aes sha1 sha2 hmac gmp: libstrongswan's own crypto, in case
  # libstrongswan-standard-plugins (openssl) was not installed.
  load = random nonce aes sha1 sha2 hmac gmp openssl pem pkcs1 x509 revocation constraints pubkey kdf kernel-netlink socket-default vici
  install_routes = no
  install_virtual_ip = no
  retransmit_tries = 2
  retransmit_timeout = 1.0
  plugins {
    vici {
      socket = unix://$work/$side/charon.vici
    }
  }
  filelog {
    log {
      path = $work/$side/charon.log
      time_format = %H:%M:%S
      default = 1
      ike = 2
      cfg = 2
      knl = 1
      flush_line = yes
    }
  }
  syslog {
    daemon {
      default = -1
    }
  }
}
CONF
  # charon's pid file is /run/charon.pid: give each its own /run (`ip netns
  # exec` runs in a private mount namespace).
  ip netns exec "$tag-$side" env STRONGSWAN_CONF="$work/$side/strongswan.conf" \
    sh -c "mount --bind '$work/$side/run' /run && exec /usr/lib/ipsec/charon" \
    >"$work/$side/stdout" 2>&1 &
  pids="$pids $!"
done

for side in east west; do
  i=0
  while [ ! -S "$work/$side/charon.vici" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  if [ ! -S "$work/$side/charon.vici" ]; then
    echo "charon ($side) did not open its VICI socket:"
    cat "$work/$side/stdout" "$work/$side/charon.log" 2>/dev/null | tail -20
    exit 1
  fi
done
echo "== both charons up"

IPSEC_EAST_VICI="$work/east/charon.vici" IPSEC_WEST_VICI="$work/west/charon.vici" \
  "$test_bin"
rc=$?
if [ $rc -ne 0 ]; then
  for side in east west; do
    echo "== charon.log ($side), last lines"
    tail -25 "$work/$side/charon.log" 2>/dev/null
    # ROUTESH_IPSEC_LOGS=DIR keeps the whole logs of a failed run.
    [ -n "${ROUTESH_IPSEC_LOGS:-}" ] && mkdir -p "$ROUTESH_IPSEC_LOGS" &&
      cp "$work/$side/charon.log" "$ROUTESH_IPSEC_LOGS/$side.log"
  done
fi
exit $rc

#!/bin/sh
# charon harness for the operational-command tests: two network namespaces
# joined by veth (east eth0 192.0.2.1/24, west eth0 192.0.2.2/24), one charon
# each with its own strongswan.conf, /run and VICI socket. The host kernel
# has no ESP: IKE_SAs establish, CHILD_SAs fail to install (expected).
# TEST_BINARY then runs inside east's namespace with RS_OPMODE_EAST_VICI,
# RS_OPMODE_WEST_VICI and RS_OPMODE_EAST_PID (east charon's PID).
#
#   charon_run.sh TEST_BINARY [ARGS…]
#
# Skips (exit 77) when not root; fails when charon or iproute2 is missing.
# Removes its namespaces, processes and files on any exit.
set -u
BIN=$1
shift

if [ "$(id -u)" != 0 ]; then echo "opmode ipsec: skipped (needs root)"; exit 77; fi
[ -x /usr/lib/ipsec/charon ] || {
  echo "opmode ipsec: no /usr/lib/ipsec/charon (apt-get install strongswan-charon)"; exit 1; }
command -v ip >/dev/null 2>&1 || { echo "opmode ipsec: no iproute2"; exit 1; }

TAG=rsoi$$
WORK=$(mktemp -d /tmp/routesh-opmode-ipsec-XXXXXX)
TEST_PID=""
PIDS=""

cleanup() {
  status=$?
  [ -n "$TEST_PID" ] && kill -9 "$TEST_PID" 2>/dev/null
  for pid in $PIDS; do kill "$pid" 2>/dev/null; done
  for pid in $PIDS; do
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$pid" 2>/dev/null
  done
  for side in east west; do
    # Whatever still runs in our own namespaces was started here.
    for pid in $(ip netns pids "$TAG-$side" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    ip netns del "$TAG-$side" 2>/dev/null
  done
  if [ $status -ne 0 ]; then
    for side in east west; do
      [ -f "$WORK/$side/charon.log" ] && { echo "--- charon.log ($side)"; tail -n 25 "$WORK/$side/charon.log"; }
    done
  fi
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$TAG-east" || { echo "opmode ipsec: cannot create network namespaces"; exit 1; }
ip netns add "$TAG-west" || exit 1
ip link add "$TAG-e" type veth peer name "$TAG-w" || exit 1
ip link set "$TAG-e" netns "$TAG-east" || exit 1
ip link set "$TAG-w" netns "$TAG-west" || exit 1
n=1
for side in east west; do
  dev="$TAG-$(echo $side | cut -c1)"
  # eth0 inside the namespace: the name the configuration's
  # ipsec-interfaces uses.
  ip -n "$TAG-$side" link set "$dev" name eth0 || exit 1
  ip -n "$TAG-$side" addr add "192.0.2.$n/24" dev eth0 || exit 1
  ip -n "$TAG-$side" link set eth0 up || exit 1
  ip -n "$TAG-$side" link set lo up || exit 1
  n=2
done

for side in east west; do
  mkdir -p "$WORK/$side/run"
  cat >"$WORK/$side/strongswan.conf" <<CONF
charon {
  load_modular = no
  load = random nonce aes sha1 sha2 hmac gmp openssl pem pkcs1 x509 revocation constraints pubkey kdf kernel-netlink socket-default vici
  install_routes = no
  install_virtual_ip = no
  retransmit_tries = 2
  retransmit_timeout = 1.0
  plugins {
    vici {
      socket = unix://$WORK/$side/charon.vici
    }
  }
  filelog {
    log {
      path = $WORK/$side/charon.log
      time_format = %H:%M:%S
      default = 1
      ike = 2
      cfg = 2
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
  # charon writes /run/charon.pid: each gets its own /run (`ip netns exec`
  # runs in a private mount namespace); exec keeps the PID.
  ip netns exec "$TAG-$side" env STRONGSWAN_CONF="$WORK/$side/strongswan.conf" \
    sh -c "mount --bind '$WORK/$side/run' /run && exec /usr/lib/ipsec/charon" \
    >"$WORK/$side/stdout" 2>&1 &
  PIDS="$PIDS $!"
  [ $side = east ] && EAST_PID=$!
done

for side in east west; do
  i=0
  while [ ! -S "$WORK/$side/charon.vici" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  if [ ! -S "$WORK/$side/charon.vici" ]; then
    echo "opmode ipsec: charon ($side) did not open its VICI socket"
    cat "$WORK/$side/stdout"
    exit 1
  fi
done

export RS_OPMODE_EAST_VICI="$WORK/east/charon.vici" RS_OPMODE_WEST_VICI="$WORK/west/charon.vici"
export RS_OPMODE_EAST_PID=$EAST_PID
# In the background: a signal to this script (a CTest timeout) runs the
# cleanup at once instead of after the test program.
ip netns exec "$TAG-east" "$BIN" "$@" &
TEST_PID=$!
wait $TEST_PID

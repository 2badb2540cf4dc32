#!/bin/sh
# FRR harness for the operational-command tests: two routers in network
# namespaces joined by a veth pair (east 169.254.0.1/30, west
# 169.254.0.2/30), each with its own zebra, staticd and bgpd (pathspace -N, sockets
# under /run/frr/<pathspace>, no system service), configured through
# vtysh: east AS 65001 announces 198.51.100.0/24, west AS 65002 announces
# 203.0.113.0/24, each filters what it receives with a route-map over a
# prefix-list and keeps received routes (soft-reconfiguration inbound).
# Then TEST_BINARY runs inside east's namespace (it reads FRR through the
# vty sockets and the interfaces through netlink).
#
#   frr_run.sh TEST_BINARY [ARGS…]
#
# Skips (exit 77) when not root. Fails when FRR, iproute2 or network
# namespaces are missing. Removes every namespace, process and directory it
# created on any exit, a failed or interrupted test included.
set -u
BIN=$1
shift
FRR=/usr/lib/frr
if [ "$(id -u)" != 0 ]; then echo "opmode frr: skipped (needs root)"; exit 77; fi
for d in zebra staticd bgpd; do
  [ -x $FRR/$d ] || { echo "opmode frr: no $FRR/$d (apt-get install frr)"; exit 1; }
done
command -v vtysh >/dev/null || { echo "opmode frr: no vtysh"; exit 1; }
command -v ip >/dev/null || { echo "opmode frr: no iproute2"; exit 1; }

ID=$$
EAST=rsop-e-$ID
WEST=rsop-w-$ID
WORK=$(mktemp -d /tmp/routesh-opmode-XXXXXX)
TEST_PID=""

. "$(dirname "$0")/../frr/pair.sh"
cleanup() {
  status=$?
  [ -n "$TEST_PID" ] && kill -9 "$TEST_PID" 2>/dev/null
  frr_pair_teardown $status
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add $EAST || { echo "opmode frr: cannot create network namespaces"; exit 1; }
ip netns add $WEST || exit 1
frr_pair_link rsope$ID rsopw$ID || exit 1
ip -n $EAST link set rsope$ID alias 'to west' || exit 1
frr_pair_start || exit 1
frr_pair_ready 1 || exit 1

# vtysh NS COMMAND…: configuration commands for one router.
vty() {
  ns=$1
  shift
  set -- -c 'configure terminal' "$@"
  vtysh --vty_socket /run/frr/$ns --config_dir $WORK/$ns "$@"
}

# router NS AS ID PEER PEER_AS ANNOUNCED ACCEPTED
router() {
  vty $1 -c "ip prefix-list ACCEPT seq 5 permit $7 le 32" \
    -c 'ip prefix-list ACCEPT seq 10 deny 0.0.0.0/0 le 32' \
    -c 'route-map IMPORT permit 10' -c 'match ip address prefix-list ACCEPT' -c 'exit' \
    -c 'route-map EXPORT permit 10' -c 'exit' \
    -c "ip route $6 Null0" \
    -c "router bgp $2" -c "bgp router-id $3" -c 'timers bgp 3 9' \
    -c "neighbor $4 remote-as $5" -c "neighbor $4 timers connect 1" \
    -c "neighbor $4 description peer-of-$2" \
    -c 'address-family ipv4 unicast' -c "network $6" \
    -c "neighbor $4 soft-reconfiguration inbound" \
    -c "neighbor $4 route-map IMPORT in" -c "neighbor $4 route-map EXPORT out"
}
router $EAST 65001 169.254.0.1 169.254.0.2 65002 198.51.100.0/24 203.0.113.0/24 || exit 1
router $WEST 65002 169.254.0.2 169.254.0.1 65001 203.0.113.0/24 198.51.100.0/24 || exit 1

export RS_OPMODE_VTY=/run/frr/$EAST RS_OPMODE_CONF=$WORK/$EAST
export RS_OPMODE_IF=rsope$ID RS_OPMODE_PEER=169.254.0.2
# In the background: a signal to this script (a CTest timeout) runs the
# cleanup at once instead of after the test program.
ip netns exec $EAST "$BIN" "$@" &
TEST_PID=$!
wait $TEST_PID

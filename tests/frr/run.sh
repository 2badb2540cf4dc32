#!/bin/sh
# Live FRR harness: two routers in network namespaces, joined by a veth pair,
# each with its own zebra, staticd and bgpd (pathspace -N, sockets under
# /run/frr/<pathspace>, no system service), then the test program that
# drives them through the routesh FRR drivers.
#
#   run.sh TEST_BINARY
#
# Skips (exit 77) when not root, when FRR is not installed or when network
# namespaces are not available. Cleans up every namespace, process and
# directory it created on any exit, including a failed or interrupted test.
set -u
BIN=$1
FRR=/usr/lib/frr
if [ "$(id -u)" != 0 ]; then echo "frr: skipped (needs root)"; exit 77; fi
for d in zebra staticd bgpd; do
  [ -x $FRR/$d ] || { echo "frr: skipped (no $FRR/$d; apt-get install frr)"; exit 77; }
done
command -v vtysh >/dev/null || { echo "frr: skipped (no vtysh)"; exit 77; }
command -v ip >/dev/null || { echo "frr: skipped (no iproute2)"; exit 77; }

ID=$$
EAST=rsfrr-e-$ID
WEST=rsfrr-w-$ID
WORK=$(mktemp -d /tmp/routesh-frr-XXXXXX)
STARTED=""

. "$(dirname "$0")/pair.sh"
cleanup() {
  status=$?
  frr_pair_teardown $status
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add $EAST || { echo "frr: skipped (cannot create network namespaces)"; exit 77; }
ip netns add $WEST || exit 1
frr_pair_link rse$ID rsw$ID || exit 1
frr_pair_start || exit 1
frr_pair_ready "${RS_FRR_DELAY_TIMER:-1}" || exit 1

export RS_FRR_EAST_NS=$EAST RS_FRR_WEST_NS=$WEST
export RS_FRR_EAST_VTY=/run/frr/$EAST RS_FRR_WEST_VTY=/run/frr/$WEST
export RS_FRR_EAST_CONF=$WORK/$EAST RS_FRR_WEST_CONF=$WORK/$WEST
export RS_FRR_EAST_IF=rse$ID
"$BIN"

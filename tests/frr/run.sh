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

cleanup() {
  status=$?
  for ns in $EAST $WEST; do
    for d in bgpd staticd zebra; do
      pidfile=/run/frr/$ns/$d.pid
      [ -f $pidfile ] && kill "$(cat $pidfile)" 2>/dev/null
    done
  done
  sleep 0.3
  for ns in $EAST $WEST; do
    # Anything still running inside our own namespaces was started here.
    for pid in $(ip netns pids $ns 2>/dev/null); do kill -9 $pid 2>/dev/null; done
    ip netns del $ns 2>/dev/null
    rm -rf /run/frr/$ns
  done
  if [ $status -ne 0 ] && [ -d "$WORK" ]; then
    for f in "$WORK"/*/*.log; do
      [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }
    done
  fi
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add $EAST || { echo "frr: skipped (cannot create network namespaces)"; exit 77; }
ip netns add $WEST || exit 1
ip -n $EAST link set lo up && ip -n $WEST link set lo up || exit 1
ip -n $EAST link add rse$ID type veth peer name rsw$ID netns $WEST || exit 1
ip -n $EAST addr add 169.254.0.1/30 dev rse$ID || exit 1
ip -n $WEST addr add 169.254.0.2/30 dev rsw$ID || exit 1
ip -n $EAST link set rse$ID up && ip -n $WEST link set rsw$ID up || exit 1

mkdir -p /run/frr
chown frr:frr /run/frr
for ns in $EAST $WEST; do
  mkdir -p /run/frr/$ns $WORK/$ns
  echo 'service integrated-vtysh-config' > $WORK/$ns/vtysh.conf
  chown frr:frr /run/frr/$ns $WORK/$ns
  for d in zebra staticd bgpd; do
    ip netns exec $ns $FRR/$d -d -N $ns -u frr -g frr \
      --log file:$WORK/$ns/$d.log -i /run/frr/$ns/$d.pid -f /dev/null || exit 1
  done
done
# The daemons are ready when their vty sockets answer. The route-map delay
# timer is 1 s, not 0: FRR 8.4.4 takes 0 as "never apply route-map and
# prefix-list changes to routes already received" (bgp_routemap.c,
# bgp_route_map_mark_update: "rmap_update_timer of 0 means don't do route
# updates"), measured here: with 0, editing a prefix-list used by a
# route-map never changes the received routes. 1 s keeps start-up fast.
for ns in $EAST $WEST; do
  tries=0
  until vtysh --vty_socket /run/frr/$ns --config_dir $WORK/$ns \
          -c 'configure terminal' -c "bgp route-map delay-timer ${RS_FRR_DELAY_TIMER:-1}" >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ $tries -gt 50 ] && { echo "frr: daemons in $ns did not start"; exit 1; }
    sleep 0.1
  done
done

export RS_FRR_EAST_NS=$EAST RS_FRR_WEST_NS=$WEST
export RS_FRR_EAST_VTY=/run/frr/$EAST RS_FRR_WEST_VTY=/run/frr/$WEST
export RS_FRR_EAST_CONF=$WORK/$EAST RS_FRR_WEST_CONF=$WORK/$WEST
export RS_FRR_EAST_IF=rse$ID
"$BIN"

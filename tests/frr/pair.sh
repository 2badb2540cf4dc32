# Two FRR routers in network namespaces, for the test scripts that source
# this file (tests/frr/run.sh, tests/opmode/frr_run.sh). The caller sets
# EAST and WEST (namespace names), WORK (a temporary directory) and FRR
# (/usr/lib/frr) and has created both namespaces; each router gets its own
# zebra, staticd and bgpd (pathspace -N <ns>: sockets and pid files under
# /run/frr/<ns>, logs and vtysh.conf under $WORK/<ns>), no system service.

# frr_pair_link IF_EAST IF_WEST: loopbacks up, a veth between the two,
# east 169.254.0.1/30, west 169.254.0.2/30, up.
frr_pair_link() {
  ip -n $EAST link set lo up && ip -n $WEST link set lo up &&
    ip -n $EAST link add $1 type veth peer name $2 netns $WEST &&
    ip -n $EAST addr add 169.254.0.1/30 dev $1 &&
    ip -n $WEST addr add 169.254.0.2/30 dev $2 &&
    ip -n $EAST link set $1 up && ip -n $WEST link set $2 up
}

# frr_pair_start: the daemons of both routers.
frr_pair_start() {
  mkdir -p /run/frr
  chown frr:frr /run/frr
  for ns in $EAST $WEST; do
    mkdir -p /run/frr/$ns $WORK/$ns
    echo 'service integrated-vtysh-config' > $WORK/$ns/vtysh.conf
    chown frr:frr /run/frr/$ns $WORK/$ns
    for d in zebra staticd bgpd; do
      ip netns exec $ns $FRR/$d -d -N $ns -u frr -g frr \
        --log file:$WORK/$ns/$d.log -i /run/frr/$ns/$d.pid -f /dev/null || return 1
    done
  done
}

# frr_pair_ready DELAY: waits until both routers answer on their vty
# sockets, setting `bgp route-map delay-timer DELAY` (1 s, not 0: FRR
# 8.4.4 takes 0 as "never apply route-map and prefix-list changes to
# routes already received" — bgp_routemap.c, bgp_route_map_mark_update —
# measured here: with 0, editing a prefix-list used by a route-map never
# changes the received routes; 1 s keeps start-up fast).
frr_pair_ready() {
  for ns in $EAST $WEST; do
    tries=0
    until vtysh --vty_socket /run/frr/$ns --config_dir $WORK/$ns \
            -c 'configure terminal' -c "bgp route-map delay-timer $1" >/dev/null 2>&1; do
      tries=$((tries + 1))
      [ $tries -gt 50 ] && { echo "frr: daemons in $ns did not start"; return 1; }
      sleep 0.1
    done
  done
}

# frr_pair_teardown STATUS: stops the daemons, kills whatever still runs in
# the two namespaces (it was started here), removes them and their
# /run/frr directories; with a non-zero STATUS prints the daemons' log
# tails first. Removes $WORK.
frr_pair_teardown() {
  for ns in $EAST $WEST; do
    for d in bgpd staticd zebra; do
      pidfile=/run/frr/$ns/$d.pid
      [ -f $pidfile ] && kill "$(cat $pidfile)" 2>/dev/null
    done
  done
  sleep 0.3
  for ns in $EAST $WEST; do
    for pid in $(ip netns pids $ns 2>/dev/null); do kill -9 $pid 2>/dev/null; done
    ip netns del $ns 2>/dev/null
    rm -rf /run/frr/$ns
  done
  if [ "$1" -ne 0 ] && [ -d "$WORK" ]; then
    for f in "$WORK"/*/*.log; do
      [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }
    done
  fi
  rm -rf "$WORK"
}

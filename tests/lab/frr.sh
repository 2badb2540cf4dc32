#!/bin/sh
# Starts one router's FRR (zebra, staticd, bgpd) inside its network
# namespace and waits until all three answer on their vty sockets.
#
# `-N ROUTER` is FRR's pathspace: sockets and pid files go to
# /run/frr/ROUTER, which is what that router's routeshd (--frr-vty) and
# `vtysh --vty_socket /run/frr/ROUTER` talk to. The daemons start with an
# empty configuration (-f /dev/null): routeshd configures them. vtysh's
# own file (vtysh.conf, --config_dir) is $LAB_STATE/ROUTER/vtysh.conf.
#
# Usage: frr.sh ROUTER   (as root, inside UML; LAB_STATE set)
# Output: $LAB_STATE/ROUTER/{zebra,staticd,bgpd}.log, vtysh.conf.
set -eu
router=$1
dir=$LAB_STATE/$router
run=/run/frr/$router
mkdir -p "$dir" "$run"
chown frr:frr /run/frr "$run"
echo 'service integrated-vtysh-config' >"$dir/vtysh.conf"
for d in zebra staticd bgpd; do
  ip netns exec "$router" /usr/lib/frr/$d -d -N "$router" -u frr -g frr \
    --log "file:$dir/$d.log" -i "$run/$d.pid" -f /dev/null
done

# Ready when vtysh reaches all three (`show daemons`: " zebra bgpd staticd").
deadline=$(($(date +%s) + 20))
until vtysh --vty_socket "$run" --config_dir "$dir" -c 'show daemons' 2>/dev/null |
      awk '/zebra/ && /staticd/ && /bgpd/ { ok = 1 } END { exit !ok }'; do
  if [ "$(date +%s)" -ge $deadline ]; then
    echo "FRR ($router) did not answer on $run in 20 s:"
    vtysh --vty_socket "$run" --config_dir "$dir" -c 'show daemons' 2>&1 | tail -5
    tail -n 5 "$dir"/zebra.log "$dir"/staticd.log "$dir"/bgpd.log 2>/dev/null
    exit 1
  fi
  sleep 0.2
done

#!/bin/sh
# Starts one router's charon (strongSwan's IKE daemon) inside its network
# namespace and waits for its VICI socket.
#
# Each charon has its own strongswan.conf (STRONGSWAN_CONF), whose VICI
# socket is $LAB_STATE/<router>/charon.vici — what that router's routeshd
# (--vici) and swanctl (--uri) talk to — and a private /run (charon's pid
# file is /var/run/charon.pid; `ip netns exec` gives the process its own
# mount namespace, so the bind mount is seen by this charon only).
# `install_routes = no`: with VTIs, the kernel routes through the tunnel
# interfaces; charon's own routes (table 220, traffic selectors 0.0.0.0/0)
# would swallow all traffic. The explicit plugin list makes the start fast.
# No connection is loaded here: routeshd loads them over VICI.
#
# Usage: charon.sh ROUTER   (as root, inside UML; LAB_STATE set)
# Output: $LAB_STATE/ROUTER/{strongswan.conf,charon.log,charon.pid}.
set -eu
router=$1
dir=$LAB_STATE/$router
mkdir -p "$dir/run"
cat >"$dir/strongswan.conf" <<CONF
# $router's charon and swanctl (STRONGSWAN_CONF=$dir/strongswan.conf)
charon {
  load_modular = no
  load = random nonce openssl pem pkcs1 x509 revocation constraints pubkey kdf kernel-netlink socket-default vici updown
  install_routes = no
  install_virtual_ip = no
  # IKE retransmissions: 1 s, 1.8 s, 3.2 s (default 4 s, 7.2 s, …), so a
  # first attempt that reached a peer not yet configured is retried soon.
  retransmit_timeout = 1.0
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
swanctl {
  load = pem pkcs1 x509 revocation constraints pubkey openssl random
  socket = unix://$dir/charon.vici
}
CONF

rm -f "$dir/charon.vici"
ip netns exec "$router" env STRONGSWAN_CONF="$dir/strongswan.conf" \
  sh -c 'mount --bind "$1" /run && exec /usr/lib/ipsec/charon' sh "$dir/run" \
  >"$dir/charon.out" 2>&1 &
echo $! >"$dir/charon.pid"

deadline=$(($(date +%s) + 20))
until [ -S "$dir/charon.vici" ]; do
  if [ "$(date +%s)" -ge $deadline ] || ! kill -0 "$(cat "$dir/charon.pid")" 2>/dev/null; then
    echo "charon ($router) did not open $dir/charon.vici:"
    tail -n 20 "$dir/charon.out" "$dir/charon.log" 2>/dev/null
    exit 1
  fi
  sleep 0.1
done

#!/bin/sh
# Starts one router's routeshd (live backend) inside its network namespace
# and waits until it serves its socket.
#
#   routeshd --state-dir $LAB_STATE/ROUTER/state --backend live
#            --frr-vty /run/frr/ROUTER --frr-config-dir $LAB_STATE/ROUTER
#            --vici $LAB_STATE/ROUTER/charon.vici  [EXTRA…]
#
# Inside the namespace, its netlink (VTIs) and kernel addresses (the IPsec
# local-address check) are the router's. EXTRA are the test options
# (--allow-fault-injection, --crash-at PHASE, --minute-seconds N). The
# daemon runs until killed; its pid is in $LAB_STATE/ROUTER/routeshd.pid.
# Ready means its log says "listening on" once more than before the start
# (the socket exists earlier, while it converges after a crash).
#
# Usage: routeshd.sh ROUTER [EXTRA…]   (as root, inside UML; LAB_STATE and
# ROUTESHD set)
set -eu
router=$1
shift
dir=$LAB_STATE/$router
state=$dir/state
log=$state/routeshd.log
mkdir -p "$state"
listening() {  # how many starts the log records
  n=$(grep -c 'listening on' "$log" 2>/dev/null || true)
  echo "${n:-0}"
}
before=$(listening)
ip netns exec "$router" "$ROUTESHD" --state-dir "$state" --backend live \
  --frr-vty "/run/frr/$router" --frr-config-dir "$dir" \
  --vici "$dir/charon.vici" "$@" >>"$dir/routeshd.out" 2>&1 </dev/null &
pid=$!
echo $pid >"$dir/routeshd.pid"
deadline=$(($(date +%s) + 30))
until [ "$(listening)" -gt "$before" ]; do
  if [ "$(date +%s)" -ge $deadline ] || ! kill -0 $pid 2>/dev/null; then
    echo "routeshd ($router) is not serving:"
    tail -n 20 "$dir/routeshd.out"
    exit 1
  fi
  sleep 0.1
done

#!/bin/sh
# End to end through the product: routesh -> routeshd --backend live ->
# FRR, netlink and (absent) charon. Run by frr_run.sh inside east's network
# namespace (RS_OPMODE_* as there):
#
#   frr_run.sh shell_test.sh ROUTESH ROUTESHD
#
# Checks what an operator sees: FRR's text and JSON, pipes, argument
# refusals, the interfaces table, a reset, `run` from configuration mode,
# and charon named as unreachable. Exits non-zero on the first mismatch.
set -u
ROUTESH=$1
ROUTESHD=$2
STATE=$(mktemp -d /tmp/routesh-opmode-shell-XXXXXX)
DAEMON=""
cleanup() {
  status=$?
  [ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null && wait "$DAEMON"
  [ $status -ne 0 ] && [ -f "$STATE/routeshd.log" ] && tail -n 20 "$STATE/routeshd.log"
  rm -rf "$STATE"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$ROUTESHD" --state-dir "$STATE" --backend live --frr-vty "$RS_OPMODE_VTY" \
  --frr-config-dir "$RS_OPMODE_CONF" --vici "$STATE/no-charon.vici" \
  >"$STATE/stderr" 2>&1 &
DAEMON=$!
i=0
while [ ! -S "$STATE/routeshd.sock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -S "$STATE/routeshd.sock" ] || { echo "routeshd did not start"; cat "$STATE/stderr"; exit 1; }

fails=0
# expect NAME STATUS PATTERN LINE: `routesh -c LINE` exits STATUS and its
# stdout+stderr matches the extended regular expression PATTERN.
expect() {
  name=$1 want=$2 pattern=$3 line=$4
  out=$("$ROUTESH" --state-dir "$STATE" -c "$line" 2>&1)
  got=$?
  if [ "$got" != "$want" ] || ! printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
    echo "FAIL $name: routesh -c '$line' exited $got (want $want), output:"
    printf '%s\n' "$out"
    fails=$((fails + 1))
  else
    echo "ok   $name"
  fi
}

peer=$RS_OPMODE_PEER
tries=0
until "$ROUTESH" --state-dir "$STATE" -c 'show ip bgp summary | json' 2>/dev/null |
      grep -q '"state": "Established"'; do
  tries=$((tries + 1))
  [ $tries -gt 60 ] && { echo "no BGP session with west"; exit 1; }
  sleep 0.5
done
until "$ROUTESH" --state-dir "$STATE" -c 'show ip route bgp' 2>/dev/null | grep -q 'B>\*'; do
  tries=$((tries + 1))
  [ $tries -gt 80 ] && { echo "west's route never reached zebra"; exit 1; }
  sleep 0.5
done

expect "summary, prefixes expanded" 0 "^$peer +4 +65002 " 'sh ip b sum'
expect "summary as JSON" 0 '"remoteAs": 65002' 'show ip bgp summary | json'
expect "a pipe over FRR's text" 0 "^B>\* 203\.0\.113\.0/24 \[20/0\] via $peer" \
  'show ip route | match B>'
expect "count of one route" 0 '^1$' 'show ip route bgp | match via | count'
expect "received routes" 0 '203\.0\.113\.0/24 +169\.254\.0\.2' \
  "show ip bgp neighbors $peer received-routes"
expect "a prefix-list" 0 'seq 5 permit 203\.0\.113\.0/24 le 32' 'show ip prefix-list ACCEPT'
expect "a route-map" 0 'route-map: IMPORT' 'show route-map IMPORT'
expect "a bad prefix" 1 "'10\.0\.0\.300' is not an IPv4 address or prefix" \
  'show ip route 10.0.0.300'
expect "a bad neighbor" 1 "'peer1' is not a neighbor address" 'reset ip bgp peer1'
expect "a soft reset" 0 '' "reset ip bgp $peer soft in"
expect "interfaces" 0 "^$RS_OPMODE_IF +169\.254\.0\.1/30 +u/u  to west" 'show interfaces'
expect "run from configuration mode" 0 "^B>\* 203\.0\.113\.0/24" \
  'configure; run show ip route bgp'
expect "charon is not there" 1 '% strongSwan \(charon\) is not reachable at' \
  'show vpn ike sa'
expect "no such command" 1 'Invalid command: \[show ip frob\]' 'show ip frob'
[ $fails -eq 0 ]

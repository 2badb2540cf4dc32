#!/bin/sh
# The lab's network: two routers and a host behind each, as network
# namespaces joined by veth pairs.
#
#   east-lan ──eth0──eth1── east ──eth0══"internet"══eth0── west ──eth1──eth0── west-lan
#   10.20.0.1        10.20.0.30   192.0.2.1, .11       192.0.2.2, .12   10.10.0.30        10.10.0.1
#
# east is the AWS spoke of examples/aws-spoke.set (LAN 10.20.0.0/16, AS
# 65010), west its mirror image (LAN 10.10.0.0/16, AS 64512). Each router
# owns two outside addresses, one per tunnel. Addresses of `interfaces
# ethernet` are this script's: in live mode routesh renders them to a file
# and does not touch the links (the configuration states the same ones).
# The LAN hosts route everything to their router.
#
# Usage: topology.sh   (as root; creates namespaces east, west, east-lan,
# west-lan, which must not exist)
set -eu
for ns in east west east-lan west-lan; do
  ip netns add $ns
  ip -n $ns link set lo up
done

ip link add eth0 netns east type veth peer name eth0 netns west
ip -n east addr add 192.0.2.1/24 dev eth0
ip -n east addr add 192.0.2.11/24 dev eth0
ip -n west addr add 192.0.2.2/24 dev eth0
ip -n west addr add 192.0.2.12/24 dev eth0

lan() {  # router host router-address host-address
  ip link add eth1 netns $1 type veth peer name eth0 netns $2
  ip -n $1 addr add $3/24 dev eth1
  ip -n $2 addr add $4/24 dev eth0
  ip -n $1 link set eth1 up
  ip -n $2 link set eth0 up
  ip -n $2 route add default via $3
}
lan east east-lan 10.20.0.30 10.20.0.1
lan west west-lan 10.10.0.30 10.10.0.1

for ns in east west; do
  ip -n $ns link set eth0 up
  ip netns exec $ns sysctl -q -w net.ipv4.ip_forward=1
done

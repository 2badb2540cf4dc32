// A small schema for unit tests, independent of the real definitions.
#ifndef ROUTESH_SCHEMA_TEST_SCHEMA_H_
#define ROUTESH_SCHEMA_TEST_SCHEMA_H_

#include <memory>

#include "schema/schema.h"

namespace schema {

// interfaces vti <vtiN> {address (multi ipv4-host), mtu (68-9000, default
// 1500), description, disable}; protocols static route <prefix> next-hop
// <ip> distance; policy route-map <name> rule <n> action (mandatory);
// protocols bgp <asn> (maxValues 1) neighbor <ip> {remote-as, route-map
// import (ref policy route-map), peer-group (ref protocols bgp * peer-group),
// address-family ipv4-unicast route-map import}, with the 1.1 alias
// neighbor route-map -> address-family ipv4-unicast route-map;
// peer-group <name>; vpn peer <name> bind (ref interfaces vti, unique).
const Schema& test_schema();

}  // namespace schema

#endif  // ROUTESH_SCHEMA_TEST_SCHEMA_H_

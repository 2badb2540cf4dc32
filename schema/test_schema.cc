#include "schema/test_schema.h"

#include <cstdio>
#include <cstdlib>

namespace schema {

const Schema& test_schema() {
  static const Schema* s = [] {
    auto r = Schema::load({{"test_interfaces.json", R"({
      "mount": ["interfaces"],
      "nodes": {"vti": {"kind": "tag", "type": "interface:vti", "owner": "vti",
        "priority": 381, "help": "Virtual tunnel interface",
        "children": {
          "address": {"kind": "multi", "type": "ipv4-host", "help": "IP address"},
          "mtu": {"kind": "leaf", "type": "u32:68-9000", "default": "1500",
                  "help": "MTU"},
          "description": {"kind": "leaf", "type": "text", "help": "Description"},
          "disable": {"kind": "valueless", "help": "Disable"}}}}})"},
        {"test_protocols.json", R"({
      "mount": ["protocols"],
      "nodes": {
        "static": {"kind": "container", "owner": "static", "priority": 480,
          "children": {"route": {"kind": "tag", "type": "ipv4-prefix",
            "children": {"next-hop": {"kind": "tag", "type": "ipv4-address",
              "children": {"distance": {"kind": "leaf", "type": "u32:1-255"}}}}}}},
        "bgp": {"kind": "tag", "type": "u32:1-4294967295", "maxValues": 1,
          "owner": "bgp", "priority": 820,
          "children": {
            "neighbor": {"kind": "tag", "type": "ip-address", "children": {
              "remote-as": {"kind": "leaf", "type": ["u32:1-4294967295",
                            "enum:internal|external"]},
              "peer-group": {"kind": "leaf", "type": "name",
                             "ref": "protocols bgp * peer-group"},
              "route-map": {"kind": "alias",
                            "target": "address-family ipv4-unicast route-map",
                            "note": "moved under address-family ipv4-unicast"},
              "address-family": {"kind": "container", "children": {
                "ipv4-unicast": {"kind": "container", "children": {
                  "route-map": {"kind": "container", "children": {
                    "import": {"kind": "leaf", "type": "name",
                               "ref": "policy route-map"}}}}}}}}},
            "peer-group": {"kind": "tag", "type": "name", "children": {
              "remote-as": {"kind": "leaf", "type": "u32:1-4294967295"}}}}}}})"},
        {"test_policy.json", R"({
      "mount": [],
      "nodes": {"policy": {"kind": "container", "owner": "policy",
        "children": {"route-map": {"kind": "tag", "type": "name", "children": {
          "rule": {"kind": "tag", "type": "u32:1-65535", "children": {
            "action": {"kind": "leaf", "type": "enum:permit|deny",
                       "mandatory": true,
                       "mandatoryMessage": "you must specify an action"}}}}}}},
       "vpn": {"kind": "container", "owner": "ipsec", "children": {
         "peer": {"kind": "tag", "type": "name", "children": {
           "bind": {"kind": "leaf", "type": "interface:vti",
                    "ref": "interfaces vti", "unique": true}}}}}}})"}});
    if (!r.ok()) {
      std::fprintf(stderr, "test schema: %s\n", r.error().message.c_str());
      std::abort();
    }
    return std::move(r).value().release();
  }();
  return *s;
}

}  // namespace schema

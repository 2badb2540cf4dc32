// Tests for backend/frr/show: the grammar and argument checks of FRR's
// operational commands, the vtysh argv they become, JSON merging, and
// run() against stand-ins for vtysh (echo, a missing binary, a script that
// answers as vtysh does when the daemons are down). Real FRR:
// tests/opmode/.
#include "backend/frr/show.h"

#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include <nlohmann/json.hpp>

namespace backend::frr {
namespace {

using Words = std::vector<std::string>;

Words split(const std::string& line) {
  Words w;
  size_t pos = 0;
  while (pos < line.size()) {
    size_t sp = line.find(' ', pos);
    if (sp == std::string::npos) sp = line.size();
    if (sp > pos) w.push_back(line.substr(pos, sp - pos));
    pos = sp + 1;
  }
  return w;
}

std::string command(const std::string& line) {
  auto c = frr_command(split(line));
  REQUIRE_MESSAGE(c.ok(), line << ": " << (c.ok() ? "" : c.error().message));
  return c->command;
}

std::string refusal(const std::string& line) {
  auto c = frr_command(split(line));
  REQUIRE_MESSAGE(!c.ok(), line << " was accepted as " << (c.ok() ? c->command : ""));
  CHECK(c.error().code == rc::Code::kInvalidArgument);
  std::string s = c.error().message;
  if (!c.error().hint.empty()) s += " (" + c.error().hint + ")";
  return s;
}

// An executable script in a temporary directory, removed with the object.
struct Script {
  std::string dir, path;
  explicit Script(const std::string& body) {
    char tmpl[] = "/tmp/routesh-frr-show-XXXXXX";
    dir = ::mkdtemp(tmpl);
    path = dir + "/vtysh";
    std::ofstream(path) << "#!/bin/sh\n" << body;
    ::chmod(path.c_str(), 0755);
  }
  ~Script() {
    ::unlink(path.c_str());
    ::rmdir(dir.c_str());
  }
};

TEST_CASE("frr show: which words FrrOpMode answers") {
  CHECK(frr_handles(split("show ip route")));
  CHECK(frr_handles(split("show ip")));
  CHECK(frr_handles(split("show route-map")));
  CHECK(frr_handles(split("reset ip bgp 192.0.2.1")));
  CHECK_FALSE(frr_handles(split("show")));
  CHECK_FALSE(frr_handles(split("show vpn ike sa")));
  CHECK_FALSE(frr_handles(split("show interfaces vti")));
  CHECK_FALSE(frr_handles(split("reset vpn ipsec-peer 192.0.2.1")));
  CHECK_FALSE(frr_handles(split("restart vpn")));
  FrrOpMode op({});
  CHECK(op.changes_state(split("reset ip bgp all")));
  CHECK_FALSE(op.changes_state(split("show ip bgp summary")));
}

TEST_CASE("frr show: VyOS words become FRR's commands") {
  CHECK(command("show ip route") == "show ip route");
  CHECK(command("show ip route 198.51.100.7") == "show ip route 198.51.100.7");
  CHECK(command("show ip route 198.51.100.0/24") == "show ip route 198.51.100.0/24");
  CHECK(command("show ip route 0.0.0.0/0") == "show ip route 0.0.0.0/0");
  CHECK(command("show ip route static") == "show ip route static");
  CHECK(command("show ip route bgp") == "show ip route bgp");
  CHECK(command("show ip bgp") == "show ip bgp");
  CHECK(command("show ip bgp 203.0.113.0/24") == "show ip bgp 203.0.113.0/24");
  CHECK(command("show ip bgp summary") == "show ip bgp summary");
  CHECK(command("show ip bgp neighbors") == "show ip bgp neighbors");
  CHECK(command("show ip bgp neighbors 169.254.0.2") ==
        "show ip bgp neighbors 169.254.0.2");
  CHECK(command("show ip bgp neighbors 2001:db8::1 received-routes") ==
        "show ip bgp neighbors 2001:db8::1 received-routes");
  CHECK(command("show ip bgp neighbors 169.254.0.2 advertised-routes") ==
        "show ip bgp neighbors 169.254.0.2 advertised-routes");
  CHECK(command("show ip prefix-list") == "show ip prefix-list");
  CHECK(command("show ip prefix-list FROM-AWS_1.v4") == "show ip prefix-list FROM-AWS_1.v4");
  CHECK(command("show route-map") == "show route-map");
  CHECK(command("show route-map AWS-IN") == "show route-map AWS-IN");
  CHECK(command("reset ip bgp 169.254.0.2") == "clear ip bgp 169.254.0.2");
  CHECK(command("reset ip bgp all") == "clear ip bgp *");
  CHECK(command("reset ip bgp 169.254.0.2 soft") == "clear ip bgp 169.254.0.2 soft");
  CHECK(command("reset ip bgp 169.254.0.2 soft in") == "clear ip bgp 169.254.0.2 soft in");
  CHECK(command("reset ip bgp 2001:db8::2 soft out") == "clear ip bgp 2001:db8::2 soft out");
  CHECK(frr_command(split("reset ip bgp all"))->changes_state);
  CHECK_FALSE(frr_command(split("show ip bgp"))->changes_state);
}

TEST_CASE("frr show: bad arguments are named with what was expected") {
  CHECK(refusal("show ip route 300.1.1.1") ==
        "show ip route: '300.1.1.1' is not an IPv4 address or prefix "
        "(expected A.B.C.D, A.B.C.D/M, bgp, connected, kernel or static)");
  CHECK(refusal("show ip route 10.0.0.0/33") ==
        "show ip route: '10.0.0.0/33' is not an IPv4 address or prefix "
        "(expected A.B.C.D, A.B.C.D/M, bgp, connected, kernel or static)");
  CHECK(refusal("show ip route 10.0.0.0/08").find("is not an IPv4") != std::string::npos);
  CHECK(refusal("show ip route 10.0.0.0/-1").find("is not an IPv4") != std::string::npos);
  CHECK(refusal("show ip route 2001:db8::/32").find("is not an IPv4") != std::string::npos);
  CHECK(refusal("show ip bgp neighbors 169.254.0.256") ==
        "show ip bgp neighbors: '169.254.0.256' is not a neighbor address "
        "(expected an IPv4 or IPv6 address (A.B.C.D or X:X::X:X))");
  CHECK(refusal("show ip bgp neighbors advertised-routes").find(
            "'advertised-routes' is not a neighbor address") != std::string::npos);
  CHECK(refusal("show ip bgp neighbors 169.254.0.2 routes") ==
        "Invalid command: [show ip bgp neighbors 169.254.0.2 routes]");
  CHECK(refusal("show ip bgp summary now") == "Invalid command: [show ip bgp summary now]");
  CHECK(refusal("show ip bgp sum") ==
        "show ip bgp: 'sum' is not an IPv4 address or prefix "
        "(expected A.B.C.D, A.B.C.D/M, summary or neighbors)");
  CHECK(refusal("show ip prefix-list 'a;b'").find("is not a valid name") != std::string::npos);
  CHECK(refusal("show route-map A B") == "Invalid command: [show route-map A B]");
  CHECK(refusal("show ip ospf") == "Invalid command: [show ip ospf]");
  CHECK(refusal("show ip") ==
        "Incomplete command: [show ip] (route, bgp or prefix-list)");
  CHECK(refusal("reset ip bgp") ==
        "Incomplete command: [reset ip bgp] (a neighbor address (A.B.C.D or "
        "X:X::X:X) or all)");
  CHECK(refusal("reset ip bgp peer1") ==
        "reset ip bgp: 'peer1' is not a neighbor address (expected an IPv4 or "
        "IPv6 address (A.B.C.D or X:X::X:X) or all)");
  CHECK(refusal("reset ip bgp * soft") .find("'*' is not a neighbor") != std::string::npos);
  CHECK(refusal("reset ip bgp 192.0.2.1 hard") == "Invalid command: [reset ip bgp 192.0.2.1 hard]");
  CHECK(refusal("reset ip bgp 192.0.2.1 soft both") ==
        "Invalid command: [reset ip bgp 192.0.2.1 soft both]");
  CHECK(refusal("reset ip ospf") == "Invalid command: [reset ip ospf]");
  // Nothing that is not one word of the grammar reaches vtysh.
  CHECK(refusal("show ip route 10.0.0.1\nshow") .find("is not an IPv4") != std::string::npos);
  CHECK(frr_command({"show", "route-map", "X\n! injected"}).error().code ==
        rc::Code::kInvalidArgument);
}

TEST_CASE("frr show: argv is vtysh with the sockets, -c and FRR's json") {
  FrrOptions o;
  o.vtysh = "/usr/bin/vtysh";
  o.vty_socket = "/run/frr/east";
  o.config_dir = "/etc/frr/east";
  FrrOpMode op(o);
  CHECK(*op.argv(split("show ip bgp summary"), false) ==
        Words{"/usr/bin/vtysh", "--vty_socket", "/run/frr/east", "--config_dir",
              "/etc/frr/east", "-c", "show ip bgp summary"});
  CHECK(*op.argv(split("show ip route 10.0.0.0/8"), true) ==
        Words{"/usr/bin/vtysh", "--vty_socket", "/run/frr/east", "--config_dir",
              "/etc/frr/east", "-c", "show ip route 10.0.0.0/8 json"});
  // clear has no JSON form in FRR.
  CHECK(*op.argv(split("reset ip bgp all soft in"), true) ==
        Words{"/usr/bin/vtysh", "--vty_socket", "/run/frr/east", "--config_dir",
              "/etc/frr/east", "-c", "clear ip bgp * soft in"});
  FrrOpMode plain({});
  CHECK(*plain.argv(split("show route-map"), false) ==
        Words{"vtysh", "-c", "show route-map"});
  CHECK(!plain.argv(split("show ip route x"), false).ok());
}

TEST_CASE("frr show: one JSON document per daemon merge into one") {
  auto one = merge_json_documents("{\"a\":1,\"b\":[2]}\n");
  REQUIRE(one.ok());
  CHECK(*one == "{\n    \"a\": 1,\n    \"b\": [\n        2\n    ]\n}\n");
  auto two = merge_json_documents(
      "{\n  \"ZEBRA\":{\"PL\":{}}\n}\n{\n  \"BGP\":{\"PL\":{\"seq\":5}}\n}\n");
  REQUIRE(two.ok());
  CHECK(nlohmann::json::parse(*two) ==
        nlohmann::json::parse(R"({"ZEBRA":{"PL":{}},"BGP":{"PL":{"seq":5}}})"));
  // FRR's key order is kept (not sorted).
  CHECK(two->find("ZEBRA") < two->find("BGP"));
  auto keys = merge_json_documents("{\"z\":1,\"a\":2}");
  CHECK(keys->find("\"z\"") < keys->find("\"a\""));
  auto mixed = merge_json_documents("[1] {\"a\":1}");
  REQUIRE(mixed.ok());
  CHECK(nlohmann::json::parse(*mixed) == nlohmann::json::parse(R"([[1],{"a":1}])"));
  auto bad = merge_json_documents("% BGP instance not found\n");
  REQUIRE(!bad.ok());
  CHECK(bad.error().message == "FRR did not answer in JSON: % BGP instance not found");
  CHECK(merge_json_documents("").error().message ==
        "FRR did not answer in JSON: (no output)");
  CHECK(!merge_json_documents("{\"a\":1} trailing").ok());
}

TEST_CASE("frr show: run() passes argv to the program unchanged, no shell") {
  FrrOptions o;
  o.vtysh = "echo";
  o.vty_socket = "/run/frr/a b";  // a blank stays inside one argument
  FrrOpMode op(o);
  auto r = op.run(split("show ip bgp neighbors 169.254.0.2 received-routes"), false);
  REQUIRE(r.ok());
  CHECK(*r == "--vty_socket /run/frr/a b -c show ip bgp neighbors 169.254.0.2 "
              "received-routes\n");
  auto reset = op.run(split("reset ip bgp all soft out"), false);
  REQUIRE(reset.ok());  // `*` reaches the program as is: no shell globbing
  CHECK(*reset == "--vty_socket /run/frr/a b -c clear ip bgp * soft out\n");
  auto j = op.run(split("show ip bgp summary"), true);
  REQUIRE(!j.ok());
  CHECK(j.error().message.find("FRR did not answer in JSON: --vty_socket") == 0);
  // A bad argument never starts the program.
  auto bad = op.run(split("show ip route 1.2.3"), false);
  REQUIRE(!bad.ok());
  CHECK(bad.error().code == rc::Code::kInvalidArgument);
}

TEST_CASE("frr show: daemons that cannot be reached are named as such") {
  FrrOptions o;
  o.vtysh = "/nonexistent/vtysh";
  FrrOpMode missing(o);
  auto r = missing.run(split("show ip bgp summary"), false);
  REQUIRE(!r.ok());
  CHECK(r.error().code == rc::Code::kBackend);
  CHECK(r.error().message.find("% FRR is not reachable: cannot run /nonexistent/vtysh") == 0);

  Script down("echo 'Exiting: failed to connect to any daemons.'\nexit 1\n");
  o.vtysh = down.path;
  FrrOpMode op(o);
  r = op.run(split("show ip route"), true);
  REQUIRE(!r.ok());
  CHECK(r.error().message ==
        "% FRR is not reachable: Exiting: failed to connect to any daemons.");

  Script other("echo '% Unknown command: show ip route'\nexit 2\n");
  o.vtysh = other.path;
  FrrOpMode odd(o);
  r = odd.run(split("show ip route"), false);
  REQUIRE(!r.ok());
  CHECK(r.error().message ==
        "% show ip route: vtysh failed (exit 2): % Unknown command: show ip route");

  Script unknown("echo '% BGP: Unknown neighbor - \"10.9.9.9\"'\n");
  o.vtysh = unknown.path;
  FrrOpMode reset(o);
  r = reset.run(split("reset ip bgp 10.9.9.9"), false);
  REQUIRE(!r.ok());
  CHECK(r.error().code == rc::Code::kNotFound);
  CHECK(r.error().message == "% BGP: Unknown neighbor - \"10.9.9.9\"");

  Script silent("exit 0\n");
  o.vtysh = silent.path;
  FrrOpMode quiet(o);
  CHECK(*quiet.run(split("reset ip bgp 10.9.9.9 soft in"), false) == "");
  auto j = quiet.run(split("reset ip bgp 10.9.9.9 soft in"), true);
  REQUIRE(j.ok());
  CHECK(nlohmann::json::parse(*j) ==
        nlohmann::json::parse(R"({"command":"reset ip bgp 10.9.9.9 soft in",
                                  "frr":"clear ip bgp 10.9.9.9 soft in",
                                  "output":""})"));
}

}  // namespace
}  // namespace backend::frr

// Tests for shell/pipe: splitting a line from its pipes, and filtering.
#include "shell/pipe.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace shell {
namespace {

const char kConfig[] =
    "set interfaces ethernet eth0 description 'uplink'\n"
    "set interfaces vti vti0 mtu '1400'\n"
    "set interfaces vti vti1 mtu '1436'\n"
    "set protocols bgp 65000 neighbor 169.254.12.37 remote-as '64512'\n";

std::vector<std::string> names(const PipedLine& p) {
  std::vector<std::string> out;
  for (const auto& x : p.pipes) out.push_back(x.name);
  return out;
}

std::string filtered(const std::string& line) {
  auto p = split_pipes(line);
  REQUIRE(p.ok());
  auto r = apply_pipes(kConfig, p->pipes);
  REQUIRE(r.ok());
  return *r;
}

TEST_CASE("a line without pipes is all command") {
  auto p = split_pipes("show configuration commands");
  REQUIRE(p.ok());
  CHECK(p->command == "show configuration commands");
  CHECK(p->pipes.empty());
  auto q = split_pipes("set interfaces vti vti0 description 'a|b'");
  REQUIRE(q.ok());
  CHECK(q->pipes.empty());
  CHECK(q->command == "set interfaces vti vti0 description 'a|b'");
}

TEST_CASE("pipes with and without spaces, as Ansible sends them") {
  auto p = split_pipes("show configuration commands | match vti");
  REQUIRE(p.ok());
  CHECK(names(*p) == std::vector<std::string>{"match"});
  CHECK(p->pipes[0].arg == "vti");
  auto q = split_pipes("show configuration commands| grep interfaces");
  REQUIRE(q.ok());
  CHECK(q->pipes[0].name == "grep");
  CHECK(q->pipes[0].arg == "interfaces");
  auto r = split_pipes("show configuration commands|no-more");
  REQUIRE(r.ok());
  CHECK(r->has("no-more"));
  CHECK(!r->has("count"));
}

TEST_CASE("quoted patterns keep their spaces and bars") {
  auto p =
      split_pipes("show configuration commands |  match \"set protocols bgp\"");
  REQUIRE(p.ok());
  CHECK(p->pipes[0].arg == "set protocols bgp");
  auto q = split_pipes("show configuration commands | match 'vti0|eth0'");
  REQUIRE(q.ok());
  REQUIRE(q->pipes.size() == 1);
  CHECK(q->pipes[0].arg == "vti0|eth0");
}

TEST_CASE("chained pipes keep their order") {
  auto p = split_pipes(
      "show configuration commands | match vti | except vti1 | count");
  REQUIRE(p.ok());
  CHECK(names(*p) == std::vector<std::string>{"match", "except", "count"});
}

TEST_CASE("an unknown pipe is an invalid command; a bad pipe is an error") {
  auto p = split_pipes("show configuration | frob");
  REQUIRE(!p.ok());
  CHECK(p.error().vyos == "Invalid command: [frob]");
  CHECK(!split_pipes("show configuration |").ok());
  CHECK(!split_pipes("show configuration | match").ok());
  CHECK(!split_pipes("show configuration | match 'unterminated").ok());
}

TEST_CASE("match, grep, no-match and except filter lines by POSIX ERE") {
  CHECK(filtered("show | match vti") ==
        "set interfaces vti vti0 mtu '1400'\n"
        "set interfaces vti vti1 mtu '1436'\n");
  CHECK(filtered("show | grep 'eth0|bgp'") ==
        "set interfaces ethernet eth0 description 'uplink'\n"
        "set protocols bgp 65000 neighbor 169.254.12.37 remote-as '64512'\n");
  CHECK(filtered("show | no-match vti") ==
        "set interfaces ethernet eth0 description 'uplink'\n"
        "set protocols bgp 65000 neighbor 169.254.12.37 remote-as '64512'\n");
  CHECK(filtered("show | except '^set interfaces'") ==
        "set protocols bgp 65000 neighbor 169.254.12.37 remote-as '64512'\n");
  CHECK(filtered("show | match nothing-like-this").empty());
}

TEST_CASE("count counts lines, also after other pipes") {
  CHECK(filtered("show | count") == "4\n");
  CHECK(filtered("show | match vti | count") == "2\n");
  CHECK(filtered("show | match nothing | count") == "0\n");
  auto r = apply_pipes("one\ntwo", {{"count", ""}});
  REQUIRE(r.ok());
  CHECK(*r == "2\n");
}

TEST_CASE("no-more, commands and json do not filter") {
  CHECK(filtered("show | no-more") == kConfig);
  CHECK(filtered("show | json") == kConfig);
}

TEST_CASE("a bad regular expression is an error, not a crash") {
  auto r = apply_pipes(kConfig, {{"match", "("}});
  CHECK(!r.ok());
}

}  // namespace
}  // namespace shell

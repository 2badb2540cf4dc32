#include "tests/ipsec/bench/swanctl_conf.h"

#include <doctest/doctest.h>

#include "backend/host.h"
#include "backend/ipsec/driver.h"
#include "schema/set_lines.h"
#include "tests/ipsec/bench/bench_config.h"

namespace ipsec_bench {
namespace {

// The vici steps the IPsec driver plans for the benchmark's peers 1..n.
std::vector<backend::Step> driver_steps(int n) {
  auto parsed = schema::parse_set_lines(
      schema::Schema::builtin(), common_lines() + peers_lines(1, n, "192.0.2.1"));
  REQUIRE(parsed.errors.empty());
  backend::ipsec::IpsecDriver driver;
  backend::RenderHost host("/nonexistent");  // planning touches no host
  auto plan = driver.plan(nullptr, parsed.root.get(), {}, host);
  REQUIRE(plan.ok());
  std::vector<backend::Step> steps;
  for (const auto& a : plan->additions) steps.push_back(a.step);
  return steps;
}

}  // namespace

TEST_CASE("swanctl.conf: a load-conn and a load-shared, names without dots") {
  backend::vici::Message conn;
  conn.set("version", "1");
  conn.set_list("local_addrs", {"192.0.2.1"});
  conn.set_list("proposals", {"aes128-sha1-modp1024", "aes256-sha256-modp2048"});
  conn.section("local").set("auth", "psk").set("id", "192.0.2.1");
  backend::vici::Message child;
  child.set_list("local_ts", {"0.0.0.0/0"});
  child.set("mark_in", "0x900001");
  child.set("start_action", "trap");
  conn.section("children").set_section("198.18.0.1-vti", child);
  backend::vici::Message load;
  load.set_section("198.18.0.1", conn);
  backend::vici::Message shared;
  shared.set("id", "ike-198.18.0.1");
  shared.set("type", "IKE");
  shared.set("data", "bench-secret-1");
  shared.set_list("owners", {"192.0.2.1", "198.18.0.1"});
  auto text = swanctl_conf({backend::ipsec::vici_step("load-shared", shared),
                            backend::ipsec::vici_step("load-conn", load)});
  REQUIRE(text.ok());
  // Keys come sorted (the steps' JSON form); order means nothing to swanctl.
  CHECK(*text == R"(connections {
  peer-198-18-0-1 {
    children {
      peer-198-18-0-1-vti {
        local_ts = 0.0.0.0/0
        mark_in = 0x900001
        start_action = trap
      }
    }
    local {
      auth = psk
      id = 192.0.2.1
    }
    local_addrs = 192.0.2.1
    proposals = aes128-sha1-modp1024, aes256-sha256-modp2048
    version = 1
  }
}
secrets {
  ike-198-18-0-1 {
    secret = bench-secret-1
    id-1 = 192.0.2.1
    id-2 = 198.18.0.1
  }
}
)");
}

TEST_CASE("swanctl.conf: one connection and one secret per peer") {
  auto text = swanctl_conf(driver_steps(3));
  REQUIRE(text.ok());
  for (const char* name : {"peer-198-18-0-1 {", "peer-198-18-0-2-vti {",
                           "ike-198-18-0-3 {", "secret = bench-secret-3"}) {
    CHECK(text->find(name) != std::string::npos);
  }
  size_t conns = 0;
  for (size_t at = 0; (at = text->find("\n  peer-", at)) != std::string::npos; ++at) {
    ++conns;
  }
  CHECK(conns == 3);
}

TEST_CASE("swanctl.conf: values that are not plain words are quoted") {
  backend::vici::Message shared;
  shared.set("id", "ike-x");
  shared.set("type", "IKE");
  shared.set("data", "a \"b\" \\c = {d}");
  shared.set_list("owners", {"@site one", "10.0.0.1"});
  auto text = swanctl_conf({backend::ipsec::vici_step("load-shared", shared)});
  REQUIRE(text.ok());
  CHECK(*text == R"(connections {
}
secrets {
  ike-x {
    secret = "a \"b\" \\c = {d}"
    id-1 = "@site one"
    id-2 = 10.0.0.1
  }
}
)");
}

TEST_CASE("swanctl.conf: a secret's section starts with ike; names lose their dots") {
  backend::vici::Message shared;
  shared.set("id", "site.example");
  shared.set("type", "IKE");
  shared.set("data", "s");
  auto text = swanctl_conf({backend::ipsec::vici_step("load-shared", shared)});
  REQUIRE(text.ok());
  CHECK(text->find("  ike-site-example {\n") != std::string::npos);
  CHECK(swanctl_name("2001:db8::1") == "peer-2001-db8--1");
  CHECK(swanctl_name("@hub.example") == "peer--hub-example");
}

TEST_CASE("swanctl.conf: what swanctl.conf cannot say is refused") {
  backend::vici::Message body;
  body.set("ike", "198.18.0.1");
  CHECK(!swanctl_conf({backend::ipsec::vici_step("terminate", body)}).ok());
  backend::vici::Message eap;
  eap.set("id", "eap-x");
  eap.set("type", "EAP");
  eap.set("data", "s");
  CHECK(!swanctl_conf({backend::ipsec::vici_step("load-shared", eap)}).ok());
  CHECK(!swanctl_conf({backend::Step::run({"swanctl", "--load-all"})}).ok());
  backend::vici::Message flat;
  flat.set("version", "2");
  CHECK(!swanctl_conf({backend::ipsec::vici_step("load-conn", flat)}).ok());
}

}  // namespace ipsec_bench

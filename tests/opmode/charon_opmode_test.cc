// VpnOpMode against two real charons (charon_run.sh: two network namespaces,
// this program inside east's). Both routers' `vpn ipsec` is loaded through
// the routesh IPsec driver; east initiates (connection-type initiate) and
// west responds. On this kernel the IKE_SA establishes and the CHILD_SA
// fails to install (no ESP), so `show vpn ike sa` lists an IKE_SA that is
// up and `show vpn ipsec sa` a VTI tunnel that is down. Then `show vpn
// ipsec status`, `reset vpn ipsec-peer` (a new IKE_SA replaces the old
// one), `restart vpn` on both sides (only the initiator initiates again),
// and a charon that is not there.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "backend/host.h"
#include "backend/ipsec/driver.h"
#include "backend/ipsec/show.h"
#include "backend/vici/vici_channel.h"
#include "schema/schema.h"
#include "schema/set_lines.h"

namespace {

using backend::ipsec::VpnOpMode;
using Json = nlohmann::json;
using Words = std::vector<std::string>;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  REQUIRE_MESSAGE(v != nullptr, name << " is not set: run through tests/opmode/charon_run.sh");
  return v;
}

// One router: `me` is 1 (east, initiates, described) or 2 (west, responds).
schema::NodePtr router(int me) {
  int other = 3 - me;
  std::string a = "192.0.2." + std::to_string(me);
  std::string p = "set vpn ipsec site-to-site peer 192.0.2." + std::to_string(other) + " ";
  std::string text =
      "set interfaces ethernet eth0 address " + a + "/24\n"
      "set interfaces vti vti0 address 169.254.0." + std::to_string(me) + "/30\n"
      "set vpn ipsec ipsec-interfaces interface eth0\n"
      "set vpn ipsec ike-group IKE key-exchange ikev2\n"
      "set vpn ipsec ike-group IKE proposal 1 dh-group 14\n"
      "set vpn ipsec esp-group ESP proposal 1\n" +
      p + "authentication pre-shared-secret 'opmode-secret'\n" + p +
      "connection-type " + (me == 1 ? "initiate" : "respond") + "\n" + p +
      "ike-group IKE\n" + p + "local-address " + a + "\n" + p + "vti bind vti0\n" + p +
      "vti esp-group ESP\n";
  if (me == 1) text += p + "description 'to west'\n";
  auto r = schema::parse_set_lines(schema::Schema::builtin(), text);
  for (const auto& e : r.errors) FAIL_CHECK(e.error.to_string());
  REQUIRE(r.errors.empty());
  return r.root;
}

// Loads a router's configuration into its charon as a commit would.
void load(const std::string& socket, const schema::NodePtr& config) {
  backend::vici::ViciChannel channel(socket);
  backend::RealHost host;
  host.add_channel("vici", channel.handler());
  backend::ipsec::IpsecDriver driver;
  REQUIRE(driver.verify(config.get()).empty());
  auto plan = driver.plan(nullptr, config.get(), {}, host);
  REQUIRE(plan.ok());
  for (const auto* list : {&plan->removals, &plan->additions}) {
    for (const auto& a : *list) {
      CAPTURE(a.summary);
      auto st = host.execute(a.step);
      REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
    }
  }
}

std::string run(VpnOpMode& op, const Words& w, bool json = false) {
  auto r = op.run(w, json);
  REQUIRE_MESSAGE(r.ok(), w.back() << ": " << (r.ok() ? "" : r.error().message));
  return *r;
}

Json ike_sas(VpnOpMode& op) { return Json::parse(run(op, {"show", "vpn", "ike", "sa"}, true)); }

// The IKE_SA east holds with west, once it is up ("" if none).
std::string up_sa(VpnOpMode& op) {
  for (const auto& p : ike_sas(op)) {
    if (p["peer"] != "192.0.2.2") continue;
    for (const auto& sa : p["sas"]) {
      if (sa["state"] == "up") return sa["uniqueid"];
    }
  }
  return "";
}

bool wait_for(const std::function<bool()>& ready, double seconds) {
  auto until = std::chrono::steady_clock::now() +
               std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  while (std::chrono::steady_clock::now() < until) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return ready();
}

struct Lab {
  schema::NodePtr east_config = router(1), west_config = router(2);
  VpnOpMode east{env("RS_OPMODE_EAST_VICI")};
  VpnOpMode west{env("RS_OPMODE_WEST_VICI")};
  Lab() {
    east.set_running(east_config);
    west.set_running(west_config);
  }
};

}  // namespace

TEST_CASE("live charon: show vpn ike sa lists the IKE_SA between the namespaces") {
  Lab lab;
  load(env("RS_OPMODE_WEST_VICI"), lab.west_config);
  load(env("RS_OPMODE_EAST_VICI"), lab.east_config);  // initiates at once
  if (!wait_for([&] { return !up_sa(lab.east).empty(); }, 20)) {
    std::string sas = run(lab.east, {"show", "vpn", "ike", "sa"});
    FAIL("no IKE_SA up on east:\n" << sas);
  }

  std::string text = run(lab.east, {"show", "vpn", "ike", "sa"});
  MESSAGE("east: show vpn ike sa\n" << text);
  static const std::regex kEast(
      "Peer ID / IP                            Local ID / IP               \n"
      "------------                            -------------\n"
      "192\\.0\\.2\\.2 {31}192\\.0\\.2\\.1 {30}\n"
      "\n"
      "    Description: to west\n"
      "\n"
      "    State  Encrypt  Hash    D-H Grp  NAT-T  A-Time  L-Time\n"
      "    -----  -------  ----    -------  -----  ------  ------\n"
      "    up     aes128   sha1    14       no     [0-9]+ +28800  \n"
      "\n"
      " \n");
  CHECK(std::regex_match(text, kEast));
  Json j = ike_sas(lab.east);
  REQUIRE(j.size() == 1);
  CHECK(j[0]["description"] == "to west");
  CHECK(j[0]["local"] == "192.0.2.1");
  CHECK(j[0]["sas"][0]["version"] == "IKEv2");
  CHECK(j[0]["sas"][0]["ike_state"] == "ESTABLISHED");
  CHECK(j[0]["sas"][0]["lifetime"] == 28800);

  // West, the responder, sees the same IKE_SA from the other side, and has
  // no description configured.
  REQUIRE(wait_for([&] { return ike_sas(lab.west).size() == 1; }, 10));
  std::string w = run(lab.west, {"show", "vpn", "ike", "sa"});
  CHECK(w.find("192.0.2.1                               192.0.2.2") != std::string::npos);
  CHECK(w.find("Description") == std::string::npos);
  CHECK(w.find("    up     aes128   sha1    14       no     ") != std::string::npos);

  // The CHILD_SA could not install on this kernel: the VTI tunnel is down,
  // with its configured lifetime.
  std::string sa = run(lab.east, {"show", "vpn", "ipsec", "sa"});
  MESSAGE("east: show vpn ipsec sa\n" << sa);
  CHECK(sa.find("    Description: to west\n") != std::string::npos);
  CHECK(sa.find("    vti     down   n/a            n/a      n/a     n/a    n/a     3600    all\n") !=
        std::string::npos);
  Json t = Json::parse(run(lab.east, {"show", "vpn", "ipsec", "sa"}, true));
  REQUIRE(t.size() == 1);
  CHECK(t[0]["tunnels"][0]["child"] == "192.0.2.2-vti");
  CHECK(t[0]["tunnels"][0]["state"] == "down");

  // Status: charon's PID, no installed tunnel, eth0 and its address.
  std::string status = run(lab.east, {"show", "vpn", "ipsec", "status"});
  CHECK(status ==
        "IPSec Process Running PID: " + env("RS_OPMODE_EAST_PID") +
            "\n\n0 Active IPsec Tunnels\n\nIPsec Interfaces :\n\teth0\t(192.0.2.1)\n");
  Json s = Json::parse(run(lab.east, {"show", "vpn", "ipsec", "status"}, true));
  CHECK(s["pid"] == std::atoi(env("RS_OPMODE_EAST_PID").c_str()));
  CHECK(s["version"].get<std::string>().rfind("5.", 0) == 0);
}

TEST_CASE("live charon: reset vpn ipsec-peer brings a new IKE_SA up") {
  Lab lab;
  REQUIRE(wait_for([&] { return !up_sa(lab.east).empty(); }, 20));
  std::string before = up_sa(lab.east);
  CHECK(lab.east.changes_state({"reset", "vpn", "ipsec-peer", "192.0.2.2"}));
  std::string out = run(lab.east, {"reset", "vpn", "ipsec-peer", "192.0.2.2"});
  MESSAGE("reset: " << out);
  CHECK(out.rfind("Peer 192.0.2.2: 1 IKE_SA terminated\nPeer 192.0.2.2 tunnel vti: ", 0) == 0);
  REQUIRE(wait_for([&] { return !up_sa(lab.east).empty(); }, 20));
  std::string after = up_sa(lab.east);
  CHECK(after != before);
  // Only the new IKE_SA is left.
  CHECK(ike_sas(lab.east)[0]["sas"].size() == 1);

  Json j = Json::parse(run(lab.east, {"reset", "vpn", "ipsec-peer", "192.0.2.2"}, true));
  CHECK(j["peers"][0]["peer"] == "192.0.2.2");
  CHECK(j["peers"][0]["terminated"] == 1);
  CHECK(j["peers"][0]["tunnels"][0]["child"] == "192.0.2.2-vti");
  REQUIRE(wait_for([&] { return !up_sa(lab.east).empty(); }, 20));

  auto unknown = lab.east.run({"reset", "vpn", "ipsec-peer", "192.0.2.99"}, false);
  REQUIRE(!unknown.ok());
  CHECK(unknown.error().code == rc::Code::kNotFound);
  CHECK(unknown.error().message ==
        "reset vpn ipsec-peer: peer '192.0.2.99' is not loaded in charon");
  CHECK(unknown.error().hint == "loaded peers: 192.0.2.2");
}

TEST_CASE("live charon: restart vpn terminates every peer, initiators initiate") {
  Lab lab;
  REQUIRE(wait_for([&] { return !up_sa(lab.east).empty(); }, 20));
  // West responds only: its restart drops the IKE_SA and starts nothing.
  std::string w = run(lab.west, {"restart", "vpn"});
  CHECK(w == "Peer 192.0.2.1: 1 IKE_SA terminated\n");
  REQUIRE(wait_for([&] { return ike_sas(lab.west).empty(); }, 10));
  // East, the initiator, terminates and brings it back.
  REQUIRE(wait_for([&] { return up_sa(lab.east).empty(); }, 10));
  std::string e = run(lab.east, {"restart", "vpn"});
  CHECK(e.find("Peer 192.0.2.2 tunnel vti: ") != std::string::npos);
  CHECK(wait_for([&] { return !up_sa(lab.east).empty(); }, 20));
  CHECK(wait_for([&] { return ike_sas(lab.west).size() == 1; }, 10));
}

TEST_CASE("live charon: a socket without charon is named as such") {
  VpnOpMode gone("/tmp/routesh-opmode-no-such-charon.vici");
  auto r = gone.run({"show", "vpn", "ike", "sa"}, false);
  REQUIRE(!r.ok());
  CHECK(r.error().message.rfind(
            "% strongSwan (charon) is not reachable at "
            "/tmp/routesh-opmode-no-such-charon.vici: cannot connect to charon",
            0) == 0);
}

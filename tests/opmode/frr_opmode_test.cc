// FrrOpMode against real FRR, and the netlink read behind `show interfaces`
// against a real link: run by frr_run.sh inside the east router's network
// namespace, with west's BGP session over a veth pair (RS_OPMODE_* name
// east's vty sockets, vtysh.conf directory, veth and BGP neighbor).
//
// Every FRR command's text is compared with what vtysh itself prints for
// FRR's command (route ages masked), and its JSON form is parsed and
// checked for the routes and the session the harness set up. Then the
// resets: a soft one keeps the session, a hard one drops it once. Then the
// daemons' absence: a socket directory with no daemon, and bgpd killed.
#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "backend/frr/show.h"
#include "backend/frr/vtysh.h"
#include "backend/process.h"
#include "backend/vti/show.h"

namespace {

using backend::frr::FrrOpMode;
using backend::frr::FrrOptions;
using Json = nlohmann::json;
using Words = std::vector<std::string>;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  REQUIRE_MESSAGE(v != nullptr, name << " is not set: run through tests/opmode/frr_run.sh");
  return v;
}

FrrOptions east() {
  FrrOptions o;
  o.vty_socket = env("RS_OPMODE_VTY");
  o.config_dir = env("RS_OPMODE_CONF");
  return o;
}

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

std::string run(FrrOpMode& op, const std::string& line, bool json = false) {
  auto r = op.run(split(line), json);
  REQUIRE_MESSAGE(r.ok(), line << ": " << (r.ok() ? "" : r.error().message));
  return *r;
}

Json run_json(FrrOpMode& op, const std::string& line) {
  std::string text = run(op, line, true);
  Json j = Json::parse(text, nullptr, false);
  REQUIRE_MESSAGE(!j.is_discarded(), line << " json: " << text);
  return j;
}

// What vtysh prints for `command` itself.
std::string vtysh(const std::string& command) {
  auto r = backend::run_checked(backend::frr::show_argv(east(), "", command));
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return *r;
}

// Route and session ages ("00:00:04", "00:01:02") and counters that move
// between two reads are masked.
std::string masked(const std::string& text) {
  static const std::regex kTime("[0-9]{2}:[0-9]{2}:[0-9]{2}");
  static const std::regex kInvoked("Invoked:? [0-9]+");
  static const std::regex kVersion("table version is [0-9]+");
  std::string t = std::regex_replace(text, kVersion, "table version is N");
  return std::regex_replace(std::regex_replace(t, kTime, "hh:mm:ss"), kInvoked,
                            "Invoked N");
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

Json peer(FrrOpMode& op) {
  Json s = run_json(op, "show ip bgp summary");
  return s["ipv4Unicast"]["peers"].value(env("RS_OPMODE_PEER"), Json());
}

bool established(FrrOpMode& op) {
  Json p = peer(op);
  return p.is_object() && p.value("state", "") == "Established" &&
         p.value("pfxRcd", 0) == 1;
}

}  // namespace

TEST_CASE("live FRR: show commands print FRR's text and FRR's JSON") {
  FrrOpMode op(east());
  if (!wait_for([&] { return established(op); }, 30)) {
    std::string summary = vtysh("show ip bgp summary");
    FAIL("no BGP session with west:\n" << summary);
  }
  // West's prefix reaches zebra a moment after the session counts it.
  REQUIRE(wait_for([&] { return run(op, "show ip route").find("B>* 203.0.113.0/24") !=
                                std::string::npos; }, 10));
  const std::string nbr = env("RS_OPMODE_PEER");
  // And east's own prefix reaches the neighbor's adj-RIB-out a moment later.
  REQUIRE(wait_for([&] {
    return run(op, "show ip bgp neighbors " + nbr + " advertised-routes")
               .find("198.51.100.0/24") != std::string::npos;
  }, 10));

  // Text: FRR's own words, for FRR's own command.
  const std::pair<const char*, const char*> same[] = {
      {"show ip route", "show ip route"},
      {"show ip route 203.0.113.0/24", "show ip route 203.0.113.0/24"},
      {"show ip route 203.0.113.7", "show ip route 203.0.113.7"},
      {"show ip route static", "show ip route static"},
      {"show ip bgp", "show ip bgp"},
      {"show ip bgp 198.51.100.0/24", "show ip bgp 198.51.100.0/24"},
      {"show ip bgp summary", "show ip bgp summary"},
      {"show ip prefix-list", "show ip prefix-list"},
      {"show ip prefix-list ACCEPT", "show ip prefix-list ACCEPT"},
      {"show route-map", "show route-map"},
      {"show route-map IMPORT", "show route-map IMPORT"},
  };
  for (const auto& [ours, frr] : same) {
    CAPTURE(ours);
    if (std::string(ours) == "show ip bgp summary") {
      // Keepalives every 3 s move MsgRcvd/MsgSent between the two reads:
      // compare the layout, not the counters.
      static const std::regex kNumber("[0-9]+");
      CHECK(std::regex_replace(masked(run(op, ours)), kNumber, "N") ==
            std::regex_replace(masked(vtysh(frr)), kNumber, "N"));
      continue;
    }
    CHECK(masked(run(op, ours)) == masked(vtysh(frr)));
  }
  std::string n = "show ip bgp neighbors " + nbr;
  CHECK(masked(run(op, n + " advertised-routes")) == masked(vtysh(n + " advertised-routes")));
  CHECK(masked(run(op, n + " received-routes")) == masked(vtysh(n + " received-routes")));
  CHECK(run(op, n).find("BGP neighbor is " + nbr + ", remote AS 65002") != std::string::npos);

  // The facts the harness set up, in the text operators read.
  std::string routes = run(op, "show ip route");
  CHECK(routes.find("S>* 198.51.100.0/24 [1/0] unreachable (blackhole)") != std::string::npos);
  CHECK(routes.find("C>* 169.254.0.0/30 is directly connected, " + env("RS_OPMODE_IF")) !=
        std::string::npos);
  CHECK(run(op, "show ip route bgp").find("S>*") == std::string::npos);
  CHECK(run(op, "show ip bgp summary").find(nbr + "     4      65002") != std::string::npos);

  // JSON: FRR's documents, parsed.
  Json r = run_json(op, "show ip route");
  REQUIRE(r.contains("203.0.113.0/24"));
  CHECK(r["203.0.113.0/24"][0]["protocol"] == "bgp");
  CHECK(r["203.0.113.0/24"][0]["nexthops"][0]["ip"] == nbr);
  CHECK(r["198.51.100.0/24"][0]["protocol"] == "static");
  Json one = run_json(op, "show ip route 203.0.113.0/24");
  CHECK(one.size() == 1);
  CHECK(one.contains("203.0.113.0/24"));
  Json bgp_routes = run_json(op, "show ip route bgp");
  CHECK(bgp_routes.size() == 1);
  Json table = run_json(op, "show ip bgp");
  CHECK(table["localAS"] == 65001);
  CHECK(table["routes"].contains("198.51.100.0/24"));
  CHECK(table["routes"]["203.0.113.0/24"][0]["path"] == "65002");
  CHECK(peer(op)["remoteAs"] == 65002);
  CHECK(peer(op)["desc"] == "peer-of-65001");
  Json nb = run_json(op, n);
  CHECK(nb[nbr]["bgpState"] == "Established");
  // bgpd fills the neighbor's adj-RIB-out a moment after the session is up.
  Json adv;
  CHECK(wait_for([&] {
    adv = run_json(op, n + " advertised-routes");
    return adv.contains("advertisedRoutes") &&
           adv["advertisedRoutes"].contains("198.51.100.0/24");
  }, 10));
  Json rcv = run_json(op, n + " received-routes");
  CHECK(rcv["receivedRoutes"].contains("203.0.113.0/24"));
  // vtysh prints one document per daemon: zebra's and bgpd's, merged.
  Json pl = run_json(op, "show ip prefix-list");
  CHECK(pl["BGP"]["ACCEPT"]["entries"].size() == 2);
  CHECK(pl["ZEBRA"]["ACCEPT"]["entries"][0]["prefix"] == "203.0.113.0/24");
  Json rm = run_json(op, "show route-map");
  CHECK(rm["BGP"].contains("IMPORT"));
  CHECK(rm["BGP"]["IMPORT"]["rules"][0]["matchClauses"][0] ==
        "ip address prefix-list ACCEPT");
  Json missing = run_json(op, "show ip bgp neighbors 192.0.2.77");
  CHECK(missing["bgpNoSuchNeighbor"] == true);

  // Bad arguments never reach vtysh.
  auto bad = op.run(split("show ip route 203.0.113"), false);
  REQUIRE(!bad.ok());
  CHECK(bad.error().code == rc::Code::kInvalidArgument);
  CHECK(bad.error().message ==
        "show ip route: '203.0.113' is not an IPv4 address or prefix");
}

TEST_CASE("live FRR: reset ip bgp, soft keeps the session, hard drops it once") {
  FrrOpMode op(east());
  REQUIRE(wait_for([&] { return established(op); }, 30));
  const std::string nbr = env("RS_OPMODE_PEER");
  int before = peer(op)["connectionsEstablished"];
  CHECK(op.changes_state(split("reset ip bgp " + nbr + " soft in")));
  CHECK(run(op, "reset ip bgp " + nbr + " soft in") == "");
  CHECK(run(op, "reset ip bgp " + nbr + " soft out") == "");
  Json j = Json::parse(run(op, "reset ip bgp " + nbr + " soft", true));
  CHECK(j["frr"] == "clear ip bgp " + nbr + " soft");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK(established(op));
  CHECK(peer(op)["connectionsEstablished"] == before);

  CHECK(run(op, "reset ip bgp " + nbr) == "");
  CHECK(wait_for([&] { return peer(op).value("connectionsDropped", 0) >= 1; }, 10));
  REQUIRE(wait_for([&] { return established(op); }, 30));
  CHECK(peer(op)["connectionsEstablished"] == before + 1);

  // An unknown neighbor: FRR's refusal.
  auto unknown = op.run(split("reset ip bgp 192.0.2.77"), false);
  REQUIRE(!unknown.ok());
  CHECK(unknown.error().message.find("192.0.2.77") != std::string::npos);
}

TEST_CASE("live netlink: show interfaces reads the links of this namespace") {
  const std::string ifname = env("RS_OPMODE_IF");
  auto links = backend::vti::read_links("veth");
  REQUIRE(links.ok());
  REQUIRE(links->size() == 1);
  const backend::vti::LinkInfo& l = links->front();
  CHECK(l.name == ifname);
  CHECK(l.kind == "veth");
  CHECK(l.mtu == 1500);
  CHECK(l.operstate == "UP");
  CHECK(l.alias == "to west");
  CHECK(l.addresses.front() == "169.254.0.1/30");
  CHECK_FALSE(l.has_tunnel);
  CHECK(l.rx_packets > 0);  // BGP has been talking
  CHECK(l.tx_bytes > 0);
  backend::vti::VtiOpMode op;
  auto all = op.run({"show", "interfaces"}, false);
  REQUIRE(all.ok());
  std::string row = ifname + std::string(ifname.size() < 16 ? 16 - ifname.size() : 0, ' ') +
                    " 169.254.0.1/30                    u/u  to west\n";
  CHECK(all->find(row) != std::string::npos);
  CHECK(all->find("\nlo ") != std::string::npos);
  auto j = op.run({"show", "interfaces"}, true);
  REQUIRE(j.ok());
  Json parsed = Json::parse(*j);
  bool found = false;
  for (const auto& x : parsed) {
    if (x["name"] == ifname) {
      found = true;
      CHECK(x["addresses"][0] == "169.254.0.1/30");
      CHECK(x["description"] == "to west");
      CHECK(x["link"] == "up");
    }
  }
  CHECK(found);
  // No VTI on this kernel's namespace (or only the fallback ip_vti0).
  auto vtis = backend::vti::read_links("vti");
  REQUIRE(vtis.ok());
  for (const auto& v : *vtis) CHECK(v.name == "ip_vti0");
}

TEST_CASE("live FRR: daemons that are not there are named as such") {
  // A socket directory without daemons.
  FrrOptions nowhere = east();
  char dir[] = "/tmp/routesh-opmode-empty-XXXXXX";
  REQUIRE(::mkdtemp(dir) != nullptr);
  nowhere.vty_socket = dir;
  FrrOpMode lost(nowhere);
  auto r = lost.run(split("show ip bgp summary"), false);
  ::rmdir(dir);
  REQUIRE(!r.ok());
  CHECK(r.error().code == rc::Code::kBackend);
  CHECK(r.error().message ==
        "% FRR is not reachable: Exiting: failed to connect to any daemons.");

  // bgpd stopped, zebra still running (the last test: frr_run.sh cleans up).
  std::ifstream pidfile(env("RS_OPMODE_VTY") + "/bgpd.pid");
  pid_t pid = 0;
  pidfile >> pid;
  REQUIRE(pid > 0);
  REQUIRE(::kill(pid, SIGTERM) == 0);
  FrrOpMode op(east());
  REQUIRE(wait_for([&] { return ::kill(pid, 0) != 0; }, 10));
  auto down = op.run(split("show ip bgp summary"), false);
  REQUIRE(!down.ok());
  CHECK(down.error().code == rc::Code::kBackend);
  CHECK(down.error().message == "% FRR is not reachable: bgpd is not running");
  // zebra still answers.
  CHECK(run(op, "show ip route").find("C>* 169.254.0.0/30") != std::string::npos);
}

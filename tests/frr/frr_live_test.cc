// Live FRR integration: the routesh FRR drivers against two real FRR
// instances in network namespaces (set up and torn down by run.sh).
//
// Each step commits a whole configuration per router the way the engine
// does (verify, plan every driver, apply removals in reverse driver order
// then additions, revert on failure) through a RealHost, then asserts
// from FRR's JSON (`show bgp summary json`, `show ip route json`) and the
// kernel's routing table (`ip -j route`).
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/frr/driver.h"
#include "backend/frr/vtysh.h"
#include "schema/line_error.h"
#include "schema/schema.h"
#include "schema/set_lines.h"
#include "schema/validate.h"

namespace backend::frr {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  REQUIRE_MESSAGE(v != nullptr, "run through tests/frr/run.sh (", name, " unset)");
  return v;
}

struct Router {
  std::string ns;
  FrrOptions options;
  std::vector<std::unique_ptr<FrrDriver>> drivers;  // dependency order
  schema::NodePtr running;
  std::vector<Plan> last;  // the plans of the last commit
  RealHost host;

  Router(const std::string& prefix) {
    ns = env((prefix + "_NS").c_str());
    options.vty_socket = env((prefix + "_VTY").c_str());
    options.config_dir = env((prefix + "_CONF").c_str());
    drivers.push_back(make_policy_driver(options));
    drivers.push_back(make_static_driver(options));
    drivers.push_back(make_bgp_driver(options));
    running = schema::parse_set_lines(schema::Schema::builtin(), "").root;
  }

  // Commits `text` (a whole configuration) as the engine would.
  rc::Status commit(const std::string& text) {
    auto parsed = schema::parse_set_lines(schema::Schema::builtin(), text);
    for (const auto& e : parsed.errors) FAIL(schema::format_line_error("set", e));
    rc::Errors problems = schema::validate(schema::Schema::builtin(), parsed.root.get());
    for (const auto& d : drivers) {
      rc::Errors e = d->verify(parsed.root.get());
      problems.insert(problems.end(), e.begin(), e.end());
    }
    for (const auto& p : problems) FAIL_CHECK(p.to_string());
    if (!problems.empty()) return problems.front();
    std::vector<Plan> plans;
    for (const auto& d : drivers) {
      auto p = d->plan(running.get(), parsed.root.get(), {}, host);
      if (!p.ok()) return p.error();
      plans.push_back(std::move(*p));
    }
    std::vector<const Action*> order, done;
    for (auto it = plans.rbegin(); it != plans.rend(); ++it) {
      for (const auto& a : it->removals) order.push_back(&a);
    }
    for (const auto& p : plans) {
      for (const auto& a : p.additions) order.push_back(&a);
    }
    for (const Action* a : order) {
      rc::Status st = host.execute(a->step);
      if (!st.ok()) {
        for (auto it = done.rbegin(); it != done.rend(); ++it) {
          (void)host.execute((*it)->undo);
        }
        return st;
      }
      done.push_back(a);
    }
    running = parsed.root;
    last = std::move(plans);
    return rc::Status::Ok();
  }

  // Runs the undo steps of the last commit (the engine's revert).
  void revert_last(const std::string& previous_text) {
    std::vector<const Action*> order;
    for (const auto& p : last) {
      for (const auto& a : p.additions) order.push_back(&a);
    }
    for (auto it = last.rbegin(); it != last.rend(); ++it) {
      for (const auto& a : it->removals) order.push_back(&a);
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      rc::Status st = host.execute((*it)->undo);
      CHECK_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
    }
    running = schema::parse_set_lines(schema::Schema::builtin(), previous_text).root;
    last.clear();
  }

  // Applies the plans for `text` but keeps `running` (a crash before the
  // commit point).
  void apply_without_commit(const std::string& text) {
    auto parsed = schema::parse_set_lines(schema::Schema::builtin(), text);
    for (const auto& d : drivers) {
      auto p = d->plan(running.get(), parsed.root.get(), {}, host);
      REQUIRE(p.ok());
      for (const auto* list : {&p->removals, &p->additions}) {
        for (const auto& a : *list) REQUIRE(host.execute(a.step).ok());
      }
    }
  }

  // Start-up after a crash: every driver converges FRR to `running`,
  // reading FRR's running configuration back.
  void converge_all() {
    FrrOptions o = options;
    o.read_running = [o](const std::string& daemon) { return read_running_config(o, daemon); };
    for (auto make : {make_policy_driver, make_static_driver, make_bgp_driver}) {
      auto d = make(o);
      auto p = d->converge(running.get(), host);
      REQUIRE_MESSAGE(p.ok(), (p.ok() ? "" : p.error().message));
      for (const auto* list : {&p->removals, &p->additions}) {
        for (const auto& a : *list) {
          MESSAGE("converge " << a.summary);
          rc::Status st = host.execute(a.step);
          CHECK_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
        }
      }
    }
  }

  // True if FRR holds exactly `running` (converge would do nothing).
  bool in_sync() {
    FrrOptions o = options;
    o.read_running = [o](const std::string& daemon) { return read_running_config(o, daemon); };
    bool same = true;
    for (auto make : {make_policy_driver, make_static_driver, make_bgp_driver}) {
      auto p = make(o)->converge(running.get(), host);
      REQUIRE(p.ok());
      for (const auto* list : {&p->removals, &p->additions}) {
        for (const auto& a : *list) {
          MESSAGE("out of sync: " << a.summary);
          same = false;
        }
      }
    }
    return same;
  }

  nlohmann::json show(const std::string& command, const std::string& daemon = "") {
    auto out = run_capture(show_argv(options, daemon, command));
    REQUIRE_MESSAGE(out.ok(), (out.ok() ? "" : out.error().message));
    auto j = nlohmann::json::parse(*out, nullptr, false);
    REQUIRE_MESSAGE(!j.is_discarded(), "not JSON: ", *out);
    return j;
  }

  std::string running_config() {
    auto out = run_capture(show_argv(options, "", "show running-config"));
    REQUIRE(out.ok());
    // Drop the banner lines that carry no configuration.
    std::string s = *out;
    size_t at = s.find("frr version");
    return at == std::string::npos ? s : s.substr(at);
  }

  nlohmann::json peer(const std::string& address) {
    nlohmann::json s = show("show bgp summary json", "bgpd");
    if (!s.contains("ipv4Unicast")) return nullptr;
    auto& peers = s["ipv4Unicast"]["peers"];
    return peers.contains(address) ? peers[address] : nlohmann::json();
  }

  nlohmann::json route(const std::string& prefix) {
    nlohmann::json r = show("show ip route " + prefix + " json");
    return r.contains(prefix) ? r[prefix][0] : nlohmann::json();
  }

  bool has_route(const std::string& prefix, const std::string& protocol) {
    nlohmann::json r = route(prefix);
    return !r.is_null() && r.value("protocol", "") == protocol;
  }

  bool kernel_has(const std::string& prefix) {
    auto out = run_capture({"ip", "-j", "-n", ns, "route", "show", prefix});
    REQUIRE(out.ok());
    auto j = nlohmann::json::parse(*out, nullptr, false);
    return j.is_array() && !j.empty();
  }
};

bool wait_for(const std::function<bool()>& ready, double seconds) {
  auto until = std::chrono::steady_clock::now() +
               std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  while (std::chrono::steady_clock::now() < until) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return ready();
}

bool established(Router& r, const std::string& address) {
  nlohmann::json p = r.peer(address);
  return !p.is_null() && p.value("state", "") == "Established";
}

// East: AS 65001, accepts only what prefix-list FROM-WEST allows.
std::string east_config(const std::string& allowed, const std::string& distance,
                        bool neighbor, bool blackhole, const std::string& ifname) {
  std::string s =
      "set policy prefix-list FROM-WEST rule 5 action permit\n"
      "set policy prefix-list FROM-WEST rule 5 prefix " + allowed + "\n"
      "set policy prefix-list FROM-WEST rule 10 action deny\n"
      "set policy prefix-list FROM-WEST rule 10 prefix 0.0.0.0/0\n"
      "set policy prefix-list FROM-WEST rule 10 le 32\n"
      "set policy route-map FROM-WEST rule 10 action permit\n"
      "set policy route-map FROM-WEST rule 10 match ip address prefix-list FROM-WEST\n"
      "set policy route-map TO-WEST rule 10 action permit\n"
      "set protocols static route 192.0.2.128/25 next-hop 169.254.0.2 distance " +
      distance + "\n"
      "set protocols static interface-route 10.98.0.0/16 next-hop-interface " + ifname +
      " distance 30\n"
      "set protocols bgp 65001 parameters router-id 169.254.0.1\n"
      "set protocols bgp 65001 network 198.51.100.0/24\n";
  if (blackhole) s += "set protocols static route 10.99.0.0/16 blackhole distance 250\n";
  if (neighbor) {
    const std::string n = "set protocols bgp 65001 neighbor 169.254.0.2 ";
    s += n + "remote-as 65002\n" + n + "description 'west end exit'\n" +
         n + "timers keepalive 3\n" + n + "timers holdtime 9\n" + n + "timers connect 1\n" +
         n + "soft-reconfiguration inbound\n" +  // VyOS 1.1 spellings
         n + "route-map import FROM-WEST\n" + n + "route-map export TO-WEST\n";
  }
  return s;
}

const char* kWest =
    "set protocols bgp 65002 parameters router-id 169.254.0.2\n"
    "set protocols bgp 65002 neighbor 169.254.0.1 remote-as 65001\n"
    "set protocols bgp 65002 neighbor 169.254.0.1 timers keepalive 3\n"
    "set protocols bgp 65002 neighbor 169.254.0.1 timers holdtime 9\n"
    "set protocols bgp 65002 neighbor 169.254.0.1 timers connect 1\n"
    "set protocols bgp 65002 address-family ipv4-unicast network 203.0.113.0/24\n"
    "set protocols bgp 65002 address-family ipv4-unicast network 203.0.114.0/24\n";

const char* kBase =
    "set policy prefix-list PL rule 5 action permit\n"
    "set policy prefix-list PL rule 5 prefix 203.0.113.0/24\n"
    "set policy prefix-list PL rule 5 le 32\n"
    "set policy prefix-list PL rule 6 action permit\n"
    "set policy prefix-list PL rule 6 prefix 198.51.100.0/24\n"
    "set policy as-path-list AS rule 5 action permit\n"
    "set policy as-path-list AS rule 5 regex '_65002$'\n"
    "set policy as-path-list AS rule 6 action deny\n"
    "set policy as-path-list AS rule 6 regex '_65003 65004_'\n"
    "set policy route-map IN rule 10 action permit\n"
    "set policy route-map IN rule 10 match ip address prefix-list PL\n"
    "set policy route-map IN rule 10 match as-path AS\n"
    "set policy route-map IN rule 10 description 'end exit'\n"
    "set policy route-map OUT rule 10 action permit\n"
    "set policy route-map OUT rule 10 set as-path-prepend '65001 65001'\n"
    "set policy route-map OUT rule 10 set metric +5\n"
    "set protocols static route 10.0.0.0/8 next-hop 192.0.2.1 distance 20\n"
    "set protocols static route 10.1.0.0/16 blackhole distance 250\n"
    "set protocols bgp 65001 parameters router-id 169.254.0.1\n"
    "set protocols bgp 65001 timers keepalive 3\n"
    "set protocols bgp 65001 timers holdtime 9\n"
    "set protocols bgp 65001 peer-group PG remote-as 65002\n"
    "set protocols bgp 65001 peer-group PG address-family ipv4-unicast nexthop-self\n"
    "set protocols bgp 65001 neighbor 192.0.2.2 peer-group PG\n"
    "set protocols bgp 65001 neighbor 192.0.2.3 remote-as 65003\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 remote-as 65004\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 description 'far end exit'\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 password s3cret\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 ebgp-multihop 2\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 update-source 169.254.0.2\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 timers connect 2\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 capability dynamic\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 shutdown\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 route-map import IN\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 route-map export OUT\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 prefix-list import PL\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 soft-reconfiguration inbound\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 maximum-prefix 100\n"
    "set protocols bgp 65001 network 198.51.100.0/24\n"
    "set protocols bgp 65001 network 198.51.101.0/24 route-map OUT\n"
    "set protocols bgp 65001 redistribute static metric 20\n"
    "set protocols bgp 65001 redistribute connected route-map OUT\n"
    "set protocols bgp 65001 address-family ipv6-unicast network 2001:db8::/32\n";

const char* kEdits[] = {
    "set protocols bgp 65001 neighbor 192.0.2.4 description east\n"
    "delete protocols bgp 65001 neighbor 192.0.2.4 password\n"
    "delete protocols bgp 65001 neighbor 192.0.2.4 shutdown\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 timers keepalive 5\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 timers holdtime 15\n"
    "set protocols bgp 65001 neighbor 192.0.2.4 prefix-list export PL\n"
    "delete protocols bgp 65001 neighbor 192.0.2.4 route-map import\n",
    "delete protocols bgp 65001 neighbor 192.0.2.3\n"
    "delete protocols bgp 65001 neighbor 192.0.2.2\n"
    "delete protocols bgp 65001 peer-group PG\n",
    "delete protocols bgp 65001 neighbor 192.0.2.3 remote-as\n"
    "set protocols bgp 65001 neighbor 192.0.2.3 peer-group PG\n",
    "delete protocols bgp 65001 peer-group PG remote-as\n"
    "set protocols bgp 65001 neighbor 192.0.2.2 remote-as 65022\n",
    "set protocols bgp 65001 redistribute static route-map OUT\n"
    "delete protocols bgp 65001 redistribute static metric\n"
    "delete protocols bgp 65001 redistribute connected route-map\n"
    "set protocols bgp 65001 parameters default no-ipv4-unicast\n"
    "set protocols bgp 65001 network 198.51.101.0/24 backdoor\n"
    "delete protocols bgp 65001 network 198.51.101.0/24 route-map\n",
    "set policy route-map IN rule 10 set local-preference 300\n"
    "delete policy route-map IN rule 10 match as-path\n"
    "delete policy route-map IN rule 10 description\n"
    "set policy route-map OUT rule 10 action deny\n"
    "delete policy route-map OUT rule 10 set as-path-prepend\n"
    "set policy prefix-list PL rule 5 ge 25\n"
    "set policy as-path-list AS rule 5 regex '_65009_'\n",
    // Swaps: FRR ignores an entry equal to another one of its list.
    "set policy prefix-list PL rule 5 prefix 198.51.100.0/24\n"
    "delete policy prefix-list PL rule 5 le\n"
    "set policy prefix-list PL rule 6 prefix 203.0.113.0/24\n"
    "set policy prefix-list PL rule 6 le 32\n"
    "set policy as-path-list AS rule 5 action deny\n"
    "set policy as-path-list AS rule 5 regex '_65003 65004_'\n"
    "set policy as-path-list AS rule 6 action permit\n"
    "set policy as-path-list AS rule 6 regex '_65002$'\n",
    "delete policy route-map OUT\n"
    "delete protocols bgp 65001 neighbor 192.0.2.4 route-map export\n"
    "delete protocols bgp 65001 network 198.51.101.0/24 route-map\n"
    "delete protocols bgp 65001 redistribute connected route-map\n"
    "delete policy as-path-list AS\n"
    "delete policy route-map IN rule 10 match as-path\n",
    "set protocols static route 10.0.0.0/8 next-hop 192.0.2.1 distance 30\n"
    "set protocols static route 10.0.0.0/8 next-hop 192.0.2.5\n"
    "delete protocols static route 10.1.0.0/16\n"
    "set protocols static route 10.2.0.0/16 blackhole\n",
    "delete protocols bgp 65001\n"
    "set protocols bgp 65009 neighbor 192.0.2.2 remote-as 65002\n",
};

}  // namespace

TEST_CASE("live FRR: eBGP with policy and static routes; modify, delete, revert") {
  Router east("RS_FRR_EAST"), west("RS_FRR_WEST");
  const std::string ifname = env("RS_FRR_EAST_IF");
  std::string empty_config = east.running_config();

  // 1. Configure both routers.
  std::string e1 = east_config("203.0.113.0/24", "20", true, true, ifname);
  REQUIRE(west.commit(kWest).ok());
  rc::Status st = east.commit(e1);
  REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
  REQUIRE(wait_for([&] { return established(east, "169.254.0.2"); }, 20));
  CHECK(wait_for([&] { return east.has_route("203.0.113.0/24", "bgp"); }, 10));
  CHECK(wait_for([&] { return west.has_route("198.51.100.0/24", "bgp"); }, 10));
  CHECK(!east.has_route("203.0.114.0/24", "bgp"));  // filtered by FROM-WEST
  CHECK(east.peer("169.254.0.2").value("pfxRcd", -1) == 1);
  CHECK(east.peer("169.254.0.2").value("desc", "") == "west end exit");
  CHECK(east.route("192.0.2.128/25").value("distance", 0) == 20);
  CHECK(east.route("10.99.0.0/16").value("distance", 0) == 250);
  CHECK(east.route("10.98.0.0/16").value("distance", 0) == 30);
  CHECK(east.kernel_has("192.0.2.128/25"));
  CHECK(east.kernel_has("10.99.0.0/16"));
  CHECK(east.kernel_has("203.0.113.0/24"));
  CHECK(!east.kernel_has("203.0.114.0/24"));
  std::string config1 = east.running_config();
  int connections = east.peer("169.254.0.2").value("connectionsEstablished", 0);

  // 2. Modify: the prefix-list now allows the other prefix (policy lines
  // only: the session must stay up), and a static distance changes.
  std::string e2 = east_config("203.0.114.0/24", "40", true, true, ifname);
  st = east.commit(e2);
  REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
  for (const auto& p : east.last) {
    if (p.driver == "bgp") CHECK(p.empty());
  }
  CHECK(wait_for([&] { return east.has_route("203.0.114.0/24", "bgp"); }, 10));
  CHECK(wait_for([&] { return !east.has_route("203.0.113.0/24", "bgp"); }, 10));
  CHECK(east.route("192.0.2.128/25").value("distance", 0) == 40);
  CHECK(established(east, "169.254.0.2"));
  CHECK(east.peer("169.254.0.2").value("connectionsEstablished", 0) == connections);
  std::string config2 = east.running_config();

  // 3. Delete the neighbor and the blackhole route.
  std::string e3 = east_config("203.0.114.0/24", "40", false, false, ifname);
  st = east.commit(e3);
  REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
  CHECK(east.peer("169.254.0.2").is_null());
  CHECK(east.route("10.99.0.0/16").is_null());
  CHECK(wait_for([&] { return !east.kernel_has("10.99.0.0/16"); }, 5));
  CHECK(wait_for([&] { return !east.has_route("203.0.114.0/24", "bgp"); }, 10));

  // 4. Revert with the undo commands: FRR is exactly as before, and the
  // session comes back.
  east.revert_last(e2);
  CHECK(east.running_config() == config2);
  CHECK(wait_for([&] { return established(east, "169.254.0.2"); }, 20));
  CHECK(wait_for([&] { return east.has_route("203.0.114.0/24", "bgp"); }, 10));
  CHECK(east.route("10.99.0.0/16").value("distance", 0) == 250);
  CHECK(wait_for([&] { return east.kernel_has("10.99.0.0/16"); }, 5));

  // 5. Rolling back to the first configuration is a commit like any other.
  st = east.commit(e1);
  REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
  CHECK(east.running_config() == config1);
  CHECK(wait_for([&] { return east.has_route("203.0.113.0/24", "bgp"); }, 10));
  CHECK(east.route("192.0.2.128/25").value("distance", 0) == 20);

  // 6. A crash after applying part of a commit: converge reads FRR back
  // and removes exactly what the interrupted commit added, without
  // touching the established session.
  connections = east.peer("169.254.0.2").value("connectionsEstablished", 0);
  east.apply_without_commit(
      e1 + "set protocols static route 10.77.0.0/16 next-hop 169.254.0.2\n"
           "set protocols bgp 65001 neighbor 192.0.2.77 remote-as 65077\n"
           "set protocols bgp 65001 neighbor 169.254.0.2 shutdown\n"
           "set policy prefix-list FROM-WEST rule 7 action permit\n"
           "set policy prefix-list FROM-WEST rule 7 prefix 10.7.0.0/16\n");
  CHECK(east.running_config() != config1);
  east.converge_all();
  CHECK(east.running_config() == config1);
  CHECK(wait_for([&] { return established(east, "169.254.0.2"); }, 20));

  // 7. bgpd down at commit time: a clear error, and the static change
  // applied before it is reverted (nothing half-applied).
  std::string pid_text;
  {
    auto pid = run_capture({"cat", east.options.vty_socket + "/bgpd.pid"});
    REQUIRE(pid.ok());
    pid_text = *pid;
  }
  std::string e6 = e1 + "set protocols bgp 65001 neighbor 169.254.0.2 description other\n";
  e6.replace(e6.find("distance 20"), 11, "distance 60");
  REQUIRE(run_capture({"kill", pid_text.substr(0, pid_text.find_first_of("\n"))}).ok());
  CHECK(wait_for([&] {
    return !run_capture(show_argv(east.options, "bgpd", "show version")).ok();
  }, 5));
  std::string before = east.running_config();
  st = east.commit(e6);
  CHECK(!st.ok());
  if (!st.ok()) MESSAGE("bgpd down: " << st.error().message);
  CHECK(east.route("192.0.2.128/25").value("distance", 0) == 20);
  CHECK(east.running_config() == before);

  // 8. Everything removed: FRR is back to its empty configuration (bgpd
  // is gone, so only policy and static are left to remove).
  east.drivers.pop_back();
  st = east.commit("");
  REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
  std::string without_bgpd = empty_config;
  size_t timer = without_bgpd.find("bgp route-map delay-timer");
  if (timer != std::string::npos) {
    without_bgpd.erase(timer, without_bgpd.find('\n', timer) + 1 - timer);
  }
  CHECK(east.running_config() == without_bgpd);
}

TEST_CASE("live FRR: every edit reaches the candidate, and its undo the running") {
  Router west("RS_FRR_WEST");
  west.converge_all();  // clears whatever the first test left
  std::string empty_config = west.running_config();
  CHECK(empty_config.find("router bgp") == std::string::npos);
  for (const char* edit_text : kEdits) {
    std::string edit = edit_text;
    CAPTURE(edit);
    rc::Status st = west.commit(kBase);
    REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
    std::string base_config = west.running_config();
    CHECK(west.in_sync());
    st = west.commit(std::string(kBase) + edit);
    REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
    CHECK(west.in_sync());
    west.revert_last(kBase);
    CHECK(west.running_config() == base_config);
  }
  REQUIRE(west.commit("").ok());
  CHECK(west.running_config() == empty_config);
}

}  // namespace backend::frr

// Test helpers for the direct-driver FRR test (tests/frr/frr_live_test.cc):
// one router driven through the routesh FRR drivers the way the commit
// engine drives them, and FRR's state read back as JSON.
//
// The Router's RealHost carries the "frr" channel (vtysh_channel.h), as
// routeshd's live backend does. commit() verifies, plans every driver,
// prepares every step, applies removals in reverse driver order then
// additions, and on failure runs the undo of what it applied (and of a
// partial action that failed), newest first; revert_last() runs the last
// commit's undo steps; apply_without_commit() simulates a crash after
// applying; converge_all() is the start-up that follows; in_sync() is true
// when converge would have nothing to do (FRR holds exactly the running
// configuration).
//
// Thread-safety: one test thread per Router.
#ifndef ROUTESH_TESTS_FRR_FRR_ROUTER_H_
#define ROUTESH_TESTS_FRR_FRR_ROUTER_H_

#include <doctest/doctest.h>

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
#include "backend/process.h"
#include "backend/frr/vtysh_channel.h"
#include "schema/line_error.h"
#include "schema/schema.h"
#include "schema/set_lines.h"
#include "schema/validate.h"

namespace backend::frr::live {

inline std::string env(const char* name) {
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
    attach_vtysh_channel(&host, options);
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
      rc::Status st = host.prepare(a->step);
      if (!st.ok()) return st;
    }
    for (const Action* a : order) {
      rc::Status st = host.execute(a->step);
      if (!st.ok()) {
        if (a->partial) done.push_back(a);
        for (auto it = done.rbegin(); it != done.rend(); ++it) {
          rc::Status undo = host.execute((*it)->undo);
          CHECK_MESSAGE(undo.ok(), (undo.ok() ? "" : undo.error().message));
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
    auto out = backend::run_checked(show_argv(options, daemon, command));
    REQUIRE_MESSAGE(out.ok(), (out.ok() ? "" : out.error().message));
    auto j = nlohmann::json::parse(*out, nullptr, false);
    REQUIRE_MESSAGE(!j.is_discarded(), "not JSON: ", *out);
    return j;
  }

  std::string running_config() {
    auto out = backend::run_checked(show_argv(options, "", "show running-config"));
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
    auto out = backend::run_checked({"ip", "-j", "-n", ns, "route", "show", prefix});
    REQUIRE(out.ok());
    auto j = nlohmann::json::parse(*out, nullptr, false);
    return j.is_array() && !j.empty();
  }
};

inline bool wait_for(const std::function<bool()>& ready, double seconds) {
  auto until = std::chrono::steady_clock::now() +
               std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  while (std::chrono::steady_clock::now() < until) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return ready();
}

inline bool established(Router& r, const std::string& address) {
  nlohmann::json p = r.peer(address);
  return !p.is_null() && p.value("state", "") == "Established";
}


}  // namespace backend::frr::live

#endif  // ROUTESH_TESTS_FRR_FRR_ROUTER_H_

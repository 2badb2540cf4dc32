// backend::ipsec::IpsecDriver (see driver.h).
#include "backend/ipsec/driver.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>

#include <set>
#include <unordered_set>

#include "backend/ipsec/render.h"
#include "backend/ipsec/verify.h"

namespace backend::ipsec {
namespace {

constexpr const char* kDriver = "ipsec";

vici::Message named(const char* key, const std::string& value) {
  vici::Message m;
  m.set(key, value);
  return m;
}

Action action(std::string summary, Step step, Step undo) {
  Action a;
  a.driver = kDriver;
  a.summary = std::move(summary);
  a.step = std::move(step);
  a.undo = std::move(undo);
  return a;
}

// What charon holds for one peer.
struct Rendered {
  vici::Message conn;
  vici::Message shared;  // empty: no pre-shared key
  std::string start_action;
};

Rendered render_peer(const Config& c, const Peer& p) {
  return {render_conn(c, p), render_shared(c, p), start_action(p)};
}

Step load_conn(const Rendered& r) { return vici_step("load-conn", r.conn); }
Step load_shared(const Rendered& r) { return vici_step("load-shared", r.shared); }

void plan_added(const Peer& p, const Rendered& now, Plan* plan) {
  const std::string name = conn_name(p);
  if (!now.shared.empty()) {
    plan->additions.push_back(action(
        "peer " + name + ": load pre-shared key " + secret_id(p), load_shared(now),
        vici_step("unload-shared", named("id", secret_id(p)))));
  }
  plan->additions.push_back(action("peer " + name + ": load connection",
                                   load_conn(now),
                                   vici_step("unload-conn", named("name", name))));
}

void plan_removed(const Peer& p, const Rendered& was, Plan* plan) {
  const std::string name = conn_name(p);
  plan->removals.push_back(action("peer " + name + ": unload connection",
                                  vici_step("unload-conn", named("name", name)),
                                  load_conn(was)));
  if (was.start_action != "start") {
    vici::Message t;
    t.set("ike", name);
    t.set("force", "yes");
    t.set("timeout", "-1");
    plan->removals.push_back(action("peer " + name + ": terminate its SAs",
                                    vici_step("terminate", t, true), Step::none()));
  }
  if (!was.shared.empty()) {
    plan->removals.push_back(action(
        "peer " + name + ": unload pre-shared key " + secret_id(p),
        vici_step("unload-shared", named("id", secret_id(p))), load_shared(was)));
  }
}

void plan_changed(const Peer& p, const Rendered& was, const Rendered& now,
                  Plan* plan) {
  const std::string name = conn_name(p);
  if (!(was.shared == now.shared)) {
    Step undo = was.shared.empty()
                    ? vici_step("unload-shared", named("id", secret_id(p)))
                    : load_shared(was);
    Step step = now.shared.empty()
                    ? vici_step("unload-shared", named("id", secret_id(p)))
                    : load_shared(now);
    plan->additions.push_back(action("peer " + name + ": reload pre-shared key " +
                                         secret_id(p),
                                     std::move(step), std::move(undo)));
  }
  if (!(was.conn == now.conn)) {
    plan->additions.push_back(action("peer " + name + ": reload connection",
                                     load_conn(now), load_conn(was)));
  }
}

// The configured addresses, and the system's when a peer needs them (its
// local-address is not configured here, or unset and the hint should list
// them): listing the kernel's addresses costs with the number of links, so
// a commit where every local-address is configured skips it.
std::vector<InterfaceAddress> merged(const Config& c,
                                     const DriverOptions& options) {
  std::vector<InterfaceAddress> out = c.addresses;
  if (!options.system_addresses) return out;
  std::unordered_set<std::string> configured;
  for (const auto& a : c.addresses) configured.insert(a.address);
  bool needed = false;
  for (const auto& p : c.peers) {
    if (p.local_address == "any") continue;
    if (p.local_address.empty() || !configured.count(p.local_address)) {
      needed = true;
      break;
    }
  }
  if (needed) {
    for (auto& a : options.system_addresses()) out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

Step vici_step(const std::string& command, const vici::Message& body,
               bool ignore_error) {
  nlohmann::json p = {{"command", command}, {"body", body.to_json()}};
  if (ignore_error) p["ignore_error"] = true;
  return Step::message("vici", std::move(p));
}

std::vector<InterfaceAddress> kernel_addresses() {
  std::vector<InterfaceAddress> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr) continue;
    char buf[INET6_ADDRSTRLEN] = {};
    if (i->ifa_addr->sa_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr,
                buf, sizeof buf);
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      inet_ntop(AF_INET6,
                &reinterpret_cast<sockaddr_in6*>(i->ifa_addr)->sin6_addr, buf,
                sizeof buf);
    } else {
      continue;
    }
    out.push_back({i->ifa_name, buf, buf});
  }
  freeifaddrs(list);
  return out;
}

rc::Errors IpsecDriver::verify(const schema::Node* candidate) const {
  Config c = load(candidate);
  return ipsec::verify(c, merged(c, options_));
}

rc::Result<Plan> IpsecDriver::plan(const schema::Node* running,
                                   const schema::Node* candidate,
                                   const std::vector<schema::Change>&,
                                   Host&) const {
  Plan plan;
  plan.driver = kDriver;
  Config before = load(running);
  Config after = load(candidate);
  for (const auto& p : before.peers) {
    if (after.peer(p.name) == nullptr) {
      plan_removed(p, render_peer(before, p), &plan);
    }
  }
  for (const auto& p : after.peers) {
    const Peer* old = before.peer(p.name);
    Rendered now = render_peer(after, p);
    if (old == nullptr) {
      plan_added(p, now, &plan);
    } else {
      plan_changed(p, render_peer(before, *old), now, &plan);
    }
  }
  return plan;
}

rc::Result<Plan> IpsecDriver::converge(const schema::Node* running,
                                       Host&) const {
  Plan plan;
  plan.driver = kDriver;
  Config c = load(running);
  std::vector<std::string> conns, shared;
  for (const auto& p : c.peers) {
    conns.push_back(conn_name(p));
    if (!render_shared(c, p).empty()) shared.push_back(secret_id(p));
  }
  vici::Message keep;
  keep.set_list("conns", conns);
  keep.set_list("shared", shared);
  plan.additions.push_back(action("unload what running does not hold",
                                  vici_step("unload-others", keep), Step::none()));
  for (const auto& p : c.peers) {
    Rendered r = render_peer(c, p);
    if (!r.shared.empty()) {
      plan.additions.push_back(action("peer " + conn_name(p) +
                                          ": load pre-shared key " + secret_id(p),
                                      load_shared(r), Step::none()));
    }
    plan.additions.push_back(action("peer " + conn_name(p) + ": load connection",
                                    load_conn(r), Step::none()));
  }
  return plan;
}

}  // namespace backend::ipsec

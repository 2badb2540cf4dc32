// backend::vti::VtiDriver (see driver.h).
#include "backend/vti/driver.h"

#include "backend/vti/model.h"
#include "backend/vti/render.h"
#include "backend/vti/verify.h"

namespace backend::vti {
namespace {

Action action(std::string summary, Step step, Step undo) {
  Action a;
  a.driver = "vti";
  a.summary = std::move(summary);
  a.step = std::move(step);
  a.undo = std::move(undo);
  return a;
}

std::string describe(const Link& l) {
  return l.name + ": local " + l.local + " remote " + l.remote + " key " +
         std::to_string(l.key);
}

}  // namespace

rc::Errors VtiDriver::verify(const schema::Node* candidate) const {
  return vti::verify(load(candidate));
}

rc::Result<Plan> VtiDriver::plan(const schema::Node* running,
                                 const schema::Node* candidate,
                                 const std::vector<schema::Change>&,
                                 Host&) const {
  Plan plan;
  plan.driver = "vti";
  auto before = load(running);
  auto after = load(candidate);
  for (const auto& [name, was] : before) {
    if (!was.bound()) continue;
    auto it = after.find(name);
    if (it != after.end() && it->second.bound()) continue;
    plan.removals.push_back(action("delete " + name, netlink_step(delete_payload(name)),
                                   netlink_step(ensure_payload(was))));
  }
  for (const auto& [name, now] : after) {
    if (!now.bound()) continue;
    auto it = before.find(name);
    if (it == before.end() || !it->second.bound()) {
      plan.additions.push_back(action("create " + describe(now),
                                      netlink_step(ensure_payload(now)),
                                      netlink_step(delete_payload(name))));
      continue;
    }
    nlohmann::json was = ensure_payload(it->second);
    nlohmann::json want = ensure_payload(now);
    if (was == want) continue;
    plan.additions.push_back(action("update " + describe(now), netlink_step(want),
                                    netlink_step(was)));
  }
  return plan;
}

rc::Result<Plan> VtiDriver::converge(const schema::Node* running, Host&) const {
  Plan plan;
  plan.driver = "vti";
  std::vector<std::string> keep;
  auto links = load(running);
  for (const auto& [name, l] : links) {
    if (l.bound()) keep.push_back(name);
  }
  plan.additions.push_back(action("delete VTIs running does not hold",
                                  netlink_step(delete_others_payload(keep)),
                                  Step::none()));
  for (const auto& [name, l] : links) {
    if (!l.bound()) continue;
    plan.additions.push_back(action("ensure " + describe(l),
                                    netlink_step(ensure_payload(l)), Step::none()));
  }
  return plan;
}

}  // namespace backend::vti

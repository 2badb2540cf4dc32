// FrrDriver: plans and converges through one vtysh batch per owner.
#include "backend/frr/driver.h"

#include "backend/frr/vtysh.h"

namespace backend::frr {
namespace {

std::string summarize(const std::vector<std::string>& daemons, const Delta& d) {
  std::string s;
  int shown = 0;
  for (const auto& c : d.commands) {
    if (c == "exit" || c == "exit-address-family") continue;
    if (shown == 4) {
      s += "; …";
      break;
    }
    s += (shown++ == 0 ? "" : "; ") + mask_secrets(c);
  }
  std::string to;
  for (const auto& daemon : daemons) to += (to.empty() ? "" : "+") + daemon;
  return "FRR " + to + " (" + std::to_string(d.commands.size()) + " command" +
         (d.commands.size() == 1 ? "" : "s") + "): " + s;
}

}  // namespace

std::string mask_secrets(const std::string& command) {
  static const std::string kKey = " password ";
  size_t at = command.find(kKey);
  if (at == std::string::npos) return command;
  return command.substr(0, at + kKey.size()) + "****";
}

FrrOptions with_read_back(FrrOptions options) {
  if (!options.read_running) {
    FrrOptions o = options;
    options.read_running = [o](const std::string& daemon) {
      return read_running_config(o, daemon);
    };
  }
  return options;
}

std::vector<std::unique_ptr<backend::Driver>> make_frr_drivers(FrrOptions options,
                                                               bool read_back) {
  if (read_back) options = with_read_back(std::move(options));
  std::vector<std::unique_ptr<backend::Driver>> out;
  out.push_back(make_policy_driver(options));
  out.push_back(make_static_driver(options));
  out.push_back(make_bgp_driver(options));
  return out;
}

rc::Result<Plan> FrrDriver::plan_delta(const Delta& forward, const Delta& back,
                                       std::vector<Expectation> expect_forward,
                                       std::vector<Expectation> expect_back) const {
  Plan plan;
  plan.driver = id();
  if (forward.empty()) return plan;
  auto step = batch_step({daemons(), forward.commands, std::move(expect_forward)});
  if (!step.ok()) return step.error();
  Action a;
  a.driver = id();
  a.summary = summarize(daemons(), forward);
  a.step = std::move(step).value();
  a.partial = true;
  if (back.empty()) {
    a.undo = Step::none();
  } else {
    Batch b{daemons(), back.commands, std::move(expect_back), true};
    auto undo = batch_step(b);
    if (!undo.ok()) return undo.error();
    a.undo = std::move(undo).value();
  }
  (forward.adds ? plan.additions : plan.removals).push_back(std::move(a));
  return plan;
}

rc::Result<Plan> FrrDriver::plan(const schema::Node* running,
                                 const schema::Node* candidate,
                                 const std::vector<schema::Change>&,
                                 Host&) const {
  auto both = deltas(running, candidate);
  if (!both.ok()) return both.error();
  return plan_delta(both->first, both->second, expectations(running, candidate),
                    expectations(candidate, running));
}

rc::Result<Plan> FrrDriver::converge(const schema::Node* running, Host&) const {
  rc::Result<Delta> forward = Delta{};
  if (options_.read_running) {
    auto text = options_.read_running(daemons().front());
    if (!text.ok()) return text.error();
    forward = delta_from_running(*text, running);
  } else {
    forward = delta(nullptr, running);
  }
  if (!forward.ok()) return forward.error();
  return plan_delta(*forward, Delta{}, {}, {});
}

}  // namespace backend::frr

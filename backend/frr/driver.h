// backend::frr drivers: static, policy and bgp through vtysh.
//
// FrrDriver is the shape all three share; each owner supplies its model,
// verify and render (static.h, policy.h, bgp.h):
//   verify    the owner's rules over the candidate;
//   plan      one Action per owner per commit: its Step is ONE FRR
//             batch (vtysh.h, run by vtysh_channel.h, read back as JSON
//             per readback.h) with the commands that turn the running
//             model into the candidate's, its undo Step the batch that
//             turns the candidate's back into the running one (the same
//             render with the sides swapped: an exact inverse). An Action
//             that only removes things goes to the plan's removals (run
//             before other drivers' additions, in reverse dependency
//             order: the BGP neighbor goes before the route-map it used),
//             any other to its additions;
//   converge  after a crash mid-commit: with FrrOptions::read_running,
//             FRR's running configuration of the owner's daemon is parsed
//             into the same model and the delta to `running` applied — it
//             removes what the crashed commit left and adds what is
//             missing, touching nothing that is already right (no session
//             reset). Without it, the whole desired configuration is
//             re-issued (FRR accepts existing lines again harmlessly) and
//             nothing is removed. Converge never deletes the owner's whole
//             section (that would drop every BGP session).
//
// Plans are pure: computed from the configuration trees only, never by
// reading FRR. Summaries list the commands with passwords masked.
//
// Batches are `partial` actions: one that stops half-way keeps its first
// commands, and the engine runs its undo too (safe: FRR accepts removing
// what is absent). Commands travel over the daemons' vty sockets, never in
// a process's argv (passwords stay out of /proc/PID/cmdline).
//
// Thread-safety: as backend::Driver.
#ifndef ROUTESH_BACKEND_FRR_DRIVER_H_
#define ROUTESH_BACKEND_FRR_DRIVER_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "backend/driver.h"
#include "backend/frr/lines.h"
#include "backend/frr/options.h"
#include "backend/frr/vtysh.h"

namespace backend::frr {

class FrrDriver : public backend::Driver {
 public:
  explicit FrrDriver(FrrOptions options) : options_(std::move(options)) {}

  rc::Result<Plan> plan(const schema::Node* running,
                        const schema::Node* candidate,
                        const std::vector<schema::Change>& changes,
                        Host& host) const override;
  rc::Result<Plan> converge(const schema::Node* running,
                            Host& host) const override;

  // The commands that turn the owner's part of `from` into `to`'s (trees;
  // null = nothing configured).
  virtual rc::Result<Delta> delta(const schema::Node* from,
                                  const schema::Node* to) const = 0;
  // delta(from, to) and delta(to, from), each model loaded once (a plan
  // needs both; loading is what costs with the owner's size).
  virtual rc::Result<std::pair<Delta, Delta>> deltas(const schema::Node* from,
                                                     const schema::Node* to) const = 0;
  // The same, from FRR's running configuration text.
  virtual rc::Result<Delta> delta_from_running(const std::string& frr_config,
                                               const schema::Node* to) const = 0;
  // The daemons its batches configure, in order; converge reads the
  // running configuration of the first.
  virtual std::vector<std::string> daemons() const = 0;
  // What FRR must show once `from` became `to` (readback.h).
  virtual std::vector<Expectation> expectations(const schema::Node*,
                                                const schema::Node*) const {
    return {};
  }

  const FrrOptions& options() const { return options_; }

 private:
  rc::Result<Plan> plan_delta(const Delta& forward, const Delta& back,
                              std::vector<Expectation> expect_forward,
                              std::vector<Expectation> expect_back) const;
  FrrOptions options_;
};

// deltas() for a driver whose model is loaded by `load` and compared by
// `delta` (the shape all three share).
template <typename Load, typename Compare>
rc::Result<std::pair<Delta, Delta>> both_ways(const schema::Node* from,
                                              const schema::Node* to, Load load,
                                              Compare delta) {
  auto a = load(from);
  auto b = load(to);
  auto forward = delta(a, b);
  if (!forward.ok()) return forward.error();
  auto back = delta(b, a);
  if (!back.ok()) return back.error();
  return std::make_pair(std::move(forward).value(), std::move(back).value());
}

std::unique_ptr<FrrDriver> make_static_driver(FrrOptions options);
std::unique_ptr<FrrDriver> make_policy_driver(FrrOptions options);
std::unique_ptr<FrrDriver> make_bgp_driver(FrrOptions options);

// The three drivers in dependency order (policy, static, bgp). With
// `read_back`, converge reads FRR's running configuration through vtysh
// (FrrOptions::read_running is set to read_running_config): the live
// backend (`routeshd --backend live [--frr-vty DIR]`).
std::vector<std::unique_ptr<backend::Driver>> make_frr_drivers(FrrOptions options,
                                                               bool read_back);

// `options` with read_running reading FRR through vtysh (unless set).
FrrOptions with_read_back(FrrOptions options);

// "neighbor X password S" -> "neighbor X password ****".
std::string mask_secrets(const std::string& command);

}  // namespace backend::frr

#endif  // ROUTESH_BACKEND_FRR_DRIVER_H_

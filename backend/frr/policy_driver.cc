// The `policy` owner: prefix-lists, as-path lists and route-maps, sent to
// every FRR daemon that implements them (vtysh fans the commands out).
#include "backend/frr/driver.h"
#include "backend/frr/readback.h"
#include "backend/frr/policy.h"

namespace backend::frr {
namespace {

class PolicyDriver : public FrrDriver {
 public:
  using FrrDriver::FrrDriver;
  std::string id() const override { return "policy"; }
  std::vector<std::string> daemons() const override { return {"bgpd"}; }
  std::vector<Expectation> expectations(const schema::Node* from,
                                        const schema::Node* to) const override {
    return policy_expectations(from, to);
  }
  rc::Errors verify(const schema::Node* candidate) const override {
    return verify_policy(load_policy(candidate));
  }
  rc::Result<Delta> delta(const schema::Node* from,
                          const schema::Node* to) const override {
    return policy_delta(load_policy(from), load_policy(to));
  }
  rc::Result<std::pair<Delta, Delta>> deltas(const schema::Node* from,
                                             const schema::Node* to) const override {
    return both_ways(from, to, load_policy, policy_delta);
  }
  rc::Result<Delta> delta_from_running(const std::string& frr,
                                       const schema::Node* to) const override {
    return policy_delta(parse_policy(frr), load_policy(to));
  }
};

}  // namespace

std::unique_ptr<FrrDriver> make_policy_driver(FrrOptions options) {
  return std::make_unique<PolicyDriver>(std::move(options));
}

}  // namespace backend::frr

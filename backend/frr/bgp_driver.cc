// The `bgp` owner: protocols bgp through bgpd.
#include "backend/frr/bgp.h"
#include "backend/frr/driver.h"
#include "backend/frr/readback.h"

namespace backend::frr {
namespace {

class BgpDriver : public FrrDriver {
 public:
  using FrrDriver::FrrDriver;
  std::string id() const override { return "bgp"; }
  std::vector<std::string> daemons() const override { return {"bgpd"}; }
  std::vector<Expectation> expectations(const schema::Node* from,
                                        const schema::Node* to) const override {
    return bgp_expectations(from, to);
  }
  rc::Errors verify(const schema::Node* candidate) const override {
    return verify_bgp(load_bgp(candidate), load_policy(candidate));
  }
  rc::Result<Delta> delta(const schema::Node* from,
                          const schema::Node* to) const override {
    return bgp_delta(load_bgp(from), load_bgp(to));
  }
  rc::Result<std::pair<Delta, Delta>> deltas(const schema::Node* from,
                                             const schema::Node* to) const override {
    return both_ways(from, to, load_bgp, bgp_delta);
  }
  rc::Result<Delta> delta_from_running(const std::string& frr,
                                       const schema::Node* to) const override {
    return bgp_delta(parse_bgp(frr), load_bgp(to));
  }
};

}  // namespace

std::unique_ptr<FrrDriver> make_bgp_driver(FrrOptions options) {
  return std::make_unique<BgpDriver>(std::move(options));
}

}  // namespace backend::frr

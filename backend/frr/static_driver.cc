// The `static` owner: protocols static through staticd.
#include "backend/frr/driver.h"
#include "backend/frr/static.h"

namespace backend::frr {
namespace {

class StaticDriver : public FrrDriver {
 public:
  using FrrDriver::FrrDriver;
  std::string id() const override { return "static"; }
  std::vector<std::string> daemons() const override { return {"staticd"}; }
  rc::Errors verify(const schema::Node* candidate) const override {
    return verify_static(load_static(candidate));
  }
  rc::Result<Delta> delta(const schema::Node* from,
                          const schema::Node* to) const override {
    return static_delta(load_static(from), load_static(to));
  }
  rc::Result<std::pair<Delta, Delta>> deltas(const schema::Node* from,
                                             const schema::Node* to) const override {
    return both_ways(from, to, load_static, static_delta);
  }
  rc::Result<Delta> delta_from_running(const std::string& frr,
                                       const schema::Node* to) const override {
    return static_delta(parse_static(frr), load_static(to));
  }
};

}  // namespace

std::unique_ptr<FrrDriver> make_static_driver(FrrOptions options) {
  return std::make_unique<StaticDriver>(std::move(options));
}

}  // namespace backend::frr

#include "tests/ipsec/bench/timing_host.h"

#include <doctest/doctest.h>

#include <vector>

namespace ipsec_bench {
namespace {

using backend::Step;

// A host whose steps take `cost` ms of a fake clock each, and fail when
// asked to.
class SlowHost : public backend::Host {
 public:
  explicit SlowHost(double* now) : now_(now) {}
  rc::Status prepare(const Step& step) override { return take("prepare", step); }
  rc::Status execute(const Step& step) override { return take("execute", step); }
  bool read_file(const std::string& path, std::string* data) override {
    *now_ += cost;
    calls.push_back("read " + path);
    *data = "x";
    return true;
  }
  double cost = 1;
  bool fail = false;
  std::vector<std::string> calls;

 private:
  rc::Status take(const std::string& phase, const Step& step) {
    *now_ += cost;
    calls.push_back(phase + " " + step.describe());
    if (fail) return rc::make_error(rc::Code::kBackend, "refused");
    return rc::Status::Ok();
  }
  double* now_;
};

}  // namespace

TEST_CASE("timing host: each channel's time, by phase; other steps apart") {
  double now = 100;
  SlowHost inner(&now);
  TimingHost host(&inner, [&] { return now; });
  Step vici = Step::message("vici", {{"command", "load-conn"}});
  Step netlink = Step::message("netlink", {{"op", "delete"}, {"name", "vti1"}});
  Step file = Step::write_file("/nonexistent/x", "y");

  inner.cost = 2;
  REQUIRE(host.prepare(vici).ok());
  inner.cost = 3;
  REQUIRE(host.execute(vici).ok());
  REQUIRE(host.execute(vici).ok());
  inner.cost = 0.5;
  REQUIRE(host.execute(netlink).ok());
  inner.cost = 7;
  REQUIRE(host.execute(file).ok());
  std::string data;
  REQUIRE(host.read_file("/etc/x", &data));
  CHECK(data == "x");

  CHECK(host.times("vici").prepare_ms == doctest::Approx(2));
  CHECK(host.times("vici").execute_ms == doctest::Approx(6));
  CHECK(host.times("vici").steps == 3);
  CHECK(host.times("netlink").total_ms() == doctest::Approx(0.5));
  CHECK(host.times("other").total_ms() == doctest::Approx(14));
  CHECK(host.times("frr").steps == 0);
  CHECK(host.total_ms() == doctest::Approx(22.5));
  // The same time, by operation.
  const auto& ops = host.operations();
  REQUIRE(ops.count("vici load-conn") == 1);
  CHECK(ops.at("vici load-conn").total_ms() == doctest::Approx(8));
  CHECK(ops.at("netlink delete").execute_ms == doctest::Approx(0.5));
  CHECK(ops.at("other").total_ms() == doctest::Approx(14));
  CHECK(ops.size() == 3);
  // Every step reached the inner host, in order.
  CHECK(inner.calls.size() == 6);
  CHECK(inner.calls.front().rfind("prepare ", 0) == 0);
  CHECK(inner.calls.back() == "read /etc/x");

  host.reset();
  CHECK(host.total_ms() == 0);
  CHECK(host.operations().empty());
  CHECK(host.times("vici").steps == 0);
}

TEST_CASE("timing host: a refusal is returned as is, and still timed") {
  double now = 0;
  SlowHost inner(&now);
  inner.fail = true;
  inner.cost = 4;
  TimingHost host(&inner, [&] { return now; });
  rc::Status st = host.execute(Step::message("vici", {{"command", "load-conn"}}));
  REQUIRE(!st.ok());
  CHECK(st.error().message == "refused");
  CHECK(st.error().code == rc::Code::kBackend);
  CHECK(host.times("vici").execute_ms == doctest::Approx(4));
}

TEST_CASE("timing host: accounts are named after channels") {
  CHECK(TimingHost::target_of(Step::message("vtysh:bgpd", {})) == "vtysh:bgpd");
  CHECK(TimingHost::target_of(Step::run({"true"})) == "other");
  CHECK(TimingHost::target_of(Step::none()) == "other");
  CHECK(TimingHost::operation_of(Step::message("vici", {{"command", "terminate"}})) ==
        "vici terminate");
  CHECK(TimingHost::operation_of(Step::message("netlink", {{"op", "ensure"}})) ==
        "netlink ensure");
  CHECK(TimingHost::operation_of(Step::message("vici", {{"command", 3}})) == "vici");
  CHECK(TimingHost::operation_of(Step::run({"true"})) == "other");
}

}  // namespace ipsec_bench

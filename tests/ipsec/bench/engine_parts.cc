// ipsec_bench engine parts (see engine_parts.h).
#include "tests/ipsec/bench/engine_parts.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

#include "backend/ipsec/driver.h"
#include "backend/vti/driver.h"
#include "schema/diff.h"
#include "schema/validate.h"

namespace ipsec_bench {
namespace {

// Median wall time of `runs` calls of f, in ms; stops at f's first error.
rc::Result<double> median_ms(int runs, const std::function<rc::Status()>& f) {
  std::vector<double> v;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    rc::Status st = f();
    v.push_back(std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - t0)
                    .count());
    if (!st.ok()) return st.error();
  }
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

rc::Result<EngineParts> time_engine_parts(const schema::Node* running,
                                          const schema::Node* candidate,
                                          backend::Host& host, int runs) {
  const schema::Schema& schema = schema::Schema::builtin();
  backend::ipsec::DriverOptions live;
  live.system_addresses = backend::ipsec::kernel_addresses;
  backend::ipsec::IpsecDriver ipsec(live);
  backend::vti::VtiDriver vti;
  size_t sink = 0;  // results are used, so that no call is optimised away
  auto plan_of = [&](const backend::Driver& d) {
    return [&] {
      auto p = d.plan(running, candidate, {}, host);
      if (!p.ok()) return rc::Status(p.error());
      sink += p->additions.size();
      return rc::Status::Ok();
    };
  };
  const std::vector<std::pair<double EngineParts::*, std::function<rc::Status()>>>
      parts = {
          {&EngineParts::schema_validate,
           [&] {
             sink += schema::validate(schema, candidate).size();
             return rc::Status::Ok();
           }},
          {&EngineParts::kernel_addresses,
           [&] {
             sink += backend::ipsec::kernel_addresses().size();
             return rc::Status::Ok();
           }},
          {&EngineParts::ipsec_verify,
           [&] {
             sink += ipsec.verify(candidate).size();
             return rc::Status::Ok();
           }},
          {&EngineParts::vti_verify,
           [&] {
             sink += vti.verify(candidate).size();
             return rc::Status::Ok();
           }},
          {&EngineParts::ipsec_plan, plan_of(ipsec)},
          {&EngineParts::vti_plan, plan_of(vti)},
          {&EngineParts::diff,
           [&] {
             sink += schema::diff(running, candidate).size();
             return rc::Status::Ok();
           }},
      };
  EngineParts out;
  for (const auto& [field, f] : parts) {
    auto ms = median_ms(runs, f);
    if (!ms.ok()) return ms.error();
    out.*field = *ms;
  }
  if (sink == 0) return rc::make_error(rc::Code::kInternal, "nothing was timed");
  return out;
}

}  // namespace ipsec_bench

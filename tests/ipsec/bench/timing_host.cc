// ipsec_bench::TimingHost (see timing_host.h).
#include "tests/ipsec/bench/timing_host.h"

namespace ipsec_bench {
namespace {

double steady_ms() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TimingHost::TimingHost(backend::Host* inner, Clock clock)
    : inner_(inner), clock_(clock ? std::move(clock) : Clock(steady_ms)) {}

std::string TimingHost::target_of(const backend::Step& step) {
  if (step.kind == backend::Step::Kind::kMessage) return step.channel;
  return "other";
}

std::string TimingHost::operation_of(const backend::Step& step) {
  const std::string target = target_of(step);
  if (step.kind != backend::Step::Kind::kMessage || !step.payload.is_object()) {
    return target;
  }
  for (const char* key : {"command", "op"}) {
    auto it = step.payload.find(key);
    if (it != step.payload.end() && it->is_string()) {
      return target + " " + it->get<std::string>();
    }
  }
  return target;
}

void TimingHost::charge(const backend::Step& step, bool prepare, double ms) {
  for (Times* t : {&accounts_[target_of(step)], &operations_[operation_of(step)]}) {
    (prepare ? t->prepare_ms : t->execute_ms) += ms;
    ++t->steps;
  }
}

rc::Status TimingHost::prepare(const backend::Step& step) {
  double t0 = clock_();
  rc::Status st = inner_->prepare(step);
  charge(step, true, clock_() - t0);
  return st;
}

rc::Status TimingHost::execute(const backend::Step& step) {
  double t0 = clock_();
  rc::Status st = inner_->execute(step);
  charge(step, false, clock_() - t0);
  return st;
}

bool TimingHost::read_file(const std::string& path, std::string* data) {
  double t0 = clock_();
  bool found = inner_->read_file(path, data);
  // Read while planning, before any change: a prepare-time cost.
  charge(backend::Step::none(), true, clock_() - t0);
  return found;
}

TimingHost::Times TimingHost::times(const std::string& target) const {
  auto it = accounts_.find(target);
  return it == accounts_.end() ? Times{} : it->second;
}

double TimingHost::total_ms() const {
  double sum = 0;
  for (const auto& [target, t] : accounts_) sum += t.total_ms();
  return sum;
}

}  // namespace ipsec_bench

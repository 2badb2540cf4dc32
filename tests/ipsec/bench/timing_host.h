// ipsec_bench::TimingHost: a backend::Host that times what it forwards.
//
// Wraps the host a commit engine acts through and adds the wall time of
// every prepare() and execute() to a per-target account: the channel of a
// kMessage step ("vici", "netlink", "vtysh:bgpd", …) or "other" for files,
// processes and read_file(); and to a per-operation account, the target
// and the payload's "command" or "op" ("vici load-conn", "netlink
// ensure"). The benchmark reads the accounts after a commit to split its
// time into the daemons' share and the engine's own.
// Steps are forwarded unchanged and their status returned as is; the
// wrapped host is not owned and must outlive this one.
//
// Thread-safety: as Host (the engine thread only).
#ifndef ROUTESH_TESTS_IPSEC_BENCH_TIMING_HOST_H_
#define ROUTESH_TESTS_IPSEC_BENCH_TIMING_HOST_H_

#include <chrono>
#include <functional>
#include <map>
#include <string>

#include "backend/host.h"

namespace ipsec_bench {

class TimingHost : public backend::Host {
 public:
  // Milliseconds spent in one account, by phase.
  struct Times {
    double prepare_ms = 0;
    double execute_ms = 0;
    int steps = 0;  // prepare and execute calls counted apart
    double total_ms() const { return prepare_ms + execute_ms; }
  };
  // A monotonic clock in milliseconds; injectable for tests.
  using Clock = std::function<double()>;

  // REQUIRES: inner != nullptr and outlives this host.
  explicit TimingHost(backend::Host* inner, Clock clock = {});

  rc::Status prepare(const backend::Step& step) override;
  rc::Status execute(const backend::Step& step) override;
  bool read_file(const std::string& path, std::string* data) override;

  // The account of `target` ("vici", "netlink", "other", …); zero if
  // nothing was charged to it.
  Times times(const std::string& target) const;
  // Every operation's account, by name.
  const std::map<std::string, Times>& operations() const { return operations_; }
  // Sum over every account.
  double total_ms() const;
  // Forgets every account (before the commit to be measured).
  void reset() {
    accounts_.clear();
    operations_.clear();
  }

  // The accounts a step is charged to.
  static std::string target_of(const backend::Step& step);
  static std::string operation_of(const backend::Step& step);

 private:
  // Adds `ms` to both accounts of `step`.
  void charge(const backend::Step& step, bool prepare, double ms);

  backend::Host* inner_;
  Clock clock_;
  std::map<std::string, Times> accounts_;
  std::map<std::string, Times> operations_;
};

}  // namespace ipsec_bench

#endif  // ROUTESH_TESTS_IPSEC_BENCH_TIMING_HOST_H_

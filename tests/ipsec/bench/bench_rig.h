// ipsec_bench::Rig: a commit engine over the live backend, as routeshd
// builds it, with every step timed.
//
// The rig owns a fresh state directory (mkdtemp under a parent: history.db
// and render/), the live Backend (backend::make_backend: "vici" to the
// given charon, "netlink" in this process's network namespace, FRR unused
// here), a TimingHost around the backend's host, the History and the
// Engine. The directory is removed when the rig goes. Nothing is
// contacted before the first commit.
//
// Thread-safety: single-threaded, like the engine.
#ifndef ROUTESH_TESTS_IPSEC_BENCH_BENCH_RIG_H_
#define ROUTESH_TESTS_IPSEC_BENCH_BENCH_RIG_H_

#include <map>
#include <memory>
#include <string>

#include "backend/backend.h"
#include "commits/engine.h"
#include "commits/history.h"
#include "schema/status.h"
#include "tests/ipsec/bench/timing_host.h"

namespace ipsec_bench {

// Wall time of one commit (or commit check) and where it went.
struct CommitTimes {
  double total_ms = 0;
  TimingHost::Times vici, netlink;
  double other_ms = 0;  // every other step (files, processes)
  std::map<std::string, TimingHost::Times> operations;  // TimingHost's
  double host_ms() const { return vici.total_ms() + netlink.total_ms() + other_ms; }
  double engine_ms() const { return total_ms - host_ms(); }
};

class Rig {
 public:
  // REQUIRES: parent is a writable directory; vici_socket is charon's.
  static rc::Result<std::unique_ptr<Rig>> open(const std::string& parent,
                                               const std::string& vici_socket);
  ~Rig();

  commits::Engine& engine() { return *engine_; }
  backend::Host& host() { return *backend_->host(); }
  const std::string& dir() const { return dir_; }

  // Commits `candidate` (or checks it: validate, diff, order, plan) and
  // times it. Errors: the engine's.
  rc::Result<CommitTimes> commit(const schema::NodePtr& candidate,
                                 bool check_only = false);

 private:
  Rig() = default;

  std::string dir_;
  std::unique_ptr<backend::Backend> backend_;
  std::unique_ptr<TimingHost> timing_;
  std::unique_ptr<commits::History> history_;
  std::unique_ptr<commits::Engine> engine_;
};

}  // namespace ipsec_bench

#endif  // ROUTESH_TESTS_IPSEC_BENCH_BENCH_RIG_H_

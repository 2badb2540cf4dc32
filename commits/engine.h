// commits::Engine: turns a candidate configuration into the running system.
//
// The engine owns the running configuration, the backend drivers and the
// Host they act through, and records everything in History. commit() runs
// the pipeline below; each phase has a contract (what it may touch, what a
// failure leaves behind):
//
//   validate  schema::validate + every driver's verify over the whole
//             candidate. Pure. Fails with every problem at once, one
//             message per path (a driver's, when it explains a path the
//             schema flagged too).
//   diff      running -> candidate. Pure. Empty: "No configuration changes
//             to commit".
//   order     dependency order of the drivers (commits/order.h); a
//             driver whose watches() name a changed owner joins just
//             before it (a VTI follows its IPsec peer's addresses). Pure.
//             Fails on a cycle, naming it.
//   plan      each driver's actions and their undo. Pure.
//   journal   a journal row (History) marks the transaction open; from
//             here a crash is recovered at start-up.
//   prepare   every step checked through the Host; nothing changes. A
//             failure ends the commit: history says failed.
//   apply     removals (drivers in reverse order), then additions (in
//             order). A failure reverts every applied action, in reverse,
//             with its undo — the failed action's too when it is partial
//             (backend/step.h) — so the system is exactly as before;
//             history says reverted.
//   record    one SQLite transaction: the revision, its change rows, the
//             confirm state. This write is the commit point; only then does
//             the candidate become the running configuration.
//
// Start-up (start()): the running configuration is rebuilt from History;
// an unfinished journal row means a crash mid-commit: every driver
// converges the system to the running configuration and history records
// it (recovered). A pending commit-confirm whose deadline passed is
// reverted at once; a future one is re-armed. At boot, bring_up()
// converges every driver to the running revision.
//
// Thread-safety: single-threaded; the daemon's engine thread owns it.
#ifndef ROUTESH_COMMITS_ENGINE_H_
#define ROUTESH_COMMITS_ENGINE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backend/driver.h"
#include "backend/host.h"
#include "commits/history.h"
#include "schema/schema.h"

namespace commits {

struct CommitOptions {
  AttemptInfo info;            // user, source, comment (time set by engine)
  bool check_only = false;     // `commit check`: everything but apply
  int confirm_minutes = 0;     // `commit-confirm N`
};

struct CommitResult {
  bool no_changes = false;
  int64_t rev = 0;                    // the new revision
  std::vector<std::string> plan;      // what was (or would be) done
  std::vector<std::string> messages;  // for the operator
};

class Engine {
 public:
  // Clock in unix seconds; injectable for tests.
  using Clock = std::function<int64_t()>;

  Engine(const schema::Schema& schema, History* history,
         std::vector<std::unique_ptr<backend::Driver>> drivers,
         backend::Host* host, Clock clock = {});

  // Loads the running configuration, recovers an interrupted commit and
  // handles an overdue commit-confirm. `log` receives what was done.
  rc::Status start(std::vector<std::string>* log);

  const schema::NodePtr& running() const { return running_; }
  int64_t head() const { return history_->head(); }
  History& history() { return *history_; }
  const schema::Schema& schema() const { return schema_; }

  // Boot: the system holds nothing of the running configuration (FRR's
  // configuration, VTIs and charon's connections do not survive a
  // reboot): every driver converges it to running. Failures are logged,
  // not fatal (a daemon still starting fails only its own part).
  // REQUIRES: start() succeeded.
  void bring_up(std::vector<std::string>* log);

  // Validation only (schema + drivers), every problem.
  rc::Errors check(const schema::Node* candidate) const;

  // The pipeline. Errors: kValidation (all problems in the message, one per
  // line, and in `problems` when given), kBackend (prepare/apply failed and
  // was reverted), kConflict (dependency cycle), kIo (history).
  rc::Result<CommitResult> commit(const schema::NodePtr& candidate,
                                  const CommitOptions& options,
                                  rc::Errors* problems = nullptr);

  // --- commit-confirm.
  std::optional<PendingConfirm> pending_confirm() const {
    return history_->pending_confirm();
  }
  rc::Status confirm();
  // Seconds until the next confirm event (warning or revert); -1: none.
  int64_t seconds_to_timer() const;
  // Handles due confirm events. `notify` receives messages for every
  // session (the warning a minute before, the revert after).
  void on_timer(const std::function<void(const std::string&)>& notify);

  // The configuration at VyOS index `index` (0 = newest revision).
  rc::Result<schema::NodePtr> revision(int64_t index);

  // Test hook: kill the process (SIGKILL) on reaching `phase`
  // (prepare, apply, apply:N after N actions, record).
  void set_crash_at(std::string phase) { crash_at_ = std::move(phase); }
  // Test hook: the length of a commit-confirm "minute" in seconds
  // (default 60), so that tests of the timer take seconds.
  void set_minute_seconds(int s) { minute_seconds_ = s > 0 ? s : 60; }

 private:
  rc::Status apply_plans(const std::vector<backend::Plan>& plans,
                         std::vector<const backend::Action*>* done);
  void revert(const std::vector<const backend::Action*>& done,
              std::vector<std::string>* errors);
  rc::Status converge(std::vector<std::string>* log);
  std::string converge_drivers();  // every driver to running; errors
  void maybe_crash(const std::string& phase);
  const backend::Driver* driver(const std::string& id) const;
  int64_t now() const { return clock_(); }

  const schema::Schema& schema_;
  History* history_;
  std::vector<std::unique_ptr<backend::Driver>> drivers_;
  backend::Host* host_;
  Clock clock_;
  schema::NodePtr running_;
  std::string crash_at_;
  int minute_seconds_ = 60;
  bool warned_ = false;
  // After a failed confirm-timeout revert: when to try again, and the next
  // delay (doubling to a minute), so a refusing system is not hammered.
  int64_t retry_at_ = 0;
  int64_t retry_delay_ = 2;
};

// Joins errors into one message, one per line: "<message> [<path>]".
std::string join_errors(const rc::Errors& errors);

}  // namespace commits

#endif  // ROUTESH_COMMITS_ENGINE_H_

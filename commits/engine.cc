#include "commits/engine.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <ctime>
#include <map>

#include "commits/order.h"
#include "schema/edit.h"
#include "schema/validate.h"

namespace commits {
namespace {

int64_t wall_clock() { return static_cast<int64_t>(::time(nullptr)); }

std::string owner_of(const schema::Change& c) {
  for (const auto& e : c.path) {
    if (!e.schema->owner.empty()) return e.schema->owner;
  }
  return "";
}

}  // namespace

std::string join_errors(const rc::Errors& errors) {
  std::string s;
  for (const auto& e : errors) {
    if (!s.empty()) s += '\n';
    s += e.message;
    if (!e.path.empty()) s += " [" + e.path + "]";
    if (!e.hint.empty()) s += " (" + e.hint + ")";
  }
  return s;
}

Engine::Engine(const schema::Schema& schema, History* history,
               std::vector<std::unique_ptr<backend::Driver>> drivers,
               backend::Host* host, Clock clock)
    : schema_(schema),
      history_(history),
      drivers_(std::move(drivers)),
      host_(host),
      clock_(clock ? std::move(clock) : Clock(wall_clock)) {}

const backend::Driver* Engine::driver(const std::string& id) const {
  for (const auto& d : drivers_) {
    if (d->id() == id) return d.get();
  }
  return nullptr;
}

void Engine::maybe_crash(const std::string& phase) {
  if (!crash_at_.empty() && crash_at_ == phase) ::kill(::getpid(), SIGKILL);
}

rc::Status Engine::start(std::vector<std::string>* log) {
  auto head = history_->load_head(schema_);
  if (!head.ok()) return head.error();
  running_ = head.value();
  log->push_back("running configuration is revision " +
                 std::to_string(history_->head()));
  if (!history_->unfinished().empty()) {
    rc::Status st = converge(log);
    if (!st.ok()) return st;
  }
  if (auto p = history_->pending_confirm(); p && p->deadline <= now()) {
    log->push_back("commit-confirm of revision " + std::to_string(p->rev) +
                   " expired while the daemon was down: reverting");
    on_timer([&](const std::string& m) { log->push_back(m); });
  }
  return rc::Status::Ok();
}

std::string Engine::converge_drivers() {
  std::string errors;
  for (const auto& d : drivers_) {
    auto plan = d->converge(running_.get(), *host_);
    if (!plan.ok()) {
      errors += d->id() + ": " + plan.error().message + "\n";
      continue;
    }
    for (const auto* list : {&plan->removals, &plan->additions}) {
      for (const auto& a : *list) {
        rc::Status st = host_->execute(a.step);
        if (!st.ok()) errors += d->id() + ": " + st.error().message + "\n";
      }
    }
  }
  return errors;
}

rc::Status Engine::converge(std::vector<std::string>* log) {
  for (const auto& txn : history_->unfinished()) {
    log->push_back("commit interrupted at phase " + txn.phase +
                   " (by " + txn.info.user + "): converging to revision " +
                   std::to_string(history_->head()));
    std::string errors = converge_drivers();
    rc::Status st = history_->record_outcome(
        txn.txn, txn.info, "recovered",
        errors.empty() ? "interrupted at " + txn.phase + "; converged"
                       : "interrupted at " + txn.phase + "; " + errors);
    if (!st.ok()) return st;
    log->push_back(errors.empty() ? "converged" : "converged with errors: " + errors);
  }
  return rc::Status::Ok();
}

void Engine::bring_up(std::vector<std::string>* log) {
  if (history_->head() == 0) return;
  std::string errors = converge_drivers();
  log->push_back("brought the system up to revision " + std::to_string(history_->head()) +
                 (errors.empty() ? "" : " with errors: " + errors));
}

rc::Errors Engine::check(const schema::Node* candidate) const {
  rc::Errors found = schema::validate(schema_, candidate);
  rc::Errors drivers;
  for (const auto& d : drivers_) {
    rc::Errors e = d->verify(candidate);
    drivers.insert(drivers.end(), e.begin(), e.end());
  }
  // One problem, one message: where a driver explains a path the schema
  // also flagged (a `vti bind` to a missing VTI), the driver's words stay.
  std::set<std::string> explained;
  for (const auto& e : drivers) explained.insert(e.path);
  rc::Errors all;
  for (auto& e : found) {
    if (e.path.empty() || !explained.count(e.path)) all.push_back(std::move(e));
  }
  all.insert(all.end(), drivers.begin(), drivers.end());
  return all;
}

rc::Status Engine::apply_plans(const std::vector<backend::Plan>& plans,
                               std::vector<const backend::Action*>* done) {
  // Removals: drivers in reverse order; additions in order.
  std::vector<const backend::Action*> order;
  for (auto it = plans.rbegin(); it != plans.rend(); ++it) {
    for (const auto& a : it->removals) order.push_back(&a);
  }
  for (const auto& p : plans) {
    for (const auto& a : p.additions) order.push_back(&a);
  }
  for (const auto* a : order) {
    maybe_crash("apply:" + std::to_string(done->size()));
    rc::Status st = host_->execute(a->step);
    if (!st.ok()) {
      rc::Error e = st.error();
      e.message = a->driver + ": " + a->summary + ": " + e.message;
      if (a->partial) done->push_back(a);  // its undo runs too
      return e;
    }
    done->push_back(a);
  }
  return rc::Status::Ok();
}

void Engine::revert(const std::vector<const backend::Action*>& done,
                    std::vector<std::string>* errors) {
  for (auto it = done.rbegin(); it != done.rend(); ++it) {
    rc::Status st = host_->execute((*it)->undo);
    if (!st.ok()) {
      errors->push_back((*it)->driver + ": undo of " + (*it)->summary + ": " +
                        st.error().message);
    }
  }
}

rc::Result<CommitResult> Engine::commit(const schema::NodePtr& candidate,
                                        const CommitOptions& options,
                                        rc::Errors* problems) {
  CommitOptions opt = options;
  opt.info.time = now();
  CommitResult result;
  auto fail = [&](rc::Error e, const std::string& outcome,
                  int64_t txn) -> rc::Result<CommitResult> {
    if (!opt.check_only) {
      rc::Status st = history_->record_outcome(txn, opt.info, outcome, e.message);
      if (!st.ok()) e.message += "\n(history: " + st.error().message + ")";
    }
    return e;
  };
  // validate
  rc::Errors errs = check(candidate.get());
  if (!errs.empty()) {
    if (problems != nullptr) *problems = errs;
    return fail(rc::make_error(rc::Code::kValidation, join_errors(errs)),
                "failed", 0);
  }
  // diff
  std::vector<schema::Change> changes = schema::diff(running_.get(), candidate.get());
  auto pending = history_->pending_confirm();
  if (changes.empty()) {
    result.no_changes = true;
    if (pending && opt.confirm_minutes == 0 && !opt.check_only) {
      rc::Status st = history_->clear_confirm();
      if (!st.ok()) return st.error();
      warned_ = false;
      result.messages.push_back("Confirmed: revision " +
                                std::to_string(pending->rev) + " stays");
    }
    return result;
  }
  // order
  auto order = order_drivers(schema_, running_.get(), candidate.get(), changes);
  if (!order.ok()) return fail(order.error(), "failed", 0);
  // A driver that watches a changed owner joins the commit, just before
  // the first owner it watches (its additions first, its removals after).
  for (const auto& d : drivers_) {
    auto& ids = order->drivers;
    if (std::find(ids.begin(), ids.end(), d->id()) != ids.end()) continue;
    for (const auto& w : d->watches()) {
      auto it = std::find(ids.begin(), ids.end(), w);
      if (it != ids.end()) {
        ids.insert(it, d->id());
        break;
      }
    }
  }
  // plan
  std::map<std::string, std::vector<schema::Change>> by_owner;
  for (const auto& c : changes) by_owner[owner_of(c)].push_back(c);
  std::vector<backend::Plan> plans;
  for (const auto& id : order->drivers) {
    const backend::Driver* d = driver(id);
    if (d == nullptr) {
      return fail(rc::make_error(rc::Code::kInternal,
                                 "no backend driver for " + id),
                  "failed", 0);
    }
    auto p = d->plan(running_.get(), candidate.get(), by_owner[id], *host_);
    if (!p.ok()) return fail(p.error(), "failed", 0);
    for (const auto* list : {&p->removals, &p->additions}) {
      for (const auto& a : *list) result.plan.push_back(id + ": " + a.summary);
    }
    plans.push_back(std::move(p).value());
  }
  if (opt.check_only) return result;
  // journal
  auto txn = history_->journal_begin(history_->head(), opt.info);
  if (!txn.ok()) return txn.error();
  // prepare
  maybe_crash("prepare");
  (void)history_->journal_phase(*txn, "prepare");
  for (const auto& p : plans) {
    for (const auto* list : {&p.removals, &p.additions}) {
      for (const auto& a : *list) {
        rc::Status st = host_->prepare(a.step);
        if (!st.ok()) {
          rc::Error e = st.error();
          e.message = a.driver + ": " + a.summary + ": " + e.message;
          return fail(e, "failed", *txn);
        }
      }
    }
  }
  // apply
  (void)history_->journal_phase(*txn, "apply");
  maybe_crash("apply");
  std::vector<const backend::Action*> done;
  rc::Status applied = apply_plans(plans, &done);
  if (!applied.ok()) {
    (void)history_->journal_phase(*txn, "revert");
    std::vector<std::string> undo_errors;
    revert(done, &undo_errors);
    rc::Error e = applied.error();
    e.message += "; the " + std::to_string(done.size()) +
                 " applied action(s) were reverted";
    for (const auto& u : undo_errors) e.message += "\n" + u;
    return fail(e, "reverted", *txn);
  }
  // record
  maybe_crash("record");
  History::ConfirmUpdate cu;
  if (opt.confirm_minutes > 0) {
    cu.kind = History::ConfirmUpdate::Kind::kSet;
    cu.pending.revert_to = pending ? pending->revert_to : history_->head();
    cu.pending.deadline = now() + int64_t{opt.confirm_minutes} * minute_seconds_;
    cu.pending.user = opt.info.user;
  } else if (pending && opt.info.source != "confirm-timeout") {
    cu.kind = History::ConfirmUpdate::Kind::kClear;
  } else if (opt.info.source == "confirm-timeout") {
    cu.kind = History::ConfirmUpdate::Kind::kClear;
  }
  auto rev = history_->record_commit(*txn, opt.info, changes, candidate.get(), cu);
  if (!rev.ok()) {
    // The system changed but the record failed: put the system back, and
    // say so in history if it still takes a row (closing the journal).
    std::vector<std::string> undo_errors;
    revert(done, &undo_errors);
    rc::Error e = rev.error();
    e.message = "recording the commit failed: " + e.message +
                "; the applied actions were reverted";
    for (const auto& u : undo_errors) e.message += "\n" + u;
    return fail(e, "reverted", *txn);
  }
  running_ = candidate;
  warned_ = false;
  result.rev = *rev;
  if (opt.confirm_minutes > 0) {
    result.messages.push_back(
        "commit-confirm: revision " + std::to_string(*rev) +
        " reverts to revision " + std::to_string(cu.pending.revert_to) +
        " in " + std::to_string(opt.confirm_minutes) +
        " minute(s) unless confirmed");
  } else if (cu.kind == History::ConfirmUpdate::Kind::kClear && pending &&
             opt.info.source != "confirm-timeout") {
    result.messages.push_back("Confirmed: the pending commit-confirm is cleared");
  }
  return result;
}

rc::Status Engine::confirm() {
  if (!history_->pending_confirm()) {
    return rc::make_error(rc::Code::kNotFound, "No confirm pending");
  }
  warned_ = false;
  return history_->clear_confirm();
}

int64_t Engine::seconds_to_timer() const {
  auto p = history_->pending_confirm();
  if (!p) return -1;
  int64_t left = p->deadline - now();
  // The warning is due a minute before the deadline (at once for a
  // one-minute confirm), then the deadline itself, then retries.
  if (!warned_) return left > minute_seconds_ ? left - minute_seconds_ : 0;
  if (left > 0) return left;
  return retry_at_ > now() ? retry_at_ - now() : 0;
}

void Engine::on_timer(const std::function<void(const std::string&)>& notify) {
  auto p = history_->pending_confirm();
  if (!p) return;
  int64_t left = p->deadline - now();
  if (left > 0) {
    if (!warned_ && left <= minute_seconds_) {
      warned_ = true;
      notify("[commit-confirm] Revision " + std::to_string(p->rev) +
             " is reverted to revision " + std::to_string(p->revert_to) +
             " in " + std::to_string(left) + " seconds unless confirmed");
    }
    return;
  }
  auto target = p->revert_to == 0 ? rc::Result<schema::NodePtr>(
                                        schema::empty_tree(schema_))
                                   : history_->tree_at(schema_, p->revert_to,
                                                       running_);
  if (!target.ok()) {
    notify("[commit-confirm] cannot rebuild revision " +
           std::to_string(p->revert_to) + ": " + target.error().message);
    return;
  }
  CommitOptions opt;
  opt.info.user = p->user;
  opt.info.source = "confirm-timeout";
  opt.info.comment = "commit-confirm of revision " + std::to_string(p->rev) +
                     " not confirmed";
  if (retry_at_ > now()) return;
  auto r = commit(*target, opt);
  if (!r.ok()) {
    retry_at_ = now() + retry_delay_;
    notify("[commit-confirm] revert to revision " +
           std::to_string(p->revert_to) + " failed: " + r.error().message +
           " (trying again in " + std::to_string(retry_delay_) + " s)");
    retry_delay_ = std::min<int64_t>(retry_delay_ * 2, 60);
    return;
  }
  retry_at_ = 0;
  retry_delay_ = 2;
  if (r->no_changes) (void)history_->clear_confirm();
  notify("[commit-confirm] Revision " + std::to_string(p->rev) +
         " was not confirmed: reverted to revision " +
         std::to_string(p->revert_to) +
         (r->rev ? " (now revision " + std::to_string(r->rev) + ")" : ""));
}

rc::Result<schema::NodePtr> Engine::revision(int64_t index) {
  auto rev = history_->index_to_rev(index);
  if (!rev) {
    return rc::make_error(rc::Code::kNotFound,
                          "Invalid revision [" + std::to_string(index) + "]");
  }
  if (*rev == history_->head()) return running_;
  return history_->tree_at(schema_, *rev, running_);
}

}  // namespace commits

// commits::History: every commit attempt and revision, in SQLite.
//
// The history database lives in the state directory (history.db). It holds:
//   - attempt rows: every commit attempt with time, user, source (cli,
//     batch, api, rollback, confirm-timeout, boot), comment and outcome
//     (committed, failed with the error, reverted, recovered);
//   - change rows per committed revision: (path, op, old values, new
//     values), so that storage grows with the size of the change and history
//     is queryable (show system commit diff N, show configuration blame);
//   - snapshots of the whole configuration every kSnapshotEvery revisions
//     (and of the first), from which any revision is rebuilt;
//   - the commit journal (a row per transaction, its phase), read at start
//     to converge after a crash;
//   - the pending commit-confirm (deadline and revision to return to),
//     written in the same transaction as the commit it guards;
//   - which revision was last saved (config.boot).
// WAL mode, synchronous=FULL. The schema version is PRAGMA user_version;
// the layout is documented in commits/HISTORY.md.
//
// Revision numbers: committed revisions are numbered 1, 2, 3, … in commit
// order (`rev`). VyOS's `show system commit` / `rollback N` index counts back
// from the newest (0 = newest); index_to_rev() converts.
//
// Thread-safety: not thread-safe; owned by the daemon's engine thread.
#ifndef ROUTESH_COMMITS_HISTORY_H_
#define ROUTESH_COMMITS_HISTORY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "schema/diff.h"
#include "schema/schema.h"
#include "schema/status.h"
#include "schema/tree.h"

struct sqlite3;

namespace commits {

struct Statements;  // prepared statements, defined in history.cc

struct AttemptInfo {
  int64_t time = 0;       // unix seconds
  std::string user;
  std::string source;     // cli, batch, api, rollback, confirm-timeout, boot
  std::string comment;
};

struct RevisionInfo {
  int64_t attempt = 0;    // attempt id
  int64_t rev = 0;        // committed revision, 0 if the attempt failed
  AttemptInfo info;
  std::string outcome;    // committed, failed, reverted, recovered
  std::string error;      // for failed / reverted
};

// One stored change: values joined with '\n' (values cannot hold newlines).
// The database also holds structural rows 'A' / 'D' (a node created /
// removed with its whole subtree, see HISTORY.md); changes() leaves them
// out, apply_row() accepts them.
struct ChangeRow {
  std::string path;       // "interfaces vti vti0 mtu"
  char op = 'm';          // 'a' add, 'd' delete, 'm' modify, 'c' comment
  std::string old_value;
  std::string new_value;
};

struct PendingConfirm {
  int64_t rev = 0;        // the revision being confirmed
  int64_t revert_to = 0;  // the revision to return to
  int64_t deadline = 0;   // unix seconds
  std::string user;
};

struct BlameLine {
  std::string path;       // leaf path
  int64_t rev = 0;
  int64_t time = 0;
  std::string user;
};

class History {
 public:
  static constexpr int kSnapshotEvery = 1000;

  // Opens (creating if needed) the database at `path` (":memory:" for
  // tests). Returns an error if the file is not a routesh history or has a
  // newer schema version.
  static rc::Result<std::unique_ptr<History>> open(const std::string& path);
  ~History();

  // The newest committed revision (0 if none).
  int64_t head() const { return head_; }

  // The running configuration at startup: the newest snapshot plus the
  // forward changes after it. An empty tree if there is no revision.
  rc::Result<schema::NodePtr> load_head(const schema::Schema& schema);

  // The configuration at revision `rev`, rebuilt backwards from `head_tree`
  // (the configuration at head()). REQUIRES: 1 <= rev <= head().
  rc::Result<schema::NodePtr> tree_at(const schema::Schema& schema,
                                      int64_t rev,
                                      const schema::NodePtr& head_tree);

  // --- the journal: one row per transaction, phase by phase.
  rc::Result<int64_t> journal_begin(int64_t base_rev, const AttemptInfo& info);
  rc::Status journal_phase(int64_t txn, const std::string& phase);
  // Transactions that never reached "done" (a crash), oldest first.
  struct OpenTxn {
    int64_t txn;
    int64_t base_rev;
    std::string phase;
    AttemptInfo info;
  };
  std::vector<OpenTxn> unfinished() const;

  // --- recording outcomes. Each is one SQLite transaction.
  // Records a committed revision: attempt row, change rows, a snapshot when
  // due (`tree` is the new configuration), the confirm state (set, kept or
  // cleared as `confirm` says) and the journal marked done.
  // Returns the new revision number.
  struct ConfirmUpdate {
    enum class Kind { kKeep, kSet, kClear } kind = Kind::kKeep;
    PendingConfirm pending;  // for kSet
  };
  rc::Result<int64_t> record_commit(int64_t txn, const AttemptInfo& info,
                                    const std::vector<schema::Change>& changes,
                                    const schema::Node* tree,
                                    const ConfirmUpdate& confirm);
  // Records a failed, reverted or recovered attempt and closes its journal
  // row (txn 0: no journal row).
  rc::Status record_outcome(int64_t txn, const AttemptInfo& info,
                            const std::string& outcome,
                            const std::string& error);

  // --- queries.
  // Attempts, newest first (committed and not). limit 0: all.
  std::vector<RevisionInfo> attempts(size_t limit = 0) const;
  // Committed revisions only, newest first, as `show system commit` lists
  // them (index 0 = newest).
  std::vector<RevisionInfo> revisions(size_t limit = 0) const;
  std::vector<ChangeRow> changes(int64_t rev) const;
  // VyOS index (0 = newest) to revision number; nullopt if out of range.
  std::optional<int64_t> index_to_rev(int64_t index) const;
  // Who last changed each leaf under `prefix` (all if empty), per leaf path.
  std::vector<BlameLine> blame(const std::string& prefix) const;

  // --- commit-confirm.
  std::optional<PendingConfirm> pending_confirm() const;
  rc::Status clear_confirm();

  // --- save.
  rc::Status record_saved(int64_t rev, const std::string& file);
  int64_t saved_rev() const;

  // Bytes of the database file (page_count * page_size).
  int64_t size_bytes() const;

 private:
  History() = default;
  rc::Status init_schema();
  rc::Status exec(const char* sql) const;
  rc::Error db_error(const std::string& what) const;
  bool snapshot_due() const;

  sqlite3* db_ = nullptr;
  std::unique_ptr<Statements> sql_;
  int64_t head_ = 0;
  // The configuration at head_tree_rev_, as last loaded or recorded: tells
  // record_commit which nodes an added path created (see HISTORY.md).
  schema::NodePtr head_tree_;
  int64_t head_tree_rev_ = -1;
};

// Change rows to and from schema::Change (paths re-resolved on the way in).
ChangeRow to_row(const schema::Change& c);

// Applies a stored change to a tree, forward (old -> new) or backward.
rc::Status apply_row(const schema::Schema& schema, schema::NodePtr& root,
                     const ChangeRow& row, bool forward);

}  // namespace commits

#endif  // ROUTESH_COMMITS_HISTORY_H_

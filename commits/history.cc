#include "commits/history.h"

#include <sqlite3.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "schema/commands_format.h"
#include "schema/edit.h"
#include "schema/path.h"
#include "schema/set_lines.h"

namespace commits {

// Prepared statements, cached by the address of their SQL text.
struct Statements {
  sqlite3* db = nullptr;
  std::vector<std::pair<const char*, sqlite3_stmt*>> cached;

  sqlite3_stmt* get(const char* sql) {
    for (auto& [text, st] : cached) {
      if (text == sql) return st;
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
                           nullptr) != SQLITE_OK) {
      return nullptr;
    }
    cached.emplace_back(sql, st);
    return st;
  }
  ~Statements() {
    for (auto& [text, st] : cached) sqlite3_finalize(st);
  }
};

namespace {

using schema::Change;
using schema::Node;
using schema::NodePtr;
using schema::Path;

constexpr int kVersion = 1;
constexpr int kApplicationId = 0x72736831;  // "rsh1"

constexpr char kCreateSql[] = R"(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE attempt(
  id INTEGER PRIMARY KEY, rev INTEGER UNIQUE, time INTEGER NOT NULL,
  user TEXT NOT NULL, source TEXT NOT NULL, comment TEXT NOT NULL,
  outcome TEXT NOT NULL
    CHECK(outcome IN ('committed', 'failed', 'reverted', 'recovered')),
  error TEXT NOT NULL,
  CHECK((rev IS NOT NULL) = (outcome = 'committed')));
CREATE TABLE change(
  rev INTEGER NOT NULL REFERENCES attempt(rev), seq INTEGER NOT NULL,
  path TEXT NOT NULL, op TEXT NOT NULL CHECK(op IN ('a','d','m','c','A','D')),
  old TEXT, new TEXT, PRIMARY KEY(rev, seq)) WITHOUT ROWID;
CREATE TABLE snapshot(rev INTEGER PRIMARY KEY REFERENCES attempt(rev),
  lines INTEGER NOT NULL, config TEXT NOT NULL);
CREATE TABLE journal(txn INTEGER PRIMARY KEY AUTOINCREMENT,
  base_rev INTEGER NOT NULL, phase TEXT NOT NULL, time INTEGER NOT NULL,
  user TEXT NOT NULL, source TEXT NOT NULL, comment TEXT NOT NULL);
CREATE TABLE confirm(id INTEGER PRIMARY KEY CHECK(id = 1),
  rev INTEGER NOT NULL, revert_to INTEGER NOT NULL,
  deadline INTEGER NOT NULL, user TEXT NOT NULL);
CREATE TABLE saved(id INTEGER PRIMARY KEY CHECK(id = 1),
  rev INTEGER NOT NULL, file TEXT NOT NULL, time INTEGER NOT NULL);
INSERT INTO meta VALUES('format', 'routesh-history');
PRAGMA user_version = 1;
PRAGMA application_id = 1920165937;
)";

constexpr char kInsertAttempt[] =
    "INSERT INTO attempt(rev, time, user, source, comment, outcome, error) "
    "VALUES(?, ?, ?, ?, ?, ?, ?)";
constexpr char kInsertChange[] =
    "INSERT INTO change VALUES(?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, ''))";
constexpr char kCloseJournal[] = "DELETE FROM journal WHERE txn = ?";
constexpr char kRowsForward[] =
    "SELECT path, op, old, new FROM change WHERE rev > ? AND rev <= ? "
    "ORDER BY rev, seq";
constexpr char kRowsBackward[] =
    "SELECT path, op, old, new FROM change WHERE rev > ? AND rev <= ? "
    "ORDER BY rev DESC, seq DESC";
constexpr char kCountRows[] =
    "SELECT COUNT(*) FROM change WHERE rev > ? AND rev <= ?";
constexpr char kSnapshotAtOrBefore[] =
    "SELECT rev, lines, config FROM snapshot WHERE rev <= ? "
    "ORDER BY rev DESC LIMIT 1";
constexpr char kAttemptCols[] =
    "SELECT id, rev, time, user, source, comment, outcome, error FROM attempt ";

rc::Error sql_error(sqlite3* db, const std::string& what) {
  return rc::make_error(rc::Code::kIo,
                        "history: " + what + ": " + sqlite3_errmsg(db));
}

// A cached statement in use; reset when it goes out of scope.
class Query {
 public:
  Query(Statements& sql, const char* text) : db_(sql.db), st_(sql.get(text)) {
    if (st_ == nullptr) err_ = sqlite3_errmsg(db_);
  }
  ~Query() {
    if (st_ != nullptr) {
      sqlite3_reset(st_);
      sqlite3_clear_bindings(st_);
    }
  }
  Query& bind(int64_t v) {
    if (st_ != nullptr) sqlite3_bind_int64(st_, ++n_, v);
    return *this;
  }
  Query& bind(const std::string& v) {
    if (st_ != nullptr) {
      sqlite3_bind_text(st_, ++n_, v.data(), static_cast<int>(v.size()),
                        SQLITE_TRANSIENT);
    }
    return *this;
  }
  // Steps to the next row; false at the end or on an error (see status()).
  bool next() {
    if (st_ == nullptr || !err_.empty()) return false;
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) err_ = sqlite3_errmsg(db_);
    return false;
  }
  rc::Status run(const char* what) {
    while (next()) {
    }
    return status(what);
  }
  rc::Status status(const char* what) const {
    if (err_.empty()) return rc::Status::Ok();
    return rc::make_error(rc::Code::kIo,
                          std::string("history: ") + what + ": " + err_);
  }
  int64_t integer(int col) const { return sqlite3_column_int64(st_, col); }
  std::string text(int col) const {
    const unsigned char* p = sqlite3_column_text(st_, col);
    return p == nullptr ? std::string()
                        : std::string(reinterpret_cast<const char*>(p),
                                      sqlite3_column_bytes(st_, col));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_;
  int n_ = 0;
  std::string err_;
};

template <typename F>
rc::Status in_transaction(sqlite3* db, F&& body) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) !=
      SQLITE_OK) {
    return sql_error(db, "begin");
  }
  rc::Status st = body();
  if (st.ok()) {
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK) {
      return st;
    }
    st = sql_error(db, "commit");
  }
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return st;
}

// --- paths and values as stored text.

// As render_commands prints path words: bare unless they would not read
// back as one word.
bool word_needs_quotes(std::string_view w) {
  if (w.empty() || w[0] == '#') return true;
  return w.find_first_of(" '\"\\") != std::string_view::npos;
}

std::string path_text(const Path& path, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) s += ' ';
    const std::string& w = path[i].word;
    s += word_needs_quotes(w) ? schema::quote_command_value(w) : w;
  }
  return s;
}

rc::Result<std::vector<std::string>> path_text_words(const std::string& s) {
  if (s.find_first_of("'\"") != std::string::npos) {
    auto t = schema::tokenize(s);
    if (!t.ok()) return t.error();
    return std::move(t->words);
  }
  std::vector<std::string> words;
  for (size_t i = 0; i <= s.size();) {
    size_t sp = std::min(s.find(' ', i), s.size());
    words.push_back(s.substr(i, sp - i));
    i = sp + 1;
  }
  return words;
}

std::string join_values(const std::vector<std::string>& values) {
  std::string s;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) s += '\n';
    s += values[i];
  }
  return s;
}

std::vector<std::string> split_values(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i <= s.size();) {
    size_t nl = std::min(s.find('\n', i), s.size());
    out.push_back(s.substr(i, nl - i));
    i = nl + 1;
  }
  return out;
}

// --- exact edits: no pruning of emptied parents, so that a row undoes
// exactly what it did.

// The node at path[0..n), made exclusively ours. REQUIRES: it exists.
Node* mutable_at(NodePtr& root, const Path& path, size_t n) {
  if (root->is_shared()) root = root->clone();
  Node* at = root.get();
  for (size_t i = 0; i < n && at != nullptr; ++i) {
    at = at->mutable_children().mutable_child(path[i].word, true);
  }
  return at;
}

void remove_node(NodePtr& root, const Path& path) {
  if (path.empty() || schema::find_node(root.get(), path) == nullptr) return;
  Node* parent = mutable_at(root, path, path.size() - 1);
  parent->mutable_children().erase(path.back().word, true);
}

// Creates the node at `path` if needed; a leaf then holds exactly `values`.
rc::Status put_node(NodePtr& root, const Path& path,
                    const std::string& values) {
  schema::Resolved r;
  r.path = path;
  if (auto st = schema::set_path(root, r); !st.ok()) return st.error();
  const Node* n = schema::find_node(root.get(), path);
  if (n == nullptr || n->role() != schema::Role::kNode) return {};
  schema::Kind kind = n->schema()->kind;
  if (kind != schema::Kind::kLeaf && kind != schema::Kind::kMulti) return {};
  Node* leaf = mutable_at(root, path, path.size());
  schema::ChildList& kids = leaf->mutable_children();
  kids.clear();
  for (const auto& v : split_values(values)) {
    NodePtr value = Node::make(leaf->schema(), schema::Role::kValue, v);
    if (kind == schema::Kind::kLeaf) {
      kids.put_sorted(std::move(value));
    } else if (kids.find_linear(v) == nullptr) {
      kids.append(std::move(value));
    }
  }
  return {};
}

rc::Status put_comment(NodePtr& root, const Path& path,
                       const std::string& text) {
  if (schema::find_node(root.get(), path) == nullptr) {
    if (text.empty()) return {};
    schema::Resolved r;
    r.path = path;
    if (auto st = schema::set_path(root, r); !st.ok()) return st.error();
  }
  return schema::set_comment(root, path, text);
}

// --- the rows of a commit.

// How many leading elements of `path` exist in `root` (null: none).
size_t existing_prefix(const Node* root, const Path& path) {
  size_t k = 0;
  for (const Node* at = root; at != nullptr && k < path.size(); ++k) {
    at = at->children().find(path[k].word);
    if (at == nullptr) break;
  }
  return k;
}

// Without the previous tree: guesses which nodes on added paths existed
// before. A node existed if it holds something this change did not add, or
// lies on a deleted / modified path. (Wrong only for a node that was empty
// before and received its first children.)
class BeforeGuess {
 public:
  BeforeGuess(const std::vector<Change>& changes, const Node* after)
      : after_(after) {
    for (const auto& c : changes) {
      if (c.comment) continue;
      std::string key;
      for (const auto& e : c.path) {
        key += '\n' + e.word;
        (c.op == Change::Op::kAdd ? added_ : touched_).insert(key);
      }
      if (c.op == Change::Op::kAdd) ends_.insert(key);
    }
  }
  size_t prefix(const Path& path) {
    const Node* at = after_;
    std::string key;
    size_t k = 0;
    for (; k < path.size() && at != nullptr; ++k) {
      at = at->children().find(path[k].word);
      key += '\n' + path[k].word;
      if (at == nullptr || !existed(at, key)) break;
    }
    return k;
  }

 private:
  bool existed(const Node* n, const std::string& key) {
    if (touched_.count(key) != 0 || added_.count(key) == 0) return true;
    if (ends_.count(key) != 0) return false;
    auto it = memo_.find(key);
    if (it != memo_.end()) return it->second;
    bool any = false;
    for (schema::ChildList::Cursor c(n->children()); !c.at_end() && !any;
         c.next()) {
      any = existed(c.node(), key + '\n' + std::string(c.node()->name()));
    }
    return memo_[key] = any;
  }

  const Node* after_;
  std::set<std::string> added_, touched_, ends_;
  std::map<std::string, bool> memo_;
};

// Structural 'A' rows (nodes this commit created, with their subtree), the
// diff's rows (comments of added / deleted nodes as rows of their own), then
// structural 'D' rows (nodes it removed). Forward in this order, backward
// in reverse, every row leaves exactly the tree of the other side.
std::vector<ChangeRow> commit_rows(const std::vector<Change>& changes,
                                   const Node* before, bool know_before,
                                   const Node* after) {
  std::vector<ChangeRow> adds, mid, dels;
  std::set<std::string> seen;
  std::optional<BeforeGuess> guess;
  if (!know_before) guess.emplace(changes, after);
  auto skeleton = [&](std::vector<ChangeRow>& out, char op, const Path& p,
                      size_t keep) {
    if (keep + 1 >= p.size()) return;
    ChangeRow r{path_text(p, keep + 1), op, "", ""};
    if (seen.insert(r.path).second) out.push_back(std::move(r));
  };
  for (const auto& c : changes) {
    ChangeRow row = to_row(c);
    if (c.comment || c.op == Change::Op::kModify) {
      mid.push_back(std::move(row));
      continue;
    }
    ChangeRow note{row.path, 'c', c.old_comment, c.new_comment};
    bool has_note = !c.old_comment.empty() || !c.new_comment.empty();
    if (c.op == Change::Op::kAdd) {
      skeleton(adds, 'A', c.path,
               guess ? guess->prefix(c.path) : existing_prefix(before, c.path));
      mid.push_back(std::move(row));
      if (has_note) mid.push_back(std::move(note));
    } else {
      if (has_note) mid.push_back(std::move(note));
      mid.push_back(std::move(row));
      skeleton(dels, 'D', c.path, existing_prefix(after, c.path));
    }
  }
  adds.insert(adds.end(), mid.begin(), mid.end());
  adds.insert(adds.end(), dels.begin(), dels.end());
  return adds;
}

// Applies the rows of revisions (lo, hi] to `root`, in order or reversed.
rc::Status apply_range(Statements& sql, const schema::Schema& schema,
                       NodePtr& root, int64_t lo, int64_t hi, bool forward) {
  Query q(sql, forward ? kRowsForward : kRowsBackward);
  q.bind(lo).bind(hi);
  while (q.next()) {
    ChangeRow row{q.text(0), q.text(1)[0], q.text(2), q.text(3)};
    if (auto st = apply_row(schema, root, row, forward); !st.ok()) return st;
  }
  return q.status("reading changes");
}

int64_t count_rows(Statements& sql, int64_t lo, int64_t hi) {
  Query q(sql, kCountRows);
  q.bind(lo).bind(hi);
  return q.next() ? q.integer(0) : 0;
}

rc::Result<NodePtr> parse_snapshot(const schema::Schema& schema, int64_t rev,
                                   const std::string& text) {
  schema::SetLinesResult r = schema::parse_set_lines(schema, text);
  if (!r.errors.empty()) {
    return rc::make_error(rc::Code::kInternal,
                          "history: snapshot of revision " +
                              std::to_string(rev) + ", line " +
                              std::to_string(r.errors[0].line) + ": " +
                              r.errors[0].error.message);
  }
  return std::move(r.root);
}

RevisionInfo read_attempt(const Query& q) {
  RevisionInfo r;
  r.attempt = q.integer(0);
  r.rev = q.integer(1);
  r.info = {q.integer(2), q.text(3), q.text(4), q.text(5)};
  r.outcome = q.text(6);
  r.error = q.text(7);
  return r;
}

}  // namespace

// --- opening.

rc::Result<std::unique_ptr<History>> History::open(const std::string& path) {
  std::unique_ptr<History> h(new History());
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &h->db_, flags, nullptr) != SQLITE_OK) {
    return h->db_error("open " + path);
  }
  h->sql_ = std::make_unique<Statements>();
  h->sql_->db = h->db_;
  sqlite3_busy_timeout(h->db_, 5000);
  if (auto st = h->init_schema(); !st.ok()) return st.error();
  Query q(*h->sql_, "SELECT COALESCE(MAX(rev), 0) FROM attempt");
  if (!q.next()) return h->db_error("reading the head revision");
  h->head_ = q.integer(0);
  return h;
}

History::~History() {
  head_tree_ = {};
  sql_.reset();
  if (db_ != nullptr) sqlite3_close(db_);
}

rc::Status History::exec(const char* sql) const {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return db_error(sql);
  }
  return {};
}

rc::Error History::db_error(const std::string& what) const {
  return sql_error(db_, what);
}

rc::Status History::init_schema() {
  if (auto st = exec("PRAGMA foreign_keys = ON"); !st.ok()) return st;
  auto st = in_transaction(db_, [&]() -> rc::Status {
    Query v(*sql_, "SELECT user_version, application_id, "
                   "(SELECT COUNT(*) FROM sqlite_master) "
                   "FROM pragma_user_version, pragma_application_id");
    if (!v.next()) return v.status("reading the schema version");
    int64_t version = v.integer(0), app = v.integer(1), tables = v.integer(2);
    if (version > kVersion) {
      return rc::make_error(
          rc::Code::kIo, "history: schema version " + std::to_string(version) +
                             " is newer than this routesh reads (" +
                             std::to_string(kVersion) + ")");
    }
    if (version == 0 && tables == 0) return exec(kCreateSql);
    if (app != kApplicationId) {
      return rc::make_error(rc::Code::kIo,
                            "history: not a routesh history database");
    }
    return {};
  });
  if (!st.ok()) return st;
  if (st = exec("PRAGMA journal_mode = WAL"); !st.ok()) return st;
  return exec("PRAGMA synchronous = FULL");
}

// --- rebuilding configurations.

rc::Result<NodePtr> History::load_head(const schema::Schema& schema) {
  NodePtr root = schema::empty_tree(schema);
  int64_t from = 0;
  {
    Query q(*sql_, kSnapshotAtOrBefore);
    q.bind(head_);
    if (q.next()) {
      auto parsed = parse_snapshot(schema, q.integer(0), q.text(2));
      if (!parsed.ok()) return parsed.error();
      root = std::move(parsed).value();
      from = q.integer(0);
    } else if (auto st = q.status("reading a snapshot"); !st.ok()) {
      return st.error();
    }
  }
  if (auto st = apply_range(*sql_, schema, root, from, head_, true); !st.ok()) {
    return st.error();
  }
  head_tree_ = root;
  head_tree_rev_ = head_;
  return root;
}

rc::Result<NodePtr> History::tree_at(const schema::Schema& schema,
                                     int64_t rev, const NodePtr& head_tree) {
  if (rev < 1 || rev > head_ || !head_tree) {
    return rc::make_error(rc::Code::kInvalidArgument,
                          "no revision " + std::to_string(rev) +
                              " (revisions are 1-" + std::to_string(head_) +
                              ")");
  }
  if (rev == head_) return head_tree;
  // Cost in rows applied (a snapshot line costs about one row).
  int64_t backward = count_rows(*sql_, rev, head_);
  Query q(*sql_, kSnapshotAtOrBefore);
  q.bind(rev);
  if (q.next()) {
    int64_t snap = q.integer(0);
    if (q.integer(1) + count_rows(*sql_, snap, rev) < backward) {
      auto root = parse_snapshot(schema, snap, q.text(2));
      if (!root.ok()) return root;
      auto st = apply_range(*sql_, schema, root.value(), snap, rev, true);
      if (!st.ok()) return st.error();
      return root;
    }
  }
  NodePtr root = head_tree;
  auto st = apply_range(*sql_, schema, root, rev, head_, false);
  if (!st.ok()) return st.error();
  return root;
}

// --- the journal.

rc::Result<int64_t> History::journal_begin(int64_t base_rev,
                                           const AttemptInfo& info) {
  int64_t txn = 0;
  auto st = in_transaction(db_, [&] {
    Query q(*sql_,
            "INSERT INTO journal(base_rev, phase, time, user, source, comment) "
            "VALUES(?, 'begin', ?, ?, ?, ?)");
    q.bind(base_rev).bind(info.time).bind(info.user).bind(info.source);
    q.bind(info.comment);
    auto s = q.run("journal begin");
    txn = sqlite3_last_insert_rowid(db_);
    return s;
  });
  if (!st.ok()) return st.error();
  return txn;
}

rc::Status History::journal_phase(int64_t txn, const std::string& phase) {
  return in_transaction(db_, [&]() -> rc::Status {
    Query q(*sql_, phase == "done" ? kCloseJournal
                                   : "UPDATE journal SET phase = ?2 "
                                     "WHERE txn = ?1");
    q.bind(txn);
    if (phase != "done") q.bind(phase);
    if (auto st = q.run("journal phase"); !st.ok()) return st;
    if (sqlite3_changes(db_) == 0) {
      return rc::make_error(rc::Code::kNotFound,
                            "history: no open journal transaction " +
                                std::to_string(txn));
    }
    return {};
  });
}

std::vector<History::OpenTxn> History::unfinished() const {
  std::vector<OpenTxn> out;
  Query q(*sql_,
          "SELECT txn, base_rev, phase, time, user, source, comment "
          "FROM journal ORDER BY txn");
  while (q.next()) {
    out.push_back({q.integer(0), q.integer(1), q.text(2),
                   {q.integer(3), q.text(4), q.text(5), q.text(6)}});
  }
  return out;
}

// A snapshot costs its lines once; rows since the last one cost each
// rebuild. Taking one only when those rows outnumber the last snapshot's
// lines keeps the amortised snapshot cost per commit near the rows' own,
// whatever the configuration's size, and bounds start-up to twice a
// snapshot's work.
bool History::snapshot_due() const {
  Query last(*sql_, "SELECT rev, lines FROM snapshot ORDER BY rev DESC LIMIT 1");
  if (!last.next()) return true;
  int64_t since = last.integer(0), lines = last.integer(1);
  Query rows(*sql_, "SELECT count(*) FROM change WHERE rev > ?");
  rows.bind(since);
  return rows.next() && rows.integer(0) >= lines;
}

// --- recording outcomes.

rc::Result<int64_t> History::record_commit(
    int64_t txn, const AttemptInfo& info,
    const std::vector<schema::Change>& changes, const schema::Node* tree,
    const ConfirmUpdate& confirm) {
  const int64_t rev = head_ + 1;
  bool know_before = head_ == 0 || head_tree_rev_ == head_;
  std::vector<ChangeRow> rows =
      commit_rows(changes, head_ == 0 ? nullptr : head_tree_.get(),
                  know_before, tree);
  auto st = in_transaction(db_, [&]() -> rc::Status {
    Query a(*sql_, kInsertAttempt);
    a.bind(rev).bind(info.time).bind(info.user).bind(info.source);
    a.bind(info.comment).bind(std::string("committed")).bind(std::string());
    if (auto s = a.run("recording the attempt"); !s.ok()) return s;
    for (size_t i = 0; i < rows.size(); ++i) {
      Query c(*sql_, kInsertChange);
      c.bind(rev).bind(static_cast<int64_t>(i)).bind(rows[i].path);
      c.bind(std::string(1, rows[i].op)).bind(rows[i].old_value);
      c.bind(rows[i].new_value);
      if (auto s = c.run("recording a change"); !s.ok()) return s;
    }
    if (rev == 1 || (rev % kSnapshotEvery == 0 && snapshot_due())) {
      std::string text = tree == nullptr ? "" : schema::render_commands(tree);
      Query s(*sql_, "INSERT INTO snapshot VALUES(?, ?, ?)");
      s.bind(rev).bind(static_cast<int64_t>(
          std::count(text.begin(), text.end(), '\n')));
      if (auto e = s.bind(text).run("recording a snapshot"); !e.ok()) return e;
    }
    if (confirm.kind == ConfirmUpdate::Kind::kSet) {
      const PendingConfirm& p = confirm.pending;
      Query s(*sql_, "INSERT OR REPLACE INTO confirm VALUES(1, ?, ?, ?, ?)");
      s.bind(p.rev == 0 ? rev : p.rev).bind(p.revert_to).bind(p.deadline);
      if (auto e = s.bind(p.user).run("recording confirm"); !e.ok()) return e;
    } else if (confirm.kind == ConfirmUpdate::Kind::kClear) {
      if (auto e = exec("DELETE FROM confirm"); !e.ok()) return e;
    }
    Query j(*sql_, kCloseJournal);
    return j.bind(txn).run("closing the journal");
  });
  if (!st.ok()) return st.error();
  head_ = rev;
  head_tree_ = NodePtr::share(tree);
  head_tree_rev_ = tree == nullptr ? -1 : rev;
  return rev;
}

rc::Status History::record_outcome(int64_t txn, const AttemptInfo& info,
                                   const std::string& outcome,
                                   const std::string& error) {
  if (outcome != "failed" && outcome != "reverted" && outcome != "recovered") {
    return rc::make_error(rc::Code::kInvalidArgument,
                          "history: unknown outcome '" + outcome + "'");
  }
  return in_transaction(db_, [&]() -> rc::Status {
    Query a(*sql_, "INSERT INTO attempt(time, user, source, comment, outcome, "
                   "error) VALUES(?, ?, ?, ?, ?, ?)");
    a.bind(info.time).bind(info.user).bind(info.source).bind(info.comment);
    if (auto s = a.bind(outcome).bind(error).run("recording the attempt");
        !s.ok()) {
      return s;
    }
    Query j(*sql_, kCloseJournal);
    return j.bind(txn).run("closing the journal");
  });
}

// --- queries.

std::vector<RevisionInfo> History::attempts(size_t limit) const {
  static const std::string sql =
      std::string(kAttemptCols) + "ORDER BY id DESC LIMIT ?";
  std::vector<RevisionInfo> out;
  Query q(*sql_, sql.c_str());
  q.bind(limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit));
  while (q.next()) out.push_back(read_attempt(q));
  return out;
}

std::vector<RevisionInfo> History::revisions(size_t limit) const {
  static const std::string sql = std::string(kAttemptCols) +
                                 "WHERE rev IS NOT NULL ORDER BY rev DESC "
                                 "LIMIT ?";
  std::vector<RevisionInfo> out;
  Query q(*sql_, sql.c_str());
  q.bind(limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit));
  while (q.next()) out.push_back(read_attempt(q));
  return out;
}

std::vector<ChangeRow> History::changes(int64_t rev) const {
  std::vector<ChangeRow> out;
  Query q(*sql_,
          "SELECT path, op, old, new FROM change "
          "WHERE rev = ? AND op NOT IN ('A', 'D') ORDER BY seq");
  q.bind(rev);
  while (q.next()) out.push_back({q.text(0), q.text(1)[0], q.text(2), q.text(3)});
  return out;
}

std::optional<int64_t> History::index_to_rev(int64_t index) const {
  if (index < 0) return std::nullopt;
  Query q(*sql_,
          "SELECT rev FROM attempt WHERE rev IS NOT NULL "
          "ORDER BY rev DESC LIMIT 1 OFFSET ?");
  q.bind(index);
  if (!q.next()) return std::nullopt;
  return q.integer(0);
}

std::vector<BlameLine> History::blame(const std::string& prefix) const {
  // Nodes removed with their subtree, newest removal per path.
  std::map<std::string, int64_t> removed;
  Query d(*sql_,
          "SELECT path, MAX(rev) FROM change WHERE op = 'D' GROUP BY path");
  while (d.next()) removed[d.text(0)] = d.integer(1);
  auto gone = [&](const std::string& path, int64_t rev) {
    for (size_t sp = path.find(' '); sp != std::string::npos;
         sp = path.find(' ', sp + 1)) {
      auto it = removed.find(path.substr(0, sp));
      if (it != removed.end() && it->second > rev) return true;
    }
    return false;
  };
  // The newest row per path; SQLite takes op from the row with MAX(rev).
  Query q(*sql_,
          "SELECT b.path, b.rev, b.op, a.time, a.user FROM "
          "(SELECT path, MAX(rev) AS rev, op FROM change "
          " WHERE op IN ('a', 'm', 'd', 'D') AND (?1 = '' OR path = ?1 OR "
          " substr(path, 1, length(?1) + 1) = ?1 || ' ') GROUP BY path) AS b "
          "JOIN attempt AS a ON a.rev = b.rev ORDER BY b.path");
  q.bind(prefix);
  std::vector<BlameLine> out;
  while (q.next()) {
    std::string op = q.text(2);
    if (op == "d" || op == "D" || gone(q.text(0), q.integer(1))) continue;
    // A bare node that has since received children is no line of its own.
    if (!out.empty() && q.text(0).rfind(out.back().path + ' ', 0) == 0) {
      out.pop_back();
    }
    out.push_back({q.text(0), q.integer(1), q.integer(3), q.text(4)});
  }
  return out;
}

// --- commit-confirm and save.

std::optional<PendingConfirm> History::pending_confirm() const {
  Query q(*sql_, "SELECT rev, revert_to, deadline, user FROM confirm");
  if (!q.next()) return std::nullopt;
  return PendingConfirm{q.integer(0), q.integer(1), q.integer(2), q.text(3)};
}

rc::Status History::clear_confirm() {
  return in_transaction(db_, [&] { return exec("DELETE FROM confirm"); });
}

rc::Status History::record_saved(int64_t rev, const std::string& file) {
  return in_transaction(db_, [&] {
    Query q(*sql_, "INSERT OR REPLACE INTO saved VALUES(1, ?, ?, ?)");
    q.bind(rev).bind(file).bind(static_cast<int64_t>(std::time(nullptr)));
    return q.run("recording save");
  });
}

int64_t History::saved_rev() const {
  Query q(*sql_, "SELECT rev FROM saved");
  return q.next() ? q.integer(0) : 0;
}

int64_t History::size_bytes() const {
  Query q(*sql_,
          "SELECT page_count * page_size FROM pragma_page_count, "
          "pragma_page_size");
  return q.next() ? q.integer(0) : 0;
}

// --- rows.

ChangeRow to_row(const schema::Change& c) {
  ChangeRow r;
  r.path = path_text(c.path, c.path.size());
  if (c.comment) {
    r.op = 'c';
    r.old_value = c.old_comment;
    r.new_value = c.new_comment;
    return r;
  }
  r.op = c.op == Change::Op::kAdd      ? 'a'
         : c.op == Change::Op::kDelete ? 'd'
                                       : 'm';
  r.old_value = join_values(c.old_values);
  r.new_value = join_values(c.new_values);
  return r;
}

rc::Status apply_row(const schema::Schema& schema, NodePtr& root,
                     const ChangeRow& row, bool forward) {
  if (!root) root = schema::empty_tree(schema);
  auto words = path_text_words(row.path);
  if (!words.ok()) return words.error();
  auto r = schema::resolve(schema, {}, *words, schema::ResolveMode::kDelete);
  if (!r.ok()) return r.error();
  if (r->value || r->path.empty()) {
    return rc::make_error(rc::Code::kInternal,
                          "history: bad change row path", row.path);
  }
  const std::string& to = forward ? row.new_value : row.old_value;
  bool adds = row.op == 'a' || row.op == 'A';
  switch (row.op) {
    case 'c':
      return put_comment(root, r->path, to);
    case 'm':
      return put_node(root, r->path, to);
    case 'a':
    case 'A':
    case 'd':
    case 'D':
      if (adds == forward) return put_node(root, r->path, to);
      remove_node(root, r->path);
      return {};
    default:
      return rc::make_error(rc::Code::kInternal,
                            std::string("history: unknown change op '") +
                                row.op + "'",
                            row.path);
  }
}

}  // namespace commits

#include "commits/history.h"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "schema/commands_format.h"
#include "schema/diff.h"
#include "schema/edit.h"
#include "schema/path.h"
#include "schema/set_lines.h"
#include "schema/test_schema.h"

namespace commits {
namespace {

using schema::NodePtr;

const schema::Schema& S() { return schema::test_schema(); }

// `from` edited by configuration-mode lines (set / delete / comment).
NodePtr edit(const NodePtr& from, const std::string& lines) {
  schema::SetLinesResult r = schema::parse_set_lines(S(), lines, from);
  for (const auto& e : r.errors) FAIL_CHECK(e.error.to_string() << " in " << lines);
  REQUIRE(r.errors.empty());
  return r.root;
}

std::string text(const NodePtr& t) { return schema::render_commands(t.get()); }

AttemptInfo info(const std::string& user, int64_t time,
                 const std::string& comment = "",
                 const std::string& source = "cli") {
  return AttemptInfo{time, user, source, comment};
}

// A temporary directory, removed with its files.
struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/history_test.XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    for (const char* f : {"/h.db", "/h.db-wal", "/h.db-shm", "/x.db",
                          "/x.db-wal", "/x.db-shm"}) {
      unlink((path + f).c_str());
    }
    rmdir(path.c_str());
  }
  std::string db(const char* name = "h.db") const { return path + "/" + name; }
};

std::unique_ptr<History> open_ok(const std::string& path) {
  auto h = History::open(path);
  if (!h.ok()) FAIL(h.error().to_string());
  return std::move(h).value();
}

// Commits `next` over `running` through the journal, as the engine does.
int64_t commit(History& h, NodePtr& running, const NodePtr& next,
               const AttemptInfo& who,
               History::ConfirmUpdate confirm = {}) {
  auto txn = h.journal_begin(h.head(), who);
  REQUIRE(txn.ok());
  auto changes = schema::diff(running.get(), next.get());
  auto rev = h.record_commit(*txn, who, changes, next.get(), confirm);
  if (!rev.ok()) FAIL(rev.error().to_string());
  running = next;
  return *rev;
}

// Raw SQL against a history file (for checks from outside).
struct Raw {
  sqlite3* db = nullptr;
  explicit Raw(const std::string& path) {
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  }
  ~Raw() { sqlite3_close(db); }
  void exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) FAIL(sql << ": " << (err ? err : "?"));
  }
  std::string one(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return out;
  }
};

// The scripted sequence: each step's lines and the tree after it.
const std::vector<std::string> kScript = {
    "set interfaces vti vti0 address 10.0.0.1/30\n"
    "set interfaces vti vti0 mtu 1400\n"
    "set interfaces vti vti0 description 'first tunnel'",
    "set protocols static route 10.1.0.0/16 next-hop 192.0.2.1 distance 10",
    "set interfaces vti vti0 address 10.0.1.1/30",
    // multi-value reorder
    "delete interfaces vti vti0 address 10.0.0.1/30\n"
    "set interfaces vti vti0 address 10.0.0.1/30",
    "comment interfaces vti vti0 'uplink'",
    "set interfaces vti vti1",                 // an empty tag value
    "set interfaces vti vti1 mtu 1500",        // ... receives a child
    "delete interfaces vti vti1 mtu",          // ... and is empty again
    "set interfaces vti vti0 mtu 9000",
    "set policy route-map RM rule 10 action permit\n"
    "comment policy route-map RM rule 10 'allow all'",
    "set protocols bgp 65000 neighbor 192.0.2.2 remote-as 65001\n"
    "set protocols bgp 65000 neighbor 192.0.2.2 address-family ipv4-unicast "
    "route-map import RM",
    "delete interfaces vti vti0",              // object with a comment
    "set interfaces vti vti0 disable",         // back, valueless leaf only
    "set interfaces vti vti0 description \"say hi, then # go\"",
    "comment interfaces vti vti0 description 'a leaf comment'",
    "comment interfaces vti vti0 description ''",
    "delete protocols",
    "set protocols static",                    // an empty container
    "set protocols static route 10.2.0.0/16 next-hop 192.0.2.9",
    "set protocols static route 10.2.0.0/16 next-hop 192.0.2.9 distance 5\n"
    "set protocols static route 10.3.0.0/16 next-hop 192.0.2.9",
    "delete protocols static route 10.2.0.0/16 next-hop 192.0.2.9 distance",
    "set interfaces vti vti2 address 10.9.9.1/30\n"
    "set interfaces vti vti2 address 10.9.8.1/30\n"
    "set interfaces vti vti2 address 10.9.7.1/30",
    "delete interfaces vti vti2 address 10.9.8.1/30",
    "delete interfaces",
    "set interfaces vti vti5 mtu 1300\ncomment interfaces 'all of them'",
    "delete policy route-map RM rule 10\n"
    "set policy route-map RM rule 20 action deny",
    "delete interfaces vti vti5 mtu",          // tag value stays, empty
    "delete interfaces\ndelete policy\ndelete protocols",  // empty config
    "set interfaces vti vti0 mtu 1400",
    "set interfaces vti vti0 mtu 1401\nset interfaces vti vti0 disable",
    "delete interfaces vti vti0 disable",
    // added and deleted nodes that carry comments
    "set interfaces vti vti3 mtu 1200\n"
    "comment interfaces vti vti3 mtu 'new with a note'",
    "delete interfaces vti vti3 mtu",
    "set interfaces vti vti4\ncomment interfaces vti vti4 'empty one'",
    "set interfaces vti vti4 mtu 1280",
    "delete interfaces vti vti4",
};

// Runs kScript; texts[r] is the configuration at revision r.
std::vector<std::string> run_script(History& h, NodePtr& running) {
  std::vector<std::string> texts(1, "");
  for (size_t i = 0; i < kScript.size(); ++i) {
    NodePtr next = edit(running, kScript[i]);
    int64_t rev = commit(h, running, next,
                         info(i % 2 ? "alice" : "bob", 1000 + i, "step"));
    CHECK(rev == static_cast<int64_t>(texts.size()));
    texts.push_back(text(running));
    // Forward from the first snapshot to this revision.
    auto head = h.load_head(S());
    REQUIRE(head.ok());
    CHECK_MESSAGE(text(*head) == texts.back(), "load_head at " << rev);
  }
  return texts;
}

void check_every_revision(History& h, const NodePtr& head,
                          const std::vector<std::string>& texts) {
  for (int64_t r = 1; r < static_cast<int64_t>(texts.size()); ++r) {
    auto t = h.tree_at(S(), r, head);
    REQUIRE_MESSAGE(t.ok(), "rev " << r << ": " << t.error().to_string());
    CHECK_MESSAGE(text(*t) == texts[r], "revision " << r);
  }
}

TEST_CASE("history: every revision of a script rebuilds exactly") {
  auto h = open_ok(":memory:");
  NodePtr running = schema::empty_tree(S());
  auto texts = run_script(*h, running);
  CHECK(h->head() == static_cast<int64_t>(kScript.size()));
  check_every_revision(*h, running, texts);
  // Rebuilding does not change the head tree it starts from.
  CHECK(text(running) == texts.back());
  auto head = h->load_head(S());
  REQUIRE(head.ok());
  CHECK(text(*head) == texts.back());
}

TEST_CASE("history: revisions, attempts and failed attempts") {
  auto h = open_ok(":memory:");
  NodePtr running = schema::empty_tree(S());
  commit(*h, running, edit(running, "set interfaces vti vti0 mtu 1400"),
         info("alice", 100, "first"));
  auto txn = h->journal_begin(1, info("bob", 200, "bad", "batch"));
  REQUIRE(txn.ok());
  CHECK(h->record_outcome(*txn, info("bob", 200, "bad", "batch"), "failed",
                          "mtu: out of range")
            .ok());
  CHECK(h->record_outcome(0, info("carol", 250), "reverted", "vti: boom").ok());
  CHECK(!h->record_outcome(0, info("carol", 260), "exploded", "").ok());
  CHECK(h->head() == 1);
  int64_t rev = commit(*h, running,
                       edit(running, "set interfaces vti vti0 mtu 1500"),
                       info("dave", 300, "", "api"));
  CHECK(rev == 2);  // failures consume no revision number

  auto all = h->attempts();
  REQUIRE(all.size() == 4);
  CHECK(all[0].rev == 2);
  CHECK(all[0].info.user == "dave");
  CHECK(all[0].info.source == "api");
  CHECK(all[0].outcome == "committed");
  CHECK(all[1].rev == 0);
  CHECK(all[1].outcome == "reverted");
  CHECK(all[1].error == "vti: boom");
  CHECK(all[2].outcome == "failed");
  CHECK(all[2].error == "mtu: out of range");
  CHECK(all[2].info.user == "bob");
  CHECK(all[2].info.source == "batch");
  CHECK(all[2].info.comment == "bad");
  CHECK(all[2].info.time == 200);
  CHECK(all[3].rev == 1);
  CHECK(all[3].info.comment == "first");
  CHECK(all[3].attempt < all[2].attempt);
  CHECK(h->attempts(1).size() == 1);

  auto revs = h->revisions();
  REQUIRE(revs.size() == 2);
  CHECK(revs[0].rev == 2);
  CHECK(revs[1].rev == 1);
  CHECK(revs[1].info.user == "alice");
  CHECK(revs[1].info.time == 100);
  CHECK(h->revisions(1).size() == 1);

  CHECK(h->index_to_rev(0) == std::optional<int64_t>(2));
  CHECK(h->index_to_rev(1) == std::optional<int64_t>(1));
  CHECK(!h->index_to_rev(2));
  CHECK(!h->index_to_rev(-1));
  CHECK(h->unfinished().empty());  // record_outcome closed the journal row
}

TEST_CASE("history: change rows") {
  auto h = open_ok(":memory:");
  NodePtr running = schema::empty_tree(S());
  commit(*h, running,
         edit(running,
              "set interfaces vti vti0 address 10.0.0.1/30\n"
              "set interfaces vti vti0 address 10.0.1.1/30\n"
              "set interfaces vti vti0 mtu 1400"),
         info("a", 1));
  auto rows = h->changes(1);
  REQUIRE(rows.size() == 2);  // structural rows are not listed
  CHECK(rows[0].path == "interfaces vti vti0 address");
  CHECK(rows[0].op == 'a');
  CHECK(rows[0].old_value.empty());
  CHECK(rows[0].new_value == "10.0.0.1/30\n10.0.1.1/30");
  CHECK(rows[1].path == "interfaces vti vti0 mtu");

  commit(*h, running,
         edit(running,
              "delete interfaces vti vti0 address 10.0.0.1/30\n"
              "set interfaces vti vti0 address 10.0.0.1/30\n"
              "set interfaces vti vti0 mtu 9000\n"
              "comment interfaces vti vti0 'up'"),
         info("a", 2));
  rows = h->changes(2);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].op == 'c');
  CHECK(rows[0].path == "interfaces vti vti0");
  CHECK(rows[0].new_value == "up");
  CHECK(rows[1].op == 'm');
  CHECK(rows[1].old_value == "10.0.0.1/30\n10.0.1.1/30");
  CHECK(rows[1].new_value == "10.0.1.1/30\n10.0.0.1/30");
  CHECK(rows[2].op == 'm');
  CHECK(rows[2].old_value == "1400");
  CHECK(rows[2].new_value == "9000");

  commit(*h, running, edit(running, "delete interfaces vti vti0 mtu"),
         info("a", 3));
  rows = h->changes(3);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].op == 'd');
  CHECK(rows[0].old_value == "9000");
  CHECK(rows[0].new_value.empty());
  CHECK(h->changes(4).empty());
}

TEST_CASE("history: to_row and apply_row") {
  NodePtr a = edit(schema::empty_tree(S()),
                   "set interfaces vti vti0 address 10.0.0.1/30\n"
                   "set interfaces vti vti0 address 10.0.1.1/30");
  NodePtr b = edit(a,
                   "delete interfaces vti vti0 address 10.0.0.1/30\n"
                   "set interfaces vti vti0 address 10.0.0.1/30\n"
                   "comment interfaces vti vti0 'x'");
  auto changes = schema::diff(a.get(), b.get());
  REQUIRE(changes.size() == 2);
  ChangeRow c = to_row(changes[0]);
  CHECK(c.op == 'c');
  CHECK(c.old_value.empty());
  CHECK(c.new_value == "x");
  ChangeRow m = to_row(changes[1]);
  CHECK(m.op == 'm');
  NodePtr t = a;
  REQUIRE(apply_row(S(), t, c, true).ok());
  REQUIRE(apply_row(S(), t, m, true).ok());
  CHECK(text(t) == text(b));
  REQUIRE(apply_row(S(), t, m, false).ok());
  REQUIRE(apply_row(S(), t, c, false).ok());
  CHECK(text(t) == text(a));
  CHECK(text(b) != text(a));
  ChangeRow bad{"interfaces nosuch", 'a', "", "1"};
  CHECK(!apply_row(S(), t, bad, true).ok());
}

TEST_CASE("history: reopen, load_head and the guess without a head tree") {
  TempDir dir;
  std::vector<std::string> texts;
  NodePtr running = schema::empty_tree(S());
  {
    auto h = open_ok(dir.db());
    texts = run_script(*h, running);
  }
  {
    auto h = open_ok(dir.db());
    CHECK(h->head() == static_cast<int64_t>(kScript.size()));
    // Commits without load_head(): the history has no head tree and works
    // out which nodes were created from the change and the new tree.
    NodePtr next = edit(running,
                        "set interfaces vti vti7 address 10.7.0.1/30\n"
                        "set interfaces vti vti0 description two\n"
                        "set protocols static route 10.7.0.0/16 next-hop "
                        "192.0.2.7 distance 7");
    commit(*h, running, next, info("eve", 5000));
    texts.push_back(text(running));
    commit(*h, running, edit(running, "delete interfaces vti vti7"),
           info("eve", 5001));
    texts.push_back(text(running));
    check_every_revision(*h, running, texts);
  }
  auto h = open_ok(dir.db());
  auto head = h->load_head(S());
  REQUIRE(head.ok());
  CHECK(text(*head) == texts.back());
  check_every_revision(*h, *head, texts);
  {
    Raw raw(dir.db());
    CHECK(raw.one("PRAGMA journal_mode") == "wal");
    CHECK(raw.one("PRAGMA user_version") == "1");
    // Without snapshots every revision is rebuilt backwards from the head,
    // and the head forwards from the empty configuration.
    raw.exec("DELETE FROM snapshot");
  }
  h = open_ok(dir.db());
  check_every_revision(*h, *head, texts);
  auto again = h->load_head(S());
  REQUIRE(again.ok());
  CHECK(text(*again) == texts.back());
}

TEST_CASE("history: snapshots every kSnapshotEvery revisions") {
  TempDir dir;
  auto h = open_ok(dir.db());
  std::vector<std::string> texts(1, "");
  const int64_t n = History::kSnapshotEvery + 60;
  NodePtr cur = schema::empty_tree(S());
  for (int64_t i = 1; i <= n; ++i) {
    std::string victim = "vti" + std::to_string((i - 4) % 50);
    bool exists = schema::find_node(cur.get(), std::vector<std::string>{
                                                   "interfaces", "vti",
                                                   victim}) != nullptr;
    std::string lines;
    if (i % 7 == 0) {
      lines = "set interfaces vti vti" + std::to_string(i % 50) +
              " address 10.0." + std::to_string(i % 200) + ".1/30";
    } else if (i % 11 == 0 && exists && victim != "vti0") {
      lines = "delete interfaces vti " + victim;
    } else {
      lines = "set interfaces vti vti0 mtu " + std::to_string(1000 + i);
    }
    NodePtr next = edit(cur, lines);
    commit(*h, cur, next, info("u", i));
    texts.push_back(text(cur));
  }
  CHECK(h->head() == n);
  {
    Raw raw(dir.db());
    CHECK(raw.one("SELECT group_concat(rev) FROM snapshot") ==
          "1," + std::to_string(History::kSnapshotEvery));
    CHECK(raw.one("SELECT config FROM snapshot WHERE rev = " +
                  std::to_string(History::kSnapshotEvery)) ==
          texts[History::kSnapshotEvery]);
  }
  const int64_t k = History::kSnapshotEvery;
  for (int64_t r : std::vector<int64_t>{1, 2, 500, k - 2, k - 1, k, k + 1,
                                        k + 5, k + 30, n - 1, n}) {
    auto t = h->tree_at(S(), r, cur);
    REQUIRE(t.ok());
    CHECK_MESSAGE(text(*t) == texts[r], "revision " << r);
  }
  auto head = h->load_head(S());
  REQUIRE(head.ok());
  CHECK(text(*head) == texts.back());
  // Near a snapshot, tree_at starts from it: with the newest revisions'
  // rows made unusable, revision kSnapshotEvery + 2 still rebuilds.
  h.reset();
  {
    Raw raw(dir.db());
    raw.exec("UPDATE change SET path = 'nosuch word' WHERE rev > " +
             std::to_string(n - 20));
  }
  h = open_ok(dir.db());
  auto t = h->tree_at(S(), History::kSnapshotEvery + 2, cur);
  REQUIRE(t.ok());
  CHECK(text(*t) == texts[History::kSnapshotEvery + 2]);
  CHECK(!h->tree_at(S(), n - 2, cur).ok());  // backward needs those rows
}

TEST_CASE("history: tree_at range and empty history") {
  auto h = open_ok(":memory:");
  auto empty = h->load_head(S());
  REQUIRE(empty.ok());
  CHECK(text(*empty).empty());
  CHECK(h->head() == 0);
  CHECK(!h->tree_at(S(), 1, *empty).ok());
  NodePtr running = schema::empty_tree(S());
  commit(*h, running, edit(running, "set interfaces vti vti0 mtu 1400"),
         info("a", 1));
  CHECK(!h->tree_at(S(), 0, running).ok());
  CHECK(!h->tree_at(S(), 2, running).ok());
  auto t = h->tree_at(S(), 1, running);
  REQUIRE(t.ok());
  CHECK(t->get() == running.get());
}

TEST_CASE("history: the journal") {
  TempDir dir;
  NodePtr running = schema::empty_tree(S());
  int64_t txn = 0;
  {
    auto h = open_ok(dir.db());
    auto t = h->journal_begin(0, info("alice", 42, "try", "batch"));
    REQUIRE(t.ok());
    txn = *t;
    auto open = h->unfinished();
    REQUIRE(open.size() == 1);
    CHECK(open[0].txn == txn);
    CHECK(open[0].phase == "begin");
    CHECK(open[0].base_rev == 0);
    CHECK(open[0].info.user == "alice");
    CHECK(open[0].info.source == "batch");
    CHECK(open[0].info.comment == "try");
    CHECK(open[0].info.time == 42);
    CHECK(h->journal_phase(txn, "prepare").ok());
    CHECK(h->journal_phase(txn, "apply").ok());
    CHECK(h->journal_phase(txn + 99, "apply").error().code ==
          rc::Code::kNotFound);
  }  // "crash": no done
  auto h = open_ok(dir.db());
  auto open = h->unfinished();
  REQUIRE(open.size() == 1);
  CHECK(open[0].txn == txn);
  CHECK(open[0].phase == "apply");
  auto txn2 = h->journal_begin(0, info("bob", 43));
  REQUIRE(txn2.ok());
  CHECK(*txn2 > txn);
  CHECK(h->unfinished().size() == 2);
  // The commit closes its journal row in the same transaction.
  NodePtr next = edit(running, "set interfaces vti vti0 mtu 1400");
  auto rev = h->record_commit(*txn2, info("bob", 43),
                              schema::diff(running.get(), next.get()),
                              next.get(), {});
  REQUIRE(rev.ok());
  open = h->unfinished();
  REQUIRE(open.size() == 1);
  CHECK(open[0].txn == txn);
  CHECK(h->record_outcome(txn, info("boot", 44, "", "boot"), "recovered",
                          "converged to revision 1")
            .ok());
  CHECK(h->unfinished().empty());
  CHECK(h->attempts()[0].outcome == "recovered");
  auto t3 = h->journal_begin(1, info("c", 45));
  REQUIRE(t3.ok());
  CHECK(h->journal_phase(*t3, "done").ok());
  CHECK(h->unfinished().empty());
  CHECK(*t3 > *txn2);  // ids are never reused
}

TEST_CASE("history: commit-confirm state is written with the commit") {
  TempDir dir;
  NodePtr running = schema::empty_tree(S());
  {
    auto h = open_ok(dir.db());
    commit(*h, running, edit(running, "set interfaces vti vti0 mtu 1400"),
           info("a", 1));
    CHECK(!h->pending_confirm());
    History::ConfirmUpdate set;
    set.kind = History::ConfirmUpdate::Kind::kSet;
    set.pending = {0, 1, 9999, "alice"};
    int64_t rev = commit(*h, running,
                         edit(running, "set interfaces vti vti0 mtu 1500"),
                         info("alice", 2), set);
    auto p = h->pending_confirm();
    REQUIRE(p);
    CHECK(p->rev == rev);
    CHECK(p->revert_to == 1);
    CHECK(p->deadline == 9999);
    CHECK(p->user == "alice");
    commit(*h, running, edit(running, "set interfaces vti vti0 mtu 1600"),
           info("bob", 3));  // kKeep
    CHECK(h->pending_confirm());
  }
  auto h = open_ok(dir.db());
  auto p = h->pending_confirm();
  REQUIRE(p);  // survives a restart
  CHECK(p->rev == 2);
  CHECK(p->revert_to == 1);
  CHECK(h->load_head(S()).ok());

  // A commit that fails to record changes nothing: not the confirm state,
  // not the head, not the journal.
  {
    Raw raw(dir.db());
    raw.exec("CREATE TRIGGER boom BEFORE INSERT ON change WHEN NEW.new = "
             "'1700' BEGIN SELECT RAISE(ABORT, 'boom'); END");
  }
  History::ConfirmUpdate clear;
  clear.kind = History::ConfirmUpdate::Kind::kClear;
  auto txn = h->journal_begin(h->head(), info("c", 4));
  REQUIRE(txn.ok());
  NodePtr bad = edit(running, "set interfaces vti vti0 mtu 1700");
  auto rev = h->record_commit(*txn, info("c", 4),
                              schema::diff(running.get(), bad.get()),
                              bad.get(), clear);
  REQUIRE(!rev.ok());
  CHECK(rev.error().code == rc::Code::kIo);
  CHECK(rev.error().message.find("boom") != std::string::npos);
  CHECK(h->head() == 3);
  CHECK(h->attempts().size() == 3);
  CHECK(h->pending_confirm());
  CHECK(h->unfinished().size() == 1);

  NodePtr good = edit(running, "set interfaces vti vti0 mtu 1800");
  rev = h->record_commit(*txn, info("c", 4),
                         schema::diff(running.get(), good.get()), good.get(),
                         clear);
  REQUIRE(rev.ok());
  CHECK(*rev == 4);
  CHECK(!h->pending_confirm());
  CHECK(h->unfinished().empty());
  CHECK(h->clear_confirm().ok());
}

TEST_CASE("history: saved revision") {
  TempDir dir;
  {
    auto h = open_ok(dir.db());
    CHECK(h->saved_rev() == 0);
    NodePtr running = schema::empty_tree(S());
    commit(*h, running, edit(running, "set interfaces vti vti0 mtu 1400"),
           info("a", 1));
    CHECK(h->record_saved(1, "/config/config.boot").ok());
    CHECK(h->saved_rev() == 1);
    CHECK(h->size_bytes() > 0);
  }
  auto h = open_ok(dir.db());
  CHECK(h->saved_rev() == 1);
}

TEST_CASE("history: blame") {
  auto h = open_ok(":memory:");
  NodePtr running = schema::empty_tree(S());
  commit(*h, running,
         edit(running,
              "set interfaces vti vti0 mtu 1400\n"
              "set interfaces vti vti0 description one\n"
              "set interfaces vti vti1 mtu 1400\n"
              "set interfaces vti vti10 mtu 1400\n"
              "set interfaces vti vti3"),
         info("alice", 10));
  commit(*h, running, edit(running, "set interfaces vti vti0 mtu 9000"),
         info("bob", 20));
  commit(*h, running, edit(running, "delete interfaces vti vti0 description"),
         info("carol", 30));
  commit(*h, running, edit(running, "delete interfaces vti vti10"),
         info("dave", 40));
  commit(*h, running, edit(running, "set interfaces vti vti3 mtu 1300"),
         info("erin", 50));
  auto all = h->blame("");
  REQUIRE(all.size() == 3);
  CHECK(all[0].path == "interfaces vti vti0 mtu");
  CHECK(all[0].rev == 2);
  CHECK(all[0].user == "bob");
  CHECK(all[0].time == 20);
  CHECK(all[1].path == "interfaces vti vti1 mtu");
  CHECK(all[1].rev == 1);
  CHECK(all[1].user == "alice");
  CHECK(all[2].path == "interfaces vti vti3 mtu");
  CHECK(all[2].rev == 5);
  auto one = h->blame("interfaces vti vti1");
  REQUIRE(one.size() == 1);  // not vti10: prefixes match whole words
  CHECK(one[0].path == "interfaces vti vti1 mtu");
  CHECK(h->blame("interfaces vti vt").empty());
  CHECK(h->blame("interfaces vti vti0 mtu").size() == 1);
}

TEST_CASE("history: blame forgets what went with a removed subtree") {
  auto h = open_ok(":memory:");
  NodePtr running = schema::empty_tree(S());
  commit(*h, running,
         edit(running,
              "set interfaces vti vti3\nset interfaces vti vti1 mtu 1400"),
         info("a", 1));
  commit(*h, running, edit(running, "set interfaces vti vti3 mtu 1300"),
         info("b", 2));
  commit(*h, running, edit(running, "delete interfaces"), info("c", 3));
  commit(*h, running, edit(running, "set interfaces vti vti1 mtu 1500"),
         info("d", 4));
  auto all = h->blame("");
  REQUIRE(all.size() == 1);
  CHECK(all[0].path == "interfaces vti vti1 mtu");
  CHECK(all[0].rev == 4);
}

TEST_CASE("history: open refuses newer and foreign databases") {
  TempDir dir;
  { open_ok(dir.db()); }
  {
    Raw raw(dir.db());
    raw.exec("PRAGMA user_version = 2");
  }
  auto h = History::open(dir.db());
  REQUIRE(!h.ok());
  CHECK(h.error().code == rc::Code::kIo);
  CHECK(h.error().message.find("version 2") != std::string::npos);
  {
    Raw raw(dir.db("x.db"));
    raw.exec("CREATE TABLE t(x)");
  }
  auto foreign = History::open(dir.db("x.db"));
  REQUIRE(!foreign.ok());
  CHECK(foreign.error().message.find("not a routesh history") !=
        std::string::npos);
}

TEST_CASE("history: a one-line commit stores little") {
  TempDir dir;
  auto h = open_ok(dir.db());
  NodePtr running = schema::empty_tree(S());
  commit(*h, running, edit(running, "set interfaces vti vti0 mtu 1000"),
         info("admin", 1700000000));
  const int n = 900;  // below the next snapshot
  int64_t before = h->size_bytes();
  for (int i = 0; i < n; ++i) {
    commit(*h, running,
           edit(running, "set interfaces vti vti0 description 'link " +
                             std::to_string(i) + "'"),
           info("admin", 1700000001 + i));
  }
  double per_commit = double(h->size_bytes() - before) / n;
  MESSAGE("bytes per one-line commit: " << per_commit);
  CHECK(per_commit <= 200);
}

}  // namespace
}  // namespace commits

namespace commits {

TEST_CASE("history: a large configuration is not snapshotted every 1000 revisions") {
  // 1500 lines of configuration, then kSnapshotEvery one-row commits: the
  // rows since the first snapshot (999 at revision 1000) do not outnumber
  // its lines, so no second snapshot is written; it comes once they do.
  TempDir dir;
  auto h = open_ok(dir.db());
  std::string big;
  for (int i = 0; i < 1500; ++i) {
    big += "set protocols static route 10." + std::to_string(i / 250) + "." +
           std::to_string(i % 250) + ".0/24 next-hop 192.0.2.1\n";
  }
  NodePtr cur = schema::empty_tree(S());
  commit(*h, cur, edit(cur, big), info("u", 1));
  const int64_t k = History::kSnapshotEvery;
  for (int64_t i = 2; i <= 2 * k; ++i) {
    NodePtr next = edit(cur, "set interfaces vti vti0 mtu " + std::to_string(1000 + i));
    commit(*h, cur, next, info("u", i));
  }
  Raw raw(dir.db());
  CHECK(raw.one("SELECT group_concat(rev) FROM snapshot") ==
        "1," + std::to_string(2 * k));
  // And every revision still rebuilds: the newest from its snapshot, an old
  // one backwards.
  auto again = open_ok(dir.db());
  auto head = again->load_head(S());
  REQUIRE(head.ok());
  CHECK(text(*head) == text(cur));
  auto mid = again->tree_at(S(), k + 500, *head);
  REQUIRE(mid.ok());
  CHECK(text(*mid).find("mtu '" + std::to_string(1000 + k + 500) + "'") !=
        std::string::npos);
}

}  // namespace commits

// Engine tests of two action contracts: a `partial` action's undo runs
// when the action itself fails, and a driver that watches another owner is
// planned when only that owner changed.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "commits/engine.h"
#include "schema/edit.h"
#include "schema/path.h"
#include "schema/test_schema.h"

namespace commits {
namespace {

// Plans one "rec" message per commit: {"owner", "text"} with undo
// {"owner", "undo"}; `partial` as asked. Watches what it is told.
class RecDriver : public backend::Driver {
 public:
  RecDriver(std::string id, bool partial, std::vector<std::string> watches = {})
      : id_(std::move(id)), partial_(partial), watches_(std::move(watches)) {}
  std::string id() const override { return id_; }
  rc::Errors verify(const schema::Node*) const override {
    if (complain_at.empty()) return {};
    return {rc::make_error(rc::Code::kValidation, id_ + " explains it", complain_at)};
  }
  std::string complain_at;  // verify reports one problem at this path
  rc::Result<backend::Plan> plan(const schema::Node*, const schema::Node*,
                                 const std::vector<schema::Change>&,
                                 backend::Host&) const override {
    backend::Plan p;
    p.driver = id_;
    backend::Action a;
    a.driver = id_;
    a.summary = id_ + " change";
    a.step = backend::Step::message("rec", {{"owner", id_}, {"what", "do"}});
    a.undo = backend::Step::message("rec", {{"owner", id_}, {"what", "undo"}});
    a.partial = partial_;
    p.additions.push_back(std::move(a));
    return p;
  }
  rc::Result<backend::Plan> converge(const schema::Node*, backend::Host&) const override {
    return backend::Plan{};
  }
  std::vector<std::string> watches() const override { return watches_; }

 private:
  std::string id_;
  bool partial_;
  std::vector<std::string> watches_;
};

struct Rig {
  std::string dir;
  std::unique_ptr<History> history;
  backend::RealHost host;
  std::vector<std::string> log;  // "owner:what" of every executed step
  std::string fail_owner;        // its "do" step fails
  std::unique_ptr<Engine> engine;

  explicit Rig(std::vector<std::unique_ptr<backend::Driver>> drivers) {
    char tmpl[] = "/tmp/routesh-actions-XXXXXX";
    dir = ::mkdtemp(tmpl);
    auto h = History::open(dir + "/history.db");
    REQUIRE(h.ok());
    history = std::move(h).value();
    host.add_channel("rec", [this](const backend::Step& s, bool prepare) -> rc::Status {
      if (prepare) return rc::Status::Ok();
      std::string owner = s.payload["owner"], what = s.payload["what"];
      log.push_back(owner + ":" + what);
      if (owner == fail_owner && what == "do") {
        return rc::make_error(rc::Code::kBackend, "refused half-way");
      }
      return rc::Status::Ok();
    });
    engine = std::make_unique<Engine>(schema::test_schema(), history.get(),
                                      std::move(drivers), &host);
    std::vector<std::string> l;
    REQUIRE(engine->start(&l).ok());
  }
  ~Rig() {
    engine.reset();
    history.reset();
    ::unlink((dir + "/history.db").c_str());
    ::unlink((dir + "/history.db-wal").c_str());
    ::unlink((dir + "/history.db-shm").c_str());
    ::rmdir(dir.c_str());
  }
  rc::Result<CommitResult> commit(std::vector<std::string> words) {
    schema::NodePtr t = engine->running();
    auto r = schema::resolve(schema::test_schema(), {}, words, schema::ResolveMode::kSet);
    REQUIRE(r.ok());
    REQUIRE(schema::set_path(t, *r).ok());
    CommitOptions o;
    o.info.user = "alice";
    return engine->commit(t, o);
  }
};

std::vector<std::unique_ptr<backend::Driver>> drivers(bool partial) {
  std::vector<std::unique_ptr<backend::Driver>> d;
  for (const char* owner : {"vti", "ipsec", "static", "bgp", "policy"}) {
    d.push_back(std::make_unique<RecDriver>(owner, partial));
  }
  return d;
}

}  // namespace

TEST_CASE("engine: a partial action that fails is undone too; a whole one is not") {
  for (bool partial : {true, false}) {
    CAPTURE(partial);
    Rig rig(drivers(partial));
    rig.fail_owner = "static";
    auto r = rig.commit({"protocols", "static", "route", "10.0.0.0/8", "next-hop",
                         "192.0.2.1"});
    REQUIRE(!r.ok());
    std::vector<std::string> want = {"static:do"};
    if (partial) want.push_back("static:undo");
    CHECK(rig.log == want);
    CHECK(r.error().message.find("refused half-way") != std::string::npos);
  }
}

TEST_CASE("engine: a watching driver is planned when only the watched owner changed") {
  std::vector<std::unique_ptr<backend::Driver>> d;
  d.push_back(std::make_unique<RecDriver>("vti", false, std::vector<std::string>{"ipsec"}));
  for (const char* owner : {"ipsec", "static", "bgp", "policy"}) {
    d.push_back(std::make_unique<RecDriver>(owner, false));
  }
  Rig rig(std::move(d));
  auto r = rig.commit({"vpn", "peer", "east"});
  REQUIRE_MESSAGE(r.ok(), r.error().to_string());
  // The watcher runs, and before the owner it watches.
  CHECK(rig.log == std::vector<std::string>{"vti:do", "ipsec:do"});
  // A change elsewhere does not wake it.
  rig.log.clear();
  REQUIRE(rig.commit({"protocols", "static", "route", "10.0.0.0/8", "next-hop",
                      "192.0.2.1"}).ok());
  CHECK(rig.log == std::vector<std::string>{"static:do"});
}

TEST_CASE("engine: a path the schema and a driver both flag gets the driver's message") {
  auto d = drivers(false);
  auto* ipsec = static_cast<RecDriver*>(d[1].get());
  ipsec->complain_at = "vpn peer east bind";
  Rig rig(std::move(d));
  schema::NodePtr t = rig.engine->running();
  auto r = schema::resolve(schema::test_schema(), {}, {"vpn", "peer", "east", "bind", "vti9"},
                           schema::ResolveMode::kSet);
  REQUIRE(r.ok());
  REQUIRE(schema::set_path(t, *r).ok());
  rc::Errors errs = rig.engine->check(t.get());
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].message == "ipsec explains it");
  // Without the driver's word, the schema's reference check speaks.
  ipsec->complain_at.clear();
  errs = rig.engine->check(t.get());
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].path == "vpn peer east bind");
  CHECK(errs[0].message != "ipsec explains it");
}

}  // namespace commits

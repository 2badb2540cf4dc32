#include "commits/engine.h"

#include <doctest/doctest.h>
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "backend/render_driver.h"
#include "schema/commands_format.h"
#include "schema/edit.h"
#include "schema/test_schema.h"

namespace commits {
namespace {

// Every file of a directory: the rendered system state, byte for byte.
std::map<std::string, std::string> snapshot(const std::string& dir) {
  std::map<std::string, std::string> out;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return out;
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    std::ifstream in(dir + "/" + name, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    out[name] = ss.str();
  }
  ::closedir(d);
  return out;
}

struct Rig {
  std::string dir;
  std::unique_ptr<History> history;
  backend::RenderHost render;
  backend::FaultHost fault;
  int64_t clock = 1700000000;
  std::unique_ptr<Engine> engine;

  static std::string make_dir() {
    char tmpl[] = "/tmp/routesh-engine-XXXXXX";
    return ::mkdtemp(tmpl);
  }
  Rig() : dir(make_dir()), render(dir), fault(&render) { reopen(); }
  ~Rig() {
    engine.reset();
    history.reset();
    std::string cmd = "rm -rf " + dir;  // test cleanup only
    (void)::system(cmd.c_str());
  }
  void reopen() {
    engine.reset();
    history.reset();
    auto h = History::open(dir + "/history.db");
    REQUIRE_MESSAGE(h.ok(), h.error().to_string());
    history = std::move(h).value();
    std::vector<std::unique_ptr<backend::Driver>> drivers;
    for (const char* owner : {"vti", "ipsec", "static", "bgp", "policy"}) {
      drivers.push_back(std::make_unique<backend::RenderDriver>(owner, dir));
    }
    engine = std::make_unique<Engine>(schema::test_schema(), history.get(),
                                      std::move(drivers), &fault,
                                      [this] { return clock; });
    std::vector<std::string> log;
    REQUIRE(engine->start(&log).ok());
  }
  std::map<std::string, std::string> state() {
    auto s = snapshot(dir);
    for (auto it = s.begin(); it != s.end();) {
      it = it->first.size() > 5 &&
                   it->first.compare(it->first.size() - 5, 5, ".conf") == 0
               ? std::next(it)
               : s.erase(it);
    }
    return s;
  }
  schema::NodePtr with(std::vector<std::vector<std::string>> sets,
                       schema::NodePtr base = {}) {
    schema::NodePtr t = base ? base : engine->running();
    for (auto& w : sets) {
      auto r = schema::resolve(schema::test_schema(), {}, w,
                               schema::ResolveMode::kSet);
      REQUIRE_MESSAGE(r.ok(), r.error().to_string());
      REQUIRE(schema::set_path(t, *r).ok());
    }
    return t;
  }
  rc::Result<CommitResult> commit(const schema::NodePtr& c,
                                  const std::string& comment = "",
                                  int confirm = 0) {
    CommitOptions o;
    o.info.user = "alice";
    o.info.source = "cli";
    o.info.comment = comment;
    o.confirm_minutes = confirm;
    return engine->commit(c, o);
  }
};

// A configuration touching every owner of the test schema.
std::vector<std::vector<std::string>> full_config() {
  return {{"interfaces", "vti", "vti0", "mtu", "1436"},
          {"vpn", "peer", "east", "bind", "vti0"},
          {"protocols", "static", "route", "10.0.0.0/8", "next-hop", "192.0.2.1"},
          {"policy", "route-map", "IN", "rule", "10", "action", "permit"},
          {"protocols", "bgp", "65010", "neighbor", "192.0.2.2", "route-map",
           "import", "IN"}};
}

}  // namespace

TEST_CASE("engine: a commit renders every owner and records a revision") {
  Rig rig;
  auto r = rig.commit(rig.with(full_config()), "first");
  REQUIRE_MESSAGE(r.ok(), r.error().to_string());
  CHECK(r->rev == 1);
  auto s = rig.state();
  CHECK(s.size() == 5);
  CHECK(s["vti.conf"] == "set interfaces vti vti0 mtu '1436'\n");
  CHECK(s["ipsec.conf"] == "set vpn peer east bind 'vti0'\n");
  auto revs = rig.history->revisions();
  REQUIRE(revs.size() == 1);
  CHECK(revs[0].info.user == "alice");
  CHECK(revs[0].info.comment == "first");
  // The plan lists drivers in dependency order: the VTI before the peer
  // bound to it, the route-map before the BGP neighbor using it.
  std::vector<std::string> owners;
  for (const auto& p : r->plan) owners.push_back(p.substr(0, p.find(':')));
  auto pos = [&](const std::string& o) {
    return std::find(owners.begin(), owners.end(), o) - owners.begin();
  };
  CHECK(pos("vti") < pos("ipsec"));
  CHECK(pos("policy") < pos("bgp"));
}

TEST_CASE("engine: no changes, and validation failures change nothing") {
  Rig rig;
  REQUIRE(rig.commit(rig.with(full_config())).ok());
  auto same = rig.commit(rig.engine->running());
  REQUIRE(same.ok());
  CHECK(same->no_changes);
  auto before = rig.state();
  // A peer bound to a VTI that does not exist, and a rule without action.
  auto bad = rig.with({{"vpn", "peer", "west", "bind", "vti7"},
                       {"policy", "route-map", "OUT", "rule", "5"}});
  rc::Errors problems;
  CommitOptions o;
  o.info.user = "bob";
  auto r = rig.engine->commit(bad, o, &problems);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == rc::Code::kValidation);
  CHECK(problems.size() == 2);  // every problem, not only the first
  CHECK(rig.state() == before);
  CHECK(rig.history->head() == 1);
  auto attempts = rig.history->attempts();
  REQUIRE(attempts.size() == 2);
  CHECK(attempts[0].outcome == "failed");
}

TEST_CASE("engine: a failure in prepare or apply at any driver is reverted") {
  for (const char* phase : {"prepare", "apply"}) {
    for (const char* owner : {"vti", "ipsec", "static", "bgp", "policy"}) {
      CAPTURE(phase);
      CAPTURE(owner);
      Rig rig;
      REQUIRE(rig.commit(rig.with(full_config())).ok());
      auto before = rig.state();
      auto change = rig.with(
          {{"interfaces", "vti", "vti0", "mtu", "1400"},
           {"interfaces", "vti", "vti1", "mtu", "1400"},
           {"vpn", "peer", "west", "bind", "vti1"},
           {"protocols", "static", "route", "10.1.0.0/16", "next-hop", "192.0.2.1"},
           {"policy", "route-map", "IN", "rule", "20", "action", "deny"},
           {"protocols", "bgp", "65010", "neighbor", "192.0.2.3", "remote-as", "1"}});
      backend::FaultHost::Spec spec;
      spec.phase = phase;
      spec.path_prefix = rig.dir + "/" + owner + ".conf";
      rig.fault.arm(spec);
      auto r = rig.commit(change);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().message.find("injected fault") != std::string::npos);
      CHECK(rig.state() == before);  // byte-identical
      CHECK(rig.history->head() == 1);
      auto attempts = rig.history->attempts();
      REQUIRE(attempts.size() == 2);
      CHECK(attempts[0].outcome ==
            (std::string(phase) == "apply" ? "reverted" : "failed"));
      CHECK_FALSE(rig.fault.armed());
    }
  }
}

TEST_CASE("engine: start-up after a crash mid-commit converges") {
  Rig rig;
  REQUIRE(rig.commit(rig.with(full_config())).ok());
  auto committed = rig.state();
  // A commit was applying when the process died: the journal is open and
  // the system holds part of the new configuration.
  AttemptInfo info;
  info.user = "carol";
  info.source = "cli";
  auto txn = rig.history->journal_begin(1, info);
  REQUIRE(txn.ok());
  REQUIRE(rig.history->journal_phase(*txn, "apply").ok());
  {
    std::ofstream half(rig.dir + "/vti.conf");
    half << "set interfaces vti vti0 mtu '9000'\n";
  }
  rig.reopen();
  CHECK(rig.state() == committed);
  CHECK(rig.history->unfinished().empty());
  CHECK(rig.history->attempts()[0].outcome == "recovered");
}

TEST_CASE("engine: bring_up after a reboot puts the running revision back") {
  Rig rig;
  std::vector<std::string> log;
  rig.engine->bring_up(&log);
  CHECK(log.empty());  // nothing committed yet: nothing to bring up
  REQUIRE(rig.commit(rig.with(full_config())).ok());
  auto committed = rig.state();
  // A reboot: the system forgot everything.
  for (const auto& [name, data] : committed) ::unlink((rig.dir + "/" + name).c_str());
  rig.reopen();
  CHECK(rig.state().empty());
  rig.engine->bring_up(&log);
  CHECK(rig.state() == committed);
  REQUIRE(log.size() == 1);
  CHECK(log[0] == "brought the system up to revision 1");
}

TEST_CASE("engine: commit-confirm reverts in place unless confirmed") {
  Rig rig;
  REQUIRE(rig.commit(rig.with(full_config())).ok());
  auto good = rig.state();
  auto r = rig.commit(rig.with({{"interfaces", "vti", "vti0", "mtu", "1300"}}),
                      "risky", 1);
  REQUIRE(r.ok());
  REQUIRE(rig.engine->pending_confirm());
  CHECK(rig.engine->seconds_to_timer() <= 60);
  std::vector<std::string> said;
  rig.clock += 30;
  rig.engine->on_timer([&](const std::string& m) { said.push_back(m); });
  REQUIRE(said.size() == 1);  // the warning
  rig.clock += 31;
  rig.engine->on_timer([&](const std::string& m) { said.push_back(m); });
  REQUIRE(said.size() == 2);
  CHECK(said[1].find("reverted to revision 1") != std::string::npos);
  CHECK(rig.state() == good);
  CHECK_FALSE(rig.engine->pending_confirm());
  auto revs = rig.history->revisions();
  CHECK(revs[0].info.source == "confirm-timeout");
}

TEST_CASE("engine: confirm keeps the change; a pending deadline survives") {
  Rig rig;
  REQUIRE(rig.commit(rig.with(full_config())).ok());
  REQUIRE(rig.commit(rig.with({{"interfaces", "vti", "vti0", "mtu", "1300"}}),
                     "", 5)
              .ok());
  // A second commit-confirm keeps the original revert target.
  REQUIRE(rig.commit(rig.with({{"interfaces", "vti", "vti0", "mtu", "1200"}}),
                     "", 5)
              .ok());
  CHECK(rig.engine->pending_confirm()->revert_to == 1);
  rig.reopen();  // the daemon restarted: still pending, re-armed
  REQUIRE(rig.engine->pending_confirm());
  rig.clock += 10 * 60;
  rig.reopen();  // overdue at start-up: reverted at once
  CHECK_FALSE(rig.engine->pending_confirm());
  CHECK(rig.state()["vti.conf"] == "set interfaces vti vti0 mtu '1436'\n");
  // And confirm() clears a pending one.
  REQUIRE(rig.commit(rig.with({{"interfaces", "vti", "vti0", "mtu", "1300"}}),
                     "", 5)
              .ok());
  REQUIRE(rig.engine->confirm().ok());
  CHECK_FALSE(rig.engine->pending_confirm());
  CHECK_FALSE(rig.engine->confirm().ok());
}

TEST_CASE("engine: revision() rebuilds any revision") {
  Rig rig;
  REQUIRE(rig.commit(rig.with(full_config())).ok());
  std::string first = schema::render_commands(rig.engine->running().get());
  REQUIRE(rig.commit(rig.with({{"interfaces", "vti", "vti0", "mtu", "1300"}})).ok());
  auto r = rig.engine->revision(1);
  REQUIRE(r.ok());
  CHECK(schema::render_commands(r->get()) == first);
  CHECK_FALSE(rig.engine->revision(7).ok());
}

}  // namespace commits

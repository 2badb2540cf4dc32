#include "backend/host.h"

#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace backend {
namespace {

std::string temp_dir() {
  char tmpl[] = "/tmp/routesh-host-XXXXXX";
  return ::mkdtemp(tmpl);
}

std::string slurp(const std::string& p) {
  std::ifstream in(p);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("render host: files are real, commands and messages are logged") {
  std::string dir = temp_dir();
  RenderHost host(dir);
  REQUIRE(host.prepare(Step::write_file(dir + "/a.conf", "x\n", 0600)).ok());
  REQUIRE(host.execute(Step::write_file(dir + "/a.conf", "x\n", 0600)).ok());
  std::string data;
  REQUIRE(host.read_file(dir + "/a.conf", &data));
  CHECK(data == "x\n");
  struct stat st;
  REQUIRE(::stat((dir + "/a.conf").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);  // secrets stay private
  REQUIRE(host.execute(Step::run({"vtysh", "-c", "show version"})).ok());
  REQUIRE(host.execute(Step::message("vici", {{"command", "version"}})).ok());
  CHECK(slurp(dir + "/actions.log") ==
        "run vtysh -c show version\nvici {\"command\":\"version\"}\n");
  REQUIRE(host.execute(Step::remove_file(dir + "/a.conf")).ok());
  CHECK_FALSE(host.read_file(dir + "/a.conf", &data));
  CHECK(host.execute(Step::remove_file(dir + "/a.conf")).ok());  // idempotent
}

TEST_CASE("fault host fails the first matching step once, after skips") {
  std::string dir = temp_dir();
  RenderHost inner(dir);
  FaultHost::Spec spec;
  REQUIRE(FaultHost::parse("apply:" + dir + "/b#1", &spec));
  CHECK(spec.skip == 1);
  FaultHost::Spec bad;
  CHECK_FALSE(FaultHost::parse("later:x", &bad));
  FaultHost host(&inner, spec);
  Step b = Step::write_file(dir + "/b.conf", "1");
  CHECK(host.prepare(b).ok());   // prepare is not the armed phase
  CHECK(host.execute(Step::write_file(dir + "/a.conf", "1")).ok());  // no match
  CHECK(host.execute(b).ok());   // skipped once
  rc::Status st = host.execute(b);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message.find("injected fault in apply") == 0);
  // A message is named by channel and command, never by its payload.
  FaultHost secretive(&inner, {"apply", "vici", 0});
  auto load = Step::message("vici", {{"command", "load-shared"},
                                     {"body", {{"data", "Xk3pR7vQ2mW9"}}}});
  auto leaked = secretive.execute(load);
  REQUIRE(!leaked.ok());
  CHECK(leaked.error().message == "injected fault in apply: vici message load-shared");
  CHECK_FALSE(host.armed());
  CHECK(host.execute(b).ok());   // disarmed: the revert runs normally
}

TEST_CASE("real host runs argv without a shell and reports failures") {
  RealHost host;
  CHECK(host.execute(Step::run({"true"})).ok());
  rc::Status st = host.execute(Step::run({"sh", "-c", "echo nope >&2; exit 3"}));
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message == "sh failed (exit 3): nope");
  // A value with shell syntax stays one argument.
  CHECK(host.execute(Step::run({"test", "a;b", "=", "a;b"})).ok());
  CHECK_FALSE(host.execute(Step::message("vici", {})).ok());  // no channel
  bool called = false;
  host.add_channel("vici", [&](const Step&, bool) {
    called = true;
    return rc::Status::Ok();
  });
  CHECK(host.execute(Step::message("vici", {})).ok());
  CHECK(called);
}

}  // namespace backend

// Tests of run_process: output, exit codes, stdin, and a child that exits
// without reading its input (no SIGPIPE for the caller).
#include "backend/process.h"

#include <doctest/doctest.h>

#include <string>

namespace backend {

TEST_CASE("run_process: output, exit code and stdin") {
  auto r = run_process({"sh", "-c", "cat; echo err >&2; exit 3"}, "in\n");
  REQUIRE(r.ok());
  CHECK(r->exit_code == 3);
  CHECK(r->output == "in\nerr\n");
  CHECK(process_error({"sh"}, *r).message == "sh failed (exit 3): in\nerr");
  auto missing = run_process({"/nonexistent/routesh-no-such-program"});
  REQUIRE(!missing.ok());
  CHECK(missing.error().message.find("cannot run") == 0);
}

TEST_CASE("run_checked: the output of a success, the error of a failure") {
  auto ok = run_checked({"sh", "-c", "cat"}, "hello\n");
  REQUIRE(ok.ok());
  CHECK(*ok == "hello\n");
  auto bad = run_checked({"sh", "-c", "echo no; exit 2"});
  REQUIRE(!bad.ok());
  CHECK(bad.error().message == "sh failed (exit 2): no");
}

TEST_CASE("run_process: a child that never reads a large input does not kill us") {
  std::string big(4 << 20, 'x');  // larger than any pipe buffer
  auto r = run_process({"false"}, big);
  REQUIRE(r.ok());
  CHECK(r->exit_code == 1);
  auto again = run_process({"true"}, big);  // the process is still here
  REQUIRE(again.ok());
  CHECK(again->exit_code == 0);
}

TEST_CASE("run_process: a child that hangs is killed at the deadline") {
  auto r = run_process({"sleep", "30"}, "", 200);
  REQUIRE(!r.ok());
  CHECK(r.error().message == "sleep did not finish within 200 ms and was killed");
}

}  // namespace backend

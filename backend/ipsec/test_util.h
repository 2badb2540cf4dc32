// Helpers for the IPsec and VTI unit tests: configurations from set-lines
// on the built-in schema, and the user's example documents.
#ifndef ROUTESH_BACKEND_IPSEC_TEST_UTIL_H_
#define ROUTESH_BACKEND_IPSEC_TEST_UTIL_H_

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/vici/vici_message.h"
#include "schema/schema.h"
#include "schema/set_lines.h"

namespace backend::testing {

// A configuration from set-lines; fails the test on any error.
inline schema::NodePtr config(const std::string& text,
                              schema::NodePtr start = {}) {
  auto r = schema::parse_set_lines(schema::Schema::builtin(), text,
                                   std::move(start));
  for (const auto& e : r.errors) FAIL_CHECK(e.error.to_string());
  REQUIRE(r.errors.empty());
  return r.root;
}

// ../shared/examples/<name>, through ROUTESH_SHARED_DIR (set by CTest) or
// the checkout's sibling directory.
inline std::string example(const std::string& name) {
  std::string here = __FILE__;  // <checkout>/backend/ipsec/test_util.h
  std::string dir = here.substr(0, here.rfind("/backend/")) + "/../shared";
  if (const char* d = std::getenv("ROUTESH_SHARED_DIR")) dir = d;
  std::ifstream in(dir + "/examples/" + name);
  REQUIRE_MESSAGE(in.good(), "cannot read " << dir << "/examples/" << name);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A list as one string, one item per line: failing comparisons print it.
inline std::string lines(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += i + "\n";
  return s;
}

// A VICI message from its JSON form (a charon reply, as tests write it).
inline vici::Message vici_message(const char* json) {
  auto m = vici::Message::from_json(nlohmann::json::parse(json));
  REQUIRE(m.ok());
  return *m;
}

}  // namespace backend::testing

#endif  // ROUTESH_BACKEND_IPSEC_TEST_UTIL_H_

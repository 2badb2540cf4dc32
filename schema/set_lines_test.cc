#include "schema/set_lines.h"

#include <doctest/doctest.h>

#include "schema/test_schema.h"

namespace schema {
namespace {

std::vector<std::string> words(const char* line) {
  auto t = tokenize(line);
  REQUIRE_MESSAGE(t.ok(), t.error().to_string());
  return t->words;
}

}  // namespace

TEST_CASE("tokenize: bare, single, double and typographic quotes") {
  CHECK(words("set a b 'c d'") == std::vector<std::string>{"set", "a", "b", "c d"});
  CHECK(words("set a \"c d\"") == std::vector<std::string>{"set", "a", "c d"});
  CHECK(words("set a \xE2\x80\x98" "28800'") ==
        std::vector<std::string>{"set", "a", "28800"});
  CHECK(words("set a \xE2\x80\x98" "disable\xE2\x80\x99") ==
        std::vector<std::string>{"set", "a", "disable"});
  CHECK(words("set a \xE2\x80\x9C" "x y\xE2\x80\x9D") ==
        std::vector<std::string>{"set", "a", "x y"});
  CHECK(words("set a 'why?'") == std::vector<std::string>{"set", "a", "why?"});
  CHECK(words("set a pre'fix'post") == std::vector<std::string>{"set", "a", "prefixpost"});
  CHECK(words("  # a comment").empty());
  CHECK(words("set a b # trailing") == std::vector<std::string>{"set", "a", "b"});
  CHECK(words("set a ''") == std::vector<std::string>{"set", "a", ""});
  CHECK(words("set a 'x\\\\y'") == std::vector<std::string>{"set", "a", "x\\y"});
}

TEST_CASE("tokenize notes typographic quotes and refuses unterminated ones") {
  auto t = tokenize("set a \xE2\x80\x98" "1'");
  REQUIRE(t.ok());
  CHECK(t->notes.size() == 1);
  auto bad = tokenize("set a 'open");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "unterminated quote");
}

TEST_CASE("a document with edit / up / top and relative paths") {
  auto r = parse_set_lines(test_schema(),
                           "# policy\n"
                           "edit protocols bgp 65010 neighbor 192.0.2.1\n"
                           "set remote-as 64512\n"
                           "set route-map import IN\n"
                           "up\n"
                           "set neighbor 192.0.2.2 remote-as 64513\n"
                           "top\n"
                           "set policy route-map IN rule 10 action permit\n");
  REQUIRE(r.errors.empty());
  CHECK(find_node(r.root.get(), {"protocols", "bgp", "65010", "neighbor",
                                 "192.0.2.1", "address-family", "ipv4-unicast",
                                 "route-map", "import", "IN"}) != nullptr);
  CHECK(find_node(r.root.get(), {"protocols", "bgp", "65010", "neighbor",
                                 "192.0.2.2", "remote-as"}) != nullptr);
  CHECK(find_node(r.root.get(), {"policy", "route-map", "IN"}) != nullptr);
  // The older spelling was noted, with its line.
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0] == "line 4: moved under address-family ipv4-unicast");
}

TEST_CASE("every bad line is reported with its number; good lines apply") {
  auto r = parse_set_lines(test_schema(),
                           "set interfaces vti vti0 mtu 99999\n"
                           "set interfaces vti vti0 mtuu 1400\n"
                           "set interfaces vti vti0 mtu 1400\n"
                           "frobnicate\n"
                           "delete interfaces vti vti7\n");
  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0].line == 1);
  CHECK(r.errors[0].error.message == "mtu: 99999 is out of range 68-9000");
  CHECK(r.errors[1].line == 2);
  CHECK(r.errors[1].error.hint == "did you mean 'mtu'?");
  CHECK(r.errors[2].line == 4);
  CHECK(r.errors[2].error.vyos == "Invalid command: [frobnicate]");
  CHECK(leaf_value(find_node(r.root.get(), {"interfaces", "vti", "vti0",
                                            "mtu"})) == "1400");
  // Deleting what does not exist is a note, as in VyOS.
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0].find("Nothing to delete") != std::string::npos);
  CHECK(format_line_error("f.set", r.errors[0]) ==
        "f.set:1: error: mtu: 99999 is out of range 68-9000 "
        "[interfaces vti vti0 mtu]");
}

TEST_CASE("session commands in a document are ignored with a note") {
  auto r = parse_set_lines(test_schema(), "configure\nset interfaces vti vti0\n"
                                          "commit\nsave\nexit\n");
  CHECK(r.errors.empty());
  CHECK(r.notes.size() == 4);
}

TEST_CASE("comment attaches text to an existing node") {
  auto r = parse_set_lines(test_schema(),
                           "set interfaces vti vti0 mtu 1400\n"
                           "comment interfaces vti vti0 'to the hub'\n"
                           "comment interfaces vti vti0 mtu 1400 'x'\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].error.message == "Cannot comment on config values");
  CHECK(find_node(r.root.get(), {"interfaces", "vti", "vti0"})->comment() ==
        "to the hub");
}

}  // namespace schema

namespace schema {

TEST_CASE("copy and rename tag values relative to the level") {
  auto r = parse_set_lines(test_schema(),
                           "set policy route-map IN rule 10 action permit\n"
                           "edit policy route-map IN\n"
                           "copy rule 10 to rule 20\n"
                           "rename rule 10 to rule 15\n"
                           "copy rule 99 to rule 30\n"
                           "copy rule 20 to rule 15\n"
                           "copy rule 20 to route-map X\n");
  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0].error.message == "Configuration \"rule 99\" does not exist");
  CHECK(r.errors[1].error.message == "Configuration \"rule 15\" already exists");
  CHECK(r.errors[2].line == 7);
  const Node* rules = find_node(r.root.get(), {"policy", "route-map", "IN", "rule"});
  REQUIRE(rules != nullptr);
  CHECK(rules->children().size() == 2);
  CHECK(rules->children().find("10") == nullptr);
  CHECK(leaf_value(find_node(r.root.get(), {"policy", "route-map", "IN", "rule",
                                            "15", "action"})) == "permit");
  CHECK(leaf_value(find_node(r.root.get(), {"policy", "route-map", "IN", "rule",
                                            "20", "action"})) == "permit");
}

}  // namespace schema

#include "schema/commands_format.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "schema/edit.h"
#include "schema/set_lines.h"
#include "schema/test_schema.h"

namespace schema {
namespace {

void set(NodePtr& root, const Schema& s, std::vector<std::string> words) {
  auto r = resolve(s, {}, words, ResolveMode::kSet);
  REQUIRE_MESSAGE(r.ok(), r.error().to_string());
  REQUIRE(set_path(root, *r).ok());
}

Path path_of(const Schema& s, std::vector<std::string> words) {
  auto r = resolve(s, {}, words, ResolveMode::kDelete);
  REQUIRE_MESSAGE(r.ok(), r.error().to_string());
  return r->path;
}

// A small real configuration, built as `set` would build it.
NodePtr sample(const Schema& s) {
  NodePtr root = empty_tree(s);
  set(root, s, {"interfaces", "vti", "vti0", "address", "169.254.12.38/30"});
  set(root, s, {"interfaces", "vti", "vti0", "address", "169.254.12.2/30"});
  set(root, s, {"interfaces", "vti", "vti0", "description", "to Azure"});
  set(root, s, {"interfaces", "loopback", "lo"});
  set(root, s,
      {"protocols", "bgp", "65010", "address-family", "ipv4-unicast", "network",
       "10.20.0.0/16"});
  set(root, s,
      {"protocols", "bgp", "65010", "parameters", "log-neighbor-changes"});
  set(root, s,
      {"system", "login", "user", "vyos", "authentication",
       "plaintext-password", ""});
  return root;
}

}  // namespace

TEST_CASE("render_commands prints VyOS's show configuration commands") {
  const Schema& s = Schema::builtin();
  NodePtr root = sample(s);
  CHECK(render_commands(root.get()) ==
        "set interfaces loopback lo\n"
        "set interfaces vti vti0 address '169.254.12.38/30'\n"
        "set interfaces vti vti0 address '169.254.12.2/30'\n"
        "set interfaces vti vti0 description 'to Azure'\n"
        "set protocols bgp 65010 address-family ipv4-unicast network "
        "10.20.0.0/16\n"
        "set protocols bgp 65010 parameters log-neighbor-changes\n"
        "set system login user vyos authentication plaintext-password ''\n");
  NodePtr empty = empty_tree(s);
  CHECK(render_commands(empty.get()).empty());
}

TEST_CASE("render_commands: secrets are masked only when asked") {
  const Schema& s = Schema::builtin();
  NodePtr root = empty_tree(s);
  set(root, s,
      {"system", "login", "user", "vyos", "authentication",
       "plaintext-password", "hunter2"});
  RenderOptions hide;
  hide.hide_secrets = true;
  CHECK(render_commands(root.get(), hide) ==
        "set system login user vyos authentication plaintext-password "
        "'****************'\n");
  CHECK(render_commands(root.get()) ==
        "set system login user vyos authentication plaintext-password "
        "'hunter2'\n");
  CHECK(std::string(kSecretMask) == "****************");
}

TEST_CASE("render_commands: relative to an edit level, with comments") {
  const Schema& s = test_schema();
  NodePtr root = empty_tree(s);
  set(root, s, {"interfaces", "vti", "vti0", "mtu", "1400"});
  set(root, s, {"interfaces", "vti", "vti0", "disable"});
  set(root, s, {"interfaces", "vti", "vti10", "mtu", "1436"});
  set(root, s, {"interfaces", "vti", "vti2", "address", "10.0.0.1/30"});
  Path vti0 = path_of(s, {"interfaces", "vti", "vti0"});
  REQUIRE(set_comment(root, vti0, "to the hub").ok());
  REQUIRE(set_comment(root, path_of(s, {"interfaces", "vti", "vti0", "mtu"}),
                      "jumbo \\ frames")
              .ok());

  CHECK(render_commands(root.get()) ==
        "set interfaces vti vti0 disable\n"
        "set interfaces vti vti0 mtu '1400'\n"
        "comment interfaces vti vti0 mtu 'jumbo \\\\ frames'\n"
        "comment interfaces vti vti0 'to the hub'\n"
        "set interfaces vti vti2 address '10.0.0.1/30'\n"
        "set interfaces vti vti10 mtu '1436'\n");

  const Node* at = find_node(root.get(), vti0);
  CHECK(render_commands(at, vti0, vti0.size()) ==
        "set disable\n"
        "set mtu '1400'\n"
        "comment mtu 'jumbo \\\\ frames'\n");
  CHECK(render_commands(at, vti0, 1) ==
        "set vti vti0 disable\n"
        "set vti vti0 mtu '1400'\n"
        "comment vti vti0 mtu 'jumbo \\\\ frames'\n"
        "comment vti vti0 'to the hub'\n");
  Path interfaces = path_of(s, {"interfaces"});
  CHECK(render_commands(find_node(root.get(), interfaces), interfaces, 1)
            .starts_with("set vti vti0 disable\n"));

  // What is printed pastes back to the same tree.
  SetLinesResult back = parse_set_lines(s, render_commands(root.get()));
  CHECK(back.errors.empty());
  CHECK(render_commands(back.root.get()) == render_commands(root.get()));
}

TEST_CASE("quote_command_value escapes as vyos1x does") {
  CHECK(quote_command_value("") == "''");
  CHECK(quote_command_value("aes256") == "'aes256'");
  CHECK(quote_command_value("it's") == "'it's'");
  CHECK(quote_command_value("a\\b") == "'a\\\\b'");
  CHECK(quote_command_value("say \"hi\"") == "'say \\\"hi\\\"'");
  CHECK(quote_command_value("l1\nl2\tx") == "'l1\\nl2\\tx'");
  CHECK(quote_command_value(std::string("a\x01z\x7f", 4)) == "'a\\x01z\\x7f'");
  CHECK(quote_command_value("caf\xC3\xA9") == "'caf\xC3\xA9'");
}

TEST_CASE("render_json: objects, tag objects, strings, arrays, {}") {
  const Schema& s = Schema::builtin();
  NodePtr root = sample(s);
  std::string text = render_json(root.get());
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(j.is_discarded());
  CHECK(j["interfaces"]["loopback"]["lo"] == nlohmann::json::object());
  CHECK(j["interfaces"]["vti"]["vti0"]["address"] ==
        nlohmann::json::array({"169.254.12.38/30", "169.254.12.2/30"}));
  CHECK(j["interfaces"]["vti"]["vti0"]["description"] == "to Azure");
  CHECK(j["protocols"]["bgp"]["65010"]["parameters"]["log-neighbor-changes"] ==
        nlohmann::json::object());
  CHECK(j["system"]["login"]["user"]["vyos"]["authentication"]
         ["plaintext-password"] == "");

  const Schema& t = test_schema();
  NodePtr small = empty_tree(t);
  set(small, t, {"interfaces", "vti", "vti10", "mtu", "1400"});
  set(small, t, {"interfaces", "vti", "vti2", "disable"});
  CHECK(render_json(small.get()) ==
        "{\n"
        "    \"interfaces\": {\n"
        "        \"vti\": {\n"
        "            \"vti2\": {\n"
        "                \"disable\": {}\n"
        "            },\n"
        "            \"vti10\": {\n"
        "                \"mtu\": \"1400\"\n"
        "            }\n"
        "        }\n"
        "    }\n"
        "}");
  Path vti10 = path_of(t, {"interfaces", "vti", "vti10"});
  CHECK(render_json(find_node(small.get(), vti10)) ==
        "{\n    \"mtu\": \"1400\"\n}");
  NodePtr empty = empty_tree(t);
  CHECK(render_json(empty.get()) == "{}");

  NodePtr secret = empty_tree(s);
  set(secret, s,
      {"system", "login", "user", "vyos", "authentication",
       "plaintext-password", "hunter2"});
  RenderOptions hide;
  hide.hide_secrets = true;
  CHECK(render_json(secret.get(), hide).find("\"****************\"") !=
        std::string::npos);
  CHECK(render_json(secret.get(), hide).find("hunter2") == std::string::npos);
}

}  // namespace schema

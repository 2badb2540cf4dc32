// Tests for shell/completion: candidates and help for a line at the cursor,
// over the builtin schema with a fake source of existing names.
#include "shell/completion.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace shell {
namespace {

using Words = std::vector<std::string>;

// Existing configuration: two vtis with addresses; records what was asked.
struct FakeConfig {
  std::vector<std::pair<Words, std::string>> asked;
  Words names(const Words& path, const std::string& prefix) {
    asked.emplace_back(path, prefix);
    Words all;
    if (path == Words{"interfaces", "vti"}) all = {"vti0", "vti1", "vti10"};
    if (path == Words{"interfaces", "vti", "vti0", "address"})
      all = {"169.254.12.38/30"};
    Words out;
    for (const auto& n : all) {
      if (n.compare(0, prefix.size(), prefix) == 0) out.push_back(n);
    }
    return out;
  }
};

CompletionContext op_mode(FakeConfig* fake = nullptr) {
  CompletionContext ctx;
  ctx.schema = &schema::Schema::builtin();
  ctx.commands = {"configure", "exit", "reset", "restart", "set", "show"};
  if (fake != nullptr) {
    ctx.existing = [fake](const Words& p, const std::string& x) {
      return fake->names(p, x);
    };
  }
  return ctx;
}

CompletionContext config_mode(FakeConfig* fake = nullptr, Words level = {}) {
  CompletionContext ctx = op_mode(fake);
  ctx.configuring = true;
  ctx.level = std::move(level);
  ctx.commands = {"comment", "commit", "commit-confirm", "compare",  "confirm",
                  "copy",    "delete", "discard",        "edit",     "exit",
                  "load",    "merge",  "rename",         "rollback", "run",
                  "save",    "set",    "show",           "top",      "up"};
  return ctx;
}

Words labels(const Completion& c) {
  Words out;
  for (const auto& x : c.candidates) out.push_back(x.label);
  return out;
}

std::string help_of(const Completion& c, const std::string& label) {
  for (const auto& x : c.candidates) {
    if (x.label == label) return x.help;
  }
  return "(absent)";
}

bool has(const Words& w, const std::string& x) {
  for (const auto& e : w) {
    if (e == x) return true;
  }
  return false;
}

TEST_CASE("operational mode: command words with their help") {
  Completion c = complete(op_mode(), "");
  CHECK(c.words() == Words{"configure", "exit", "reset", "restart", "set", "show"});
  CHECK(help_of(c, "configure") == "Enter configure mode");
  CHECK(format_completions(c) ==
        "Possible completions:\n"
        "  configure     Enter configure mode\n"
        "  exit          Exit from this session\n"
        "  reset         Reset a service\n"
        "  restart       Restart a service\n"
        "  set           Set operational options\n"
        "  show          Show system information\n");
  CHECK(complete(op_mode(), "s").words() == Words{"set", "show"});
  CHECK(complete(op_mode(), "conf").words() == Words{"configure"});
  CHECK(complete(op_mode(), "  conf").prefix == "conf");
}

TEST_CASE("operational mode: words after a unique prefix of a command") {
  CHECK(complete(op_mode(), "sh ").words() ==
        Words{"configuration", "host", "interfaces", "ip", "route-map", "system",
              "version", "vpn"});
  CHECK(complete(op_mode(), "show sys").words() == Words{"system"});
  CHECK(complete(op_mode(), "show system commit ").words() == Words{"diff"});
  Completion diff = complete(op_mode(), "show system commit diff ");
  CHECK(labels(diff) == Words{"<u32>"});
  CHECK(labels(complete(op_mode(), "show system commit diff 3 ")) ==
        Words{"<Enter>"});
  CHECK(labels(complete(op_mode(), "set terminal length ")) == Words{"<u32>"});
  CHECK(labels(complete(op_mode(), "configure ")) == Words{"<Enter>"});
}

TEST_CASE("operational mode: show configuration completes running paths") {
  FakeConfig fake;
  Completion c = complete(op_mode(&fake), "show configuration ");
  Words l = labels(c);
  CHECK(l.front() == "<Enter>");
  CHECK(has(l, "commands"));
  CHECK(has(l, "json"));
  CHECK(has(l, "interfaces"));
  CHECK(complete(op_mode(&fake), "show configuration commands interfaces vti v")
            .words() == Words{"vti0", "vti1", "vti10"});
  CHECK(fake.asked.back() ==
        std::make_pair(Words{"interfaces", "vti"}, std::string("v")));
}

TEST_CASE("unknown and ambiguous commands are named") {
  CHECK(complete(op_mode(), "frob ").error == "Invalid command: [frob]");
  CHECK(complete(op_mode(), "s ").error == "Ambiguous command: [s]");
  CHECK(complete(op_mode(), "show frob ").error ==
        "Invalid command: [show frob]");
  CHECK(format_completions(complete(op_mode(), "frob ")) ==
        "\n  Invalid command: [frob]\n\n");
  CHECK(complete(op_mode(), "frob").words().empty());
}

TEST_CASE("set: schema keywords from the top, with help") {
  Completion c = complete(config_mode(), "set ");
  CHECK(c.words() ==
        Words{"interfaces", "policy", "protocols", "system", "vpn"});
  CHECK(help_of(c, "interfaces") == "Network interfaces");
  CHECK(!has(labels(c), "<Enter>"));
  CHECK(complete(config_mode(), "set proto").words() == Words{"protocols"});
  CHECK(complete(config_mode(), "se int").words() == Words{"interfaces"});
}

TEST_CASE("set: children of a tag value, and <Enter>") {
  Completion c = complete(config_mode(), "set interfaces vti vti0 ");
  CHECK(labels(c) ==
        Words{"<Enter>", "address", "description", "disable", "mtu"});
  CHECK(help_of(c, "mtu") == "Maximum Transmission Unit (MTU)");
  CHECK(complete(config_mode(), "set interfaces vti vti0 m").words() ==
        Words{"mtu"});
}

TEST_CASE("set: a leaf's value help, then <Enter> after the value") {
  Completion c = complete(config_mode(), "set interfaces vti vti0 mtu ");
  CHECK(labels(c) == Words{"<u32:68-9000>"});
  CHECK(c.words().empty());
  CHECK(help_of(c, "<u32:68-9000>") == "Maximum Transmission Unit in byte");
  CHECK(format_completions(c) ==
        "Possible completions:\n"
        "  <u32:68-9000> Maximum Transmission Unit in byte\n");
  CHECK(labels(complete(config_mode(), "set interfaces vti vti0 mtu 1400 ")) ==
        Words{"<Enter>"});
  CHECK(labels(complete(config_mode(), "set interfaces vti vti0 disable ")) ==
        Words{"<Enter>"});
}

TEST_CASE("set: a tag offers its value help and the existing values") {
  FakeConfig fake;
  Completion c = complete(config_mode(&fake), "set interfaces vti ");
  CHECK(labels(c) == Words{"<vtiN>", "vti0", "vti1", "vti10"});
  CHECK(fake.asked.back() ==
        std::make_pair(Words{"interfaces", "vti"}, std::string()));
  CHECK(complete(config_mode(&fake), "set interfaces vti vti1").words() ==
        Words{"vti1", "vti10"});
}

TEST_CASE("set: enum and completion words are insertable, with their help") {
  Completion c = complete(config_mode(), "set vpn ipsec esp-group AWS mode ");
  CHECK(has(c.words(), "tunnel"));
  CHECK(has(c.words(), "transport"));
  CHECK(
      complete(config_mode(), "set vpn ipsec esp-group AWS mode tu").words() ==
      Words{"tunnel"});
  Completion pfs =
      complete(config_mode(), "set vpn ipsec esp-group AWS pfs dh-group1");
  CHECK(has(pfs.words(), "dh-group14"));
  CHECK(!has(pfs.words(), "enable"));
}

TEST_CASE("delete and show: existing values, no value hints") {
  FakeConfig fake;
  Completion c = complete(config_mode(&fake), "delete interfaces vti ");
  CHECK(labels(c) == Words{"<Enter>", "vti0", "vti1", "vti10"});
  CHECK(complete(config_mode(&fake), "delete interfaces vti vti0 address ")
            .words() == Words{"169.254.12.38/30"});
  CHECK(has(labels(complete(config_mode(&fake), "show ")), "<Enter>"));
  CHECK(complete(config_mode(&fake), "show interfaces vti vti").words() ==
        Words{"vti0", "vti1", "vti10"});
}

TEST_CASE(
    "paths are relative to the edit level; the daemon gets absolute ones") {
  FakeConfig fake;
  CompletionContext ctx = config_mode(&fake, {"interfaces", "vti", "vti0"});
  CHECK(complete(ctx, "set m").words() == Words{"mtu"});
  CHECK(complete(ctx, "delete address ").words() == Words{"169.254.12.38/30"});
  CHECK(fake.asked.back().first ==
        Words{"interfaces", "vti", "vti0", "address"});
  CompletionContext top = config_mode(&fake, {"interfaces"});
  CHECK(complete(top, "edit vti ").words() == Words{"vti0", "vti1", "vti10"});
  // edit only offers nodes that can become an edit level
  CHECK(complete(config_mode(), "edit interfaces vti vti0 ").words().empty());
}

TEST_CASE("older spellings are followed but not offered") {
  Completion n =
      complete(config_mode(), "set protocols bgp 65000 neighbor 192.0.2.1 ");
  CHECK(n.error.empty());
  CHECK(has(n.words(), "remote-as"));
  CHECK(!has(n.words(), "soft-reconfiguration"));
  Completion a = complete(
      config_mode(),
      "set protocols bgp 65000 neighbor 192.0.2.1 soft-reconfiguration ");
  CHECK(a.error.empty());
  CHECK(!a.candidates.empty());
}

TEST_CASE("a path that leaves the schema is named VyOS's way") {
  Completion c = complete(config_mode(), "set interfaces vti vti0 mtuu ");
  CHECK(c.error ==
        "Configuration path: [interfaces vti vti0 mtuu] is not valid");
  CHECK(c.candidates.empty());
  CHECK(
      complete(config_mode(), "set interfaces vti vti0 mtu 1400 extra ")
          .error ==
      "Configuration path: [interfaces vti vti0 mtu 1400 extra] is not valid");
}

TEST_CASE("other configuration commands") {
  CHECK(labels(complete(config_mode(), "commit ")) ==
        Words{"<Enter>", "check", "comment", "confirm"});
  CHECK(labels(complete(config_mode(), "exit ")) ==
        Words{"<Enter>", "discard"});
  CHECK(labels(complete(config_mode(), "rollback ")) == Words{"<u32>"});
  CHECK(labels(complete(config_mode(), "load ")) == Words{"<file>"});
  CHECK(labels(complete(config_mode(), "compare ")) ==
        Words{"<Enter>", "<u32>", "commands", "saved"});
  CHECK(complete(config_mode(), "run sh").words() == Words{"show"});
  CHECK(complete(config_mode(), "run show ").words() ==
        Words{"configuration", "host", "interfaces", "ip", "route-map", "system",
              "version", "vpn"});
  CHECK(labels(complete(config_mode(), "top ")) == Words{"<Enter>"});
}

TEST_CASE("pipes complete after |, with or without spaces") {
  Completion c = complete(op_mode(), "show configuration commands | ");
  CHECK(has(c.words(), "match"));
  CHECK(has(c.words(), "no-more"));
  CHECK(help_of(c, "count") == "Count the number of lines in the output");
  CHECK(complete(op_mode(), "show configuration commands|ma").words() ==
        Words{"match"});
  CHECK(labels(complete(op_mode(), "show configuration | match ")) ==
        Words{"<pattern>"});
  CHECK(labels(complete(op_mode(), "show configuration | match x | count ")) ==
        Words{"<Enter>"});
  CHECK(complete(op_mode(), "show configuration | frob ").error ==
        "Invalid command: [frob]");
}

TEST_CASE("operational mode: the live system's commands and their arguments") {
  CHECK(complete(op_mode(), "show ip ").words() ==
        Words{"bgp", "prefix-list", "route"});
  CHECK(complete(op_mode(), "show ip bgp ").words() == Words{"neighbors", "summary"});
  CHECK(labels(complete(op_mode(), "show ip bgp ")) ==
        Words{"<Enter>", "<x.x.x.x[/x]>", "neighbors", "summary"});
  CHECK(labels(complete(op_mode(), "show ip bgp neighbors 192.0.2.1 ")) ==
        Words{"<Enter>", "advertised-routes", "received-routes"});
  CHECK(help_of(complete(op_mode(), "show ip bgp neighbors 192.0.2.1 "),
                "received-routes") == "Show routes received from the neighbor");
  CHECK(labels(complete(op_mode(), "show ip route ")) ==
        Words{"<Enter>", "<x.x.x.x[/x]>", "bgp", "connected", "kernel", "static"});
  CHECK(complete(op_mode(), "show vpn ").words() == Words{"ike", "ipsec"});
  CHECK(complete(op_mode(), "show vpn ipsec ").words() == Words{"sa", "status"});
  CHECK(labels(complete(op_mode(), "show vpn ike sa ")) == Words{"<Enter>"});
  CHECK(labels(complete(op_mode(), "show interfaces vti ")) ==
        Words{"<Enter>", "<vtiN>"});
  CHECK(labels(complete(op_mode(), "reset ip bgp ")) ==
        Words{"<x.x.x.x>", "soft"});
  CHECK(labels(complete(op_mode(), "reset ip bgp 192.0.2.1 ")) ==
        Words{"<Enter>", "soft"});
  CHECK(labels(complete(op_mode(), "reset ip bgp 192.0.2.1 soft ")) ==
        Words{"<Enter>", "in", "out"});
  CHECK(labels(complete(op_mode(), "reset vpn ipsec-peer ")) == Words{"<peer>"});
  CHECK(labels(complete(op_mode(), "restart vpn ")) == Words{"<Enter>"});
  CHECK(complete(op_mode(), "show ip frob ").error == "Invalid command: [show ip frob]");
  // `run` in configuration mode offers them too.
  CHECK(complete(config_mode(), "run ").words() ==
        Words{"reset", "restart", "set", "show"});
  CHECK(complete(config_mode(), "run show vpn ipsec ").words() ==
        Words{"sa", "status"});
}

TEST_CASE("operational commands: unique prefixes expand, arguments stay") {
  auto x = [](const Words& w) {
    auto r = expand_op_words(w);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().vyos));
    return *r;
  };
  CHECK(x({"sh", "ip", "b", "sum"}) == Words{"show", "ip", "bgp", "summary"});
  CHECK(x({"sh", "ip", "bgp", "nei", "192.0.2.1", "rec"}) ==
        Words{"show", "ip", "bgp", "neighbors", "192.0.2.1", "received-routes"});
  CHECK(x({"show", "ip", "ro", "10.0.0.0/8"}) == Words{"show", "ip", "route", "10.0.0.0/8"});
  CHECK(x({"show", "ip", "route", "st"}) == Words{"show", "ip", "route", "static"});
  CHECK(x({"show", "ro", "AWS-IN"}) == Words{"show", "route-map", "AWS-IN"});
  CHECK(x({"sh", "vpn", "ike", "sa"}) == Words{"show", "vpn", "ike", "sa"});
  CHECK(x({"sh", "vpn", "ips", "stat"}) == Words{"show", "vpn", "ipsec", "status"});
  CHECK(x({"sh", "int", "vti", "vti0"}) == Words{"show", "interfaces", "vti", "vti0"});
  CHECK(x({"reset", "ip", "bgp", "192.0.2.1", "so", "i"}) ==
        Words{"reset", "ip", "bgp", "192.0.2.1", "soft", "in"});
  CHECK(x({"reset", "ip", "bgp", "all"}) == Words{"reset", "ip", "bgp", "all"});
  CHECK(x({"reset", "vpn", "ipsec-p", "peer.example.net"}) ==
        Words{"reset", "vpn", "ipsec-peer", "peer.example.net"});
  CHECK(x({"restart", "vpn"}) == Words{"restart", "vpn"});
  // The arguments themselves are for routeshd to check.
  CHECK(x({"show", "ip", "route", "300.0.0.1"}) ==
        Words{"show", "ip", "route", "300.0.0.1"});
  auto bad = expand_op_words({"show", "ip", "frob"});
  REQUIRE(!bad.ok());
  CHECK(bad.error().vyos == "Invalid command: [show ip frob]");
  bad = expand_op_words({"show", "vpn", "i"});
  REQUIRE(!bad.ok());
  CHECK(bad.error().vyos == "Ambiguous command: [show vpn i]");
  bad = expand_op_words({"show", "ip", "bgp", "summary", "extra"});
  REQUIRE(!bad.ok());
  CHECK(bad.error().vyos == "Invalid command: [show ip bgp summary extra]");
  bad = expand_op_words({"restart", "vpn", "now"});
  REQUIRE(!bad.ok());
  CHECK(bad.error().vyos == "Invalid command: [restart vpn now]");
}

TEST_CASE("quoted words: the prefix is unquoted; `?` inside quotes is text") {
  Completion c =
      complete(config_mode(), "set interfaces vti vti0 description 'wh");
  CHECK(c.prefix == "wh");
  CHECK(labels(c) == Words{"<txt>"});
  CHECK(in_quotes("set interfaces vti vti0 description 'why"));
  CHECK(in_quotes("set interfaces vti vti0 description \"why"));
  CHECK(!in_quotes("set interfaces vti vti0 description 'why?'"));
  CHECK(!in_quotes("set interfaces vti vti0 description 'why?' "));
  CHECK(in_quotes("set x description \"it's"));
  CHECK(!in_quotes("set x description \"it's\" "));
  CHECK(!in_quotes("set x description it\\'s "));
  CHECK(in_quotes("set x description 'a | b"));
  CHECK(!in_quotes(""));
}

TEST_CASE("long labels put the help on the next line, at column 16") {
  Completion c;
  c.candidates = {
      {"soft-reconfiguration", "soft-reconfiguration", "Inbound soft reconfig"},
      {"x", "x", ""}};
  CHECK(format_completions(c) ==
        "Possible completions:\n"
        "  soft-reconfiguration\n"
        "                Inbound soft reconfig\n"
        "  x\n");
  CHECK(format_completions(Completion{}).empty());
}

TEST_CASE("lines that set secrets are recognised") {
  const schema::Schema& s = schema::Schema::builtin();
  CHECK(mentions_secret(
      s, {},
      "set vpn ipsec site-to-site peer 192.0.2.1 authentication "
      "pre-shared-secret 'x'"));
  CHECK(mentions_secret(s,
                        {"vpn", "ipsec", "site-to-site", "peer", "192.0.2.1"},
                        "set authentication pre-shared-secret x"));
  CHECK(!mentions_secret(s, {}, "set interfaces vti vti0 mtu 1400"));
  CHECK(!mentions_secret(s, {}, "show configuration commands"));
  CHECK(!mentions_secret(s, {}, "set"));
}

}  // namespace
}  // namespace shell

#include "schema/boot_format.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "schema/commands_format.h"
#include "schema/edit.h"
#include "schema/set_lines.h"
#include "schema/test_schema.h"

namespace schema {
namespace {

std::string shared_dir() {
  namespace fs = std::filesystem;
  if (const char* d = std::getenv("ROUTESH_SHARED_DIR"); d && fs::exists(d)) {
    return d;
  }
  if (const char* s = std::getenv("ROUTESH_SOURCE_DIR")) {
    std::string d = std::string(s) + "/../shared";
    if (fs::exists(d)) return d;
  }
  return "/work/shared";
}

std::string read_compat(const std::string& name) {
  std::string path = shared_dir() + "/compat/vyos/" + name + ".config.boot";
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Adds one `set` path (words as typed) with resolve() + set_path().
void set(NodePtr& root, const Schema& s, std::vector<std::string> words) {
  auto r = resolve(s, {}, words, ResolveMode::kSet);
  REQUIRE_MESSAGE(r.ok(), r.error().to_string());
  REQUIRE(set_path(root, *r).ok());
}

std::string errors_text(const std::vector<LineError>& errors) {
  std::string s;
  for (const auto& e : errors) s += format_line_error("boot", e) + "\n";
  return s;
}

BootRenderOptions bare() {
  BootRenderOptions o;
  o.footer = false;
  return o;
}

struct CompatFile {
  const char* name;
  std::vector<std::string> skipped;
};

// What routesh does not model in each file, in file order.
const std::vector<CompatFile>& compat_files() {
  static const std::vector<CompatFile> files = {
      {"bgp-azure-ipsec-gateway",
       {"firewall", "high-availability", "service", "system config-management",
        "system console", "system flow-accounting", "system name-server",
        "system syslog"}},
      {"bgp-dmvpn-spoke",
       {"interfaces pppoe", "interfaces tunnel", "nat", "protocols nhrp",
        "service", "system config-management", "system conntrack",
        "system console", "system name-server", "system syslog"}},
      {"bgp-small-ipv4-unicast",
       {"service", "system config-management", "system console",
        "system syslog"}},
  };
  return files;
}

}  // namespace

TEST_CASE("config.boot: the VyOS files read with --skip-unsupported") {
  const Schema& s = Schema::builtin();
  for (const auto& f : compat_files()) {
    CAPTURE(f.name);
    BootParseOptions opt;
    opt.skip_unsupported = true;
    BootParseResult r = parse_boot(s, read_compat(f.name), opt);
    CHECK_MESSAGE(r.errors.empty(), errors_text(r.errors));
    CHECK(r.skipped == f.skipped);
    CHECK_FALSE(r.root->children().empty());
  }
}

TEST_CASE("config.boot: without skipping, each unsupported path is an error") {
  const Schema& s = Schema::builtin();
  for (const auto& f : compat_files()) {
    CAPTURE(f.name);
    BootParseResult r = parse_boot(s, read_compat(f.name));
    CHECK(r.skipped.empty());
    REQUIRE(r.errors.size() == f.skipped.size());
    for (size_t i = 0; i < r.errors.size(); ++i) {
      const rc::Error& e = r.errors[i].error;
      CHECK(e.message == "unsupported configuration node");
      CHECK(e.path == f.skipped[i]);
      CHECK(e.hint ==
            "routesh does not model this subtree; --skip-unsupported "
            "converts the rest");
      CHECK(r.errors[i].line > 0);
    }
  }
  // The line is the line of the unsupported word.
  BootParseResult r = parse_boot(s, read_compat("bgp-small-ipv4-unicast"));
  REQUIRE_FALSE(r.errors.empty());
  CHECK(r.errors[0].line == 38);  // `service {`
}

TEST_CASE("config.boot: what the VyOS files hold is read exactly") {
  const Schema& s = Schema::builtin();
  BootParseOptions opt;
  opt.skip_unsupported = true;
  BootParseResult r =
      parse_boot(s, read_compat("bgp-azure-ipsec-gateway"), opt);
  std::string cmds = render_commands(r.root.get());
  for (const char* line : {
           "set interfaces loopback lo\n",
           "set interfaces vti vti31\n",
           "set policy prefix-list AZURE-BGP-IPv4-in description "
           "'Prefixes received from Azure'\n",
           "set protocols bgp 65522 address-family ipv4-unicast network "
           "10.0.0.0/8\n",
           "set protocols static interface-route 100.66.8.36/32 "
           "next-hop-interface vti31\n",
           "set system login user vyos authentication plaintext-password "
           "''\n",
           "set vpn ipsec site-to-site peer 51.105.0.3 vti bind 'vti32'\n",
           "set system time-zone 'Europe/Berlin'\n",
       }) {
    CHECK_MESSAGE(cmds.find(line) != std::string::npos, line);
  }
  // Natural order: 0.0.0.0/0 < 51.105.0.0/16 < 195.137.175.0/24.
  size_t a = cmds.find("route 0.0.0.0/0 ");
  size_t b = cmds.find("route 51.105.0.0/16 ");
  size_t c = cmds.find("route 195.137.175.0/24 ");
  CHECK(a < b);
  CHECK(b < c);
}

TEST_CASE("config.boot: boot -> commands -> boot and boot -> boot are stable") {
  const Schema& s = Schema::builtin();
  for (const auto& f : compat_files()) {
    CAPTURE(f.name);
    BootParseOptions opt;
    opt.skip_unsupported = true;
    BootParseResult r = parse_boot(s, read_compat(f.name), opt);
    std::string boot = render_boot(r.root.get());
    std::string cmds = render_commands(r.root.get());

    SetLinesResult via_cmds = parse_set_lines(s, cmds);
    CHECK(via_cmds.errors.empty());
    CHECK(render_boot(via_cmds.root.get()) == boot);
    CHECK(render_commands(via_cmds.root.get()) == cmds);

    BootParseResult again = parse_boot(s, boot);
    CHECK_MESSAGE(again.errors.empty(), errors_text(again.errors));
    CHECK(again.skipped.empty());
    CHECK(render_boot(again.root.get()) == boot);
  }
}

TEST_CASE("render_boot: VyOS 1.3 layout, quoting and order") {
  const Schema& s = Schema::builtin();
  NodePtr root = empty_tree(s);
  set(root, s, {"interfaces", "loopback", "lo"});
  set(root, s, {"interfaces", "ethernet", "eth10", "address", "192.0.2.9/24"});
  set(root, s, {"interfaces", "ethernet", "eth10", "address", "192.0.2.1/24"});
  set(root, s,
      {"interfaces", "ethernet", "eth2", "address", "198.51.100.1/24"});
  set(root, s,
      {"policy", "prefix-list", "AZURE-BGP-IPv4-in", "description",
       "Prefixes received from Azure"});
  set(root, s,
      {"protocols", "static", "route", "100.0.0.0/8", "next-hop",
       "192.0.2.254"});
  set(root, s, {"protocols", "static", "route", "10.0.0.0/8", "blackhole"});
  set(root, s,
      {"system", "login", "user", "vyos", "authentication",
       "plaintext-password", ""});
  Path lo =
      resolve(s, {}, {"interfaces", "loopback", "lo"}, ResolveMode::kDelete)
          ->path;
  REQUIRE(set_comment(root, lo, "the router's own address").ok());

  CHECK(render_boot(root.get(), bare()) ==
        "interfaces {\n"
        "    ethernet eth2 {\n"
        "        address 198.51.100.1/24\n"
        "    }\n"
        "    ethernet eth10 {\n"
        "        address 192.0.2.9/24\n"
        "        address 192.0.2.1/24\n"
        "    }\n"
        "    /* the router's own address */\n"
        "    loopback lo {\n"
        "    }\n"
        "}\n"
        "policy {\n"
        "    prefix-list AZURE-BGP-IPv4-in {\n"
        "        description \"Prefixes received from Azure\"\n"
        "    }\n"
        "}\n"
        "protocols {\n"
        "    static {\n"
        "        route 10.0.0.0/8 {\n"
        "            blackhole {\n"
        "            }\n"
        "        }\n"
        "        route 100.0.0.0/8 {\n"
        "            next-hop 192.0.2.254 {\n"
        "            }\n"
        "        }\n"
        "    }\n"
        "}\n"
        "system {\n"
        "    login {\n"
        "        user vyos {\n"
        "            authentication {\n"
        "                plaintext-password \"\"\n"
        "            }\n"
        "        }\n"
        "    }\n"
        "}\n");
  // Read back, it is the same tree (comment included).
  BootParseResult r = parse_boot(s, render_boot(root.get()));
  CHECK_MESSAGE(r.errors.empty(), errors_text(r.errors));
  CHECK(render_boot(r.root.get()) == render_boot(root.get()));
  CHECK(find_node(r.root.get(), lo)->comment() == "the router's own address");
}

TEST_CASE(
    "render_boot: valueless leaves, special characters, secrets, footer") {
  const Schema& s = test_schema();
  NodePtr root = empty_tree(s);
  set(root, s, {"interfaces", "vti", "vti0", "disable"});
  set(root, s, {"interfaces", "vti", "vti0", "description", "a;b"});
  set(root, s, {"interfaces", "vti", "vti1", "description", "x*y{z}"});
  set(root, s, {"interfaces", "vti", "vti2", "description", "back\\slash"});
  set(root, s, {"interfaces", "vti", "vti3", "description", "end \\"});
  std::string text = render_boot(root.get(), bare());
  CHECK(text ==
        "interfaces {\n"
        "    vti vti0 {\n"
        "        description \"a;b\"\n"
        "        disable\n"
        "    }\n"
        "    vti vti1 {\n"
        "        description \"x*y{z}\"\n"
        "    }\n"
        "    vti vti2 {\n"
        "        description back\\slash\n"
        "    }\n"
        "    vti vti3 {\n"
        "        description \"end \\\\\"\n"
        "    }\n"
        "}\n");
  BootParseResult r = parse_boot(s, text);
  CHECK_MESSAGE(r.errors.empty(), errors_text(r.errors));
  CHECK(render_boot(r.root.get(), bare()) == text);
  CHECK(leaf_value(find_node(r.root.get(), {"interfaces", "vti", "vti3",
                                            "description"})) == "end \\");

  std::string full = render_boot(root.get());
  CHECK(full == text +
                    "\n// Warning: Do not remove the following line.\n"
                    "// vyos-config-version: "
                    "\"bgp@1:interfaces@22:ipsec@5:ntp@1:policy@1:quagga@8:"
                    "system@21\"\n"
                    "// Release version: 1.3-compatible routesh\n");
  NodePtr empty = empty_tree(s);
  CHECK(render_boot(empty.get(), bare()).empty());
  CHECK(render_boot(empty.get()).starts_with("// Warning:"));
}

TEST_CASE("render_boot: hide_secrets masks secret leaves") {
  const Schema& s = Schema::builtin();
  NodePtr root = empty_tree(s);
  set(root, s,
      {"system", "login", "user", "vyos", "authentication",
       "plaintext-password", "hunter2"});
  set(root, s, {"system", "host-name", "r1"});
  BootRenderOptions o = bare();
  o.hide_secrets = true;
  std::string text = render_boot(root.get(), o);
  CHECK(text.find("plaintext-password \"****************\"") !=
        std::string::npos);
  CHECK(text.find("hunter2") == std::string::npos);
  CHECK(text.find("host-name r1") != std::string::npos);
  CHECK(render_boot(root.get(), bare()).find("plaintext-password hunter2") !=
        std::string::npos);
}

TEST_CASE("parse_boot: both footers, // comments and /* comments */") {
  const Schema& s = test_schema();
  const std::string body =
      "interfaces {\n"
      "    // a line comment\n"
      "    /* to the hub */\n"
      "    vti vti0 { // trailing\n"
      "        mtu 1400\n"
      "    }\n"
      "}\n";
  const std::string vyatta =
      "/* Warning: Do not remove the following line. */\n"
      "/* === vyatta-config-version: \"ipsec@5:quagga@6:system@9\" === */\n"
      "/* Release version: 1.2.5 */\n";
  const std::string vyos =
      "\n\n// Warning: Do not remove the following line.\n"
      "// vyos-config-version: \"interfaces@22:ipsec@5:system@21\"\n"
      "// Release version: 1.3.0\n";
  for (const std::string& text : {body + vyatta, body + vyos, body}) {
    BootParseResult r = parse_boot(s, text);
    CHECK_MESSAGE(r.errors.empty(), errors_text(r.errors));
    const Node* vti0 = find_node(r.root.get(), {"interfaces", "vti", "vti0"});
    REQUIRE(vti0 != nullptr);
    CHECK(vti0->comment() == "to the hub");
    CHECK(leaf_value(find_node(vti0, {"mtu"})) == "1400");
    CHECK(render_boot(r.root.get(), bare()) ==
          "interfaces {\n"
          "    /* to the hub */\n"
          "    vti vti0 {\n"
          "        mtu 1400\n"
          "    }\n"
          "}\n");
  }
}

TEST_CASE("parse_boot: a comment over several lines becomes one line") {
  const Schema& s = test_schema();
  BootParseResult r = parse_boot(s,
                                 "interfaces {\n"
                                 "    /*\n"
                                 "     * first  line\n"
                                 "     second\tline */\n"
                                 "    vti vti0 {\n"
                                 "    }\n"
                                 "}\n");
  CHECK(r.errors.empty());
  const Node* vti0 = find_node(r.root.get(), {"interfaces", "vti", "vti0"});
  REQUIRE(vti0 != nullptr);
  CHECK(vti0->comment() == "* first  line second line");
  CHECK(r.notes ==
        std::vector<std::string>{"line 2: comment joined into one line"});
}

TEST_CASE("parse_boot: syntax errors carry their line; reading goes on") {
  const Schema& s = test_schema();
  BootParseResult r = parse_boot(s,
                                 "interfaces {\n"
                                 "    vti vti0 {\n"
                                 "        mtu 1400 1500\n"
                                 "        description ok\n"
                                 "    }\n"
                                 "}\n"
                                 "}\n"
                                 "protocols {\n"
                                 "    static {\n");
  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0].line == 3);
  CHECK(r.errors[0].error.message == "unexpected '1500'");
  CHECK(r.errors[1].line == 7);
  CHECK(r.errors[1].error.message == "unexpected '}'");
  CHECK(r.errors[2].error.message == "expected '}'");
  CHECK(r.errors[2].line >= 9);
  CHECK(leaf_value(find_node(r.root.get(), {"interfaces", "vti", "vti0",
                                            "description"})) == "ok");
  CHECK(find_node(r.root.get(), {"interfaces", "vti", "vti0", "mtu"}) ==
        nullptr);

  BootParseResult q = parse_boot(s,
                                 "interfaces {\n  vti vti0 {\n"
                                 "    description \"open\n}\n}\n");
  REQUIRE_FALSE(q.errors.empty());
  CHECK(q.errors[0].line == 3);
  CHECK(q.errors[0].error.message == "unterminated quoted string");
}

TEST_CASE("parse_boot: a bad value is reported with its line and path") {
  const Schema& s = test_schema();
  BootParseResult r = parse_boot(s,
                                 "interfaces {\n"
                                 "    vti vti0 {\n"
                                 "        mtu 99999\n"
                                 "        description tunnel\n"
                                 "    }\n"
                                 "    vti eth0 {\n"
                                 "        mtu 1400\n"
                                 "    }\n"
                                 "    vti vti1 {\n"
                                 "        mtu 1400\n"
                                 "    }\n"
                                 "}\n");
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].line == 3);
  CHECK(r.errors[0].error.message == "mtu: 99999 is out of range 68-9000");
  CHECK(r.errors[0].error.path == "interfaces vti vti0 mtu");
  CHECK(r.errors[0].error.vyos == "Value validation failed");
  CHECK(r.errors[1].line == 6);  // a bad tag value
  CHECK(r.errors[1].error.vyos == "Value validation failed");
  CHECK(r.errors[1].error.message.find("eth0") != std::string::npos);
  CHECK(leaf_value(find_node(r.root.get(), {"interfaces", "vti", "vti0",
                                            "description"})) == "tunnel");
  CHECK(find_node(r.root.get(), {"interfaces", "vti", "eth0"}) == nullptr);
  CHECK(leaf_value(find_node(r.root.get(),
                             {"interfaces", "vti", "vti1", "mtu"})) == "1400");
}

TEST_CASE("parse_boot: unknown nodes, deactivated nodes, leaf blocks") {
  const Schema& s = test_schema();
  const char* text =
      "interfaces {\n"
      "    vti vti0 {\n"
      "        frobnicate 1 {\n"
      "            deep { x y }\n"
      "        }\n"
      "        mtu 1400\n"
      "    }\n"
      "    !vti vti1 {\n"
      "        mtu 1400\n"
      "    }\n"
      "}\n"
      "service {\n"
      "    ssh {\n"
      "        port 22\n"
      "    }\n"
      "}\n";
  BootParseResult r = parse_boot(s, text);
  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0].line == 3);
  CHECK(r.errors[0].error.path == "interfaces vti vti0 frobnicate");
  CHECK(r.errors[1].line == 8);
  CHECK(r.errors[1].error.message == "deactivated nodes are not supported");
  CHECK(r.errors[1].error.path == "interfaces vti vti1");
  CHECK(r.errors[2].line == 12);
  CHECK(r.errors[2].error.path == "service");
  CHECK(leaf_value(find_node(r.root.get(),
                             {"interfaces", "vti", "vti0", "mtu"})) == "1400");

  BootParseOptions opt;
  opt.skip_unsupported = true;
  BootParseResult k = parse_boot(s, text, opt);
  REQUIRE(k.errors.size() == 1);  // deactivation is not skipped
  CHECK(k.skipped ==
        std::vector<std::string>{"interfaces vti vti0 frobnicate", "service"});

  BootParseResult l = parse_boot(s,
                                 "interfaces {\n vti vti0 {\n"
                                 "  mtu 1400 {\n  }\n  disable {\n  }\n"
                                 " }\n}\n");
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0].line == 3);
  CHECK(find_node(l.root.get(), {"interfaces", "vti", "vti0", "disable"}) !=
        nullptr);
}

TEST_CASE("parse_boot: older spellings land in place, noted once") {
  const Schema& s = test_schema();
  BootParseResult r = parse_boot(s,
                                 "protocols {\n"
                                 "    bgp 65010 {\n"
                                 "        neighbor 192.0.2.1 {\n"
                                 "            route-map {\n"
                                 "                import IN\n"
                                 "            }\n"
                                 "        }\n"
                                 "        neighbor 192.0.2.2 {\n"
                                 "            route-map {\n"
                                 "                import IN\n"
                                 "            }\n"
                                 "        }\n"
                                 "    }\n"
                                 "}\n");
  CHECK_MESSAGE(r.errors.empty(), errors_text(r.errors));
  CHECK(r.notes ==
        std::vector<std::string>{"moved under address-family ipv4-unicast"});
  CHECK(leaf_value(find_node(
            r.root.get(), {"protocols", "bgp", "65010", "neighbor", "192.0.2.2",
                           "address-family", "ipv4-unicast", "route-map",
                           "import"})) == "IN");
}

TEST_CASE("parse_boot: comments on tag nodes and multi-value leaves survive") {
  const Schema& s = test_schema();
  NodePtr root = empty_tree(s);
  set(root, s, {"interfaces", "vti", "vti0", "address", "10.0.0.2/30"});
  set(root, s, {"interfaces", "vti", "vti0", "address", "10.0.0.1/30"});
  auto at = [&](std::vector<std::string> w) {
    return resolve(s, {}, w, ResolveMode::kDelete)->path;
  };
  REQUIRE(set_comment(root, at({"interfaces", "vti"}), "tunnels").ok());
  REQUIRE(set_comment(root, at({"interfaces", "vti", "vti0"}), "hub").ok());
  REQUIRE(set_comment(root, at({"interfaces", "vti", "vti0", "address"}), "two")
              .ok());
  std::string text = render_boot(root.get(), bare());
  CHECK(text ==
        "interfaces {\n"
        "    /* tunnels */\n"
        "    /* hub */\n"
        "    vti vti0 {\n"
        "        /* two */\n"
        "        address 10.0.0.2/30\n"
        "        address 10.0.0.1/30\n"
        "    }\n"
        "}\n");
  BootParseResult r = parse_boot(s, text);
  CHECK(r.errors.empty());
  CHECK(render_boot(r.root.get(), bare()) == text);
  CHECK(find_node(r.root.get(), {"interfaces", "vti"})->comment() == "tunnels");
}

TEST_CASE("looks_like_boot tells config.boot from set-lines") {
  CHECK(looks_like_boot("interfaces {\n}\n"));
  CHECK(looks_like_boot("/* c */\ninterfaces {\n}\n"));
  CHECK(looks_like_boot("\n# note\nsystem {\n host-name r1\n}\n"));
  CHECK(looks_like_boot(""));
  CHECK_FALSE(looks_like_boot("# x\n\nset system host-name r1\n"));
  CHECK_FALSE(looks_like_boot("  delete system host-name\n"));
  CHECK_FALSE(looks_like_boot("edit protocols\nset x\n"));
  CHECK_FALSE(looks_like_boot("top\n"));
  CHECK_FALSE(looks_like_boot("up\n"));
  CHECK(looks_like_boot("setting {\n}\n"));
}

}  // namespace schema

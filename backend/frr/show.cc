// FRR's operational commands through vtysh (see show.h).
#include "backend/frr/show.h"

#include <arpa/inet.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "backend/frr/vtysh.h"
#include "backend/process.h"

namespace backend::frr {
namespace {

using Words = std::vector<std::string>;
using Json = nlohmann::ordered_json;  // FRR's key order

std::string join(const Words& w, size_t n) {
  std::string s;
  for (size_t i = 0; i < n && i < w.size(); ++i) s += (i ? " " : "") + w[i];
  return s;
}

// "show ip route: 300.1.1.1 is not an IPv4 address or prefix".
rc::Error bad_value(const Words& w, size_t at, const std::string& what,
                    const std::string& expected) {
  return rc::make_error(rc::Code::kInvalidArgument,
                        join(w, at) + ": '" + w[at] + "' is not " + what, "",
                        "expected " + expected);
}

bool is_ipv4(const std::string& s) {
  in_addr a;
  return inet_pton(AF_INET, s.c_str(), &a) == 1;
}

bool is_ipv6(const std::string& s) {
  in6_addr a;
  return inet_pton(AF_INET6, s.c_str(), &a) == 1;
}

// A.B.C.D/M with M in 0..32 (no sign, no leading zeros beyond "0").
bool is_ipv4_prefix(const std::string& s) {
  size_t slash = s.find('/');
  if (slash == std::string::npos || !is_ipv4(s.substr(0, slash))) return false;
  std::string len = s.substr(slash + 1);
  if (len.empty() || len.size() > 2 || (len.size() == 2 && len[0] == '0')) {
    return false;
  }
  for (char c : len) {
    if (c < '0' || c > '9') return false;
  }
  return std::stoi(len) <= 32;
}

// VyOS's policy names: letters, digits, '-', '_', '.'.
bool is_policy_name(const std::string& s) {
  if (s.empty() || s.size() > 63) return false;
  for (unsigned char c : s) {
    if (!isalnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

const char kName[] = "a name of letters, digits, '-', '_' and '.'";

rc::Result<FrrCommand> show_route(const Words& w) {
  if (w.size() == 3) return FrrCommand{"show ip route"};
  if (w.size() > 4) return invalid_command(w, 4);
  const std::string& x = w[3];
  if (x == "bgp" || x == "connected" || x == "kernel" || x == "static" ||
      is_ipv4(x) || is_ipv4_prefix(x)) {
    return FrrCommand{"show ip route " + x};
  }
  return bad_value(w, 3, "an IPv4 address or prefix",
                   "A.B.C.D, A.B.C.D/M, bgp, connected, kernel or static");
}

rc::Result<FrrCommand> show_bgp(const Words& w) {
  if (w.size() == 3) return FrrCommand{"show ip bgp"};
  const std::string& x = w[3];
  if (x == "summary") {
    if (w.size() > 4) return invalid_command(w, 4);
    return FrrCommand{"show ip bgp summary"};
  }
  if (x == "neighbors") {
    if (w.size() == 4) return FrrCommand{"show ip bgp neighbors"};
    if (!is_ipv4(w[4]) && !is_ipv6(w[4])) {
      return bad_value(w, 4, "a neighbor address",
                       "an IPv4 or IPv6 address (A.B.C.D or X:X::X:X)");
    }
    std::string c = "show ip bgp neighbors " + w[4];
    if (w.size() == 5) return FrrCommand{c};
    if (w[5] != "advertised-routes" && w[5] != "received-routes") {
      return invalid_command(w, 5);
    }
    if (w.size() > 6) return invalid_command(w, 6);
    return FrrCommand{c + " " + w[5]};
  }
  if (!is_ipv4(x) && !is_ipv4_prefix(x)) {
    return bad_value(w, 3, "an IPv4 address or prefix",
                     "A.B.C.D, A.B.C.D/M, summary or neighbors");
  }
  if (w.size() > 4) return invalid_command(w, 4);
  return FrrCommand{"show ip bgp " + x};
}

rc::Result<FrrCommand> named(const Words& w, size_t at, const std::string& base) {
  if (w.size() == at) return FrrCommand{base};
  if (w.size() > at + 1) return invalid_command(w, at + 1);
  if (!is_policy_name(w[at])) return bad_value(w, at, "a valid name", kName);
  return FrrCommand{base + " " + w[at]};
}

rc::Result<FrrCommand> reset_bgp(const Words& w) {
  if (w.size() == 3) {
    return incomplete_command(w, "a neighbor address (A.B.C.D or X:X::X:X) or all");
  }
  const std::string& x = w[3];
  if (x != "all" && !is_ipv4(x) && !is_ipv6(x)) {
    return bad_value(w, 3, "a neighbor address",
                     "an IPv4 or IPv6 address (A.B.C.D or X:X::X:X) or all");
  }
  FrrCommand c{"clear ip bgp " + (x == "all" ? std::string("*") : x), true};
  if (w.size() == 4) return c;
  if (w[4] != "soft") return invalid_command(w, 4);
  c.command += " soft";
  if (w.size() == 5) return c;
  if (w[5] != "in" && w[5] != "out") return invalid_command(w, 5);
  if (w.size() > 6) return invalid_command(w, 6);
  c.command += " " + w[5];
  return c;
}

std::string trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

rc::Error unreachable(const std::string& why) {
  return rc::make_error(rc::Code::kBackend, "% FRR is not reachable: " + why);
}

}  // namespace

bool frr_handles(const Words& w) {
  if (w.size() < 2) return false;
  if (w[0] == "show") return w[1] == "ip" || w[1] == "route-map";
  return w[0] == "reset" && w[1] == "ip";
}

rc::Result<FrrCommand> frr_command(const Words& w) {
  if (!frr_handles(w)) return invalid_command(w, w.size() - 1);
  if (w[1] == "route-map") return named(w, 2, "show route-map");
  if (w.size() == 2) {
    return incomplete_command(w, w[0] == "show" ? "route, bgp or prefix-list" : "bgp");
  }
  if (w[0] == "reset") {
    if (w[2] != "bgp") return invalid_command(w, 2);
    return reset_bgp(w);
  }
  if (w[2] == "route") return show_route(w);
  if (w[2] == "bgp") return show_bgp(w);
  if (w[2] == "prefix-list") return named(w, 3, "show ip prefix-list");
  return invalid_command(w, 2);
}

rc::Result<std::string> merge_json_documents(const std::string& output) {
  std::istringstream in(output);
  std::vector<Json> docs;
  while (true) {
    in >> std::ws;
    if (in.eof()) break;
    Json j;
    bool parsed = true;
    try {  // nlohmann reports a syntax error by throwing; it stops here
      in >> j;
    } catch (const std::exception&) {
      parsed = false;
    }
    if (!parsed) {
      std::string first = trimmed(output).substr(0, 200);
      return rc::make_error(rc::Code::kBackend,
                            "FRR did not answer in JSON: " +
                                (first.empty() ? std::string("(no output)") : first));
    }
    docs.push_back(std::move(j));
  }
  if (docs.empty()) {
    return rc::make_error(rc::Code::kBackend, "FRR did not answer in JSON: (no output)");
  }
  Json out = docs.front();
  if (docs.size() > 1) {
    bool objects = true;
    for (const auto& d : docs) objects = objects && d.is_object();
    if (objects) {
      for (size_t i = 1; i < docs.size(); ++i) {
        for (auto& [k, v] : docs[i].items()) out[k] = v;
      }
    } else {
      out = Json(docs);
    }
  }
  return out.dump(4, ' ', false, Json::error_handler_t::replace) + "\n";
}

bool FrrOpMode::handles(const Words& words) const { return frr_handles(words); }

bool FrrOpMode::changes_state(const Words& words) const {
  return !words.empty() && words[0] == "reset";
}

rc::Result<Words> FrrOpMode::argv(const Words& words, bool json) const {
  auto c = frr_command(words);
  if (!c.ok()) return c.error();
  std::string command = c->command;
  if (json && !c->changes_state) command += " json";
  return show_argv(options_, "", command);
}

rc::Result<std::string> FrrOpMode::run(const Words& words, bool json) {
  auto c = frr_command(words);
  if (!c.ok()) return c.error();
  auto av = argv(words, json);
  if (!av.ok()) return av.error();
  auto r = run_process(*av);
  if (!r.ok()) return unreachable(r.error().message);
  std::string out = r->output;
  if (!r->ok()) {
    std::string text = trimmed(out);
    if (text.find("failed to connect") != std::string::npos ||
        text.find("is not running") != std::string::npos ||
        text.find("not connected") != std::string::npos) {
      return unreachable(text);
    }
    return rc::make_error(rc::Code::kBackend,
                          "% " + c->command + ": vtysh failed (exit " +
                              std::to_string(r->exit_code) + ")" +
                              (text.empty() ? "" : ": " + text));
  }
  if (c->changes_state) {
    std::string text = trimmed(out);
    // FRR refuses an unknown neighbor with a "%" line and exit 0.
    if (!text.empty() && text[0] == '%') {
      return rc::make_error(rc::Code::kNotFound, text);
    }
    if (!json) return text.empty() ? std::string() : text + "\n";
    Json j = {{"command", join(words, words.size())},
              {"frr", c->command},
              {"output", text}};
    return j.dump(4) + "\n";
  }
  if (json) return merge_json_documents(out);
  if (!out.empty() && out.back() != '\n') out += "\n";
  return out;
}

}  // namespace backend::frr

// Test helpers for the FRR drivers (included by *_test.cc only).
//
// tree(): a configuration from set-lines, through the builtin schema.
// FrrSim: a tiny model of FRR's configuration as a set of lines per
// context, applying the commands the drivers emit with FRR 8.4.4's
// semantics as measured (../shared/notes/backends.md §5): a line replaces
// the line with the same identity (`neighbor X timers 3 9` replaces
// `neighbor X timers 10 30`), `no …` removes it, `no neighbor X` removes
// every line of X, `no neighbor G peer-group` removes the group and the
// members without a remote-as of their own, `redistribute T …` merges with
// the attributes already set, a neighbor is activated for IPv4 unicast at
// creation unless `no bgp default ipv4-unicast` is set (and keeps its state
// when that changes), `no router bgp N` / `no route-map N` /
// `no ip prefix-list N` remove whole sections, and a prefix-list or as-path
// entry that duplicates another entry of its list is ignored (silently, as
// FRR does). Deleting what is absent is
// fine, as in FRR. It lets tests check that a plan followed by its undo
// gives back exactly the configuration FRR had.
#ifndef ROUTESH_BACKEND_FRR_TEST_UTIL_H_
#define ROUTESH_BACKEND_FRR_TEST_UTIL_H_

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "schema/line_error.h"
#include "schema/schema.h"
#include "schema/set_lines.h"

namespace backend::frr::testing {

inline schema::NodePtr tree(const std::string& text) {
  auto r = schema::parse_set_lines(schema::Schema::builtin(), text);
  for (const auto& e : r.errors) FAIL_CHECK(schema::format_line_error("set", e));
  return r.root;
}

// Commands one per line, for readable golden comparisons.
inline std::string text(const std::vector<std::string>& commands) {
  std::string s;
  for (const auto& c : commands) s += c + "\n";
  return s;
}

inline std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> w;
  for (std::string x; in >> x;) w.push_back(x);
  return w;
}

inline std::string join(const std::vector<std::string>& w, size_t from, size_t to) {
  std::string s;
  for (size_t i = from; i < to && i < w.size(); ++i) s += (s.empty() ? "" : " ") + w[i];
  return s;
}

class FrrSim {
 public:
  // Applies one command; returns false for one it does not know.
  bool apply(const std::string& command) {
    std::vector<std::string> w = words(command);
    if (w.empty()) return false;
    if (command == "configure terminal" || w[0].rfind("XFRR_", 0) == 0) return true;
    if (command == "exit") { ctx_ = ""; return true; }
    if (command == "exit-address-family") { ctx_ = "bgp"; return true; }
    if (command == "address-family ipv4 unicast") { ctx_ = "bgp/af4"; return true; }
    if (command == "address-family ipv6 unicast") { ctx_ = "bgp/af6"; return true; }
    if (ctx_.empty() && w[0] == "router" && w.size() == 3) {
      if (!asn_.empty() && asn_ != w[2]) return false;  // BGP is already running
      asn_ = w[2];
      ctx_ = "bgp";
      return true;
    }
    if (ctx_.empty() && w[0] == "route-map" && w.size() == 4) {
      lines_[""]["route-map " + w[1] + " " + w[3]] = command;
      ctx_ = "rm " + w[1] + " " + w[3];
      return true;
    }
    bool no = w[0] == "no";
    std::vector<std::string> rest(w.begin() + (no ? 1 : 0), w.end());
    if (rest.empty()) return false;
    if (rest.size() == 3 && rest[0] == "neighbor" && rest[2] == "activate") {
      active_[rest[1]] = !no;
      return true;
    }
    if (!no && ctx_ == "bgp" && rest[0] == "neighbor" && rest.size() >= 3 &&
        active_.count(rest[1]) == 0 &&
        (rest[2] == "remote-as" || (rest[2] == "peer-group" && rest.size() == 3))) {
      active_[rest[1]] = !lines_["bgp"].count("bgp default ipv4-unicast");
    }
    if (no) return remove(rest);
    std::string k = key(rest);
    if (k.empty()) return false;
    if (negative_default(k)) {
      lines_[ctx_].erase(k);
      return true;
    }
    if (duplicate(rest, k)) return true;  // FRR ignores it, silently
    if (rest[0] == "redistribute" && lines_[ctx_].count(k)) {
      lines_[ctx_][k] = merge_redistribute(lines_[ctx_][k], rest);
      return true;
    }
    lines_[ctx_][k] = join(rest, 0, rest.size());
    return true;
  }

  bool apply_all(const std::vector<std::string>& commands) {
    bool ok = true;
    for (const auto& c : commands) {
      if (!apply(c)) {
        FAIL_CHECK("FrrSim cannot apply: " << c);
        ok = false;
      }
    }
    ctx_.clear();
    return ok;
  }

  // Every line, as "context | line", sorted.
  std::set<std::string> dump() const {
    std::set<std::string> out;
    if (!asn_.empty()) out.insert("router bgp " + asn_);
    // FRR prints activation where it differs from the default.
    bool default_on = true;
    if (auto it = lines_.find("bgp"); it != lines_.end()) {
      default_on = it->second.count("bgp default ipv4-unicast") == 0;
    }
    for (const auto& [peer, on] : active_) {
      if (on != default_on) {
        out.insert(std::string("bgp/af4 | ") + (on ? "" : "no ") + "neighbor " + peer + " activate");
      }
    }
    for (const auto& [ctx, lines] : lines_) {
      for (const auto& [k, text] : lines) out.insert(ctx + " | " + text);
    }
    return out;
  }

 private:
  // A prefix-list or as-path entry equal to another entry of its list.
  bool duplicate(const std::vector<std::string>& w, const std::string& k) {
    size_t head;  // words before the entry's content
    if (w.size() > 5 && w[0] == "ip" && w[1] == "prefix-list" && w[3] == "seq") {
      head = 5;
    } else if (w.size() > 6 && w[0] == "bgp" && w[1] == "as-path" && w[4] == "seq") {
      head = 6;
    } else {
      return false;
    }
    std::string list = join(w, 0, head - 2) + " ";
    std::string content = join(w, head, w.size());
    for (const auto& [other, text] : lines_[ctx_]) {
      if (other == k || other.rfind(list, 0) != 0) continue;
      std::vector<std::string> o = words(text);
      if (o.size() > head && join(o, head, o.size()) == content) return true;
    }
    return false;
  }

  static bool negative_default(const std::string& k) {
    return k == "bgp ebgp-requires-policy" || k == "bgp network import-check" ||
           k == "bgp default ipv4-unicast";
  }

  // The identity of a line within its context.
  static std::string key(const std::vector<std::string>& w) {
    size_t n = w.size();
    auto first = [&](size_t k) { return join(w, 0, k); };
    if (w[0] == "ip" && n >= 4 && w[1] == "route") return first(4);
    if (w[0] == "ip" && n >= 4 && w[1] == "prefix-list") {
      return w[3] == "seq" ? first(5) : first(4);
    }
    if (w[0] == "bgp" && n >= 2 && w[1] == "as-path") return first(6);
    if (w[0] == "bgp" && n >= 2 && w[1] == "router-id") return first(2);
    if (w[0] == "bgp") return first(n);
    if (w[0] == "timers" || w[0] == "network" || w[0] == "redistribute") return first(2);
    if (w[0] == "neighbor" && n >= 3) {
      if ((w[2] == "route-map" || w[2] == "prefix-list") && n == 5) {
        return first(3) + " " + w[4];
      }
      if (w[2] == "timers" && n >= 4 && w[3] == "connect") return first(4);
      return first(3);
    }
    if (w[0] == "description") return "description";
    if ((w[0] == "match" || w[0] == "set") && n >= 2) {
      if (w[1] == "as-path") return w[0] == "set" ? first(3) : first(2);
      return w[1] == "ip" ? first(4) : first(2);
    }
    return "";
  }

  bool remove(const std::vector<std::string>& w) {
    size_t n = w.size();
    if (ctx_.empty() && w[0] == "router" && n == 3) {
      if (asn_ != w[2]) return true;
      asn_.clear();
      active_.clear();
      for (auto it = lines_.begin(); it != lines_.end();) {
        it = it->first.rfind("bgp", 0) == 0 ? lines_.erase(it) : std::next(it);
      }
      return true;
    }
    if (ctx_.empty() && w[0] == "route-map" && (n == 2 || n == 4)) {
      if (n == 4) {
        lines_[""].erase("route-map " + w[1] + " " + w[3]);
      } else {
        erase_prefix("", "route-map " + w[1] + " ");
      }
      for (auto it = lines_.begin(); it != lines_.end();) {
        bool drop = n == 4 ? it->first == "rm " + w[1] + " " + w[3]
                           : it->first.rfind("rm " + w[1] + " ", 0) == 0;
        it = drop ? lines_.erase(it) : std::next(it);
      }
      return true;
    }
    if (ctx_.empty() && w[0] == "ip" && n == 3 && w[1] == "prefix-list") {
      erase_prefix("", "ip prefix-list " + w[2] + " ");
      return true;
    }
    if (ctx_.empty() && w[0] == "bgp" && n == 4 && w[1] == "as-path") {
      erase_prefix("", "bgp as-path access-list " + w[3] + " ");
      return true;
    }
    if (ctx_ == "bgp" && w[0] == "neighbor" && n == 2) {
      drop_neighbor(w[1]);
      return true;
    }
    if (ctx_ == "bgp" && w[0] == "neighbor" && n == 3 && w[2] == "peer-group") {
      std::vector<std::string> members;
      for (const auto& [k, text] : lines_["bgp"]) {
        std::vector<std::string> t = words(text);
        if (t.size() == 4 && t[2] == "peer-group" && t[3] == w[1]) members.push_back(t[1]);
      }
      for (const auto& m : members) {
        if (lines_["bgp"].count("neighbor " + m + " remote-as")) {
          lines_["bgp"].erase("neighbor " + m + " peer-group");
        } else {
          drop_neighbor(m);
        }
      }
      drop_neighbor(w[1]);
      return true;
    }
    if (ctx_ == "bgp" && w[0] == "neighbor" && n >= 3 && w[2] == "remote-as") {
      drop_neighbor(w[1]);  // FRR deletes the neighbor
      return true;
    }
    std::string k = key(w);
    if (k.empty()) return false;
    if (negative_default(k)) {
      lines_[ctx_][k] = "no " + join(w, 0, n);
      return true;
    }
    lines_[ctx_].erase(k);  // absent is fine
    return true;
  }

  void erase_prefix(const std::string& ctx, const std::string& prefix) {
    auto& m = lines_[ctx];
    for (auto it = m.begin(); it != m.end();) {
      it = it->first.rfind(prefix, 0) == 0 ? m.erase(it) : std::next(it);
    }
  }

  void drop_neighbor(const std::string& name) {
    active_.erase(name);
    for (const char* ctx : {"bgp", "bgp/af4", "bgp/af6"}) {
      erase_prefix(ctx, "neighbor " + name + " ");
    }
  }

  static std::string merge_redistribute(const std::string& old,
                                        const std::vector<std::string>& w) {
    std::map<std::string, std::string> attrs;
    std::vector<std::string> o = words(old);
    for (size_t i = 2; i + 1 < o.size(); i += 2) attrs[o[i]] = o[i + 1];
    for (size_t i = 2; i + 1 < w.size(); i += 2) attrs[w[i]] = w[i + 1];
    std::string s = "redistribute " + w[1];
    if (attrs.count("metric")) s += " metric " + attrs["metric"];
    if (attrs.count("route-map")) s += " route-map " + attrs["route-map"];
    return s;
  }

  std::string ctx_;
  std::string asn_;
  std::map<std::string, bool> active_;  // IPv4 unicast activation per peer
  std::map<std::string, std::map<std::string, std::string>> lines_;
};

}  // namespace backend::frr::testing

#endif  // ROUTESH_BACKEND_FRR_TEST_UTIL_H_

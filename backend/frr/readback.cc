// Readback: expectations from the models, judged against FRR's JSON.
#include "backend/frr/readback.h"

#include <cctype>
#include <map>
#include <utility>

#include "backend/frr/bgp.h"
#include "backend/frr/policy.h"

namespace backend::frr {
namespace {

std::string show_value(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// "" if `e` holds in `reply`, else what is wrong.
std::string judge(const Expectation& e, const nlohmann::json& reply) {
  const nlohmann::json* at = &reply;
  for (const auto& k : e.keys) {
    if (!at->is_object() || !at->contains(k)) {
      return e.absent ? "" : e.what + " is missing";
    }
    at = &(*at)[k];
  }
  if (e.absent) return e.what + " is still there";
  if (!e.field.empty()) {
    nlohmann::json got = nlohmann::json::array();
    if (at->is_array()) {
      for (const auto& item : *at) {
        got.push_back(item.is_object() && item.contains(e.field) ? item[e.field]
                                                                  : nlohmann::json());
      }
    }
    if (got != e.equals) return e.what + " is " + got.dump() + ", expected " + e.equals.dump();
    return "";
  }
  if (!e.equals.is_null() && *at != e.equals) {
    return e.what + " is " + show_value(*at) + ", expected " + show_value(e.equals);
  }
  return "";
}

bool is_number(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

nlohmann::json number(const std::string& s) {
  return is_number(s) && s.size() < 12 ? nlohmann::json(std::stoll(s)) : nlohmann::json(s);
}

Expectation on(const std::string& show, std::vector<std::string> keys, std::string what) {
  Expectation e;
  e.daemon = "bgpd";
  e.show = show;
  e.keys = std::move(keys);
  e.what = std::move(what);
  return e;
}

// Rule numbers and one field of each rule, as FRR lists them.
template <typename Rules, typename Field>
std::pair<nlohmann::json, nlohmann::json> columns(const Rules& rules, Field field) {
  nlohmann::json seq = nlohmann::json::array(), values = nlohmann::json::array();
  for (const auto& [n, r] : rules) {
    seq.push_back(number(n));
    values.push_back(field(r));
  }
  return {seq, values};
}

}  // namespace

rc::Status check_expectations(const std::vector<Expectation>& expect,
                              const ShowReader& read) {
  std::map<std::pair<std::string, std::string>, nlohmann::json> replies;
  std::string wrong;
  for (const auto& e : expect) {
    auto key = std::make_pair(e.daemon, e.show);
    auto it = replies.find(key);
    if (it == replies.end()) {
      auto text = read(e.daemon, e.show);
      if (!text.ok()) return text.error();
      nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
      if (j.is_discarded()) j = nlohmann::json::object();
      it = replies.emplace(key, std::move(j)).first;
    }
    std::string w = judge(e, it->second);
    if (!w.empty()) wrong += (wrong.empty() ? "" : "; ") + w;
  }
  if (wrong.empty()) return rc::Status::Ok();
  return rc::make_error(rc::Code::kBackend,
                        "FRR does not hold what was committed: " + wrong);
}

std::vector<Expectation> policy_expectations(const schema::Node* from,
                                             const schema::Node* to) {
  PolicyConfig a = load_policy(from), b = load_policy(to);
  std::vector<Expectation> out;
  auto prefix = [](const PrefixRule& r) { return r.prefix; };
  for (const auto& [name, list] : a.prefix_lists) {
    if (!b.prefix_lists.count(name)) {
      Expectation e = on("show ip prefix-list " + name + " json", {"BGP", name},
                         "prefix-list " + name);
      e.absent = true;
      out.push_back(std::move(e));
    }
  }
  for (const auto& [name, list] : b.prefix_lists) {
    auto old = a.prefix_lists.find(name);
    auto [seq, prefixes] = columns(list.rules, prefix);
    if (old != a.prefix_lists.end() && columns(old->second.rules, prefix) ==
                                           std::make_pair(seq, prefixes)) {
      continue;
    }
    std::string show = "show ip prefix-list " + name + " json";
    Expectation e = on(show, {"BGP", name, "entries"}, "prefix-list " + name + " entries");
    e.field = "sequenceNumber";
    e.equals = seq;
    out.push_back(e);
    e.field = "prefix";
    e.equals = prefixes;
    e.what = "prefix-list " + name + " prefixes";
    out.push_back(std::move(e));
  }
  auto action = [](const RouteMapRule& r) { return r.action; };
  for (const auto& [name, map] : a.route_maps) {
    if (!b.route_maps.count(name)) {
      Expectation e = on("show route-map " + name + " json", {"BGP", name},
                         "route-map " + name);
      e.absent = true;
      out.push_back(std::move(e));
    }
  }
  for (const auto& [name, map] : b.route_maps) {
    auto old = a.route_maps.find(name);
    auto cols = columns(map.rules, action);
    if (old != a.route_maps.end() && columns(old->second.rules, action) == cols) continue;
    Expectation e = on("show route-map " + name + " json", {"BGP", name, "rules"},
                       "route-map " + name + " rules");
    e.field = "sequenceNumber";
    e.equals = cols.first;
    out.push_back(e);
    e.field = "type";
    e.equals = cols.second;
    e.what = "route-map " + name + " actions";
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Expectation> bgp_expectations(const schema::Node* from,
                                          const schema::Node* to) {
  BgpConfig a = load_bgp(from), b = load_bgp(to);
  std::vector<Expectation> out;
  bool same_instance = a.present && b.present && a.asn == b.asn;
  for (const auto& [ip, peer] : a.neighbors) {
    if (b.present && b.neighbors.count(ip)) continue;
    Expectation e = on("show bgp neighbors " + ip + " json", {ip}, "neighbor " + ip);
    e.absent = true;
    out.push_back(std::move(e));
  }
  if (!b.present) return out;
  for (const auto& [ip, peer] : b.neighbors) {
    auto old = a.neighbors.find(ip);
    if (same_instance && old != a.neighbors.end() &&
        old->second.remote_as == peer.remote_as &&
        old->second.peer_group == peer.peer_group) {
      continue;
    }
    std::string show = "show bgp neighbors " + ip + " json";
    if (is_number(peer.remote_as)) {
      Expectation e = on(show, {ip, "remoteAs"}, "neighbor " + ip + " remote-as");
      e.equals = number(peer.remote_as);
      out.push_back(std::move(e));
    } else {
      out.push_back(on(show, {ip}, "neighbor " + ip));
    }
  }
  return out;
}

}  // namespace backend::frr

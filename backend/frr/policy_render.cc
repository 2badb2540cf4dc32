// policy: FRR commands for a change, per list entry and route-map rule.
#include <functional>
#include <set>
#include <vector>

#include "backend/frr/policy.h"
#include "backend/frr/vtysh.h"

namespace backend::frr {
namespace {

rc::Error refuse(const std::string& what, const std::string& value,
                 const std::string& why) {
  return rc::make_error(rc::Code::kValidation,
                        what + " \"" + value + "\" " + why);
}

#define RS_CHECK_WORD(what, v)                                     \
  do {                                                             \
    std::string why_ = unsafe_word(v);                             \
    if (!why_.empty()) return refuse(what, v, why_);               \
  } while (0)
#define RS_CHECK_TEXT(what, v)                                     \
  do {                                                             \
    std::string why_ = unsafe_text(v);                             \
    if (!why_.empty()) return refuse(what, v, why_);               \
  } while (0)

using Lines = rc::Result<std::vector<Line>>;

Lines prefix_list_lines(const std::string& name, const PrefixList& list) {
  RS_CHECK_WORD("prefix-list", name);
  std::vector<Line> out;
  std::string head = "ip prefix-list " + name;
  if (!list.description.empty()) {
    RS_CHECK_TEXT("description", list.description);
    out.push_back(make_line("description", head + " description " + list.description,
                            "no " + head + " description"));
  }
  for (const auto& [seq, r] : list.rules) {
    RS_CHECK_WORD("rule", seq);
    RS_CHECK_WORD("action", r.action);
    RS_CHECK_WORD("prefix", r.prefix);
    std::string text = head + " seq " + seq + " " + r.action + " " + r.prefix;
    if (!r.ge.empty()) {
      RS_CHECK_WORD("ge", r.ge);
      text += " ge " + r.ge;
    }
    if (!r.le.empty()) {
      RS_CHECK_WORD("le", r.le);
      text += " le " + r.le;
    }
    out.push_back(make_line("seq " + seq, text, "no " + head + " seq " + seq));
    out.back().merges = true;  // a re-issue could duplicate another entry
  }
  return out;
}

Lines as_path_lines(const std::string& name, const AsPathList& list) {
  RS_CHECK_WORD("as-path-list", name);
  std::vector<Line> out;
  for (const auto& [seq, r] : list.rules) {
    RS_CHECK_WORD("rule", seq);
    RS_CHECK_WORD("action", r.action);
    if (r.regex.empty()) return refuse("as-path-list", name, "has a rule without a regex");
    RS_CHECK_TEXT("regex", r.regex);
    out.push_back(make_line("seq " + seq, "bgp as-path access-list " + name +
                                              " seq " + seq + " " + r.action +
                                              " " + r.regex));
    out.back().merges = true;
  }
  return out;
}

Lines route_map_rule_lines(const RouteMapRule& r) {
  std::vector<Line> out;
  if (!r.description.empty()) {
    RS_CHECK_TEXT("description", r.description);
    out.push_back(make_line("description", "description " + r.description,
                            "no description"));
  }
  if (!r.match_prefix_list.empty()) {
    RS_CHECK_WORD("prefix-list", r.match_prefix_list);
    out.push_back(make_line("match prefix-list",
                            "match ip address prefix-list " + r.match_prefix_list));
  }
  if (!r.match_as_path.empty()) {
    RS_CHECK_WORD("as-path-list", r.match_as_path);
    out.push_back(make_line("match as-path", "match as-path " + r.match_as_path));
  }
  if (!r.set_as_path_prepend.empty()) {
    RS_CHECK_TEXT("as-path-prepend", r.set_as_path_prepend);
    out.push_back(make_line("set as-path prepend",
                            "set as-path prepend " + r.set_as_path_prepend,
                            "no set as-path prepend"));
  }
  if (!r.set_local_preference.empty()) {
    RS_CHECK_WORD("local-preference", r.set_local_preference);
    out.push_back(make_line("set local-preference",
                            "set local-preference " + r.set_local_preference));
  }
  if (!r.set_metric.empty()) {
    RS_CHECK_WORD("metric", r.set_metric);
    out.push_back(make_line("set metric", "set metric " + r.set_metric));
  }
  return out;
}

template <typename Map>
std::set<std::string, schema::NaturalLess> union_keys(const Map& a, const Map& b) {
  std::set<std::string, schema::NaturalLess> keys;
  for (const auto& [k, v] : a) keys.insert(k);
  for (const auto& [k, v] : b) keys.insert(k);
  return keys;
}

// Lists whose entries are flat lines (prefix-lists, as-path lists): a list
// gone as a whole is removed with `remove_command`, others entry by entry.
template <typename Map, typename LinesFn>
rc::Status list_deltas(const Map& from, const Map& to, LinesFn lines_of,
                       const std::string& remove_command, Delta* removals,
                       Delta* changes) {
  for (const auto& name : union_keys(from, to)) {
    std::vector<Line> la, lb;
    if (auto it = from.find(name); it != from.end()) {
      auto l = lines_of(name, it->second);
      if (!l.ok()) return l.error();
      la = std::move(*l);
    }
    if (auto it = to.find(name); it != to.end()) {
      auto l = lines_of(name, it->second);
      if (!l.ok()) return l.error();
      lb = std::move(*l);
    }
    if (lb.empty()) {
      if (!la.empty()) removals->remove(remove_command + " " + name);
      continue;
    }
    diff_lines(la, lb, changes);
  }
  return rc::Status::Ok();
}

rc::Status route_map_deltas(const PolicyConfig& from, const PolicyConfig& to,
                            Delta* removals, Delta* changes) {
  static const RouteMap kNone;
  for (const auto& name : union_keys(from.route_maps, to.route_maps)) {
    RS_CHECK_WORD("route-map", name);
    auto ia = from.route_maps.find(name);
    auto ib = to.route_maps.find(name);
    const RouteMap& a = ia == from.route_maps.end() ? kNone : ia->second;
    const RouteMap& b = ib == to.route_maps.end() ? kNone : ib->second;
    if (b.rules.empty()) {
      if (!a.rules.empty()) removals->remove("no route-map " + name);
      continue;
    }
    for (const auto& seq : union_keys(a.rules, b.rules)) {
      RS_CHECK_WORD("rule", seq);
      auto ra = a.rules.find(seq);
      auto rb = b.rules.find(seq);
      if (rb == b.rules.end()) {
        changes->remove("no route-map " + name + " " + ra->second.action + " " + seq);
        continue;
      }
      RS_CHECK_WORD("action", rb->second.action);
      std::vector<Line> la;
      if (ra != a.rules.end()) {
        auto l = route_map_rule_lines(ra->second);
        if (!l.ok()) return l.error();
        la = std::move(*l);
      }
      auto lb = route_map_rule_lines(rb->second);
      if (!lb.ok()) return lb.error();
      Delta body;
      diff_lines(la, *lb, &body);
      std::string enter = "route-map " + name + " " + rb->second.action + " " + seq;
      if (ra == a.rules.end() || ra->second.action != rb->second.action) {
        changes->add(enter);
      } else if (body.empty()) {
        continue;
      } else {
        changes->context(enter);
      }
      changes->append(body);
      changes->context("exit");
    }
  }
  return rc::Status::Ok();
}

}  // namespace

rc::Result<Delta> policy_delta(const PolicyConfig& from, const PolicyConfig& to) {
  Delta rm_pl, rm_as, rm_map, ch_pl, ch_as, ch_map;
  rc::Status st = list_deltas(from.prefix_lists, to.prefix_lists,
                              prefix_list_lines, "no ip prefix-list", &rm_pl, &ch_pl);
  if (!st.ok()) return st.error();
  st = list_deltas(from.as_path_lists, to.as_path_lists, as_path_lines,
                   "no bgp as-path access-list", &rm_as, &ch_as);
  if (!st.ok()) return st.error();
  st = route_map_deltas(from, to, &rm_map, &ch_map);
  if (!st.ok()) return st.error();
  // Whole objects go users first (route-maps, then the lists they match);
  // the rest is created or changed lists first.
  Delta d;
  for (const Delta* part : {&rm_map, &rm_as, &rm_pl, &ch_pl, &ch_as, &ch_map}) {
    d.append(*part);
  }
  return d;
}

}  // namespace backend::frr

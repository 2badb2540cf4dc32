// policy: the typed model, from the tree and from FRR's text.
#include <sstream>
#include <vector>

#include "backend/frr/policy.h"
#include "backend/frr/words.h"
#include "schema/edit.h"

namespace backend::frr {
namespace {

std::string leaf(const schema::Node* n, std::initializer_list<const char*> words) {
  return schema::leaf_value(schema::find_node(n, words));
}

template <typename F>
void each_tag(const schema::Node* parent, const char* tag, F&& f) {
  const schema::Node* t = parent == nullptr ? nullptr : parent->children().find(tag);
  if (t != nullptr) t->children().for_each(f);
}

}  // namespace

PolicyConfig load_policy(const schema::Node* root) {
  PolicyConfig c;
  if (root == nullptr) return c;
  const schema::Node* pol = schema::find_node(root, {"policy"});
  if (pol == nullptr) return c;
  each_tag(pol, "prefix-list", [&](const schema::Node* pl) {
    PrefixList& list = c.prefix_lists[std::string(pl->name())];
    list.description = join_from(words_of(leaf(pl, {"description"})), 0);  // as FRR keeps it
    each_tag(pl, "rule", [&](const schema::Node* r) {
      list.rules[std::string(r->name())] =
          PrefixRule{leaf(r, {"action"}), leaf(r, {"prefix"}), leaf(r, {"ge"}),
                     leaf(r, {"le"})};
    });
  });
  each_tag(pol, "as-path-list", [&](const schema::Node* al) {
    AsPathList& list = c.as_path_lists[std::string(al->name())];
    each_tag(al, "rule", [&](const schema::Node* r) {
      list.rules[std::string(r->name())] =
          AsPathRule{leaf(r, {"action"}), leaf(r, {"regex"})};
    });
  });
  each_tag(pol, "route-map", [&](const schema::Node* rm) {
    RouteMap& map = c.route_maps[std::string(rm->name())];
    each_tag(rm, "rule", [&](const schema::Node* r) {
      RouteMapRule& rule = map.rules[std::string(r->name())];
      rule.action = leaf(r, {"action"});
      rule.description = join_from(words_of(leaf(r, {"description"})), 0);
      rule.match_prefix_list = leaf(r, {"match", "ip", "address", "prefix-list"});
      rule.match_as_path = leaf(r, {"match", "as-path"});
      rule.set_as_path_prepend = leaf(r, {"set", "as-path-prepend"});
      rule.set_local_preference = leaf(r, {"set", "local-preference"});
      rule.set_metric = leaf(r, {"set", "metric"});
    });
  });
  return c;
}

PolicyConfig parse_policy(const std::string& running_config) {
  PolicyConfig c;
  std::istringstream in(running_config);
  std::string line;
  RouteMapRule* rule = nullptr;  // inside `route-map N A R` … `exit`
  while (std::getline(in, line)) {
    std::vector<std::string> w = words_of(line);
    if (w.empty()) continue;
    bool indented = line[0] == ' ';
    if (!indented) rule = nullptr;
    if (indented && rule != nullptr) {
      std::string rest = join_from(w, 0);
      if (w[0] == "description") {
        rule->description = join_from(w, 1);
      } else if (rest.rfind("match ip address prefix-list ", 0) == 0 && w.size() == 5) {
        rule->match_prefix_list = w[4];
      } else if (w[0] == "match" && w.size() == 3 && w[1] == "as-path") {
        rule->match_as_path = w[2];
      } else if (rest.rfind("set as-path prepend ", 0) == 0) {
        rule->set_as_path_prepend = join_from(w, 3);
      } else if (w[0] == "set" && w.size() == 3 && w[1] == "local-preference") {
        rule->set_local_preference = w[2];
      } else if (w[0] == "set" && w.size() == 3 && w[1] == "metric") {
        rule->set_metric = w[2];
      }
      continue;
    }
    if (w[0] == "route-map" && w.size() == 4 &&
        (w[2] == "permit" || w[2] == "deny")) {
      rule = &c.route_maps[w[1]].rules[w[3]];
      rule->action = w[2];
    } else if (w.size() >= 4 && w[0] == "ip" && w[1] == "prefix-list") {
      PrefixList& list = c.prefix_lists[w[2]];
      if (w[3] == "description") {
        list.description = join_from(w, 4);
      } else if (w[3] == "seq" && w.size() >= 7) {
        PrefixRule r{w[5], w[6], "", ""};
        for (size_t i = 7; i + 1 < w.size(); i += 2) {
          if (w[i] == "ge") r.ge = w[i + 1];
          if (w[i] == "le") r.le = w[i + 1];
        }
        list.rules[w[4]] = r;
      }
    } else if (w.size() >= 8 && w[0] == "bgp" && w[1] == "as-path" &&
               w[2] == "access-list" && w[4] == "seq") {
      c.as_path_lists[w[3]].rules[w[5]] = AsPathRule{w[6], join_from(w, 7)};
    }
  }
  return c;
}

}  // namespace backend::frr

// policy: cross-field rules, with VyOS's wording where VyOS has one.
#include <cstdlib>
#include <map>

#include "backend/frr/policy.h"
#include "backend/frr/vtysh.h"

namespace backend::frr {
namespace {

rc::Error problem(std::string message, std::string path, std::string hint = {}) {
  return rc::make_error(rc::Code::kValidation, std::move(message),
                        std::move(path), std::move(hint));
}

void check_text(const std::string& what, const std::string& value,
                const std::string& path, rc::Errors* out) {
  std::string why = unsafe_text(value);
  if (!why.empty()) out->push_back(problem(what + " " + why, path));
}

int prefix_length(const std::string& prefix) {
  size_t slash = prefix.find('/');
  return slash == std::string::npos ? 32 : std::atoi(prefix.c_str() + slash + 1);
}

void verify_prefix_rule(const std::string& name, const std::string& seq,
                        const PrefixRule& r, rc::Errors* out) {
  std::string path = "policy prefix-list " + name + " rule " + seq;
  if (r.prefix.empty()) return;  // the schema reports the missing prefix
  int len = prefix_length(r.prefix);
  std::string of = "Rule " + seq + " of prefix-list \"" + name + "\": ";
  if (!r.ge.empty() && std::atoi(r.ge.c_str()) < len) {
    out->push_back(problem(of + "ge must be greater than or equal to the "
                               "prefix length (" + std::to_string(len) + ")",
                           path + " ge"));
  }
  if (!r.le.empty() && std::atoi(r.le.c_str()) < len) {
    out->push_back(problem(of + "le must be greater than or equal to the "
                               "prefix length (" + std::to_string(len) + ")",
                           path + " le"));
  }
  if (!r.ge.empty() && !r.le.empty() &&
      std::atoi(r.le.c_str()) < std::atoi(r.ge.c_str())) {
    out->push_back(problem(of + "le must be greater than or equal to ge",
                           path + " le"));
  }
}

}  // namespace

rc::Errors verify_policy(const PolicyConfig& config) {
  rc::Errors out;
  for (const auto& [name, list] : config.prefix_lists) {
    check_text("Description of prefix-list \"" + name + "\"", list.description,
               "policy prefix-list " + name + " description", &out);
    std::map<std::string, std::string> seen;  // entry -> first rule
    for (const auto& [seq, r] : list.rules) {
      verify_prefix_rule(name, seq, r, &out);
      std::string entry = r.action + " " + r.prefix + " " + r.ge + " " + r.le;
      auto [it, fresh] = seen.emplace(entry, seq);
      if (!fresh) {
        // FRR would silently ignore the second entry.
        out.push_back(problem("Rule \"" + seq + "\" of prefix-list \"" + name +
                                  "\" contains a duplicate prefix definition! "
                                  "(the same as rule " + it->second + ")",
                              "policy prefix-list " + name + " rule " + seq));
      }
    }
  }
  for (const auto& [name, list] : config.as_path_lists) {
    std::map<std::string, std::string> seen;
    for (const auto& [seq, r] : list.rules) {
      std::string path = "policy as-path-list " + name + " rule " + seq;
      if (!r.regex.empty()) {
        auto [it, fresh] = seen.emplace(r.action + " " + r.regex, seq);
        if (!fresh) {
          out.push_back(problem("Rule \"" + seq + "\" of as-path-list \"" + name +
                                    "\" duplicates rule " + it->second,
                                path));
        }
      }
      if (r.regex.empty()) {
        out.push_back(problem("A regex must be specified for \"as-path-list " +
                                  name + " rule " + seq + "\"!",
                              path, "set " + path + " regex <regex>"));
      } else {
        check_text("Regex of as-path-list \"" + name + "\" rule " + seq,
                   r.regex, path + " regex", &out);
      }
    }
  }
  for (const auto& [name, map] : config.route_maps) {
    for (const auto& [seq, r] : map.rules) {
      std::string path = "policy route-map " + name + " rule " + seq;
      check_text("Description of route-map \"" + name + "\" rule " + seq,
                 r.description, path + " description", &out);
      if (!r.match_prefix_list.empty() &&
          config.prefix_lists.count(r.match_prefix_list) == 0) {
        out.push_back(problem("Specified prefix-list \"" + r.match_prefix_list +
                                  "\" does not exist!",
                              path + " match ip address prefix-list"));
      }
      if (!r.match_as_path.empty() &&
          config.as_path_lists.count(r.match_as_path) == 0) {
        out.push_back(problem("Specified as-path-list \"" + r.match_as_path +
                                  "\" does not exist!",
                              path + " match as-path"));
      }
    }
  }
  return out;
}

}  // namespace backend::frr

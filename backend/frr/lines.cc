// Keyed FRR lines and their delta.
#include "backend/frr/lines.h"

#include <unordered_map>

namespace backend::frr {

Line make_line(std::string key, std::string text) {
  std::string undo = text.compare(0, 3, "no ") == 0 ? text.substr(3)
                                                    : "no " + text;
  return Line{std::move(key), std::move(text), std::move(undo), false};
}

Line make_line(std::string key, std::string text, std::string undo) {
  return Line{std::move(key), std::move(text), std::move(undo), false};
}

void Delta::append(const Delta& other) {
  commands.insert(commands.end(), other.commands.begin(), other.commands.end());
  adds = adds || other.adds;
}

void Delta::append_in(const std::string& enter, const Delta& body,
                      const std::string& leave) {
  if (body.empty()) return;
  commands.push_back(enter);
  append(body);
  commands.push_back(leave);
}

void diff_lines(const std::vector<Line>& from, const std::vector<Line>& to,
                Delta* out) {
  std::unordered_map<std::string, const Line*> old_by_key, new_by_key;
  for (const auto& l : from) old_by_key[l.key] = &l;
  for (const auto& l : to) new_by_key[l.key] = &l;
  // Removals first, including merging lines about to be replaced, so that
  // no re-issued line meets an old one it could merge with or duplicate.
  for (const auto& l : from) {
    auto it = new_by_key.find(l.key);
    if (it == new_by_key.end() || (l.merges && it->second->text != l.text)) {
      out->remove(l.undo);
    }
  }
  for (const auto& l : to) {
    auto it = old_by_key.find(l.key);
    if (it != old_by_key.end() && it->second->text == l.text) continue;
    out->add(l.text);
  }
}

void add_lines(const std::vector<Line>& to, Delta* out) {
  for (const auto& l : to) out->add(l.text);
}

}  // namespace backend::frr

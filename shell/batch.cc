#include "shell/batch.h"

#include "shell/pipe.h"

#include <ostream>

namespace shell {

std::vector<std::string> split_commands(const std::string& text) {
  std::vector<std::string> out = split_outside_quotes(text, ";\n");
  if (!out.empty() && out.back().empty()) out.pop_back();
  for (auto& l : out) {
    size_t b = l.find_first_not_of(" \t");
    l = b == std::string::npos ? "" : l.substr(b);
  }
  return out;
}

int run_batch(CliSession& session, const std::vector<std::string>& lines,
              std::ostream& err) {
  auto fail = [&](size_t i) {
    err << "routesh: line " << (i + 1) << ": " << lines[i]
        << ": failed; nothing uncommitted is applied\n";
    return 1;
  };
  size_t i = 0;
  while (i < lines.size()) {
    if (session.batchable(lines[i])) {
      size_t j = i;
      std::vector<std::string> group;
      while (j < lines.size() && session.batchable(lines[j])) {
        group.push_back(lines[j]);
        ++j;
      }
      size_t done = session.run_edits(group);
      if (done < group.size()) return fail(i + done);
      i = j;
      continue;
    }
    CliSession::LineResult r = session.run(lines[i]);
    if (!r.ok) return fail(i);
    if (r.exit) return 0;
    ++i;
  }
  return 0;
}

}  // namespace shell

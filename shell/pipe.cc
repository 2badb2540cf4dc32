#include "shell/pipe.h"

#include <regex.h>

#include "schema/set_lines.h"

namespace shell {
namespace {

const char* const kPipes[] = {"match", "grep", "no-match", "except",
                              "count", "no-more", "commands", "json",
                              "more", "compare"};

bool takes_arg(const std::string& n) {
  return n == "match" || n == "grep" || n == "no-match" || n == "except";
}

}  // namespace

bool PipedLine::has(const std::string& name) const {
  for (const auto& p : pipes) {
    if (p.name == name) return true;
  }
  return false;
}

std::vector<std::string> split_outside_quotes(const std::string& text,
                                              const std::string& separators) {
  std::vector<std::string> parts;
  std::string cur;
  char quote = 0;
  for (char ch : text) {
    if (quote) {
      if (ch == quote) quote = 0;
      cur += ch;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      cur += ch;
    } else if (separators.find(ch) != std::string::npos) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  parts.push_back(cur);
  return parts;
}

rc::Result<PipedLine> split_pipes(const std::string& line) {
  std::vector<std::string> parts = split_outside_quotes(line, "|");
  PipedLine out;
  out.command = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) {
    auto t = schema::tokenize(parts[i]);
    if (!t.ok()) return t.error();
    if (t->words.empty()) {
      return rc::make_error(rc::Code::kInvalidArgument, "empty pipe", "",
                            "e.g. | match REGEX, | count, | no-more");
    }
    Pipe p;
    p.name = t->words[0];
    bool known = false;
    for (const char* k : kPipes) known = known || p.name == k;
    if (!known) {
      rc::Error e = rc::make_error(rc::Code::kInvalidArgument,
                                   "unknown pipe '" + p.name + "'", "",
                                   "match, no-match, except, grep, count, "
                                   "no-more, commands, json");
      e.vyos = "Invalid command: [" + p.name + "]";
      return e;
    }
    if (takes_arg(p.name)) {
      if (t->words.size() < 2) {
        return rc::make_error(rc::Code::kInvalidArgument,
                              "| " + p.name + " needs a regular expression");
      }
      for (size_t k = 1; k < t->words.size(); ++k) {
        p.arg += (k > 1 ? " " : "") + t->words[k];
      }
    }
    out.pipes.push_back(std::move(p));
  }
  return out;
}

rc::Result<std::string> apply_pipes(const std::string& text,
                                    const std::vector<Pipe>& pipes) {
  std::string cur = text;
  for (const auto& p : pipes) {
    if (p.name == "count") {
      size_t n = 0;
      for (char ch : cur) n += ch == '\n';
      if (!cur.empty() && cur.back() != '\n') ++n;
      cur = std::to_string(n) + "\n";
      continue;
    }
    if (!takes_arg(p.name)) continue;
    bool keep_matching = p.name == "match" || p.name == "grep";
    regex_t re;
    if (::regcomp(&re, p.arg.c_str(), REG_EXTENDED | REG_NOSUB) != 0) {
      return rc::make_error(rc::Code::kInvalidArgument,
                            "bad regular expression '" + p.arg + "'");
    }
    std::string out;
    size_t pos = 0;
    while (pos < cur.size()) {
      size_t nl = cur.find('\n', pos);
      if (nl == std::string::npos) nl = cur.size();
      std::string line = cur.substr(pos, nl - pos);
      bool m = ::regexec(&re, line.c_str(), 0, nullptr, 0) == 0;
      if (m == keep_matching) out += line + "\n";
      pos = nl + 1;
    }
    ::regfree(&re);
    cur = out;
  }
  return cur;
}

}  // namespace shell

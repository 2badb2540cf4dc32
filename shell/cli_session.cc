#include "shell/cli_session.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "schema/set_lines.h"
#include "shell/completion.h"

namespace shell {
namespace {

using commits::Json;

const std::vector<std::string> kOpCommands = {"configure", "exit",  "reset",
                                              "restart",   "set",   "show"};
// `show` words answered by routeshd's operational-command providers.
const std::vector<std::string> kShowLive = {"interfaces", "ip", "route-map",
                                            "vpn"};
const std::vector<std::string> kConfigCommands = {
    "comment", "commit",  "commit-confirm", "compare", "confirm", "copy",
    "delete",  "discard", "edit",           "exit",    "load",    "merge",
    "rename",  "rollback", "run",           "save",    "set",     "show",
    "top",     "up"};
const std::vector<std::string> kEditCommands = {"set", "delete", "edit", "up",
                                                "top", "copy", "rename",
                                                "comment"};

bool contains(const std::vector<std::string>& v, const std::string& w) {
  for (const auto& x : v) {
    if (x == w) return true;
  }
  return false;
}

std::string capitalized(const std::string& w) {
  std::string s = w;
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(s[0]));
  return s;
}

std::string read_first_line(const char* file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string join(const std::vector<std::string>& w, size_t from = 0) {
  std::string s;
  for (size_t i = from; i < w.size(); ++i) {
    if (i > from) s += ' ';
    s += w[i];
  }
  return s;
}

// `line` without its first word (and the blanks after it).
std::string after_first_word(const std::string& line) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string::npos) return "";
  i = line.find_first_of(" \t", i);
  if (i == std::string::npos) return "";
  return line.substr(i);
}

std::string pipes_text(const PipedLine& piped) {
  std::string s;
  for (const auto& p : piped.pipes) {
    s += " | " + p.name;
    if (!p.arg.empty()) s += " '" + p.arg + "'";
  }
  return s;
}

std::vector<std::string> strings_of(const Json& j) {
  std::vector<std::string> out;
  if (j.is_array()) {
    for (const auto& e : j) {
      if (e.is_string()) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

}  // namespace

CliSession::CliSession(commits::RpcClient* client, std::ostream& out,
                       std::ostream& err, CliOptions options)
    : client_(client), out_(out), err_(err), options_(options) {
  client_->on_event([this](const Json& e) { on_event(e); });
}

rc::Status CliSession::start() {
  auto r = call({{"op", "hello"}});
  if (!r.ok()) return r.error();
  user_ = r->value("user", user_);
  host_ = r->value("host", host_);
  version_ = r->value("version", "");
  admin_ = r->value("role", "") == "admin";
  return rc::Status::Ok();
}

rc::Result<Json> CliSession::call(Json req) { return client_->call(std::move(req)); }

void CliSession::on_event(const Json& event) {
  std::string m = event.value("message", "");
  if (!m.empty()) err_ << "\n" << m << "\n" << std::flush;
}

std::string CliSession::prompt() const {
  if (!configuring_) return user_ + "@" + host_ + ":~$ ";
  std::string banner = level_.empty() ? "[edit]" : "[edit " + join(level_) + "]";
  return banner + "\n" + user_ + "@" + host_ + "# ";
}

std::vector<std::string> CliSession::command_words() const {
  return configuring_ ? kConfigCommands : kOpCommands;
}

std::vector<std::string> CliSession::existing_names(
    const std::vector<std::string>& path, const std::string& prefix,
    size_t limit) {
  auto r = call({{"op", "complete"}, {"path", path}, {"prefix", prefix},
                 {"limit", limit}});
  if (!r.ok()) return {};
  return strings_of(r->value("names", Json::array()));
}

void CliSession::print_error(const rc::Error& e, const std::string& failed) {
  err_ << "\n";
  if (!e.vyos.empty()) {
    std::istringstream lines(e.vyos);
    std::string l;
    while (std::getline(lines, l)) err_ << "  " << l << "\n";
  }
  // routesh's detail, unless the VyOS text already says it.
  if (!e.message.empty() && e.vyos.find(e.message) == std::string::npos) {
    std::istringstream lines(e.message);
    std::string l;
    bool first = true;
    while (std::getline(lines, l)) {
      err_ << "  " << l;
      if (first && !e.path.empty() && e.code != rc::Code::kValidation) {
        err_ << " [" << e.path << "]";
      }
      first = false;
      err_ << "\n";
    }
    if (!e.hint.empty()) err_ << "  (" << e.hint << ")\n";
  }
  // Ansible matches "\n\s+Set failed" but "\nCommit failed".
  if (failed == "Commit failed") {
    err_ << failed << "\n";
  } else if (!failed.empty()) {
    err_ << "  " << failed << "\n\n";
  } else {
    err_ << "\n";
  }
}

bool CliSession::expand(std::string* word, const std::vector<std::string>& words) {
  if (contains(words, *word)) return true;
  std::vector<std::string> hits;
  for (const auto& w : words) {
    if (w.compare(0, word->size(), *word) == 0) hits.push_back(w);
  }
  if (hits.size() == 1) {
    *word = hits[0];
    return true;
  }
  rc::Error e;
  if (hits.empty()) {
    e.vyos = "Invalid command: [" + *word + "]";
  } else {
    e.vyos = "Ambiguous command: [" + *word + "]";
    e.message = "Possible completions: " + join(hits);
  }
  print_error(e, "");
  return false;
}

void CliSession::emit(const std::string& text, const PipedLine& piped) {
  auto r = apply_pipes(text, piped.pipes);
  if (!r.ok()) {
    print_error(r.error(), "");
    return;
  }
  std::string shown = *r;
  if (!shown.empty() && shown.back() != '\n') shown += "\n";
  if (pager_ && !piped.has("no-more")) {
    out_ << std::flush;
    if (pager_(shown)) return;
  }
  out_ << shown;
}

void CliSession::print_messages(const Json& r) {
  for (const auto& m : strings_of(r.value("messages", Json::array()))) {
    out_ << m << "\n";
  }
}

CliSession::LineResult CliSession::run(const std::string& line) {
  LineResult res;
  auto piped = split_pipes(line);
  if (!piped.ok()) {
    print_error(piped.error(), "");
    res.ok = false;
    return res;
  }
  auto tokens = schema::tokenize(piped->command);
  if (!tokens.ok()) {
    print_error(tokens.error(), "");
    res.ok = false;
    return res;
  }
  std::vector<std::string> words = tokens->words;
  if (words.empty()) return res;
  if (!expand(&words[0], command_words())) {
    res.ok = false;
    return res;
  }
  return configuring_ ? config_mode(words, *piped, piped->command)
                      : op_mode(words, *piped);
}

CliSession::LineResult CliSession::op_mode(const std::vector<std::string>& words,
                                           const PipedLine& piped) {
  LineResult res;
  const std::string& cmd = words[0];
  if (cmd == "exit") {
    res.exit = true;
  } else if (cmd == "configure") {
    auto r = call({{"op", "configure"}});
    if (!r.ok()) {
      print_error(r.error(), "");
      res.ok = false;
    } else {
      configuring_ = true;
      level_.clear();
      print_messages(*r);
    }
  } else if (cmd == "show") {
    res.ok = show_op(words, piped);
  } else if (cmd == "reset" || cmd == "restart") {
    res.ok = live_op(words, piped);
  } else if (cmd == "set" && words.size() == 4 && words[1] == "terminal") {
    int n = std::atoi(words[3].c_str());
    if (words[2] == "length") {
      term_length_ = n;
    } else if (words[2] == "width") {
      term_width_ = n;
    } else {
      res.ok = false;
      print_error({rc::Code::kInvalidArgument, "", "", "",
                   "Invalid command: [set terminal " + words[2] + "]"},
                  "");
    }
  } else {
    res.ok = false;
    print_error({rc::Code::kInvalidArgument, "", "", "",
                 "Invalid command: [" + join(words) + "]"},
                "");
  }
  return res;
}

bool CliSession::show_op(const std::vector<std::string>& words,
                         const PipedLine& piped) {
  std::vector<std::string> args(words.begin() + 1, words.end());
  if (args.empty()) {
    print_error({rc::Code::kInvalidArgument, "", "", "",
                 "Incomplete command: [show]"}, "");
    return false;
  }
  std::string what = args[0];
  std::vector<std::string> shows = {"configuration", "system", "version", "host"};
  shows.insert(shows.end(), kShowLive.begin(), kShowLive.end());
  if (!expand(&what, shows)) return false;
  if (contains(kShowLive, what)) return live_op(words, piped);
  if (what == "configuration") {
    Json req = {{"op", "show"}, {"config", "running"}, {"format", "tree"}};
    size_t i = 1;
    if (i < args.size() && args[i] == "blame") {
      auto r = call({{"op", "blame"},
                     {"path", std::vector<std::string>(args.begin() + 2, args.end())}});
      if (!r.ok()) {
        print_error(r.error(), "");
        return false;
      }
      emit(r->value("text", ""), piped);
      return true;
    }
    if (i < args.size()) {
      std::string f = args[i];
      if (f == "commands" || f == "json") {
        req["format"] = f;
        ++i;
      }
    }
    if (options_.json || piped.has("json")) req["format"] = "json";
    if (piped.has("commands")) req["format"] = "commands";
    req["path"] = std::vector<std::string>(args.begin() + i, args.end());
    auto r = call(req);
    if (!r.ok()) {
      print_error(r.error(), "");
      return false;
    }
    emit(r->value("text", ""), piped);
    return true;
  }
  if (what == "system") {
    if (args.size() < 2 || args[1] != "commit") {
      print_error({rc::Code::kInvalidArgument, "", "", "",
                   "Invalid command: [show " + join(args) + "]"}, "");
      return false;
    }
    Json req = {{"op", "history"}};
    if (args.size() >= 4 && args[2] == "diff") {
      req = {{"op", "commit-diff"}, {"index", std::atoll(args[3].c_str())}};
    }
    auto r = call(req);
    if (!r.ok()) {
      print_error(r.error(), "");
      return false;
    }
    if (options_.json || piped.has("json")) {
      out_ << r->value("entries", Json::array()).dump(4) << "\n";
    } else {
      emit(r->value("text", ""), piped);
    }
    return true;
  }
  if (what == "version") {
    std::string model = read_first_line("/sys/class/dmi/id/product_name");
    std::string serial = read_first_line("/etc/machine-id");
    std::string text = "Version:          VyOS 1.3-compatible routesh " +
                       version_ + "\n" +
                       "Release train:    routesh\n" +
                       "Hardware model:   " + (model.empty() ? "routesh" : model) +
                       "\n" + "Hardware S/N:     " +
                       (serial.empty() ? "unknown" : serial) + "\n";
    if (options_.json || piped.has("json")) {
      Json j = {{"version", "VyOS 1.3-compatible routesh " + version_},
                {"model", model}, {"serial", serial}};
      text = j.dump(4) + "\n";
    }
    emit(text, piped);
    return true;
  }
  // show host name
  emit(host_ + "\n", piped);
  return true;
}

bool CliSession::live_op(const std::vector<std::string>& words,
                         const PipedLine& piped) {
  auto full = expand_op_words(words);
  if (!full.ok()) {
    print_error(full.error(), "");
    return false;
  }
  bool json = options_.json || piped.has("json");
  auto r = call({{"op", "op"}, {"words", *full}, {"json", json}});
  if (!r.ok()) {
    print_error(r.error(), "");
    return false;
  }
  std::string text = r->value("text", "");
  if (!text.empty()) emit(text, piped);
  return true;
}

bool CliSession::batchable(const std::string& line) const {
  if (!configuring_) return false;
  auto t = schema::tokenize(line);
  if (!t.ok()) return false;
  if (t->words.empty()) return true;
  if (line.find('|') != std::string::npos) return false;
  // Only full words: an abbreviation goes through run() to be expanded.
  return contains(kEditCommands, t->words[0]);
}

size_t CliSession::run_edits(const std::vector<std::string>& lines) {
  auto r = call({{"op", "edit"}, {"lines", lines}});
  if (!r.ok()) {
    print_error(r.error(), "");
    return 0;
  }
  level_ = strings_of(r->value("level", Json::array()));
  size_t done = r->value("done", size_t{0});
  if (r->contains("error")) {
    rc::Error e = commits::error_from_json((*r)["error"]);
    std::string cmd = "Set";
    if (done < lines.size()) {
      auto t = schema::tokenize(lines[done]);
      if (t.ok() && !t->words.empty()) cmd = capitalized(t->words[0]);
    }
    print_error(e, cmd + " failed");
    return done;
  }
  return lines.size();
}

bool CliSession::edit_line(const std::string& line) {
  return run_edits({line}) == 1;
}

CliSession::LineResult CliSession::config_mode(
    const std::vector<std::string>& words, const PipedLine& piped,
    const std::string& line) {
  LineResult res;
  const std::string& cmd = words[0];
  std::vector<std::string> args(words.begin() + 1, words.end());
  if (contains(kEditCommands, cmd)) {
    // Send the line with its first word expanded.
    std::string full = cmd + after_first_word(line);
    if (cmd == "top" || cmd == "up") {
      if (level_.empty()) {
        out_ << "Already at the top level\n";
        return res;
      }
    }
    res.ok = edit_line(full);
  } else if (cmd == "exit") {
    bool discard = !args.empty() && args[0] == "discard";
    if (!args.empty() && !discard) {
      print_error({rc::Code::kInvalidArgument, "", "", "",
                   "Invalid argument \"" + args[0] + "\" for 'exit'"}, "");
      res.ok = false;
    } else if (!level_.empty() && !discard) {
      res.ok = edit_line("top");
    } else {
      auto r = call({{"op", "exit-configure"}, {"discard", discard}});
      if (!r.ok()) {
        print_error(r.error(), "");
        res.ok = false;
      } else {
        configuring_ = false;
        level_.clear();
        print_messages(*r);
      }
    }
  } else if (cmd == "show") {
    res.ok = show_config(args, piped);
  } else if (cmd == "compare") {
    res.ok = compare(args, piped);
  } else if (cmd == "commit" || cmd == "commit-confirm") {
    res.ok = commit(args, cmd == "commit-confirm");
  } else if (cmd == "confirm") {
    res.ok = simple("confirm");
  } else if (cmd == "discard") {
    res.ok = simple("discard");
  } else if (cmd == "rollback") {
    if (args.size() != 1) {
      print_error({rc::Code::kInvalidArgument,
                   "rollback needs a revision number (see show system commit)",
                   "", "", "Error: must include a revision # to rollback to"},
                  "");
      res.ok = false;
    } else {
      res.ok = simple("rollback", {{"index", std::atoll(args[0].c_str())}});
    }
  } else if (cmd == "load" || cmd == "merge") {
    res.ok = load_file(cmd, args);
  } else if (cmd == "save") {
    res.ok = save(args);
  } else if (cmd == "run") {
    if (args.empty()) {
      print_error({rc::Code::kInvalidArgument, "", "", "",
                   "Incomplete command: run"}, "");
      res.ok = false;
    } else {
      configuring_ = false;
      res = run(after_first_word(line) + pipes_text(piped));
      configuring_ = true;
      res.exit = false;
    }
  }
  return res;
}

bool CliSession::show_config(const std::vector<std::string>& args,
                             const PipedLine& piped) {
  if (piped.has("compare")) {  // `show | compare`: the candidate vs running
    PipedLine rest = piped;
    rest.pipes.erase(std::remove_if(rest.pipes.begin(), rest.pipes.end(),
                                    [](const Pipe& p) { return p.name == "compare"; }),
                     rest.pipes.end());
    return compare({}, rest);
  }
  Json req = {{"op", "show"}, {"config", "candidate"}, {"path", args},
              {"format", "tree"}, {"markers", true}};
  if (piped.has("commands")) req["format"] = "commands";
  if (options_.json || piped.has("json")) req["format"] = "json";
  auto r = call(req);
  if (!r.ok()) {
    print_error(r.error(), "Show failed");
    return false;
  }
  if (r->value("empty", false)) {
    out_ << "Configuration under specified path is empty\n";
    return true;
  }
  emit(r->value("text", ""), piped);
  return true;
}

bool CliSession::compare(const std::vector<std::string>& in,
                         const PipedLine& piped) {
  std::vector<std::string> args = in;
  bool commands = !args.empty() && args.back() == "commands";
  if (commands) args.pop_back();
  commands = commands || piped.has("commands");
  Json req = {{"op", "compare"}, {"from", "running"}, {"to", "candidate"},
              {"commands", commands}};
  std::string what = "active";
  if (args.size() == 1 && args[0] == "saved") {
    req["from"] = "saved";
    what = "saved";
  } else if (args.size() == 1) {
    req["from"] = args[0];
    what = "revision " + args[0];
  } else if (args.size() == 2) {
    req["from"] = args[1];
    req["to"] = args[0];
    what = "revision " + args[1] + " and " + args[0];
  }
  auto r = call(req);
  if (!r.ok()) {
    print_error(r.error(), "");
    return false;
  }
  if (r->value("equal", false)) {
    out_ << "No changes between working and " << what << " configurations.\n";
    return true;
  }
  emit(r->value("text", ""), piped);
  return true;
}

bool CliSession::commit(const std::vector<std::string>& args, bool confirm_form) {
  Json req = {{"op", "commit"}, {"source", options_.interactive ? "cli" : "batch"}};
  size_t i = 0;
  if (confirm_form) {
    req["confirm"] = 10;
  }
  while (i < args.size()) {
    const std::string& a = args[i];
    if (a == "check") {
      req["check"] = true;
      ++i;
    } else if (a == "comment" && i + 1 < args.size()) {
      req["comment"] = join(args, i + 1);
      break;
    } else if (a == "confirm") {
      req["confirm"] = 10;
      ++i;
    } else if (!a.empty() && std::isdigit(static_cast<unsigned char>(a[0])) &&
               req.contains("confirm")) {
      req["confirm"] = std::atoi(a.c_str());
      ++i;
    } else {
      print_error({rc::Code::kInvalidArgument, "", "", "",
                   "Invalid argument \"" + a + "\" for 'commit'"}, "");
      return false;
    }
  }
  auto r = call(req);
  if (!r.ok()) {
    print_error(r.error(), "Commit failed");
    return false;
  }
  if (req.value("check", false)) {
    for (const auto& p : strings_of(r->value("plan", Json::array()))) {
      out_ << p << "\n";
    }
  }
  print_messages(*r);
  return true;
}

bool CliSession::simple(const char* op, Json req) {
  req["op"] = op;
  auto r = call(req);
  if (!r.ok()) {
    print_error(r.error(), "");
    return false;
  }
  print_messages(*r);
  return true;
}

bool CliSession::load_file(const std::string& op,
                           const std::vector<std::string>& args) {
  if (args.empty()) {
    print_error({rc::Code::kInvalidArgument, op + " needs a file name", "", "",
                 ""}, "");
    return false;
  }
  std::ifstream in(args[0], std::ios::binary);
  if (!in) {
    print_error({rc::Code::kIo, "cannot read " + args[0], "", "", ""}, "");
    return false;
  }
  std::string text((std::istreambuf_iterator<char>(in)), {});
  out_ << "Loading configuration from '" << args[0] << "'\n";
  return simple(op.c_str(), {{"text", text}});
}

bool CliSession::save(const std::vector<std::string>& args) {
  if (args.empty()) return simple("save");
  auto r = call({{"op", "save"}, {"file", args[0]}});
  if (!r.ok()) {
    print_error(r.error(), "");
    return false;
  }
  std::ofstream o(args[0], std::ios::binary | std::ios::trunc);
  o << r->value("text", "");
  if (!o) {
    print_error({rc::Code::kIo, "cannot write " + args[0], "", "", ""}, "");
    return false;
  }
  out_ << "Saving configuration to '" << args[0] << "'...\nDone\n";
  return true;
}

}  // namespace shell

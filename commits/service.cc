#include "commits/service.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <climits>
#include <cstdint>
#include <ctime>
#include <map>

#include "schema/boot_format.h"
#include "schema/commands_format.h"
#include "schema/compare_format.h"
#include "schema/edit.h"
#include "schema/set_lines.h"

namespace commits {
namespace {

Json ok_body() { return Json{{"ok", true}}; }

Json error_body(const rc::Error& e) {
  return Json{{"ok", false}, {"error", error_to_json(e)}};
}

Json error_body(rc::Code code, const std::string& message,
                const std::string& vyos = {}) {
  rc::Error e = rc::make_error(code, message);
  e.vyos = vyos;
  return error_body(e);
}

std::vector<std::string> strings_of(const Json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

std::string str(const Json& req, const char* key, const std::string& def = {}) {
  auto it = req.find(key);
  return it != req.end() && it->is_string() ? it->get<std::string>() : def;
}

int64_t num(const Json& req, const char* key, int64_t def = 0) {
  auto it = req.find(key);
  return it != req.end() && it->is_number_integer() ? it->get<int64_t>() : def;
}

bool flag(const Json& req, const char* key) {
  auto it = req.find(key);
  return it != req.end() && it->is_boolean() && it->get<bool>();
}

Json words_json(const schema::Path& p) { return Json(schema::path_words(p)); }

std::string format_time(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  ::localtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

bool in_group(const Peer& peer, const std::string& group) {
  if (peer.uid == 0 || group.empty()) return true;
  struct group* g = ::getgrnam(group.c_str());
  if (g == nullptr) return false;
  if (peer.gid == g->gr_gid) return true;
  struct passwd* pw = ::getpwuid(peer.uid);
  if (pw == nullptr) return false;
  int n = 64;
  std::vector<gid_t> groups(n);
  if (::getgrouplist(pw->pw_name, pw->pw_gid, groups.data(), &n) < 0) {
    groups.resize(n);
    ::getgrouplist(pw->pw_name, pw->pw_gid, groups.data(), &n);
  }
  for (int i = 0; i < n; ++i) {
    if (groups[i] == g->gr_gid) return true;
  }
  return false;
}

// Requests an operator (not an admin) may make.
bool read_only(const std::string& op) {
  return op == "hello" || op == "show" || op == "compare" || op == "history" ||
         op == "commit-diff" || op == "blame" || op == "status" ||
         op == "complete" || op == "op";  // op: changing commands checked there
}

// What drives the system an operational command reads, for the render
// backend's refusal.
std::string driven_by(const std::vector<std::string>& words) {
  for (const auto& w : words) {
    if (w == "vpn") return "strongSwan";
    if (w == "interfaces") return "the kernel's interfaces";
  }
  return "FRR";
}

}  // namespace

Service::Service(Engine* engine, ServiceOptions options)
    : engine_(engine), options_(std::move(options)) {}

bool Service::on_connect(const Peer& peer, std::string*) {
  Client c;
  c.peer = peer;
  c.admin = in_group(peer, options_.admin_group);
  clients_[peer.id] = std::move(c);
  return true;
}

void Service::on_disconnect(const Peer& peer) { clients_.erase(peer.id); }

int Service::next_timer_ms() {
  int64_t s = engine_->seconds_to_timer();
  if (s < 0) return -1;
  return s > 86400 ? 86400000 : static_cast<int>(s * 1000);
}

void Service::on_timer() {
  engine_->on_timer([&](const std::string& m) {
    if (server_ != nullptr) {
      server_->broadcast(Json{{"event", "confirm"}, {"message", m}});
    }
  });
}

void Service::notify_others(uint64_t except, const std::string& event,
                            const std::string& message) {
  if (server_ == nullptr) return;
  for (const auto& [id, c] : clients_) {
    if (id == except) continue;
    server_->send_event(id, Json{{"event", event}, {"message", message}});
  }
}

Json Service::on_request(const Peer& peer, const Json& req) {
  auto it = clients_.find(peer.id);
  if (it == clients_.end()) {
    return error_body(rc::Code::kInternal, "unknown connection");
  }
  Client& c = it->second;
  std::string op = str(req, "op");
  static const std::map<std::string, Handler> handlers = {
      {"hello", &Service::op_hello},
      {"configure", &Service::op_configure},
      {"edit", &Service::op_edit},
      {"show", &Service::op_show},
      {"compare", &Service::op_compare},
      {"commit", &Service::op_commit},
      {"confirm", &Service::op_confirm},
      {"discard", &Service::op_discard},
      {"exit-configure", &Service::op_exit_configure},
      {"rollback", &Service::op_rollback},
      {"load", &Service::op_load},
      {"merge", &Service::op_load},
      {"save", &Service::op_save},
      {"history", &Service::op_history},
      {"commit-diff", &Service::op_commit_diff},
      {"blame", &Service::op_blame},
      {"status", &Service::op_status},
      {"fault", &Service::op_fault},
      {"complete", &Service::op_complete},
      {"op", &Service::op_op}};
  auto h = handlers.find(op);
  if (h == handlers.end()) {
    return error_body(rc::Code::kInvalidArgument,
                      "unknown request '" + op + "'");
  }
  if (!c.admin && !read_only(op)) {
    return error_body(rc::Code::kConflict, "% Permission denied",
                      "% Permission denied");
  }
  bool needs_session = op == "edit" || op == "commit" || op == "discard" ||
                       op == "exit-configure" || op == "rollback" ||
                       op == "load" || op == "merge";
  if (needs_session && !c.session) {
    return error_body(rc::Code::kInvalidArgument,
                      "not in configuration mode (use configure)");
  }
  return (this->*(h->second))(c, req);
}

Json Service::op_hello(Client& c, const Json&) {
  Json r = ok_body();
  r["user"] = c.peer.user;
  r["host"] = options_.host_name;
  r["version"] = options_.version;
  r["role"] = c.admin ? "admin" : "operator";
  r["head"] = engine_->head();
  return r;
}

Json Service::op_configure(Client& c, const Json&) {
  if (!c.session) {
    c.session = std::make_unique<Session>();
    c.session->base = engine_->running();
    c.session->base_rev = engine_->head();
    c.session->candidate = engine_->running();
  }
  Json r = ok_body();
  r["level"] = words_json(c.session->level);
  if (auto p = engine_->pending_confirm()) {
    r["messages"] = Json::array(
        {"commit-confirm pending: revision " + std::to_string(p->rev) +
         " reverts at " + format_time(p->deadline) + " unless confirmed"});
  }
  return r;
}

Json Service::op_edit(Client& c, const Json& req) {
  Session& s = *c.session;
  schema::SetLineRunner runner(engine_->schema(), s.candidate);
  runner.set_level(s.level);
  Json notes = Json::array();
  Json r = ok_body();
  size_t done = 0;
  for (const auto& line : strings_of(req.value("lines", Json::array()))) {
    auto tokens = schema::tokenize(line);
    std::vector<std::string> n;
    rc::Status st = tokens.ok() ? rc::Status() : rc::Status(tokens.error());
    if (st.ok()) {
      n = tokens->notes;
      st = runner.run(tokens->words, &n);
    }
    for (auto& m : n) notes.push_back(m);
    if (!st.ok()) {
      r["error"] = error_to_json(st.error());
      r["error"]["line"] = done;
      break;
    }
    ++done;
  }
  s.candidate = runner.root();
  s.level = runner.level();
  r["done"] = done;
  r["level"] = words_json(s.level);
  r["notes"] = notes;
  return r;
}

rc::Result<schema::NodePtr> Service::config_named(Client& c,
                                                  const std::string& name) {
  if (name.empty() || name == "running" || name == "active") {
    return engine_->running();
  }
  if (name == "candidate" || name == "working") {
    if (!c.session) return engine_->running();
    return c.session->candidate;
  }
  if (name == "saved") {
    std::string text;
    std::string file = options_.state_dir + "/config.boot";
    FILE* f = std::fopen(file.c_str(), "rb");
    if (f == nullptr) return schema::empty_tree(engine_->schema());
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
    auto loaded = schema::load_config_text(engine_->schema(), text, true);
    return loaded.root;
  }
  char* end = nullptr;
  long index = std::strtol(name.c_str(), &end, 10);
  if (end == name.c_str() || *end != '\0' || index < 0) {
    return rc::make_error(rc::Code::kInvalidArgument,
                          "Invalid number [" + name + "]");
  }
  return engine_->revision(index);
}

Json Service::op_show(Client& c, const Json& req) {
  std::string which = str(req, "config", c.session ? "candidate" : "running");
  auto tree = config_named(c, which);
  if (!tree.ok()) return error_body(tree.error());
  schema::Path base = c.session && which == "candidate" ? c.session->level
                                                         : schema::Path{};
  auto r = schema::resolve(engine_->schema(), base,
                           strings_of(req.value("path", Json::array())),
                           schema::ResolveMode::kDelete);
  if (!r.ok()) return error_body(r.error());
  const schema::Node* node = schema::find_node(tree->get(), r->path);
  const schema::Node* old = schema::find_node(engine_->running().get(), r->path);
  schema::RenderOptions ro;
  ro.hide_secrets = !c.admin;
  std::string format = str(req, "format", "tree");
  Json out = ok_body();
  if (node == nullptr && !(flag(req, "markers") && old != nullptr)) {
    out["text"] = "";
    out["empty"] = true;
    return out;
  }
  if (format == "commands") {
    out["text"] = schema::render_commands(node, r->path, base.size(), ro);
  } else if (format == "json") {
    out["text"] = schema::render_json(node, ro);
  } else if (flag(req, "markers")) {
    out["text"] = schema::render_marked(node, old, ro);
  } else {
    schema::BootRenderOptions bo;
    bo.footer = false;
    bo.hide_secrets = ro.hide_secrets;
    out["text"] = schema::render_boot(node, bo);
  }
  return out;
}

Json Service::op_compare(Client& c, const Json& req) {
  auto from = config_named(c, str(req, "from", "running"));
  if (!from.ok()) return error_body(from.error());
  auto to = config_named(c, str(req, "to", "candidate"));
  if (!to.ok()) return error_body(to.error());
  schema::RenderOptions ro;
  ro.hide_secrets = !c.admin;
  Json out = ok_body();
  std::string text = flag(req, "commands")
                         ? schema::render_compare_commands(from->get(), to->get(), ro)
                         : schema::render_compare(from->get(), to->get(), ro);
  out["equal"] = text.empty();
  out["text"] = text;
  return out;
}

rc::Result<schema::NodePtr> Service::rebase(const Client& c) {
  const Session& s = *c.session;
  if (s.base_rev == engine_->head()) return s.candidate;
  auto mine = schema::diff(s.base.get(), s.candidate.get());
  auto theirs = schema::diff(s.base.get(), engine_->running().get());
  std::map<std::string, const schema::Change*> by_path;
  for (const auto& t : theirs) by_path[schema::path_string(t.path)] = &t;
  for (const auto& m : mine) {
    auto it = by_path.find(schema::path_string(m.path));
    if (it == by_path.end() || it->second->new_values == m.new_values) continue;
    std::string who = "another session";
    for (const auto& rev : engine_->history().revisions(
             static_cast<size_t>(engine_->head() - s.base_rev))) {
      for (const auto& row : engine_->history().changes(rev.rev)) {
        if (row.path == it->first) {
          who = rev.info.user + " in revision " + std::to_string(rev.rev);
          break;
        }
      }
    }
    auto vals = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
      return s.empty() ? std::string("(deleted)") : "'" + s + "'";
    };
    rc::Error e = rc::make_error(
        rc::Code::kConflict,
        "conflict: " + it->first + " is " + vals(m.new_values) +
            " in your changes but " + vals(it->second->new_values) + " by " +
            who,
        it->first, "discard your change to it, or re-enter it after 'discard'");
    return e;
  }
  schema::NodePtr rebased = engine_->running();
  for (const auto& m : mine) {
    rc::Status st = apply_row(engine_->schema(), rebased, to_row(m), true);
    if (!st.ok()) return st.error();
  }
  return rebased;
}

Json Service::op_commit(Client& c, const Json& req) {
  Session& s = *c.session;
  auto candidate = rebase(c);
  if (!candidate.ok()) return error_body(candidate.error());
  CommitOptions opt;
  opt.info.user = c.peer.user;
  // A rollback loaded into the session is recorded as such; otherwise the
  // client says how it runs (cli, batch, api).
  opt.info.source = s.source == "rollback" ? s.source : str(req, "source", s.source);
  opt.info.comment = str(req, "comment");
  opt.check_only = flag(req, "check");
  opt.confirm_minutes = static_cast<int>(num(req, "confirm", 0));
  auto r = engine_->commit(*candidate, opt);
  if (!r.ok()) return error_body(r.error());
  Json out = ok_body();
  out["plan"] = r->plan;
  Json messages = Json::array();
  if (r->no_changes && r->messages.empty()) {
    messages.push_back("No configuration changes to commit");
  }
  for (const auto& m : r->messages) messages.push_back(m);
  out["messages"] = messages;
  out["rev"] = r->rev;
  if (!opt.check_only) {
    s.base = engine_->running();
    s.base_rev = engine_->head();
    s.candidate = engine_->running();
    s.source = "cli";
    if (!r->no_changes) {
      notify_others(c.peer.id, "running-changed",
                    "Active configuration has been changed by user '" +
                        c.peer.user +
                        "'. Please make sure you do not have conflicting "
                        "changes. You can also discard the current changes "
                        "by issuing 'exit discard'.");
    }
  }
  return out;
}

Json Service::op_confirm(Client&, const Json&) {
  rc::Status st = engine_->confirm();
  if (!st.ok()) return error_body(st.error());
  Json out = ok_body();
  out["messages"] = Json::array({"Confirmed"});
  return out;
}

Json Service::op_discard(Client& c, const Json&) {
  Session& s = *c.session;
  bool changed = !schema::diff(engine_->running().get(), s.candidate.get()).empty();
  s.base = engine_->running();
  s.base_rev = engine_->head();
  s.candidate = engine_->running();
  s.source = "cli";
  Json out = ok_body();
  out["messages"] = Json::array({changed ? "Changes have been discarded"
                                         : "No changes have been discarded"});
  return out;
}

Json Service::op_exit_configure(Client& c, const Json& req) {
  Session& s = *c.session;
  bool changed = !schema::diff(engine_->running().get(), s.candidate.get()).empty();
  if (changed && !flag(req, "discard")) {
    return error_body(rc::Code::kConflict, "Cannot exit: configuration modified.",
                      "Cannot exit: configuration modified.\n"
                      "Use 'exit discard' to discard the changes and exit.");
  }
  c.session.reset();
  Json out = ok_body();
  if (engine_->history().saved_rev() != engine_->head()) {
    out["messages"] = Json::array({"Warning: configuration changes have not been saved."});
  }
  return out;
}

Json Service::op_rollback(Client& c, const Json& req) {
  int64_t index = num(req, "index", -1);
  auto tree = engine_->revision(index);
  if (!tree.ok()) return error_body(tree.error());
  c.session->candidate = *tree;
  c.session->source = "rollback";
  Json out = ok_body();
  out["messages"] = Json::array(
      {"Revision " + std::to_string(index) +
       " loaded into the candidate. Use 'compare' to review the changes or "
       "'commit' to apply them."});
  return out;
}

Json Service::op_load(Client& c, const Json& req) {
  Session& s = *c.session;
  bool merge = str(req, "op") == "merge";
  auto loaded = schema::load_config_text(engine_->schema(), str(req, "text"),
                                         flag(req, "skip_unsupported"));
  if (!loaded.errors.empty()) {
    rc::Error e = loaded.errors.front().error;
    e.message = "line " + std::to_string(loaded.errors.front().line) + ": " +
                e.message;
    if (loaded.errors.size() > 1) {
      e.message += " (and " + std::to_string(loaded.errors.size() - 1) +
                   " more errors)";
    }
    return error_body(e);
  }
  if (merge) {
    auto r = schema::parse_set_lines(engine_->schema(),
                                     schema::render_commands(loaded.root.get()),
                                     s.candidate);
    if (!r.errors.empty()) return error_body(r.errors.front().error);
    s.candidate = r.root;
  } else {
    s.candidate = loaded.root;
  }
  Json out = ok_body();
  out["messages"] = Json::array(
      {std::string(merge ? "Merge" : "Load") +
       " complete. Use 'commit' to make changes effective."});
  return out;
}

Json Service::op_save(Client& c, const Json& req) {
  (void)c;
  std::string file = str(req, "file");
  std::string text = schema::render_boot(engine_->running().get());
  Json out = ok_body();
  if (!file.empty()) {  // the client writes it, with the user's rights
    out["text"] = text;
    return out;
  }
  file = options_.state_dir + "/config.boot";
  rc::Status st = backend::write_file_atomic(file, text, 0600);
  if (!st.ok()) return error_body(st.error());
  st = engine_->history().record_saved(engine_->head(), file);
  if (!st.ok()) return error_body(st.error());
  out["messages"] = Json::array({"Saving configuration to '" + file + "'...", "Done"});
  return out;
}

Json Service::op_history(Client&, const Json& req) {
  size_t limit = static_cast<size_t>(num(req, "limit", 0));
  auto revs = engine_->history().revisions(limit);
  // Attempts that did not commit (failed, reverted, recovered) are listed
  // as indented lines under the revision they followed, so that parsers of
  // VyOS's format (Ansible's vyos_facts) read them as comments.
  auto attempts = engine_->history().attempts();
  std::string text;
  Json entries = Json::array();
  int64_t index = 0;
  int64_t newer_attempt = INT64_MAX;
  auto notes_after = [&](int64_t after_attempt) {
    std::string notes;
    for (const auto& a : attempts) {
      if (a.rev != 0 || a.attempt <= after_attempt ||
          a.attempt >= newer_attempt) {
        continue;
      }
      std::string err = a.error.substr(0, a.error.find('\n'));
      notes += "    [" + a.outcome + " " + format_time(a.info.time) + " by " +
               a.info.user + " via " + a.info.source +
               (err.empty() ? "" : ": " + err) + "]\n";
    }
    return notes;
  };
  for (const auto& r : revs) {
    std::string idx = std::to_string(index);
    while (idx.size() < 2) idx += ' ';
    text += idx + "  " + format_time(r.info.time) + " by " + r.info.user +
            " via " + r.info.source + "\n";
    if (!r.info.comment.empty() && r.info.comment != "commit") {
      text += "    " + r.info.comment + "\n";
    }
    text += notes_after(r.attempt);
    newer_attempt = r.attempt;
    entries.push_back(Json{{"index", index}, {"rev", r.rev},
                           {"time", r.info.time}, {"user", r.info.user},
                           {"source", r.info.source},
                           {"comment", r.info.comment}});
    ++index;
  }
  // Attempts older than the oldest revision (before the first commit, or
  // when nothing ever committed) follow the list when it is complete.
  if (limit == 0 || revs.size() < limit) text += notes_after(0);
  if (flag(req, "all")) {
    text.clear();
    for (const auto& a : engine_->history().attempts(limit)) {
      text += format_time(a.info.time) + " " + a.outcome +
              (a.rev ? " r" + std::to_string(a.rev) : std::string()) + " by " +
              a.info.user + " via " + a.info.source +
              (a.error.empty() ? "" : ": " + a.error) + "\n";
    }
  }
  Json out = ok_body();
  out["text"] = text;
  out["entries"] = entries;
  return out;
}

Json Service::op_commit_diff(Client& c, const Json& req) {
  int64_t index = num(req, "index", 0);
  auto rev = engine_->history().index_to_rev(index);
  if (!rev) {
    return error_body(rc::Code::kNotFound,
                      "Invalid revision [" + std::to_string(index) + "]");
  }
  auto after = engine_->revision(index);
  if (!after.ok()) return error_body(after.error());
  schema::NodePtr before = schema::empty_tree(engine_->schema());
  if (*rev > 1) {
    auto b = engine_->history().tree_at(engine_->schema(), *rev - 1,
                                        engine_->running());
    if (!b.ok()) return error_body(b.error());
    before = *b;
  }
  schema::RenderOptions ro;
  ro.hide_secrets = !c.admin;
  Json out = ok_body();
  out["text"] = schema::render_compare(before.get(), after->get(), ro);
  return out;
}

Json Service::op_blame(Client& c, const Json& req) {
  std::vector<std::string> words = strings_of(req.value("path", Json::array()));
  std::string prefix;
  for (const auto& w : words) prefix += (prefix.empty() ? "" : " ") + w;
  std::map<std::string, BlameLine> by_path;
  for (auto& b : engine_->history().blame(prefix)) by_path[b.path] = b;
  schema::RenderOptions ro;
  ro.hide_secrets = !c.admin;
  std::string cmds = schema::render_commands(engine_->running().get(), ro);
  std::string text;
  size_t pos = 0;
  while (pos < cmds.size()) {
    size_t nl = cmds.find('\n', pos);
    std::string line = cmds.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.compare(0, 4, "set ") != 0) continue;
    std::string body = line.substr(4);
    if (!prefix.empty() && body.compare(0, prefix.size(), prefix) != 0) continue;
    // The longest blamed path that starts this line.
    const BlameLine* best = nullptr;
    for (auto it = by_path.begin(); it != by_path.end(); ++it) {
      if (body.compare(0, it->first.size(), it->first) == 0 &&
          (body.size() == it->first.size() || body[it->first.size()] == ' ') &&
          (best == nullptr || it->first.size() > best->path.size())) {
        best = &it->second;
      }
    }
    if (best != nullptr) {
      text += "r" + std::to_string(best->rev) + " " + format_time(best->time) +
              " " + best->user + "  ";
    }
    text += line + "\n";
  }
  Json out = ok_body();
  out["text"] = text;
  return out;
}

Json Service::op_status(Client& c, const Json&) {
  Json out = ok_body();
  out["configuring"] = static_cast<bool>(c.session);
  out["head"] = engine_->head();
  if (c.session) {
    out["changed"] =
        !schema::diff(engine_->running().get(), c.session->candidate.get()).empty();
    out["level"] = words_json(c.session->level);
  }
  if (auto p = engine_->pending_confirm()) {
    out["pending_confirm"] = Json{{"rev", p->rev}, {"revert_to", p->revert_to},
                                  {"deadline", p->deadline}};
  }
  return out;
}

Json Service::op_complete(Client& c, const Json& req) {
  // Names under a path of the candidate (or running): existing tag values
  // for TAB. `path` is absolute; `prefix` filters; at most `limit` names.
  schema::NodePtr tree =
      c.session ? c.session->candidate : engine_->running();
  const schema::Node* at =
      schema::find_node(tree.get(), strings_of(req.value("path", Json::array())));
  std::string prefix = str(req, "prefix");
  size_t limit = static_cast<size_t>(num(req, "limit", 100));
  Json names = Json::array();
  size_t total = 0;
  if (at != nullptr) {
    at->children().for_each([&](const schema::Node* n) {
      if (n->name().compare(0, prefix.size(), prefix) != 0) return;
      if (names.size() < limit) names.push_back(std::string(n->name()));
      ++total;
    });
  }
  Json out = ok_body();
  out["names"] = names;
  out["total"] = total;
  return out;
}

Json Service::op_op(Client& c, const Json& req) {
  std::vector<std::string> words = strings_of(req.value("words", Json::array()));
  if (words.empty()) {
    return error_body(rc::Code::kInvalidArgument, "op: no command words");
  }
  std::string command;
  for (const auto& w : words) command += (command.empty() ? "" : " ") + w;
  backend::OpMode* provider = nullptr;
  for (backend::OpMode* p : options_.opmodes) {
    if (p != nullptr && p->handles(words)) {
      provider = p;
      break;
    }
  }
  bool changes = provider != nullptr
                     ? provider->changes_state(words)
                     : words[0] == "reset" || words[0] == "restart";
  if (changes && !c.admin) {
    return error_body(rc::Code::kConflict, "% Permission denied",
                      "% Permission denied");
  }
  if (provider == nullptr) {
    if (options_.opmodes.empty()) {
      return error_body(rc::Code::kNotFound,
                        "% " + command +
                            ": not available with the render backend "
                            "(routeshd --backend live drives " +
                            driven_by(words) + ")");
    }
    return error_body(rc::Code::kInvalidArgument,
                      "Invalid command: [" + command + "]",
                      "Invalid command: [" + command + "]");
  }
  provider->set_running(engine_->running());
  auto r = provider->run(words, flag(req, "json"));
  if (!r.ok()) return error_body(r.error());
  Json out = ok_body();
  out["text"] = *r;
  return out;
}

Json Service::op_fault(Client&, const Json& req) {
  if (options_.fault == nullptr) {
    return error_body(rc::Code::kInvalidArgument,
                      "fault injection is not enabled in this daemon");
  }
  backend::FaultHost::Spec spec;
  if (!backend::FaultHost::parse(str(req, "spec"), &spec)) {
    return error_body(rc::Code::kInvalidArgument, "bad fault spec");
  }
  options_.fault->arm(spec);
  return ok_body();
}

}  // namespace commits

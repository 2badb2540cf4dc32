// The "vici" channel handler (see vici_channel.h).
#include "backend/vici/vici_channel.h"

#include <unistd.h>

#include <set>

namespace backend::vici {
namespace {

rc::Error bad_payload(const std::string& why) {
  return rc::make_error(rc::Code::kInternal, "vici step: " + why);
}

// "load-conn 198.51.100.10": the command and what it names, never a secret.
std::string describe(const std::string& command, const Message& body) {
  std::string s = command;
  for (const char* key : {"name", "id", "ike", "child"}) {
    if (const std::string* v = body.value(key)) s += " " + *v;
  }
  if (command == "load-conn") {
    for (const auto& e : body.entries()) s += " " + e.name;
  }
  return s;
}

}  // namespace

rc::Status ViciChannel::connect() {
  if (client_.connected()) return rc::Status::Ok();
  return client_.connect(socket_path_);
}

rc::Status ViciChannel::handle(const Step& step, bool prepare) {
  const nlohmann::json& p = step.payload;
  if (!p.is_object() || !p.contains("command") || !p["command"].is_string()) {
    return bad_payload("no command in " +
                       p.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  std::string command = p["command"].get<std::string>();
  // A missing or null body is the empty message.
  auto body = Message::from_json(p.contains("body") && !p["body"].is_null()
                                     ? p["body"]
                                     : nlohmann::json::object());
  if (!body.ok()) return body.error();
  if (prepare) {
    if (auto st = connect(); !st.ok()) return st;
    auto v = client_.call("version");
    if (!v.ok()) {
      // A stale connection (charon restarted): one fresh attempt.
      client_.close();
      if (auto st = connect(); !st.ok()) return st;
      v = client_.call("version");
    }
    return v.ok() ? rc::Status::Ok() : rc::Status(v.error());
  }
  if (auto st = connect(); !st.ok()) {
    // Nothing to keep and no charon (its socket absent): nothing to unload.
    const nlohmann::json none = nlohmann::json::object();
    const nlohmann::json& keep =
        p.contains("body") && p["body"].is_object() ? p["body"] : none;
    if (command == "unload-others" &&
        keep.value("conns", nlohmann::json::array()).empty() &&
        keep.value("shared", nlohmann::json::array()).empty() &&
        ::access(socket_path_.c_str(), F_OK) != 0) {
      return rc::Status::Ok();
    }
    return st;
  }
  if (command == "unload-others") return unload_others(*body);
  log_.push_back(describe(command, *body));
  rc::Result<Message> r = rc::make_error(rc::Code::kInternal, "unreached");
  if (command == "initiate" || command == "terminate") {
    // These stream control-log events; keep their messages for the error.
    std::string trail;
    r = client_.stream(command, *body, "control-log", [&](const Message& m) {
      if (const std::string* msg = m.value("msg")) trail = *msg;
    });
    if (!r.ok() && !trail.empty()) {
      rc::Error e = r.error();
      e.message += " (last log: " + trail + ")";
      r = e;
    }
  } else {
    r = client_.call(command, *body);
  }
  if (!r.ok()) {
    bool ignore = p.contains("ignore_error") && p["ignore_error"].is_boolean() &&
                  p["ignore_error"].get<bool>() && r.error().code == rc::Code::kBackend;
    if (ignore) {
      log_.back() += " (ignored: " + r.error().message + ")";
      return rc::Status::Ok();
    }
    return r.error();
  }
  return rc::Status::Ok();
}

rc::Status ViciChannel::unload_others(const Message& keep) {
  std::set<std::string> conns, shared;
  if (const auto* l = keep.list("conns")) conns.insert(l->begin(), l->end());
  if (const auto* l = keep.list("shared")) shared.insert(l->begin(), l->end());
  auto have = client_.call("get-conns");
  if (!have.ok()) return have.error();
  if (const auto* l = have->list("conns")) {
    for (const auto& name : *l) {
      if (conns.count(name)) continue;
      log_.push_back("unload-conn " + name);
      Message m;
      m.set("name", name);
      auto r = client_.call("unload-conn", m);
      if (!r.ok()) return r.error();
    }
  }
  auto keys = client_.call("get-shared");
  if (!keys.ok()) return keys.error();
  if (const auto* l = keys->list("keys")) {
    for (const auto& id : *l) {
      if (shared.count(id)) continue;
      log_.push_back("unload-shared " + id);
      Message m;
      m.set("id", id);
      auto r = client_.call("unload-shared", m);
      if (!r.ok()) return r.error();
    }
  }
  return rc::Status::Ok();
}

}  // namespace backend::vici

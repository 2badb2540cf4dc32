// ipsec_bench swanctl.conf (see swanctl_conf.h).
#include "tests/ipsec/bench/swanctl_conf.h"

#include "backend/vici/vici_message.h"

namespace ipsec_bench {
namespace {

using backend::vici::Message;

std::string sanitized(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!keep) c = '-';
  }
  return out;
}

std::string secret_section(const std::string& id) {
  std::string s = sanitized(id);
  return s.rfind("ike", 0) == 0 ? s : "ike-" + s;
}

// True if `v` can be written without quotes.
bool is_bare(const std::string& v) {
  if (v.empty()) return false;
  for (char c : v) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') ||
                std::string("._-/:%@+,").find(c) != std::string::npos;
    if (!safe) return false;
  }
  return true;
}

std::string in_quotes(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A value as swanctl.conf reads it back unchanged.
std::string value_text(const std::string& v) { return is_bare(v) ? v : in_quotes(v); }

// swanctl splits a list at commas and trims the blanks around items.
std::string list_text(const std::vector<std::string>& items) {
  std::string joined;
  bool bare = true;
  for (const auto& i : items) {
    joined += (joined.empty() ? "" : ", ") + i;
    bare = bare && is_bare(i);
  }
  return bare && !joined.empty() ? joined : in_quotes(joined);
}

void write_message(const Message& m, int depth, bool rename_sections,
                   std::string* out);

void write_section(const std::string& name, const Message& body, int depth,
                   bool rename_children, std::string* out) {
  const std::string pad(static_cast<size_t>(depth) * 2, ' ');
  *out += pad + name + " {\n";
  write_message(body, depth + 1, rename_children, out);
  *out += pad + "}\n";
}

// Entries of `m`; with rename_sections, its sections are children (named
// through swanctl_name).
void write_message(const Message& m, int depth, bool rename_sections,
                   std::string* out) {
  const std::string pad(static_cast<size_t>(depth) * 2, ' ');
  for (const auto& e : m.entries()) {
    switch (e.kind) {
      case Message::Kind::kValue:
        *out += pad + e.name + " = " + value_text(e.value) + "\n";
        break;
      case Message::Kind::kList:
        *out += pad + e.name + " = " + list_text(e.items) + "\n";
        break;
      case Message::Kind::kSection:
        write_section(rename_sections ? swanctl_name(e.name) : e.name, e.section,
                      depth, !rename_sections && e.name == "children", out);
        break;
    }
  }
}

rc::Error refused(const std::string& why) {
  return rc::make_error(rc::Code::kInvalidArgument, "swanctl.conf: " + why);
}

rc::Status add_shared(const Message& body, std::string* out) {
  const std::string* id = body.value("id");
  const std::string* type = body.value("type");
  const std::string* data = body.value("data");
  if (id == nullptr || data == nullptr || type == nullptr || *type != "IKE") {
    return refused("load-shared needs id, data and type IKE");
  }
  *out += "  " + secret_section(*id) + " {\n";
  *out += "    secret = " + value_text(*data) + "\n";
  int n = 0;
  if (const auto* owners = body.list("owners")) {
    for (const auto& o : *owners) {
      *out += "    id-" + std::to_string(++n) + " = " + value_text(o) + "\n";
    }
  }
  *out += "  }\n";
  return rc::Status::Ok();
}

}  // namespace

std::string swanctl_name(const std::string& vici_name) {
  return "peer-" + sanitized(vici_name);
}

rc::Result<std::string> swanctl_conf(const std::vector<backend::Step>& steps) {
  std::string conns, secrets;
  for (const auto& s : steps) {
    const nlohmann::json& p = s.payload;
    if (s.kind != backend::Step::Kind::kMessage || s.channel != "vici" ||
        !p.is_object() || !p.contains("command") || !p["command"].is_string()) {
      return refused("not a vici step: " + s.describe());
    }
    const std::string command = p["command"];
    auto body = Message::from_json(p.value("body", nlohmann::json::object()));
    if (!body.ok()) return body.error();
    if (command == "load-conn") {
      for (const auto& e : body->entries()) {
        if (e.kind != Message::Kind::kSection) {
          return refused("load-conn holds connections only, not " + e.name);
        }
        write_section(swanctl_name(e.name), e.section, 1, false, &conns);
      }
    } else if (command == "load-shared") {
      if (auto st = add_shared(*body, &secrets); !st.ok()) return st.error();
    } else {
      return refused("no swanctl.conf form for " + command);
    }
  }
  return "connections {\n" + conns + "}\nsecrets {\n" + secrets + "}\n";
}

}  // namespace ipsec_bench

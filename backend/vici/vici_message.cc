// VICI message and packet encoding/decoding (see vici_message.h).
#include "backend/vici/vici_message.h"

#include <cstdio>

namespace backend::vici {
namespace {

enum Element : uint8_t {
  kSectionStart = 1,
  kSectionEnd = 2,
  kKeyValue = 3,
  kListStart = 4,
  kListItem = 5,
  kListEnd = 6,
};

rc::Error too_long(const char* what, const std::string& name, size_t max) {
  return rc::make_error(rc::Code::kInvalidArgument,
                        std::string("vici: ") + what + " '" +
                            name.substr(0, 40) + "' is longer than " +
                            std::to_string(max) + " bytes");
}

rc::Error malformed(const std::string& why, size_t at) {
  return rc::make_error(rc::Code::kBackend, "vici: malformed message: " + why +
                                                " at byte " + std::to_string(at));
}

rc::Status put_name(std::string* out, const std::string& name) {
  if (name.size() > kMaxName) return too_long("name", name, kMaxName);
  out->push_back(static_cast<char>(name.size()));
  out->append(name);
  return rc::Status::Ok();
}

rc::Status put_value(std::string* out, const std::string& value) {
  if (value.size() > kMaxValue) return too_long("value", value, kMaxValue);
  out->push_back(static_cast<char>((value.size() >> 8) & 0xff));
  out->push_back(static_cast<char>(value.size() & 0xff));
  out->append(value);
  return rc::Status::Ok();
}

rc::Status encode_into(const Message& m, std::string* out) {
  for (const auto& e : m.entries()) {
    switch (e.kind) {
      case Message::Kind::kValue: {
        out->push_back(kKeyValue);
        if (auto st = put_name(out, e.name); !st.ok()) return st;
        if (auto st = put_value(out, e.value); !st.ok()) return st;
        break;
      }
      case Message::Kind::kList: {
        out->push_back(kListStart);
        if (auto st = put_name(out, e.name); !st.ok()) return st;
        for (const auto& item : e.items) {
          out->push_back(kListItem);
          if (auto st = put_value(out, item); !st.ok()) return st;
        }
        out->push_back(kListEnd);
        break;
      }
      case Message::Kind::kSection: {
        out->push_back(kSectionStart);
        if (auto st = put_name(out, e.name); !st.ok()) return st;
        if (auto st = encode_into(e.section, out); !st.ok()) return st;
        out->push_back(kSectionEnd);
        break;
      }
    }
  }
  return rc::Status::Ok();
}

// A cursor over received bytes.
class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  bool at_end() const { return pos_ >= b_.size(); }
  size_t pos() const { return pos_; }
  bool byte(uint8_t* v) {
    if (pos_ + 1 > b_.size()) return false;
    *v = static_cast<uint8_t>(b_[pos_++]);
    return true;
  }
  bool name(std::string* s) {
    uint8_t n;
    if (!byte(&n) || pos_ + n > b_.size()) return false;
    s->assign(b_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool value(std::string* s) {
    if (pos_ + 2 > b_.size()) return false;
    size_t n = (static_cast<uint8_t>(b_[pos_]) << 8) |
               static_cast<uint8_t>(b_[pos_ + 1]);
    pos_ += 2;
    if (pos_ + n > b_.size()) return false;
    s->assign(b_.substr(pos_, n));
    pos_ += n;
    return true;
  }

 private:
  std::string_view b_;
  size_t pos_ = 0;
};

}  // namespace

Message::Entry* Message::find(std::string_view key) {
  for (auto& e : entries_) {
    if (e.name == key) return &e;
  }
  return nullptr;
}

const Message::Entry* Message::find(std::string_view key) const {
  for (const auto& e : entries_) {
    if (e.name == key) return &e;
  }
  return nullptr;
}

Message::Entry& Message::slot(std::string key, Kind kind) {
  Entry* e = find(key);
  if (e == nullptr) {
    entries_.emplace_back();
    e = &entries_.back();
    e->name = std::move(key);
  }
  *e = Entry{kind, std::move(e->name), {}, {}, {}};
  return *e;
}

Message& Message::set(std::string key, std::string value) {
  slot(std::move(key), Kind::kValue).value = std::move(value);
  return *this;
}

Message& Message::set_list(std::string key, std::vector<std::string> items) {
  slot(std::move(key), Kind::kList).items = std::move(items);
  return *this;
}

Message& Message::section(const std::string& name) {
  Entry* e = find(name);
  if (e != nullptr && e->kind == Kind::kSection) return e->section;
  return slot(name, Kind::kSection).section;
}

Message& Message::set_section(std::string name, Message section) {
  slot(std::move(name), Kind::kSection).section = std::move(section);
  return *this;
}

const std::string* Message::value(std::string_view key) const {
  const Entry* e = find(key);
  return e != nullptr && e->kind == Kind::kValue ? &e->value : nullptr;
}

const std::vector<std::string>* Message::list(std::string_view key) const {
  const Entry* e = find(key);
  return e != nullptr && e->kind == Kind::kList ? &e->items : nullptr;
}

const Message* Message::find_section(std::string_view name) const {
  const Entry* e = find(name);
  return e != nullptr && e->kind == Kind::kSection ? &e->section : nullptr;
}

std::string Message::get(std::string_view dotted) const {
  const Message* m = this;
  while (true) {
    size_t dot = dotted.find('.');
    if (dot == std::string_view::npos) {
      const std::string* v = m->value(dotted);
      return v != nullptr ? *v : std::string();
    }
    m = m->find_section(dotted.substr(0, dot));
    if (m == nullptr) return {};
    dotted.remove_prefix(dot + 1);
  }
}

rc::Result<std::string> Message::encode() const {
  std::string out;
  if (auto st = encode_into(*this, &out); !st.ok()) return st.error();
  return out;
}

rc::Result<Message> Message::decode(std::string_view bytes) {
  Reader r(bytes);
  Message root;
  std::vector<Message*> stack{&root};
  while (!r.at_end()) {
    size_t at = r.pos();
    uint8_t type = 0;
    if (!r.byte(&type)) return malformed("truncated element", at);
    std::string name, value;
    switch (type) {
      case kSectionStart: {
        if (!r.name(&name)) return malformed("truncated section name", at);
        Message* parent = stack.back();
        parent->set_section(name, Message());
        stack.push_back(&parent->find(name)->section);
        break;
      }
      case kSectionEnd:
        if (stack.size() < 2) return malformed("section end without start", at);
        stack.pop_back();
        break;
      case kKeyValue:
        if (!r.name(&name) || !r.value(&value)) {
          return malformed("truncated key/value", at);
        }
        stack.back()->set(std::move(name), std::move(value));
        break;
      case kListStart: {
        if (!r.name(&name)) return malformed("truncated list name", at);
        std::vector<std::string> items;
        while (true) {
          size_t item_at = r.pos();
          uint8_t t;
          if (!r.byte(&t)) return malformed("unterminated list", item_at);
          if (t == kListEnd) break;
          if (t != kListItem) {
            return malformed("element " + std::to_string(t) + " inside a list",
                             item_at);
          }
          if (!r.value(&value)) return malformed("truncated list item", item_at);
          items.push_back(std::move(value));
        }
        stack.back()->set_list(std::move(name), std::move(items));
        break;
      }
      default:
        return malformed("unexpected element type " + std::to_string(type), at);
    }
  }
  if (stack.size() != 1) return malformed("unterminated section", bytes.size());
  return root;
}

nlohmann::json Message::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& e : entries_) {
    switch (e.kind) {
      case Kind::kValue:
        j[e.name] = e.value;
        break;
      case Kind::kList:
        j[e.name] = e.items;
        break;
      case Kind::kSection:
        j[e.name] = e.section.to_json();
        break;
    }
  }
  return j;
}

namespace {

rc::Result<std::string> scalar(const nlohmann::json& v, const std::string& key) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return std::string(v.get<bool>() ? "yes" : "no");
  if (v.is_number()) return v.dump();
  return rc::make_error(rc::Code::kInvalidArgument,
                        "vici: '" + key + "' must be a string, number or "
                        "boolean, not " + std::string(v.type_name()));
}

}  // namespace

rc::Result<Message> Message::from_json(const nlohmann::json& j) {
  if (!j.is_object()) {
    return rc::make_error(rc::Code::kInvalidArgument,
                          "vici: a message must be a JSON object");
  }
  Message m;
  for (const auto& [key, v] : j.items()) {
    if (v.is_object()) {
      auto sub = from_json(v);
      if (!sub.ok()) return sub.error();
      m.set_section(key, std::move(sub).value());
    } else if (v.is_array()) {
      std::vector<std::string> items;
      for (const auto& item : v) {
        auto s = scalar(item, key);
        if (!s.ok()) return s.error();
        items.push_back(std::move(s).value());
      }
      m.set_list(key, std::move(items));
    } else {
      auto s = scalar(v, key);
      if (!s.ok()) return s.error();
      m.set(key, std::move(s).value());
    }
  }
  return m;
}

std::string Message::debug_string(int indent) const {
  std::string pad(static_cast<size_t>(indent), ' ');
  std::string s;
  for (const auto& e : entries_) {
    switch (e.kind) {
      case Kind::kValue:
        s += pad + e.name + " = " + e.value + "\n";
        break;
      case Kind::kList: {
        s += pad + e.name + " = [";
        for (size_t i = 0; i < e.items.size(); ++i) {
          s += (i ? ", " : "") + e.items[i];
        }
        s += "]\n";
        break;
      }
      case Kind::kSection:
        s += pad + e.name + " {\n" + e.section.debug_string(indent + 2) + pad +
             "}\n";
        break;
    }
  }
  return s;
}

bool Message::operator==(const Message& o) const {
  return entries_ == o.entries_;
}

bool is_named(PacketType type) {
  return type == PacketType::kCmdRequest ||
         type == PacketType::kEventRegister ||
         type == PacketType::kEventUnregister || type == PacketType::kEvent;
}

const char* packet_type_name(PacketType type) {
  switch (type) {
    case PacketType::kCmdRequest: return "CMD_REQUEST";
    case PacketType::kCmdResponse: return "CMD_RESPONSE";
    case PacketType::kCmdUnknown: return "CMD_UNKNOWN";
    case PacketType::kEventRegister: return "EVENT_REGISTER";
    case PacketType::kEventUnregister: return "EVENT_UNREGISTER";
    case PacketType::kEventConfirm: return "EVENT_CONFIRM";
    case PacketType::kEventUnknown: return "EVENT_UNKNOWN";
    case PacketType::kEvent: return "EVENT";
  }
  return "?";
}

rc::Result<std::string> encode_packet(const Packet& packet) {
  std::string body;
  body.push_back(static_cast<char>(packet.type));
  if (is_named(packet.type)) {
    if (auto st = put_name(&body, packet.name); !st.ok()) return st.error();
  }
  if (packet.type == PacketType::kCmdRequest ||
      packet.type == PacketType::kCmdResponse ||
      packet.type == PacketType::kEvent) {
    if (auto st = encode_into(packet.message, &body); !st.ok()) {
      return st.error();
    }
  }
  if (body.size() > kMaxSegment) {
    return rc::make_error(rc::Code::kInvalidArgument,
                          "vici: message of " + std::to_string(body.size()) +
                              " bytes exceeds the 512 KiB segment limit");
  }
  std::string out;
  uint32_t n = static_cast<uint32_t>(body.size());
  out.push_back(static_cast<char>((n >> 24) & 0xff));
  out.push_back(static_cast<char>((n >> 16) & 0xff));
  out.push_back(static_cast<char>((n >> 8) & 0xff));
  out.push_back(static_cast<char>(n & 0xff));
  out += body;
  return out;
}

rc::Result<Packet> decode_packet(std::string_view bytes) {
  Reader r(bytes);
  uint8_t type;
  if (!r.byte(&type)) return malformed("empty packet", 0);
  if (type > static_cast<uint8_t>(PacketType::kEvent)) {
    return malformed("unknown packet type " + std::to_string(type), 0);
  }
  Packet p;
  p.type = static_cast<PacketType>(type);
  if (is_named(p.type) && !r.name(&p.name)) {
    return malformed("truncated packet name", 1);
  }
  auto m = Message::decode(bytes.substr(r.pos()));
  if (!m.ok()) return m.error();
  p.message = std::move(m).value();
  return p;
}

std::string hex(std::string_view bytes) {
  std::string s;
  char buf[4];
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%02x", static_cast<uint8_t>(bytes[i]));
    if (i) s += ' ';
    s += buf;
  }
  return s;
}

}  // namespace backend::vici

// backend::vici::Message and Packet: strongSwan's VICI wire format.
//
// VICI (Versatile IKE Control Interface, strongSwan's
// src/libcharon/plugins/vici/README.md) is spoken over a stream socket.
// Verified byte for byte against charon 5.9.8 (../shared/notes/backends.md
// §1.1):
//   segment  = u32 big-endian length (not counting itself) + packet,
//              at most 512 KiB;
//   packet   = u8 type [+ u8 name length + name, for named types] + message;
//   message  = elements: 1 SECTION_START(name) 2 SECTION_END
//              3 KEY_VALUE(name, value) 4 LIST_START(name) 5 LIST_ITEM(value)
//              6 LIST_END; name = u8 length + bytes, value = u16 BE length +
//              bytes. Every value is a string; lists hold only items and do
//              not nest; sections nest; keys are unique within a section.
// e.g. `unload-conn {name=probe}` is
//   00 00 00 1a | 00 | 0b "unload-conn" | 03 04 "name" 00 05 "probe".
//
// A Message keeps its elements in the order they were added (the order on
// the wire). It converts to and from JSON for plans and logs: a string is a
// key/value, an array of strings a list, an object a section.
//
// Thread-safety: plain values.
#ifndef ROUTESH_BACKEND_VICI_VICI_MESSAGE_H_
#define ROUTESH_BACKEND_VICI_VICI_MESSAGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/status.h"

namespace backend::vici {

// Wire limits.
inline constexpr size_t kMaxSegment = 512 * 1024;
inline constexpr size_t kMaxName = 255;
inline constexpr size_t kMaxValue = 65535;

class Message {
 public:
  struct Entry;
  enum class Kind : uint8_t { kValue, kList, kSection };

  // Adds (or replaces) a key/value, a list or a section. Returns *this, or
  // for section() the section, so that messages read as they print.
  Message& set(std::string key, std::string value);
  Message& set_list(std::string key, std::vector<std::string> items);
  // The section named `name`, created empty at the end if absent.
  Message& section(const std::string& name);
  // Adds a complete section (replacing one of the same name).
  Message& set_section(std::string name, Message section);

  bool empty() const { return entries_.empty(); }
  const std::vector<Entry>& entries() const { return entries_; }

  // Lookups; nullptr if absent or of another kind.
  const std::string* value(std::string_view key) const;
  const std::vector<std::string>* list(std::string_view key) const;
  const Message* find_section(std::string_view name) const;
  // The value at a dotted path ("peer.children.vti.mark_in"), or "".
  std::string get(std::string_view dotted) const;

  // Elements only (no packet header): the bytes after the packet name.
  // Errors (kInvalidArgument) for names or values over the wire limits.
  rc::Result<std::string> encode() const;
  // Parses elements. Errors (kBackend) on truncation, unknown element
  // types, unbalanced sections, nested or unterminated lists.
  static rc::Result<Message> decode(std::string_view bytes);

  // {"k": "v", "l": ["a", "b"], "s": {...}}. Numbers and booleans in the
  // input become strings ("1", "yes"/"no"); null or other types are errors.
  nlohmann::json to_json() const;
  static rc::Result<Message> from_json(const nlohmann::json& j);

  // An indented, human readable form for logs and test failures
  // (`key = value`, `list = [a, b]`, `name { ... }`).
  std::string debug_string(int indent = 0) const;

  bool operator==(const Message& o) const;

 private:
  // The entry named `key` (appended if absent), emptied and set to `kind`.
  Entry& slot(std::string key, Kind kind);
  Entry* find(std::string_view key);
  const Entry* find(std::string_view key) const;
  std::vector<Entry> entries_;
};

struct Message::Entry {
  Kind kind = Kind::kValue;
  std::string name;
  std::string value;               // kValue
  std::vector<std::string> items;  // kList
  Message section;                 // kSection
  bool operator==(const Entry& o) const {
    return kind == o.kind && name == o.name && value == o.value &&
           items == o.items && section == o.section;
  }
};

enum class PacketType : uint8_t {
  kCmdRequest = 0,       // named
  kCmdResponse = 1,
  kCmdUnknown = 2,
  kEventRegister = 3,    // named
  kEventUnregister = 4,  // named
  kEventConfirm = 5,
  kEventUnknown = 6,
  kEvent = 7,            // named
};

// True for the types that carry a name.
bool is_named(PacketType type);
const char* packet_type_name(PacketType type);

struct Packet {
  PacketType type = PacketType::kCmdRequest;
  std::string name;  // named types only
  Message message;   // CMD_REQUEST, CMD_RESPONSE, EVENT
};

// The whole segment: u32 BE length + packet.
rc::Result<std::string> encode_packet(const Packet& packet);
// A packet from the bytes after the length prefix.
rc::Result<Packet> decode_packet(std::string_view bytes);

// "00 00 00 1a 00 0b 75 6e ..." for test failures and logs.
std::string hex(std::string_view bytes);

}  // namespace backend::vici

#endif  // ROUTESH_BACKEND_VICI_VICI_MESSAGE_H_

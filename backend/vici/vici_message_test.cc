// Golden bytes of the VICI wire format (../shared/notes/backends.md §1.1)
// and the parser's handling of every element and packet type.
#include "backend/vici/vici_message.h"

#include <doctest/doctest.h>

namespace backend::vici {
namespace {

std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}

}  // namespace

TEST_CASE("unload-conn {name=probe} encodes to the bytes charon 5.9.8 accepted") {
  Packet p{PacketType::kCmdRequest, "unload-conn", {}};
  p.message.set("name", "probe");
  auto out = encode_packet(p);
  REQUIRE(out.ok());
  std::string want = bytes({0x00, 0x00, 0x00, 0x1a, 0x00, 0x0b}) + "unload-conn" +
                     bytes({0x03, 0x04}) + "name" + bytes({0x00, 0x05}) + "probe";
  CHECK(hex(*out) == hex(want));
  CHECK(hex(*out).substr(0, 17) == "00 00 00 1a 00 0b");
}

TEST_CASE("charon's error reply decodes to success=no and errmsg") {
  std::string errmsg = "unload: connection 'probe' not found";
  REQUIRE(errmsg.size() == 0x24);
  std::string body = bytes({0x01, 0x03, 0x07}) + "success" + bytes({0x00, 0x02}) +
                     "no" + bytes({0x03, 0x06}) + "errmsg" + bytes({0x00, 0x24}) +
                     errmsg;
  auto p = decode_packet(body);
  REQUIRE(p.ok());
  CHECK(p->type == PacketType::kCmdResponse);
  CHECK(p->name.empty());
  CHECK(p->message.get("success") == "no");
  CHECK(p->message.get("errmsg") == errmsg);
}

TEST_CASE("all six element types round-trip, in order") {
  Message m;
  m.set("version", "2");
  m.set_list("proposals", {"aes128-sha1-modp1024", "aes256-sha256-modp2048"});
  Message& conn = m.section("peer");
  conn.set("remote_addrs", "x");
  conn.section("children").section("vti").set("mark_in", "0x900000");
  m.set_list("empty", {});
  auto enc = m.encode();
  REQUIRE(enc.ok());
  // Element bytes: list start, items, list end; section start/end.
  CHECK(enc->find(bytes({0x04, 0x09}) + "proposals" + bytes({0x05, 0x00, 0x14})) !=
        std::string::npos);
  CHECK(enc->substr(enc->size() - 8) == bytes({0x04, 0x05}) + "empty" + bytes({0x06}));
  auto dec = Message::decode(*enc);
  REQUIRE(dec.ok());
  CHECK(*dec == m);
  CHECK(dec->get("peer.children.vti.mark_in") == "0x900000");
  CHECK(dec->get("peer.nope.x").empty());
  REQUIRE(dec->list("proposals") != nullptr);
  CHECK(dec->list("proposals")->size() == 2);
  CHECK(dec->entries()[0].name == "version");
  CHECK(dec->entries()[3].name == "empty");
  CHECK(m.debug_string() ==
        "version = 2\n"
        "proposals = [aes128-sha1-modp1024, aes256-sha256-modp2048]\n"
        "peer {\n"
        "  remote_addrs = x\n"
        "  children {\n"
        "    vti {\n"
        "      mark_in = 0x900000\n"
        "    }\n"
        "  }\n"
        "}\n"
        "empty = []\n");
}

TEST_CASE("every packet type encodes its header as documented") {
  struct Case {
    PacketType type;
    std::string name;
    std::string header;
  } cases[] = {
      {PacketType::kCmdRequest, "version", bytes({0, 7}) + "version"},
      {PacketType::kCmdResponse, "", bytes({1})},
      {PacketType::kCmdUnknown, "", bytes({2})},
      {PacketType::kEventRegister, "list-sa", bytes({3, 7}) + "list-sa"},
      {PacketType::kEventUnregister, "list-sa", bytes({4, 7}) + "list-sa"},
      {PacketType::kEventConfirm, "", bytes({5})},
      {PacketType::kEventUnknown, "", bytes({6})},
      {PacketType::kEvent, "list-sa", bytes({7, 7}) + "list-sa"},
  };
  for (const auto& c : cases) {
    CAPTURE(packet_type_name(c.type));
    auto out = encode_packet({c.type, c.name, {}});
    REQUIRE(out.ok());
    std::string len = bytes({0, 0, 0, static_cast<int>(c.header.size())});
    CHECK(hex(*out) == hex(len + c.header));
    auto back = decode_packet(out->substr(4));
    REQUIRE(back.ok());
    CHECK(back->type == c.type);
    CHECK(back->name == c.name);
  }
  // An event carries a message after its name.
  Packet ev{PacketType::kEvent, "control-log", {}};
  ev.message.set("msg", "hello");
  auto out = encode_packet(ev);
  REQUIRE(out.ok());
  auto back = decode_packet(out->substr(4));
  REQUIRE(back.ok());
  CHECK(back->message.get("msg") == "hello");
}

TEST_CASE("malformed input is an error naming what and where, never a crash") {
  struct Case {
    std::string bytes;
    std::string why;
  } cases[] = {
      {bytes({3, 4}) + "na", "truncated key/value"},
      {bytes({3, 4}) + "name" + bytes({0, 9}) + "short", "truncated key/value"},
      {bytes({1, 1}) + "s", "unterminated section"},
      {bytes({2}), "section end without start"},
      {bytes({4, 1}) + "l" + bytes({5, 0, 1}) + "a", "unterminated list"},
      {bytes({4, 1}) + "l" + bytes({4, 1}) + "m", "inside a list"},
      {bytes({4, 1}) + "l" + bytes({3}), "inside a list"},
      {bytes({9}), "unexpected element type 9"},
      {bytes({1}), "truncated section name"},
  };
  for (const auto& c : cases) {
    CAPTURE(hex(c.bytes));
    auto m = Message::decode(c.bytes);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().message.find(c.why) != std::string::npos);
    CHECK(m.error().message.find("at byte") != std::string::npos);
  }
  CHECK_FALSE(decode_packet("").ok());
  CHECK_FALSE(decode_packet(bytes({8})).ok());
  CHECK_FALSE(decode_packet(bytes({0, 9}) + "abc").ok());
}

TEST_CASE("names and values over the wire limits are refused when encoding") {
  Message m;
  m.set(std::string(256, 'k'), "v");
  CHECK_FALSE(m.encode().ok());
  Message v;
  v.set("k", std::string(65536, 'v'));
  auto e = v.encode();
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().message.find("longer than 65535") != std::string::npos);
  Message ok;
  ok.set("k", std::string(65535, 'v'));
  CHECK(ok.encode().ok());
  Message big;
  for (int i = 0; i < 9; ++i) big.set("k" + std::to_string(i), std::string(65535, 'v'));
  auto seg = encode_packet({PacketType::kCmdRequest, "load-conn", big});
  REQUIRE_FALSE(seg.ok());
  CHECK(seg.error().message.find("512 KiB") != std::string::npos);
}

TEST_CASE("JSON form: strings, lists and sections; numbers and booleans as text") {
  auto j = nlohmann::json::parse(
      R"({"a": "x", "n": 5, "b": true, "l": ["p", 2], "s": {"t": "u"}})");
  auto m = Message::from_json(j);
  REQUIRE(m.ok());
  CHECK(m->get("a") == "x");
  CHECK(m->get("n") == "5");
  CHECK(m->get("b") == "yes");
  CHECK(*m->list("l") == std::vector<std::string>{"p", "2"});
  CHECK(m->get("s.t") == "u");
  CHECK(m->to_json() == nlohmann::json::parse(
                            R"({"a": "x", "n": "5", "b": "yes", "l": ["p", "2"],
                                "s": {"t": "u"}})"));
  CHECK_FALSE(Message::from_json(nlohmann::json::parse(R"({"a": null})")).ok());
  CHECK_FALSE(Message::from_json(nlohmann::json::parse(R"({"l": [{}]})")).ok());
  CHECK_FALSE(Message::from_json(nlohmann::json::parse("[1]")).ok());
}

TEST_CASE("set replaces a key in place; keys stay unique") {
  Message m;
  m.set("a", "1").set("b", "2").set("a", "3");
  REQUIRE(m.entries().size() == 2);
  CHECK(m.entries()[0].name == "a");
  CHECK(m.get("a") == "3");
  m.set_list("a", {"x"});
  CHECK(m.value("a") == nullptr);
  CHECK(m.list("a") != nullptr);
}

}  // namespace backend::vici

#include "schema/value_type.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace schema {
namespace {

ValueType type(std::vector<std::string> specs) {
  auto t = ValueType::parse(specs);
  REQUIRE_MESSAGE(t.ok(), (t.ok() ? "" : t.error().message));
  return std::move(t).value();
}

bool accepts(const ValueType& t, std::string_view v) { return t.check(v).ok(); }

// The message of a refused value ("" if it was accepted).
std::string message(const ValueType& t, std::string_view v) {
  rc::Status s = t.check(v);
  return s.ok() ? "" : s.error().message;
}

std::string hint(const ValueType& t, std::string_view v) {
  rc::Status s = t.check(v);
  return s.ok() ? "" : s.error().hint;
}

void check_all(const ValueType& t, std::vector<std::string> good,
               std::vector<std::string> bad) {
  for (const auto& v : good) CHECK_MESSAGE(accepts(t, v), "refused: " << v);
  for (const auto& v : bad) CHECK_MESSAGE(!accepts(t, v), "accepted: " << v);
}

std::string storable_message(std::string_view v, size_t max_len = 4096) {
  rc::Status s = check_storable(v, max_len);
  return s.ok() ? "" : s.error().message;
}

TEST_CASE("ipv4-address is a strict dotted quad") {
  ValueType t = type({"ipv4-address"});
  check_all(t, {"192.0.2.1", "0.0.0.0", "255.255.255.255", "10.0.0.0"},
            {"01.2.3.4", "1.2.3.04", "1.2.3.00", "256.1.1.1", "1.2.3",
             "1.2.3.4.5", "1.2.3.4/32", " 1.2.3.4", "1.2.3.4 ", "1..2.3",
             "1.2.3.", ".1.2.3", "a.b.c.d", "+1.2.3.4", "-1.2.3.4", "",
             "2001:db8::1", "1.2.3.1000", "4294967296.1.1.1"});
  CHECK(message(t, "01.2.3.4") == "01.2.3.4 is not an IPv4 address");
  CHECK(t.expected() == "an IPv4 address");
  CHECK_FALSE(t.is_numeric());
  CHECK(t.enum_words().empty());
}

TEST_CASE("ipv6-address and ip-address") {
  ValueType v6 = type({"ipv6-address"});
  check_all(v6,
            {"2001:db8::1", "::", "::1", "fe80::1:2:3:4",
             "2001:db8:0:0:0:0:0:1", "::ffff:192.0.2.1"},
            {"192.0.2.1", "2001:db8::1/64", "2001:db8:::1", "2001:db8::g",
             "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", ""});
  CHECK(v6.expected() == "an IPv6 address");
  ValueType any = type({"ip-address"});
  check_all(any, {"192.0.2.1", "2001:db8::1"},
            {"192.0.2.01", "192.0.2.1/32", "2001:db8::/32", "host"});
  CHECK(any.expected() == "an IPv4 or IPv6 address");
  CHECK(message(any, "host") == "host is not an IPv4 or IPv6 address");
}

TEST_CASE("prefixes must have the host bits zero") {
  ValueType t = type({"ipv4-prefix"});
  check_all(t,
            {"10.0.0.0/8", "0.0.0.0/0", "192.0.2.0/24", "192.0.2.1/32",
             "192.0.2.128/25"},
            {"10.0.0.1/8", "10.0.0.0", "10.0.0.0/33", "10.0.0.0/08",
             "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "010.0.0.0/8",
             "10.0.0.0/8/8", "2001:db8::/32", "192.0.2.128/24"});
  CHECK(t.expected() ==
        "an IPv4 network prefix (host bits zero, e.g. 10.0.0.0/8)");
  CHECK(message(t, "10.0.0.1/8") ==
        "10.0.0.1/8 is not an IPv4 network prefix (host bits zero, e.g. "
        "10.0.0.0/8)");
  CHECK(hint(t, "10.0.0.1/8") == "did you mean 10.0.0.0/8?");
  CHECK(hint(t, "192.0.2.77/26") == "did you mean 192.0.2.64/26?");
  CHECK(hint(t, "1.2.3.4/0") == "did you mean 0.0.0.0/0?");
  CHECK(hint(t, "10.0.0.0/33").empty());

  ValueType v6 = type({"ipv6-prefix"});
  check_all(v6, {"2001:db8::/32", "::/0", "2001:db8::1/128", "fe80::/10"},
            {"2001:db8::1/32", "2001:db8::/129", "2001:db8::", "10.0.0.0/8"});
  CHECK(hint(v6, "2001:db8::1/32") == "did you mean 2001:db8::/32?");
  CHECK(hint(v6, "2001:db8:1:2:3::/48") == "did you mean 2001:db8:1::/48?");

  ValueType any = type({"ip-prefix"});
  check_all(any, {"10.0.0.0/8", "2001:db8::/32"},
            {"10.0.0.1/8", "2001:db8::1/32"});
  CHECK(hint(any, "10.1.2.3/16") == "did you mean 10.1.0.0/16?");
}

TEST_CASE("host addresses take any address with a valid length") {
  ValueType t = type({"ipv4-host"});
  check_all(t,
            {"169.254.12.38/30", "192.0.2.1/24", "10.0.0.0/8", "192.0.2.1/32",
             "192.0.2.1/0"},
            {"192.0.2.1", "192.0.2.1/33", "192.0.2.01/24", "192.0.2.1/024",
             "2001:db8::1/64"});
  CHECK(t.expected() ==
        "an IPv4 address with prefix length (e.g. 192.0.2.1/24)");
  ValueType v6 = type({"ipv6-host"});
  check_all(v6, {"2001:db8::1/64", "fe80::1/128", "::/0"},
            {"2001:db8::1", "2001:db8::1/129", "192.0.2.1/24"});
  ValueType any = type({"ip-host"});
  check_all(any, {"192.0.2.1/24", "2001:db8::1/64"},
            {"192.0.2.1", "2001:db8::1/200"});
}

TEST_CASE("numbers: decimal digits in range") {
  ValueType mtu = type({"u32:68-9000"});
  check_all(mtu, {"68", "1500", "9000"},
            {"67", "9001", "99999", "0", "-1", "+1500", "1500 ", "15.0",
             "0x5dc", "", "1e3", "99999999999999999999"});
  CHECK(mtu.check("99999").error().message == "99999 is out of range 68-9000");
  CHECK(mtu.check("99999").error().hint.empty());
  CHECK(message(mtu, "99999999999999999999") ==
        "99999999999999999999 is out of range 68-9000");
  CHECK(message(mtu, "abc") == "abc is not a number");
  CHECK(message(mtu, "-1") == "-1 is not a number");
  CHECK(message(mtu, "+1500") == "+1500 is not a number");
  CHECK(message(mtu, "01500") == "01500 is not a number");
  CHECK(hint(mtu, "01500") == "did you mean 1500?");
  CHECK(mtu.expected() == "a number in 68-9000");
  CHECK(mtu.is_numeric());

  ValueType full = type({"u32:1-4294967295"});
  check_all(full, {"1", "4294967295"}, {"0", "4294967296"});
  CHECK(message(full, "4294967296") ==
        "4294967296 is out of range 1-4294967295");

  ValueType several = type({"u32:0-0,4-65535"});
  check_all(several, {"0", "4", "65535"}, {"1", "3", "65536"});
  CHECK(message(several, "2") == "2 is out of range 0-0, 4-65535");
  CHECK(several.expected() == "a number in 0-0, 4-65535");

  ValueType any = type({"u32"});
  check_all(any, {"0", "4294967295"}, {"4294967296"});
  ValueType single = type({"u32:7"});
  check_all(single, {"7"}, {"6", "8"});
}

TEST_CASE("enums name their words and suggest the closest") {
  ValueType t = type({"enum:aes128|aes192|aes256|3des"});
  check_all(t, {"aes128", "aes256", "3des"}, {"AES128", "aes", "", "aes128 "});
  CHECK(message(t, "aes129") ==
        "aes129 is not one of: aes128, aes192, aes256, 3des");
  CHECK(hint(t, "aes129") == "did you mean aes128?");
  CHECK(hint(t, "blowfish").empty());
  CHECK(t.enum_words() ==
        std::vector<std::string>{"aes128", "aes192", "aes256", "3des"});
  ValueType pd = type({"enum:permit|deny"});
  CHECK(pd.expected() == "one of: permit, deny");
  CHECK(hint(pd, "permt") == "did you mean permit?");
  CHECK(hint(pd, "dney") == "did you mean deny?");
  CHECK(hint(pd, "prmt") == "did you mean permit?");  // two edits
  CHECK(hint(pd, "permitxyz").empty());               // three edits
  CHECK(hint(pd, "x").empty());  // as many edits as letters: no guess
  CHECK_FALSE(pd.is_numeric());
}

TEST_CASE("name, regex and text") {
  ValueType name = type({"name"});
  check_all(name, {"IN", "peer-group_1.x", "0"},
            {"", "a b", "a/b", "a:b", "caf\xc3\xa9", "a@b"});
  CHECK(name.expected() == "a name of letters, digits, '-', '_' and '.'");

  ValueType re = type({"regex:(?!x)[a-z]+\\d"});  // ECMAScript syntax
  check_all(re, {"abc1", "z9"}, {"abc", "1abc1", "abc12", "xabc1!", ""});
  CHECK(re.expected() == "a value matching (?!x)[a-z]+\\d");

  ValueType text = type({"text"});
  CHECK(text.expected() == "text of at most 256 characters");
  check_all(text,
            {"", "to the hub", std::string(256, 'x'),
             std::string(255, 'x') + "\xc3\xa9"},  // 256 characters
            {std::string(257, 'x'), "a\nb", "it's", "tab\there"});
  CHECK(message(text, std::string(257, 'x')) ==
        std::string(257, 'x') + " is longer than 256 characters");
  ValueType short_text = type({"text:5"});
  check_all(short_text, {"12345", "caf\xc3\xa9"}, {"123456"});
  CHECK(message(short_text, "123456") == "123456 is longer than 5 characters");
  CHECK(short_text.expected() == "text of at most 5 characters");
}

TEST_CASE("interfaces") {
  ValueType any = type({"interface"});
  check_all(any,
            {"eth0", "eth0.7", "pppoe1", "vti10", "lo", "tun0", "wg0", "br0",
             "eth0@1", "abcdefghijklmno"},
            {"", "abcdefghijklmnop", "eth 0", "eth/0", "eth:0", ".", ".."});
  CHECK(any.expected() == "an interface name");

  ValueType eth = type({"interface:ethernet"});
  check_all(eth,
            {"eth0", "eth12", "eth0.7", "ens3", "enp0s3", "eno1", "enp0s3.100"},
            {"eth", "ethx", "eth0.", "eth0.x", "vti0", "lo", "en", "enp",
             "wlan0", "eth0.7.8"});

  ValueType vti = type({"interface:vti"});
  check_all(vti, {"vti0", "vti10", "vti1234"},
            {"vti", "vtix", "eth0", "vti1.5", "VTI0", "vti0 "});
  CHECK(vti.expected() == "a VTI interface name (vtiN)");
  CHECK(message(vti, "eth0") == "eth0 is not a VTI interface name (vtiN)");

  ValueType lo = type({"interface:loopback"});
  check_all(lo, {"lo"}, {"lo0", "l", "eth0"});
}

TEST_CASE("host names and domain names") {
  ValueType h = type({"hostname"});
  check_all(h,
            {"vyos", "spoke-oregon", "azure-gw-01", "a", "r1.example.com",
             std::string(253, 'a')},
            {"", "-vyos", "vyos-", ".vyos", "vyos.", "vy_os", "vy os",
             std::string(254, 'a')});
  ValueType f = type({"fqdn"});
  check_all(f,
            {"example.com", "localhost", "a-b.c-d.example", "0.pool.ntp.org",
             std::string(63, 'a') + ".com"},
            {"", "example..com", ".example.com", "example.com.", "-a.com",
             "a-.com", "a_b.com", std::string(64, 'a') + ".com",
             std::string(250, 'a') + ".com"});
  CHECK(f.expected() == "a domain name");
}

TEST_CASE("base64, time zones and encrypted passwords") {
  ValueType b = type({"base64"});
  check_all(b,
            {"AAAAB3NzaC1yc2EAAAADAQABAAABAQC7examplekey",
             "abc=", "ab==", "a+b/c", "abc"},
            {"", "=", "abc===", "ab=c", "a b", "abc!", "abc-"});

  ValueType tz = type({"time-zone"});
  check_all(tz,
            {"UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires",
             "Etc/GMT+5", "America/Port-au-Prince"},
            {"", "Europe", "Europe/", "/Berlin", "Europe//Berlin",
             "Europe/Berlin/x/y", "Europe/Ber lin", "../etc/passwd"});

  ValueType p = type({"encrypted-password"});
  const std::string sha512 =
      "$6$O5gJRlDYQpj$MtrCV9lxMnZPMbcxlU7.FI793MImNHznxGoMFgm3Q6QP3vfKJyOSRCt3"
      "Ka/GzFQyW1yZS4NS616NLHaIPPFHc0";
  check_all(
      p,
      {"*", "!", "!!", sha512, "abcdefghijklm",
       "$1$saltsalt$" + std::string(22, 'a'), "$5$salt$" + std::string(43, 'b'),
       "$6$rounds=5000$salt$" + std::string(86, 'c')},
      {"", "secret", "!!!", sha512.substr(0, sha512.size() - 1), sha512 + "x",
       "$6$$" + std::string(86, 'a'), "$2$salt$" + std::string(86, 'a'),
       "$1$saltsalty$" + std::string(22, 'a'),
       "$6$salt$" + std::string(85, 'a') + "!", "abcdefghijkl!"});
}

TEST_CASE("union types accept any alternative and explain all of them") {
  ValueType as = type({"u32:1-4294967295", "enum:internal|external"});
  check_all(as, {"65010", "internal", "external"}, {"0", "intern", "x"});
  CHECK(as.expected() ==
        "a number in 1-4294967295 or one of: internal, external");
  CHECK_FALSE(as.is_numeric());
  CHECK(as.enum_words() == std::vector<std::string>{"internal", "external"});
  // A number out of range keeps the precise message of the numeric type.
  CHECK(message(as, "0") == "0 is out of range 1-4294967295");
  CHECK(message(as, "intrnal") ==
        "intrnal is not a number in 1-4294967295 or one of: internal, "
        "external");
  CHECK(hint(as, "intrnal") == "did you mean internal?");

  ValueType addr = type({"ipv4-prefix", "ipv6-prefix"});
  CHECK(accepts(addr, "10.0.0.0/8"));
  CHECK(accepts(addr, "2001:db8::/32"));
  CHECK(hint(addr, "10.0.0.1/8") == "did you mean 10.0.0.0/8?");
  CHECK(message(addr, "x") ==
        "x is not an IPv4 network prefix (host bits zero, e.g. 10.0.0.0/8) or "
        "an IPv6 network prefix (host bits zero, e.g. 2001:db8::/32)");

  ValueType two_ranges = type({"u32:1-10", "u32:20-30"});
  CHECK(two_ranges.is_numeric());
  CHECK(accepts(two_ranges, "25"));
  CHECK(message(two_ranges, "15") ==
        "15 is not a number in 1-10 or a number in 20-30");
}

TEST_CASE("parse refuses specs outside the vocabulary") {
  auto r = ValueType::parse({"ipv5-address"});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("ipv5-address") != std::string::npos);
  CHECK(r.error().code == rc::Code::kInvalidArgument);
  auto mixed = ValueType::parse({"name", "frobnicate"});
  REQUIRE_FALSE(mixed.ok());
  CHECK(mixed.error().message.find("frobnicate") != std::string::npos);
  for (const char* bad :
       {"u32:", "u32:9-1", "u32:1-", "u32:a-b", "u32:1-2-3", "u32:1-4294967296",
        "enum:", "enum:a||b", "regex:", "regex:[a-", "regex:(",
        "text:", "text:0", "text:x", "interface:tunnel", "IPv4-address", ""}) {
    auto t = ValueType::parse({bad});
    CHECK_MESSAGE(!t.ok(), "parsed: " << bad);
    if (!t.ok() && *bad) {
      CHECK(t.error().message.find(bad) != std::string::npos);
    }
  }
  CHECK_FALSE(ValueType::parse({}).ok());
}

TEST_CASE("a default ValueType accepts anything") {
  ValueType t;
  CHECK(t.check("anything").ok());
  CHECK_FALSE(t.is_numeric());
  CHECK(t.enum_words().empty());
}

TEST_CASE("check_storable refuses what cannot be stored") {
  CHECK(check_storable("to the hub").ok());
  CHECK(check_storable("").ok());
  CHECK(check_storable("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80").ok());
  CHECK(storable_message("a\nb") == "value contains a newline");
  CHECK(storable_message(std::string("a\0b", 3)) ==
        "value contains a control character (0x00)");
  CHECK(storable_message("a\tb") ==
        "value contains a control character (0x09)");
  CHECK(storable_message("a\rb") ==
        "value contains a control character (0x0d)");
  CHECK(storable_message("a\x7f") ==
        "value contains a control character (0x7f)");
  CHECK(storable_message("a\x1b[1m") ==
        "value contains a control character (0x1b)");
  CHECK(storable_message("it's") == "value contains a quote character (')");
  CHECK(storable_message("say \"hi\"") ==
        "value contains a quote character (\")");
  // Typographic quotes are valid UTF-8 but still quotes.
  for (const char* q :
       {"\xe2\x80\x98", "\xe2\x80\x99", "\xe2\x80\x9c", "\xe2\x80\x9d"}) {
    CHECK(storable_message(std::string("a") + q + "b") ==
          std::string("value contains a quote character (") + q + ")");
  }
  // Invalid UTF-8: stray continuation, truncated sequence, overlong, surrogate.
  for (const char* bad : {"\x80", "a\xc3", "\xc0\xaf", "\xe0\x80\xaf",
                          "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff", "\xfe"}) {
    std::string m = storable_message(bad);
    CHECK_MESSAGE(m.find("not valid UTF-8") != std::string::npos, m);
  }
  CHECK(storable_message("\xc2\x85") ==
        "value contains a control character (U+0085)");
  CHECK(check_storable(std::string(4096, 'a')).ok());
  CHECK(storable_message(std::string(4097, 'a')) ==
        "value is longer than 4096 bytes");
  CHECK(storable_message("abcdef", 5) == "value is longer than 5 bytes");
  CHECK(check_storable("abcde", 5).ok());
}

}  // namespace
}  // namespace schema

#include "schema/value_type.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <exception>
#include <optional>
#include <regex>
#include <utility>

namespace schema {

struct ValueType::Alternative {
  // The outcome of checking a value against one alternative.
  struct Verdict {
    bool ok = true;
    std::string message;
    std::string hint;
    bool out_of_range = false;
  };
  enum class IpForm { kAddress, kPrefix, kHost };

  Verdict (*check)(const Alternative&, std::string_view) = nullptr;
  std::string expected;                               // "an IPv4 address"
  int ip_versions = 0;                                // IP: 1 v4, 2 v6, 3 both
  IpForm ip_form = IpForm::kAddress;                  // IP
  std::vector<std::pair<uint32_t, uint32_t>> ranges;  // u32
  std::vector<std::string> words;                     // enum
  std::optional<std::regex> re;                       // regex
  size_t max_len = 256;                               // text, in characters
  bool (*accepts)(std::string_view) = nullptr;        // fixed word types
};

namespace {

using Alt = ValueType::Alternative;
using Verdict = Alt::Verdict;
using IpForm = Alt::IpForm;
constexpr size_t kNpos = std::string_view::npos;

Verdict fail(std::string message, std::string hint = {}) {
  return Verdict{false, std::move(message), std::move(hint), false};
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (size_t p = s.find(sep);; p = s.find(sep)) {
    parts.push_back(s.substr(0, p));
    if (p == kNpos) return parts;
    s.remove_prefix(p + 1);
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_or_digit(char c) { return is_digit(c) || (c >= 'a' && c <= 'z'); }
bool is_alnum(char c) { return is_lower_or_digit(c) || (c >= 'A' && c <= 'Z'); }
bool is_host_char(char c) { return is_alnum(c) || c == '-' || c == '.'; }
bool is_name_char(char c) { return is_host_char(c) || c == '_'; }
bool is_ifname_char(char c) { return is_name_char(c) || c == '@'; }
bool is_label_char(char c) { return is_alnum(c) || c == '-'; }
bool is_base64_char(char c) { return is_alnum(c) || c == '+' || c == '/'; }
bool is_tz_char(char c) { return is_label_char(c) || c == '_' || c == '+'; }
bool is_crypt_char(char c) { return is_alnum(c) || c == '.' || c == '/'; }

// True if `s` is not empty and every character satisfies `pred`.
bool only(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}
bool digits(std::string_view s) { return only(s, is_digit); }

// Decimal digits only; false if empty or above 2^32-1.
bool parse_u32(std::string_view s, uint32_t* out) {
  if (!digits(s) || s.size() > 10) return false;
  uint64_t v = 0;
  for (char c : s) v = v * 10 + static_cast<uint64_t>(c - '0');
  *out = static_cast<uint32_t>(v);
  return v <= 0xffffffffULL;
}

// A number of at most `max`, without leading zeros ("0" itself is fine).
bool parse_small(std::string_view s, uint32_t max, uint32_t* out) {
  return s.size() <= 3 && (s.size() == 1 || s[0] != '0') && parse_u32(s, out) &&
         *out <= max;
}

// Strict dotted quad: four octets 0-255, no leading zeros, no spaces.
bool parse_ipv4(std::string_view s, std::array<uint8_t, 16>* out) {
  std::vector<std::string_view> octets = split(s, '.');
  if (octets.size() != 4) return false;
  for (size_t i = 0; i < 4; ++i) {
    uint32_t v = 0;
    if (!parse_small(octets[i], 255, &v)) return false;
    (*out)[i] = static_cast<uint8_t>(v);
  }
  return true;
}

bool parse_ipv6(std::string_view s, std::array<uint8_t, 16>* out) {
  if (s.empty() || s.size() >= INET6_ADDRSTRLEN) return false;
  return inet_pton(AF_INET6, std::string(s).c_str(), out->data()) == 1;
}

Verdict check_ip(const Alt& alt, std::string_view v) {
  Verdict bad = fail(std::string(v) + " is not " + alt.expected);
  size_t slash = v.find('/');
  if ((alt.ip_form == IpForm::kAddress) != (slash == kNpos)) return bad;
  std::array<uint8_t, 16> bytes{};
  bool v6 = false;
  if (!((alt.ip_versions & 1) && parse_ipv4(v.substr(0, slash), &bytes))) {
    v6 = (alt.ip_versions & 2) && parse_ipv6(v.substr(0, slash), &bytes);
    if (!v6) return bad;
  }
  if (alt.ip_form == IpForm::kAddress) return Verdict{};
  uint32_t len = 0, bits = v6 ? 128 : 32;
  if (!parse_small(v.substr(slash + 1), bits, &len)) return bad;
  if (alt.ip_form == IpForm::kHost) return Verdict{};
  std::array<uint8_t, 16> net = bytes;
  for (uint32_t bit = len; bit < bits; ++bit) {
    net[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
  }
  if (net == bytes) return Verdict{};
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, net.data(), text, sizeof text);
  bad.hint =
      "did you mean " + std::string(text) + "/" + std::to_string(len) + "?";
  return bad;
}

std::string ranges_text(const Alt& alt) {
  std::string s;
  for (const auto& [lo, hi] : alt.ranges) {
    s +=
        (s.empty() ? "" : ", ") + std::to_string(lo) + "-" + std::to_string(hi);
  }
  return s;
}

Verdict check_u32(const Alt& alt, std::string_view v) {
  std::string value(v);
  if (!digits(v)) return fail(value + " is not a number");
  if (v.size() > 1 && v[0] == '0') {  // "010" would not be canonical
    size_t nz = v.find_first_not_of('0');
    std::string plain(nz == kNpos ? "0" : v.substr(nz));
    return fail(value + " is not a number", "did you mean " + plain + "?");
  }
  uint32_t n = 0;
  bool fits = parse_u32(v, &n);
  for (const auto& [lo, hi] : alt.ranges) {
    if (fits && n >= lo && n <= hi) return Verdict{};
  }
  Verdict r = fail(value + " is out of range " + ranges_text(alt));
  r.out_of_range = true;
  return r;
}

Verdict check_enum(const Alt& alt, std::string_view v) {
  std::string best;
  size_t best_d = SIZE_MAX;
  for (const auto& w : alt.words) {
    if (w == v) return Verdict{};
    size_t d = edit_distance(v, w);
    if (d < best_d) {
      best_d = d;
      best = w;
    }
  }
  std::string hint;
  if (best_d <= 2 && best_d < v.size()) hint = "did you mean " + best + "?";
  return fail(std::string(v) + " is not " + alt.expected, hint);
}

Verdict check_text(const Alt& alt, std::string_view v) {
  rc::Status st = check_storable(v, SIZE_MAX);
  if (!st.ok()) return fail(st.error().message, st.error().hint);
  size_t chars = std::count_if(v.begin(), v.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  });
  if (chars <= alt.max_len) return Verdict{};
  return fail(std::string(v) + " is longer than " +
              std::to_string(alt.max_len) + " characters");
}

bool is_name(std::string_view v) { return only(v, is_name_char); }
bool is_loopback(std::string_view v) { return v == "lo"; }
bool is_interface(std::string_view v) {
  return v.size() <= 15 && v != "." && v != ".." && only(v, is_ifname_char);
}
bool is_vti(std::string_view v) {
  return v.size() <= 15 && v.substr(0, 3) == "vti" && digits(v.substr(3));
}

// ethN or a predictable en* name (ens3, enp0s3), optionally with .VLAN.
bool is_ethernet(std::string_view v) {
  size_t dot = v.find('.');
  if (v.size() > 15 || (dot != kNpos && !digits(v.substr(dot + 1)))) {
    return false;
  }
  std::string_view base = v.substr(0, dot);
  if (base.substr(0, 3) == "eth") return digits(base.substr(3));
  std::string_view rest = base.substr(std::min<size_t>(2, base.size()));
  return base.substr(0, 2) == "en" && only(rest, is_lower_or_digit) &&
         std::any_of(rest.begin(), rest.end(), is_digit);
}

bool is_hostname(std::string_view v) {
  return v.size() <= 253 && only(v, is_host_char) && is_alnum(v.front()) &&
         is_alnum(v.back());
}

bool is_fqdn(std::string_view v) {
  std::vector<std::string_view> labels = split(v, '.');
  return v.size() <= 253 &&
         std::all_of(labels.begin(), labels.end(), [](std::string_view l) {
           return only(l, is_label_char) && l.size() <= 63 &&
                  l.front() != '-' && l.back() != '-';
         });
}

bool is_base64(std::string_view v) {
  size_t eq = v.find('=');
  std::string_view pad = v.substr(std::min(eq, v.size()));
  return only(v.substr(0, eq), is_base64_char) && pad.size() <= 2 &&
         pad.find_first_not_of('=') == kNpos;
}

bool is_time_zone(std::string_view v) {
  std::vector<std::string_view> parts = split(v, '/');
  return v == "UTC" ||
         ((parts.size() == 2 || parts.size() == 3) &&
          std::all_of(parts.begin(), parts.end(),
                      [](std::string_view p) { return only(p, is_tz_char); }));
}

// "*", "!", "!!", traditional DES (13 characters) or a $1$/$5$/$6$ crypt(3)
// hash with the lengths glibc produces (salt up to 8/16/16, hash 22/43/86).
bool is_encrypted_password(std::string_view v) {
  if (v == "*" || v == "!" || v == "!!") return true;
  if (v.size() == 13 && only(v, is_crypt_char)) return true;
  std::vector<std::string_view> parts = split(v, '$');
  if (parts.size() == 5 && parts[1] != "1" &&
      parts[2].substr(0, 7) == "rounds=" && digits(parts[2].substr(7))) {
    parts.erase(parts.begin() + 2);
  }
  if (parts.size() != 4 || !parts[0].empty()) return false;
  size_t hash_len = parts[1] == "1" ? 22 : parts[1] == "5" ? 43 : 86;
  return (parts[1] == "1" || parts[1] == "5" || parts[1] == "6") &&
         parts[2].size() <= (hash_len == 22 ? 8u : 16u) &&
         only(parts[2], is_crypt_char) && parts[3].size() == hash_len &&
         only(parts[3], is_crypt_char);
}

// The word types: a regex, or a fixed type's own test.
Verdict check_word(const Alt& alt, std::string_view v) {
  bool ok = false;
  try {
    ok =
        alt.re ? std::regex_match(v.begin(), v.end(), *alt.re) : alt.accepts(v);
  } catch (const std::exception&) {
    ok = false;  // e.g. regex_error(error_complexity)
  }
  return ok ? Verdict{} : fail(std::string(v) + " is not " + alt.expected);
}

// The types without parameters.
struct Fixed {
  std::string_view spec;
  std::string_view expected;
  bool (*accepts)(std::string_view);  // null: an IP type
  int ip_versions = 0;
  IpForm ip_form = IpForm::kAddress;
};

constexpr Fixed kFixed[] = {
    {"ipv4-address", "an IPv4 address", nullptr, 1},
    {"ipv6-address", "an IPv6 address", nullptr, 2},
    {"ip-address", "an IPv4 or IPv6 address", nullptr, 3},
    {"ipv4-prefix", "an IPv4 network prefix (host bits zero, e.g. 10.0.0.0/8)",
     nullptr, 1, IpForm::kPrefix},
    {"ipv6-prefix",
     "an IPv6 network prefix (host bits zero, e.g. 2001:db8::/32)", nullptr, 2,
     IpForm::kPrefix},
    {"ip-prefix",
     "an IPv4 or IPv6 network prefix (host bits zero, e.g. 10.0.0.0/8)",
     nullptr, 3, IpForm::kPrefix},
    {"ipv4-host", "an IPv4 address with prefix length (e.g. 192.0.2.1/24)",
     nullptr, 1, IpForm::kHost},
    {"ipv6-host", "an IPv6 address with prefix length (e.g. 2001:db8::1/64)",
     nullptr, 2, IpForm::kHost},
    {"ip-host",
     "an IPv4 or IPv6 address with prefix length (e.g. 192.0.2.1/24)", nullptr,
     3, IpForm::kHost},
    {"name", "a name of letters, digits, '-', '_' and '.'", is_name},
    {"interface", "an interface name", is_interface},
    {"interface:ethernet", "an Ethernet interface name (ethN)", is_ethernet},
    {"interface:vti", "a VTI interface name (vtiN)", is_vti},
    {"interface:loopback", "the loopback interface (lo)", is_loopback},
    {"hostname", "a host name of letters, digits, '-' and '.'", is_hostname},
    {"fqdn", "a domain name", is_fqdn},
    {"base64", "a base64 string", is_base64},
    {"time-zone", "a time zone such as Europe/Berlin or UTC", is_time_zone},
    {"encrypted-password", "an encrypted password ($6$salt$hash, * or !)",
     is_encrypted_password},
};

rc::Error spec_error(const std::string& spec, const std::string& why) {
  return rc::make_error(rc::Code::kInvalidArgument,
                        "bad value type '" + spec + "': " + why);
}

rc::Result<std::unique_ptr<Alt>> parse_one(const std::string& spec) {
  auto alt = std::make_unique<Alt>();
  for (const Fixed& f : kFixed) {
    if (spec != f.spec) continue;
    alt->check = f.accepts ? check_word : check_ip;
    alt->expected = f.expected;
    alt->accepts = f.accepts;
    alt->ip_versions = f.ip_versions;
    alt->ip_form = f.ip_form;
    return alt;
  }
  size_t colon = spec.find(':');
  bool has_arg = colon != kNpos;
  std::string_view head = std::string_view(spec).substr(0, colon);
  std::string_view arg =
      std::string_view(spec).substr(has_arg ? colon + 1 : spec.size());
  if (head == "u32") {
    alt->check = check_u32;
    if (!has_arg) alt->ranges.push_back({0, 0xffffffffu});
    for (std::string_view range :
         has_arg ? split(arg, ',') : std::vector<std::string_view>()) {
      std::vector<std::string_view> ends = split(range, '-');
      uint32_t lo = 0, hi = 0;
      if (ends.size() > 2 || !parse_u32(ends.front(), &lo) ||
          !parse_u32(ends.back(), &hi) || lo > hi) {
        return spec_error(spec, "'" + std::string(range) + "' is not a range");
      }
      alt->ranges.push_back({lo, hi});
    }
    alt->expected = "a number in " + ranges_text(*alt);
  } else if (head == "enum" && has_arg) {
    alt->check = check_enum;
    alt->expected = "one of: ";
    for (std::string_view word : split(arg, '|')) {
      if (word.empty()) return spec_error(spec, "empty word");
      alt->expected += (alt->words.empty() ? "" : ", ") + std::string(word);
      alt->words.emplace_back(word);
    }
  } else if (head == "regex" && !arg.empty()) {
    alt->check = check_word;
    alt->expected = "a value matching " + std::string(arg);
    try {
      alt->re.emplace(arg.begin(), arg.end(), std::regex::ECMAScript);
    } catch (const std::exception& e) {
      return spec_error(spec, std::string("invalid pattern: ") + e.what());
    }
  } else if (head == "text") {
    alt->check = check_text;
    uint32_t n = 256;
    if (has_arg && (!parse_u32(arg, &n) || n == 0)) {
      return spec_error(spec, "the length must be a positive number");
    }
    alt->max_len = n;
    alt->expected = "text of at most " + std::to_string(n) + " characters";
  } else {
    return rc::make_error(rc::Code::kInvalidArgument,
                          "unknown value type '" + spec + "'");
  }
  return alt;
}

// Decodes the UTF-8 sequence at s[i] into *cp; returns its length, or 0 if
// it is not valid UTF-8 (truncated, overlong, a surrogate, above U+10FFFF).
size_t decode_utf8(std::string_view s, size_t i, uint32_t* cp) {
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80             ? 1
             : (c & 0xe0) == 0xc0 ? 2
             : (c & 0xf0) == 0xe0 ? 3
             : (c & 0xf8) == 0xf0 ? 4
                                  : 0;
  if (n == 0 || i + n > s.size()) return 0;
  *cp = n == 1 ? c : c & (0x7fu >> n);
  for (size_t k = 1; k < n; ++k) {
    unsigned char b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    *cp = (*cp << 6) | (b & 0x3fu);
  }
  bool bad =
      *cp < kMin[n] || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff);
  return bad ? 0 : n;
}

}  // namespace

ValueType::ValueType() = default;
ValueType::~ValueType() = default;
ValueType::ValueType(ValueType&&) noexcept = default;
ValueType& ValueType::operator=(ValueType&&) noexcept = default;

rc::Result<ValueType> ValueType::parse(const std::vector<std::string>& specs) {
  if (specs.empty()) {
    return rc::make_error(rc::Code::kInvalidArgument, "empty value type list");
  }
  ValueType t;
  for (const auto& spec : specs) {
    auto alt = parse_one(spec);
    if (!alt.ok()) return alt.error();
    t.alternatives_.push_back(std::move(alt).value());
  }
  return t;
}

rc::Status ValueType::check(std::string_view value) const {
  if (alternatives_.empty()) return rc::Status::Ok();
  int numeric = 0;
  std::optional<Verdict> first, range, hinted;
  for (const auto& alt : alternatives_) {
    Verdict v = alt->check(*alt, value);
    if (v.ok) return rc::Status::Ok();
    if (alt->check == check_u32) ++numeric;
    if (v.out_of_range) range = v;
    if (!hinted && !v.hint.empty()) hinted = v;
    if (!first) first = std::move(v);
  }
  // One alternative, or a number out of the one numeric alternative's range:
  // its own message is the most precise.
  const Verdict* own = alternatives_.size() == 1 ? &*first : nullptr;
  if (!own && numeric == 1 && range) own = &*range;
  if (own) {
    return rc::make_error(rc::Code::kInvalidArgument, own->message, {},
                          own->hint);
  }
  return rc::make_error(rc::Code::kInvalidArgument,
                        std::string(value) + " is not " + expected(), {},
                        hinted ? hinted->hint : std::string());
}

std::string ValueType::expected() const {
  if (alternatives_.empty()) return "a value";
  std::string s;
  for (const auto& alt : alternatives_) {
    s += (s.empty() ? "" : " or ") + alt->expected;
  }
  return s;
}

std::vector<std::string> ValueType::enum_words() const {
  std::vector<std::string> words;
  for (const auto& alt : alternatives_) {
    words.insert(words.end(), alt->words.begin(), alt->words.end());
  }
  return words;
}

bool ValueType::is_numeric() const {
  return !alternatives_.empty() &&
         std::all_of(alternatives_.begin(), alternatives_.end(),
                     [](const auto& a) { return a->check == check_u32; });
}

rc::Status check_storable(std::string_view value, size_t max_len) {
  auto refuse = [](std::string message, std::string hint = {}) {
    return rc::Status(rc::make_error(rc::Code::kInvalidArgument,
                                     std::move(message), {}, std::move(hint)));
  };
  if (value.size() > max_len) {
    return refuse("value is longer than " + std::to_string(max_len) + " bytes");
  }
  char code[16];
  for (size_t i = 0, n = 0; i < value.size(); i += n) {
    uint32_t cp = 0;
    n = decode_utf8(value, i, &cp);
    if (n == 0) {
      std::snprintf(code, sizeof code, "0x%02x",
                    static_cast<unsigned char>(value[i]));
      return refuse("value is not valid UTF-8 (byte " + std::string(code) +
                    " at offset " + std::to_string(i) + ")");
    }
    if (cp == '\n') return refuse("value contains a newline");
    // C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
        cp == 0x2029) {
      std::snprintf(code, sizeof code, cp < 0x80 ? "0x%02x" : "U+%04X",
                    static_cast<unsigned>(cp));
      return refuse("value contains a control character (" + std::string(code) +
                    ")");
    }
    if (cp == '\'' || cp == '"' || cp == 0x2018 || cp == 0x2019 ||
        cp == 0x201c || cp == 0x201d) {
      return refuse("value contains a quote character (" +
                        std::string(value.substr(i, n)) + ")",
                    "values cannot contain quotes");
    }
  }
  return rc::Status::Ok();
}

}  // namespace schema

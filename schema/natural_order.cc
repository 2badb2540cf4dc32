#include "schema/natural_order.h"

namespace schema {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

// The comparison proper, from positions i and j.
static int compare_from(std::string_view a, std::string_view b, size_t i,
                        size_t j) {
  int zeros_tiebreak = 0;  // first difference in leading zeros, if all else equal
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      size_t za = i, zb = j;
      while (za < a.size() && a[za] == '0') ++za;
      while (zb < b.size() && b[zb] == '0') ++zb;
      size_t ea = za, eb = zb;
      while (ea < a.size() && is_digit(a[ea])) ++ea;
      while (eb < b.size() && is_digit(b[eb])) ++eb;
      size_t la = ea - za, lb = eb - zb;
      if (la != lb) return la < lb ? -1 : 1;
      int c = a.substr(za, la).compare(b.substr(zb, lb));
      if (c != 0) return c < 0 ? -1 : 1;
      if (zeros_tiebreak == 0 && (za - i) != (zb - j)) {
        zeros_tiebreak = (za - i) < (zb - j) ? -1 : 1;
      }
      i = ea;
      j = eb;
      continue;
    }
    unsigned char ca = static_cast<unsigned char>(a[i]);
    unsigned char cb = static_cast<unsigned char>(b[j]);
    if (is_digit(a[i]) != is_digit(b[j])) {
      // A digit run sorts before any other character.
      return is_digit(a[i]) ? -1 : 1;
    }
    if (ca != cb) return ca < cb ? -1 : 1;
    ++i;
    ++j;
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return zeros_tiebreak;
}

int natural_compare(std::string_view a, std::string_view b) {
  // Fast path: skip the common prefix; if the first difference is between
  // two non-digits outside a digit run, it decides like a byte compare.
  size_t n = a.size() < b.size() ? a.size() : b.size();
  size_t k = 0;
  while (k < n && a[k] == b[k]) ++k;
  if (k == a.size() && k == b.size()) return 0;
  bool in_run = k > 0 && is_digit(a[k - 1]);
  if (!in_run) {
    bool da = k < a.size() && is_digit(a[k]);
    bool db = k < b.size() && is_digit(b[k]);
    if (!da && !db) {
      if (k == a.size()) return -1;
      if (k == b.size()) return 1;
      return static_cast<unsigned char>(a[k]) < static_cast<unsigned char>(b[k])
                 ? -1
                 : 1;
    }
  }
  // Otherwise compare from the start of the digit run at the difference;
  // everything before it is identical.
  size_t start = k;
  while (start > 0 && is_digit(a[start - 1])) --start;
  return compare_from(a, b, start, start);
}

}  // namespace schema

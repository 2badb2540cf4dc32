#include "schema/natural_order.h"

namespace schema {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

int natural_compare(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
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

}  // namespace schema

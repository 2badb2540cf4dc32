// Natural order of configuration words, as VyOS prints them.
//
// Runs of digits compare as numbers and other runs byte by byte, so that
// eth2 < eth10 and 10.0.0.0/8 < 100.0.0.0/8 (VyOS 1.2/1.3 sort children with
// Debian version comparison, 1.4 with lexical_numeric_compare; both agree on
// real configurations). Equal numbers with more leading zeros sort later, so
// the order is total and only equal strings compare equal.
#ifndef ROUTESH_SCHEMA_NATURAL_ORDER_H_
#define ROUTESH_SCHEMA_NATURAL_ORDER_H_

#include <string_view>

namespace schema {

// Returns <0, 0 or >0 as a sorts before, equal to, or after b.
int natural_compare(std::string_view a, std::string_view b);

struct NaturalLess {
  bool operator()(std::string_view a, std::string_view b) const {
    return natural_compare(a, b) < 0;
  }
};

}  // namespace schema

#endif  // ROUTESH_SCHEMA_NATURAL_ORDER_H_

#include "schema/natural_order.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace schema {

TEST_CASE("natural order compares digit runs as numbers") {
  CHECK(natural_compare("eth2", "eth10") < 0);
  CHECK(natural_compare("eth10", "eth2") > 0);
  CHECK(natural_compare("10.0.0.0/8", "100.0.0.0/8") < 0);
  CHECK(natural_compare("0.0.0.0/0", "51.105.0.0/16") < 0);
  CHECK(natural_compare("51.105.0.0/16", "100.66.8.36/32") < 0);
  CHECK(natural_compare("vti9", "vti10") < 0);
  CHECK(natural_compare("abc", "abc") == 0);
  CHECK(natural_compare("", "a") < 0);
}

TEST_CASE("natural order is total: leading zeros break ties") {
  CHECK(natural_compare("a01", "a1") != 0);
  CHECK(natural_compare("a1", "a01") == -natural_compare("a01", "a1"));
}

TEST_CASE("natural order: uppercase before lowercase, as VyOS prints") {
  std::vector<std::string> v = {"bogon-v4", "IX-out-v4", "eth10", "eth2"};
  std::sort(v.begin(), v.end(), NaturalLess());
  CHECK(v == std::vector<std::string>{"IX-out-v4", "bogon-v4", "eth2", "eth10"});
}

}  // namespace schema

namespace schema {

TEST_CASE("natural order is a consistent total order on random words") {
  // Words over an alphabet mixing digits, letters and separators, so the
  // fast path (common prefix, byte compare) and the digit-run path meet.
  const char alphabet[] = "0019a.b/-";
  uint32_t seed = 12345;
  auto rnd = [&] { return seed = seed * 1103515245u + 12345u; };
  std::vector<std::string> v;
  for (int i = 0; i < 400; ++i) {
    std::string w;
    int len = static_cast<int>(rnd() % 7);
    for (int k = 0; k < len; ++k) w += alphabet[rnd() % (sizeof alphabet - 1)];
    v.push_back(w);
  }
  std::sort(v.begin(), v.end(), NaturalLess());
  for (size_t i = 0; i < v.size(); ++i) {
    CHECK(natural_compare(v[i], v[i]) == 0);
    for (size_t j = i + 1; j < v.size(); ++j) {
      int c = natural_compare(v[i], v[j]);
      CHECK(c <= 0);
      CHECK(natural_compare(v[j], v[i]) == -c);
      if (c == 0) CHECK(v[i] == v[j]);
    }
  }
}

}  // namespace schema

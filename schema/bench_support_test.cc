#include "schema/bench_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "schema/set_lines.h"
#include "schema/validate.h"

namespace schema::bench {

TEST_CASE("bench: the generated configuration parses and validates") {
  const Schema& s = Schema::builtin();
  for (int lines : {0, 10, 1000}) {
    CAPTURE(lines);
    auto r = parse_set_lines(s, generate_set_lines(lines));
    REQUIRE(r.errors.empty());
    CHECK(validate(s, r.root.get()).empty());
  }
}

TEST_CASE("bench: the generated configuration has the promised mix") {
  std::string text = generate_set_lines(1000);
  auto count = [&](const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos;
         at = text.find(what, at + 1)) {
      ++n;
    }
    return n;
  };
  // 600 static route lines (300 routes, a next-hop and a blackhole each),
  // 150 BGP, 150 prefix-list and 100 peer lines, plus the interface and 3 group lines.
  CHECK(count("\n") == 1004);
  CHECK(count("set protocols static route ") == 600);
  CHECK(count(" blackhole distance '250'\n") == 300);
  CHECK(count("set protocols bgp 65000 neighbor ") == 150);
  CHECK(count("set policy prefix-list ") == 150);
  CHECK(count("set vpn ipsec site-to-site peer ") == 100);
  CHECK(static_route_count(1000) == 300);
  CHECK(text == generate_set_lines(1000));
}

TEST_CASE("bench: static_route names the generated routes") {
  CHECK(static_route(7) == "10.0.7.0/24");
  CHECK(static_route(256 * 3 + 1) == "10.3.1.0/24");
  CHECK(static_route(65536) == "11.0.0.0/24");
  std::string text = generate_set_lines(1000);
  int last = static_route_count(1000) - 1;
  CHECK(text.find("set protocols static route " + static_route(last) +
                  " next-hop " + ip(192, 0, 2, 1 + last % 200) + " distance '" +
                  std::to_string(1 + last % 250) + "'\n") != std::string::npos);
  CHECK(text.find("route " + static_route(last + 1) + " ") == std::string::npos);
}

TEST_CASE("bench: count_nodes counts the root and every descendant") {
  const Schema& s = Schema::builtin();
  auto r = parse_set_lines(
      s, "set system host-name 'a'\nset system ntp server '0.pool.ntp.org'\n");
  REQUIRE(r.errors.empty());
  // root, system, host-name, a, ntp, server, 0.pool.ntp.org.
  CHECK(count_nodes(r.root.get()) == 7);
}

TEST_CASE("bench: median, percentile and median_ms") {
  CHECK(median({}) == 0);
  CHECK(median({3, 1, 2}) == 2);
  CHECK(median({4, 1, 3, 2}) == 3);  // the upper middle
  CHECK(percentile({5, 1, 4, 2, 3}, 0) == 1);
  CHECK(percentile({5, 1, 4, 2, 3}, 0.5) == 3);
  CHECK(percentile({5, 1, 4, 2, 3}, 0.99) == 5);
  CHECK(percentile({5, 1, 4, 2, 3}, 1) == 5);
  int calls = 0;
  double ms = median_ms(5, [&] { ++calls; });
  CHECK(calls == 5);
  CHECK(ms >= 0);
  CHECK(ms < 1000);
}

}  // namespace schema::bench

// schema::bench: what the benchmarks share (schema/schema_bench.cc,
// commits/commit_bench.cc, shell/shell_bench.cc): the generated
// configuration they measure and the statistics they report.
//
// generate_set_lines(n) is a configuration of about n VyOS 1.3 set-lines:
// 60% static routes, 15% BGP neighbor lines, 15% prefix-list rule lines and
// 10% IPsec peer lines, each kind in natural order, with the IKE and ESP
// groups the peers name. It always parses and validates against the
// built-in schema, and the same n always gives the same text, so figures
// taken on different days (and by different benchmarks) describe the same
// configuration. Timings are wall-clock milliseconds on the steady clock;
// benchmarks report medians, never means, so that one descheduling on a
// shared machine does not move a figure.
//
// Built into its own library (rs_bench_support), linked by the benchmarks
// and the schema unit tests only; the product never links it.
//
// Thread-safety: pure functions; median_ms runs its argument on the calling
// thread.
#ifndef ROUTESH_SCHEMA_BENCH_SUPPORT_H_
#define ROUTESH_SCHEMA_BENCH_SUPPORT_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "schema/tree.h"

namespace schema::bench {

using Clock = std::chrono::steady_clock;

// Milliseconds from t0 to now.
double ms_since(Clock::time_point t0);

// The middle value of v (the upper one of the two middles when v has an
// even size); 0 if v is empty.
double median(std::vector<double> v);

// The value below which a share p (0..1) of v lies, the largest for p = 1.
// REQUIRES: !v.empty().
double percentile(std::vector<double> v, double p);

// The median of `runs` timings of f, in milliseconds.
// REQUIRES: runs >= 1.
double median_ms(int runs, const std::function<void()>& f);

// "a.b.c.d".
std::string ip(int a, int b, int c, int d);

// The i-th static route of generate_set_lines ("10.0.7.0/24" for i = 7).
// Its next-hop is ip(192, 0, 2, 1 + i % 200), with distance 1 + i % 250.
std::string static_route(int i);

// How many static routes generate_set_lines(lines) makes.
int static_route_count(int lines);

// The generated configuration described above, one line per set-line,
// each ending in "\n". REQUIRES: lines >= 0.
std::string generate_set_lines(int lines);

// The nodes of the tree at n, n included. REQUIRES: n != nullptr.
size_t count_nodes(const Node* n);

}  // namespace schema::bench

#endif  // ROUTESH_SCHEMA_BENCH_SUPPORT_H_

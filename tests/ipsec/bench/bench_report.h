// ipsec_bench report: the figures of one peer count and the markdown
// tables they print as.
//
// A Row holds the medians over the runs at one N (peers held before the
// add): the add commit and its split (engine, VICI, netlink, other steps;
// validate, diff+order+plan, journal+record), the fastest add, the removal,
// the pure parts of the engine's work (engine_parts.h), the Host's time by
// operation for the add and the removal, and swanctl --load-all of N+1
// peers. print_report() writes four tables to stdout: the summary the
// README quotes, the engine's share, the pure parts, the operations.
//
// Thread-safety: plain values; print_report writes to stdout.
#ifndef ROUTESH_TESTS_IPSEC_BENCH_BENCH_REPORT_H_
#define ROUTESH_TESTS_IPSEC_BENCH_BENCH_REPORT_H_

#include <map>
#include <string>
#include <vector>

#include "tests/ipsec/bench/bench_rig.h"
#include "tests/ipsec/bench/engine_parts.h"

namespace ipsec_bench {

// Per-run prepare and execute times of one Host operation.
struct OperationRuns {
  std::vector<double> prepare, execute;
};
using Operations = std::map<std::string, OperationRuns>;  // "vici load-conn"

// Appends one commit's operations to `ops`.
void add_run(const CommitTimes& t, Operations* ops);

struct Row {
  int peers = 0;
  double add = 0, engine = 0, vici = 0, vici_prepare = 0, netlink = 0, other = 0;
  double validate = 0, plan = 0, record = 0, remove = 0;
  double best_add = 0;
  EngineParts parts;
  Operations add_ops, remove_ops;
  double swanctl = -1;  // -1: not measured
};

// The median (the upper one of an even count); 0 for none.
double median(std::vector<double> v);

void print_report(const std::vector<Row>& rows, int runs);

}  // namespace ipsec_bench

#endif  // ROUTESH_TESTS_IPSEC_BENCH_BENCH_REPORT_H_

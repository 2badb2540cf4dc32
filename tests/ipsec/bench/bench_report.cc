// ipsec_bench report (see bench_report.h).
#include "tests/ipsec/bench/bench_report.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace ipsec_bench {
namespace {

std::string ms(double v) {
  if (v < 0) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, v < 1 ? "%.3f" : v < 100 ? "%.2f" : "%.1f", v);
  return buf;
}

}  // namespace

void add_run(const CommitTimes& t, Operations* ops) {
  for (const auto& [name, times] : t.operations) {
    (*ops)[name].prepare.push_back(times.prepare_ms);
    (*ops)[name].execute.push_back(times.execute_ms);
  }
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void print_report(const std::vector<Row>& rows, int runs) {
  std::printf(
      "Adding one peer with its VTI to a router holding N peers (median of %d; "
      "ms)\n\n",
      runs);
  std::printf(
      "| peers | routesh commit ms | engine | VICI | netlink | swanctl --load-all ms |\n"
      "|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& r : rows) {
    std::printf("| %d | %s | %s | %s | %s | %s |\n", r.peers, ms(r.add).c_str(),
                ms(r.engine).c_str(), ms(r.vici).c_str(), ms(r.netlink).c_str(),
                ms(r.swanctl).c_str());
  }
  std::printf(
      "\nThe engine's share, the fastest add and the removal (ms; medians):\n\n"
      "| peers | validate | diff+order+plan | journal+record | VICI prepare | "
      "other steps | fastest add | remove commit |\n"
      "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& r : rows) {
    std::printf("| %d | %s | %s | %s | %s | %s | %s | %s |\n", r.peers,
                ms(r.validate).c_str(), ms(r.plan).c_str(), ms(r.record).c_str(),
                ms(r.vici_prepare).c_str(), ms(r.other).c_str(),
                ms(r.best_add).c_str(), ms(r.remove).c_str());
  }
  std::printf(
      "\nThe pure parts one by one (ms; medians):\n\n"
      "| peers | schema validate | kernel addresses | ipsec verify | vti verify | "
      "diff | ipsec plan | vti plan |\n"
      "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& r : rows) {
    const EngineParts& p = r.parts;
    std::printf("| %d | %s | %s | %s | %s | %s | %s | %s |\n", r.peers,
                ms(p.schema_validate).c_str(), ms(p.kernel_addresses).c_str(),
                ms(p.ipsec_verify).c_str(), ms(p.vti_verify).c_str(),
                ms(p.diff).c_str(), ms(p.ipsec_plan).c_str(), ms(p.vti_plan).c_str());
  }
  std::printf(
      "\nThe Host's time by operation (ms; medians over the runs, all steps "
      "of that operation in one commit):\n\n"
      "| peers | commit | operation | prepare | execute |\n"
      "|---:|---|---|---:|---:|\n");
  for (const auto& r : rows) {
    for (const auto& [what, ops] : {std::pair{"add", &r.add_ops},
                                    std::pair{"remove", &r.remove_ops}}) {
      for (const auto& [name, runs] : *ops) {
        std::printf("| %d | %s | %s | %s | %s |\n", r.peers, what, name.c_str(),
                    ms(median(runs.prepare)).c_str(),
                    ms(median(runs.execute)).c_str());
      }
    }
  }
  std::fflush(stdout);
}

}  // namespace ipsec_bench

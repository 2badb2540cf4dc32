// schema_bench: speed and memory of the configuration core on generated
// configurations (static routes, BGP neighbors, prefix-list rules, IPsec
// peers: schema/bench_support.h). Prints a table; asserts nothing. Run:
// cmake --build build --target bench (or schema_bench [SET-LINES]).
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "schema/bench_support.h"
#include "schema/boot_format.h"
#include "schema/commands_format.h"
#include "schema/diff.h"
#include "schema/edit.h"
#include "schema/set_lines.h"
#include "schema/validate.h"

namespace {

using schema::bench::count_nodes;
using schema::bench::median_ms;

size_t heap_in_use() { return mallinfo2().uordblks; }

struct Row {
  int lines;
  size_t nodes;
  double parse_ms, boot_ms, validate_ms, diff_ms, bytes_per_node;
};

Row measure(int lines) {
  const schema::Schema& s = schema::Schema::builtin();
  std::string text = schema::bench::generate_set_lines(lines);
  Row row{};
  row.lines = lines;
  size_t before = heap_in_use();
  schema::NodePtr root;
  {
    auto r = schema::parse_set_lines(s, text);
    if (!r.errors.empty()) {
      std::fprintf(stderr, "bench: generated line %d: %s\n", r.errors[0].line,
                   r.errors[0].error.to_string().c_str());
      std::exit(1);
    }
    root = r.root;
  }
  size_t after = heap_in_use();
  row.nodes = count_nodes(root.get());
  row.bytes_per_node = double(after - before) / double(row.nodes);
  int runs = lines >= 500000 ? 3 : 5;
  row.parse_ms = median_ms(runs, [&] {
    auto r = schema::parse_set_lines(s, text);
    (void)schema::validate(s, r.root.get());
  });
  std::string boot = schema::render_boot(root.get());
  row.boot_ms = median_ms(runs, [&] { (void)schema::parse_boot(s, boot); });
  row.validate_ms =
      median_ms(runs, [&] { (void)schema::validate(s, root.get()); });
  // One changed leaf in a candidate derived from running, then the diff.
  auto change = schema::resolve(
      s, {}, {"protocols", "static", "route", "10.0.7.0/24", "next-hop",
              "192.0.2.8", "distance", "77"},
      schema::ResolveMode::kSet);
  schema::NodePtr candidate = root;
  if (!change.ok() || !schema::set_path(candidate, *change).ok()) {
    std::fprintf(stderr, "bench: change failed\n");
    std::exit(1);
  }
  size_t changes = 0;
  row.diff_ms = median_ms(201, [&] {
    changes = schema::diff(root.get(), candidate.get()).size();
  });
  if (changes != 1) std::fprintf(stderr, "bench: diff found %zu\n", changes);
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes = {10000, 30000, 100000, 1000000};
  if (argc > 1) sizes = {std::atoi(argv[1])};
  std::printf("| set-lines | nodes | parse+validate | config.boot parse | "
              "validate | diff after 1 change | heap bytes/node |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|\n");
  for (int n : sizes) {
    Row r = measure(n);
    std::printf("| %d | %zu | %.1f ms | %.1f ms | %.1f ms | %.3f ms | %.0f |\n",
                r.lines, r.nodes, r.parse_ms, r.boot_ms, r.validate_ms,
                r.diff_ms, r.bytes_per_node);
    std::fflush(stdout);
  }
  return 0;
}

// schema_bench: speed and memory of the configuration core on generated
// configurations (static routes, BGP neighbors, prefix-list rules, IPsec
// peers). Prints a table; asserts nothing. Run: cmake --build build
// --target bench.
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "schema/boot_format.h"
#include "schema/commands_format.h"
#include "schema/diff.h"
#include "schema/edit.h"
#include "schema/set_lines.h"
#include "schema/validate.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Median of `runs` timings of f, in milliseconds.
double median_ms(int runs, const std::function<void()>& f) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    auto t0 = Clock::now();
    f();
    t.push_back(ms_since(t0));
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

std::string ip(int a, int b, int c, int d) {
  return std::to_string(a) + "." + std::to_string(b) + "." +
         std::to_string(c) + "." + std::to_string(d);
}

// `lines` set-lines: 60% static routes, 15% BGP neighbor lines, 15%
// prefix-list rule lines, 10% IPsec peer lines, in natural order per kind.
std::string generate(int lines) {
  std::string out;
  int routes = lines * 60 / 100, bgp = lines * 15 / 100,
      plist = lines * 15 / 100, peers = lines - routes - bgp - plist;
  out += "set vpn ipsec ike-group IKE proposal 1 encryption 'aes128'\n";
  out += "set vpn ipsec esp-group ESP proposal 1 encryption 'aes128'\n";
  out += "set vpn ipsec ipsec-interfaces interface 'eth0'\n";
  for (int i = 0; i < peers / 5; ++i) {
    std::string p = "set vpn ipsec site-to-site peer " +
                    ip(198, 18 + i / 65536, (i / 256) % 256, i % 256) + " ";
    out += p + "authentication mode 'pre-shared-secret'\n";
    out += p + "authentication pre-shared-secret 'secret" + std::to_string(i) + "'\n";
    out += p + "ike-group 'IKE'\n";
    out += p + "local-address '192.0.2.1'\n";
    out += p + "default-esp-group 'ESP'\n";
  }
  for (int i = 0; i < plist / 2; ++i) {
    std::string r = "set policy prefix-list PL" + std::to_string(i / 100) +
                    " rule " + std::to_string(i % 100 + 1) + " ";
    out += r + "action 'permit'\n";
    out += r + "prefix '" + ip(10, i / 256 % 256, i % 256, 0) + "/24'\n";
  }
  for (int i = 0; i < bgp / 3; ++i) {
    std::string n = "set protocols bgp 65000 neighbor " +
                    ip(172, 16 + i / 65536, (i / 256) % 256, i % 256) + " ";
    out += n + "remote-as '" + std::to_string(64512 + i % 1000) + "'\n";
    out += n + "description 'peer " + std::to_string(i) + "'\n";
    out += n + "update-source '192.0.2.1'\n";
  }
  for (int i = 0; i < routes / 2; ++i) {
    std::string r = "set protocols static route " +
                    ip(10 + i / 65536, (i / 256) % 256, i % 256, 0) +
                    "/24 next-hop " + ip(192, 0, 2, 1 + i % 200) + " ";
    out += r + "distance '" + std::to_string(1 + i % 250) + "'\n";
    out += "set protocols static route " +
           ip(10 + i / 65536, (i / 256) % 256, i % 256, 0) + "/24 blackhole distance '250'\n";
  }
  return out;
}

size_t count_nodes(const schema::Node* n) {
  size_t c = 1;
  n->children().for_each([&](const schema::Node* k) { c += count_nodes(k); });
  return c;
}

size_t heap_in_use() { return mallinfo2().uordblks; }

struct Row {
  int lines;
  size_t nodes;
  double parse_ms, boot_ms, validate_ms, diff_ms, bytes_per_node;
};

Row measure(int lines) {
  const schema::Schema& s = schema::Schema::builtin();
  std::string text = generate(lines);
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

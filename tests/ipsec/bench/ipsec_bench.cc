// ipsec_bench: commit latency of adding one IPsec peer with its VTI to a
// router that already holds N peers, against `swanctl --load-all` of the
// same configuration. Prints markdown tables (bench_report.h); asserts
// nothing about speed.
//
// For each N of --peers (ascending; default 1,50,200) the rig's engine
// (bench_rig.h: live backend, on-disk history) first commits the
// configuration of N peers (bench_config.h) and checks that charon holds
// N connections and keys and the kernel N VTIs. Then, --runs times (median
// reported; each timed operation starts after --settle-ms of idle time, as
// commits do in use): commit peer N+1 with its VTI (timed: total, and the
// Host's time per channel — "vici", "netlink", other steps — and per
// operation; the rest is the engine's own: validate, diff, order, plan,
// journal, record, measured apart with Engine::check and a `commit
// check`), then commit its removal (timed, reported apart). The pure parts
// of the engine's work are then timed one by one (engine_parts.h).
//
// With --swanctl-vici, a second charon (its own network namespace, same
// local address) holds the same N peers loaded by `swanctl --load-all`
// from a swanctl.conf written from the driver's own VICI requests
// (swanctl_conf.h); each run times `swanctl --load-all` of the N+1-peer
// file, then reloads the N-peer file. Once per N, charon's description of
// peer 1 must be the same in both charons (charon_probe.h).
//
// Run as root inside a kernel with VTIs, in a network namespace that owns
// --local, with charon listening on --vici: tests/ipsec/bench/run.sh does
// all that in User-mode Linux. swanctl reads STRONGSWAN_CONF from the
// environment (its plugin list; the socket is given with --uri).
#include <net/if.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "backend/host.h"
#include "backend/ipsec/driver.h"
#include "backend/process.h"
#include "schema/set_lines.h"
#include "tests/ipsec/bench/bench_config.h"
#include "tests/ipsec/bench/bench_report.h"
#include "tests/ipsec/bench/bench_rig.h"
#include "tests/ipsec/bench/charon_probe.h"
#include "tests/ipsec/bench/engine_parts.h"
#include "tests/ipsec/bench/swanctl_conf.h"

namespace ipsec_bench {
namespace {

struct Options {
  std::string vici = "/var/run/charon.vici";
  std::string swanctl_vici;  // empty: no swanctl column
  std::string swanctl = "swanctl";
  std::string work = "/tmp";  // history and swanctl.conf files
  std::string local = "192.0.2.1";
  std::vector<int> peers = {1, 50, 200};
  int runs = 11;
  int settle_ms = 200;  // idle time before each timed operation
};

// Lets charon and the kernel finish what the previous operation started
// (events, trap policies), so that each measure starts from an idle system.
void settle(const Options& o) {
  std::this_thread::sleep_for(std::chrono::milliseconds(o.settle_ms));
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  using Ms = std::chrono::duration<double, std::milli>;
  return Ms(std::chrono::steady_clock::now() - t0).count();
}

rc::Error fail(const std::string& what) {
  return rc::make_error(rc::Code::kInternal, what);
}

bool vti_present(int i) {
  return ::if_nametoindex(("vti" + std::to_string(i)).c_str()) != 0;
}

rc::Result<schema::NodePtr> parse(const std::string& lines, schema::NodePtr on) {
  auto r = schema::parse_set_lines(schema::Schema::builtin(), lines, std::move(on));
  if (!r.errors.empty()) {
    return fail("generated line " + std::to_string(r.errors[0].line) + ": " +
                r.errors[0].error.to_string());
  }
  return r.root;
}

// charon at `socket` holds exactly `n` connections and keys.
rc::Status expect_counts(const std::string& socket, size_t n) {
  auto c = counts(socket);
  if (!c.ok()) return c.error();
  if (c->conns != n || c->shared != n) {
    return fail("charon at " + socket + " holds " + std::to_string(c->conns) +
                " connections and " + std::to_string(c->shared) +
                " keys; expected " + std::to_string(n));
  }
  return rc::Status::Ok();
}

// Commits the configuration of n peers (on top of the rig's `have`).
rc::Status grow(Rig& rig, const Options& o, int have, int n) {
  std::string lines = (have == 0 ? common_lines() : "") +
                      peers_lines(have + 1, n, o.local);
  auto tree = parse(lines, rig.engine().running());
  if (!tree.ok()) return tree.error();
  auto t0 = std::chrono::steady_clock::now();
  auto c = rig.commit(*tree);
  if (!c.ok()) return c.error();
  std::fprintf(stderr, "  %d peers committed in %.1f ms\n", n, ms_since(t0));
  if (auto st = expect_counts(o.vici, static_cast<size_t>(n)); !st.ok()) return st;
  for (int i = 1; i <= n; ++i) {
    if (!vti_present(i)) return fail("vti" + std::to_string(i) + " is missing");
  }
  if (vti_present(n + 1)) return fail("vti" + std::to_string(n + 1) + " exists");
  return rc::Status::Ok();
}

// Adds peer n+1 and removes it again, o.runs times.
rc::Status measure_routesh(Rig& rig, const Options& o, Row* row) {
  const int n = row->peers;
  schema::NodePtr base = rig.engine().running();
  auto add = parse(peer_lines(n + 1, o.local), base);
  if (!add.ok()) return add.error();
  std::vector<double> total, engine, vici, vici_prepare, netlink, other, validate,
      plan, record, remove;
  for (int r = 0; r < o.runs; ++r) {
    settle(o);
    auto t0 = std::chrono::steady_clock::now();
    rc::Errors problems = rig.engine().check(add->get());
    double validate_ms = ms_since(t0);
    if (!problems.empty()) return fail(commits::join_errors(problems));
    auto check = rig.commit(*add, true);
    if (!check.ok()) return check.error();
    auto a = rig.commit(*add);
    if (!a.ok()) return a.error();
    if (!vti_present(n + 1)) return fail("the add did not create its VTI");
    settle(o);
    auto d = rig.commit(base);
    if (!d.ok()) return d.error();
    if (vti_present(n + 1)) return fail("the removal left its VTI");
    std::fprintf(stderr,
                 "    add %.2f ms (engine %.2f, vici %.2f, netlink %.2f), "
                 "remove %.2f ms (engine %.2f, vici %.2f, netlink %.2f)\n",
                 a->total_ms, a->engine_ms(), a->vici.total_ms(),
                 a->netlink.total_ms(), d->total_ms, d->engine_ms(),
                 d->vici.total_ms(), d->netlink.total_ms());
    add_run(*a, &row->add_ops);
    add_run(*d, &row->remove_ops);
    total.push_back(a->total_ms);
    engine.push_back(a->engine_ms());
    vici.push_back(a->vici.total_ms());
    vici_prepare.push_back(a->vici.prepare_ms);
    netlink.push_back(a->netlink.total_ms());
    other.push_back(a->other_ms);
    validate.push_back(validate_ms);
    plan.push_back(std::max(0.0, check->total_ms - validate_ms));
    record.push_back(std::max(0.0, a->engine_ms() - check->total_ms));
    remove.push_back(d->total_ms);
  }
  row->add = median(total);
  row->engine = median(engine);
  row->vici = median(vici);
  row->vici_prepare = median(vici_prepare);
  row->netlink = median(netlink);
  row->other = median(other);
  row->validate = median(validate);
  row->plan = median(plan);
  row->record = median(record);
  row->remove = median(remove);
  row->best_add = *std::min_element(total.begin(), total.end());
  auto parts = time_engine_parts(base.get(), add->get(), rig.host(), o.runs);
  if (!parts.ok()) return parts.error();
  row->parts = *parts;
  return expect_counts(o.vici, static_cast<size_t>(n));
}

// swanctl.conf of peers 1..n, written in the rig's directory (removed with
// it); returns its path.
rc::Result<std::string> write_swanctl_conf(Rig& rig, const Options& o, int n) {
  auto tree = parse(common_lines() + peers_lines(1, n, o.local), {});
  if (!tree.ok()) return tree.error();
  backend::ipsec::IpsecDriver driver;
  auto plan = driver.plan(nullptr, tree->get(), {}, rig.host());
  if (!plan.ok()) return plan.error();
  std::vector<backend::Step> steps;
  for (const auto& a : plan->additions) steps.push_back(a.step);
  auto text = swanctl_conf(steps);
  if (!text.ok()) return text.error();
  std::string path = rig.dir() + "/swanctl-" + std::to_string(n) + ".conf";
  if (auto st = backend::write_file_atomic(path, *text, 0600); !st.ok()) {
    return st.error();
  }
  return path;
}

// `swanctl --load-all` of `file`; its wall time. Fails unless swanctl says
// it loaded `n` connections.
rc::Result<double> load_all(const Options& o, const std::string& file, int n) {
  std::vector<std::string> argv = {o.swanctl, "--load-all", "--file", file,
                                   "--uri", "unix://" + o.swanctl_vici};
  auto t0 = std::chrono::steady_clock::now();
  auto r = backend::run_process(argv);
  double took = ms_since(t0);
  if (!r.ok()) return r.error();
  const std::string want = "successfully loaded " + std::to_string(n) + " connections";
  if (!r->ok() || r->output.find(want) == std::string::npos) {
    return fail("swanctl --load-all " + file + " (exit " +
                std::to_string(r->exit_code) + ", expected \"" + want +
                "\"): " + r->output.substr(0, 2000));
  }
  return took;
}

rc::Status measure_swanctl(Rig& rig, const Options& o, Row* row) {
  const int n = row->peers;
  auto now = write_swanctl_conf(rig, o, n);
  if (!now.ok()) return now.error();
  auto more = write_swanctl_conf(rig, o, n + 1);
  if (!more.ok()) return more.error();
  if (auto t = load_all(o, *now, n); !t.ok()) return t.error();
  std::vector<double> took;
  for (int r = 0; r < o.runs; ++r) {
    settle(o);
    auto t = load_all(o, *more, n + 1);
    if (!t.ok()) return t.error();
    std::fprintf(stderr, "    swanctl --load-all (%d peers) %.2f ms\n", n + 1, *t);
    took.push_back(*t);
    if (r == 0) {
      if (auto st = expect_counts(o.swanctl_vici, static_cast<size_t>(n + 1)); !st.ok()) {
        return st;
      }
      // The same peer as charon holds it from routesh and from swanctl.conf.
      auto ours = listing(o.vici, peer_address(1));
      if (!ours.ok()) return ours.error();
      auto theirs = listing(o.swanctl_vici, swanctl_name(peer_address(1)));
      if (!theirs.ok()) return theirs.error();
      if (!(*ours == *theirs)) {
        return fail("charon holds peer 1 differently:\nfrom routesh:\n" +
                    ours->debug_string(1) + "from swanctl.conf:\n" +
                    theirs->debug_string(1));
      }
    }
    settle(o);
    if (auto back = load_all(o, *now, n); !back.ok()) return back.error();
  }
  row->swanctl = median(took);
  return rc::Status::Ok();
}

int run(int argc, char** argv) {
  Options o;
  CLI::App app{"ipsec_bench: commit latency of one more IPsec peer with its VTI"};
  app.add_option("--vici", o.vici, "charon's VICI socket (routesh's)");
  app.add_option("--swanctl-vici", o.swanctl_vici,
                 "VICI socket of a second charon for swanctl --load-all");
  app.add_option("--swanctl", o.swanctl, "the swanctl binary");
  app.add_option("--work", o.work, "directory for the history and swanctl.conf files");
  app.add_option("--local", o.local, "the router's own address (local-address)");
  app.add_option("--peers", o.peers, "peer counts, ascending")->delimiter(',');
  app.add_option("--runs", o.runs, "runs per peer count (median)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--settle-ms", o.settle_ms, "idle time before each timed operation")
      ->check(CLI::Range(0, 10000));
  CLI11_PARSE(app, argc, argv);
  if (!std::is_sorted(o.peers.begin(), o.peers.end()) || o.peers.empty() ||
      o.peers.front() < 1 || o.peers.back() >= kMaxPeers) {
    std::fprintf(stderr, "ipsec_bench: --peers must ascend within 1..%d\n",
                 kMaxPeers - 1);
    return 2;
  }
  auto rig = Rig::open(o.work, o.vici);
  if (!rig.ok()) {
    std::fprintf(stderr, "ipsec_bench: %s\n", rig.error().to_string().c_str());
    return 1;
  }
  std::vector<Row> rows;
  int have = 0;
  for (int n : o.peers) {
    Row row;
    row.peers = n;
    std::fprintf(stderr, "ipsec_bench: %d peers\n", n);
    rc::Status st = n == have ? rc::Status::Ok() : grow(**rig, o, have, n);
    if (st.ok()) st = measure_routesh(**rig, o, &row);
    if (st.ok() && !o.swanctl_vici.empty()) st = measure_swanctl(**rig, o, &row);
    if (!st.ok()) {
      std::fprintf(stderr, "ipsec_bench: at %d peers: %s\n", n,
                   st.error().to_string().c_str());
      return 1;
    }
    have = n;
    rows.push_back(row);
  }
  print_report(rows, o.runs);
  return 0;
}

}  // namespace
}  // namespace ipsec_bench

int main(int argc, char** argv) { return ipsec_bench::run(argc, argv); }

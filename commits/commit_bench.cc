// commit_bench: speed, history size and memory of the commit engine and of
// routeshd on generated configurations (static routes, BGP neighbors,
// prefix-list rules, IPsec peers: schema/bench_support.h), with the
// render backend in a temporary state directory and a real history.db.
// Prints a markdown table; asserts nothing. Run: cmake --build BUILD
// --target bench (or BUILD/commits/commit_bench [--commits N]
// [--routeshd PATH] [--keep]).
//
// Measured:
//   (i)   a commit of one changed leaf, end to end through Engine::commit
//         (median of 50), split into validate (Engine::check), diff+order+
//         plan (a `commit check` of the same candidate minus validate),
//         prepare+apply (time spent in the Host) and journal+record (the
//         rest: the SQLite writes; medians of each part); at ~100k
//         and ~10k nodes, for a leaf in the largest owner (static, whose
//         render file the render backend rewrites whole) and in a one-line
//         owner (system);
//   (ii)  N (default 10,000) one-line commits, each changing a different
//         static route; then Engine::revision(N) and the rollback commit;
//   (iii) history bytes per one-line commit over those N commits, and the
//         share of change rows, attempt rows and snapshots (dbstat);
//   (iv)  VmRSS of this process after loading the 100k-node configuration,
//         and of a real routeshd started on the resulting state directory,
//         plus a one-leaf commit through the daemon's socket (RpcClient).
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "backend/host.h"
#include "backend/render_driver.h"
#include "commits/engine.h"
#include "commits/history.h"
#include "commits/rpc.h"
#include "schema/bench_support.h"
#include "schema/diff.h"
#include "schema/edit.h"
#include "schema/set_lines.h"

namespace commits {
namespace {

using schema::bench::Clock;
using schema::bench::count_nodes;
using schema::bench::ip;
using schema::bench::median;
using schema::bench::ms_since;
using schema::bench::static_route;

// The benchmarks' configuration of `lines` set-lines (static routes, BGP
// neighbors, prefix-list rules, IPsec peers), plus a host name so that one
// owner (system) is a single line.
std::string generate(int lines) {
  return "set system host-name 'bench'\n" +
         schema::bench::generate_set_lines(lines);
}

// VmRSS (or another field) of /proc/<pid>/status, in KiB; -1 if unknown.
long status_kib(pid_t pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  size_t n = std::strlen(field);
  while (std::getline(in, line)) {
    if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':') {
      return std::atol(line.c_str() + n + 1);
    }
  }
  return -1;
}

std::string mib(long kib) {
  if (kib < 0) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", kib / 1024.0);
  return buf;
}

std::string fmt_ms(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, ms < 10 ? "%.2f ms" : "%.1f ms", ms);
  return buf;
}

// Times what the engine spends in the Host.
class TimingHost : public backend::Host {
 public:
  explicit TimingHost(backend::Host* inner) : inner_(inner) {}
  rc::Status prepare(const backend::Step& step) override {
    auto t0 = Clock::now();
    rc::Status st = inner_->prepare(step);
    prepare_ms += ms_since(t0);
    return st;
  }
  rc::Status execute(const backend::Step& step) override {
    auto t0 = Clock::now();
    rc::Status st = inner_->execute(step);
    execute_ms += ms_since(t0);
    return st;
  }
  bool read_file(const std::string& path, std::string* data) override {
    auto t0 = Clock::now();
    bool ok = inner_->read_file(path, data);
    read_ms += ms_since(t0);
    return ok;
  }
  void reset() { prepare_ms = execute_ms = read_ms = 0; }

  double prepare_ms = 0, execute_ms = 0, read_ms = 0;

 private:
  backend::Host* inner_;
};

// An engine over the render backend in a state directory laid out as
// routeshd's (DIR/history.db, DIR/render), so that routeshd can take over.
struct Rig {
  std::string dir;
  std::unique_ptr<backend::RenderHost> render;
  std::unique_ptr<TimingHost> host;
  std::unique_ptr<History> history;
  std::unique_ptr<Engine> engine;
  bool ok = false;

  Rig() {
    char tmpl[] = "/tmp/routesh-commit-bench-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) return;
    dir = tmpl;
    std::string render_dir = dir + "/render";
    ::mkdir(render_dir.c_str(), 0750);
    render = std::make_unique<backend::RenderHost>(render_dir);
    host = std::make_unique<TimingHost>(render.get());
    ok = open();
  }

  bool open() {
    auto h = History::open(dir + "/history.db");
    if (!h.ok()) {
      std::fprintf(stderr, "bench: %s\n", h.error().to_string().c_str());
      return false;
    }
    history = std::move(h).value();
    const schema::Schema& s = schema::Schema::builtin();
    std::vector<std::unique_ptr<backend::Driver>> drivers;
    for (const auto& owner : s.owners()) {
      drivers.push_back(
          std::make_unique<backend::RenderDriver>(owner, dir + "/render"));
    }
    engine = std::make_unique<Engine>(s, history.get(), std::move(drivers),
                                      host.get());
    std::vector<std::string> log;
    rc::Status st = engine->start(&log);
    if (!st.ok()) {
      std::fprintf(stderr, "bench: start: %s\n", st.error().to_string().c_str());
      return false;
    }
    return true;
  }

  void close() {
    engine.reset();
    history.reset();
  }

  void remove(bool keep) {
    close();
    if (keep || dir.empty()) return;
    std::string cmd = "rm -rf '" + dir + "'";  // our own mkdtemp directory
    if (std::system(cmd.c_str()) != 0) {
      std::fprintf(stderr, "bench: could not remove %s\n", dir.c_str());
    }
  }

  // Commits `candidate`; false (with a message) on failure.
  bool commit(const schema::NodePtr& candidate, const char* source,
              bool check = false, int64_t* rev = nullptr) {
    CommitOptions o;
    o.info.user = "bench";
    o.info.source = source;
    o.check_only = check;
    auto r = engine->commit(candidate, o);
    if (!r.ok()) {
      std::fprintf(stderr, "bench: commit: %s\n", r.error().message.c_str());
      return false;
    }
    if (rev != nullptr) *rev = r->rev;
    return true;
  }
};

// running with the leaf at `words` set to `value` (the last word).
schema::NodePtr with_leaf(const schema::NodePtr& running,
                          const std::vector<std::string>& words) {
  const schema::Schema& s = schema::Schema::builtin();
  schema::NodePtr t = running;
  auto r = schema::resolve(s, {}, words, schema::ResolveMode::kSet);
  if (!r.ok() || !schema::set_path(t, *r).ok()) {
    std::fprintf(stderr, "bench: cannot set %s\n", words[0].c_str());
    return {};
  }
  return t;
}

std::vector<std::string> static_distance(int route_index, int value) {
  return {"protocols", "static", "route", static_route(route_index),
          "next-hop", ip(192, 0, 2, 1 + route_index % 200), "distance",
          std::to_string(value)};
}

std::vector<std::string> host_name(int value) {
  return {"system", "host-name", "bench-" + std::to_string(value)};
}

struct CommitTimes {
  double total = 0, validate = 0, plan = 0, host = 0, record = 0;
};

// Median timings of `runs` one-leaf commits; leaf(i) gives the i-th change.
bool one_leaf_commits(Rig& rig, int runs,
                      const std::function<std::vector<std::string>(int)>& leaf,
                      CommitTimes* out) {
  std::vector<double> total, validate, plan, host, record;
  for (int i = 0; i < runs; ++i) {
    schema::NodePtr c = with_leaf(rig.engine->running(), leaf(i));
    if (!c) return false;
    auto t0 = Clock::now();
    if (!rig.engine->check(c.get()).empty()) return false;
    double validate_ms = ms_since(t0);
    t0 = Clock::now();
    if (!rig.commit(c, "batch", true)) return false;  // validate..plan
    double check_ms = ms_since(t0);
    rig.host->reset();
    t0 = Clock::now();
    if (!rig.commit(c, "batch")) return false;
    double total_ms = ms_since(t0);
    double host_ms = rig.host->prepare_ms + rig.host->execute_ms;
    total.push_back(total_ms);
    validate.push_back(validate_ms);
    plan.push_back(std::max(0.0, check_ms - validate_ms));
    host.push_back(host_ms);
    record.push_back(std::max(0.0, total_ms - check_ms - host_ms));
  }
  out->total = median(total);
  out->validate = median(validate);
  out->plan = median(plan);
  out->host = median(host);
  out->record = median(record);
  return true;
}

struct Table {
  std::vector<std::vector<std::string>> rows;
  void add(std::string what, std::string value, std::string target = "") {
    rows.push_back({std::move(what), std::move(value), std::move(target)});
    std::fprintf(stderr, "  %s: %s\n", rows.back()[0].c_str(),
                 rows.back()[1].c_str());
  }
  void print() const {
    std::printf("| measurement | value | target |\n|---|---:|---|\n");
    for (const auto& r : rows) {
      std::printf("| %s | %s | %s |\n", r[0].c_str(), r[1].c_str(), r[2].c_str());
    }
    std::fflush(stdout);
  }
};

std::string split(const CommitTimes& t) {
  return fmt_ms(t.total) + ": validate " + fmt_ms(t.validate) +
         ", diff+order+plan " + fmt_ms(t.plan) + ", prepare+apply " +
         fmt_ms(t.host) + ", journal+record " + fmt_ms(t.record);
}

// The one-leaf commit rows of (i) on a loaded rig of `nodes` nodes: `runs`
// commits of a static route's distance (the static owner), then as many of
// the host name (the system owner, one line).
bool one_leaf_rows(Rig& rig, int runs, size_t nodes, const std::string& target,
                   Table* table) {
  CommitTimes t;
  auto static_leaf = [](int i) { return static_distance(7, 100 + i % 2); };
  if (!one_leaf_commits(rig, runs, static_leaf, &t)) return false;
  table->add("one-leaf commit, ~" + std::to_string(nodes / 1000) +
                 "k nodes, leaf in the static owner (median of " +
                 std::to_string(runs) + ")",
             split(t), target);
  if (!one_leaf_commits(rig, runs, host_name, &t)) return false;
  table->add("one-leaf commit, ~" + std::to_string(nodes / 1000) +
                 "k nodes, leaf in the system owner (median of " +
                 std::to_string(runs) + ")",
             split(t), target);
  return true;
}

// Loads a generated configuration of `lines` set-lines into a new rig.
bool load(Rig& rig, int lines, size_t* nodes, double* commit_ms) {
  if (!rig.ok) return false;
  const schema::Schema& s = schema::Schema::builtin();
  auto parsed = schema::parse_set_lines(s, generate(lines));
  if (!parsed.errors.empty()) {
    std::fprintf(stderr, "bench: generated line %d: %s\n",
                 parsed.errors[0].line,
                 parsed.errors[0].error.to_string().c_str());
    return false;
  }
  *nodes = count_nodes(parsed.root.get());
  auto t0 = Clock::now();
  if (!rig.commit(parsed.root, "batch")) return false;
  *commit_ms = ms_since(t0);
  return true;
}

// Bytes per table and index of the history database (dbstat), or empty.
std::map<std::string, int64_t> table_bytes(const std::string& file) {
  std::map<std::string, int64_t> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(db);
    return out;
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db,
                         "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name",
                         -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      out[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] =
          sqlite3_column_int64(st, 1);
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

int64_t sum_prefix(const std::map<std::string, int64_t>& m,
                   const std::string& prefix) {
  int64_t n = 0;
  for (const auto& [name, bytes] : m) {
    if (name.compare(0, prefix.size(), prefix) == 0) n += bytes;
  }
  return n;
}

std::string self_dir() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  std::string p(buf, static_cast<size_t>(n));
  return p.substr(0, p.rfind('/'));
}

// Starts routeshd on `dir`; its pid, or -1.
pid_t start_daemon(const std::string& bin, const std::string& dir) {
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  std::string out = dir + "/routeshd.out";
  if (std::freopen(out.c_str(), "a", stderr) == nullptr) ::_exit(126);
  ::execl(bin.c_str(), bin.c_str(), "--state-dir", dir.c_str(), "--backend",
          "render", static_cast<char*>(nullptr));
  ::_exit(127);
}

void stop_daemon(pid_t pid) {
  ::kill(pid, SIGTERM);
  for (int i = 0; i < 500; ++i) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

// The daemon part of (iv): RSS of a real routeshd on the rig's state
// directory and a one-leaf commit through its socket.
void measure_daemon(const std::string& bin, Rig& rig, Table* table) {
  if (::access(bin.c_str(), X_OK) != 0) {
    table->add("routeshd VmRSS at ~100k nodes", "n/a (no " + bin + ")",
               "<= 30 MiB");
    return;
  }
  rig.close();  // the daemon owns the state directory now
  auto t0 = Clock::now();
  pid_t pid = start_daemon(bin, rig.dir);
  if (pid < 0) return;
  std::unique_ptr<RpcClient> client;
  for (int i = 0; i < 3000 && !client; ++i) {
    auto c = RpcClient::connect(rig.dir + "/routeshd.sock");
    if (c.ok() && c.value()->call(Json{{"op", "hello"}}).ok()) {
      client = std::move(c).value();
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  if (!client) {
    table->add("routeshd VmRSS at ~100k nodes", "n/a (routeshd did not answer)",
               "<= 30 MiB");
    stop_daemon(pid);
    return;
  }
  double start_ms = ms_since(t0);
  long rss = status_kib(pid, "VmRSS");
  long hwm = status_kib(pid, "VmHWM");
  table->add("routeshd start-up to first answer (history replay)",
             fmt_ms(start_ms));
  table->add("routeshd VmRSS at ~100k nodes (idle, after start)",
             mib(rss) + " (peak " + mib(hwm) + ")", "<= 30 MiB");
  std::vector<double> times;
  bool ok = client->call(Json{{"op", "configure"}}).ok();
  for (int i = 0; ok && i < 21; ++i) {
    auto words = static_distance(7, 100 + i % 2);
    std::string line = "set";
    for (const auto& w : words) line += " '" + w + "'";
    auto t1 = Clock::now();
    auto edited = client->call(Json{{"op", "edit"}, {"lines", Json::array({line})}});
    auto committed = client->call(Json{{"op", "commit"}});
    times.push_back(ms_since(t1));
    ok = edited.ok() && !edited->contains("error") && committed.ok() &&
         committed->value("rev", int64_t{0}) > 0;
    if (!ok) {
      std::fprintf(stderr, "bench: commit through routeshd failed: %s %s\n",
                   edited.ok() ? edited->dump().c_str() : "",
                   committed.ok() ? committed->dump().c_str()
                                  : committed.error().message.c_str());
    }
  }
  table->add("one-leaf commit through routeshd's socket (edit + commit, "
             "static owner, median of 21)",
             ok ? fmt_ms(median(times)) : "FAILED (the daemon refused; see above)");
  long rss_after = status_kib(pid, "VmRSS");
  table->add("routeshd VmRSS after those commits",
             mib(rss_after) + " (peak " + mib(status_kib(pid, "VmHWM")) + ")",
             "<= 30 MiB");
  client.reset();
  stop_daemon(pid);
}

int run(int argc, char** argv) {
  int commits = 10000;
  bool keep = false;
  std::string routeshd = self_dir() + "/routeshd";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--commits" && i + 1 < argc) {
      commits = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--routeshd" && i + 1 < argc) {
      routeshd = argv[++i];
    } else if (a == "--keep") {
      keep = true;
    } else {
      std::fprintf(stderr,
                   "usage: commit_bench [--commits N] [--routeshd PATH] "
                   "[--keep]\n");
      return 2;
    }
  }
  Table table;
  const int kRuns = 50;
  const int kBigLines = 30000;  // ~100k nodes
  const int kSmallLines = 3000;  // ~10k nodes

  // ~10k nodes: the one-leaf commit does not depend on the size.
  {
    Rig small;
    size_t nodes = 0;
    double ms = 0;
    if (!load(small, kSmallLines, &nodes, &ms)) return 1;
    if (!one_leaf_rows(small, kRuns, nodes, "<= 20 ms", &table)) return 1;
    small.remove(keep);
  }

  Rig big;
  size_t nodes = 0;
  double load_ms = 0;
  long rss_before = status_kib(::getpid(), "VmRSS");
  if (!load(big, kBigLines, &nodes, &load_ms)) return 1;
  long rss_loaded = status_kib(::getpid(), "VmRSS");
  ::malloc_trim(0);  // what the parser and the first commit left free
  long rss_trimmed = status_kib(::getpid(), "VmRSS");
  table.add("configuration size", std::to_string(nodes) + " nodes");
  table.add("initial commit of the whole configuration", fmt_ms(load_ms));
  table.add("bench process VmRSS after loading ~100k nodes",
            mib(rss_loaded) + "; " + mib(rss_trimmed) +
                " after malloc_trim (" + mib(rss_before) + " before loading)",
            "<= 30 MiB");

  // (i) one changed leaf at ~100k nodes.
  if (!one_leaf_rows(big, kRuns, nodes, "<= 20 ms, independent of size",
                     &table)) {
    return 1;
  }

  // (ii) + (iii): N one-line commits, each a different static route.
  std::string db = big.dir + "/history.db";
  int64_t bytes0 = big.history->size_bytes();
  auto tables0 = table_bytes(db);
  int64_t first_rev = big.history->head();
  std::fprintf(stderr, "bench: %d one-line commits...\n", commits);
  auto t0 = Clock::now();
  const int routes = schema::bench::static_route_count(kBigLines);
  for (int i = 0; i < commits; ++i) {
    // Route r has distance 1 + r % 250 in the base; each pass over the
    // routes moves every distance on by one.
    int r = i % routes, pass = i / routes;
    schema::NodePtr c = with_leaf(big.engine->running(),
                                  static_distance(r, 1 + (r + 1 + pass) % 250));
    if (!c || !big.commit(c, "batch")) return 1;
    if ((i + 1) % 1000 == 0) {
      std::fprintf(stderr, "  %d commits, %.0f s\n", i + 1, ms_since(t0) / 1000);
    }
  }
  double commits_ms = ms_since(t0);
  table.add(std::to_string(commits) + " one-line commits (each a static "
                "route's distance, " + std::to_string(routes) + " routes)",
            fmt_ms(commits_ms) + " (" + fmt_ms(commits_ms / commits) + " each)");
  int64_t bytes1 = big.history->size_bytes();
  auto tables1 = table_bytes(db);
  double per_commit = double(bytes1 - bytes0) / commits;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%.0f bytes", per_commit);
  table.add("history bytes per one-line commit (size_bytes delta / commits)", buf,
            "<= 200 bytes");
  if (!tables1.empty()) {
    auto delta = [&](const std::string& prefix) {
      return double(sum_prefix(tables1, prefix) - sum_prefix(tables0, prefix)) /
             commits;
    };
    double change = delta("change"), attempt = delta("attempt") +
                                              delta("sqlite_autoindex_attempt");
    double snapshot = delta("snapshot") + delta("sqlite_autoindex_snapshot");
    double all = 0;
    for (const auto& [name, b] : tables1) all += b;
    for (const auto& [name, b] : tables0) all -= b;
    all /= commits;
    double other = all - change - attempt - snapshot;
    if (other > -0.5 && other < 0.5) other = 0;  // page rounding
    std::snprintf(buf, sizeof buf,
                  "change rows %.0f (%.0f%%), attempt rows+index %.0f, "
                  "snapshots %.0f, other %.0f",
                  change, all > 0 ? 100 * change / all : 0.0, attempt,
                  snapshot, other);
    table.add("history bytes per commit by table (dbstat)", buf);
    std::snprintf(buf, sizeof buf, "%.0f bytes", all - snapshot);
    table.add("history bytes per one-line commit without snapshots", buf,
              "<= 200 bytes");
  }

  // Rollback to the revision N commits back.
  int64_t index = big.history->head() - first_rev;
  std::vector<double> rebuild;
  schema::NodePtr target;
  for (int i = 0; i < 5; ++i) {
    auto t1 = Clock::now();
    auto r = big.engine->revision(index);
    rebuild.push_back(ms_since(t1));
    if (!r.ok()) {
      std::fprintf(stderr, "bench: revision(%lld): %s\n",
                   static_cast<long long>(index), r.error().message.c_str());
      return 1;
    }
    target = *r;
  }
  table.add("Engine::revision(" + std::to_string(index) + ") (median of 5)",
            fmt_ms(median(rebuild)), "");
  size_t changed =
      schema::diff(big.engine->running().get(), target.get()).size();
  big.host->reset();
  auto t2 = Clock::now();
  if (!big.commit(target, "rollback", true)) return 1;
  double check_ms = ms_since(t2);
  t2 = Clock::now();
  if (!big.commit(target, "rollback")) return 1;
  double rollback_ms = ms_since(t2);
  table.add("rollback to the revision " + std::to_string(index) +
                " commits back (" + std::to_string(changed) +
                " changed leaves): revision + commit",
            fmt_ms(median(rebuild) + rollback_ms) + " (commit " +
                fmt_ms(rollback_ms) + ", of which check " + fmt_ms(check_ms) +
                ", prepare+apply " +
                fmt_ms(big.host->prepare_ms + big.host->execute_ms) + ")",
            "<= 150 ms");

  // (iv) a real routeshd on this state directory.
  measure_daemon(routeshd, big, &table);
  big.remove(keep);
  if (keep) std::fprintf(stderr, "bench: kept %s\n", big.dir.c_str());

  table.print();
  return 0;
}

}  // namespace
}  // namespace commits

int main(int argc, char** argv) { return commits::run(argc, argv); }

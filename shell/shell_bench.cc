// shell_bench: how fast the shell answers, with a daemon holding a large
// configuration. Prints a table; asserts nothing.
//   - start to prompt: routesh started under a pseudo-terminal until its
//     operational prompt appears (the daemon already running, 100k nodes);
//   - TAB on the schema: complete() of `set interfaces vti vti0 ` etc.;
//   - TAB over 20k existing tag values: `delete protocols static route 10.`
//     through the daemon's `complete` request (a real round trip).
// Usage: shell_bench ROUTESH ROUTESHD
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "commits/rpc.h"
#include "schema/bench_support.h"
#include "schema/schema.h"
#include "shell/completion.h"

namespace {

using schema::bench::Clock;
using schema::bench::median;
using schema::bench::ms_since;
using schema::bench::percentile;

// Starts routesh in a pty and returns the ms until "$ " is printed.
double start_to_prompt(const std::string& routesh, const std::string& dir) {
  int master;
  auto t0 = Clock::now();
  pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) {
    ::execl(routesh.c_str(), routesh.c_str(), "--state-dir", dir.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::string seen;
  char buf[4096];
  while (seen.find("$ ") == std::string::npos) {
    ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, n);
  }
  double t = ms_since(t0);
  ::kill(pid, SIGHUP);
  ::close(master);
  ::waitpid(pid, nullptr, 0);
  return t;
}

bool call_ok(commits::RpcClient& c, commits::Json req) {
  auto r = c.call(std::move(req));
  if (!r.ok()) std::fprintf(stderr, "bench: %s\n", r.error().to_string().c_str());
  return r.ok();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: shell_bench ROUTESH ROUTESHD\n");
    return 2;
  }
  std::string routesh = argv[1], routeshd = argv[2];
  char tmpl[] = "/tmp/routesh-shell-bench-XXXXXX";
  std::string dir = ::mkdtemp(tmpl);
  pid_t daemon = ::fork();
  if (daemon == 0) {
    ::execl(routeshd.c_str(), routeshd.c_str(), "--state-dir", dir.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::unique_ptr<commits::RpcClient> client;
  for (int i = 0; i < 200 && !client; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    auto c = commits::RpcClient::connect(dir + "/routeshd.sock");
    if (c.ok()) client = std::move(c).value();
  }
  if (!client) {
    std::fprintf(stderr, "bench: daemon did not start\n");
    return 1;
  }
  // 25k static routes with a next-hop and a distance, 20k of them under
  // 10.x: about 100k nodes.
  std::vector<std::string> lines;
  for (int i = 0; i < 25000; ++i) {
    lines.push_back("set protocols static route " + std::to_string(10 + i / 20000) +
                    "." + std::to_string(i / 256 % 256) + "." +
                    std::to_string(i % 256) + ".0/24 next-hop 192.0.2.1 distance 10");
  }
  if (!call_ok(*client, {{"op", "configure"}}) ||
      !call_ok(*client, {{"op", "edit"}, {"lines", lines}}) ||
      !call_ok(*client, {{"op", "commit"}})) {
    return 1;
  }
  std::vector<double> prompt;
  for (int i = 0; i < 15; ++i) prompt.push_back(start_to_prompt(routesh, dir));

  const schema::Schema& schema = schema::Schema::builtin();
  shell::CompletionContext ctx;
  ctx.schema = &schema;
  ctx.configuring = true;
  ctx.commands = {"set", "delete", "show", "edit", "commit"};
  ctx.existing = [&](const std::vector<std::string>& path,
                     const std::string& prefix) {
    std::vector<std::string> out;
    auto r = client->call({{"op", "complete"}, {"path", path},
                           {"prefix", prefix}, {"limit", 100}});
    if (r.ok()) {
      for (const auto& n : (*r)["names"]) out.push_back(n.get<std::string>());
    }
    return out;
  };
  std::vector<double> schema_tab, data_tab;
  size_t data_n = 0;
  for (int i = 0; i < 200; ++i) {
    auto t0 = Clock::now();
    auto c = shell::complete(ctx, "set interfaces vti vti0 m");
    (void)shell::complete(ctx, "set protocols bgp 65000 neighbor 192.0.2.1 ");
    schema_tab.push_back(ms_since(t0) / 2);
    auto t1 = Clock::now();
    auto d = shell::complete(ctx, "delete protocols static route 10.");
    data_tab.push_back(ms_since(t1));
    data_n = d.candidates.size();
    (void)c;
  }
  std::printf("| measure | median | p99 |\n|---|---:|---:|\n");
  std::printf("| start to prompt (daemon holding ~100k nodes) | %.1f ms | %.1f ms |\n",
              median(prompt), percentile(prompt, 0.99));
  std::printf("| TAB on the schema | %.3f ms | %.3f ms |\n", median(schema_tab),
              percentile(schema_tab, 0.99));
  std::printf("| TAB over 20k existing routes (%zu shown) | %.3f ms | %.3f ms |\n",
              data_n, median(data_tab), percentile(data_tab, 0.99));
  ::kill(daemon, SIGTERM);
  ::waitpid(daemon, nullptr, 0);
  std::string cmd = "rm -rf " + dir;
  (void)std::system(cmd.c_str());
  return 0;
}

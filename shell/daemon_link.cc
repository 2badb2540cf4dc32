#include "shell/daemon_link.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace shell {
namespace {

std::string self_dir() {
  char buf[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  std::string p(buf, static_cast<size_t>(n));
  return p.substr(0, p.rfind('/'));
}

bool executable(const std::string& p) { return ::access(p.c_str(), X_OK) == 0; }

// Starts routeshd detached: double fork, new session, stdio to the log.
rc::Status spawn_daemon(const std::string& bin, const DaemonOptions& o) {
  ::mkdir(o.state_dir.c_str(), 0750);
  pid_t pid = ::fork();
  if (pid < 0) return rc::make_error(rc::Code::kIo, "cannot fork");
  if (pid == 0) {
    ::setsid();
    if (::fork() != 0) ::_exit(0);
    int null = ::open("/dev/null", O_RDWR);
    std::string log = o.state_dir + "/routeshd.out";
    int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0640);
    ::dup2(null, 0);
    ::dup2(out >= 0 ? out : null, 1);
    ::dup2(out >= 0 ? out : null, 2);
    std::vector<std::string> args = {bin, "--state-dir", o.state_dir};
    args.insert(args.end(), o.extra_args.begin(), o.extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return rc::Status::Ok();
}

}  // namespace

std::string default_state_dir() {
  const char* env = std::getenv("ROUTESH_STATE_DIR");
  return env != nullptr && *env ? env : "/var/lib/routesh";
}

std::string find_routeshd() {
  std::string dir = self_dir();
  for (const std::string& p : {dir + "/routeshd", dir + "/../commits/routeshd",
                               dir + "/../sbin/routeshd",
                               std::string("/usr/sbin/routeshd")}) {
    if (executable(p)) return p;
  }
  return "routeshd";
}

rc::Result<std::unique_ptr<commits::RpcClient>> connect_daemon(
    const DaemonOptions& o) {
  std::string sock = o.state_dir + "/routeshd.sock";
  auto c = commits::RpcClient::connect(sock);
  if (c.ok() || !o.autostart || c.error().code != rc::Code::kNotFound) return c;
  // Start one only where we may: our own (or a new) state directory.
  struct stat st;
  if (::stat(o.state_dir.c_str(), &st) == 0 && st.st_uid != ::getuid() &&
      ::getuid() != 0) {
    return c;
  }
  std::string bin = find_routeshd();
  rc::Status s = spawn_daemon(bin, o);
  if (!s.ok()) return s.error();
  for (int i = 0; i < 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    c = commits::RpcClient::connect(sock);
    if (c.ok()) return c;
  }
  return rc::make_error(rc::Code::kIo,
                        "started " + bin + " but it does not answer on " + sock,
                        "", "see " + o.state_dir + "/routeshd.out");
}

}  // namespace shell

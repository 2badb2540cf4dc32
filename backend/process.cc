// run_process: posix_spawnp with pipes; input is written from a poll loop
// so that a child printing a lot before reading its stdin cannot deadlock,
// and a child that exits without reading it cannot kill us with SIGPIPE.
#include "backend/process.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

extern char** environ;

namespace backend {
namespace {

void close_fd(int* fd) {
  if (*fd >= 0) ::close(*fd);
  *fd = -1;
}

// write() to a pipe whose reader may have exited, without SIGPIPE killing
// the caller: the signal is blocked in this thread, and one it raised is
// taken back before the mask is restored (EPIPE reports the failure).
ssize_t write_no_sigpipe(int fd, const char* data, size_t size) {
  sigset_t pipe_only, old;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  sigset_t pending;
  sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
  ssize_t n = ::write(fd, data, size);
  int saved = errno;
  if (n < 0 && errno == EPIPE && !was_pending) {
    const timespec zero{0, 0};
    while (sigtimedwait(&pipe_only, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = saved;
  return n;
}

}  // namespace

rc::Result<ProcessResult> run_process(const std::vector<std::string>& argv,
                                      const std::string& input, int timeout_ms) {
  if (argv.empty()) return rc::make_error(rc::Code::kInternal, "empty command");
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) {
    return rc::make_error(rc::Code::kIo, std::string("pipe: ") + std::strerror(errno));
  }
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    return rc::make_error(rc::Code::kIo, std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, out[1], 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int err = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(in[0]);
  ::close(out[1]);
  if (err != 0) {
    ::close(in[1]);
    ::close(out[0]);
    return rc::make_error(rc::Code::kBackend,
                          "cannot run " + argv[0] + ": " + std::strerror(err));
  }
  int to_child = in[1];
  int from_child = out[0];
  if (input.empty()) close_fd(&to_child);
  ::fcntl(to_child, F_SETFL, O_NONBLOCK);  // harmless on -1
  ProcessResult result;
  size_t written = 0;
  char buf[8192];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  bool timed_out = false;
  while (from_child >= 0) {
    pollfd fds[2] = {{from_child, POLLIN, 0}, {to_child, POLLOUT, 0}};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now()).count();
    if (timeout_ms > 0 && left <= 0) {
      timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    int n = ::poll(fds, to_child >= 0 ? 2 : 1, timeout_ms > 0 ? static_cast<int>(left) : -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (to_child >= 0 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t w = write_no_sigpipe(to_child, input.data() + written,
                                   input.size() - written);
      if (w > 0) written += static_cast<size_t>(w);
      if (w < 0 && errno != EAGAIN && errno != EINTR) written = input.size();
      if (written == input.size()) close_fd(&to_child);
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t r = ::read(from_child, buf, sizeof buf);
      if (r > 0) {
        result.output.append(buf, static_cast<size_t>(r));
      } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
        close_fd(&from_child);
      }
    }
  }
  close_fd(&to_child);
  close_fd(&from_child);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return rc::make_error(rc::Code::kBackend,
                          argv[0] + " did not finish within " +
                              std::to_string(timeout_ms) + " ms and was killed");
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

rc::Result<std::string> run_checked(const std::vector<std::string>& argv,
                                    const std::string& input) {
  auto r = run_process(argv, input);
  if (!r.ok()) return r.error();
  if (!r->ok()) return process_error(argv, *r);
  return std::move(r->output);
}

rc::Error process_error(const std::vector<std::string>& argv,
                        const ProcessResult& result) {
  std::string msg = (argv.empty() ? std::string("process") : argv[0]) + " failed";
  msg += result.exit_code >= 0 ? " (exit " + std::to_string(result.exit_code) + ")"
                               : " (killed by a signal)";
  std::string out = result.output;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  if (!out.empty()) msg += ": " + out;
  return rc::make_error(rc::Code::kBackend, msg);
}

}  // namespace backend

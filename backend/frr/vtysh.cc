// vtysh argv building, value checks and a capturing process runner.
#include "backend/frr/vtysh.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace backend::frr {
namespace {

constexpr const char* kStart = "XFRR_start_configuration";
constexpr const char* kEnd = "XFRR_end_configuration";

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// U+2028 / U+2029 (line and paragraph separators) in UTF-8.
bool has_line_separator(std::string_view v) {
  return v.find("\xe2\x80\xa8") != std::string_view::npos ||
         v.find("\xe2\x80\xa9") != std::string_view::npos;
}

void prefix_options(const FrrOptions& options, std::vector<std::string>* argv) {
  argv->push_back(options.vtysh);
  if (!options.vty_socket.empty()) {
    argv->push_back("--vty_socket");
    argv->push_back(options.vty_socket);
  }
  if (!options.config_dir.empty()) {
    argv->push_back("--config_dir");
    argv->push_back(options.config_dir);
  }
}

}  // namespace

std::string unsafe_text(std::string_view value) {
  for (unsigned char c : value) {
    if (c == '\n' || c == '\r') return "contains a line break";
    if (is_control(c)) return "contains a control character";
    if (c == '!') return "contains \"!\" (FRR's comment character)";
  }
  if (has_line_separator(value)) return "contains a line separator";
  size_t first = value.find_first_not_of(' ');
  if (first != std::string_view::npos && value[first] == '#') {
    return "starts with \"#\" (a comment in FRR)";
  }
  return "";
}

std::string unsafe_word(std::string_view value) {
  if (value.empty()) return "is empty";
  std::string why = unsafe_text(value);
  if (!why.empty()) return why;
  for (unsigned char c : value) {
    if (c == ' ') return "contains a blank";
  }
  return "";
}

rc::Result<std::vector<std::string>> batch_argv(
    const FrrOptions& options, const std::vector<std::string>& commands) {
  std::vector<std::string> argv;
  prefix_options(options, &argv);
  for (const char* c : {"configure terminal", kStart}) {
    argv.push_back("-c");
    argv.push_back(c);
  }
  for (const auto& cmd : commands) {
    for (unsigned char c : cmd) {
      if (is_control(c)) {
        return rc::make_error(rc::Code::kInternal,
                              "refusing an FRR command with a control "
                              "character or line break: " + cmd);
      }
    }
    if (has_line_separator(cmd) || cmd.empty()) {
      return rc::make_error(rc::Code::kInternal,
                            "refusing an FRR command: \"" + cmd + "\"");
    }
    argv.push_back("-c");
    argv.push_back(cmd);
  }
  argv.push_back("-c");
  argv.push_back(kEnd);
  return argv;
}

std::vector<std::string> batch_commands(const std::vector<std::string>& argv) {
  std::vector<std::string> out;
  bool inside = false;
  for (size_t i = 0; i + 1 < argv.size(); ++i) {
    if (argv[i] != "-c") continue;
    const std::string& c = argv[++i];
    if (c == kStart) {
      inside = true;
    } else if (c == kEnd) {
      inside = false;
    } else if (inside) {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::string> show_argv(const FrrOptions& options,
                                   const std::string& daemon,
                                   const std::string& command) {
  std::vector<std::string> argv;
  prefix_options(options, &argv);
  if (!daemon.empty()) {
    argv.push_back("-d");
    argv.push_back(daemon);
  }
  argv.push_back("-c");
  argv.push_back(command);
  return argv;
}

rc::Result<std::string> run_capture(const std::vector<std::string>& argv) {
  if (argv.empty()) return rc::make_error(rc::Code::kInternal, "empty command");
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    return rc::make_error(rc::Code::kIo, std::string("pipe: ") + std::strerror(errno));
  }
  int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (devnull >= 0) posix_spawn_file_actions_adddup2(&fa, devnull, 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, out[1], 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int err = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(out[1]);
  if (devnull >= 0) ::close(devnull);
  if (err != 0) {
    ::close(out[0]);
    return rc::make_error(rc::Code::kBackend,
                          "cannot run " + argv[0] + ": " + std::strerror(err));
  }
  std::string output;
  char buf[8192];
  ssize_t n;
  while ((n = ::read(out[0], buf, sizeof buf)) != 0) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    output.append(buf, static_cast<size_t>(n));
  }
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return output;
  std::string msg = argv[0] + " failed";
  if (WIFEXITED(status)) msg += " (exit " + std::to_string(WEXITSTATUS(status)) + ")";
  while (!output.empty() && output.back() == '\n') output.pop_back();
  if (!output.empty()) msg += ": " + output;
  return rc::make_error(rc::Code::kBackend, msg);
}

rc::Result<std::string> read_running_config(const FrrOptions& options,
                                            const std::string& daemon) {
  return run_capture(show_argv(options, daemon, "show running-config"));
}

}  // namespace backend::frr

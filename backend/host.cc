#include "backend/host.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "backend/process.h"

namespace backend {
namespace {

rc::Error io_error(const std::string& what, const std::string& path) {
  return rc::make_error(rc::Code::kIo,
                        what + " " + path + ": " + std::strerror(errno));
}

std::string dir_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

rc::Status remove_file(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return io_error("cannot remove", path);
  }
  return rc::Status::Ok();
}

bool read_whole(const std::string& path, std::string* data) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *data = ss.str();
  return true;
}

rc::Status check_writable_dir(const std::string& path) {
  std::string dir = dir_of(path);
  if (::access(dir.c_str(), W_OK) != 0) {
    return io_error("cannot write in", dir);
  }
  return rc::Status::Ok();
}

// Files are real in every host; returns false for other kinds of steps.
bool execute_file_step(const Step& step, rc::Status* st);

}  // namespace

rc::Status write_file_atomic(const std::string& path, const std::string& data,
                             int mode) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return io_error("cannot write", tmp);
  ::fchmod(fd, static_cast<mode_t>(mode));  // umask must not loosen secrets
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return io_error("cannot write", tmp);
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) return io_error("cannot sync", tmp);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return io_error("cannot rename to", path);
  }
  int dfd = ::open(dir_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return rc::Status::Ok();
}

namespace {

bool execute_file_step(const Step& step, rc::Status* st) {
  switch (step.kind) {
    case Step::Kind::kNone:
      *st = rc::Status::Ok();
      return true;
    case Step::Kind::kWriteFile:
      *st = write_file_atomic(step.path, step.data, step.mode);
      return true;
    case Step::Kind::kRemoveFile:
      *st = remove_file(step.path);
      return true;
    default:
      return false;
  }
}

}  // namespace

// ------------------------------------------------------------- RealHost

void RealHost::add_channel(const std::string& name, ChannelHandler handler) {
  channels_[name] = std::move(handler);
}

rc::Status RealHost::prepare(const Step& step) {
  switch (step.kind) {
    case Step::Kind::kWriteFile:
    case Step::Kind::kRemoveFile:
      return check_writable_dir(step.path);
    case Step::Kind::kMessage: {
      auto it = channels_.find(step.channel);
      if (it == channels_.end()) {
        return rc::make_error(rc::Code::kBackend,
                              "no connection for " + step.channel);
      }
      return it->second(step, true);
    }
    default:
      return rc::Status::Ok();
  }
}

rc::Status RealHost::execute(const Step& step) {
  rc::Status st;
  if (execute_file_step(step, &st)) return st;
  if (step.kind == Step::Kind::kRun) {
    auto r = run_checked(step.argv, step.data);
    return r.ok() ? rc::Status::Ok() : rc::Status(r.error());
  }
  auto it = channels_.find(step.channel);  // kMessage
  if (it == channels_.end()) {
    return rc::make_error(rc::Code::kBackend, "no connection for " + step.channel);
  }
  return it->second(step, false);
}

bool RealHost::read_file(const std::string& path, std::string* data) {
  return read_whole(path, data);
}

// ----------------------------------------------------------- RenderHost

rc::Status RenderHost::prepare(const Step& step) {
  if (step.kind == Step::Kind::kWriteFile ||
      step.kind == Step::Kind::kRemoveFile) {
    return check_writable_dir(step.path);
  }
  return rc::Status::Ok();
}

rc::Status RenderHost::execute(const Step& step) {
  rc::Status st;
  if (execute_file_step(step, &st)) return st;
  // Processes and channel messages are logged, not run. The log may hold
  // secrets (a pre-shared key being loaded): owner-only, like the files.
  std::string path = root_ + "/actions.log";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return io_error("cannot append to", path);
  std::string line = step.describe() + "\n";
  ssize_t n = ::write(fd, line.data(), line.size());
  ::close(fd);
  if (n != static_cast<ssize_t>(line.size())) return io_error("cannot append to", path);
  return rc::Status::Ok();
}

bool RenderHost::read_file(const std::string& path, std::string* data) {
  return read_whole(path, data);
}

// ------------------------------------------------------------ FaultHost

bool FaultHost::parse(const std::string& text, Spec* spec) {
  size_t colon = text.find(':');
  if (colon == std::string::npos) return false;
  spec->phase = text.substr(0, colon);
  std::string rest = text.substr(colon + 1);
  size_t hash = rest.rfind('#');
  spec->skip = 0;
  if (hash != std::string::npos) {
    spec->skip = std::atoi(rest.c_str() + hash + 1);
    rest = rest.substr(0, hash);
  }
  spec->path_prefix = rest;
  return spec->phase == "prepare" || spec->phase == "apply";
}

bool FaultHost::hit(const std::string& phase, const Step& step) {
  if (!armed_ || phase != spec_.phase || step.kind == Step::Kind::kNone) {
    return false;
  }
  const std::string& target =
      step.kind == Step::Kind::kMessage ? step.channel : step.path;
  if (target.compare(0, spec_.path_prefix.size(), spec_.path_prefix) != 0 &&
      !(step.kind == Step::Kind::kRun && !step.argv.empty() &&
        step.argv[0].compare(0, spec_.path_prefix.size(), spec_.path_prefix) == 0)) {
    return false;
  }
  if (spec_.skip > 0) {
    --spec_.skip;
    return false;
  }
  armed_ = false;
  return true;
}

namespace {

// What a fault message names: files by path, messages by channel and
// command only (a payload may hold a pre-shared key, and the message goes
// to history).
std::string fault_target(const Step& step) {
  if (step.kind != Step::Kind::kMessage) return step.describe();
  std::string s = step.channel + " message";
  if (step.payload.is_object() && step.payload.contains("command") &&
      step.payload["command"].is_string()) {
    s += " " + step.payload["command"].get<std::string>();
  }
  return s;
}

}  // namespace

rc::Status FaultHost::prepare(const Step& step) {
  if (hit("prepare", step)) {
    return rc::make_error(rc::Code::kBackend,
                          "injected fault in prepare: " + fault_target(step));
  }
  return inner_->prepare(step);
}

rc::Status FaultHost::execute(const Step& step) {
  if (hit("apply", step)) {
    return rc::make_error(rc::Code::kBackend,
                          "injected fault in apply: " + fault_target(step));
  }
  return inner_->execute(step);
}

}  // namespace backend

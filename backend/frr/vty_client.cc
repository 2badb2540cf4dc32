// VtyClient: a blocking unix-socket client with a per-reply deadline.
#include "backend/frr/vty_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace backend::frr {

std::string vty_socket_path(const std::string& dir, const std::string& daemon) {
  return (dir.empty() ? std::string("/run/frr") : dir) + "/" + daemon + ".vty";
}

rc::Result<VtyClient> VtyClient::connect(const std::string& socket_path,
                                         int timeout_ms) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof addr.sun_path) {
    return rc::make_error(rc::Code::kBackend, "vty socket path too long: " + socket_path);
  }
  std::memcpy(addr.sun_path, socket_path.c_str(), socket_path.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return rc::make_error(rc::Code::kBackend, std::string("socket: ") + std::strerror(errno));
  }
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    int e = errno;
    ::close(fd);
    return rc::make_error(rc::Code::kBackend,
                          "cannot connect to " + socket_path + ": " + std::strerror(e),
                          "", "is the FRR daemon running?");
  }
  return VtyClient(fd, socket_path, timeout_ms);
}

VtyClient::VtyClient(VtyClient&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)), timeout_ms_(other.timeout_ms_) {
  other.fd_ = -1;
}

VtyClient& VtyClient::operator=(VtyClient&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    timeout_ms_ = other.timeout_ms_;
    other.fd_ = -1;
  }
  return *this;
}

VtyClient::~VtyClient() {
  if (fd_ >= 0) ::close(fd_);
}

rc::Result<VtyClient::Reply> VtyClient::run(const std::string& line) {
  auto fail = [this](const std::string& what) {
    return rc::make_error(rc::Code::kBackend, path_ + ": " + what);
  };
  if (fd_ < 0) return fail("not connected");
  std::string msg = line;
  msg.push_back('\0');
  size_t off = 0;
  while (off < msg.size()) {
    ssize_t n = ::send(fd_, msg.data() + off, msg.size() - off, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(std::string("write: ") + std::strerror(errno));
    }
    off += static_cast<size_t>(n);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_);
  std::string buf;
  char chunk[16384];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) return fail("no reply to \"" + line + "\" in time");
    pollfd p{fd_, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return fail("no reply to \"" + line + "\" in time");
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("the daemon closed the connection");
    buf.append(chunk, static_cast<size_t>(n));
    size_t k = buf.size();
    if (k >= 4 && buf[k - 4] == '\0' && buf[k - 3] == '\0' && buf[k - 2] == '\0') {
      Reply reply;
      reply.code = static_cast<unsigned char>(buf[k - 1]);
      reply.output = buf.substr(0, k - 4);
      return reply;
    }
  }
}

}  // namespace backend::frr

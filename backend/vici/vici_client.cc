// VICI socket client (see vici_client.h).
#include "backend/vici/vici_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace backend::vici {
namespace {

std::string strip_scheme(const std::string& path) {
  const std::string unix_scheme = "unix://";
  if (path.compare(0, unix_scheme.size(), unix_scheme) == 0) {
    return path.substr(unix_scheme.size());
  }
  return path;
}

rc::Error protocol_error(const std::string& what) {
  return rc::make_error(rc::Code::kBackend, "vici: " + what);
}

}  // namespace

Client::~Client() { close(); }

void Client::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

rc::Error Client::io_failure(const std::string& what, int err) {
  close();
  return rc::make_error(rc::Code::kIo,
                        "vici " + path_ + ": " + what +
                            (err != 0 ? std::string(": ") + std::strerror(err)
                                      : std::string()));
}

rc::Status Client::connect(const std::string& path) {
  close();
  path_ = strip_scheme(path);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path_.empty() || path_.size() >= sizeof addr.sun_path) {
    return rc::make_error(rc::Code::kInvalidArgument,
                          "vici: bad socket path '" + path + "'");
  }
  std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return io_failure("socket", errno);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    int err = errno;
    ::close(fd);
    return rc::make_error(rc::Code::kIo,
                          "cannot connect to charon at " + path_ + ": " +
                              std::strerror(err) + " (is charon running?)");
  }
  fd_ = fd;
  return rc::Status::Ok();
}

rc::Status Client::ensure_connected() {
  if (fd_ >= 0) return rc::Status::Ok();
  if (path_.empty()) {
    return rc::make_error(rc::Code::kIo, "vici: not connected");
  }
  return connect(path_);
}

rc::Status Client::write_all(const char* data, size_t size) {
  size_t off = 0;
  while (off < size) {
    pollfd p{fd_, POLLOUT, 0};
    int r = ::poll(&p, 1, timeout_ms_);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return io_failure("poll", errno);
    if (r == 0) return io_failure("timed out writing", 0);
    ssize_t n = ::send(fd_, data + off, size - off, MSG_NOSIGNAL);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) return io_failure("write", errno);
    off += static_cast<size_t>(n);
  }
  return rc::Status::Ok();
}

rc::Status Client::read_exact(char* data, size_t size) {
  size_t off = 0;
  while (off < size) {
    pollfd p{fd_, POLLIN, 0};
    int r = ::poll(&p, 1, timeout_ms_);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return io_failure("poll", errno);
    if (r == 0) return io_failure("timed out waiting for charon", 0);
    ssize_t n = ::recv(fd_, data + off, size - off, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) return io_failure("read", errno);
    if (n == 0) return io_failure("charon closed the connection", 0);
    off += static_cast<size_t>(n);
  }
  return rc::Status::Ok();
}

rc::Status Client::send(const Packet& packet) {
  auto bytes = encode_packet(packet);
  if (!bytes.ok()) return bytes.error();
  return write_all(bytes->data(), bytes->size());
}

rc::Result<Packet> Client::receive() {
  unsigned char len[4];
  if (auto st = read_exact(reinterpret_cast<char*>(len), 4); !st.ok()) {
    return st.error();
  }
  size_t n = (size_t{len[0]} << 24) | (size_t{len[1]} << 16) |
             (size_t{len[2]} << 8) | size_t{len[3]};
  if (n == 0 || n > kMaxSegment) {
    close();
    return protocol_error("bad segment length " + std::to_string(n));
  }
  std::string body(n, '\0');
  if (auto st = read_exact(body.data(), n); !st.ok()) return st.error();
  auto p = decode_packet(body);
  if (!p.ok()) close();  // out of sync
  return p;
}

rc::Status Client::check(const std::string& command, const Message& response) {
  const std::string* success = response.value("success");
  if (success == nullptr || *success == "yes") return rc::Status::Ok();
  const std::string* errmsg = response.value("errmsg");
  return rc::make_error(rc::Code::kBackend,
                        "charon: " + command + " failed" +
                            (errmsg != nullptr && !errmsg->empty()
                                 ? ": " + *errmsg
                                 : std::string()));
}

rc::Result<Message> Client::call(const std::string& command,
                                 const Message& request) {
  return stream(command, request, "", nullptr);
}

rc::Result<Message> Client::stream(const std::string& command,
                                   const Message& request,
                                   const std::string& event,
                                   const EventCallback& on_event) {
  if (auto st = ensure_connected(); !st.ok()) return st.error();
  bool registered = false;
  if (!event.empty()) {
    if (auto st = send({PacketType::kEventRegister, event, {}}); !st.ok()) {
      return st.error();
    }
    while (true) {  // events of an earlier registration may still arrive
      auto p = receive();
      if (!p.ok()) return p.error();
      if (p->type == PacketType::kEvent) continue;
      if (p->type == PacketType::kEventConfirm) break;
      if (p->type == PacketType::kEventUnknown) {
        return protocol_error("charon does not know the event '" + event + "'");
      }
      close();
      return protocol_error(std::string("unexpected ") +
                            packet_type_name(p->type) + " registering " + event);
    }
    registered = true;
  }
  if (auto st = send({PacketType::kCmdRequest, command, request}); !st.ok()) {
    return st.error();
  }
  Message response;
  while (true) {
    auto p = receive();
    if (!p.ok()) return p.error();
    if (p->type == PacketType::kEvent) {
      if (registered && p->name == event && on_event) on_event(p->message);
      continue;
    }
    if (p->type == PacketType::kCmdResponse) {
      response = std::move(p->message);
      break;
    }
    if (p->type == PacketType::kCmdUnknown) {
      if (registered) {
        (void)send({PacketType::kEventUnregister, event, {}});
        (void)receive();
      }
      return protocol_error("charon does not know the command '" + command + "'");
    }
    close();
    return protocol_error(std::string("unexpected ") +
                          packet_type_name(p->type) + " during " + command);
  }
  if (registered) {
    if (auto st = send({PacketType::kEventUnregister, event, {}}); !st.ok()) {
      return st.error();
    }
    while (true) {
      auto p = receive();
      if (!p.ok()) return p.error();
      if (p->type == PacketType::kEvent) continue;
      if (p->type == PacketType::kEventConfirm) break;
      close();
      return protocol_error(std::string("unexpected ") +
                            packet_type_name(p->type) + " unregistering " +
                            event);
    }
  }
  if (auto st = check(command, response); !st.ok()) return st.error();
  return response;
}

}  // namespace backend::vici

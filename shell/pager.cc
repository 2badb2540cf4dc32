#include "shell/pager.h"

#include <errno.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cstdint>
#include <vector>

namespace shell {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return lines;
}

size_t rows_of(std::string_view line, int width) {
  size_t cols = 0;
  for (char ch : line) {
    // Count UTF-8 lead bytes only: one column per character.
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++cols;
  }
  if (width <= 0 || cols == 0) return 1;
  return (cols + static_cast<size_t>(width) - 1) / static_cast<size_t>(width);
}

void write_all(int fd, std::string_view s) {
  while (!s.empty()) {
    ssize_t n = ::write(fd, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    s.remove_prefix(static_cast<size_t>(n));
  }
}

// The terminal in raw mode (no line editing, echo or signals) while alive.
class RawMode {
 public:
  explicit RawMode(int fd) : fd_(fd) {
    if (::tcgetattr(fd, &saved_) != 0) return;
    termios raw = saved_;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= ~static_cast<tcflag_t>(IXON | ICRNL);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    ok_ = ::tcsetattr(fd, TCSANOW, &raw) == 0;
  }
  ~RawMode() {
    if (ok_) ::tcsetattr(fd_, TCSANOW, &saved_);
  }
  RawMode(const RawMode&) = delete;
  RawMode& operator=(const RawMode&) = delete;
  bool ok() const { return ok_; }

 private:
  int fd_;
  termios saved_{};
  bool ok_ = false;
};

enum class Key { kPage, kLine, kHalf, kAll, kQuit, kOther };

int read_byte(int fd, int timeout_ms) {
  if (timeout_ms >= 0) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return -1;
  }
  for (;;) {
    unsigned char c;
    ssize_t n = ::read(fd, &c, 1);
    if (n == 1) return c;
    if (n < 0 && errno == EINTR) continue;
    return -2;  // end of input
  }
}

Key read_key(int fd) {
  int c = read_byte(fd, -1);
  switch (c) {
    case -2:
    case 'q':
    case 'Q':
    case 3:  // Ctrl-C
      return Key::kQuit;
    case ' ':
    case 'f':
    case 6:   // Ctrl-F
    case 22:  // Ctrl-V
      return Key::kPage;
    case '\r':
    case '\n':
    case 'j':
    case 'e':
    case 14:  // Ctrl-N
      return Key::kLine;
    case 'd':
    case 4:  // Ctrl-D
      return Key::kHalf;
    case 'G':
    case '>':
      return Key::kAll;
    case 27: {  // ESC [ B (down), ESC [ 6 ~ (page down), ESC [ F (end)
      std::string seq;
      for (int b; seq.size() < 3 && (b = read_byte(fd, 50)) >= 0;) {
        seq += static_cast<char>(b);
        if (b != '[' && b != 'O' && (b < '0' || b > '9')) break;
      }
      if (seq == "[B" || seq == "OB") return Key::kLine;
      if (seq == "[6~") return Key::kPage;
      if (seq == "[F" || seq == "OF" || seq == "[4~") return Key::kAll;
      return Key::kOther;
    }
    default:
      return Key::kOther;
  }
}

}  // namespace

size_t screen_rows(std::string_view text, int width) {
  size_t rows = 0;
  for (auto line : split_lines(text)) rows += rows_of(line, width);
  return rows;
}

int page_length(int terminal_length, int window_rows) {
  if (terminal_length == 0) return 0;
  if (terminal_length > 0) return terminal_length;
  return window_rows > 0 ? window_rows : 0;
}

bool page(const std::string& text, const PagerOptions& o) {
  if (o.page_length <= 1) return false;
  const size_t length = static_cast<size_t>(o.page_length);
  if (screen_rows(text, o.width) <= length) return false;
  RawMode raw(o.in_fd);
  if (!raw.ok()) return false;
  std::vector<std::string_view> lines = split_lines(text);
  size_t next = 0;
  size_t budget = length - 1;  // the last row holds the prompt
  for (;;) {
    std::string chunk;
    size_t used = 0;
    while (next < lines.size()) {
      size_t r = rows_of(lines[next], o.width);
      if (used > 0 && used + r > budget) break;
      chunk.append(lines[next]);
      chunk += '\n';
      used += r;
      ++next;
    }
    write_all(o.out_fd, chunk);
    if (next >= lines.size()) return true;
    write_all(o.out_fd, ":");
    Key k = Key::kOther;
    while (k == Key::kOther) k = read_key(o.in_fd);
    write_all(o.out_fd, "\r \r");  // erase the prompt
    switch (k) {
      case Key::kLine:
        budget = 1;
        break;
      case Key::kHalf:
        budget = (length - 1) / 2 > 0 ? (length - 1) / 2 : 1;
        break;
      case Key::kAll:
        budget = SIZE_MAX;
        break;
      case Key::kQuit:
        return true;
      default:
        budget = length - 1;
    }
  }
}

}  // namespace shell

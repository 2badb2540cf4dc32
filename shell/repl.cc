#include "shell/repl.h"

// clang-format off
#include <cstdio>  // readline.h needs FILE first
#include <readline/history.h>
#include <readline/readline.h>
// clang-format on
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <set>
#include <string>

#include "schema/schema.h"
#include "shell/completion.h"
#include "shell/pager.h"

namespace shell {
namespace {

volatile sig_atomic_t g_interrupt = 0;  // Ctrl-C
volatile sig_atomic_t g_hangup = 0;     // SIGHUP or SIGTERM: end the session
volatile sig_atomic_t g_winch = 0;      // the window changed size

void on_signal(int sig) {
  if (sig == SIGINT) g_interrupt = 1;
  if (sig == SIGHUP || sig == SIGTERM) g_hangup = 1;
  if (sig == SIGWINCH) g_winch = 1;
}

void install_signals() {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;  // poll() in read_key still sees EINTR
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGHUP, SIGTERM, SIGWINCH})
    ::sigaction(sig, &sa, nullptr);
  for (int sig : {SIGQUIT, SIGTSTP, SIGPIPE}) ::signal(sig, SIG_IGN);
}

// What the readline callbacks need (readline takes plain functions).
struct Repl {
  CliSession* session = nullptr;
  std::string banner;      // "[edit …]\n", printed again after a listing
  Completion last;         // of the last TAB
  bool cancelled = false;  // Ctrl-C abandoned the line
  bool daemon_gone = false;  // the daemon closed the connection
  int width = 0;           // the `set terminal width` in force
};
Repl* g_repl = nullptr;

CompletionContext context() {
  CliSession* s = g_repl->session;
  CompletionContext ctx;
  ctx.schema = &schema::Schema::builtin();
  ctx.configuring = s->configuring();
  ctx.level = s->level();
  ctx.commands = s->command_words();
  ctx.existing = [s](const std::vector<std::string>& path,
                     const std::string& prefix) {
    return s->existing_names(path, prefix);
  };
  return ctx;
}

void keep_width() {
  if (g_repl->width <= 0) return;
  int rows = 0, cols = 0;
  rl_get_screen_size(&rows, &cols);
  rl_set_screen_size(rows, g_repl->width);
}

// `set terminal width N` takes effect for readline's line wrapping.
void apply_width() {
  int w = g_repl->session->terminal_width();
  if (w == g_repl->width) return;
  g_repl->width = w;
  if (w > 0) {
    keep_width();
  } else {
    rl_resize_terminal();
  }
}

// readline's input: one byte from the terminal; Ctrl-C ends the line (the
// REPL drops it), hang-up ends the session.
int read_key(FILE* in) {
  int fd = fileno(in);
  for (;;) {
    if (g_hangup) return EOF;
    if (g_interrupt) {
      g_interrupt = 0;
      g_repl->cancelled = true;
      rl_point = rl_end;
      rl_redisplay();
      rl_echo_signal_char(SIGINT);
      return '\n';
    }
    if (g_winch) {
      g_winch = 0;
      rl_resize_terminal();
      keep_width();
    }
    // Wait for a key, or for an event the daemon pushes (a commit-confirm
    // warning, another user's commit): print it above the line at once.
    pollfd p[2] = {{fd, POLLIN, 0}, {g_repl->session->event_fd(), POLLIN, 0}};
    int nfds = g_repl->daemon_gone ? 1 : 2;
    if (::poll(p, nfds, -1) < 0) {
      if (errno == EINTR) continue;
      return EOF;
    }
    if (nfds == 2 && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
      int point = rl_point;
      rl_point = rl_end;
      rl_redisplay();
      rl_point = point;
      g_repl->session->poll_events();
      pollfd again{p[1].fd, POLLIN, 0};
      if (::poll(&again, 1, 0) > 0) {  // still readable: end of file
        g_repl->daemon_gone = true;
        std::fputs("\nroutesh: the daemon closed the connection\n", rl_outstream);
      }
      rl_on_new_line();
      rl_redisplay();
      if (!(p[0].revents & POLLIN)) continue;
    }
    unsigned char c;
    ssize_t n = ::read(fd, &c, 1);
    if (n == 1) return c;
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    return EOF;
  }
}

// Prints a listing under the line, then the banner; readline redraws the
// prompt line and what was typed.
void show_listing(const std::string& text) {
  int point = rl_point;
  rl_point = rl_end;  // leave the line from its end, even if it wraps
  rl_redisplay();
  rl_point = point;
  std::string out = "\n" + text + g_repl->banner;
  std::fputs(out.c_str(), rl_outstream);
  std::fflush(rl_outstream);
  rl_on_new_line();
}

// `?`: the possible completions, or a literal `?` inside quotes.
int on_question(int count, int key) {
  std::string before(rl_line_buffer, static_cast<size_t>(rl_point));
  if (in_quotes(before)) return rl_insert(count, key);
  show_listing(format_completions(complete(context(), before)));
  return 0;
}

char* next_match(const char*, int state) {
  static size_t i = 0;
  static std::vector<std::string> words;
  if (state == 0) {
    i = 0;
    words = g_repl->last.words();
  }
  if (i >= words.size()) return nullptr;
  return ::strdup(words[i++].c_str());
}

char* same_text(const char* text, int state) {
  return state == 0 ? ::strdup(text) : nullptr;
}

char** attempt_completion(const char* text, int, int end) {
  rl_attempted_completion_over = 1;  // never file names
  g_repl->last = complete(
      context(), std::string(rl_line_buffer, static_cast<size_t>(end)));
  if (!g_repl->last.words().empty())
    return rl_completion_matches(text, next_match);
  // Nothing to insert: say what is expected here (a value, <Enter>) and
  // leave the word as it is, without a bell.
  show_listing(format_completions(g_repl->last));
  rl_completion_suppress_append = 1;
  rl_completion_suppress_quote = 1;
  return rl_completion_matches(text, same_text);
}

// An ambiguous TAB lists the matching candidates with their help.
void display_matches(char** matches, int count, int) {
  std::set<std::string> hit;
  for (int i = 1; i <= count; ++i) hit.insert(matches[i]);
  Completion shown = g_repl->last;
  shown.candidates.clear();
  for (const auto& c : g_repl->last.candidates) {
    if (c.word.empty() || hit.count(c.word) != 0) shown.candidates.push_back(c);
  }
  show_listing(format_completions(shown));
}

std::string history_file() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return "";
  std::string path = std::string(home) + "/.routesh_history";
  int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return "";
  ::close(fd);
  return path;
}

bool blank(const std::string& line) {
  return line.find_first_not_of(" \t") == std::string::npos;
}

bool page_output(CliSession& session, const std::string& text) {
  if (!::isatty(0) || !::isatty(1)) return false;
  winsize ws{};
  if (::ioctl(1, TIOCGWINSZ, &ws) != 0) ws = winsize{};
  PagerOptions o;
  o.page_length = page_length(session.terminal_length(), ws.ws_row);
  o.width = ws.ws_col > 0 ? ws.ws_col : session.terminal_width();
  return page(text, o);
}

void init_readline() {
  rl_readline_name = "routesh";
  rl_catch_signals = 0;  // read_key handles Ctrl-C and hang-up
  rl_catch_sigwinch = 0;
  rl_change_environment = 0;
  rl_getc_function = read_key;
  rl_attempted_completion_function = attempt_completion;
  rl_completion_display_matches_hook = display_matches;
  rl_completer_word_break_characters = " \t|";
  rl_completer_quote_characters = "'\"";
  rl_initialize();  // reads inputrc; our settings below win
  rl_variable_bind("enable-bracketed-paste", "off");
  rl_variable_bind("show-all-if-ambiguous", "on");
  rl_bind_key('?', on_question);
}

}  // namespace

int run_repl(CliSession& session) {
  Repl repl;
  repl.session = &session;
  g_repl = &repl;
  init_readline();
  install_signals();
  session.set_pager([&session](const std::string& text) {
    return page_output(session, text);
  });
  using_history();
  std::string hist = history_file();
  if (!hist.empty()) read_history(hist.c_str());
  while (!g_hangup) {
    apply_width();
    std::string prompt = session.prompt();
    size_t nl = prompt.rfind('\n');
    repl.banner = nl == std::string::npos ? "" : prompt.substr(0, nl + 1);
    if (nl != std::string::npos) prompt = prompt.substr(nl + 1);
    std::fputs(repl.banner.c_str(), stdout);
    std::fflush(stdout);
    repl.cancelled = false;
    g_interrupt = 0;
    char* raw = readline(prompt.c_str());
    if (g_hangup) {
      std::free(raw);
      break;
    }
    if (raw == nullptr) {  // EOF (Ctrl-D)
      std::fputs("\n", stdout);
      break;
    }
    std::string line(raw);
    std::free(raw);
    if (repl.cancelled || blank(line)) continue;
    add_history(line.c_str());
    if (!hist.empty() &&
        !mentions_secret(schema::Schema::builtin(), session.level(), line)) {
      append_history(1, hist.c_str());
    }
    CliSession::LineResult r = session.run(line);
    std::cout << std::flush;
    if (r.exit) break;
  }
  if (!hist.empty()) history_truncate_file(hist.c_str(), 1000);
  session.set_pager(nullptr);
  g_repl = nullptr;
  std::fflush(stdout);
  return 0;
}

}  // namespace shell

// shell pager: long show output on a terminal, one page at a time.
//
// A page is `set terminal length N` rows (or the window's height when no
// length was set; `set terminal length 0` turns paging off). Output that
// fits is not paged: the caller prints it as usual. Longer output shows
// N-1 rows and a `:` prompt at the bottom, as VyOS's less does; then
// SPACE / f / PgDn shows the next page, RETURN / j / Down the next row,
// d half a page, G the rest, and q / Ctrl-C stops (the rest is dropped).
// Keys are read from the terminal in raw mode, which is restored after.
// Batches and output that is not a terminal never reach the pager.
//
// Thread-safety: single-threaded (it owns the terminal while it runs).
#ifndef ROUTESH_SHELL_PAGER_H_
#define ROUTESH_SHELL_PAGER_H_

#include <string>
#include <string_view>

namespace shell {

struct PagerOptions {
  int in_fd = 0;        // keys (a terminal)
  int out_fd = 1;       // the screen
  int page_length = 0;  // rows per page; <= 1: never page
  int width = 0;        // columns, for rows taken by long lines; 0: no wrap
};

// The rows `text` takes on a screen `width` columns wide (0: one per line).
size_t screen_rows(std::string_view text, int width);

// The page length for `set terminal length` (-1: not set, 0: off) and the
// window's height (0 if unknown).
int page_length(int terminal_length, int window_rows);

// Pages `text` if it is longer than a page and returns true; returns false
// (printing nothing) when it fits.
bool page(const std::string& text, const PagerOptions& options);

}  // namespace shell

#endif  // ROUTESH_SHELL_PAGER_H_

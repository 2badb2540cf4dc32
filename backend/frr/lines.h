// backend::frr lines: FRR configuration as keyed lines, and their delta.
//
// Every FRR object a driver owns (a static route's next-hop, a prefix-list
// rule, a route-map rule, a BGP neighbor) renders to a list of Lines. A
// Line's key is its identity in FRR: re-issuing a line with the same key
// replaces it (`neighbor X timers 3 9` replaces `neighbor X timers 10 30`),
// and `undo` removes it (`no neighbor X timers`). Lines whose re-issue
// could merge with what is there (`redistribute connected metric 5` keeps
// an existing route-map) or collide with another entry (FRR silently
// ignores a prefix-list or as-path entry that duplicates another one, so
// swapping two rules by re-issuing them would lose one) are `merges`: they
// are replaced by undo, then text, all undos before any text.
// diff_lines() computes the commands that turn one object's lines into
// another's; a commit's undo is the same function with the sides swapped,
// so a plan and its undo are exact inverses by construction.
//
// Thread-safety: plain values and pure functions.
#ifndef ROUTESH_BACKEND_FRR_LINES_H_
#define ROUTESH_BACKEND_FRR_LINES_H_

#include <string>
#include <vector>

namespace backend::frr {

struct Line {
  std::string key;
  std::string text;
  std::string undo;
  bool merges = false;
};

// A line whose undo is `no TEXT` (or TEXT without its `no `).
Line make_line(std::string key, std::string text);
// A line with an explicit undo.
Line make_line(std::string key, std::string text, std::string undo);

// FRR commands, in order, and whether any of them adds or changes
// something (false: the delta only removes).
struct Delta {
  std::vector<std::string> commands;
  bool adds = false;

  bool empty() const { return commands.empty(); }
  void add(std::string command) {
    commands.push_back(std::move(command));
    adds = true;
  }
  void remove(std::string command) { commands.push_back(std::move(command)); }
  // A command that only enters or leaves a context (`router bgp N`, `exit`).
  void context(std::string command) { commands.push_back(std::move(command)); }
  void append(const Delta& other);
  // Appends `body` between `enter` and `leave` (context commands), if
  // `body` is not empty.
  void append_in(const std::string& enter, const Delta& body,
                 const std::string& leave);
};

// The commands that turn `from` into `to`: the undo of each line whose key
// is gone (or that merges and changes), then, in `to`'s order, each line
// that is new or changed.
void diff_lines(const std::vector<Line>& from, const std::vector<Line>& to,
                Delta* out);

// All lines of `to` as additions (from nothing).
void add_lines(const std::vector<Line>& to, Delta* out);

}  // namespace backend::frr

#endif  // ROUTESH_BACKEND_FRR_LINES_H_

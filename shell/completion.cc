#include "shell/completion.h"

#include <algorithm>

namespace shell {
namespace {

using schema::Kind;
using schema::SchemaNode;
using Words = std::vector<std::string>;

// How a configuration path after a command is completed.
enum PathKind {
  kNoPath = 0,
  kSetPath = 2,       // schema keywords, value hints, existing tag values
  kEditPath = 4,      // like kSetPath, only nodes that can be an edit level
  kExistingPath = 8,  // delete/show/copy/…: keywords and existing values
};
constexpr int kExec = 1;  // the line is complete after this word

// The fixed command grammar, one row per node: the words leading to it,
// its help, kExec and a PathKind, and the format and help of a free value
// that may follow it.
struct Row {
  const char* words;
  const char* help;
  int flags = 0;
  const char* value = "";
  const char* value_help = "";
};

// Operational mode, in alphabetical order (the order `?` shows).
const Row kOpRows[] = {
    {"configure", "Enter configure mode", kExec},
    {"exit", "Exit from this session", kExec},
    {"reset", "Reset a service"},
    {"reset ip", "Reset Internet Protocol (IP) parameters"},
    {"reset ip bgp", "Reset a BGP neighbor's session", 0, "x.x.x.x",
     "BGP neighbor address, or all"},
    {"reset ip bgp soft", "Soft reconfiguration, no session reset", kExec},
    {"reset ip bgp soft in", "Inbound soft reconfiguration", kExec},
    {"reset ip bgp soft out", "Outbound soft reconfiguration", kExec},
    {"reset vpn", "Reset Virtual Private Network (VPN) information"},
    {"reset vpn ipsec-peer", "Reset all tunnels of an IPsec peer", 0, "peer",
     "IPsec peer (address, host name or @id)"},
    {"restart", "Restart a service"},
    {"restart vpn", "Restart IPsec VPN: re-initiate every peer", kExec},
    {"set", "Set operational options"},
    {"set terminal", "Control terminal behaviors"},
    {"set terminal length",
     "Set terminal to given number of rows (0 disables paging)", 0, "u32",
     "Number of rows"},
    {"set terminal width", "Set terminal to given number of columns", 0, "u32",
     "Number of columns"},
    {"show", "Show system information"},
    {"show configuration", "Show running configuration", kExec | kExistingPath},
    {"show configuration commands",
     "Show running configuration as set commands", kExec | kExistingPath},
    {"show configuration json", "Show running configuration in JSON format",
     kExec | kExistingPath},
    {"show host", "Show host information"},
    {"show host name", "Show host name", kExec},
    {"show interfaces", "Show network interface information", kExec},
    {"show interfaces vti", "Show Virtual Tunnel Interface (VTI) information",
     kExec, "vtiN", "Show the specified VTI"},
    {"show ip", "Show IPv4 routing information"},
    {"show ip bgp", "Show BGP information", kExec, "x.x.x.x[/x]",
     "Network in the BGP table"},
    {"show ip bgp neighbors", "Show BGP neighbors", kExec, "x.x.x.x",
     "Neighbor address"},
    {"show ip bgp neighbors advertised-routes",
     "Show routes advertised to the neighbor", kExec},
    {"show ip bgp neighbors received-routes",
     "Show routes received from the neighbor", kExec},
    {"show ip bgp summary", "Show summary of BGP information", kExec},
    {"show ip prefix-list", "Show IP prefix-lists", kExec, "name",
     "Show the specified prefix-list"},
    {"show ip route", "Show IP routes", kExec, "x.x.x.x[/x]",
     "Network in the routing table"},
    {"show ip route bgp", "Show BGP routes", kExec},
    {"show ip route connected", "Show connected routes", kExec},
    {"show ip route kernel", "Show kernel routes", kExec},
    {"show ip route static", "Show static routes", kExec},
    {"show route-map", "Show route-maps", kExec, "name",
     "Show the specified route-map"},
    {"show system", "Show system information"},
    {"show system commit", "Show commit revision log", kExec},
    {"show system commit diff", "Show commit revision changes", 0, "u32",
     "Revision number"},
    {"show version", "Show system version information", kExec},
    {"show vpn", "Show Virtual Private Network (VPN) information"},
    {"show vpn ike", "Show Internet Key Exchange (IKE) information"},
    {"show vpn ike sa", "Show IKE Security Associations (SA)", kExec},
    {"show vpn ipsec", "Show IPsec VPN information"},
    {"show vpn ipsec sa", "Show IPsec Security Associations (SA)", kExec},
    {"show vpn ipsec status", "Show the status of the IPsec process", kExec},
};

const char kMinutes[] = "Minutes to wait for confirmation (default 10)";
const Row kConfigRows[] = {
    {"comment", "Add comment to this configuration element", kExistingPath},
    {"commit", "Commit the current set of changes", kExec},
    {"commit check", "Validate and plan the changes, apply nothing", kExec},
    {"commit comment", "Comment for the commit log", 0, "txt", "Comment"},
    {"commit confirm", "Commit, and roll back unless confirmed", kExec, "u32",
     kMinutes},
    {"commit-confirm",
     "Commit the current set of changes with 'confirm' required", kExec, "u32",
     kMinutes},
    {"commit-confirm comment", "Comment for the commit log", 0, "txt",
     "Comment"},
    {"compare", "Compare configuration revisions", kExec, "u32",
     "Compare with revision N"},
    {"compare commands", "Show the differences as set commands", kExec},
    {"compare saved", "Compare with the saved configuration", kExec},
    {"confirm", "Confirm prior commit-confirm", kExec},
    {"copy", "Copy a configuration element", kExistingPath},
    {"delete", "Delete a configuration element", kExistingPath},
    {"discard", "Discard uncommitted changes", kExec},
    {"edit", "Edit a sub-element", kEditPath},
    {"exit", "Exit from this configuration level", kExec},
    {"exit discard", "Discard uncommitted changes and exit", kExec},
    {"load", "Load a configuration file into the candidate", 0, "file",
     "File name"},
    {"merge", "Merge a configuration file into the candidate", 0, "file",
     "File name"},
    {"rename", "Rename a configuration element", kExistingPath},
    {"rollback", "Load a prior revision into the candidate", 0, "u32",
     "Revision number (see show system commit)"},
    {"run", "Run an operational-mode command"},
    {"save", "Save configuration to a file", kExec, "file", "File name"},
    {"set", "Set the value of a parameter or create a new element", kSetPath},
    {"show", "Show the configuration (default values may be suppressed)",
     kExec | kExistingPath},
    {"top", "Exit to top level of configuration", kExec},
    {"up", "Exit one level of configuration", kExec},
};

const Row kPipes[] = {
    {"commands", "Show the configuration as set commands", kExec},
    {"compare", "Compare with the running configuration", kExec},
    {"count", "Count the number of lines in the output", kExec},
    {"except", "Only output lines that do not match a pattern", 0, "pattern"},
    {"grep", "Only output lines that match a pattern", 0, "pattern"},
    {"json", "Show the output in JSON", kExec},
    {"match", "Only output lines that match a pattern", 0, "pattern"},
    {"more", "Paginate the output", kExec},
    {"no-match", "Only output lines that do not match a pattern", 0, "pattern"},
    {"no-more", "Do not paginate the output", kExec},
};

// A node of the grammar tree built from the rows.
struct Syntax {
  std::string word;
  const Row* row = nullptr;
  std::vector<Syntax> next = {};
};

template <size_t N>
Syntax build(const Row (&rows)[N]) {
  Syntax root;
  for (const Row& row : rows) {
    Syntax* at = &root;
    std::string_view words = row.words;
    for (size_t sp = 0; sp != std::string_view::npos;) {
      sp = words.find(' ');
      std::string w(words.substr(0, sp));
      if (sp != std::string_view::npos) words.remove_prefix(sp + 1);
      auto it = std::find_if(at->next.begin(), at->next.end(),
                             [&](const Syntax& s) { return s.word == w; });
      if (it == at->next.end()) it = at->next.insert(it, Syntax{w});
      at = &*it;
    }
    at->row = &row;
  }
  return root;
}

std::string join(const Words& w, size_t n) {
  std::string s;
  for (size_t i = 0; i < n && i < w.size(); ++i) s += (i ? " " : "") + w[i];
  return s;
}

// The words of a line up to the cursor, split at unquoted `|`.
struct Split {
  std::vector<Words> segments{{}};
  std::string partial;  // the word at the cursor, unquoted
  char quote = 0;       // the quote left open at the cursor
};

Split split_line(std::string_view line) {
  Split s;
  std::string cur;
  bool in_word = false;
  auto end_word = [&] {
    if (in_word) s.segments.back().push_back(cur);
    cur.clear();
    in_word = false;
  };
  for (size_t i = 0; i < line.size(); ++i) {
    char ch = line[i];
    bool escape = ch == '\\' && i + 1 < line.size() && s.quote != '\'';
    if (escape) {
      cur += line[++i];
      in_word = true;
    } else if (s.quote != 0) {
      if (ch == s.quote) s.quote = 0;
      if (ch != s.quote && s.quote != 0) cur += ch;
    } else if (ch == '\'' || ch == '"') {
      s.quote = ch;
      in_word = true;
    } else if (ch == ' ' || ch == '\t' || ch == '|') {
      end_word();
      if (ch == '|') s.segments.emplace_back();
    } else {
      cur += ch;
      in_word = true;
    }
  }
  s.partial = cur;
  return s;
}

// Collects candidates; finish() orders them <Enter>, hints, words.
struct Builder {
  std::string prefix;
  Words seen;
  std::vector<Candidate> hints, words;
  bool enter = false;
  std::string error;

  void word(const std::string& w, const std::string& help) {
    if (w.compare(0, prefix.size(), prefix) != 0) return;
    if (std::find(seen.begin(), seen.end(), w) != seen.end()) return;
    seen.push_back(w);
    words.push_back({w, w, help});
  }
  void hint(const std::string& f, const std::string& help) {
    hints.push_back({"", f.empty() || f[0] == '<' ? f : "<" + f + ">", help});
  }
  Completion finish() {
    Completion c{prefix, {}, error};
    if (!error.empty()) return c;
    if (enter && prefix.empty()) {
      c.candidates.push_back({"", "<Enter>", "Execute the current command"});
    }
    c.candidates.insert(c.candidates.end(), hints.begin(), hints.end());
    c.candidates.insert(c.candidates.end(), words.begin(), words.end());
    return c;
  }
};

// Where a configuration path leads.
struct Walk {
  const SchemaNode* node = nullptr;
  bool expect_key = false;    // the next word is a tag value
  bool at_tag_value = false;  // the last word was a tag value
  bool done = false;          // a leaf value was given
  bool secret = false;        // the path went through a secret
  Words abs;                  // the absolute path, canonical
  std::string bad;            // the words so far, if they left the schema
};

Walk walk_path(const schema::Schema& schema, const Words& base,
               const Words& words) {
  Walk w;
  w.node = schema.find(base);
  if (w.node == nullptr) w.node = schema.root();
  w.abs = base;
  for (size_t i = 0; i < words.size(); ++i) {
    const SchemaNode* n = w.node;
    w.at_tag_value = w.expect_key;
    if (w.expect_key ||
        (!w.done && (n->kind == Kind::kLeaf || n->kind == Kind::kMulti))) {
      w.done = !w.expect_key;
      w.expect_key = false;
      w.abs.push_back(words[i]);
      continue;
    }
    const SchemaNode* c =
        n->has_children() && !w.done ? n->child(words[i]) : nullptr;
    if (c != nullptr && c->kind == Kind::kAlias) {  // an older spelling
      for (const auto& a : c->alias_target) {
        n = n == nullptr ? nullptr : n->child(a);
        w.abs.push_back(a);
      }
      c = n;
    } else if (c != nullptr) {
      w.abs.push_back(words[i]);
    }
    if (c == nullptr) {
      w.bad = join(words, i + 1);
      return w;
    }
    w.node = c;
    w.secret = w.secret || c->secret;
    w.expect_key = c->kind == Kind::kTag;
  }
  return w;
}

// Enum and completion words are candidates; other value formats hints.
void add_values(const SchemaNode* n, bool hints, Builder& b) {
  Words literal = n->type.enum_words();
  literal.insert(literal.end(), n->completion.begin(), n->completion.end());
  for (const auto& vh : n->value_help) {
    if (std::find(literal.begin(), literal.end(), vh.format) != literal.end()) {
      b.word(vh.format, vh.description);
    } else if (hints) {
      b.hint(vh.format, vh.description);
    }
  }
  for (const auto& w : literal) b.word(w, "");
}

void complete_path(const CompletionContext& ctx, int kind, const Words& words,
                   Builder& b) {
  Walk w = walk_path(*ctx.schema, ctx.level, words);
  if (!w.bad.empty()) {
    b.error = "Configuration path: [" + w.bad + "] is not valid";
    return;
  }
  bool existing = kind == kExistingPath;
  const SchemaNode* n = w.node;
  bool leaf = n->kind == Kind::kLeaf || n->kind == Kind::kMulti;
  if (!w.done && n->kind != Kind::kValueless && (w.expect_key || leaf)) {
    if (!existing) add_values(n, true, b);
    if ((existing || w.expect_key) && ctx.existing) {
      for (const auto& x : ctx.existing(w.abs, b.prefix)) b.word(x, "");
    }
  } else if (!w.done && n->kind != Kind::kValueless) {
    for (const auto& [name, c] : n->children) {
      if (c->kind == Kind::kAlias) continue;
      if (kind == kEditPath && !c->has_children()) continue;
      b.word(name, c->help);
    }
  }
  bool level = !words.empty() && !w.expect_key && n->has_children();
  b.enter =
      w.done || n->kind == Kind::kValueless || (existing && !words.empty()) ||
      (kind == kSetPath && w.at_tag_value) || (kind == kEditPath && level);
}

// Finds `word` among `options` exactly or (unless `exact`) as a unique
// prefix; `hits` counts the options it is a prefix of.
const Syntax* find_syntax(const std::vector<Syntax>& options,
                          const std::string& word, bool exact,
                          int* hits = nullptr) {
  const Syntax* hit = nullptr;
  int n = 0;
  for (const auto& s : options) {
    if (s.word == word) return &s;
    if (!exact && s.word.compare(0, word.size(), word) == 0) {
      hit = &s;
      ++n;
    }
  }
  if (hits != nullptr) *hits = n;
  return n == 1 ? hit : nullptr;
}

void complete_syntax(const CompletionContext& ctx, const Syntax& start,
                     const Words& words, size_t from, Builder& b) {
  const Syntax* at = &start;
  bool value_done = false;
  for (size_t i = from; i < words.size(); ++i) {
    const Row* row = at->row;
    const Syntax* next = find_syntax(at->next, words[i], false);
    if (next != nullptr) {
      at = next;
      value_done = false;
    } else if (row != nullptr && (row->flags & ~kExec) != 0) {
      complete_path(ctx, row->flags & ~kExec,
                    Words(words.begin() + i, words.end()), b);
      return;
    } else if (row != nullptr && *row->value != '\0' && !value_done) {
      value_done = true;
    } else {
      b.error = "Invalid command: [" + join(words, i + 1) + "]";
      return;
    }
  }
  const Row* row = at->row;
  b.enter = row != nullptr && ((row->flags & kExec) != 0 || value_done);
  if (row != nullptr && *row->value != '\0' && !value_done) {
    b.hint(row->value, row->value_help);
  }
  for (const auto& s : at->next) b.word(s.word, s.row ? s.row->help : "");
  if (row != nullptr && (row->flags & ~kExec) != 0) {
    bool enter = b.enter;
    complete_path(ctx, row->flags & ~kExec, {}, b);
    b.enter = b.enter || enter;
  }
}

}  // namespace

Words Completion::words() const {
  Words out;
  for (const auto& c : candidates) {
    if (!c.word.empty()) out.push_back(c.word);
  }
  return out;
}

static const Syntax& op_syntax() {
  static const Syntax kOp = build(kOpRows);
  return kOp;
}

rc::Result<Words> expand_op_words(const Words& words) {
  Words out;
  const Syntax* at = &op_syntax();
  bool value_done = false;
  for (size_t i = 0; i < words.size(); ++i) {
    int hits = 0;
    const Syntax* next = find_syntax(at->next, words[i], false, &hits);
    const Row* row = at->row;
    if (next != nullptr) {
      out.push_back(next->word);
      at = next;
      value_done = false;
    } else if (row != nullptr && *row->value != '\0' && !value_done) {
      out.push_back(words[i]);  // an argument, as typed
      value_done = true;
    } else if (row != nullptr && (row->flags & ~kExec) != 0) {
      out.insert(out.end(), words.begin() + i, words.end());  // a path
      return out;
    } else {
      rc::Error e;
      e.code = rc::Code::kInvalidArgument;
      e.vyos = std::string(hits > 1 ? "Ambiguous" : "Invalid") + " command: [" +
               join(words, i + 1) + "]";
      e.message = e.vyos;
      return e;
    }
  }
  return out;
}

Completion complete(const CompletionContext& ctx, std::string_view line) {
  const Syntax& kOp = op_syntax();
  static const Syntax kConfig = build(kConfigRows);
  static const Syntax kPipe = build(kPipes);
  Split s = split_line(line);
  Builder b;
  b.prefix = s.partial;
  const Words& words = s.segments.back();
  if (s.segments.size() > 1) {  // after a |
    complete_syntax(ctx, kPipe, words, 0, b);
    return b.finish();
  }
  // The command words are the session's; help and what follows, ours.
  Syntax root;
  for (const auto& c : ctx.commands) {
    const Syntax* known =
        find_syntax((ctx.configuring ? kConfig : kOp).next, c, true);
    root.next.push_back(known != nullptr ? *known : Syntax{c});
  }
  int hits = 0;
  const Syntax* cmd =
      words.empty() ? &root : find_syntax(root.next, words[0], false, &hits);
  if (cmd == nullptr) {
    b.error = (hits == 0 ? "Invalid command: [" : "Ambiguous command: [") +
              words[0] + "]";
  } else if (ctx.configuring && cmd->word == "run") {
    Syntax op = *cmd;  // the operational commands, at the top
    for (const auto& c : kOp.next) {
      if (c.word == "reset" || c.word == "restart" || c.word == "show" ||
          c.word == "set") {
        op.next.push_back(c);
      }
    }
    CompletionContext top = ctx;
    top.level.clear();
    complete_syntax(top, op, words, 1, b);
  } else {
    complete_syntax(ctx, *cmd, words, words.empty() ? 0 : 1, b);
  }
  return b.finish();
}

std::string format_completions(const Completion& c) {
  if (!c.error.empty()) return "\n  " + c.error + "\n\n";
  if (c.candidates.empty()) return "";
  std::string out = "Possible completions:\n";
  for (const auto& cand : c.candidates) {
    out += "  " + cand.label;
    if (!cand.help.empty()) {
      // The help starts at column 16, as VyOS's tab stops put it.
      size_t col = 2 + cand.label.size();
      out +=
          col < 16 ? std::string(16 - col, ' ') : "\n" + std::string(16, ' ');
      out += cand.help;
    }
    out += "\n";
  }
  return out;
}

bool in_quotes(std::string_view line) { return split_line(line).quote != 0; }

bool mentions_secret(const schema::Schema& schema, const Words& level,
                     std::string_view line) {
  Split s = split_line(line);
  Words words = s.segments[0];
  if (!s.partial.empty() || s.quote != 0) words.push_back(s.partial);
  if (words.size() < 2) return false;
  const std::string& cmd = words[0];
  if (std::string("set").compare(0, cmd.size(), cmd) != 0 &&
      std::string("edit").compare(0, cmd.size(), cmd) != 0) {
    return false;
  }
  return walk_path(schema, level, Words(words.begin() + 1, words.end())).secret;
}

}  // namespace shell

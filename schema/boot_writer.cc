#include "schema/boot_writer.h"

namespace schema {
namespace {

constexpr char kMask[] = "****************";

bool needs_quotes(std::string_view v) {
  if (v.empty() || v.starts_with("//") || v.starts_with("/*")) return true;
  for (unsigned char c : v) {
    if (c == ' ' || c == '*' || c == '{' || c == '}' || c == ';' || c == '"' ||
        c < 0x20 || c == 0x7f) {
      return true;
    }
  }
  return false;
}

}  // namespace

// Inside quotes a backslash is doubled only where the reader would otherwise
// take it as an escape.
void append_boot_value(std::string_view v, std::string* out) {
  if (!needs_quotes(v)) {
    out->append(v);
    return;
  }
  out->push_back('"');
  for (size_t i = 0; i < v.size(); ++i) {
    bool escape = v[i] == '"' ||
                  (v[i] == '\\' &&
                   (i + 1 == v.size() || v[i + 1] == '\\' || v[i + 1] == '"'));
    if (escape) out->push_back('\\');
    out->push_back(v[i]);
  }
  out->push_back('"');
}

void BootWriter::line(std::string_view marker, int depth,
                      std::string_view text) {
  out_->append(marker);
  out_->append(static_cast<size_t>(depth) * 4, ' ');
  out_->append(text);
  out_->push_back('\n');
}

void BootWriter::comment(std::string_view marker, int depth,
                         std::string_view text) {
  if (!text.empty()) line(marker, depth, "/* " + std::string(text) + " */");
}

std::string BootWriter::head(const Node* n) const {
  const SchemaNode* s = n->schema();
  if (n->role() == Role::kNode) return std::string(n->name());
  std::string out = s->name + ' ';
  bool mask = n->role() == Role::kValue && hide_secrets_ && s->secret;
  append_boot_value(mask ? std::string_view(kMask) : n->name(), &out);
  return out;
}

void BootWriter::node(const Node* n, int depth, std::string_view marker) {
  const SchemaNode* s = n->schema();
  if (n->role() == Role::kValue) return line(marker, depth, head(n));
  if (n->role() == Role::kTagValue || s->kind == Kind::kContainer) {
    comment(marker, depth, n->comment());
    line(marker, depth, head(n) + " {");
    children(n, depth + 1, marker);
    return line(marker, depth, "}");
  }
  if (s->kind == Kind::kTag) {
    comment(marker, depth, n->comment());  // above the first value
    return children(n, depth, marker);
  }
  if (s->kind == Kind::kValueless) {
    comment(marker, depth, n->comment());
    return line(marker, depth, head(n));
  }
  if (s->is_leaf() && !n->children().empty()) {
    comment(marker, depth, n->comment());
    children(n, depth, marker);
  }
}

void BootWriter::children(const Node* n, int depth, std::string_view marker) {
  n->children().for_each([&](const Node* c) { node(c, depth, marker); });
}

}  // namespace schema

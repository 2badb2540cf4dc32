// schema::Schema: the whole configuration schema, loaded once.
//
// Built from the JSON definitions compiled into the binary (one file per
// top-level feature, schema/definitions/*.json). Owns every SchemaNode; the
// root is a container whose children are the top-level words (`interfaces`,
// `protocols`, `vpn`, ...).
//
// Thread-safety: immutable after construction; Schema::builtin() is
// initialised once, thread-safely.
#ifndef ROUTESH_SCHEMA_SCHEMA_H_
#define ROUTESH_SCHEMA_SCHEMA_H_

#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "schema/schema_node.h"
#include "schema/status.h"

namespace schema {

class Schema {
 public:
  // A definition file: its name (for errors) and its JSON text.
  using Definition = std::pair<std::string, std::string>;

  // Parses definitions. Returns an error naming the file and node on any
  // malformed definition (unknown kind, bad type, alias target missing).
  static rc::Result<std::unique_ptr<Schema>> load(
      const std::vector<Definition>& definitions);

  // The schema compiled into this binary. Aborts with a message if the
  // compiled-in definitions are malformed (a build defect, caught by tests).
  static const Schema& builtin();

  const SchemaNode* root() const { return root_; }

  // Finds the schema node for a path of words, tag values included
  // ("protocols static route 10.0.0.0/8 next-hop"). Does not check values.
  // Returns nullptr if the path leaves the schema.
  const SchemaNode* find(const std::vector<std::string>& words) const;

  // Every owner named in the schema, sorted.
  std::vector<std::string> owners() const;

  size_t node_count() const { return nodes_.size(); }

 private:
  Schema() = default;
  SchemaNode* new_node();

  std::deque<SchemaNode> nodes_;
  SchemaNode* root_ = nullptr;
  friend class SchemaLoader;
};

}  // namespace schema

#endif  // ROUTESH_SCHEMA_SCHEMA_H_

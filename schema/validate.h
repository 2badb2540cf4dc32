// schema::validate: the commit-time checks every configuration must pass.
//
// Values were type-checked when they were set; validate() checks what only
// the whole tree can tell: mandatory nodes present under every present
// parent, references that resolve (`vti bind vti0` needs `interfaces vti
// vti0`, `route-map import IN` needs `policy route-map IN`), values that must
// be unique across instances, and tag nodes limited in number (`protocols
// bgp` holds one AS). It returns every problem, each with its path, in tree
// order — not only the first. Backend drivers add their own cross-field
// rules on top (commits/).
//
// Thread-safety: pure function.
#ifndef ROUTESH_SCHEMA_VALIDATE_H_
#define ROUTESH_SCHEMA_VALIDATE_H_

#include "schema/schema.h"
#include "schema/status.h"
#include "schema/tree.h"

namespace schema {

rc::Errors validate(const Schema& schema, const Node* root);

}  // namespace schema

#endif  // ROUTESH_SCHEMA_VALIDATE_H_

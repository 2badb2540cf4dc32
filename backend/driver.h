// backend::Driver: the contract between the commit engine and a backend.
//
// A driver owns the schema subtrees whose `owner` is its id and turns
// changes there into system actions. Phases (the engine calls them in this
// order; see commits/engine.h):
//   verify   pure: cross-field rules over the whole candidate, every problem
//            reported with its path (VyOS-quality messages);
//   plan     pure: the exact actions for this diff and, for each, its undo,
//            computed from running and candidate — never by reading back
//            and editing the daemon's own configuration text;
//   (prepare and apply run the plan's steps through a Host: prepare checks
//            without changing anything, apply changes; the engine undoes
//            applied actions in reverse when a later one fails)
//   converge pure: a plan that brings the system to `running` whatever
//            state it is in (start-up after a crash).
// Every driver folder is shaped the same: model (typed view of the subtree,
// pure), verify, render (daemon text / messages), driver (this interface).
//
// Thread-safety: called from the engine thread only.
#ifndef ROUTESH_BACKEND_DRIVER_H_
#define ROUTESH_BACKEND_DRIVER_H_

#include <memory>
#include <string>
#include <vector>

#include "backend/host.h"
#include "backend/step.h"
#include "schema/diff.h"
#include "schema/schema.h"
#include "schema/status.h"
#include "schema/tree.h"

namespace backend {

class Driver {
 public:
  virtual ~Driver() = default;
  // The owner id in the schema ("vti", "ipsec", "static", "bgp", ...).
  virtual std::string id() const = 0;
  virtual rc::Errors verify(const schema::Node* candidate) const = 0;
  // REQUIRES: `changes` are this driver's changes, in tree order.
  virtual rc::Result<Plan> plan(const schema::Node* running,
                                const schema::Node* candidate,
                                const std::vector<schema::Change>& changes,
                                Host& host) const = 0;
  virtual rc::Result<Plan> converge(const schema::Node* running,
                                    Host& host) const = 0;
  // Other owners whose changes this driver's plan depends on (the VTI
  // driver watches "ipsec": a peer's local-address is its VTI's local
  // end). The engine plans this driver whenever one of them changed.
  virtual std::vector<std::string> watches() const { return {}; }
};

// The subtree of `root` owned by `owner`: the node(s) whose schema owner
// is `owner` and whose parent's is not, with their paths.
struct OwnedSubtree {
  std::vector<std::string> path;
  const schema::Node* node;
};
std::vector<OwnedSubtree> owned_subtrees(const schema::Node* root,
                                         const std::string& owner);

}  // namespace backend

#endif  // ROUTESH_BACKEND_DRIVER_H_

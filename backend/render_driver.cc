#include "backend/render_driver.h"

#include "schema/commands_format.h"
#include "schema/path.h"

namespace backend {

std::vector<OwnedSubtree> owned_subtrees(const schema::Node* root,
                                         const std::string& owner) {
  std::vector<OwnedSubtree> out;
  std::vector<std::string> path;
  // Depth-first; stops descending at the first node owned by `owner`.
  struct Walk {
    const std::string& owner;
    std::vector<OwnedSubtree>* out;
    std::vector<std::string>* path;
    void operator()(const schema::Node* n) {
      n->children().for_each([&](const schema::Node* c) {
        path->emplace_back(c->name());
        if (c->schema()->owner == owner) {
          out->push_back({*path, c});
        } else if (!c->schema()->owner.empty() || c->role() == schema::Role::kValue) {
          // another owner's subtree, or a value: nothing of ours below
        } else {
          (*this)(c);
        }
        path->pop_back();
      });
    }
  } walk{owner, &out, &path};
  walk(root);
  return out;
}

std::string RenderDriver::render(const schema::Node* root) const {
  std::string text;
  for (const auto& sub : owned_subtrees(root, owner_)) {
    // Rebuild the Path of the subtree root for the renderer.
    schema::Path p;
    const schema::Node* at = root;
    for (const auto& w : sub.path) {
      at = at->children().find(w);
      p.push_back({w, at->schema(), at->role()});
    }
    text += schema::render_commands(sub.node, p, 0);
  }
  return text;
}

Plan RenderDriver::plan_to(const schema::Node* target, Host& host) const {
  Plan plan;
  plan.driver = owner_;
  std::string want = render(target);
  std::string have;
  bool exists = host.read_file(file(), &have);
  if (exists && have == want && !want.empty()) return plan;
  if (!exists && want.empty()) return plan;
  Action a;
  a.driver = owner_;
  a.summary = want.empty() ? "remove " + file() : "write " + file();
  a.step = want.empty() ? Step::remove_file(file())
                        : Step::write_file(file(), want, 0600);
  a.undo = exists ? Step::write_file(file(), have, 0600)
                  : Step::remove_file(file());
  plan.additions.push_back(std::move(a));
  return plan;
}

rc::Result<Plan> RenderDriver::plan(const schema::Node*,
                                    const schema::Node* candidate,
                                    const std::vector<schema::Change>&,
                                    Host& host) const {
  return plan_to(candidate, host);
}

rc::Result<Plan> RenderDriver::converge(const schema::Node* running,
                                        Host& host) const {
  return plan_to(running, host);
}

}  // namespace backend

#include "commits/order.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>

#include <queue>
#include <set>

#include "schema/edit.h"
#include "schema/path.h"

namespace commits {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;

// Index of the first element owned by a driver, or path.size().
size_t owner_root(const schema::Path& path) {
  for (size_t i = 0; i < path.size(); ++i) {
    if (!path[i].schema->owner.empty()) return i;
  }
  return path.size();
}

// Records the first back edge met: a cycle.
struct CycleFinder : boost::default_dfs_visitor {
  explicit CycleFinder(std::vector<std::pair<Vertex, Vertex>>* out) : out(out) {}
  void back_edge(boost::graph_traits<Graph>::edge_descriptor e,
                 const Graph& g) const {
    out->emplace_back(boost::source(e, g), boost::target(e, g));
  }
  std::vector<std::pair<Vertex, Vertex>>* out;
};

struct Object {
  std::string key;
  std::string owner;
  int priority = 0;
  std::vector<std::string> words;
};

// The objects referred to from the subtree of `n` (whose path is `words`).
void collect_refs(const schema::Schema& schema, const schema::Node* n,
                  std::vector<std::string>* words,
                  std::vector<std::vector<std::string>>* refs) {
  const schema::SchemaNode* s = n->schema();
  if (n->role() == schema::Role::kNode && s->is_leaf()) {
    if (s->ref.empty()) return;
    n->children().for_each([&](const schema::Node* v) {
      std::vector<std::string> target;
      for (size_t i = 0; i < s->ref.size(); ++i) {
        target.push_back(s->ref[i] == "*" && i < words->size() ? (*words)[i]
                                                                : s->ref[i]);
      }
      target.emplace_back(v->name());
      refs->push_back(std::move(target));
    });
    return;
  }
  n->children().for_each([&](const schema::Node* c) {
    words->emplace_back(c->name());
    collect_refs(schema, c, words, refs);
    words->pop_back();
  });
}

std::string join(const std::vector<std::string>& w, size_t n) {
  std::string s;
  for (size_t i = 0; i < n && i < w.size(); ++i) {
    if (i) s += ' ';
    s += w[i];
  }
  return s;
}

}  // namespace

// How many elements of `path` name its object: down to the first tag value
// below the owner's node (the second when the owner's node is itself a tag,
// as `protocols bgp ASN`).
static size_t object_len(const schema::Path& path) {
  size_t root = owner_root(path);
  if (root == path.size()) return path.size();
  int need = path[root].schema->kind == schema::Kind::kTag ? 2 : 1;
  size_t end = root + 1;
  int seen = 0;
  for (size_t i = root; i < path.size(); ++i) {
    if (path[i].role == schema::Role::kTagValue) {
      end = i + 1;
      if (++seen == need) break;
    }
  }
  return end;
}

std::string object_of(const schema::Path& path) {
  return join(schema::path_words(path), object_len(path));
}

rc::Result<DriverOrder> order_drivers(
    const schema::Schema& schema, const schema::Node* running,
    const schema::Node* candidate, const std::vector<schema::Change>& changes) {
  // 1. The changed objects.
  std::map<std::string, size_t> index;
  std::vector<Object> objects;
  for (const auto& c : changes) {
    size_t root = owner_root(c.path);
    if (root == c.path.size()) continue;  // nothing owns it
    std::string key = object_of(c.path);
    if (index.count(key)) continue;
    Object o;
    o.key = key;
    o.owner = c.path[root].schema->owner;
    o.priority = c.path[root].schema->priority;
    std::vector<std::string> all = schema::path_words(c.path);
    o.words.assign(all.begin(), all.begin() + object_len(c.path));
    index[key] = objects.size();
    objects.push_back(std::move(o));
  }
  // 2. Edges from references: the referenced object first.
  Graph g(objects.size());
  std::vector<std::pair<size_t, size_t>> edge_list;
  DriverOrder out;
  for (size_t i = 0; i < objects.size(); ++i) {
    std::vector<std::vector<std::string>> refs;
    for (const schema::Node* tree : {candidate, running}) {
      const schema::Node* n = schema::find_node(tree, objects[i].words);
      if (n == nullptr) continue;
      std::vector<std::string> words = objects[i].words;
      collect_refs(schema, n, &words, &refs);
    }
    for (const auto& r : refs) {
      auto resolved = schema::resolve(schema, {}, r, schema::ResolveMode::kDelete);
      if (!resolved.ok()) continue;
      auto it = index.find(object_of(resolved->path));
      if (it == index.end() || it->second == i) continue;
      boost::add_edge(it->second, i, g);
      edge_list.emplace_back(it->second, i);
      out.edges.emplace_back(objects[it->second].key, objects[i].key);
    }
  }
  // 3. No cycles between objects.
  std::vector<std::pair<Vertex, Vertex>> back;
  boost::depth_first_search(g, boost::visitor(CycleFinder(&back)));
  if (!back.empty()) {
    const auto& [from, to] = back.front();
    return rc::make_error(
        rc::Code::kValidation,
        "dependency cycle: " + objects[to].key + " needs " +
            objects[from].key + ", which needs it back",
        objects[to].key);
  }
  // 4. Drivers in dependency order, ties broken by schema priority.
  std::map<std::string, int> prio;
  std::map<std::string, std::set<std::string>> after;  // a -> {b...}
  std::map<std::string, int> indeg;
  for (const auto& o : objects) {
    auto [it, fresh] = prio.emplace(o.owner, o.priority);
    if (!fresh) it->second = std::min(it->second, o.priority);
    indeg.emplace(o.owner, 0);
  }
  for (const auto& [from, to] : edge_list) {
    const std::string& a = objects[from].owner;
    const std::string& b = objects[to].owner;
    if (a != b && after[a].insert(b).second) ++indeg[b];
  }
  auto later = [&](const std::string& x, const std::string& y) {
    return prio[x] != prio[y] ? prio[x] > prio[y] : x > y;
  };
  std::priority_queue<std::string, std::vector<std::string>, decltype(later)>
      ready(later);
  for (const auto& [d, n] : indeg) {
    if (n == 0) ready.push(d);
  }
  while (!ready.empty()) {
    std::string d = ready.top();
    ready.pop();
    out.drivers.push_back(d);
    for (const auto& b : after[d]) {
      if (--indeg[b] == 0) ready.push(b);
    }
  }
  if (out.drivers.size() != indeg.size()) {
    std::string stuck;
    for (const auto& [d, n] : indeg) {
      if (n > 0) stuck += (stuck.empty() ? "" : ", ") + d;
    }
    return rc::make_error(
        rc::Code::kValidation,
        "dependency cycle between backends: " + stuck +
            " each need the other first; commit these changes in two steps");
  }
  return out;
}

}  // namespace commits

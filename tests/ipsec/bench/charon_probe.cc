// ipsec_bench charon probes (see charon_probe.h).
#include "tests/ipsec/bench/charon_probe.h"

#include "backend/vici/vici_client.h"

namespace ipsec_bench {
namespace {

using backend::vici::Message;

// `conn` with its children named by position.
Message renamed_children(const Message& conn) {
  Message out;
  for (const auto& e : conn.entries()) {
    switch (e.kind) {
      case Message::Kind::kValue:
        out.set(e.name, e.value);
        break;
      case Message::Kind::kList:
        out.set_list(e.name, e.items);
        break;
      case Message::Kind::kSection:
        if (e.name != "children") {
          out.set_section(e.name, e.section);
          break;
        }
        Message children;
        int n = 0;
        for (const auto& c : e.section.entries()) {
          children.set_section("child-" + std::to_string(++n), c.section);
        }
        out.set_section("children", std::move(children));
        break;
    }
  }
  return out;
}

}  // namespace

rc::Result<CharonCounts> counts(const std::string& socket) {
  backend::vici::Client client;
  if (auto st = client.connect(socket); !st.ok()) return st.error();
  CharonCounts c;
  auto conns = client.call("get-conns");
  if (!conns.ok()) return conns.error();
  if (const auto* l = conns->list("conns")) c.conns = l->size();
  auto keys = client.call("get-shared");
  if (!keys.ok()) return keys.error();
  if (const auto* l = keys->list("keys")) c.shared = l->size();
  return c;
}

rc::Result<Message> listing(const std::string& socket, const std::string& name) {
  backend::vici::Client client;
  if (auto st = client.connect(socket); !st.ok()) return st.error();
  Message request;
  request.set("conn", name);
  Message found;
  bool seen = false;
  auto r = client.stream("list-conns", request, "list-conn", [&](const Message& m) {
    if (const Message* conn = m.find_section(name)) {
      found = renamed_children(*conn);
      seen = true;
    }
  });
  if (!r.ok()) return r.error();
  if (!seen) {
    return rc::make_error(rc::Code::kNotFound,
                          "charon at " + socket + " holds no connection " + name);
  }
  return found;
}

}  // namespace ipsec_bench

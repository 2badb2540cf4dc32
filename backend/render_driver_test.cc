#include "backend/render_driver.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include "schema/set_lines.h"
#include "schema/test_schema.h"

namespace backend {

TEST_CASE("render driver writes its owner's part and plans the exact undo") {
  char tmpl[] = "/tmp/routesh-render-XXXXXX";
  std::string dir = ::mkdtemp(tmpl);
  RenderHost host(dir);
  RenderDriver vti("vti", dir);
  auto t1 = schema::parse_set_lines(schema::test_schema(),
                                    "set interfaces vti vti0 mtu 1400\n"
                                    "set vpn peer a bind vti0\n");
  REQUIRE(t1.errors.empty());
  CHECK(vti.render(t1.root.get()) == "set interfaces vti vti0 mtu '1400'\n");
  auto p = vti.plan(nullptr, t1.root.get(), {}, host);
  REQUIRE(p.ok());
  REQUIRE(p->additions.size() == 1);
  CHECK(p->additions[0].undo.kind == Step::Kind::kRemoveFile);
  REQUIRE(host.execute(p->additions[0].step).ok());
  // Same configuration again: nothing to do.
  auto same = vti.plan(nullptr, t1.root.get(), {}, host);
  REQUIRE(same.ok());
  CHECK(same->empty());
  // A change: the undo writes back the previous bytes.
  auto t2 = schema::parse_set_lines(schema::test_schema(),
                                    "set interfaces vti vti0 mtu 1500\n");
  auto p2 = vti.plan(nullptr, t2.root.get(), {}, host);
  REQUIRE(p2.ok());
  REQUIRE(p2->additions.size() == 1);
  CHECK(p2->additions[0].undo.kind == Step::Kind::kWriteFile);
  CHECK(p2->additions[0].undo.data == "set interfaces vti vti0 mtu '1400'\n");
  // Nothing owned: the file goes.
  auto empty = schema::parse_set_lines(schema::test_schema(), "");
  auto p3 = vti.plan(nullptr, empty.root.get(), {}, host);
  REQUIRE(p3.ok());
  CHECK(p3->additions[0].step.kind == Step::Kind::kRemoveFile);
}

TEST_CASE("owned_subtrees finds each owner's part") {
  auto t = schema::parse_set_lines(schema::test_schema(),
                                   "set interfaces vti vti0 mtu 1400\n"
                                   "set protocols static route 10.0.0.0/8 "
                                   "next-hop 192.0.2.1\n"
                                   "set protocols bgp 1 neighbor 192.0.2.2 "
                                   "remote-as 2\n");
  auto st = owned_subtrees(t.root.get(), "static");
  REQUIRE(st.size() == 1);
  CHECK(st[0].path == std::vector<std::string>{"protocols", "static"});
  auto bgp = owned_subtrees(t.root.get(), "bgp");
  REQUIRE(bgp.size() == 1);
  CHECK(bgp[0].path == std::vector<std::string>{"protocols", "bgp"});
  CHECK(owned_subtrees(t.root.get(), "policy").empty());
}

}  // namespace backend

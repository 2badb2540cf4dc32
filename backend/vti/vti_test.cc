// The VTI driver's plans, and the netlink handler against the real kernel
// inside a fresh network namespace (nothing touches the host's).
#include "backend/vti/driver.h"

#include <doctest/doctest.h>
#include <linux/if.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>

#include "backend/ipsec/test_util.h"
#include "backend/vti/netlink_channel.h"
#include "backend/vti/render.h"
#include "schema/diff.h"

namespace backend::vti {
namespace {

Plan plan(const schema::Node* running, const schema::Node* candidate) {
  VtiDriver d;
  RenderHost host("/tmp");
  auto changes = running ? schema::diff(running, candidate) : std::vector<schema::Change>{};
  auto p = d.plan(running, candidate, changes, host);
  REQUIRE(p.ok());
  return std::move(p).value();
}

std::string ops(const std::vector<Action>& actions, bool undo = false) {
  std::vector<std::string> out;
  for (const auto& a : actions) {
    const Step& s = undo ? a.undo : a.step;
    REQUIRE(s.channel == "netlink");
    out.push_back(s.payload["op"].get<std::string>() + ":" +
                  s.payload["name"].get<std::string>());
  }
  return testing::lines(out);
}

// Runs `body` in a forked child inside a new network namespace; returns
// what it wrote, or "SKIP: why" when namespaces are not available.
std::string in_netns(const std::function<std::string()>& body) {
  if (::geteuid() != 0) return "SKIP: not root";
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    std::string out = ::unshare(CLONE_NEWNET) == 0
                          ? body()
                          : std::string("SKIP: unshare: ") + std::strerror(errno);
    ssize_t n = ::write(fds[1], out.data(), out.size());
    ::_exit(n == static_cast<ssize_t>(out.size()) ? 0 : 1);
  }
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0) out.append(buf, n);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::string s;
  std::getline(in, s);
  return s;
}

}  // namespace

TEST_CASE("aws-spoke.set: each VTI takes its peer's endpoints and mark") {
  auto root = testing::config(testing::example("aws-spoke.set"));
  auto links = load(root.get());
  REQUIRE(links.size() == 2);
  CHECK(ensure_payload(links["vti0"]) == nlohmann::json::parse(R"({
    "op": "ensure", "name": "vti0", "kind": "vti",
    "local": "10.20.0.30", "remote": "198.51.100.10",
    "ikey": 9437184, "okey": 9437184, "mtu": 1436, "up": true,
    "alias": "Oregon to Virginia Tunnel 1",
    "addresses": ["169.254.12.38/30"],
    "sysctl": {"disable_policy": "1", "rp_filter": "2"}})"));
  CHECK(links["vti1"].key == 0x900001);
  CHECK(links["vti1"].peer == "198.51.100.20");
  Plan p = plan(nullptr, root.get());
  CHECK(p.removals.empty());
  CHECK(ops(p.additions) == testing::lines({"ensure:vti0", "ensure:vti1"}));
  CHECK(ops(p.additions, true) == testing::lines({"delete:vti0", "delete:vti1"}));
  CHECK(p.additions[0].summary ==
        "create vti0: local 10.20.0.30 remote 198.51.100.10 key 9437184");
  CHECK(plan(root.get(), root.get()).empty());
}

TEST_CASE("VTI plans: an MTU, the peer's local-address, a removed or unbound peer") {
  auto running = testing::config(testing::example("aws-spoke.set"));
  auto mtu = testing::config("set interfaces vti vti1 mtu 1400\n", running);
  Plan p = plan(running.get(), mtu.get());
  CHECK(ops(p.additions) == testing::lines({"ensure:vti1"}));
  CHECK(p.additions[0].step.payload["mtu"] == 1400);
  CHECK(p.additions[0].undo.payload["mtu"] == 1436);
  // The peer moves to another local address: its VTI follows.
  auto moved = testing::config(
      "set interfaces ethernet eth0 address 10.20.0.31/24\n"
      "set vpn ipsec site-to-site peer 198.51.100.10 local-address 10.20.0.31\n",
      running);
  Plan pm = plan(running.get(), moved.get());
  CHECK(ops(pm.additions) == testing::lines({"ensure:vti0"}));
  CHECK(pm.additions[0].step.payload["local"] == "10.20.0.31");
  CHECK(pm.additions[0].undo.payload["local"] == "10.20.0.30");
  // The peer goes, the VTI stays configured: it leaves the kernel.
  auto gone = testing::config("delete vpn ipsec site-to-site peer 198.51.100.10\n",
                              running);
  Plan pg = plan(running.get(), gone.get());
  CHECK(pg.additions.empty());
  CHECK(ops(pg.removals) == testing::lines({"delete:vti0"}));
  CHECK(ops(pg.removals, true) == testing::lines({"ensure:vti0"}));
  CHECK(pg.removals[0].undo.payload == ensure_payload(load(running.get())["vti0"]));
  // An unbound VTI has nothing in the kernel to plan.
  auto unbound = testing::config("set interfaces vti vti7 address 10.7.7.1/30\n", running);
  CHECK(plan(running.get(), unbound.get()).empty());
}

TEST_CASE("VTI converge and verify") {
  auto running = testing::config(testing::example("aws-spoke.set"));
  VtiDriver d;
  RenderHost host("/tmp");
  auto c = d.converge(running.get(), host);
  REQUIRE(c.ok());
  REQUIRE(c->additions.size() == 3);
  CHECK(c->additions[0].step.payload == delete_others_payload({"vti0", "vti1"}));
  CHECK(d.verify(running.get()).empty());
  auto big = testing::config("set interfaces vti vti1048576\n");
  auto errors = d.verify(big.get());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "interfaces vti vti1048576");
}

TEST_CASE("netlink payloads are checked before anything runs") {
  NetlinkChannel ch;
  auto bad = [&](nlohmann::json p) { return !check_payload(p).ok(); };
  CHECK(bad({{"op", "ensure"}, {"name", "../x"}}));
  CHECK(bad({{"op", "ensure"}, {"name", "vti0"}, {"kind", "vti"}, {"local", "x"},
             {"remote", "1.2.3.4"}}));
  CHECK(bad({{"op", "frobnicate"}, {"name", "vti0"}}));
  nlohmann::json ok = ensure_payload({"vti0", {"10.0.0.1/30"}, "1400", false, "",
                                      "p", "192.0.2.1", "192.0.2.2", 0x900000});
  CHECK(check_payload(ok).ok());
  for (auto [key, value] : std::vector<std::pair<const char*, nlohmann::json>>{
           {"mtu", "1400"}, {"mtu", -1}, {"ikey", 1.5}, {"up", "yes"}, {"alias", 3},
           {"addresses", "10.0.0.1/30"}, {"sysctl", {{"rp_filter", 2}}}}) {
    nlohmann::json p = ok;
    p[key] = value;
    CAPTURE(p.dump());
    CHECK(bad(p));
    CHECK_FALSE(ch.configure(p).ok());
  }
  ok["sysctl"]["../../x"] = "1";
  CHECK(bad(ok));
  CHECK(bad({{"op", "delete-others"}, {"keep", {1}}}));
  CHECK(check_payload(delete_payload("vti0")).ok());
}

TEST_CASE("creating a VTI on this kernel: a clear refusal, or a real VTI") {
  std::string out = in_netns([] {
    NetlinkChannel ch;
    Link l{"vti7", {"169.254.7.1/30"}, "1436", false, "test", "peer",
           "192.0.2.1", "192.0.2.2", 0x900007};
    auto st = ch.handle(netlink_step(ensure_payload(l)), false);
    if (!st.ok()) return "ERROR: " + st.error().message;
    std::string s = "OK: ";
    rtnl_link* got = nullptr;
    nl_sock* sk = nl_socket_alloc();
    nl_connect(sk, NETLINK_ROUTE);
    if (rtnl_link_get_kernel(sk, 0, "vti7", &got) == 0) {
      s += rtnl_link_get_type(got);
      s += " mtu " + std::to_string(rtnl_link_get_mtu(got));
      rtnl_link_put(got);
    }
    nl_socket_free(sk);
    s += " disable_policy=" + read_file("/proc/sys/net/ipv4/conf/vti7/disable_policy");
    return s;
  });
  if (out.rfind("SKIP", 0) == 0) {
    MESSAGE(out);
    return;
  }
  MESSAGE(out);
  if (out.rfind("ERROR: ", 0) == 0) {
    // The host kernel of CI has no VTI (../shared/notes/backends.md §6.2).
    CHECK(out ==
          "ERROR: netlink: cannot create vti7 (vti local 192.0.2.1 remote "
          "192.0.2.2): the kernel refused: Operation not supported (Unknown "
          "device type); this kernel has no VTI support (module ip_vti, "
          "CONFIG_NET_IPVTI)");
  } else {
    CHECK(out == "OK: vti mtu 1436 disable_policy=1");
  }
}

TEST_CASE("links are configured, reconciled and deleted in a namespace (veth)") {
  std::string out = in_netns([] {
    std::string s;
    nl_sock* sk = nl_socket_alloc();
    nl_connect(sk, NETLINK_ROUTE);
    int err = rtnl_link_veth_add(sk, "rs-a", "rs-b", getpid());
    nl_socket_free(sk);
    if (err < 0) return std::string("SKIP: veth: ") + nl_geterror(err);
    NetlinkChannel ch;
    nlohmann::json p = {{"name", "rs-a"}, {"mtu", 1400}, {"alias", "to west"},
                        {"addresses", {"10.0.0.1/30", "10.0.0.5/30"}},
                        {"sysctl", {{"rp_filter", "2"}, {"disable_policy", "1"}}},
                        {"up", true}};
    auto show = [&] {
      std::string r;
      nl_sock* k = nl_socket_alloc();
      nl_connect(k, NETLINK_ROUTE);
      rtnl_link* l = nullptr;
      if (rtnl_link_get_kernel(k, 0, "rs-a", &l) != 0) {
        nl_socket_free(k);
        return std::string("absent");
      }
      r += "mtu=" + std::to_string(rtnl_link_get_mtu(l));
      const char* alias = rtnl_link_get_ifalias(l);
      r += " alias=" + std::string(alias ? alias : "");
      r += (rtnl_link_get_flags(l) & IFF_UP) ? " up" : " down";
      nl_cache* cache = nullptr;
      rtnl_addr_alloc_cache(k, &cache);
      for (nl_object* o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
        auto* a = reinterpret_cast<rtnl_addr*>(o);
        if (rtnl_addr_get_ifindex(a) != rtnl_link_get_ifindex(l) ||
            rtnl_addr_get_family(a) != AF_INET) {
          continue;
        }
        char buf[64];
        r += std::string(" ") + nl_addr2str(rtnl_addr_get_local(a), buf, sizeof buf);
      }
      nl_cache_free(cache);
      rtnl_link_put(l);
      nl_socket_free(k);
      r += " rp_filter=" + read_file("/proc/sys/net/ipv4/conf/rs-a/rp_filter");
      return r;
    };
    auto st = ch.configure(p);
    s += (st.ok() ? "" : st.error().message) + show() + "\n";
    p["addresses"] = {"10.0.0.5/30", "10.0.0.9/30"};
    p["up"] = false;
    p["alias"] = "";
    p["sysctl"] = {{"rp_filter", "0"}};
    st = ch.configure(p);
    s += (st.ok() ? "" : st.error().message) + show() + "\n";
    st = ch.handle(netlink_step(delete_payload("rs-a")), false);
    s += (st.ok() ? "deleted " : st.error().message) + show() + "\n";
    st = ch.handle(netlink_step(delete_payload("rs-a")), false);
    s += st.ok() ? "delete again ok\n" : st.error().message + "\n";
    return s;
  });
  if (out.rfind("SKIP", 0) == 0) {
    MESSAGE(out);
    return;
  }
  CHECK(out ==
        "mtu=1400 alias=to west up 10.0.0.1/30 10.0.0.5/30 rp_filter=2\n"
        "mtu=1400 alias= down 10.0.0.5/30 10.0.0.9/30 rp_filter=0\n"
        "deleted absent\n"
        "delete again ok\n");
}

}  // namespace backend::vti

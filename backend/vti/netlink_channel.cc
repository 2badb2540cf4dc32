// The "netlink" channel handler: VTIs through libnl-route-3 (see
// netlink_channel.h).
#include "backend/vti/netlink_channel.h"

#include <thread>

#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ipvti.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

namespace backend::vti {
namespace {

using Json = nlohmann::json;

// Records the kernel's errno and extended-ack message, then lets libnl
// turn the errno into its own error code (NL_STOP).
int on_error(sockaddr_nl*, nlmsgerr* e, void* arg) {
  auto* ke = static_cast<NetlinkChannel::KernelError*>(arg);
  ke->error = -e->error;
  ke->message.clear();
  // libnl passes nlmsg_data(hdr): the header sits right before it.
  const auto* hdr = reinterpret_cast<const nlmsghdr*>(
      reinterpret_cast<const char*>(e) - NLMSG_HDRLEN);
  if ((hdr->nlmsg_flags & NLM_F_ACK_TLVS) == 0) return NL_STOP;
  size_t off = NLMSG_HDRLEN + sizeof(nlmsgerr);
  if ((hdr->nlmsg_flags & NLM_F_CAPPED) == 0 && e->msg.nlmsg_len >= NLMSG_HDRLEN) {
    off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
  }
  const char* base = reinterpret_cast<const char*>(hdr);
  while (off + sizeof(nlattr) <= hdr->nlmsg_len) {
    const auto* a = reinterpret_cast<const nlattr*>(base + off);
    if (a->nla_len < sizeof(nlattr) || off + a->nla_len > hdr->nlmsg_len) break;
    if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
      const char* s = base + off + sizeof(nlattr);
      ke->message.assign(s, strnlen(s, a->nla_len - sizeof(nlattr)));
    }
    off += NLA_ALIGN(a->nla_len);
  }
  return NL_STOP;
}

bool valid_name(const std::string& n) {
  if (n.empty() || n.size() >= IFNAMSIZ) return false;
  for (char c : n) {
    if (!isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' &&
        c != '.') {
      return false;
    }
  }
  return n != "." && n != "..";
}

bool parse_ipv4(const Json& v, in_addr* out) {
  return v.is_string() && inet_pton(AF_INET, v.get<std::string>().c_str(), out) == 1;
}

// JSON text for messages; never throws (invalid UTF-8 is replaced).
std::string safe_dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

rc::Error bad(const std::string& why) {
  return rc::make_error(rc::Code::kInternal, "netlink step: " + why);
}

// "169.254.12.38/30" in libnl's canonical text (no "/32" for a host).
std::string canonical(const std::string& cidr) {
  nl_addr* a = nullptr;
  if (nl_addr_parse(cidr.c_str(), AF_INET, &a) != 0) return cidr;
  char buf[64];
  std::string s = nl_addr2str(a, buf, sizeof buf);
  nl_addr_put(a);
  return s;
}

struct LinkRef {  // owns an rtnl_link
  rtnl_link* l = nullptr;
  ~LinkRef() {
    if (l != nullptr) rtnl_link_put(l);
  }
};

// The fields an "ensure" shares with configure(): name, mtu, up, alias,
// addresses, sysctls; each of the right type (nlohmann::json would throw
// on a wrong one later).
rc::Status check_link(const Json& p) {
  if (!p.is_object() || !p.contains("name") || !p["name"].is_string() ||
      !valid_name(p["name"])) {
    return bad("bad interface name in " + safe_dump(p));
  }
  for (const char* key : {"mtu", "ikey", "okey"}) {
    if (p.contains(key) &&
        (!p[key].is_number_integer() || p[key].get<int64_t>() < 0 ||
         p[key].get<uint64_t>() > 0xffffffffu)) {
      return bad(std::string(key) + " must be a number");
    }
  }
  if (p.contains("up") && !p["up"].is_boolean()) return bad("up must be a boolean");
  if (p.contains("alias") && !p["alias"].is_string()) return bad("alias must be text");
  const Json addresses = p.value("addresses", Json::array());
  if (!addresses.is_array()) return bad("addresses must be a list");
  for (const auto& c : addresses) {
    nl_addr* na = nullptr;
    if (!c.is_string() || nl_addr_parse(c.get<std::string>().c_str(), AF_INET, &na) != 0) {
      return bad("bad address " + safe_dump(c));
    }
    nl_addr_put(na);
  }
  const Json sysctls = p.value("sysctl", Json::object());
  if (!sysctls.is_object()) return bad("sysctl must be an object");
  for (const auto& [key, v] : sysctls.items()) {
    if (key.empty() ||
        key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos ||
        !v.is_string()) {
      return bad("bad sysctl " + key);
    }
  }
  return rc::Status::Ok();
}

}  // namespace

rc::Status check_payload(const Json& p) {
  if (!p.is_object() || !p.contains("op") || !p["op"].is_string()) {
    return bad("no op in " + safe_dump(p));
  }
  std::string op = p["op"];
  if (op == "delete-others") {
    if (!p.contains("keep") || !p["keep"].is_array()) return bad("no keep list");
    for (const auto& k : p["keep"]) {
      if (!k.is_string()) return bad("keep holds interface names");
    }
    if (p.contains("kind") && !p["kind"].is_string()) return bad("kind must be text");
    return rc::Status::Ok();
  }
  if (op == "delete") {
    if (!p.contains("name") || !p["name"].is_string() || !valid_name(p["name"])) {
      return bad("bad interface name in " + safe_dump(p));
    }
    return rc::Status::Ok();
  }
  if (op != "ensure") return bad("unknown op " + op);
  if (auto st = check_link(p); !st.ok()) return st;
  in_addr a;
  if (!p.contains("kind") || p["kind"] != "vti") {
    return bad("ensure supports kind vti only");
  }
  if (!p.contains("local") || !parse_ipv4(p["local"], &a) || !p.contains("remote") ||
      !parse_ipv4(p["remote"], &a)) {
    return bad("a VTI needs IPv4 local and remote addresses: " + safe_dump(p));
  }
  return rc::Status::Ok();
}

NetlinkChannel::~NetlinkChannel() {
  if (sock_ != nullptr) nl_socket_free(sock_);
}

rc::Status NetlinkChannel::open() {
  if (sock_ != nullptr) return rc::Status::Ok();
  sock_ = nl_socket_alloc();
  if (sock_ == nullptr) return rc::make_error(rc::Code::kIo, "netlink: out of memory");
  int err = nl_connect(sock_, NETLINK_ROUTE);
  if (err < 0) {
    nl_socket_free(sock_);
    sock_ = nullptr;
    return rc::make_error(rc::Code::kIo, std::string("netlink: cannot connect: ") +
                                             nl_geterror(err));
  }
  int one = 1;
  (void)setsockopt(nl_socket_get_fd(sock_), SOL_NETLINK, NETLINK_EXT_ACK, &one,
                   sizeof one);
  nl_socket_modify_err_cb(sock_, NL_CB_CUSTOM, on_error, &last_);
  return rc::Status::Ok();
}

rc::Error NetlinkChannel::refused(const std::string& what, int nl_error) const {
  std::string msg = "netlink: cannot " + what + ": the kernel refused: ";
  msg += last_.error != 0 ? std::strerror(last_.error) : nl_geterror(nl_error);
  if (!last_.message.empty()) msg += " (" + last_.message + ")";
  if (last_.error == EOPNOTSUPP && last_.message == "Unknown device type") {
    msg += "; this kernel has no VTI support (module ip_vti, CONFIG_NET_IPVTI)";
  } else if (last_.error == EEXIST && what.rfind("create", 0) == 0) {
    msg += "; the kernel holds one VTI per local/remote address pair";
  }
  return rc::make_error(rc::Code::kBackend, msg);
}

rc::Status NetlinkChannel::handle(const Step& step, bool prepare) {
  if (auto st = check_payload(step.payload); !st.ok()) return st;
  if (auto st = open(); !st.ok()) return st;
  if (prepare) return rc::Status::Ok();
  const Json& p = step.payload;
  std::string op = p["op"];
  if (op == "ensure") return ensure(p);
  if (op == "delete") return remove(p["name"]);
  return delete_others(p);
}

rc::Status NetlinkChannel::ensure(const Json& p) {
  const std::string name = p["name"];
  in_addr local{}, remote{};
  parse_ipv4(p["local"], &local);
  parse_ipv4(p["remote"], &remote);
  uint32_t ikey = p.value("ikey", 0u), okey = p.value("okey", 0u);
  LinkRef have;
  last_ = {};
  int err = rtnl_link_get_kernel(sock_, 0, name.c_str(), &have.l);
  if (err == 0) {
    const char* type = rtnl_link_get_type(have.l);
    bool same = type != nullptr && std::string(type) == "vti" &&
                rtnl_link_ipvti_get_local(have.l) == local.s_addr &&
                rtnl_link_ipvti_get_remote(have.l) == remote.s_addr &&
                rtnl_link_ipvti_get_ikey(have.l) == htonl(ikey) &&
                rtnl_link_ipvti_get_okey(have.l) == htonl(okey);
    if (!same) {
      if (auto st = remove(name); !st.ok()) return st;
      err = -NLE_NODEV;
    }
  } else if (err != -NLE_NODEV && err != -NLE_OBJ_NOTFOUND) {
    return refused("read link " + name, err);
  }
  if (err != 0) {
    LinkRef l;
    l.l = rtnl_link_ipvti_alloc();
    if (l.l == nullptr) return rc::make_error(rc::Code::kIo, "netlink: out of memory");
    rtnl_link_set_name(l.l, name.c_str());
    rtnl_link_ipvti_set_local(l.l, local.s_addr);
    rtnl_link_ipvti_set_remote(l.l, remote.s_addr);
    rtnl_link_ipvti_set_ikey(l.l, htonl(ikey));
    rtnl_link_ipvti_set_okey(l.l, htonl(okey));
    last_ = {};
    err = rtnl_link_add(sock_, l.l, NLM_F_CREATE | NLM_F_EXCL);
    if (err < 0) {
      return refused("create " + name + " (vti local " + p["local"].get<std::string>() +
                         " remote " + p["remote"].get<std::string>() + ")",
                     err);
    }
    // Let listeners see the new link before its addresses (see header).
    if (settle_.count() > 0 && (!settle_when_ || settle_when_())) {
      std::this_thread::sleep_for(settle_);
    }
  }
  return configure(p);
}

rc::Status NetlinkChannel::configure(const Json& p) {
  if (auto st = check_link(p); !st.ok()) return st;
  if (auto st = open(); !st.ok()) return st;
  const std::string name = p["name"];
  LinkRef link;
  last_ = {};
  int err = rtnl_link_get_kernel(sock_, 0, name.c_str(), &link.l);
  if (err < 0) return refused("read link " + name, err);
  int ifindex = rtnl_link_get_ifindex(link.l);
  LinkRef change;
  change.l = rtnl_link_alloc();
  bool changed = false;
  unsigned mtu = p.value("mtu", 0u);
  if (mtu != 0 && rtnl_link_get_mtu(link.l) != mtu) {
    rtnl_link_set_mtu(change.l, mtu);
    changed = true;
  }
  std::string alias = p.value("alias", "");
  const char* cur = rtnl_link_get_ifalias(link.l);
  if (alias != (cur != nullptr ? cur : "")) {
    rtnl_link_set_ifalias(change.l, alias.c_str());
    changed = true;
  }
  if (changed) {
    last_ = {};
    err = rtnl_link_change(sock_, link.l, change.l, 0);
    if (err < 0) return refused("set mtu/description of " + name, err);
  }
  if (auto st = sync_addresses(name, ifindex, p.value("addresses", Json::array()));
      !st.ok()) {
    return st;
  }
  if (auto st = write_sysctls(name, p.value("sysctl", Json::object())); !st.ok()) {
    return st;
  }
  bool up = p.value("up", true);
  bool is_up = (rtnl_link_get_flags(link.l) & IFF_UP) != 0;
  if (up != is_up) {
    LinkRef flags;
    flags.l = rtnl_link_alloc();
    if (up) {
      rtnl_link_set_flags(flags.l, IFF_UP);
    } else {
      rtnl_link_unset_flags(flags.l, IFF_UP);
    }
    last_ = {};
    err = rtnl_link_change(sock_, link.l, flags.l, 0);
    if (err < 0) return refused(std::string("set ") + name + (up ? " up" : " down"), err);
  }
  return rc::Status::Ok();
}

rc::Status NetlinkChannel::sync_addresses(const std::string& name, int ifindex,
                                          const Json& want_json) {
  std::set<std::string> want;
  for (const auto& a : want_json) want.insert(canonical(a.get<std::string>()));
  nl_cache* cache = nullptr;
  last_ = {};
  int err = rtnl_addr_alloc_cache(sock_, &cache);
  if (err < 0) return refused("list addresses", err);
  std::vector<rtnl_addr*> stale;
  std::set<std::string> have;
  for (nl_object* o = nl_cache_get_first(cache); o != nullptr; o = nl_cache_get_next(o)) {
    auto* a = reinterpret_cast<rtnl_addr*>(o);
    if (rtnl_addr_get_ifindex(a) != ifindex || rtnl_addr_get_family(a) != AF_INET) continue;
    char buf[64];
    std::string s = nl_addr2str(rtnl_addr_get_local(a), buf, sizeof buf);
    if (want.count(s)) {
      have.insert(s);
    } else {
      stale.push_back(a);
    }
  }
  rc::Status st;
  for (rtnl_addr* a : stale) {
    last_ = {};
    err = rtnl_addr_delete(sock_, a, 0);
    if (err < 0 && st.ok()) st = refused("remove an address of " + name, err);
  }
  nl_cache_free(cache);
  if (!st.ok()) return st;
  for (const auto& cidr : want) {
    if (have.count(cidr)) continue;
    nl_addr* local = nullptr;
    if (nl_addr_parse(cidr.c_str(), AF_INET, &local) != 0) return bad("address " + cidr);
    rtnl_addr* a = rtnl_addr_alloc();
    rtnl_addr_set_ifindex(a, ifindex);
    rtnl_addr_set_local(a, local);
    last_ = {};
    err = rtnl_addr_add(sock_, a, 0);
    rtnl_addr_put(a);
    nl_addr_put(local);
    if (err < 0) return refused("add address " + cidr + " to " + name, err);
  }
  return rc::Status::Ok();
}

rc::Status NetlinkChannel::write_sysctls(const std::string& name, const Json& s) {
  for (const auto& [key, v] : s.items()) {
    std::string path = "/proc/sys/net/ipv4/conf/" + name + "/" + key;
    std::ofstream f(path);
    f << v.get<std::string>() << "\n";
    f.close();
    if (!f) {
      return rc::make_error(rc::Code::kIo, "cannot write " + path + ": " +
                                               std::strerror(errno));
    }
  }
  return rc::Status::Ok();
}

rc::Status NetlinkChannel::remove(const std::string& name) {
  LinkRef link;
  last_ = {};
  int err = rtnl_link_get_kernel(sock_, 0, name.c_str(), &link.l);
  if (err == -NLE_NODEV || err == -NLE_OBJ_NOTFOUND) return rc::Status::Ok();
  if (err < 0) return refused("read link " + name, err);
  last_ = {};
  err = rtnl_link_delete(sock_, link.l);
  if (err < 0 && err != -NLE_NODEV) return refused("delete " + name, err);
  return rc::Status::Ok();
}

rc::Status NetlinkChannel::delete_others(const Json& p) {
  std::set<std::string> keep;
  for (const auto& k : p["keep"]) keep.insert(k.get<std::string>());
  std::string kind = p.value("kind", "vti");
  nl_cache* cache = nullptr;
  last_ = {};
  int err = rtnl_link_alloc_cache(sock_, AF_UNSPEC, &cache);
  if (err < 0) return refused("list links", err);
  std::vector<std::string> doomed;
  for (nl_object* o = nl_cache_get_first(cache); o != nullptr; o = nl_cache_get_next(o)) {
    auto* l = reinterpret_cast<rtnl_link*>(o);
    const char* type = rtnl_link_get_type(l);
    const char* n = rtnl_link_get_name(l);
    if (type == nullptr || n == nullptr || kind != type) continue;
    if (std::string(n) == "ip_vti0" || keep.count(n)) continue;
    doomed.emplace_back(n);
  }
  nl_cache_free(cache);
  for (const auto& n : doomed) {
    if (auto st = remove(n); !st.ok()) return st;
  }
  return rc::Status::Ok();
}

}  // namespace backend::vti

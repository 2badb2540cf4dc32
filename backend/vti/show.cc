// `show interfaces …` from netlink (see show.h).
#include "backend/vti/show.h"

#include <arpa/inet.h>
#include <linux/if.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ipvti.h>

#include <algorithm>
#include <cctype>

namespace backend::vti {
namespace {

using Json = nlohmann::ordered_json;
using Words = std::vector<std::string>;

// Frees a libnl socket and caches on every path.
struct Netlink {
  nl_sock* sock = nullptr;
  nl_cache* links = nullptr;
  nl_cache* addrs = nullptr;
  ~Netlink() {
    if (addrs != nullptr) nl_cache_free(addrs);
    if (links != nullptr) nl_cache_free(links);
    if (sock != nullptr) nl_socket_free(sock);
  }
};

rc::Error netlink_error(const std::string& what, int err) {
  return rc::make_error(rc::Code::kIo, "netlink: cannot " + what + ": " + nl_geterror(err));
}

std::string ipv4(uint32_t network_order) {
  in_addr a;
  a.s_addr = network_order;
  char buf[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &a, buf, sizeof buf);
  return buf;
}

// iproute2 prints VTI keys as dotted quads: key 7 is "0.0.0.7".
std::string key_word(uint32_t key) { return ipv4(htonl(key)); }

std::string flag_words(unsigned flags, const std::string& operstate) {
  static const std::pair<unsigned, const char*> kFlags[] = {
      {IFF_LOOPBACK, "LOOPBACK"}, {IFF_BROADCAST, "BROADCAST"},
      {IFF_POINTOPOINT, "POINTOPOINT"}, {IFF_MULTICAST, "MULTICAST"},
      {IFF_NOARP, "NOARP"}, {IFF_ALLMULTI, "ALLMULTI"}, {IFF_PROMISC, "PROMISC"},
      {IFF_UP, "UP"}, {IFF_LOWER_UP, "LOWER_UP"}, {IFF_DORMANT, "DORMANT"}};
  std::string out;
  if ((flags & IFF_UP) != 0 && (flags & IFF_RUNNING) == 0 && operstate != "UNKNOWN") {
    out = "NO-CARRIER";
  }
  for (const auto& [bit, name] : kFlags) {
    if ((flags & bit) != 0) out += (out.empty() ? "" : ",") + std::string(name);
  }
  return out;
}

// printf's "%-Ns ".
std::string col(const std::string& s, size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ') + " ";
}

std::string right(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

bool admin_up(const LinkInfo& l) { return (l.flags & IFF_UP) != 0; }

bool link_up(const LinkInfo& l) {
  return l.operstate == "UP" || l.operstate == "UNKNOWN";
}

bool is_interface_name(const std::string& n) {
  if (n.empty() || n.size() >= IFNAMSIZ) return false;
  for (unsigned char c : n) {
    if (!std::isalnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

}  // namespace

rc::Result<std::vector<LinkInfo>> read_links(const std::string& kind) {
  Netlink nl;
  nl.sock = nl_socket_alloc();
  if (nl.sock == nullptr) return rc::make_error(rc::Code::kIo, "netlink: out of memory");
  if (int err = nl_connect(nl.sock, NETLINK_ROUTE); err < 0) {
    return netlink_error("connect", err);
  }
  if (int err = rtnl_link_alloc_cache(nl.sock, AF_UNSPEC, &nl.links); err < 0) {
    return netlink_error("list links", err);
  }
  if (int err = rtnl_addr_alloc_cache(nl.sock, &nl.addrs); err < 0) {
    return netlink_error("list addresses", err);
  }
  std::vector<std::pair<int, LinkInfo>> found;
  for (nl_object* o = nl_cache_get_first(nl.links); o != nullptr; o = nl_cache_get_next(o)) {
    auto* l = reinterpret_cast<rtnl_link*>(o);
    const char* type = rtnl_link_get_type(l);
    LinkInfo info;
    info.kind = type != nullptr ? type : "";
    if (!kind.empty() && info.kind != kind) continue;
    const char* name = rtnl_link_get_name(l);
    info.name = name != nullptr ? name : "";
    info.mtu = rtnl_link_get_mtu(l);
    info.flags = rtnl_link_get_flags(l);
    char buf[64] = {};
    rtnl_link_operstate2str(rtnl_link_get_operstate(l), buf, sizeof buf);
    info.operstate = buf;
    std::transform(info.operstate.begin(), info.operstate.end(), info.operstate.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const char* alias = rtnl_link_get_ifalias(l);
    info.alias = alias != nullptr ? alias : "";
    if (info.kind == "vti") {
      info.has_tunnel = true;
      info.local = ipv4(rtnl_link_ipvti_get_local(l));
      info.remote = ipv4(rtnl_link_ipvti_get_remote(l));
      info.ikey = ntohl(rtnl_link_ipvti_get_ikey(l));
      info.okey = ntohl(rtnl_link_ipvti_get_okey(l));
    }
    info.rx_bytes = rtnl_link_get_stat(l, RTNL_LINK_RX_BYTES);
    info.rx_packets = rtnl_link_get_stat(l, RTNL_LINK_RX_PACKETS);
    info.rx_errors = rtnl_link_get_stat(l, RTNL_LINK_RX_ERRORS);
    info.rx_dropped = rtnl_link_get_stat(l, RTNL_LINK_RX_DROPPED);
    info.tx_bytes = rtnl_link_get_stat(l, RTNL_LINK_TX_BYTES);
    info.tx_packets = rtnl_link_get_stat(l, RTNL_LINK_TX_PACKETS);
    info.tx_errors = rtnl_link_get_stat(l, RTNL_LINK_TX_ERRORS);
    info.tx_dropped = rtnl_link_get_stat(l, RTNL_LINK_TX_DROPPED);
    int ifindex = rtnl_link_get_ifindex(l);
    std::vector<std::string> v6;
    for (nl_object* a = nl_cache_get_first(nl.addrs); a != nullptr; a = nl_cache_get_next(a)) {
      auto* addr = reinterpret_cast<rtnl_addr*>(a);
      if (rtnl_addr_get_ifindex(addr) != ifindex) continue;
      nl_addr* local = rtnl_addr_get_local(addr);
      if (local == nullptr) continue;
      char text[INET6_ADDRSTRLEN + 8] = {};
      nl_addr2str(local, text, sizeof text);
      std::string s = text;
      // libnl leaves out a host's "/32"; VyOS shows the prefix length.
      if (s.find('/') == std::string::npos) {
        s += "/" + std::to_string(rtnl_addr_get_prefixlen(addr));
      }
      if (rtnl_addr_get_family(addr) == AF_INET) {
        info.addresses.push_back(s);
      } else if (s.compare(0, 5, "fe80:") != 0) {
        v6.push_back(s);
      }
    }
    info.addresses.insert(info.addresses.end(), v6.begin(), v6.end());
    found.emplace_back(ifindex, std::move(info));
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<LinkInfo> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

std::string format_brief(const std::vector<LinkInfo>& links) {
  std::string out = "Codes: S - State, L - Link, u - Up, D - Down, A - Admin Down\n" +
                    col("Interface", 16) + col("IP Address", 33) + col("S/L", 4) +
                    "Description\n" + col("---------", 16) + col("----------", 33) +
                    col("---", 4) + "-----------\n";
  for (const LinkInfo& l : links) {
    std::string sl = std::string(admin_up(l) ? "u" : "A") + "/" + (link_up(l) ? "u" : "D");
    std::vector<std::string> addrs = l.addresses;
    if (addrs.empty()) addrs.push_back("-");
    for (size_t i = 0; i < addrs.size(); ++i) {
      std::string name = i == 0 ? l.name : "";
      std::string state = i == 0 ? sl : "";
      std::string desc = i == 0 ? l.alias : "";
      if (addrs[i].size() < 33) {
        out += col(name, 16) + col(addrs[i], 33) + col(state, 4) + desc + "\n";
      } else {
        out += col(name, 16) + col("", 33) + col(state, 4) + desc + "\n";
        out += col("", 16) + addrs[i] + "\n";
      }
    }
  }
  return out;
}

std::string format_detail(const LinkInfo& l) {
  std::string out = l.name + ": <" + flag_words(l.flags, l.operstate) + "> mtu " +
                    std::to_string(l.mtu) + " state " + l.operstate + "\n";
  if (l.has_tunnel) {
    out += "    link/ipip " + l.local + " peer " + l.remote + "\n";
    out += "    vti remote " + l.remote + " local " + l.local + " ikey " +
           key_word(l.ikey) + " okey " + key_word(l.okey) + "\n";
  }
  for (const auto& a : l.addresses) {
    out += std::string(a.find(':') == std::string::npos ? "    inet " : "    inet6 ") + a + "\n";
  }
  if (!l.alias.empty()) out += "    Description: " + l.alias + "\n";
  out += "\n";
  auto row = [](const char* label, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    return std::string("    ") + label + right(std::to_string(a), 10) + " " +
           right(std::to_string(b), 10) + " " + right(std::to_string(c), 10) + " " +
           right(std::to_string(d), 10) + "\n";
  };
  out += "    RX:      bytes    packets     errors    dropped\n";
  out += row("   ", l.rx_bytes, l.rx_packets, l.rx_errors, l.rx_dropped);
  out += "    TX:      bytes    packets     errors    dropped\n";
  out += row("   ", l.tx_bytes, l.tx_packets, l.tx_errors, l.tx_dropped);
  return out;
}

nlohmann::ordered_json links_json(const std::vector<LinkInfo>& links) {
  Json out = Json::array();
  for (const LinkInfo& l : links) {
    Json j = {{"name", l.name},
              {"kind", l.kind},
              {"state", admin_up(l) ? "up" : "down"},
              {"link", link_up(l) ? "up" : "down"},
              {"operstate", l.operstate},
              {"mtu", l.mtu},
              {"description", l.alias},
              {"addresses", l.addresses}};
    if (l.has_tunnel) {
      j["local"] = l.local;
      j["remote"] = l.remote;
      j["ikey"] = l.ikey;
      j["okey"] = l.okey;
    }
    j["statistics"] = {{"rx_bytes", l.rx_bytes},     {"rx_packets", l.rx_packets},
                       {"rx_errors", l.rx_errors},   {"rx_dropped", l.rx_dropped},
                       {"tx_bytes", l.tx_bytes},     {"tx_packets", l.tx_packets},
                       {"tx_errors", l.tx_errors},   {"tx_dropped", l.tx_dropped}};
    out.push_back(std::move(j));
  }
  return out;
}

bool VtiOpMode::handles(const Words& w) const {
  return w.size() >= 2 && w[0] == "show" && w[1] == "interfaces";
}

rc::Result<std::string> VtiOpMode::run(const Words& w, bool json) {
  if (!handles(w)) return invalid_command(w, w.size() - 1);
  std::string kind;
  if (w.size() >= 3) {
    if (w[2] != "vti") return invalid_command(w, 2);
    kind = "vti";
  }
  if (w.size() > 4) return invalid_command(w, 4);
  if (w.size() == 4 && !is_interface_name(w[3])) {
    return rc::make_error(rc::Code::kInvalidArgument,
                          "show interfaces vti: '" + w[3] + "' is not an interface name",
                          "", "expected vtiN");
  }
  auto links = read_links(kind);
  if (!links.ok()) return links.error();
  if (w.size() == 4) {
    for (const auto& l : *links) {
      if (l.name != w[3]) continue;
      return json ? links_json({l})[0].dump(4) + "\n" : format_detail(l);
    }
    return rc::make_error(rc::Code::kNotFound,
                          "show interfaces vti: " + w[3] + " does not exist");
  }
  return json ? links_json(*links).dump(4) + "\n" : format_brief(*links);
}

}  // namespace backend::vti

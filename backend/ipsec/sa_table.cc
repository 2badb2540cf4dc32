// VyOS's SA tables from charon's reports (see sa_table.h).
#include "backend/ipsec/sa_table.h"

#include <set>

namespace backend::ipsec {
namespace {

using Json = nlohmann::ordered_json;
using Words = std::vector<std::string>;

// VyOS shows "%any" and @ids as 0.0.0.0 in the peer columns.
std::string address_word(const std::string& a) {
  if (a.empty() || a == "%any" || a[0] == '@') return "0.0.0.0";
  return a;
}

std::string seconds(int64_t s) { return s < 0 ? "n/a" : std::to_string(s); }

Json seconds_json(int64_t s) { return s < 0 ? Json() : Json(s); }

std::string ike_state_word(const std::string& s) {
  if (s == "ESTABLISHED" || s == "REKEYING" || s == "REKEYED") return "up";
  if (s == "CONNECTING" || s == "CREATED") return "init";
  return "down";
}

std::string child_state_word(const std::string& s) {
  if (s == "INSTALLED" || s == "REKEYING" || s == "REKEYED") return "up";
  if (s == "CREATED" || s == "INSTALLING" || s == "UPDATING") return "init";
  return "down";
}

// The protocol of a traffic selector "10.0.0.0/24[tcp/80]" ("all" if none).
std::string protocol_word(const Words& ts) {
  for (const auto& t : ts) {
    size_t open = t.find('[');
    if (open == std::string::npos) continue;
    std::string p = t.substr(open + 1);
    size_t end = p.find_first_of("/]");
    p = p.substr(0, end);
    if (!p.empty()) return p;
  }
  return "all";
}

// printf's "%-Ns ": `s` padded to `width`, then a blank.
std::string col(const std::string& s, size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ') + " ";
}

const char kPeerHeader[] =
    "Peer ID / IP                            Local ID / IP               \n"
    "------------                            -------------\n";

std::string peer_line(const std::string& peer, const std::string& local) {
  std::string l = col(peer, 39) + local;
  if (local.size() < 39) l += std::string(39 - local.size(), ' ');
  return l + "\n";
}

std::string description_lines(const VpnState& st, const std::string& conn) {
  auto it = st.descriptions.find(conn);
  if (it == st.descriptions.end() || it->second.empty()) return "";
  return "\n    Description: " + it->second + "\n";
}

const ConnInfo::Child* find_child(const ConnInfo* c, const std::string& name) {
  if (c == nullptr) return nullptr;
  for (const auto& ch : c->children) {
    if (ch.name == name) return &ch;
  }
  return nullptr;
}

// The configured IKE lifetime of `conn` (rekey, else reauthentication).
int64_t ike_lifetime(const ConnInfo* c) {
  if (c == nullptr) return -1;
  if (c->rekey_time > 0) return c->rekey_time;
  if (c->reauth_time > 0) return c->reauth_time;
  return -1;
}

// The order of blocks: connections in load order, then SAs of other
// connections in the order charon listed them.
std::vector<std::string> conn_order(const VpnState& st, bool with_idle) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& c : st.conns) {
    bool has_sa = false;
    for (const auto& sa : st.sas) has_sa = has_sa || sa.conn == c.name;
    if ((with_idle || has_sa) && seen.insert(c.name).second) out.push_back(c.name);
  }
  for (const auto& sa : st.sas) {
    if (seen.insert(sa.conn).second) out.push_back(sa.conn);
  }
  return out;
}

struct Block {
  std::string conn, peer, local, peer_id, local_id;
  std::vector<const IkeSaInfo*> sas;
};

// One block per connection: the peer and local words from its newest SA,
// else from its configuration.
std::vector<Block> blocks(const VpnState& st, bool with_idle) {
  std::vector<Block> out;
  for (const auto& name : conn_order(st, with_idle)) {
    Block b;
    b.conn = name;
    for (const auto& sa : st.sas) {
      if (sa.conn == name) b.sas.push_back(&sa);
    }
    if (!b.sas.empty()) {
      const IkeSaInfo& sa = *b.sas.back();
      b.peer = address_word(sa.remote_host);
      b.local = address_word(sa.local_host);
      b.peer_id = sa.remote_id;
      b.local_id = sa.local_id;
    } else if (const ConnInfo* c = st.conn(name)) {
      b.peer = address_word(c->remote_addrs.empty() ? name : c->remote_addrs[0]);
      b.local = address_word(c->local_addrs.empty() ? "" : c->local_addrs[0]);
    }
    out.push_back(std::move(b));
  }
  return out;
}

struct TunnelRow {
  std::string tunnel, child;
  const ChildSaInfo* sa = nullptr;  // null: no CHILD_SA (down)
  const ConnInfo::Child* config = nullptr;
};

std::vector<TunnelRow> tunnel_rows(const VpnState& st, const Block& b) {
  std::vector<TunnelRow> rows;
  const ConnInfo* conn = st.conn(b.conn);
  std::set<const ChildSaInfo*> shown;
  if (conn != nullptr) {
    for (const auto& ch : conn->children) {
      bool any = false;
      for (const IkeSaInfo* sa : b.sas) {
        for (const auto& c : sa->children) {
          if (c.name != ch.name) continue;
          rows.push_back({tunnel_word(b.conn, ch.name), ch.name, &c, &ch});
          shown.insert(&c);
          any = true;
        }
      }
      if (!any) rows.push_back({tunnel_word(b.conn, ch.name), ch.name, nullptr, &ch});
    }
  }
  for (const IkeSaInfo* sa : b.sas) {
    for (const auto& c : sa->children) {
      if (shown.count(&c)) continue;
      rows.push_back({tunnel_word(b.conn, c.name), c.name, &c, find_child(conn, c.name)});
    }
  }
  return rows;
}

std::string row_protocol(const TunnelRow& r) {
  if (r.config != nullptr) return protocol_word(r.config->local_ts);
  return r.sa != nullptr ? protocol_word(r.sa->local_ts) : "all";
}

int64_t row_lifetime(const TunnelRow& r) {
  if (r.config != nullptr && r.config->rekey_time > 0) return r.config->rekey_time;
  return r.sa != nullptr ? r.sa->life_time : -1;
}

}  // namespace

const ConnInfo* VpnState::conn(const std::string& name) const {
  for (const auto& c : conns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::string format_ike_sa(const VpnState& st) {
  std::string out;
  for (const Block& b : blocks(st, false)) {
    const ConnInfo* conn = st.conn(b.conn);
    out += kPeerHeader;
    out += peer_line(b.peer, b.local);
    out += description_lines(st, b.conn);
    out +=
        "\n"
        "    State  Encrypt  Hash    D-H Grp  NAT-T  A-Time  L-Time\n"
        "    -----  -------  ----    -------  -----  ------  ------\n";
    for (const IkeSaInfo* sa : b.sas) {
      out += "    " + col(ike_state_word(sa->state), 6) +
             col(encryption_word(sa->encr_alg, sa->encr_keysize), 8) +
             col(hash_word(sa->integ_alg, sa->prf_alg), 7) +
             col(dh_group_number(sa->dh_group), 8) + col(sa->nat ? "yes" : "no", 6) +
             col(seconds(sa->established), 7);
      std::string life = seconds(ike_lifetime(conn));
      out += life + std::string(life.size() < 7 ? 7 - life.size() : 0, ' ') + "\n";
    }
    out += "\n \n";
  }
  return out;
}

std::string format_ipsec_sa(const VpnState& st) {
  std::string out;
  for (const Block& b : blocks(st, true)) {
    out += kPeerHeader;
    out += peer_line(b.peer, b.local);
    out += description_lines(st, b.conn);
    out +=
        "\n"
        "    Tunnel  State  Bytes Out/In   Encrypt  Hash    NAT-T  A-Time  L-Time  Proto\n"
        "    ------  -----  -------------  -------  ----    -----  ------  ------  -----\n";
    for (const TunnelRow& r : tunnel_rows(st, b)) {
      std::string line = "    " + col(r.tunnel, 7);
      if (r.sa == nullptr) {
        line += col("down", 6) + col("n/a", 14) + col("n/a", 8) + col("n/a", 7) +
                col("n/a", 6) + col("n/a", 7);
      } else {
        line += col(child_state_word(r.sa->state), 6) +
                col(bytes_word(r.sa->bytes_out) + "/" + bytes_word(r.sa->bytes_in), 14) +
                col(encryption_word(r.sa->encr_alg, r.sa->encr_keysize), 8) +
                col(hash_word(r.sa->integ_alg), 7) + col(r.sa->encap ? "yes" : "no", 6) +
                col(seconds(r.sa->install_time), 7);
      }
      line += col(seconds(row_lifetime(r)), 7) + row_protocol(r);
      out += line + "\n";
    }
    out += "\n \n";
  }
  return out;
}

nlohmann::ordered_json ike_sa_json(const VpnState& st) {
  Json peers = Json::array();
  for (const Block& b : blocks(st, false)) {
    const ConnInfo* conn = st.conn(b.conn);
    Json sas = Json::array();
    for (const IkeSaInfo* sa : b.sas) {
      sas.push_back({{"state", ike_state_word(sa->state)},
                     {"ike_state", sa->state},
                     {"version", sa->version.empty() ? "" : "IKEv" + sa->version},
                     {"encryption", encryption_word(sa->encr_alg, sa->encr_keysize)},
                     {"hash", hash_word(sa->integ_alg, sa->prf_alg)},
                     {"dh_group", dh_group_number(sa->dh_group)},
                     {"nat_t", sa->nat},
                     {"active_time", seconds_json(sa->established)},
                     {"lifetime", seconds_json(ike_lifetime(conn))},
                     {"rekey_in", seconds_json(sa->rekey_time)},
                     {"uniqueid", sa->uniqueid}});
    }
    auto d = st.descriptions.find(b.conn);
    peers.push_back({{"peer", b.peer},
                     {"peer_id", b.peer_id},
                     {"local", b.local},
                     {"local_id", b.local_id},
                     {"connection", b.conn},
                     {"description", d == st.descriptions.end() ? "" : d->second},
                     {"sas", sas}});
  }
  return peers;
}

nlohmann::ordered_json ipsec_sa_json(const VpnState& st) {
  Json peers = Json::array();
  for (const Block& b : blocks(st, true)) {
    Json tunnels = Json::array();
    for (const TunnelRow& r : tunnel_rows(st, b)) {
      Json t = {{"tunnel", r.tunnel}, {"child", r.child}};
      if (r.sa == nullptr) {
        t["state"] = "down";
      } else {
        t["state"] = child_state_word(r.sa->state);
        t["child_state"] = r.sa->state;
        t["bytes_out"] = r.sa->bytes_out;
        t["bytes_in"] = r.sa->bytes_in;
        t["packets_out"] = r.sa->packets_out;
        t["packets_in"] = r.sa->packets_in;
        t["encryption"] = encryption_word(r.sa->encr_alg, r.sa->encr_keysize);
        t["hash"] = hash_word(r.sa->integ_alg);
        t["nat_t"] = r.sa->encap;
        t["active_time"] = seconds_json(r.sa->install_time);
        t["local_ts"] = r.sa->local_ts;
        t["remote_ts"] = r.sa->remote_ts;
      }
      t["lifetime"] = seconds_json(row_lifetime(r));
      t["protocol"] = row_protocol(r);
      tunnels.push_back(std::move(t));
    }
    auto d = st.descriptions.find(b.conn);
    peers.push_back({{"peer", b.peer},
                     {"peer_id", b.peer_id},
                     {"local", b.local},
                     {"local_id", b.local_id},
                     {"connection", b.conn},
                     {"description", d == st.descriptions.end() ? "" : d->second},
                     {"tunnels", tunnels}});
  }
  return peers;
}

std::string format_status(const VpnStatus& s) {
  std::string out = "IPSec Process Running PID: " +
                    (s.pid > 0 ? std::to_string(s.pid) : std::string("unknown")) +
                    "\n\n" + std::to_string(s.active_tunnels) +
                    " Active IPsec Tunnels\n\nIPsec Interfaces :\n";
  for (const auto& [name, addresses] : s.interfaces) {
    std::string a;
    for (const auto& x : addresses) a += (a.empty() ? "" : " ") + x;
    out += "\t" + name + "\t(" + (a.empty() ? "no address" : a) + ")\n";
  }
  return out;
}

nlohmann::ordered_json status_json(const VpnStatus& s) {
  Json interfaces = Json::array();
  for (const auto& [name, addresses] : s.interfaces) {
    interfaces.push_back({{"interface", name}, {"addresses", addresses}});
  }
  return {{"pid", s.pid > 0 ? Json(s.pid) : Json()},
          {"version", s.version},
          {"active_tunnels", s.active_tunnels},
          {"interfaces", interfaces}};
}

}  // namespace backend::ipsec

// VyOS's VPN operational commands over VICI (see show.h).
#include "backend/ipsec/show.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "backend/ipsec/driver.h"
#include "backend/ipsec/render.h"

namespace backend::ipsec {
namespace {

using Json = nlohmann::ordered_json;
using Words = std::vector<std::string>;
using vici::Message;

rc::Error unreachable(const std::string& socket, const rc::Error& e) {
  return rc::make_error(e.code == rc::Code::kIo ? rc::Code::kIo : rc::Code::kBackend,
                        "% strongSwan (charon) is not reachable at " + socket +
                            ": " + e.message);
}

// charon's PID: the credentials of the VICI socket's listener.
int charon_pid(const std::string& socket) {
  std::string path = socket;
  if (path.compare(0, 7, "unix://") == 0) path = path.substr(7);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof addr.sun_path) return 0;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  int pid = 0;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) {
    ucred cred{};
    socklen_t len = sizeof cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) pid = cred.pid;
  }
  ::close(fd);
  return pid;
}

// A peer's name as VyOS accepts it: an address, a host name or an @id.
bool is_peer_word(const std::string& s) {
  if (s.empty() || s.size() > 255) return false;
  for (unsigned char c : s) {
    if (!isalnum(c) && c != '.' && c != ':' && c != '-' && c != '_' && c != '@') {
      return false;
    }
  }
  return true;
}

}  // namespace

bool VpnOpMode::handles(const Words& w) const {
  if (w.size() >= 2 && (w[0] == "show" || w[0] == "reset" || w[0] == "restart")) {
    return w[1] == "vpn";
  }
  return false;
}

bool VpnOpMode::changes_state(const Words& w) const {
  return !w.empty() && (w[0] == "reset" || w[0] == "restart");
}

void VpnOpMode::set_running(schema::NodePtr running) { config_ = load(running.get()); }

rc::Status VpnOpMode::connect() {
  if (client_.connected()) return rc::Status::Ok();
  rc::Status st = client_.connect(socket_);
  if (!st.ok()) return unreachable(socket_, st.error());
  return st;
}

rc::Result<VpnState> VpnOpMode::read_state() {
  if (auto st = connect(); !st.ok()) return st.error();
  VpnState s;
  auto list_conns = [&] {
    s.conns.clear();
    return client_.stream("list-conns", {}, "list-conn", [&](const Message& m) {
      for (auto& c : parse_list_conn(m)) s.conns.push_back(std::move(c));
    });
  };
  auto conns = list_conns();
  if (!conns.ok() && conns.error().code == rc::Code::kIo) {
    // The connection kept from an earlier command may have died with a
    // charon that has been restarted since: one fresh attempt.
    if (auto st = connect(); !st.ok()) return st.error();
    conns = list_conns();
  }
  if (!conns.ok()) return unreachable(socket_, conns.error());
  auto sas = client_.stream("list-sas", {}, "list-sa", [&](const Message& m) {
    for (auto& sa : parse_list_sa(m)) s.sas.push_back(std::move(sa));
  });
  if (!sas.ok()) return unreachable(socket_, sas.error());
  for (const auto& p : config_.peers) {
    if (!p.description.empty()) s.descriptions[conn_name(p)] = p.description;
  }
  return s;
}

rc::Result<VpnStatus> VpnOpMode::read_status() {
  auto state = read_state();
  if (!state.ok()) return state.error();
  VpnStatus s;
  auto v = client_.call("version");
  if (!v.ok()) return unreachable(socket_, v.error());
  s.version = v->get("version");
  s.pid = charon_pid(socket_);
  for (const auto& sa : state->sas) {
    for (const auto& c : sa.children) s.active_tunnels += c.state == "INSTALLED";
  }
  std::vector<InterfaceAddress> kernel = kernel_addresses();
  for (const auto& name : config_.ipsec_interfaces) {
    std::vector<std::string> v4, v6;
    for (const auto& a : kernel) {
      if (a.interface != name || a.address.compare(0, 5, "fe80:") == 0) continue;
      (a.address.find(':') == std::string::npos ? v4 : v6).push_back(a.address);
    }
    v4.insert(v4.end(), v6.begin(), v6.end());
    s.interfaces.emplace_back(name, v4);
  }
  return s;
}

rc::Result<std::string> VpnOpMode::reset_peers(const Words& peers,
                                               bool only_initiators, bool json) {
  auto state = read_state();
  if (!state.ok()) return state.error();
  std::string out;
  Json report = Json::array();
  for (const auto& name : peers) {
    const ConnInfo* conn = state->conn(name);
    Json entry = {{"peer", name}};
    // Terminate every IKE_SA of the peer without waiting for the peer's
    // answer (force), but until charon has done so (timeout), so that the
    // initiate below starts a new IKE_SA instead of reusing the old one.
    int terminated = 0;
    for (const auto& sa : state->sas) {
      if (sa.conn != name) continue;
      Message req;
      req.set("ike-id", sa.uniqueid);
      req.set("force", "yes");
      req.set("timeout", "5000");
      auto r = client_.stream("terminate", req, "control-log", nullptr);
      if (!r.ok()) {
        if (r.error().code == rc::Code::kIo) return unreachable(socket_, r.error());
        out += "Peer " + name + ": " + r.error().message + "\n";
        continue;
      }
      ++terminated;
    }
    entry["terminated"] = terminated;
    out += "Peer " + name + ": " + std::to_string(terminated) + " IKE_SA" +
           (terminated == 1 ? "" : "s") + " terminated\n";
    bool initiate = true;
    if (only_initiators) {
      const Peer* p = config_.peer(name);
      initiate = p != nullptr && p->connection_type == "initiate";
    }
    Json tunnels = Json::array();
    if (initiate && conn != nullptr) {
      for (const auto& ch : conn->children) {
        Message req;
        req.set("child", ch.name);
        req.set("ike", name);
        req.set("timeout", std::to_string(initiate_timeout_ms_));
        req.set("init-limits", "no");
        client_.set_timeout_ms(initiate_timeout_ms_ + 5000);
        auto r = client_.stream("initiate", req, "control-log", nullptr);
        client_.set_timeout_ms(30000);
        std::string tunnel = tunnel_word(name, ch.name);
        if (!r.ok() && r.error().code == rc::Code::kIo) {
          return unreachable(socket_, r.error());
        }
        std::string result = r.ok() ? "initiated" : r.error().message;
        out += "Peer " + name + " tunnel " + tunnel + ": " + result + "\n";
        tunnels.push_back({{"tunnel", tunnel}, {"child", ch.name}, {"ok", r.ok()},
                           {"message", result}});
      }
    }
    entry["tunnels"] = tunnels;
    report.push_back(std::move(entry));
  }
  if (json) return Json{{"peers", report}}.dump(4) + "\n";
  return out;
}

rc::Result<std::string> VpnOpMode::run(const Words& w, bool json) {
  if (!handles(w)) return invalid_command(w, w.size() - 1);
  if (w[0] == "show") {
    if (w.size() == 2) return incomplete_command(w, "ike or ipsec");
    if (w[2] == "ike") {
      if (w.size() == 3) return incomplete_command(w, "sa");
      if (w[3] != "sa") return invalid_command(w, 3);
      if (w.size() > 4) return invalid_command(w, 4);
      auto st = read_state();
      if (!st.ok()) return st.error();
      return json ? ike_sa_json(*st).dump(4) + "\n" : format_ike_sa(*st);
    }
    if (w[2] != "ipsec") return invalid_command(w, 2);
    if (w.size() == 3) return incomplete_command(w, "sa or status");
    if (w.size() > 4) return invalid_command(w, 4);
    if (w[3] == "sa") {
      auto st = read_state();
      if (!st.ok()) return st.error();
      return json ? ipsec_sa_json(*st).dump(4) + "\n" : format_ipsec_sa(*st);
    }
    if (w[3] != "status") return invalid_command(w, 3);
    auto st = read_status();
    if (!st.ok()) return st.error();
    return json ? status_json(*st).dump(4) + "\n" : format_status(*st);
  }
  if (w[0] == "restart") {
    if (w.size() > 2) return invalid_command(w, 2);
    auto st = read_state();
    if (!st.ok()) return st.error();
    Words names;
    for (const auto& c : st->conns) names.push_back(c.name);
    return reset_peers(names, true, json);
  }
  // reset vpn ipsec-peer PEER
  if (w.size() == 2) return incomplete_command(w, "ipsec-peer");
  if (w[2] != "ipsec-peer") return invalid_command(w, 2);
  if (w.size() == 3) return incomplete_command(w, "a peer (address, host name or @id)");
  if (w.size() > 4) return invalid_command(w, 4);
  const std::string& peer = w[3];
  if (!is_peer_word(peer)) {
    return rc::make_error(rc::Code::kInvalidArgument,
                          "reset vpn ipsec-peer: '" + peer + "' is not a peer name",
                          "", "expected an address, a host name or an @id");
  }
  auto st = read_state();
  if (!st.ok()) return st.error();
  if (st->conn(peer) == nullptr) {
    std::string known;
    for (const auto& c : st->conns) known += (known.empty() ? "" : ", ") + c.name;
    return rc::make_error(rc::Code::kNotFound,
                          "reset vpn ipsec-peer: peer '" + peer +
                              "' is not loaded in charon",
                          "", known.empty() ? "no peer is loaded"
                                            : "loaded peers: " + known);
  }
  return reset_peers({peer}, false, json);
}

}  // namespace backend::ipsec

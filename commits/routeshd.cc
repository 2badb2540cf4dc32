// routeshd: the daemon that owns a router's configuration.
//
//   routeshd --state-dir DIR [--backend render|live] [--boot]
//            [--admin-group G] [--socket-group G[,G…]]
//            [--frr-vty DIR] [--vtysh PATH] [--vici SOCKET]
//
// The backend (backend/backend.h): `render` writes what would be done
// under DIR/render and touches nothing else (no root needed); `live`
// drives FRR (vty sockets in --frr-vty, default /run/frr), the kernel's
// VTIs (netlink, in the daemon's network namespace) and charon (VICI
// socket --vici, default /var/run/charon.vici).
//
// One daemon per state directory: it holds the running configuration, the
// sessions, the history (DIR/history.db) and the commit lock, and is the
// only process that touches the system. It listens on DIR/routeshd.sock.
// With --boot (the system service at boot) it first handles a pending
// commit-confirm, then converges the system to the running revision (FRR,
// VTIs and charon keep nothing across a reboot), then commits the saved
// configuration (DIR/config.boot) if it differs.
// The socket is mode 0660 root:root; --socket-group opens it to groups (the
// package: routesh-operator and routesh-admin), who then connect as
// themselves and get their role from --admin-group.
#include <grp.h>
#include <linux/posix_acl.h>
#include <linux/posix_acl_xattr.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "backend/backend.h"
#include "backend/opmode_live.h"
#include "commits/engine.h"
#include "commits/history.h"
#include "commits/rpc.h"
#include "commits/service.h"
#include "schema/set_lines.h"

namespace {

void on_signal(int) { commits::RpcServer::request_stop(); }

std::string host_name() {
  char buf[256] = {0};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "routesh";
  return buf;
}

class Log {
 public:
  explicit Log(const std::string& file) : out_(file, std::ios::app) {}
  void operator()(const std::string& line) {
    std::cerr << "routeshd: " << line << "\n";
    if (out_) out_ << line << "\n" << std::flush;
  }

 private:
  std::ofstream out_;
};

// Brings up the saved configuration at boot, as a commit from "boot".
void boot_saved(commits::Engine& engine, const std::string& state_dir,
                Log& log) {
  std::ifstream in(state_dir + "/config.boot");
  if (!in) return;
  std::string text((std::istreambuf_iterator<char>(in)), {});
  auto loaded = schema::load_config_text(engine.schema(), text, false);
  if (!loaded.errors.empty()) {
    log("saved configuration not loaded: " + loaded.errors[0].error.to_string());
    return;
  }
  commits::CommitOptions opt;
  opt.info.user = "root";
  opt.info.source = "boot";
  opt.info.comment = "saved configuration";
  auto r = engine.commit(loaded.root, opt);
  if (!r.ok()) {
    log("saved configuration failed to commit: " + r.error().message);
  } else if (!r->no_changes) {
    log("saved configuration committed as revision " + std::to_string(r->rev));
  }
}

// Opens the socket to the members of `gids`. A file has one group: the
// first owns the socket, the others get POSIX ACL entries (read-write).
rc::Status open_socket_to(const std::string& path, std::vector<gid_t> gids) {
  if (gids.empty()) return rc::Status::Ok();
  if (::chown(path.c_str(), static_cast<uid_t>(-1), gids[0]) != 0) {
    return rc::make_error(rc::Code::kIo,
                          "cannot chgrp " + path + ": " + std::strerror(errno));
  }
  gid_t owner = gids[0];
  std::sort(gids.begin(), gids.end());  // the kernel wants entries sorted
  gids.erase(std::unique(gids.begin(), gids.end()), gids.end());
  gids.erase(std::remove(gids.begin(), gids.end(), owner), gids.end());
  if (gids.empty()) return rc::Status::Ok();
  std::string acl;  // the system.posix_acl_access value, little-endian
  auto put = [&acl](uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) {
      acl.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    }
  };
  auto entry = [&put](uint32_t tag, uint32_t perm, uint32_t id) {
    put(tag, 2);
    put(perm, 2);
    put(id, 4);
  };
  const uint32_t rw = ACL_READ | ACL_WRITE;
  const uint32_t none = static_cast<uint32_t>(ACL_UNDEFINED_ID);
  put(POSIX_ACL_XATTR_VERSION, 4);
  entry(ACL_USER_OBJ, rw, none);
  entry(ACL_GROUP_OBJ, rw, none);
  for (gid_t g : gids) entry(ACL_GROUP, rw, g);
  entry(ACL_MASK, rw, none);
  entry(ACL_OTHER, 0, none);
  if (::setxattr(path.c_str(), "system.posix_acl_access", acl.data(),
                 acl.size(), 0) != 0) {
    return rc::make_error(
        rc::Code::kIo,
        "cannot add group ACL entries to " + path + ": " + std::strerror(errno),
        "", "only members of the first --socket-group can connect");
  }
  return rc::Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"routeshd: the routesh configuration daemon"};
  std::string state_dir = "/var/lib/routesh";
  std::string backend_kind = "render";
  std::string admin_group;
  std::string crash_at;
  bool boot = false;
  bool faults = false;
  app.add_option("--state-dir", state_dir, "State directory");
  app.add_option("--backend", backend_kind, "render or live")
      ->check(CLI::IsMember({"render", "live"}));
  app.add_option("--admin-group", admin_group,
                 "Group whose members may configure (default: everybody)");
  std::vector<std::string> socket_groups;
  app.add_option("--socket-group", socket_groups,
                 "Groups whose members may connect (default: root only)")
      ->delimiter(',');
  app.add_flag("--boot", boot, "Service start: bring up the saved configuration");
  app.add_flag("--allow-fault-injection", faults, "Tests: accept the fault op");
  app.add_option("--crash-at", crash_at, "Tests: SIGKILL at a commit phase");
  int minute_seconds = 60;
  app.add_option("--minute-seconds", minute_seconds,
                 "Tests: seconds in a commit-confirm minute");
  backend::BackendOptions backend_options;
  app.add_option("--frr-vty", backend_options.frr.vty_socket,
                 "live: directory of FRR's vty sockets (default /run/frr)");
  app.add_option("--vtysh", backend_options.frr.vtysh,
                 "live: the vtysh binary (default: vtysh in PATH)");
  app.add_option("--frr-config-dir", backend_options.frr.config_dir,
                 "live: vtysh's --config_dir (vtysh.conf)");
  app.add_option("--vici", backend_options.vici_socket,
                 "live: charon's VICI socket (default /var/run/charon.vici)");
  CLI11_PARSE(app, argc, argv);
  std::vector<gid_t> socket_gids;
  for (const auto& name : socket_groups) {
    struct group* g = ::getgrnam(name.c_str());
    if (g == nullptr) {
      std::cerr << "routeshd: --socket-group: no group " << name << "\n";
      return 2;
    }
    socket_gids.push_back(g->gr_gid);
  }

  ::umask(027);
  ::mkdir(state_dir.c_str(), 0750);
  std::string render_dir = state_dir + "/render";
  ::mkdir(render_dir.c_str(), 0750);
  Log log(state_dir + "/routeshd.log");

  // Claim the state directory first: a second daemon on it must not touch
  // the system or the history before finding the first one running.
  auto server = commits::RpcServer::listen(state_dir + "/routeshd.sock");
  if (!server.ok()) {
    log(server.error().to_string());
    return 1;
  }
  const schema::Schema& schema = schema::Schema::builtin();
  auto history = commits::History::open(state_dir + "/history.db");
  if (!history.ok()) {
    log(history.error().to_string());
    return 1;
  }
  backend_options.kind = backend_kind;
  backend_options.render_dir = render_dir;
  backend_options.faults = faults;
  auto backend = backend::make_backend(schema, backend_options);
  if (!backend.ok()) {
    log(backend.error().to_string());
    return 2;
  }
  commits::Engine engine(schema, history->get(), (*backend)->take_drivers(),
                         (*backend)->host());
  engine.set_crash_at(crash_at);
  engine.set_minute_seconds(minute_seconds);
  std::vector<std::string> start_log;
  rc::Status st = engine.start(&start_log);
  for (const auto& l : start_log) log(l);
  if (!st.ok()) {
    log(st.error().to_string());
    return 1;
  }
  if (boot) {
    start_log.clear();
    engine.bring_up(&start_log);
    for (const auto& l : start_log) log(l);
    boot_saved(engine, state_dir, log);
  }

  st = open_socket_to(state_dir + "/routeshd.sock", socket_gids);
  if (!st.ok()) log(st.error().to_string());
  commits::ServiceOptions opt;
  opt.state_dir = state_dir;
  opt.host_name = host_name();
  opt.version = ROUTESH_VERSION;
  opt.admin_group = admin_group;
  opt.fault = (*backend)->fault_host();
  // Operational commands (show ip bgp, show vpn ike sa, …) reach the
  // systems the live backend drives; the render backend has none.
  std::vector<std::unique_ptr<backend::OpMode>> opmodes;
  if (backend_kind == "live") {
    opmodes = backend::make_live_opmodes(backend_options.frr, backend_options.vici_socket);
  }
  for (const auto& o : opmodes) opt.opmodes.push_back(o.get());
  commits::Service service(&engine, opt);
  service.set_server(server->get());
  ::signal(SIGTERM, on_signal);
  ::signal(SIGINT, on_signal);
  ::signal(SIGPIPE, SIG_IGN);
  log("listening on " + state_dir + "/routeshd.sock (backend " +
      backend_kind + ", revision " + std::to_string(engine.head()) + ")");
  st = (*server)->run(service);
  log("stopped");
  return st.ok() ? 0 : 1;
}

// commits::Service: the daemon's request handler — sessions over the engine.
//
// Each connection may open one configuration session: a private candidate
// based on the running revision it was opened on, and an edit level. Edits
// never touch running; commit() rebases the session's changes onto the
// current running configuration when another session committed meanwhile
// (an edit of a leaf the other commit also changed is a conflict naming the
// path, both values and who committed — never a silent overwrite), then runs
// the engine. Other sessions are told who changed the running
// configuration. Closing a connection drops its session: nothing stays
// locked, nothing half-applied remains (the engine commits atomically).
//
// Operators (not in the admin group) may only run read-only requests.
// Operational commands (`show ip bgp summary`, `show vpn ipsec sa`, `reset
// ip bgp X`) go to the first backend::OpMode provider that handles their
// words; those that change state (reset, restart) are for admins only.
// Without providers (the render backend) they are refused with a message
// that says so. The wire format and every op are in commits/PROTOCOL.md.
//
// Thread-safety: runs in the daemon's single engine thread.
#ifndef ROUTESH_COMMITS_SERVICE_H_
#define ROUTESH_COMMITS_SERVICE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backend/opmode.h"
#include "commits/engine.h"
#include "commits/rpc.h"
#include "schema/path.h"

namespace commits {

struct ServiceOptions {
  std::string state_dir;
  std::string host_name = "routesh";
  std::string version;
  // Group whose members may configure; empty: everybody who may connect.
  std::string admin_group;
  // Accept the test-only `fault` op (arming a FaultHost).
  backend::FaultHost* fault = nullptr;
  // Operational-command providers, asked in order (backend/opmode.h); owned
  // by the caller, who keeps them alive as long as the Service. Empty: the
  // render backend (no live system to show).
  std::vector<backend::OpMode*> opmodes;
};

class Service : public RpcServer::Handler {
 public:
  Service(Engine* engine, ServiceOptions options);
  void set_server(RpcServer* server) { server_ = server; }

  bool on_connect(const Peer& peer, std::string* refusal) override;
  Json on_request(const Peer& peer, const Json& request) override;
  void on_disconnect(const Peer& peer) override;
  void on_timer() override;
  int next_timer_ms() override;

 private:
  struct Session {
    schema::NodePtr base;       // running when the session opened
    int64_t base_rev = 0;
    schema::NodePtr candidate;
    schema::Path level;
    std::string source = "cli"; // set to "rollback" by rollback
  };
  struct Client {
    Peer peer;
    bool admin = false;
    std::unique_ptr<Session> session;
  };
  using Handler = Json (Service::*)(Client&, const Json&);

  Json op_hello(Client& c, const Json& req);
  Json op_configure(Client& c, const Json& req);
  Json op_edit(Client& c, const Json& req);
  Json op_show(Client& c, const Json& req);
  Json op_compare(Client& c, const Json& req);
  Json op_commit(Client& c, const Json& req);
  Json op_confirm(Client& c, const Json& req);
  Json op_discard(Client& c, const Json& req);
  Json op_exit_configure(Client& c, const Json& req);
  Json op_rollback(Client& c, const Json& req);
  Json op_load(Client& c, const Json& req);
  Json op_save(Client& c, const Json& req);
  Json op_history(Client& c, const Json& req);
  Json op_commit_diff(Client& c, const Json& req);
  Json op_blame(Client& c, const Json& req);
  Json op_status(Client& c, const Json& req);
  Json op_fault(Client& c, const Json& req);
  Json op_complete(Client& c, const Json& req);
  Json op_op(Client& c, const Json& req);

  // The candidate rebased on the current running configuration.
  rc::Result<schema::NodePtr> rebase(const Client& c);
  rc::Result<schema::NodePtr> config_named(Client& c, const std::string& name);
  void notify_others(uint64_t except, const std::string& event,
                     const std::string& message);

  Engine* engine_;
  ServiceOptions options_;
  RpcServer* server_ = nullptr;
  std::map<uint64_t, Client> clients_;
};

}  // namespace commits

#endif  // ROUTESH_COMMITS_SERVICE_H_

// backend::OpMode: a provider of operational-mode commands.
//
// Operators run VyOS operational commands (`show ip bgp summary`, `show vpn
// ike sa`, `reset ip bgp 169.254.0.2 soft in`) in the shell; routeshd's
// `op` request hands the command's words to the first provider whose
// handles() accepts them. A provider reads the live system — FRR through
// vtysh (frr/show.h), charon through VICI (ipsec/show.h), the kernel's VTIs
// through netlink (vti/show.h) — and returns the text to print: exactly
// what the daemon itself prints where operators know that text (FRR's),
// VyOS's layout where VyOS has one (`show vpn ipsec sa`), and with `json` a
// JSON document instead. Words arrive whole (the shell expands unique
// prefixes) and are checked before anything reaches another program: a bad
// address or name is an rc::Error (kInvalidArgument) naming the value and
// what was expected; a daemon that cannot be reached is kBackend or kIo
// ("% FRR is not reachable: …").
//
// changes_state() marks commands that change the system (`reset …`,
// `restart vpn`); the service lets only admins run them.
//
// The service owns no provider: routeshd builds them (opmode_live.h) and
// keeps them alive for the daemon's lifetime.
//
// Thread-safety: called from the daemon's engine thread only.
#ifndef ROUTESH_BACKEND_OPMODE_H_
#define ROUTESH_BACKEND_OPMODE_H_

#include <string>
#include <vector>

#include "schema/status.h"
#include "schema/tree.h"

namespace backend {

class OpMode {
 public:
  virtual ~OpMode() = default;

  // True if this provider runs the command `words` ("show", "ip", "bgp",
  // …), including one whose arguments are wrong (run() then says why).
  virtual bool handles(const std::vector<std::string>& words) const = 0;

  // True if the command changes the system's state.
  // REQUIRES: handles(words).
  virtual bool changes_state(const std::vector<std::string>& words) const = 0;

  // Runs the command; returns the text to print (a JSON document when
  // `json`), which ends with a newline unless empty.
  // REQUIRES: handles(words).
  virtual rc::Result<std::string> run(const std::vector<std::string>& words,
                                      bool json) = 0;

  // The running configuration, for commands that show what is configured
  // next to what is live (a peer's description) or act on configured
  // objects (`restart vpn`). The service calls it before run(); providers
  // that do not need it ignore it. `running` may be null.
  virtual void set_running(schema::NodePtr running) { (void)running; }
};

// VyOS's refusals, shared by the providers: a word outside the grammar
// ("Invalid command: [show ip x]", naming the words up to the bad one) and
// a command that stops short ("Incomplete command: [show vpn]", with what
// was expected as the hint). Both kInvalidArgument, VyOS's text in `vyos`.
rc::Error invalid_command(const std::vector<std::string>& words, size_t bad);
rc::Error incomplete_command(const std::vector<std::string>& words,
                             const std::string& expected);

}  // namespace backend

#endif  // ROUTESH_BACKEND_OPMODE_H_

// Reaching routeshd: connect to the state directory's socket, starting a
// daemon first when none answers and the user may run one.
//
// Installed, a system service runs routeshd on /var/lib/routesh and routesh
// only connects. In development, tests and the demo, routesh starts
// `routeshd --state-dir DIR` itself (detached, in its own session) when the
// directory is the user's, and waits for its socket.
//
// Thread-safety: none needed.
#ifndef ROUTESH_SHELL_DAEMON_LINK_H_
#define ROUTESH_SHELL_DAEMON_LINK_H_

#include <memory>
#include <string>
#include <vector>

#include "commits/rpc.h"

namespace shell {

struct DaemonOptions {
  std::string state_dir;
  bool autostart = true;
  std::vector<std::string> extra_args;  // passed to a daemon we start
};

std::string default_state_dir();

// The routeshd binary next to this routesh (build tree or install), or on
// PATH.
std::string find_routeshd();

rc::Result<std::unique_ptr<commits::RpcClient>> connect_daemon(
    const DaemonOptions& options);

}  // namespace shell

#endif  // ROUTESH_SHELL_DAEMON_LINK_H_

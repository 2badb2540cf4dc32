// backend::vti::NetlinkChannel: executes "netlink" kMessage steps with
// libnl-route-3 (payloads: vti/render.h).
//
// Links are created with rtnl_link_ipvti_* (keys in network order: the
// payload's host-order ikey/okey go through htonl), changed with
// rtnl_link_change, addresses reconciled with rtnl_addr_*, sysctls written
// under /proc/sys/net/ipv4/conf/<link>/. The kernel's refusal becomes an
// rc::Error (kBackend) naming the operation, the errno text and the
// kernel's own reason (netlink extended ack, e.g. "Unknown device type"),
// with a diagnosis when one is known (no VTI support in this kernel).
// prepare opens the netlink socket and checks the payload; it changes
// nothing. Nothing throws.
//
// A link it creates gets its addresses only after a settle time when
// set_settle() asks for one: FRR 8.4's zebra reads link and address events
// on different threads and drops an address whose link it has not seen
// yet, for good (FRRouting/frr#13288; measured in the lab: one VTI in
// three lost its address when two were created back to back; none with
// 200 ms between), and BGP over that VTI would never come up. The live
// backend waits 250 ms per new VTI while a zebra listens (its vty socket
// exists), and not at all otherwise.
//
// Thread-safety: one thread at a time (the engine's).
#ifndef ROUTESH_BACKEND_VTI_NETLINK_CHANNEL_H_
#define ROUTESH_BACKEND_VTI_NETLINK_CHANNEL_H_

#include <chrono>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "backend/host.h"
#include "backend/step.h"

struct nl_sock;

namespace backend::vti {

class NetlinkChannel {
 public:
  NetlinkChannel() = default;
  ~NetlinkChannel();
  NetlinkChannel(const NetlinkChannel&) = delete;
  NetlinkChannel& operator=(const NetlinkChannel&) = delete;

  rc::Status handle(const Step& step, bool prepare);
  // The wait between creating a link and configuring it (see above),
  // taken only while `when` says so (unset: always).
  void set_settle(std::chrono::milliseconds settle, std::function<bool()> when = {}) {
    settle_ = settle;
    settle_when_ = std::move(when);
  }
  ChannelHandler handler() {
    return [this](const Step& s, bool p) { return handle(s, p); };
  }

  // MTU, alias, addresses, sysctls and up/down of an existing link of any
  // kind, from an "ensure" payload (what ensure does after creating).
  rc::Status configure(const nlohmann::json& payload);

  // The errno and extended-ack text of the kernel's last refusal.
  struct KernelError {
    int error = 0;  // positive errno; 0 if none was reported
    std::string message;
  };

 private:
  rc::Status open();
  rc::Status ensure(const nlohmann::json& p);
  rc::Status remove(const std::string& name);
  rc::Status delete_others(const nlohmann::json& p);
  rc::Status sync_addresses(const std::string& name, int ifindex,
                            const nlohmann::json& want);
  rc::Status write_sysctls(const std::string& name, const nlohmann::json& s);
  rc::Error refused(const std::string& what, int nl_error) const;

  nl_sock* sock_ = nullptr;
  std::chrono::milliseconds settle_{0};
  std::function<bool()> settle_when_;
  KernelError last_;
};

// Checks a payload without touching the kernel.
rc::Status check_payload(const nlohmann::json& payload);

}  // namespace backend::vti

#endif  // ROUTESH_BACKEND_VTI_NETLINK_CHANNEL_H_

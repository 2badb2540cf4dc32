// backend::vti::VtiOpMode: `show interfaces …` from the kernel (netlink).
//
//   show interfaces              every link, VyOS's brief table
//   show interfaces vti          the VTIs, VyOS's brief table
//   show interfaces vti NAME     one VTI in detail: flags, MTU, state, the
//                                tunnel's local/remote/ikey/okey (as
//                                `ip -d link` prints them), addresses,
//                                description and counters
//
// The brief table is VyOS 1.3's (show_interfaces.py):
//   Codes: S - State, L - Link, u - Up, D - Down, A - Admin Down
//   Interface        IP Address                        S/L  Description
//   ---------        ----------                        ---  -----------
//   vti0             169.254.12.38/30                  u/u  mgmt-dev1
// (S: `A` when administratively down; L: `D` when the operational state is
// neither up nor unknown; a second address goes on its own line; link-local
// IPv6 addresses are left out.) With `json`, one object per link with every
// field. Links are read with libnl-route-3 in the daemon's own network
// namespace (read_links()); formatting is pure.
//
// Thread-safety: one thread at a time; each run opens its own netlink
// socket.
#ifndef ROUTESH_BACKEND_VTI_SHOW_H_
#define ROUTESH_BACKEND_VTI_SHOW_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/opmode.h"
#include "schema/status.h"

namespace backend::vti {

// One link as the kernel reports it.
struct LinkInfo {
  std::string name;
  std::string kind;       // IFLA_INFO_KIND: "vti", "veth", … ("" for none)
  unsigned mtu = 0;
  unsigned flags = 0;     // IFF_*
  std::string operstate;  // "UP", "DOWN", "UNKNOWN", …
  std::string alias;      // the description
  std::vector<std::string> addresses;  // "169.254.12.38/30", IPv4 first
  // VTI only (has_tunnel): endpoints and keys (host order).
  bool has_tunnel = false;
  std::string local, remote;
  uint32_t ikey = 0, okey = 0;
  uint64_t rx_bytes = 0, rx_packets = 0, rx_errors = 0, rx_dropped = 0;
  uint64_t tx_bytes = 0, tx_packets = 0, tx_errors = 0, tx_dropped = 0;
};

// The links whose kind is `kind` ("" = every link), in ifindex order;
// kIo when netlink cannot be opened.
rc::Result<std::vector<LinkInfo>> read_links(const std::string& kind);

// Pure.
std::string format_brief(const std::vector<LinkInfo>& links);
std::string format_detail(const LinkInfo& link);
nlohmann::ordered_json links_json(const std::vector<LinkInfo>& links);

class VtiOpMode : public OpMode {
 public:
  bool handles(const std::vector<std::string>& words) const override;
  bool changes_state(const std::vector<std::string>&) const override {
    return false;
  }
  rc::Result<std::string> run(const std::vector<std::string>& words,
                              bool json) override;
};

}  // namespace backend::vti

#endif  // ROUTESH_BACKEND_VTI_SHOW_H_

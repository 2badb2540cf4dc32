// make_backend: the render and live assemblies of drivers, host and
// channels.
#include "backend/backend.h"

#include <unistd.h>

#include <chrono>
#include <utility>

#include "backend/frr/driver.h"
#include "backend/frr/vty_client.h"
#include "backend/frr/vtysh_channel.h"
#include "backend/ipsec/driver.h"
#include "backend/render_driver.h"
#include "backend/vici/vici_channel.h"
#include "backend/vti/driver.h"
#include "backend/vti/netlink_channel.h"

namespace backend {
namespace {

// The live driver of `owner`, or null when it has none.
std::unique_ptr<Driver> live_driver(const std::string& owner,
                                    const BackendOptions& options, bool live) {
  if (owner == "static") return frr::make_static_driver(options.frr);
  if (owner == "policy") return frr::make_policy_driver(options.frr);
  if (owner == "bgp") return frr::make_bgp_driver(options.frr);
  if (owner == "vti") return std::make_unique<vti::VtiDriver>();
  if (owner == "ipsec") {
    ipsec::DriverOptions o;
    if (live) o.system_addresses = ipsec::kernel_addresses;
    return std::make_unique<ipsec::IpsecDriver>(std::move(o));
  }
  return nullptr;
}

// What both assemblies share: a host of type H, the FaultHost around it,
// and the drivers until the engine takes them.
template <typename H>
class Assembly : public Backend {
 public:
  Host* host() override { return faults_ ? static_cast<Host*>(&fault_) : &host_; }
  FaultHost* fault_host() override { return faults_ ? &fault_ : nullptr; }
  std::vector<std::unique_ptr<Driver>> take_drivers() override {
    return std::move(drivers_);
  }

 protected:
  template <typename... Args>
  Assembly(bool faults, Args&&... host_args)
      : host_(std::forward<Args>(host_args)...), fault_(&host_), faults_(faults) {}
  H host_;
  FaultHost fault_;
  bool faults_;
  std::vector<std::unique_ptr<Driver>> drivers_;
};

class RenderBackend : public Assembly<RenderHost> {
 public:
  RenderBackend(const schema::Schema& schema, const BackendOptions& options)
      : Assembly(options.faults, options.render_dir) {
    for (const auto& owner : schema.owners()) {
      drivers_.push_back(std::make_unique<RenderDriver>(
          owner, options.render_dir, live_driver(owner, options, false)));
    }
  }
};

class LiveBackend : public Assembly<RealHost> {
 public:
  LiveBackend(const schema::Schema& schema, BackendOptions options)
      : Assembly(options.faults), options_(std::move(options)),
        vici_(options_.vici_socket) {
    options_.frr = frr::with_read_back(options_.frr);
    frr::attach_vtysh_channel(&host_, options_.frr);
    host_.add_channel("vici", vici_.handler());
    host_.add_channel("netlink", netlink_.handler());
    // zebra drops the address of a link it has not seen yet (netlink_channel.h).
    netlink_.set_settle(std::chrono::milliseconds(250),
                        [zebra = frr::vty_socket_path(options_.frr.vty_socket, "zebra")] {
                          return ::access(zebra.c_str(), F_OK) == 0;
                        });
    for (const auto& owner : schema.owners()) {
      auto d = live_driver(owner, options_, true);
      if (d == nullptr) d = std::make_unique<RenderDriver>(owner, options_.render_dir);
      drivers_.push_back(std::move(d));
    }
  }

 private:
  BackendOptions options_;
  vici::ViciChannel vici_;
  vti::NetlinkChannel netlink_;
};

}  // namespace

rc::Result<std::unique_ptr<Backend>> make_backend(const schema::Schema& schema,
                                                  const BackendOptions& options) {
  if (options.kind == "render") {
    return std::unique_ptr<Backend>(std::make_unique<RenderBackend>(schema, options));
  }
  if (options.kind == "live") {
    return std::unique_ptr<Backend>(std::make_unique<LiveBackend>(schema, options));
  }
  return rc::make_error(rc::Code::kInvalidArgument,
                        "unknown backend \"" + options.kind + "\"", "",
                        "render or live");
}

}  // namespace backend

// The live operational-command providers (see opmode_live.h).
#include "backend/opmode_live.h"

#include "backend/frr/show.h"
#include "backend/ipsec/show.h"
#include "backend/vti/show.h"

namespace backend {

std::vector<std::unique_ptr<OpMode>> make_live_opmodes(
    const frr::FrrOptions& frr, const std::string& vici_socket) {
  std::vector<std::unique_ptr<OpMode>> out;
  out.push_back(std::make_unique<frr::FrrOpMode>(frr));
  out.push_back(std::make_unique<ipsec::VpnOpMode>(vici_socket));
  out.push_back(std::make_unique<vti::VtiOpMode>());
  return out;
}

}  // namespace backend

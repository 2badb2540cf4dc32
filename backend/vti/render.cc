// backend::vti render (see render.h).
#include "backend/vti/render.h"

#include <cstdlib>

namespace backend::vti {

nlohmann::json ensure_payload(const Link& link) {
  nlohmann::json j = {
      {"op", "ensure"},
      {"name", link.name},
      {"kind", "vti"},
      {"local", link.local},
      {"remote", link.remote},
      {"ikey", link.key},
      {"okey", link.key},
      {"mtu", std::strtoul(link.mtu.c_str(), nullptr, 10)},
      {"up", !link.disable},
      {"alias", link.description},
      {"addresses", link.addresses},
      {"sysctl", {{"disable_policy", "1"}, {"rp_filter", "2"}}},
  };
  return j;
}

nlohmann::json delete_payload(const std::string& name) {
  return {{"op", "delete"}, {"name", name}};
}

nlohmann::json delete_others_payload(const std::vector<std::string>& keep) {
  return {{"op", "delete-others"}, {"kind", "vti"}, {"keep", keep}};
}

}  // namespace backend::vti

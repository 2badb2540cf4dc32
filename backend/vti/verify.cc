// backend::vti verify (see verify.h).
#include "backend/vti/verify.h"

#include "backend/ipsec/render.h"

namespace backend::vti {

rc::Errors verify(const std::map<std::string, Link>& links) {
  rc::Errors out;
  for (const auto& [name, link] : links) {
    if (ipsec::vti_mark(name) == 0) {
      out.push_back(rc::make_error(
          rc::Code::kValidation,
          name + ": the VTI number must be below 1048576 (its IPsec mark is "
                 "0x900000 + N)",
          "interfaces vti " + name, "use vti0 … vti1048575"));
    }
  }
  return out;
}

}  // namespace backend::vti

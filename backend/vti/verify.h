// backend::vti verify: rules of `interfaces vti` beyond the schema's types.
//
// The endpoints of a VTI come from its IPsec peer, whose own rules
// (local-address present and owned, peer an IPv4 address, one peer per
// VTI) are checked by backend/ipsec/verify. Here: the VTI number must give
// a valid XFRM mark (ipsec::vti_mark).
//
// Thread-safety: pure function.
#ifndef ROUTESH_BACKEND_VTI_VERIFY_H_
#define ROUTESH_BACKEND_VTI_VERIFY_H_

#include <map>
#include <string>

#include "backend/vti/model.h"
#include "schema/status.h"

namespace backend::vti {

rc::Errors verify(const std::map<std::string, Link>& links);

}  // namespace backend::vti

#endif  // ROUTESH_BACKEND_VTI_VERIFY_H_

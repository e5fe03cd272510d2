#include "common/result.hpp"

namespace duxing {

const char* CodeName(Code code) {
  switch (code) {
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kNotFound: return "not_found";
    case Code::kAlreadyExists: return "already_exists";
    case Code::kPermissionDenied: return "permission_denied";
    case Code::kUnauthenticated: return "unauthenticated";
    case Code::kFailedPrecondition: return "failed_precondition";
    case Code::kConflict: return "conflict";
    case Code::kTooLarge: return "too_large";
    case Code::kResourceExhausted: return "resource_exhausted";
    case Code::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace duxing

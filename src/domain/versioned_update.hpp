// The answer to a versioned UPDATE that a write runs itself rather than
// through WriteVersioned (versioned_write.hpp): a row that is not the record
// (an attendance row, an extension's item in the decision's transaction).
#pragma once

#include <cstdint>

#include "common/result.hpp"
#include "domain/versioned_write.hpp"

namespace duxing::domain {

// The answer to a versioned UPDATE (`SET version = version + 1 ... WHERE
// id = .. AND version = ..`) that changed `changed` rows: StaleVersion when
// none (another write took the version first), its error when it failed:
//   DX_RETURN_IF_ERROR(VersionedUpdate(tx.Exec(kUpdate, params)));
inline Status VersionedUpdate(const Result<int64_t>& changed) {
  if (!changed.ok()) return changed.error();
  if (*changed == 0) return StaleVersion();
  return Ok();
}

}  // namespace duxing::domain

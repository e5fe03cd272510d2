// What the study module's services share: scope rules of reads (study logs, 学习强国 points):
// a caller reads the records of people in the orgs they may read
// (Principal::CanRead) and their own.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "domain/auth/principal.hpp"
#include "storage/database.hpp"
#include "storage/where.hpp"

namespace duxing::domain::study {

// kInvalidArgument with `message` on `field`: the study module's refusals of
// a bad value.
inline Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

// `path_column` (a person's org path) in a subtree `p` may read, or
// `person_column` the caller's own person.
storage::Condition OwnOrInScope(const auth::Principal& p, std::string_view path_column,
                                std::string_view person_column);
// Ok when `person_id` is the caller's own person or one they may read;
// kPermissionDenied "无权查看他人的记录" on "person_id" otherwise (unknown
// ids too, so that a refusal tells nothing).
Status CheckPersonReadable(storage::Tx& tx, const auth::Principal& p, int64_t person_id);
// The path of org `org_id` when the caller may read it; kPermissionDenied
// on "org_id" otherwise (unknown ids too).
Result<std::string> ReadableOrgPath(storage::Tx& tx, const auth::Principal& p, int64_t org_id);

}  // namespace duxing::domain::study

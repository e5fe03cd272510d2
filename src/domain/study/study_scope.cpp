#include "domain/study/study_scope.hpp"

namespace duxing::domain::study {
namespace {

constexpr std::string_view kPersonPath = "SELECT org_path FROM people WHERE id = $1";
constexpr std::string_view kOrgPath = "SELECT path FROM orgs WHERE id = $1";

}  // namespace

storage::Condition OwnOrInScope(const auth::Principal& p, std::string_view path_column,
                                std::string_view person_column) {
  storage::Condition c = storage::InSubtrees(path_column, p.ReadablePaths());
  if (!p.person_id) return c;
  c.sql = "(" + c.sql + " OR " + std::string(person_column) + " = ?)";
  c.values.push_back(*p.person_id);
  return c;
}

Status CheckPersonReadable(storage::Tx& tx, const auth::Principal& p, int64_t person_id) {
  if (p.person_id && *p.person_id == person_id) return Ok();
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kPersonPath, {person_id}));
  if (rows.empty() || !p.CanRead(rows.front().Text(0))) {
    return MakeError(Code::kPermissionDenied, "无权查看他人的记录", "person_id");
  }
  return Ok();
}

Result<std::string> ReadableOrgPath(storage::Tx& tx, const auth::Principal& p, int64_t org_id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kOrgPath, {org_id}));
  if (rows.empty() || !p.CanRead(rows.front().Text(0))) {
    return MakeError(Code::kPermissionDenied, "无权查看该组织的记录", "org_id");
  }
  return rows.front().Text(0);
}

}  // namespace duxing::domain::study

#include "domain/people/person_attachments.hpp"

namespace duxing::domain::people {
namespace {

constexpr const char* kSelectOrgPath =
    "SELECT o.path FROM people p JOIN orgs o ON o.id = p.org_id WHERE p.id = $1";

}  // namespace

void DeclarePersonAttachments(attachments::RecordRights& rights) {
  rights.Declare(kPersonRecordType, [](storage::Tx& tx, const auth::Principal& who,
                                       int64_t person_id, attachments::RecordAccess access) {
    auto row = tx.QueryOne(kSelectOrgPath, {person_id});
    Error not_found = MakeError(Code::kNotFound, "人员不存在");
    if (!row.ok()) return Status(row.error().code == Code::kNotFound ? not_found : row.error());
    const std::string& path = row->Text(0);
    bool reads = who.CanRead(path) || who.person_id == person_id;
    if (!reads) return Status(not_found);
    if (access == attachments::RecordAccess::kAttach && !who.CanWrite(path)) {
      return Status(MakeError(Code::kPermissionDenied, "无权为该人员添加或删除附件"));
    }
    return Ok();
  }, [](storage::Tx& tx, int64_t person_id) -> Result<std::optional<std::string>> {
    auto row = tx.QueryOne(kSelectOrgPath, {person_id});
    if (!row.ok()) {
      if (row.error().code == Code::kNotFound) return std::optional<std::string>();
      return row.error();
    }
    return std::optional<std::string>(row->Text(0));
  });
}

}  // namespace duxing::domain::people

#include "domain/people/person_attachments.hpp"

namespace duxing::domain::people {
namespace {

constexpr const char* kSelectOrgPath =
    "SELECT o.path FROM people p JOIN orgs o ON o.id = p.org_id WHERE p.id = $1";

}  // namespace

void DeclarePersonAttachments(attachments::RecordRights& rights) {
  rights.Declare(kPersonRecordType, [](storage::Tx& tx, const auth::Principal& who,
                                       int64_t person_id, attachments::RecordAccess access) {
    using Path = Result<std::string>;
    auto row = tx.QueryOne(kSelectOrgPath, {person_id});
    Error not_found = MakeError(Code::kNotFound, "人员不存在");
    if (!row.ok()) return Path(row.error().code == Code::kNotFound ? not_found : row.error());
    std::string path = row->Text(0);
    bool reads = who.CanRead(path) || who.person_id == person_id;
    if (!reads) return Path(not_found);
    if (access == attachments::RecordAccess::kAttach && !who.CanWrite(path)) {
      return Path(MakeError(Code::kPermissionDenied, "无权为该人员添加或删除附件"));
    }
    return Path(std::move(path));
  });
}

}  // namespace duxing::domain::people

#include "domain/events/event_attachments.hpp"

#include "domain/events/event.hpp"

namespace duxing::domain::events {

void DeclareEventAttachments(attachments::RecordRights& rights) {
  rights.Declare(
      "event",
      [](storage::Tx& tx, const auth::Principal& who, int64_t id,
         attachments::RecordAccess access) -> Status {
        auto e = LoadEvent(tx, id);
        if (!e.ok()) return e.error();
        DX_ASSIGN_OR_RETURN(bool reads, MayReadEvent(tx, who, *e));
        if (!reads) return MakeError(Code::kNotFound, "活动不存在");
        if (access == attachments::RecordAccess::kAttach && !MayWriteEvent(who, *e)) {
          return MakeError(Code::kPermissionDenied, "无权为该活动添加或删除照片和材料");
        }
        return Ok();
      },
      [](storage::Tx& tx, int64_t id) -> Result<std::optional<std::string>> {
        auto e = LoadEvent(tx, id);
        if (!e.ok()) {
          if (e.error().code == Code::kNotFound) return std::optional<std::string>();
          return e.error();
        }
        return std::optional<std::string>(e->org_path);
      });
}

}  // namespace duxing::domain::events

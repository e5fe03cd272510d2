#include "domain/attachments/attachment.hpp"

namespace duxing::domain::attachments {

const ModuleInfo& Info() {
  static const ModuleInfo info{
      .name = "attachments",
      .record_types = {{kRecordType,
                        "附件",
                        {{"file_name", "文件名"},
                         {"size", "大小（字节）"},
                         {"media_type", "文件类型"},
                         {"record_type", "所属记录类型"},
                         {"record_id", "所属记录编号"}},
                        {},
                        {"attachments", "file_name"}}},
      .audit_actions = {{"attachment_upload", "上传附件"},
                        {"attachment_attach", "关联附件"},
                        {"attachment_remove", "删除附件"},
                        {"attachment_sweep", "清理未关联的附件"}}};
  return info;
}

}  // namespace duxing::domain::attachments

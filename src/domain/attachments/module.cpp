#include "domain/attachments/attachment.hpp"

namespace duxing::domain::attachments {

const ModuleInfo& Info() {
  static const ModuleInfo info{.name = "attachments",
                               .record_types = {{"attachment",
                                                 "附件",
                                                 {{"file_name", "文件名"},
                                                  {"media_type", "文件类型"},
                                                  {"size", "大小（字节）"},
                                                  {"record_type", "所属记录类型"},
                                                  {"record_id", "所属记录"}},
                                                 {}}},
                               .audit_actions = {{"remove", "删除"}}};
  return info;
}

}  // namespace duxing::domain::attachments

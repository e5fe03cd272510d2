#include "domain/audit/audit_log.hpp"

namespace duxing::domain::audit {

// The actions every module's records share; a module adds its own.
const ModuleInfo& Info() {
  static const ModuleInfo info{.name = "audit",
                               .audit_actions = {{"create", "新增"},
                                                 {"update", "修改"},
                                                 {"archive", "归档"},
                                                 {"import", "导入"}}};
  return info;
}

}  // namespace duxing::domain::audit

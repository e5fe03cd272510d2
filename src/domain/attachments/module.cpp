#include "domain/attachments/attachment.hpp"

namespace duxing::domain::attachments {

const ModuleInfo& Info() {
  static const ModuleInfo info{.name = "attachments"};
  return info;
}

}  // namespace duxing::domain::attachments

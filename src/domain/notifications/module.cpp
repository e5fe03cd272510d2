#include "domain/notifications/notification.hpp"

namespace duxing::domain::notifications {

// Notifications write no audit entries of their own (the write that causes
// one is audited by its module) and define no coded values.
const ModuleInfo& Info() {
  static const ModuleInfo info{.name = "notifications"};
  return info;
}

}  // namespace duxing::domain::notifications

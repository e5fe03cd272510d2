// Photos and files of an event (活动照片、材料): record type "event" in the
// attachments service, read by whoever reads the event, attached and removed
// by whoever writes it; audited under the organizer's org.
#pragma once

#include "domain/attachments/attachment.hpp"

namespace duxing::domain::events {

void DeclareEventAttachments(attachments::RecordRights& rights);

}  // namespace duxing::domain::events

// Who may read and attach files to a person record ("person"): staff who
// may read the person's org read them (a member reads those of their own
// record), those who may change people there (CanWrite) attach and remove.
#pragma once

#include "domain/attachments/attachment.hpp"

namespace duxing::domain::people {

inline constexpr const char* kPersonRecordType = "person";

// Declares "person" in `rights`.
void DeclarePersonAttachments(attachments::RecordRights& rights);

}  // namespace duxing::domain::people

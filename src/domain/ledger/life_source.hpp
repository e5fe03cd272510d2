// The event a record of the ledger's kinds 3-4 hangs on (an
// organization-life meeting, an enterprise visit), loaded with the caller's
// rights on it.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/result.hpp"
#include "domain/auth/principal.hpp"
#include "domain/events/event.hpp"
#include "storage/database.hpp"

namespace duxing::domain::ledger {

struct LifeSource {
  events::Event event;
  bool may_write = false;  // writes the event (its organizer's writers)
};

// Event `event_id` of type `type_code` as `who` may read it (organizer's or
// a co-organizer's readers, invitees); kNotFound "记录不存在" when there is
// none, it is of another type, or `who` may not read it.
Result<LifeSource> LoadLifeSource(storage::Tx& tx, const auth::Principal& who, int64_t event_id,
                                  std::string_view type_code);

}  // namespace duxing::domain::ledger

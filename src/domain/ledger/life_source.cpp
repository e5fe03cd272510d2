#include "domain/ledger/life_source.hpp"

#include <string>

namespace duxing::domain::ledger {
namespace {

constexpr std::string_view kTypeCode =
    "SELECT t.code FROM events e JOIN event_types t ON t.id = e.type_id WHERE e.id = $1";

}  // namespace

Result<LifeSource> LoadLifeSource(storage::Tx& tx, const auth::Principal& who, int64_t event_id,
                                  std::string_view type_code) {
  Error missing = MakeError(Code::kNotFound, "记录不存在");
  DX_ASSIGN_OR_RETURN(storage::Rows type, tx.Query(kTypeCode, {event_id}));
  if (type.empty() || type.front().IsNull(0) || type.front().Text(0) != type_code) return missing;
  DX_ASSIGN_OR_RETURN(events::Event e, events::LoadEvent(tx, event_id));
  DX_ASSIGN_OR_RETURN(bool reads, events::MayReadEvent(tx, who, e));
  if (!reads) return missing;
  bool writes = events::MayWriteEvent(who, e);
  return LifeSource{std::move(e), writes};
}

}  // namespace duxing::domain::ledger

// How events are read from and written to their tables: shared by the
// services of the events module (event.cpp, attendance.cpp, the demo).
#pragma once

#include <string_view>

#include "domain/audit/audit_log.hpp"
#include "domain/context.hpp"
#include "domain/events/event.hpp"
#include "domain/list_query.hpp"
#include "domain/record_columns.hpp"
#include "storage/database.hpp"
#include "storage/where.hpp"

namespace duxing::domain::events {

// The columns of an event row, each with the field it fills (its children
// apart: LoadChildren), and the joins they need (kEventFrom).
const RecordColumns<Event>& EventColumns();
inline constexpr std::string_view kEventFrom =
    "FROM events e JOIN event_types t ON t.id = e.type_id JOIN orgs o ON o.id = e.org_id "
    "LEFT JOIN red_sites s ON s.id = e.site_id";

// Reads the co-organizers, speakers, targets and materials of `e`.
Status LoadChildren(storage::Tx& tx, Event& e);
// Rewrites them (and the organizer's event_orgs row) from `e`.
Status WriteChildren(storage::Tx& tx, const Event& e);
// The audit snapshot of an event.
audit::Snapshot Snap(const Event& e);

// The event list, by start ("starts_at"; "-starts_at" the latest first),
// read in order from the index events_list_start.
const ListSpec& EventListSpec();
// The scope (organizer or co-organizer readable, or invited) and the
// filters of `f` as a WHERE on EventListSpec().
Result<storage::Where> ListWhere(storage::Tx& tx, const Context& ctx, const EventFilter& f);
// A date (China time midnight) or an ISO time as canonical UTC text;
// nullopt for anything else.
std::optional<std::string> BoundTime(std::string_view s);

}  // namespace duxing::domain::events

// The audit log: every write records who, when, which record, and the values
// before and after. Entries are written in the same transaction as the change
// they describe, so a change and its entry commit or vanish together.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/page.hpp"
#include "domain/context.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::audit {

// What the audit module declares (domain/module.hpp); in module.cpp.
const ModuleInfo& Info();

// A record's fields as they were or became: name → text (nullopt for null).
using Snapshot = std::vector<std::pair<std::string, std::optional<std::string>>>;

// Serializes a snapshot as a JSON object of strings and nulls. Always valid
// JSON in valid UTF-8: bytes that are not UTF-8 are written as U+FFFD, so an
// entry stays readable whatever a value holds.
std::string SnapshotJson(const Snapshot& s);

struct Change {
  std::string action;       // create, update, archive, move, import, login, ...
  std::string record_type;  // org, person, community, account, session, api_token
  std::optional<int64_t> record_id;
  std::optional<std::string> org_path;  // scope of the record, for filtering
  std::optional<Snapshot> before;
  std::optional<Snapshot> after;
  // For anonymous events (failed logins): the name the caller gave.
  std::string actor_name_override;
  // The record types whose data this write changed: Record bumps their
  // change counters (storage/generation.hpp), so that read caches of
  // queries reading them miss. nullopt: {record_type}. A write that changes
  // records of several types lists them all; an event that changes no
  // record (a failed login, a duplicate hit) lists none.
  std::optional<std::vector<std::string>> changed = std::nullopt;
};

// Appends one entry inside `tx` and bumps the change counters of the record
// types it changed (Change::changed).
Status Record(storage::Tx& tx, const Context& ctx, const Change& change);
// Appends one entry per change inside `tx`, in order, with batched inserts
// (storage::InsertRows), and bumps the counter of each record type they
// changed once. For imports.
Status RecordAll(storage::Tx& tx, const Context& ctx, const std::vector<Change>& changes);

// The actor name a reader sees for an account that belongs to no org in the
// reader's scope (List).
inline constexpr std::string_view kOtherUnitActor = "其他单位用户";

struct Entry {
  int64_t id;
  std::string at;
  std::optional<int64_t> actor_id;
  // The acting account's display name when the entry was written (or the
  // name typed at a failed sign-in, "系统任务" for a job); kOtherUnitActor
  // when List's reader may not see it (see List).
  std::string actor_name;
  std::string action;
  std::string record_type;
  std::optional<int64_t> record_id;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
  std::string request_id;
  std::string client_ip;
  // The record's name as it is now (a person's or org's name, an account's
  // display name, a file's name: RecordType::name_source); "" when the
  // type declares none or the record is gone, or when the person or org is
  // now outside what the reader may read.
  std::string record_name;
};

struct Filter {
  std::optional<int64_t> actor_id;
  std::optional<std::string> record_type;
  std::optional<int64_t> record_id;
  std::optional<std::string> action;
  std::optional<std::string> from;  // ISO time, inclusive
  std::optional<std::string> to;    // ISO time, exclusive
  PageRequest page;
};

// Newest first. System admins see everything; org admins see entries whose
// record lies in their subtree, community entries, entries they made and
// failed sign-ins (login_failed) of the accounts they manage
// (auth::ManagedAccounts); others are denied. Each entry's record_name comes
// from where its record type in `catalog` declares it (RecordType::name_source).
// The actor name of an entry made by an account that belongs (by its grants
// or its person) to no org the reader may read is kOtherUnitActor, for every
// reader but a system admin; the reader's own entries and entries without an
// acting account keep theirs; actor_id stays.
Result<Page<Entry>> List(storage::Database& db, const Catalog& catalog, const Context& ctx,
                         const Filter& filter);

// A snapshot value as people read it: the Chinese label of a coded value
// (the record type's coded_fields in `catalog`: person category, org kind,
// 是/否 flags, ...), the name of a referenced record from `names`
// (ReferenceNames), "（空）" for null or empty; other values as they are.
struct ReferenceNames {
  std::map<int64_t, std::string> orgs, communities, people;
};
std::string ShownValue(const Catalog& catalog, std::string_view record_type,
                       std::string_view field, const std::optional<std::string>& value,
                       const ReferenceNames& names);

// The kind of record a snapshot field refers to by id ("org", "community",
// "person"), or "" for other fields.
std::string_view ReferenceKind(std::string_view field);

// The names of the referenced records the caller may read (orgs and people
// in scope, every community); ids not found or out of scope are left out.
Result<ReferenceNames> LoadReferenceNames(storage::Database& db, const Context& ctx,
                                          const std::set<int64_t>& orgs,
                                          const std::set<int64_t>& communities,
                                          const std::set<int64_t>& people);

}  // namespace duxing::domain::audit

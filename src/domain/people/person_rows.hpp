// Internal to domain/people: the write path and duplicate rule shared by
// PeopleService's single-person writes and the importer (person_import.hpp),
// so that each exists once.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/audit/audit_log.hpp"
#include "domain/auth/principal.hpp"
#include "domain/people/person.hpp"

namespace duxing::domain::people {

// The columns of a new people row, in the order of InsertValues.
const std::vector<std::string_view>& PersonInsertColumns();
// The values of a new people row for `f`, created at `now`.
storage::Params InsertValues(const PersonFields& f, const std::string& now);

// Inserts the people of `fields` (batched, storage::InsertRows); returns
// their ids in order.
Result<std::vector<int64_t>> InsertPeople(storage::Tx& tx, const std::vector<PersonFields>& fields,
                                          const std::string& now);

// The audited fields of a person.
audit::Snapshot Snap(const Person& p);

// A person (not archived, with a birth date) whose name an incoming record
// shares: the candidates for the duplicate rule (same name and birth date).
struct Namesake {
  int64_t id = 0;
  std::string name;
  std::string birth_date;
  std::string org_name;
  std::string org_path;
};

// Every namesake of `names`, one query per batch of names (storage::QueryIn).
Result<std::vector<Namesake>> FindNamesakes(storage::Tx& tx, const std::vector<std::string>& names);

// Why a record that duplicates `existing` cannot be written, told to a
// caller who may read `existing`: its org and id. (A duplicate of someone
// the caller may not read is told as duplicate_hits.hpp says.)
std::string DuplicateReason(const Namesake& existing);

// Holds a role that may change people somewhere (system_admin, org_admin,
// branch_secretary): others are refused before any input is looked at.
bool MayEditPeople(const auth::Principal& p);

}  // namespace duxing::domain::people

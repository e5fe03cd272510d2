// The self-study log (个人自学记录): what a person studied on a day, for how
// long, with their notes (学习心得).
//
// Rights: a member writes, edits and archives only their own entries (the
// person their account is linked to); staff read the entries of people in
// the orgs they may read (a branch secretary: their branch); a member reads
// only their own. Another person's entry outside the caller's reach is
// kNotFound; a list filtered on such a person is kPermissionDenied.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/page.hpp"
#include "domain/context.hpp"
#include "domain/list_query.hpp"
#include "storage/database.hpp"

namespace duxing::domain::study {

// A person's minutes of one day, all entries together: eight hours, a full
// working day of self-study (a day's total above it is not believable and
// would inflate the study totals and coverage).
inline constexpr int64_t kMaxMinutesPerDay = 8 * 60;
inline constexpr size_t kMaxNotes = 2000;  // characters of 学习心得

struct StudyLog {
  int64_t id = 0;
  int64_t person_id = 0;
  std::string person_name;
  int64_t org_id = 0;  // the person's org
  std::string org_name;
  std::string study_date;  // YYYY-MM-DD
  int64_t material_id = 0;
  std::string material_title;
  std::optional<int64_t> chapter_id;
  std::string chapter_title;
  int64_t minutes = 0;
  std::string notes;
  bool archived = false;
  int64_t version = 1;
  std::string created_at;
  std::string org_path;  // the person's org path (scope); not served
};

// What a create gives and an edit may change.
struct StudyLogFields {
  std::string study_date;
  int64_t material_id = 0;
  std::optional<int64_t> chapter_id;
  int64_t minutes = 0;
  std::string notes;
};

struct StudyLogPatch {
  int64_t version = 0;
  std::optional<std::string> study_date;
  std::optional<int64_t> material_id;
  std::optional<std::optional<int64_t>> chapter_id;  // null clears
  std::optional<int64_t> minutes;
  std::optional<std::string> notes;
};

struct StudyLogFilter {
  std::optional<int64_t> person_id;  // one person (the caller's own, or in scope)
  std::optional<int64_t> org_id;     // people of this org's subtree (in scope)
  bool mine = false;                 // the caller's own entries
  std::optional<std::string> from;   // study_date >= from
  std::optional<std::string> to;     // study_date <= to
  std::string sort;                  // "study_date" (default) or "-study_date"
  PageRequest page;
};

enum class TotalsBy { kPerson, kOrg };

struct StudyTotal {
  int64_t id = 0;  // the person's or the org's
  std::string name;
  std::string org_name;  // the person's org (per person)
  int64_t minutes = 0;
  int64_t entries = 0;
  int64_t people = 0;  // people with an entry (per org)
};

// Sorts: "minutes" (the default is "-minutes": largest first), "entries",
// "name" (per person: the name's order; per org: the tree's), each also
// "-" descending; ties by id.
struct TotalsFilter {
  TotalsBy by = TotalsBy::kPerson;
  std::optional<int64_t> org_id;  // the subtree counted; none: the caller's scope
  std::string from;               // YYYY-MM-DD, inclusive
  std::string to;
  std::string sort;
  PageRequest page;
};

class StudyLogService {
 public:
  explicit StudyLogService(storage::Database& db);

  // A page of the entries the caller may read (see the top), newest date first
  // by default. A person or org the caller may not read: kPermissionDenied.
  Result<Page<StudyLog>> List(const Context& ctx, const StudyLogFilter& filter);
  // The SQL that reads the ids of List's first page, with its values (for
  // plan tests); empty when the filter is refused.
  std::pair<std::string, storage::Params> ListSql(const Context& ctx, const StudyLogFilter& filter);
  Result<StudyLog> Get(const Context& ctx, int64_t id);
  // A new entry of the caller's own person (an account without one:
  // kPermissionDenied). Rules: a valid date not after today (China time),
  // not before 2000 and not before the start of the earliest campaign held
  // by the person's org or an ancestor (no bound when none is); a material that exists and is not archived, a
  // chapter of it; minutes > 0 and the person's day total (this entry
  // included) at most kMaxMinutesPerDay; notes at most kMaxNotes characters
  // without control characters but line breaks. kInvalidArgument on the
  // field otherwise; nothing written. Audited.
  Result<StudyLog> Create(const Context& ctx, const StudyLogFields& f);
  // Versioned edit of one's own entry; the same rules.
  Result<StudyLog> Update(const Context& ctx, int64_t id, const StudyLogPatch& p);
  Result<StudyLog> Archive(const Context& ctx, int64_t id, int64_t version);
  // Minutes per person or per org over [from, to] in the caller's scope
  // (a member: only their own): a page of the list mechanism over grouped
  // rows (one per person or org; the total cached until study logs, people
  // or orgs change). Dates must be valid with from <= to (kInvalidArgument),
  // sort, limit, offset and cursor as ListQuery::Page.
  Result<Page<StudyTotal>> Totals(const Context& ctx, const TotalsFilter& filter);

  // Inserts an entry for `person_id` inside `tx` without the rights checks
  // (the demo step); the caller has checked the rules. Audited as by nobody.
  static Result<int64_t> Insert(storage::Tx& tx, const Context& ctx, int64_t person_id,
                                const StudyLogFields& f);

 private:
  storage::Database& db_;
  ListQuery list_;
  ListQuery totals_;
};

}  // namespace duxing::domain::study

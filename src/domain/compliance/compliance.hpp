// Compliance (三会一课 and volunteer service, issue 8): rules kept as data
// (compliance_rules, migration 0023) that count events of given types per
// period against a minimum, judged per branch and per person on a board;
// volunteer hours confirmed by an event's organizer; a community's events.
//
// Periods are China calendar months, quarters and years ("2021-03",
// "2021-Q1", "2021"); an event counts in the period its start falls in
// (China date). A board's verdict for one rule and one subject:
//   met             the count reached the minimum;
//   pending         not yet: the period has not ended (今天 < its end);
//   missed          the period ended below the minimum;
//   not_applicable  a person who belonged for less than half the period.
// Belonging: a person belongs from the China date of their record's creation
// (people.created_at; the foundation keeps no move history). A person
// judged in a period is one who belonged for at least half of its days;
// their minimum is the rule's (not prorated).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::compliance {

// What the compliance module declares (domain/module.hpp); in module.cpp.
const ModuleInfo& Info();

enum class PeriodKind { kMonth, kQuarter, kYear };
inline const CodedEnum<PeriodKind> kPeriodCodes = {{PeriodKind::kMonth, {"month", "每月"}},
                                                   {PeriodKind::kQuarter, {"quarter", "每季度"}},
                                                   {PeriodKind::kYear, {"year", "每年"}}};
enum class Subject { kOrg, kPerson };
inline const CodedEnum<Subject> kSubjectCodes = {{Subject::kOrg, {"org", "支部"}},
                                                 {Subject::kPerson, {"person", "个人"}}};
enum class Verdict { kMet, kPending, kMissed, kNotApplicable };
inline const CodedEnum<Verdict> kVerdictCodes = {
    {Verdict::kMet, {"met", "已达标"}},
    {Verdict::kPending, {"pending", "进行中"}},
    {Verdict::kMissed, {"missed", "未达标"}},
    {Verdict::kNotApplicable, {"not_applicable", "不适用"}}};

inline constexpr char kRuleRecordType[] = "compliance_rule";
inline constexpr int64_t kMaxMinimum = 100;

// One calendar period: dates YYYY-MM-DD, [first, end).
struct Period {
  PeriodKind kind = PeriodKind::kQuarter;
  std::string label;  // "2021-Q1"
  std::string first;  // "2021-01-01"
  std::string end;    // "2021-04-01" (exclusive)
};
// Parses "2021", "2021-Q1".."2021-Q4" or "2021-01".."2021-12" (years
// 2000-2100); kInvalidArgument on "period" otherwise.
Result<Period> ParsePeriod(std::string_view text);
// The period of `kind` holding the China date `date` (YYYY-MM-DD).
Period PeriodOf(PeriodKind kind, std::string_view date);
// Whether a person who belongs from `since` (a date) is judged in `p`: they
// belonged at least half of its days (since <= first: always).
bool Judged(const Period& p, std::string_view since);
// The verdict of `count` against `minimum` in `p` seen on China date `today`.
Verdict Judge(const Period& p, int64_t count, int64_t minimum, std::string_view today);

inline constexpr size_t kMaxRuleTypes = 30;

// A rule counts events of `type_ids` and judges, by its subject, the
// organizations of `org_kinds` (orgs::kKindCodes codes; an org rule) or the
// people of `person_categories` (people::kCategories codes; a person rule).
// The set that does not fit the subject is empty. Each set is non-empty,
// without repeats, in the order the admin gave.
struct Rule {
  int64_t id = 0;
  std::string code;
  std::string name;
  Subject subject = Subject::kOrg;
  std::vector<int64_t> type_ids;       // event_types.id
  std::vector<std::string> type_names;  // theirs, in the same order (read-only)
  PeriodKind period = PeriodKind::kQuarter;
  int64_t minimum = 1;
  std::vector<std::string> org_kinds;
  std::vector<std::string> person_categories;
  bool own_community = false;
  bool archived = false;
  int64_t version = 1;
};
struct RulePatch {
  int64_t version = 0;
  std::optional<std::string> name;
  std::optional<PeriodKind> period;
  std::optional<int64_t> minimum;
  std::optional<bool> archived;
  std::optional<std::vector<int64_t>> type_ids;
  std::optional<std::vector<std::string>> org_kinds;
  std::optional<std::vector<std::string>> person_categories;
};

// One verdict on the board: a rule for a branch or a person.
struct Cell {
  int64_t rule_id = 0;
  Period period;  // the rule's period holding the board's date
  int64_t count = 0;
  int64_t minimum = 0;
  Verdict verdict = Verdict::kPending;
};
// An organization judged by the org rules (historically a branch: most are).
struct BranchRow {
  int64_t org_id = 0;
  std::string name;
  std::string kind;         // orgs::kKindCodes code
  std::vector<Cell> cells;  // for each org rule of its kind, in rule order
  std::string kind_label;   // the kind's name (党支部), for exports
};
struct PersonRow {
  int64_t person_id = 0;
  std::string name;
  std::string org_name;
  std::vector<Cell> cells;  // for each person rule of their category, in rule order
};
// The board of the quarter `period` (or month / year): each rule judged on
// the rule's own period(s) inside it: a monthly rule on a quarter board
// gives one cell per month.
struct Board {
  Period period;
  std::vector<Rule> rules;  // the rules judged (not archived)
  std::vector<BranchRow> branches;
  std::vector<PersonRow> people;
};

// A community (社区/村) and what was held there: its events (any the caller
// may read) with the volunteer minutes confirmed at each.
struct CommunityEvent {
  int64_t event_id = 0;
  std::string title;
  std::string type_name;
  std::string category;
  std::string starts_at;
  std::string org_name;
  int64_t participants = 0;     // signed in or made up
  int64_t service_minutes = 0;  // confirmed, all participants
};

// The volunteer minutes of one participant of an event, as the attendance
// row holds them (version: the row's, shared with its other writes).
struct ServiceMinutes {
  int64_t event_id = 0;
  int64_t person_id = 0;
  std::string status;  // events::kAttendanceCodes code
  std::optional<int64_t> minutes;
  std::string org_path;  // the person's, as on the row
  int64_t version = 0;
};

class ComplianceService {
 public:
  explicit ComplianceService(storage::Database& db);

  // The rules, in id order; staff only (kPermissionDenied otherwise).
  Result<std::vector<Rule>> Rules(const Context& ctx);
  // Edits a rule: name, period, minimum (1..kMaxMinimum), archived, the
  // event types counted and whom it applies to; whoever keeps reference data
  // (system and org admins; kPermissionDenied). kInvalidArgument, nothing
  // written, on the field: type_ids empty, over kMaxRuleTypes, naming an
  // unknown type or an archived one the rule did not count yet; org_kinds
  // empty for an org rule or set for a person rule, or an unknown kind;
  // person_categories empty for a person rule or set for an org rule, or an
  // unknown category. Repeats are dropped. Versioned and audited.
  Result<Rule> UpdateRule(const Context& ctx, int64_t id, const RulePatch& p);

  // The board of `period` for the organizations in org_id's subtree (the
  // org itself included) of a kind some org rule applies to, and the people
  // of the subtree (active, not archived) of a category some person rule
  // applies to; each row has cells only for the rules that apply to it. The caller must read org_id (kNotFound on "org_id"
  // otherwise: a branch secretary sees only their branch).
  Result<Board> BoardOf(const Context& ctx, int64_t org_id, const Period& period);

  // The organizer confirms the volunteer minutes of one participant (signed
  // in or made up) of a volunteer-service event (category volunteer) that
  // has started. Refused: the caller may not write a host (kPermissionDenied;
  // kNotFound when the event is not readable), not a volunteer event or not a
  // participant (kFailedPrecondition), minutes < 0 or above the event's own
  // length from start to end (kInvalidArgument on "minutes": nobody served
  // longer than the service lasted). Versioned on the attendance row: `version` is the row's
  // version the caller read (StaleVersion otherwise, nothing written).
  // Audited (confirm_hours) on the attendance row. Returns the row as written.
  Result<ServiceMinutes> ConfirmMinutes(const Context& ctx, int64_t event_id, int64_t person_id,
                                        int64_t version, int64_t minutes);

  // The events held in community `id` that the caller may read as host
  // (staff), newest first, at most 500. kNotFound for an unknown community.
  Result<std::vector<CommunityEvent>> CommunityEvents(const Context& ctx, int64_t id);

 private:
  storage::Database& db_;
};

// The job after a period ends (daily, notices once): for every branch (and
// every organization of a kind an org rule applies to) and each period kind, the latest period that ended before `now`'s China date;
// when its board shows missed items (branch rules, or people missing a
// person rule), each secretary of the branch (role branch_secretary on it,
// account enabled) gets one "compliance_missed" notification naming them.
// Each (branch, period) at most once however often and in however many
// processes it runs (compliance_notices, written before notifying). Returns
// how many notifications were sent now.
Result<int64_t> NotifyMissed(storage::Database& db, TimePoint now);

}  // namespace duxing::domain::compliance

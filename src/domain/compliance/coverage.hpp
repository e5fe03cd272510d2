// Coverage of a campaign (全面覆盖、有效覆盖, issue 8): who was reached by its
// events, per person category and per branch, in the caller's read scope.
//
// reached: signed in to or made up (补学) at least one published event of
// the campaign. effective: at least the rule's min_events such events (the
// rule's min_study_hours is kept but not applied: study hours come with the
// study module). never: in the population and not reached. The population:
// active, non-archived people of the four categories (在职党员 member, 退休党员
// retired_member, 干部职工 staff, 职工子弟/家属 family) in the caller's read
// scope (narrowed to org_id's subtree when given). Each figure's people list
// (People) is drawn from the same computation, so it has the figure's count.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "common/result.hpp"
#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/list_query.hpp"
#include "storage/database.hpp"

namespace duxing::domain::compliance {

inline constexpr char kCoverageRecordType[] = "coverage_rule";
inline constexpr int64_t kDefaultMinEvents = 3;
inline constexpr int64_t kMaxMinEvents = 1000;
inline const std::vector<std::string> kCoverageCategories = {"member", "retired_member", "staff",
                                                             "family"};

enum class Figure { kReached, kEffective, kNever };
inline const CodedEnum<Figure> kFigureCodes = {{Figure::kReached, {"reached", "已覆盖"}},
                                               {Figure::kEffective, {"effective", "有效覆盖"}},
                                               {Figure::kNever, {"never", "未覆盖"}}};

struct CoverageRule {
  int64_t min_events = kDefaultMinEvents;
  std::optional<int64_t> min_study_hours;
  int64_t version = 0;  // 0: never set (the defaults)
};
struct CoverageCount {
  std::string key;  // category code, or the branch id as text
  std::string name;
  int64_t people = 0;
  int64_t reached = 0;
  int64_t effective = 0;
};
struct CommunityReached {
  int64_t id = 0;
  std::string name;
  int64_t events = 0;
};
struct Coverage {
  CoverageRule rule;
  CoverageCount total;
  std::vector<CoverageCount> categories;  // in kCoverageCategories order
  std::vector<CoverageCount> branches;    // branches in scope, by path
  std::vector<CommunityReached> communities;
};
struct CoveredPerson {
  int64_t person_id = 0;
  std::string name;
  std::string org_name;
  std::string category;
  int64_t events = 0;  // attended (signed in or made up)
};
// Which people a figure opens: the figure, optionally one category and/or
// one branch (org id).
struct CoverageFilter {
  std::optional<int64_t> org_id;  // scope narrowed to this subtree
  Figure figure = Figure::kNever;
  std::optional<std::string> category;
  std::optional<int64_t> branch_id;
  PageRequest page;
};

class CoverageService {
 public:
  explicit CoverageService(storage::Database& db);

  // The figures of campaign `campaign_id` (kNotFound when there is none or
  // the caller may not read its org); staff only (kPermissionDenied).
  // org_id narrows the scope (kNotFound on "org_id" when not readable).
  Result<Coverage> Of(const Context& ctx, int64_t campaign_id, std::optional<int64_t> org_id);
  // The people behind one figure, by name (pinyin order), on the list
  // mechanism (domain/list_query.hpp): offset or cursor paging, the total
  // counted once per change of people, events, attendance or orgs. Refuses
  // as ListQuery::Page does (limit, offset, cursor).
  Result<Page<CoveredPerson>> People(const Context& ctx, int64_t campaign_id,
                                     const CoverageFilter& filter);
  // Sets the rule of a campaign (system and org admins; kPermissionDenied):
  // min_events 1..kMaxMinEvents, min_study_hours 1..10000 or unset.
  // Versioned: `rule.version` is the version the caller read (0 for a
  // campaign whose rule was never set); StaleVersion otherwise, nothing
  // written. Audited (update of coverage_rule). Returns the rule as written.
  Result<CoverageRule> SetRule(const Context& ctx, int64_t campaign_id, const CoverageRule& rule);

 private:
  storage::Database& db_;
  ListQuery people_list_;
};

}  // namespace duxing::domain::compliance

// Campaigns (学习教育活动): the yearly learning-education campaign a party
// organization runs (2021 党史学习教育, 2023 主题教育, ...), with its goal
// phrases, dated phases and key study points. Every module's records will
// belong to one campaign; a campaign is data, never code.
//
// Scope: a campaign belongs to its organizing org. Org admins of that org's
// subtree (and system admins) write it; everyone whose grants lie in that
// subtree (members of its branches included) or who may read the org reads
// it. A campaign outside the caller's scope is kNotFound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::campaigns {

// What the campaigns module declares (domain/module.hpp); in module.cpp.
const ModuleInfo& Info();

// 筹备 → 进行中 → 已结束, one step forward at a time.
enum class CampaignStatus { kPreparing, kActive, kEnded };
inline const CodedEnum<CampaignStatus> kStatusCodes = {
    {CampaignStatus::kPreparing, {"preparing", "筹备"}},
    {CampaignStatus::kActive, {"active", "进行中"}},
    {CampaignStatus::kEnded, {"ended", "已结束"}}};
inline const char* StatusName(CampaignStatus s) { return kStatusCodes.Name(s); }
inline std::string StatusLabel(CampaignStatus s) { return kStatusCodes.Label(s); }
inline std::optional<CampaignStatus> ParseStatus(std::string_view s) {
  return kStatusCodes.Parse(s);
}
// Whether a campaign may go from `from` to `to` (staying is allowed).
bool MayMove(CampaignStatus from, CampaignStatus to);

// Bounds of a campaign's fields.
inline constexpr size_t kMaxName = 100;
inline constexpr size_t kMaxGoals = 20;
inline constexpr size_t kMaxGoalChars = 30;
inline constexpr size_t kMaxPhases = 20;
inline constexpr size_t kMaxPhaseName = 50;
inline constexpr size_t kMaxStudyPoints = 50;
inline constexpr size_t kMaxStudyPointChars = 200;

struct Phase {
  std::string name;
  std::string start_date;  // YYYY-MM-DD
  std::string end_date;
};

struct Campaign {
  int64_t id = 0;
  std::string name;
  int64_t year = 0;
  std::string start_date;  // YYYY-MM-DD
  std::string end_date;
  std::vector<std::string> goals;         // 学史明理、学史增信 ...
  std::vector<Phase> phases;              // in order
  std::vector<std::string> study_points;  // in order
  CampaignStatus status = CampaignStatus::kPreparing;
  int64_t org_id = 0;
  std::string org_name;  // filled on read
  bool archived = false;
  int64_t version = 1;
};

// Checks every rule of a campaign's content, the first broken one as
// kInvalidArgument on its field ("phases[1].start_date" for a phase's):
// name 1..kMaxName characters of one line; year 2000..2100 and the year of
// start_date; valid dates with start <= end; goals and study points non-empty
// one-line texts within their counts and lengths, goals without repeats;
// phases named, each within the campaign's dates with start <= end, in order
// of start date (phases may overlap: 专题组织生活会 during 学习教育).
Status Validate(const Campaign& c);

struct CampaignPatch {
  int64_t version = 0;
  std::optional<std::string> name;
  std::optional<int64_t> year;
  std::optional<std::string> start_date;
  std::optional<std::string> end_date;
  std::optional<std::vector<std::string>> goals;
  std::optional<std::vector<Phase>> phases;
  std::optional<std::vector<std::string>> study_points;
  std::optional<CampaignStatus> status;  // checked by MayMove
};

struct CampaignFilter {
  std::optional<int64_t> year;
  std::optional<CampaignStatus> status;
  bool include_archived = false;
};

// A campaign as the records of other modules (leading group, documents) see
// it: their scope is the campaign's.
struct CampaignScope {
  int64_t id = 0;
  std::string name;
  std::string org_path;  // the organizing org's path
  std::string start_date;
  std::string end_date;
  bool archived = false;
  bool may_write = false;  // the caller administers the organizing org
};

class CampaignService {
 public:
  explicit CampaignService(storage::Database& db) : db_(db) {}

  // The campaigns the caller may read, newest start first.
  Result<std::vector<Campaign>> List(const Context& ctx, const CampaignFilter& filter);
  Result<Campaign> Get(const Context& ctx, int64_t id);
  // A new campaign (status from c.status, normally preparing) of org
  // c.org_id, which the caller must administer (kPermissionDenied; an org
  // they cannot read or that does not exist: kNotFound on "org_id").
  // Validate's errors; audited.
  Result<Campaign> Create(const Context& ctx, const Campaign& c);
  // Applies `p` to a campaign the caller administers: a stale version is
  // kConflict with nothing changed; an archived campaign kFailedPrecondition;
  // a status move MayMove refuses kFailedPrecondition on "status"; the result
  // must Validate. Audited with the before and after values.
  Result<Campaign> Update(const Context& ctx, int64_t id, const CampaignPatch& p);
  Result<Campaign> Archive(const Context& ctx, int64_t id, int64_t version);

  // The caller's current campaign: the one they chose, while they may still
  // read it and it is not archived; otherwise the newest active campaign they
  // may read, else the newest ended one, else the newest (in 筹备); nullopt
  // when none.
  Result<std::optional<Campaign>> Current(const Context& ctx);
  // Remembers `id` (a campaign the caller may read, not archived) as the
  // caller's current campaign and returns it.
  Result<Campaign> SetCurrent(const Context& ctx, int64_t id);

  // Campaign `id` inside `tx` for a record of another module: kNotFound
  // "学习教育活动不存在" on "campaign_id" when there is none or the caller
  // may not read it (the same rule as Get).
  static Result<CampaignScope> LoadScope(storage::Tx& tx, const Context& ctx, int64_t id);

  // Adds `c` as the demo data's campaign inside `tx` (init --demo), audited
  // as made by nobody; the caller has checked Validate.
  static Result<int64_t> Insert(storage::Tx& tx, const Context& ctx, const Campaign& c);

 private:
  storage::Database& db_;
};

}  // namespace duxing::domain::campaigns

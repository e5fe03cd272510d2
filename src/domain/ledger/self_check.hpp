// Self-checks (专项监督检查自查, ledger kind 5, issue 9): an inspection of one
// org with its checklist; each point is found met or unmet with a note, and
// each unmet point becomes a ledger item of kind `self_check` (source_type
// `check`, source_id the self-check) of that org.
//
// Scope: whoever may read the org reads its self-checks (staff; a member
// reads none), whoever may write the org writes them. Outside that kNotFound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/ledger/life_items.hpp"
#include "domain/list_query.hpp"
#include "storage/database.hpp"

namespace duxing::domain::ledger {

enum class PointResult { kMet, kUnmet };
inline const CodedEnum<PointResult> kPointResultCodes = {{PointResult::kMet, {"met", "符合"}},
                                                         {PointResult::kUnmet, {"unmet", "不符合"}}};

inline constexpr size_t kMaxCheckTitle = 100;
inline constexpr size_t kMaxCheckPoints = 100;
inline constexpr size_t kMaxPointText = kMaxItemTitle;  // an unmet point is its item's title
inline constexpr size_t kMaxPointNote = 1000;

struct CheckPoint {
  int64_t id = 0;
  int64_t position = 0;
  std::string text;
  std::optional<PointResult> result;  // not yet checked: none
  std::string note;
  std::optional<ItemBrief> item;  // an unmet point's item, once made
  int64_t version = 1;
};

struct SelfCheck {
  int64_t id = 0;
  std::optional<int64_t> campaign_id;
  int64_t org_id = 0;
  std::string org_name;
  std::string org_path;
  std::string title;
  std::string check_date;  // YYYY-MM-DD
  bool archived = false;
  int64_t version = 1;
  std::vector<CheckPoint> points;  // in order
  int64_t met = 0, unmet = 0, unchecked = 0;
  bool may_write = false;
};

struct NewSelfCheck {
  std::optional<int64_t> campaign_id;
  int64_t org_id = 0;
  std::string title;
  std::string check_date;
  std::vector<std::string> points;
};

// A point's finding; for an unmet point without an item, the item's
// responsible person, leader, deadline and class (all optional).
struct PointFinding {
  int64_t version = 0;
  PointResult result = PointResult::kMet;
  std::string note;
  ItemAssignment assign;
};

struct SelfCheckFilter {
  std::optional<int64_t> campaign_id;
  std::optional<int64_t> org_id;  // this org's subtree
  std::string sort;               // "check_date" (default), "-check_date"
  PageRequest page;
};

class SelfCheckService {
 public:
  explicit SelfCheckService(storage::Database& db);

  // A page of the self-checks the caller may read (not archived), with
  // their counts of met, unmet and unchecked points.
  Result<Page<SelfCheck>> List(const Context& ctx, const SelfCheckFilter& filter);
  Result<SelfCheck> Get(const Context& ctx, int64_t id);
  // A new self-check of org c.org_id (kNotFound on "org_id" for an org the
  // caller cannot read, kPermissionDenied when they may not write it):
  // title 1..kMaxCheckTitle of one line, a valid date, 1..kMaxCheckPoints
  // points of 1..kMaxPointText characters, the campaign readable. Audited.
  Result<SelfCheck> Create(const Context& ctx, const NewSelfCheck& c);
  // Records point `point_id`'s finding (writers of its check; versioned per
  // point; audited). Unmet: the point's self_check item is made (once; with
  // the ledger's create rules) in the same transaction. Met after an item
  // was made: kFailedPrecondition on "result" (the item carries it on).
  Result<SelfCheck> RecordPoint(const Context& ctx, int64_t point_id, const PointFinding& f);

 private:
  storage::Database& db_;
  ListQuery list_;
};

}  // namespace duxing::domain::ledger

// Papers (试卷): fixed (chosen questions, each at the version chosen, with
// its points) or drawn by rules (category × type × difficulty × count ×
// points each) for every attempt. A paper belongs to an org and draws only
// from that org's bank. Rights as the bank's (question.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/assessments/question.hpp"
#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/list_query.hpp"
#include "storage/database.hpp"

namespace duxing::domain::assessments {

enum class PaperKind { kFixed, kRules };
inline const CodedEnum<PaperKind> kPaperKinds = {{PaperKind::kFixed, {"fixed", "固定试卷"}},
                                                 {PaperKind::kRules, {"rules", "随机组卷"}}};

inline constexpr size_t kMaxPaperTitle = 100;
inline constexpr size_t kMaxPaperItems = 200;
inline constexpr size_t kMaxPaperRules = 50;
inline constexpr int64_t kMaxItemPoints = 10000;  // 100 points, in hundredths

struct PaperItem {
  int64_t question_id = 0;
  int64_t question_version_id = 0;            // set by the service: the current version
  int64_t points = 0;                         // hundredths, 1..kMaxItemPoints
  QuestionType type = QuestionType::kSingle;  // filled on read
  std::string stem;                           // filled on read
};

struct PaperRule {
  int64_t category_id = 0;  // with its subcategories
  QuestionType type = QuestionType::kSingle;
  std::optional<int> difficulty;  // nullopt: any
  int64_t count = 1;              // 1..kMaxPaperItems
  int64_t points = 0;             // each, hundredths
};

struct Paper {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string title;
  PaperKind kind = PaperKind::kFixed;
  std::vector<PaperItem> items;  // fixed
  std::vector<PaperRule> rules;  // rules
  int64_t total_points = 0;      // hundredths
  bool archived = false;
  int64_t version = 1;
};

// One question an attempt draws: which version, its points.
struct DrawnQuestion {
  int64_t question_id = 0;
  int64_t question_version_id = 0;
  int64_t points = 0;
};

class PaperService {
 public:
  explicit PaperService(storage::Database& db) : db_(db) {}

  Result<Page<Paper>> List(const Context& ctx, std::optional<int64_t> org_id,
                           const PageRequest& page);
  Result<Paper> Get(const Context& ctx, int64_t id);
  // A new paper of p.org_id (the caller must write records there). Fixed:
  // 1..kMaxPaperItems distinct questions of the org's bank, not archived
  // (kInvalidArgument on "items[i].question_id"), each at its current
  // version; rules: 1..kMaxPaperRules rules whose every draw the bank can
  // serve now (CheckRules). Points 1..kMaxItemPoints hundredths. Audited.
  Result<Paper> Create(const Context& ctx, const Paper& p);

  // kFailedPrecondition on "rules[i]" naming the first rule the bank of
  // `org_id` cannot serve: fewer questions (not archived) of its category
  // subtree, type and difficulty than its count, counting questions that
  // several rules share once (rules are served in order).
  static Status CheckRules(storage::Tx& tx, int64_t org_id, const std::vector<PaperRule>& rules);
  // The questions of paper `paper_id` for one attempt: fixed items as
  // chosen; rules drawn with `seed` (the same seed, bank and rules give the
  // same draw), each question at most once, at its current version.
  // kFailedPrecondition as CheckRules when the bank has shrunk.
  static Result<std::vector<DrawnQuestion>> Draw(storage::Tx& tx, int64_t paper_id, uint64_t seed);
  // The paper without scope checks (exams read the paper they use).
  static Result<Paper> Load(storage::Tx& tx, int64_t id);

 private:
  storage::Database& db_;
  ListQuery totals_{std::vector<std::string>{"paper"}};
};

}  // namespace duxing::domain::assessments

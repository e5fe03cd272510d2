// Commendations (学习标兵 and similar lists): people of an org commended in a
// campaign, proposed by a rule over the campaign's records, reviewed and
// published by the org's admins, shown with the figures behind each name.
//
// - The figures of a person: exam points (the sum of their best submitted
//   score in each of the rule's exams, which belong to the campaign),
//   study minutes (their self-study log within the campaign's dates) and
//   学习强国 points (of the campaign's months).
// - A draft is edited by those who may write its org (CanWrite): changing
//   the rule proposes again (entries the rule finds replace the rule's
//   earlier ones; people an admin added or removed stay as the admin left
//   them); an admin adds or removes a person with a reason. Every write is
//   versioned and audited (record type "commendation").
// - Publishing freezes the list. A published list is read by everyone in
//   scope: staff who may read its org, and members of an org inside it,
//   without the people taken off it; drafts only by its writers (others:
//   kNotFound).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::assessments {

enum class CommendationStatus { kDraft, kPublished };
inline const CodedEnum<CommendationStatus> kCommendationStatuses = {
    {CommendationStatus::kDraft, {"draft", "待发布"}},
    {CommendationStatus::kPublished, {"published", "已发布"}}};
enum class EntrySource { kRule, kAdded };
inline const CodedEnum<EntrySource> kEntrySources = {{EntrySource::kRule, {"rule", "规则推荐"}},
                                                     {EntrySource::kAdded, {"added", "管理员增补"}}};

inline constexpr size_t kMaxCommendationExams = 20;
inline constexpr int64_t kMaxCommendationWeight = 1000;
inline constexpr int64_t kMaxCommendationTopN = 1000;
inline constexpr int64_t kMaxCommendationThreshold = 1'000'000'000;
inline constexpr size_t kMaxCommendationTitle = 100;
inline constexpr size_t kMaxCommendationReason = 200;

struct CommendationRule {
  std::vector<int64_t> exam_ids;             // exams of the campaign
  std::optional<int64_t> min_exam_points;    // hundredths
  std::optional<int64_t> min_study_minutes;
  std::optional<int64_t> min_xuexi_points;
  int64_t exam_weight = 0;   // per exam point
  int64_t study_weight = 0;  // per study hour
  int64_t xuexi_weight = 0;  // per 学习强国 point
  int64_t top_n = 0;         // 0: everyone meeting the thresholds
};

// Refuses (kInvalidArgument, on the field) weights or thresholds out of
// range, more than kMaxCommendationExams exams, a rule with no weight at all.
Status ValidateRule(const CommendationRule& rule);

// One person's figures over a campaign.
struct CommendationFigures {
  int64_t person_id = 0;
  std::string person_name;
  std::string org_name;
  int64_t exam_points = 0;  // hundredths
  int64_t study_minutes = 0;
  int64_t xuexi_points = 0;
};

struct CommendationEntry {
  CommendationFigures figures;
  int64_t total = 0;  // hundredths
  int64_t rank = 0;   // 1 + those with a higher total (ties share a rank)
  EntrySource source = EntrySource::kRule;
  bool removed = false;
  std::string reason;  // an admin's, for added and removed entries
};

// The total of `f` under `rule` in hundredths: exam_weight × exam points +
// study_weight × study hours + xuexi_weight × 学习强国 points.
int64_t CommendationTotal(const CommendationRule& rule, const CommendationFigures& f);

// The rule's selection from everyone's figures: those meeting every
// threshold, ranked by total (ties share a rank), within the first top_n
// ranks (all tied at the cut kept), by rank then person id. Pure.
std::vector<CommendationEntry> SelectCandidates(const CommendationRule& rule,
                                                std::vector<CommendationFigures> figures);

struct Commendation {
  int64_t id = 0;
  int64_t campaign_id = 0;
  std::string campaign_name;
  int64_t org_id = 0;
  std::string org_name;
  std::string org_path;
  std::string title;
  CommendationRule rule;
  CommendationStatus status = CommendationStatus::kDraft;
  std::optional<std::string> published_at;
  int64_t version = 1;
  bool can_edit = false;                   // the reader may write it (a draft)
  // Get only: by rank, removed last (removed ones for its writers only).
  std::vector<CommendationEntry> entries;
};

struct CommendationDraft {
  int64_t campaign_id = 0;
  int64_t org_id = 0;
  std::string title;
  CommendationRule rule;
};

class CommendationService {
 public:
  explicit CommendationService(storage::Database& db) : db_(db) {}

  // Creates a draft for `d.org_id` (the caller must write it:
  // kPermissionDenied, kNotFound for an org out of sight) in campaign
  // `d.campaign_id` and proposes its candidates. kInvalidArgument on
  // "title", the rule's fields, "exam_ids" for an exam not of the campaign
  // or not readable.
  Result<Commendation> Create(const Context& ctx, const CommendationDraft& d);
  // The lists of campaign `campaign_id` the caller may read (no entries),
  // newest first, at most 200.
  Result<std::vector<Commendation>> List(const Context& ctx, int64_t campaign_id);
  // One list with its entries; kNotFound when the caller may not read it.
  Result<Commendation> Get(const Context& ctx, int64_t id);
  // Changes a draft's title and rule and proposes again (see the top).
  // kFailedPrecondition once published; StaleVersion.
  Result<Commendation> UpdateRule(const Context& ctx, int64_t id, int64_t version,
                                  const std::string& title, const CommendationRule& rule);
  // Adds `person_id` (of the org's subtree; kInvalidArgument on
  // "person_id" otherwise, or when already on the list) with a reason
  // (required), or puts a removed person back.
  Result<Commendation> AddEntry(const Context& ctx, int64_t id, int64_t version, int64_t person_id,
                                const std::string& reason);
  // Takes `person_id` off the list with a reason (required); kNotFound on
  // "person_id" when not on it.
  Result<Commendation> RemoveEntry(const Context& ctx, int64_t id, int64_t version,
                                   int64_t person_id, const std::string& reason);
  // Publishes a draft (kFailedPrecondition when published already or when no
  // one is on it).
  Result<Commendation> Publish(const Context& ctx, int64_t id, int64_t version);

 private:
  storage::Database& db_;
};

}  // namespace duxing::domain::assessments

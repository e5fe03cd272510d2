// Research-report competitions (统计调研分析竞赛): a call (征集) with a
// deadline, a rubric and an awards plan; submissions with authors and one
// .docx or .pdf file; reviewers assigned by the organizer who score blind;
// aggregation, ranking and awards; stages collecting (征集) → reviewing
// (评审) → published (公布), forward only.
//
// Who may do what (ReportService checks every call):
// - the organizer: whoever may write records of the call's org (CanWrite):
//   edits the call, moves its stage, assigns reviewers, reads progress and
//   the ranking, assigns and adjusts awards;
// - people in scope (their person's org under one of the call's scope orgs,
//   or under the call's org when none is listed) submit while the call
//   collects and before its deadline, and edit their own submission then;
// - reviewers (accounts the organizer assigned) read their assigned
//   submissions blind: title, abstract and the file under a neutral name,
//   never authors, submitter or organization (BlindSubmission has no such
//   field); asking for the full submission is 403 until the results are
//   published. They score each criterion within its maximum while the call
//   is in review;
// - once published, everyone who sees the call reads the ranking with
//   authors and awards.
// The call is seen by staff who read its org, by people in scope and by its
// reviewers; anyone else gets 404.
//
// Audit: calls are filed under the call's org; everything about a submission
// (create, edit, file, review, award) is filed under no org, so that only
// system administrators and the actor read those entries: a reviewer who is
// an org admin must not learn a submitter from the audit log. For the same
// reason a system administrator cannot be a reviewer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "common/result.hpp"
#include "domain/attachments/attachment.hpp"
#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/list_query.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::assessments::reports {

enum class Stage { kCollecting, kReviewing, kPublished };
inline const CodedEnum<Stage> kStages = {
    {Stage::kCollecting, {"collecting", "征集"}},
    {Stage::kReviewing, {"reviewing", "评审"}},
    {Stage::kPublished, {"published", "公布"}}};

enum class Award { kFirst, kSecond, kThird, kExcellence };
inline const CodedEnum<Award> kAwards = {
    {Award::kFirst, {"first", "一等奖"}},
    {Award::kSecond, {"second", "二等奖"}},
    {Award::kThird, {"third", "三等奖"}},
    {Award::kExcellence, {"excellence", "优秀奖"}}};

inline constexpr size_t kMaxTitle = 100;
inline constexpr size_t kMaxDescription = 2000;
inline constexpr size_t kMaxAbstract = 2000;
inline constexpr size_t kMaxCriterionName = 50;
inline constexpr size_t kMaxCriteria = 20;
inline constexpr size_t kMaxScopeOrgs = 200;
inline constexpr size_t kMaxAuthors = 20;
inline constexpr size_t kMaxAuthorName = 50;
inline constexpr size_t kMaxComment = 2000;
inline constexpr size_t kMaxAssignEntries = 500;
inline constexpr int64_t kMaxCriterionScore = 100000; // 1000 points, hundredths
inline constexpr int64_t kMaxWeight = 10000;          // 100.00
inline constexpr int64_t kMaxAwardCount = 1000;
// The largest report file (.docx or .pdf), in bytes.
inline constexpr int64_t kDefaultMaxFileBytes = 20 << 20;

// One criterion of the rubric: scores 0..max_score; a review's weighted total
// is the sum of score × weight / 100 (all in hundredths).
struct Criterion {
  std::string name;
  int64_t max_score = 0; // hundredths, > 0
  int64_t weight = 100;  // hundredths, > 0 (1.00)
};

// How many of each award the call gives.
struct AwardsPlan {
  int64_t first = 0, second = 0, third = 0, excellence = 0;
};

struct Call {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_name; // filled on read
  std::optional<int64_t> campaign_id;
  std::string title;
  std::string description;
  TimePoint deadline_at;
  Stage stage = Stage::kCollecting;
  std::vector<int64_t> scope_org_ids; // empty: the call org's subtree
  std::vector<Criterion> rubric;
  AwardsPlan awards;
  int64_t submission_count = 0; // filled on read
  int64_t version = 1;
};

// What the caller may do with a call (filled by GetCall).
struct CallRights {
  bool organizer = false;  // edits, stages, assigns, ranks, awards
  bool may_submit = false; // in scope (the stage and deadline decide when)
  bool reviewer = false;   // assigned to at least one submission
};

struct Author {
  std::optional<int64_t> person_id; // a person of the system, or
  std::string name; // an outside name (a person's name when person_id)
};

// A submission as its submitter, the organizer and (once published)
// everyone who sees the call read it.
struct Submission {
  int64_t id = 0;
  int64_t call_id = 0;
  int64_t submitter_account_id = 0;
  std::string submitter_name; // the account's display name
  int64_t org_id = 0;
  std::string org_name;
  std::string title;
  std::string abstract;
  std::vector<Author> authors;
  std::optional<std::string> file_name; // as uploaded
  std::optional<int64_t> file_size;
  std::optional<std::string> media_type;
  std::optional<Award> award;
  int64_t version = 1;
  std::string created_at;
  std::string updated_at;
};

// The blind view of a submission: nothing that names authors, submitter or
// organization, by construction.
struct BlindSubmission {
  int64_t id = 0;
  int64_t call_id = 0;
  std::string title;
  std::string abstract;
  bool has_file = false;
  std::optional<int64_t> file_size;
  std::optional<std::string> media_type;
};
BlindSubmission Blind(const Submission &s);

// One reviewer's scores of one submission.
struct Review {
  int64_t submission_id = 0;
  int64_t account_id = 0;
  std::vector<int64_t> scores; // per criterion, hundredths
  std::string comment;
  int64_t total = 0; // weighted, hundredths
  std::string updated_at;
};

// A reviewer's task: the blind submission and their own review, if any.
struct ReviewTask {
  BlindSubmission submission;
  std::optional<Review> review;
};

// A mean kept exact as num / den (den 0: no review yet), so that equal
// means compare equal and ties share a rank.
struct Mean {
  int64_t num = 0;
  int64_t den = 0;
  double Value() const {
    return den ? static_cast<double>(num) / static_cast<double>(den) : 0;
  }
};

// The call's figure of a submission from its reviewers' weighted totals: the
// mean, or with five or more totals the trimmed mean (the highest and the
// lowest dropped once each). den 0 when `totals` is empty.
Mean Aggregate(const std::vector<int64_t> &totals);
// -1, 0, 1 as a is below, equal to or above b (a mean without reviews is
// below every mean with reviews).
int CompareMeans(const Mean &a, const Mean &b);

// sum of score × weight / 100, rounded half up (hundredths).
int64_t WeightedTotal(const std::vector<Criterion> &rubric,
                      const std::vector<int64_t> &scores);
// Scores fit the rubric: one per criterion, each 0..max. kFailedPrecondition
// naming "scores[i]" otherwise (kInvalidArgument for a wrong count).
Status CheckScores(const std::vector<Criterion> &rubric,
                   const std::vector<int64_t> &scores);

struct RankInput {
  int64_t submission_id = 0;
  Mean mean;
};
struct Ranked {
  int64_t submission_id = 0;
  Mean mean;
  int64_t rank = 0;           // 1-based; equal means share a rank (1, 1, 3)
  std::optional<Award> award; // from the plan (AssignAwards)
};
// Sorted best first (ties by submission id), with shared ranks.
std::vector<Ranked> Rank(std::vector<RankInput> in);
// Awards down the ranking: the first plan.first submissions 一等奖, then
// plan.second 二等奖, ... A group sharing a rank gets the same award, even
// when that gives the award to more than its count; submissions without
// reviews get none.
void AssignAwards(std::vector<Ranked> &ranked, const AwardsPlan &plan);

// Whether a call may move from `from` to `to`: one step forward only.
// kConflict otherwise (backwards, skipping, the same stage).
Status CheckStageStep(Stage from, Stage to);

// Checks a call's own fields (title, texts, rubric non-empty with bounded
// maxima and weights, awards counts), the first broken rule as
// kInvalidArgument on its field.
Status Validate(const Call &c);
// Checks a submission's own fields (title, abstract, authors: at least one,
// a name for outside authors).
Status Validate(const Submission &s);

// Progress of one reviewer (organizer's view).
struct ReviewerProgress {
  int64_t account_id = 0;
  std::string display_name;
  int64_t assigned = 0;
  int64_t reviewed = 0;
};
struct RankingRow {
  Submission submission; // full (the organizer or, once published, all)
  int64_t reviews = 0;   // entered
  int64_t assigned = 0;  // reviewers assigned
  Mean mean;
  int64_t rank = 0;
  std::optional<Award> suggested; // from the plan
};
struct RankingView {
  std::vector<RankingRow> rows;
  std::vector<ReviewerProgress> reviewers;
};

// A file chosen for download: the attachment and the name to send.
struct ReportFile {
  attachments::Attachment attachment;
  std::string download_name;
};

class ReportService {
public:
  ReportService(storage::Database &db, attachments::AttachmentService &files,
                int64_t max_file_bytes = kDefaultMaxFileBytes)
      : db_(db), files_(files), max_file_bytes_(max_file_bytes) {}

  int64_t max_file_bytes() const { return max_file_bytes_; }

  // Calls the caller sees (see the top), newest first.
  Result<Page<Call>> ListCalls(const Context &ctx, const PageRequest &page);
  // kNotFound unless the caller sees it.
  Result<std::pair<Call, CallRights>> GetCall(const Context &ctx, int64_t id);
  // A new call of c.org_id (the caller must write records there; 404 on
  // "org_id" outside what they read, 403 inside); scope orgs must be readable
  // by the caller (400 on "scope_org_ids[i]").
  Result<Call> CreateCall(const Context &ctx, const Call &c);
  // Replaces the editable fields (versioned). Only while collecting
  // (kFailedPrecondition); the rubric cannot change once a review exists.
  Result<Call> UpdateCall(const Context &ctx, int64_t id, int64_t version,
                          const Call &c);
  // One step forward (CheckStageStep: 409), by the organizer. To reviewing:
  // the deadline has passed and a submission exists (422). To published:
  // every assigned review entered and awards assigned (422).
  // The call's submitters and reviewers are notified (kind "report_stage")
  // in the same transaction.
  Result<Call> MoveStage(const Context &ctx, int64_t id, int64_t version,
                         Stage to);

  // The submissions of a call in full: all for the organizer (and staff
  // reading the call's org who are not its reviewers), all for everyone who
  // sees the call once published, otherwise the caller's own. A reviewer
  // before publication: 403.
  Result<Page<Submission>> ListSubmissions(const Context &ctx, int64_t call_id,
                                           const PageRequest &page);
  // Submits s to call `call_id`: the caller's person is in scope, the call
  // collects and its deadline has not passed (422). s.org_id 0: the
  // person's org; otherwise an org in scope (400). Authors who are people
  // must be readable by the caller or be the caller's own person (400).
  // A reviewer of the call never submits to it (403), as Assign never
  // names a submitter: both take the call row's lock first, so the two
  // never cross on PostgreSQL. One submission per account and call (422 on
  // "call_id" for a second): it stays replaceable (UpdateSubmission,
  // SetFile), and nobody floods the reviewers.
  Result<Submission> CreateSubmission(const Context &ctx, int64_t call_id,
                                      const Submission &s);
  // The full submission (see ListSubmissions for who); a reviewer of its
  // call before publication: 403.
  Result<Submission> GetSubmission(const Context &ctx, int64_t id);
  // Replaces title, abstract, authors (versioned): the submitter, while the
  // call collects and before its deadline.
  Result<Submission> UpdateSubmission(const Context &ctx, int64_t id,
                                      int64_t version, const Submission &s);
  // Whether the caller may send the file of submission `id` now (the same
  // rule as UpdateSubmission): decided before any byte of the body is read.
  Status CheckFileUpload(const Context &ctx, int64_t id);
  // Stores `file` (finished: type known) as the submission's file, replacing
  // the previous one. Only .docx and .pdf (422 on "file"). What is stored,
  // for everyone (the organizer too), is the file without its personal
  // metadata (attachments::ScrubbedCopy); a PDF whose compressed
  // parts name an author is refused (422 on "file").
  Result<Submission> SetFile(const Context &ctx, int64_t id,
                             std::unique_ptr<attachments::SpooledFile> file);
  // The file of submission `id`: the submitter and the organizer get the
  // uploaded name; a reviewer assigned to it a neutral one
  // (作品<id>.pdf); once published everyone who sees the call. kNotFound
  // when there is no file.
  Result<ReportFile> File(const Context &ctx, int64_t id);
  attachments::AttachmentService &files() { return files_; }

  // Assigns reviewers (accounts) to the call's submissions (all when
  // `submission_ids` is empty): the organizer, while collecting or
  // reviewing. An account that is disabled, a system admin, an organizer of
  // the call or a submitter in it is refused (422 on "account_ids[i]").
  // Existing assignments stay. Returns the assignments made.
  Result<int64_t> Assign(const Context &ctx, int64_t call_id,
                         const std::vector<int64_t> &account_ids,
                         const std::vector<int64_t> &submission_ids);
  // Removes reviewer `account_id` from every submission of the call and
  // returns how many assignments went: the organizer, before publication
  // (422 on "stage"). Refused (422 on "account_id") once that reviewer has
  // scored a submission of the call; 404 on "account_id" when they are not
  // one of its reviewers.
  Result<int64_t> RemoveReviewer(const Context &ctx, int64_t call_id,
                                 int64_t account_id);
  // The caller's assigned submissions of the call, blind, with their review.
  Result<std::vector<ReviewTask>> ReviewTasks(const Context &ctx,
                                              int64_t call_id);
  // Enters or replaces the caller's review of submission `id`: an assigned
  // reviewer while the call is in review (422 otherwise); scores fit the
  // rubric (422 on "scores[i]").
  Result<Review> SaveReview(const Context &ctx, int64_t id,
                            const std::vector<int64_t> &scores,
                            const std::string &comment);

  // Ranking with progress: the organizer from the review stage on; everyone
  // who sees the call once published (without reviewer progress).
  Result<RankingView> Ranking(const Context &ctx, int64_t call_id);
  // Stores the plan's awards from the ranking on every submission (the
  // organizer, in review). Returns the call (its version moves).
  Result<Call> AssignAwardsFromRanking(const Context &ctx, int64_t call_id,
                                       int64_t version);
  // Sets one submission's award (null: none): the organizer, in review.
  Result<Submission> SetAward(const Context &ctx, int64_t id, int64_t version,
                              std::optional<Award> award);

private:
  storage::Database &db_;
  attachments::AttachmentService &files_;
  int64_t max_file_bytes_;
  ListQuery call_totals_{std::vector<std::string>{"report_call"}};
  ListQuery submission_totals_{std::vector<std::string>{"report_submission"}};
};

// The record type of submissions, for attachment rights and the audit log.
inline constexpr const char *kSubmissionType = "report_submission";
// Declares who reads and attaches the files of submissions (the submitter
// attaches while allowed; the submitter and organizer read). Reviewers read
// through ReportService::File only.
void DeclareSubmissionFiles(attachments::RecordRights &rights);

const ModuleInfo &Info();

} // namespace duxing::domain::assessments::reports

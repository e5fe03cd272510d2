// Several graders and blind grading (评阅人, 盲评) of an exam's short answers.
//
// - The organizer (whoever writes the exam's org) assigns accounts as the
//   exam's graders. An assigned grader who does not write the exam's org
//   grades blind: the queue, the claims and the graded attempt they read
//   carry no taker's name, person id or organization.
// - A grader claims answers (by question or by taker) for kClaimMinutes: no
//   other grader, the organizer included, grades a claimed answer
//   meanwhile. Each answer carries a grade version: a grade naming an older
//   one, or racing another grade, is kConflict, never a lost grade.
// - Graders grade answers nobody has graded yet; the organizer regrades
//   (until the results are published).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/auth/principal.hpp"
#include "domain/context.hpp"
#include "domain/list_query.hpp"
#include "storage/database.hpp"

namespace duxing::domain::assessments {

inline constexpr int64_t kClaimMinutes = 30;
inline constexpr size_t kMaxGraders = 100;
inline constexpr int64_t kMaxClaim = 50;
inline constexpr int64_t kMaxCandidates = 50;        // accounts one candidates' search answers
inline constexpr size_t kMaxCandidateQueryBytes = 200;  // its search text

enum class GradingRole { kNone, kOrganizer, kGrader };

// The caller's part in grading exam `exam_id` (org at `exam_path`):
// kOrganizer when they write that org, kGrader when assigned and their
// person may neither take the exam nor has taken it (MayTakeOrTook), else
// kNone.
Result<GradingRole> GradingRoleOf(storage::Tx& tx, const auth::Principal& p, int64_t exam_id,
                                  const std::string& exam_path);
// Whether account `account_id`'s person is in the population of exam
// `exam_id` (named or by org and category, published or not) or has an
// attempt of it. Such a person is never its grader: a grader reads other
// takers' answers and the reference answers.
Result<bool> MayTakeOrTook(storage::Tx& tx, int64_t account_id, int64_t exam_id);
// The refusal for kNone: kPermissionDenied for staff who read the exam's
// org, kNotFound for others.
Error NoGradingRight(const auth::Principal& p, const std::string& exam_path);

// One short answer of the grading queue. person_name and org_name are
// empty (blind) for a grader who is not an organizer.
struct GradingItem {
  int64_t attempt_id = 0;
  int64_t question_id = 0;
  std::string person_name;
  std::string org_name;
  std::string stem;
  std::string reference_answer;
  std::string answer;
  int64_t points = 0;
  std::optional<int64_t> score;  // set once graded (the organizer's regrade view)
  int64_t version = 1;            // the answer's grade version
  bool claimed_by_me = false;
  bool claimed_by_other = false;  // an unexpired claim of another grader
  std::optional<std::string> claimed_until;
  std::string claimed_by_name;  // the holder's display name while claimed
};

struct GradingFilter {
  std::optional<int64_t> question_id;  // by question
  std::optional<int64_t> attempt_id;   // by taker
  bool graded = false;                 // graded answers instead (organizers: regrading)
};

struct GradingPage {
  Page<GradingItem> page;
  bool blind = false;
};

struct Grader {
  int64_t account_id = 0;
  std::string username;
  std::string display_name;
};

// The graders of an exam and the exam's version: a change of the set names
// the version it was read at and bumps it.
struct GraderSet {
  int64_t version = 0;
  std::vector<Grader> graders;
};

// An exam the caller is assigned to grade.
struct GradingAssignment {
  int64_t exam_id = 0;
  std::string title;
  int64_t ungraded = 0;       // short answers of submitted attempts still to grade
  int64_t claimed_by_me = 0;  // of them, under the caller's unexpired claim
};

class GraderService {
 public:
  explicit GraderService(storage::Database& db) : db_(db) {}

  // Replaces the graders of exam `exam_id` by `account_ids` (existing,
  // enabled accounts; at most kMaxGraders), for the organizer, when the
  // exam is still at `version` (else StaleVersion, nothing written); bumps
  // the exam's version. Audited (assign_graders). Every account must be a
  // candidate by Candidates' rule (the one rule, in one place): else
  // kInvalidArgument on "account_ids[i]" for an unknown or disabled one,
  // kFailedPrecondition on "account_ids[i]" for one whose person may take
  // or took the exam (MayTakeOrTook) or one outside the exam org's subtree;
  // kNotFound / kPermissionDenied as NoGradingRight.
  Result<GraderSet> SetGraders(const Context& ctx, int64_t exam_id, int64_t version,
                               const std::vector<int64_t>& account_ids);
  // Accounts the organizer of exam `exam_id` may assign as its graders
  // (the 评阅人 picker): enabled, in the exam org's subtree (their person's
  // org or one of their grants' orgs there), whose person may neither take
  // nor has taken the exam (MayTakeOrTook), and whose username or display
  // name contains `q` (empty: any); at most `limit` (1..kMaxCandidates), by
  // display name then id. For the organizer only: kNotFound /
  // kPermissionDenied as SetGraders. kInvalidArgument on "q" (over
  // kMaxCandidateQueryBytes bytes) or "limit". Already assigned graders are
  // included.
  Result<std::vector<Grader>> Candidates(const Context& ctx, int64_t exam_id, const std::string& q,
                                         int64_t limit);
  // The graders of exam `exam_id` and its version, for those who read its org.
  Result<GraderSet> Graders(const Context& ctx, int64_t exam_id);
  // The exams the caller is assigned to grade (not archived), newest first.
  Result<std::vector<GradingAssignment>> Assignments(const Context& ctx);

  // The short answers of exam `exam_id` waiting for grading (graded ones
  // with filter.graded, organizers only: kPermissionDenied for graders),
  // in taker then paper order, for organizers and graders (blind).
  Result<GradingPage> Queue(const Context& ctx, int64_t exam_id, const GradingFilter& filter,
                            const PageRequest& page);
  // Claims up to `limit` (1..kMaxClaim, kInvalidArgument on "limit")
  // ungraded answers under `filter` that no other grader holds, in queue
  // order, until now + kClaimMinutes; answers the caller already holds are
  // renewed and counted. Returns what the caller now holds under the filter.
  Result<GradingPage> Claim(const Context& ctx, int64_t exam_id, const GradingFilter& filter,
                            int64_t limit);
  // Gives back the caller's claims on exam `exam_id`; returns how many.
  Result<int64_t> Release(const Context& ctx, int64_t exam_id);

 private:
  storage::Database& db_;
  ListQuery totals_;  // answers change with every grade: counted per page
};

}  // namespace duxing::domain::assessments

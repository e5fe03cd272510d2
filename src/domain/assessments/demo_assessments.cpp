#include "domain/assessments/demo_assessments.hpp"

#include <algorithm>
#include <chrono>

#include "domain/assessments/attempt.hpp"
#include "domain/assessments/commendation.hpp"
#include "domain/assessments/exam.hpp"
#include "domain/assessments/paper.hpp"
#include "domain/assessments/question_transfer.hpp"

namespace duxing::domain::assessments {
namespace {

constexpr std::string_view kCommittee =
    "SELECT id FROM orgs WHERE name = '市统计局机关党委' AND archived = 0 ORDER BY id";
constexpr std::string_view kHistoryCategory =
    "SELECT 1 FROM question_categories WHERE org_id = $1 AND parent_id IS NULL "
    "AND name = '党史'";

constexpr std::string_view kHistoryRoot =
    "SELECT c.id, c.org_id FROM question_categories c JOIN orgs o ON o.id = c.org_id "
    "WHERE o.name = '市统计局机关党委' AND c.parent_id IS NULL AND c.name = '党史'";
constexpr std::string_view kExamNamed = "SELECT 1 FROM exams WHERE org_id = $1 AND title = $2";
// The 2021 campaign the competition belongs to (its 学习标兵 are chosen over it).
constexpr std::string_view kDemoCampaign =
    "SELECT id FROM campaigns WHERE year = 2021 AND archived = 0 ORDER BY id LIMIT 1";
constexpr std::string_view kAdminAccount = "SELECT id FROM accounts WHERE username = 'admin'";
// Members of the 机关 branches (not the retirees' branch), in id order.
constexpr std::string_view kTakers =
    "SELECT p.id, p.name FROM people p JOIN orgs o ON o.id = p.org_id "
    "WHERE p.category = 'member' AND p.archived = 0 AND o.name LIKE '机关第%支部' "
    "ORDER BY p.id LIMIT 24";

TimePoint At(const char* iso) { return *ParseTime(iso); }

Context As(const auth::Principal& p, TimePoint now) {
  Context ctx;
  ctx.principal = &p;
  ctx.now = now;
  return ctx;
}

// A right answer to `q`, or a wrong one (options as the bank's indexes).
AnswerValue AnswerOf(const QuestionContent& q, bool right) {
  switch (q.type) {
    case QuestionType::kSingle:
    case QuestionType::kMultiple: {
      if (right) {
        AnswerValue a;
        for (int i : q.correct_options) a.push_back(std::to_string(i));
        return a;
      }
      for (size_t i = 0; i < q.options.size(); ++i) {
        if (std::find(q.correct_options.begin(), q.correct_options.end(), static_cast<int>(i)) ==
            q.correct_options.end()) {
          return {std::to_string(i)};
        }
      }
      return {};
    }
    case QuestionType::kTrueFalse:
      return {(q.true_false_answer == right) ? "true" : "false"};
    case QuestionType::kFillBlank: {
      AnswerValue a;
      for (const auto& alternatives : q.blanks)
        a.push_back(right ? alternatives.front() : "不知道");
      return a;
    }
    case QuestionType::kShortAnswer:
      return {right ? q.reference_answer : "略"};
  }
  return {};
}

// Takes exam `exam_id` as person `person_id`, starting at `start`, each answer
// right with `percent` % chance (a fixed sequence from `seed`), and hands in.
Status TakeExam(storage::Database& db, int64_t exam_id, int64_t person_id, TimePoint start,
                int percent, uint64_t seed) {
  AttemptService attempts(db);
  auth::Principal taker;
  taker.person_id = person_id;
  taker.grants = {{auth::Role::kMember, 0, "/", ""}};
  DX_ASSIGN_OR_RETURN(Attempt a, attempts.Start(As(taker, start), exam_id));
  int64_t seq = 0;
  TimePoint t = start;
  for (const AttemptQuestion& q : a.questions) {
    seed = MixSeed(seed, static_cast<uint64_t>(q.question_id));
    bool right = static_cast<int>(seed % 100) < percent;
    t += std::chrono::seconds(40 + static_cast<int64_t>(seed % 50));
    AnswerValue answer = AnswerToKeys(q.content, q.option_order, AnswerOf(q.content, right));
    DX_RETURN_IF_ERROR(attempts.Save(As(taker, t), a.id, q.question_id, answer, ++seq));
  }
  DX_RETURN_IF_ERROR(attempts.Submit(As(taker, t + std::chrono::seconds(30)), a.id));
  return Ok();
}

struct DemoRule {
  QuestionType type;
  int64_t count;
  int64_t points;  // each, hundredths
};

// A rules paper over the 党史 category and a published exam on it.
Result<int64_t> MakeExam(storage::Database& db, const Context& ctx, int64_t org_id,
                         int64_t category_id, const std::string& title,
                         const std::vector<DemoRule>& rules, Exam e) {
  Paper paper;
  paper.org_id = org_id;
  paper.title = title;
  paper.kind = PaperKind::kRules;
  for (const DemoRule& r : rules) {
    paper.rules.push_back({category_id, r.type, std::nullopt, r.count, r.points});
  }
  PaperService papers(db);
  DX_ASSIGN_OR_RETURN(Paper made, papers.Create(ctx, paper));
  e.org_id = org_id;
  e.title = title;
  e.paper_id = made.id;
  e.published = true;
  ExamService exams(db);
  DX_ASSIGN_OR_RETURN(Exam exam, exams.Create(ctx, e));
  return exam.id;
}

}  // namespace

Result<int> AddDemoBank(storage::Tx& tx, const Context& ctx) {
  DX_ASSIGN_OR_RETURN(storage::Rows orgs, tx.Query(kCommittee, {}));
  if (orgs.empty()) return 0;
  int64_t org_id = orgs.front().Int(0);
  DX_ASSIGN_OR_RETURN(storage::Rows existing, tx.Query(kHistoryCategory, {org_id}));
  if (!existing.empty()) return 0;
  DX_ASSIGN_OR_RETURN(std::vector<SheetQuestion> questions, DemoBankQuestions());
  return QuestionTransfer::Write(tx, ctx, org_id, std::move(questions));
}

// The campaign's 学习标兵, proposed in December 2021 over the competition's
// scores (1 per point), self-study (2 per hour) and 学习强国 points (none
// weighed, a threshold of 0), the ten best, and published.
Status AddDemoCommendation(storage::Database& db, const auth::Principal& admin,
                           int64_t campaign_id, int64_t org_id, int64_t contest_id) {
  CommendationService commendations(db);
  CommendationDraft d;
  d.campaign_id = campaign_id;
  d.org_id = org_id;
  d.title = "2021年度党史学习教育学习标兵";
  d.rule.exam_ids = {contest_id};
  d.rule.exam_weight = 1;
  d.rule.study_weight = 2;
  d.rule.top_n = 10;
  DX_ASSIGN_OR_RETURN(Commendation c,
                      commendations.Create(As(admin, At("2021-12-20T02:00:00Z")), d));
  auto published = commendations.Publish(As(admin, At("2021-12-24T02:00:00Z")), c.id, c.version);
  if (!published.ok()) return published.error();
  return Ok();
}

Status AddDemoExams(storage::Database& db, TimePoint now, int64_t admin_account_id) {
  int64_t category_id = 0, org_id = 0;
  std::optional<int64_t> campaign_id;
  std::vector<std::pair<int64_t, std::string>> takers;
  {
    DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    DX_ASSIGN_OR_RETURN(storage::Rows root, tx->Query(kHistoryRoot, {}));
    if (root.empty()) return Ok();
    category_id = root.front().Int(0);
    org_id = root.front().Int(1);
    DX_ASSIGN_OR_RETURN(storage::Rows existing,
                        tx->Query(kExamNamed, {org_id, std::string(kDemoCompetition)}));
    if (!existing.empty()) return Ok();
    DX_ASSIGN_OR_RETURN(storage::Rows people, tx->Query(kTakers, {}));
    for (const auto& r : people) takers.emplace_back(r.Int(0), r.Text(1));
    DX_ASSIGN_OR_RETURN(storage::Rows campaign, tx->Query(kDemoCampaign, {}));
    if (!campaign.empty()) campaign_id = campaign.front().Int(0);
  }
  auth::Principal admin;
  admin.account_id = admin_account_id;
  admin.username = "admin";
  admin.display_name = "系统管理员";
  admin.grants = {{auth::Role::kSystemAdmin, 0, "/", "系统"}};

  // The competition: 09:00 to 11:00 Beijing time, one hour each, closed book.
  Exam contest;
  contest.mode = ExamMode::kClosedBook;
  contest.opens_at = At("2021-11-20T01:00:00Z");
  contest.closes_at = At("2021-11-20T03:00:00Z");
  contest.time_limit_seconds = 3600;
  contest.attempts_allowed = 1;
  contest.shuffle = true;
  contest.leave_limit = 3;
  contest.pass_points = 6000;
  contest.campaign_id = campaign_id;
  // A party-history contest for the party members, not their families or staff.
  contest.eligible_categories = {"member", "probationary"};
  Context setup = As(admin, At("2021-11-10T02:00:00Z"));
  DX_ASSIGN_OR_RETURN(int64_t contest_id, MakeExam(db, setup, org_id, category_id, kDemoCompetition,
                                                   {{QuestionType::kSingle, 20, 200},
                                                    {QuestionType::kMultiple, 10, 300},
                                                    {QuestionType::kTrueFalse, 10, 200},
                                                    {QuestionType::kFillBlank, 5, 200}},
                                                   contest));
  for (size_t i = 0; i < takers.size(); ++i) {
    // Starts spread over the first half hour; 55 % to 98 % of answers right.
    TimePoint start = contest.opens_at + std::chrono::seconds(45 * static_cast<int64_t>(i));
    int percent = 55 + static_cast<int>(MixSeed(takers[i].first, 2021) % 44);
    DX_RETURN_IF_ERROR(
        TakeExam(db, contest_id, takers[i].first, start, percent, MixSeed(takers[i].first, 1120)));
  }
  ExamService exams(db);
  Context published = As(admin, At("2021-11-22T02:00:00Z"));
  DX_ASSIGN_OR_RETURN(Exam held, exams.Get(published, contest_id));
  DX_RETURN_IF_ERROR(exams.PublishResults(published, contest_id, held.version));
  if (campaign_id) {
    DX_RETURN_IF_ERROR(AddDemoCommendation(db, admin, *campaign_id, org_id, contest_id));
  }

  // The practice exam, open from the campaign's start to the end of 2030.
  Exam practice;
  practice.mode = ExamMode::kPractice;
  practice.opens_at = At("2021-03-01T00:00:00Z");
  practice.closes_at = At("2030-12-31T15:59:59Z");
  practice.time_limit_seconds = 1800;
  practice.attempts_allowed = 0;
  practice.shuffle = true;
  practice.partial_credit = PartialCredit::kProportional;
  practice.pass_points = 6000;
  DX_RETURN_IF_ERROR(
      MakeExam(db, As(admin, now), org_id, category_id, kDemoPractice,
               {{QuestionType::kSingle, 10, 600}, {QuestionType::kTrueFalse, 5, 800}}, practice));
  return Ok();
}

Status AddDemoAssessments(DemoContext& demo) {
  int64_t admin_account_id = 0;
  {
    DX_ASSIGN_OR_RETURN(auto tx, demo.db.Begin(storage::TxMode::kWrite));
    Context ctx;
    ctx.now = demo.now;
    DX_ASSIGN_OR_RETURN(int added, AddDemoBank(*tx, ctx));
    (void)added;
    DX_ASSIGN_OR_RETURN(storage::Rows admin, tx->Query(kAdminAccount, {}));
    DX_RETURN_IF_ERROR(tx->Commit());
    if (admin.empty()) return Ok();
    admin_account_id = admin.front().Int(0);
  }  // the write transaction ends before the services begin theirs
  return AddDemoExams(demo.db, demo.now, admin_account_id);
}

}  // namespace duxing::domain::assessments

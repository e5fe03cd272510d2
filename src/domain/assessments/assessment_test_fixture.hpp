// Test support of the assessment services' unit tests: a clean database of
// every engine with an org tree (机关党委 → 机关第一支部, and 另一单位), an org
// admin of 机关党委, a taker in the first branch and an outsider, a category
// tree, and helpers that add questions, papers and exams. Included by the
// *_test.cpp files of domain/assessments only.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "domain/assessments/attempt.hpp"
#include "domain/assessments/exam.hpp"
#include "domain/assessments/paper.hpp"
#include "domain/assessments/question.hpp"
#include "domain/auth/auth_service.hpp"
#include "domain/orgs/org.hpp"
#include "domain/people/person.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_accounts.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::assessments {

using std::chrono::seconds;
using test::Describe;
using test::ExpectError;

inline QuestionContent SingleChoice(const std::string& stem) {
  QuestionContent q;
  q.type = QuestionType::kSingle;
  q.stem = stem;
  q.options = {"甲", "乙", "丙", "丁"};
  q.correct_options = {1};
  q.explanation = "乙是正确答案";
  return q;
}

inline QuestionContent ShortAnswer() {
  QuestionContent q;
  q.type = QuestionType::kShortAnswer;
  q.stem = "简述学习党史的意义。";
  q.reference_answer = "学史明理、学史增信、学史崇德、学史力行";
  return q;
}

// The key that attempt `a`'s paper gives question `question_id`'s option
// reading `text` (a taker picks by what they read); "" when none does.
inline std::string KeyOf(const Attempt& a, int64_t question_id, const std::string& text) {
  for (const auto& q : a.questions) {
    if (q.question_id != question_id) continue;
    for (const auto& option : PaperOptions(q)) {
      if (option.text == text) return option.key;
    }
  }
  return "";
}

class AssessmentTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    DX_SKIP_IF_NO_ENGINE(GetParam());
    auto clean = test::CleanDatabase::OpenMigrated(GetParam());
    ASSERT_TRUE(clean.ok()) << Describe(clean.error());
    clean_ = std::move(clean).value();
    system_.grants = {{auth::Role::kSystemAdmin, 0, "/", "系统"}};
    orgs::OrgService orgs(db());
    ASSERT_OK_AND_ASSIGN(root_, orgs.Create(As(system_), {std::nullopt, "机关党委",
                                                          orgs::Kind::kPartyCommittee, 0}));
    ASSERT_OK_AND_ASSIGN(
        first_, orgs.Create(As(system_), {root_.id, "机关第一支部", orgs::Kind::kBranch, 0}));
    ASSERT_OK_AND_ASSIGN(other_, orgs.Create(As(system_), {std::nullopt, "另一单位",
                                                           orgs::Kind::kPartyCommittee, 1}));
    {
      auto tx = db().Begin(storage::TxMode::kWrite);
      ASSERT_TRUE(tx.ok()) << Describe(tx.error());
      ASSERT_OK(test::CreateAccounts(
          **tx, {{&admin_, "root_admin", auth::Role::kOrgAdmin, root_}}, now_));
      ASSERT_OK((*tx)->Commit());
    }  // returns the write connection
    taker_ = AddPerson("张三", first_);
    outsider_ = AddPerson("李四", other_);
    bank_ = std::make_unique<QuestionBank>(db());
    papers_ = std::make_unique<PaperService>(db());
    exams_ = std::make_unique<ExamService>(db());
    attempts_ = std::make_unique<AttemptService>(db());
    ASSERT_OK_AND_ASSIGN(Category party,
                         bank_->CreateCategory(As(admin_), root_.id, std::nullopt, "党史"));
    ASSERT_OK_AND_ASSIGN(Category period, bank_->CreateCategory(As(admin_), root_.id, party.id,
                                                                "新民主主义革命时期"));
    party_ = party.id;
    period_ = period.id;
  }

  storage::Database& db() { return clean_->db(); }

  Context As(const auth::Principal& p, seconds after = seconds(0)) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = now_ + after;
    return ctx;
  }

  // A person of `org` named `name` (category member) with an account of
  // `role` there, as a principal.
  auth::Principal AddPerson(const std::string& name, const orgs::Org& org,
                            auth::Role role = auth::Role::kMember) {
    people::PeopleService people(db());
    people::PersonFields f;
    f.name = name;
    f.category = "member";
    f.org_id = org.id;
    auto person = people.Create(As(system_), f);
    EXPECT_TRUE(person.ok()) << Describe(person.error());
    auth::Principal p;
    if (!person.ok()) return p;
    auto tx = db().Begin(storage::TxMode::kWrite);
    EXPECT_TRUE(tx.ok());
    auto id = auth::AuthService::CreateAccount(
        **tx,
        {"u" + std::to_string(++accounts_), name, "Correct-horse-7", person->id, {{role, org.id}}},
        now_);
    EXPECT_TRUE(id.ok()) << Describe(id.error());
    EXPECT_TRUE((*tx)->Commit().ok());
    p.account_id = *id;
    p.person_id = person->id;
    p.grants = {{role, org.id, org.path, org.name}};
    return p;
  }

  Question AddQuestion(QuestionContent c, int64_t category) {
    auto q = bank_->Create(As(admin_), {root_.id, category, {"党史"}, std::move(c)});
    EXPECT_TRUE(q.ok()) << Describe(q.error());
    return q.ok() ? *q : Question{};
  }

  Paper FixedPaper(const std::vector<int64_t>& questions, int64_t points = 200) {
    Paper p;
    p.org_id = root_.id;
    p.title = "党史知识竞赛试卷";
    for (int64_t id : questions) p.items.push_back({id, 0, points});
    auto created = papers_->Create(As(admin_), p);
    EXPECT_TRUE(created.ok()) << Describe(created.error());
    return created.ok() ? *created : Paper{};
  }

  Exam MakeExam(int64_t paper, ExamMode mode = ExamMode::kClosedBook) {
    Exam e;
    e.org_id = root_.id;
    e.title = "党史知识竞赛";
    e.paper_id = paper;
    e.mode = mode;
    e.opens_at = now_ - seconds(60);
    e.closes_at = now_ + seconds(3600);
    e.time_limit_seconds = 600;
    e.grace_seconds = 30;
    e.attempts_allowed = mode == ExamMode::kClosedBook ? 1 : 0;
    e.published = true;
    auto created = exams_->Create(As(admin_), e);
    EXPECT_TRUE(created.ok()) << Describe(created.error());
    return created.ok() ? *created : Exam{};
  }

  std::unique_ptr<test::CleanDatabase> clean_;
  TimePoint now_ = TimePoint(seconds(1'700'000'000));
  auth::Principal system_, admin_, taker_, outsider_;
  orgs::Org root_, first_, other_;
  int64_t party_ = 0, period_ = 0;
  int accounts_ = 0;  // AddPerson's account names: u1, u2, ...
  std::unique_ptr<QuestionBank> bank_;
  std::unique_ptr<PaperService> papers_;
  std::unique_ptr<ExamService> exams_;
  std::unique_ptr<AttemptService> attempts_;
};

}  // namespace duxing::domain::assessments

// The question bank's import (all or nothing, categories found or made by
// path, rights before reading), its export (the same columns, a round trip)
// and the demo 党史 bank, on every engine of TestDatabaseUrls().
#include "domain/assessments/question_transfer.hpp"

#include <gtest/gtest.h>

#include "domain/assessments/demo_assessments.hpp"
#include "domain/assessments/exam.hpp"
#include "domain/assessments/results.hpp"
#include "domain/auth/auth_service.hpp"
#include "domain/demo/demo_org.hpp"
#include "domain/orgs/org.hpp"
#include "tabular/xlsx_writer.hpp"
#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_accounts.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::assessments {
namespace {

using test::Describe;
using test::ExpectError;
using Row = std::vector<std::string>;

Row MakeRow(Row head, Row options, Row tail) {
  options.resize(kMaxOptions);
  head.insert(head.end(), options.begin(), options.end());
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

std::string Xlsx(std::vector<Row> rows) {
  auto bytes = tabular::WriteXlsx(QuestionExportSheet(std::move(rows)));
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? *bytes : std::string();
}

const std::vector<Row>& GoodRows() {
  static const std::vector<Row> rows = {
      MakeRow({"党史/中国共产党的创立", "单选题", "1", "中共一大于哪一年召开？"},
              {"1920年", "1921年"}, {"B", "1921年7月。", "一大，建党", ""}),
      MakeRow({"党史/新民主主义革命时期", "多选题", "2", "三大战役是"},
              {"辽沈", "淮海", "平津", "渡江"}, {"ABC", "", "", ""}),
      MakeRow({"党史/中国共产党的创立", "判断题", "3", "一大在上海开幕。"}, {},
              {"正确", "", "", ""}),
      MakeRow({"党史", "填空题", "4", "____年____月"}, {}, {"1921；7|七", "", "", "不分顺序"}),
      MakeRow({"党建/三会一课", "简答题", "5", "什么是三会一课？"}, {}, {"参考答案", "", "", ""}),
  };
  return rows;
}

class QuestionTransferTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    bank_ = std::make_unique<QuestionBank>(db());
    transfer_ = std::make_unique<QuestionTransfer>(db(), *bank_);
    system_.account_id = 1;
    orgs::OrgService orgs(db());
    ASSERT_OK_AND_ASSIGN(
        orgs::Org root,
        orgs.Create(As(system_), {std::nullopt, "机关党委", orgs::Kind::kPartyCommittee, 0}));
    ASSERT_OK_AND_ASSIGN(orgs::Org first, orgs.Create(As(system_), {root.id, "机关第一支部",
                                                                    orgs::Kind::kBranch, 0}));
    root_ = root.id;
    first_ = first.id;
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    ASSERT_OK(test::CreateAccounts(**tx,
                                   {{&admin_, "admin", auth::Role::kOrgAdmin, root},
                                    {&leader_, "leader", auth::Role::kLeader, root},
                                    {&secretary_, "secretary", auth::Role::kBranchSecretary, first},
                                    {&member_, "member", auth::Role::kMember, first}},
                                   now_));
    ASSERT_OK((*tx)->Commit());
  }

  Context As(const auth::Principal& p) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = now_;
    return ctx;
  }

  int64_t Count(const std::string& sql) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(sql, {});
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : -1;
  }

  // Questions, categories, versions and audit entries: unchanged, nothing
  // written.
  std::vector<int64_t> Written() {
    return {Count("SELECT COUNT(*) FROM questions"),
            Count("SELECT COUNT(*) FROM question_categories"),
            Count("SELECT COUNT(*) FROM question_versions"),
            Count("SELECT COUNT(*) FROM question_tags"), Count("SELECT COUNT(*) FROM audit_log")};
  }

  TimePoint now_{std::chrono::sys_days(std::chrono::year(2026) / 3 / 1).time_since_epoch()};
  std::unique_ptr<QuestionBank> bank_;
  std::unique_ptr<QuestionTransfer> transfer_;
  auth::Principal admin_, leader_, secretary_, member_;
  int64_t root_ = 0, first_ = 0;
};

TEST_P(QuestionTransferTest, ImportsEveryRowMakingEachCategoryPathOnce) {
  ASSERT_OK_AND_ASSIGN(int added,
                       transfer_->Import(As(admin_), root_, SheetFormat::kXlsx, Xlsx(GoodRows())));
  EXPECT_EQ(added, 5);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM questions"), 5);
  // 党史, its two children, 党建, 三会一课.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM question_categories"), 5);
  ASSERT_OK_AND_ASSIGN(
      auto again, transfer_->Import(As(admin_), root_, SheetFormat::kXlsx, Xlsx({GoodRows()[0]})));
  EXPECT_EQ(again, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM question_categories"), 5);
  ASSERT_OK_AND_ASSIGN(auto cats, bank_->Categories(As(admin_), root_));
  for (const Category& c : cats) {
    if (c.name == "中国共产党的创立") {
      ASSERT_TRUE(c.parent_id.has_value());
    }
  }
}

TEST_P(QuestionTransferTest, ABadRowWritesNothingAndNamesRowAndColumn) {
  auto before = Written();
  std::vector<Row> rows = GoodRows();
  rows.push_back(MakeRow({"党史", "单选题", "1", "题"}, {"甲", "乙"}, {"C", "", "", ""}));
  auto imported = transfer_->Import(As(admin_), root_, SheetFormat::kXlsx, Xlsx(rows));
  ExpectError(imported, Code::kInvalidArgument);
  ASSERT_EQ(imported.error().details.size(), 1u);
  EXPECT_EQ(imported.error().details[0].row, 7);
  EXPECT_EQ(imported.error().details[0].column, "答案");
  EXPECT_EQ(Written(), before);
  ExpectError(transfer_->Import(As(admin_), root_, SheetFormat::kXlsx, "PK not a zip"),
              Code::kInvalidArgument);
  ExpectError(transfer_->Import(As(admin_), root_, SheetFormat::kXlsx,
                                std::string(kMaxImportBytes + 1, 'x')),
              Code::kTooLarge);
  EXPECT_EQ(Written(), before);
}

TEST_P(QuestionTransferTest, OnlyWritersOfTheBanksOrgImportAndExport) {
  auto before = Written();
  std::string file = Xlsx(GoodRows());
  ExpectError(transfer_->Import(As(member_), root_, SheetFormat::kXlsx, file), Code::kNotFound,
              "org_id");
  ExpectError(transfer_->Import(As(secretary_), root_, SheetFormat::kXlsx, file), Code::kNotFound,
              "org_id");
  ExpectError(transfer_->Import(As(leader_), root_, SheetFormat::kXlsx, file),
              Code::kPermissionDenied, "org_id");
  ExpectError(transfer_->Import(As(admin_), 999999, SheetFormat::kXlsx, file), Code::kNotFound,
              "org_id");
  ExpectError(transfer_->Export(As(leader_), root_), Code::kPermissionDenied, "org_id");
  EXPECT_EQ(Written(), before);
  ASSERT_OK_AND_ASSIGN(int added,
                       transfer_->Import(As(secretary_), first_, SheetFormat::kXlsx, file));
  EXPECT_EQ(added, 5);
}

TEST_P(QuestionTransferTest, TheExportGivesBackTheImportedRows) {
  ASSERT_OK_AND_ASSIGN(int added,
                       transfer_->Import(As(admin_), root_, SheetFormat::kXlsx, Xlsx(GoodRows())));
  EXPECT_EQ(added, 5);
  ASSERT_OK_AND_ASSIGN(tabular::Sheet sheet, transfer_->Export(As(admin_), root_));
  std::vector<Row> expected = GoodRows();
  expected[0][kMaxOptions + 6] = "一大，建党";  // tags, sorted
  ASSERT_EQ(sheet.rows.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(sheet.rows[i], expected[i]) << i;
  ASSERT_OK_AND_ASSIGN(tabular::Sheet blanks,
                       transfer_->Export(As(admin_), root_, QuestionType::kFillBlank));
  ASSERT_EQ(blanks.rows.size(), 1u);
  EXPECT_EQ(blanks.rows[0], expected[3]);
  // The branch's bank is another bank.
  ASSERT_OK_AND_ASSIGN(tabular::Sheet branch, transfer_->Export(As(admin_), first_));
  EXPECT_TRUE(branch.rows.empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, QuestionTransferTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()), test::UrlParamName());

class DemoBankTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DemoBankTest, TheDemoBankIsAddedOnceToTheCommitteesBank) {
  DX_SKIP_IF_NO_ENGINE(GetParam());
  auto clean = test::CleanDatabase::OpenMigrated(GetParam());
  ASSERT_TRUE(clean.ok()) << Describe(clean.error());
  storage::Database& db = (*clean)->db();
  TimePoint now{std::chrono::sys_days(std::chrono::year(2026) / 3 / 1).time_since_epoch()};
  Context init;
  init.now = now;
  auto add = [&]() -> Result<int> {
    DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
    DX_ASSIGN_OR_RETURN(int added, AddDemoBank(*tx, init));
    DX_RETURN_IF_ERROR(tx->Commit());
    return added;
  };
  ASSERT_OK_AND_ASSIGN(int none, add());  // no demo bureau yet: nothing
  EXPECT_EQ(none, 0);
  ASSERT_OK(demo::BuildDemo(db, now, "Demo-pass-2026"));
  ASSERT_OK_AND_ASSIGN(int added, add());
  EXPECT_GE(added, 200);
  ASSERT_OK_AND_ASSIGN(int twice, add());
  EXPECT_EQ(twice, 0);
  auto tx = db.Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  ASSERT_OK_AND_ASSIGN(auto types, (*tx)->Query("SELECT COUNT(DISTINCT type), COUNT(DISTINCT "
                                                "difficulty), COUNT(*) FROM questions",
                                                {}));
  EXPECT_EQ(types[0].Int(0), 5);
  EXPECT_EQ(types[0].Int(1), 5);
  EXPECT_EQ(types[0].Int(2), added);
}

TEST_P(DemoBankTest, TheDemoStepHoldsTheCompetitionWithPublishedResultsAndAPracticeExam) {
  DX_SKIP_IF_NO_ENGINE(GetParam());
  auto clean = test::CleanDatabase::OpenMigrated(GetParam());
  ASSERT_TRUE(clean.ok()) << Describe(clean.error());
  storage::Database& db = (*clean)->db();
  TimePoint now{std::chrono::sys_days(std::chrono::year(2026) / 3 / 1).time_since_epoch()};
  ASSERT_OK(demo::BuildDemo(db, now, "Demo-pass-2026"));
  std::vector<DemoAccount> accounts;
  std::string password = "Demo-pass-2026";
  DemoContext demo{db, now, password, accounts};
  ASSERT_OK(AddDemoAssessments(demo));
  ASSERT_OK(AddDemoAssessments(demo));  // once
  auth::Principal system;
  system.grants = {{auth::Role::kSystemAdmin, 0, "/", "系统"}};
  Context ctx;
  ctx.principal = &system;
  ctx.now = now;
  ExamService exams(db);
  ASSERT_OK_AND_ASSIGN(auto list, exams.List(ctx, PageRequest{}));
  ASSERT_EQ(list.items.size(), 2u);
  const Exam& practice = list.items[0];
  const Exam& contest = list.items[1];
  EXPECT_EQ(contest.title, kDemoCompetition);
  EXPECT_EQ(contest.mode, ExamMode::kClosedBook);
  EXPECT_TRUE(contest.results_published);
  EXPECT_EQ(contest.total_points, 10000);
  EXPECT_EQ(practice.title, kDemoPractice);
  EXPECT_EQ(practice.mode, ExamMode::kPractice);
  EXPECT_GT(practice.closes_at, now);
  ResultsService ranking(db);
  ASSERT_OK_AND_ASSIGN(auto results, ranking.Ranking(ctx, contest.id, {}, "-score", PageRequest{}));
  EXPECT_GE(results.stats.submitted, 20);
  EXPECT_GT(results.stats.average, 50);
  EXPECT_LT(results.stats.average, 100);
  EXPECT_GT(results.stats.pass_rate, 0.5);
  ASSERT_FALSE(results.page.items.empty());
  EXPECT_GT(results.page.items.front().score, results.page.items.back().score);
}

INSTANTIATE_TEST_SUITE_P(Engines, DemoBankTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::assessments

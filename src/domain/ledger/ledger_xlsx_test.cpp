// The 台账 Excel import on every engine of TestDatabaseUrls(): an org named
// by its path when its name is not unique, a leader found above the org, a
// closed row closed by its verifier, and a file with bad rows refused whole
// with each row and column; the import template, filled in, imports; the
// export's row.
#include "domain/ledger/ledger_xlsx.hpp"

#include <gtest/gtest.h>

#include "domain/import_problems.hpp"
#include "domain/orgs/org.hpp"
#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::ledger {
namespace {

using test::Describe;

const TimePoint kNow{std::chrono::sys_days(std::chrono::year(2026) / 3 / 10).time_since_epoch()};

TEST(LedgerXlsx, TheExportRowHoldsTheColumnsInOrder) {
  Item item;
  item.title = "食堂卫生整改";
  item.measures = "每周检查";
  item.org_name = "机关第一支部";
  item.responsible_name = "张三";
  item.leader_name = "李四";
  item.deadline = "2026-03-01";
  item.result = "已完成";
  item.status = ItemStatus::kClosed;
  item.closed_at = "2026-03-04T17:00:00Z";  // 01:00 on 03-05 in China
  item.closed_by_name = "王五";
  item.item_class = ItemClass::kImmediate;
  EXPECT_EQ(ExportRow(3, item, {"第一次", "第二次"}),
            (std::vector<std::string>{"3", "食堂卫生整改", "每周检查", "机关第一支部", "张三",
                                      "李四", "2026-03-01", "第一次\n第二次", "已完成",
                                      "2026-03-05", "王五", "立行立改", ""}));
  item.status = ItemStatus::kInProgress;
  item.kind = Kind::kProject;
  item.item_class.reset();
  item.project_area = ProjectArea::kElderlyChildren;
  auto open = ExportRow(1, item, {});
  EXPECT_EQ(open[9], "");
  EXPECT_EQ(std::vector<std::string>(open.begin() + 11, open.end()),
            (std::vector<std::string>{"", "一老一小"}));
  // The usual 台账 columns as the issue lists them, then the optional two.
  EXPECT_EQ(LedgerColumns(),
            (std::vector<std::string>{"序号", "问题/事项", "整改措施/办理措施", "责任单位",
                                      "责任人", "责任领导", "时限", "进展情况", "完成情况",
                                      "销号日期", "验收人", "类别", "领域"}));
}

class LedgerImportTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_.grants = {{auth::Role::kSystemAdmin, 0, "/", "系统"}};
    orgs::OrgService orgs(clean_->db());
    Context ctx = Ctx(admin_);
    ASSERT_OK_AND_ASSIGN(committee_, orgs.Create(ctx, {std::nullopt, "机关党委",
                                                       orgs::Kind::kPartyCommittee, 0}));
    ASSERT_OK_AND_ASSIGN(first_, orgs.Create(ctx, {committee_.id, "机关第一支部",
                                                   orgs::Kind::kBranch, 0}));
    ASSERT_OK_AND_ASSIGN(second_, orgs.Create(ctx, {committee_.id, "机关第二支部",
                                                    orgs::Kind::kBranch, 1}));
    ASSERT_OK_AND_ASSIGN(group1_, orgs.Create(ctx, {first_.id, "第一党小组", orgs::Kind::kGroup, 0}));
    ASSERT_OK_AND_ASSIGN(group2_, orgs.Create(ctx, {second_.id, "第一党小组", orgs::Kind::kGroup, 0}));
    zhang_ = AddPerson("张三", group2_);
    li_ = AddPerson("李书记", committee_);
    admin_.account_id = Insert(
        "INSERT INTO accounts (username, display_name, password_hash, created_at, updated_at) "
        "VALUES ('admin', 'admin', 'x', $1, $1) RETURNING id",
        {FormatTime(kNow)});
    secretary_.account_id = admin_.account_id;
    secretary_.grants = {{auth::Role::kBranchSecretary, first_.id, first_.path, first_.name}};
  }

  Context Ctx(const auth::Principal& p) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = kNow;
    return ctx;
  }
  int64_t Insert(const std::string& sql, const storage::Params& params) {
    auto tx = clean_->db().Begin(storage::TxMode::kWrite);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(sql, params);
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    EXPECT_TRUE((*tx)->Commit().ok());
    return row.ok() ? row->Int(0) : 0;
  }
  int64_t AddPerson(const std::string& name, const orgs::Org& org) {
    return Insert(
        "INSERT INTO people (name, category, org_id, org_path, created_at, updated_at) "
        "VALUES ($1, 'member', $2, $3, $4, $4) RETURNING id",
        {name, org.id, org.path, FormatTime(kNow)});
  }
  int64_t Count(const std::string& where) {
    return Insert("SELECT COUNT(*) FROM ledger_items WHERE " + where, {});
  }
  std::string File(const std::vector<std::vector<std::string>>& rows) {
    tabular::Sheet sheet;
    sheet.header = LedgerColumns();
    sheet.rows = rows;
    auto bytes = tabular::WriteXlsx(sheet);
    EXPECT_TRUE(bytes.ok());
    return bytes.ok() ? *bytes : "";
  }

  auth::Principal admin_, secretary_;
  orgs::Org committee_, first_, second_, group1_, group2_;
  int64_t zhang_ = 0, li_ = 0;
};

TEST_P(LedgerImportTest, ResolvesOrgsByPathAndPeopleAboveAndLandsClosedRowsClosed) {
  LedgerXlsx xlsx(clean_->db());
  const std::string file = File({
      {"1", "门禁整改", "更换门禁", "机关第二支部/第一党小组", "张三", "李书记", "2026-04-01",
       "已联系厂家", "", "", ""},
      // The people import's matcher (orgs::OrgNames): spaces around "/" ignored.
      {"2", "台账补录", "", "机关第二支部 / 第一党小组", "张三", "", "2026-02-01", "", "已补录",
       "2026-03-01", "李书记"},
  });
  ASSERT_OK_AND_ASSIGN(ImportResult n,
                       xlsx.Import(Ctx(admin_), {Kind::kRectification, std::nullopt}, file));
  EXPECT_EQ(n.imported, 2);
  EXPECT_EQ(Count("org_id = " + std::to_string(group2_.id) + " AND status = 'in_progress' AND "
                  "leader_person_id = " + std::to_string(li_) + " AND source_type = 'import'"),
            1);
  EXPECT_EQ(Count("status = 'closed' AND closed_by_person_id = " + std::to_string(li_) +
                  " AND closed_at = '2026-02-28T16:00:00Z' AND result = '已补录'"),
            1);
  // The import moved the items' change counter (the lists' caches follow it).
  EXPECT_EQ(Insert("SELECT COUNT(*) FROM generations WHERE name = 'ledger_item'", {}), 1);
  EXPECT_EQ(Insert("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'progress' AND "
                   "text = '已联系厂家'",
                   {}),
            1);
}

// A leader or verifier of another branch, named once among the people the
// importer reads, is found (the item's form allows them; an export of such
// items imports back); the responsible person stays within the org.
TEST_P(LedgerImportTest, ALeaderOfAnotherBranchIsFoundWhereTheImporterReads) {
  const int64_t zeng = AddPerson("曾俊杰", group1_);  // 机关第一支部
  LedgerXlsx xlsx(clean_->db());
  const std::string file = File({
      {"1", "跨支部督办", "", "机关第二支部", "张三", "曾俊杰", "2026-04-01", "", "", "", ""},
  });
  ASSERT_OK_AND_ASSIGN(ImportResult n,
                       xlsx.Import(Ctx(admin_), {Kind::kRectification, std::nullopt}, file));
  EXPECT_EQ(n.imported, 1);
  EXPECT_EQ(Count("title = '跨支部督办' AND leader_person_id = " + std::to_string(zeng)), 1);
  // Named twice where the importer reads, neither in the item's org nor
  // above it: which one is not guessed.
  AddPerson("曾俊杰", group2_);
  orgs::OrgService orgs(clean_->db());
  ASSERT_OK_AND_ASSIGN(orgs::Org third, orgs.Create(Ctx(admin_), {committee_.id, "机关第三支部",
                                                                   orgs::Kind::kBranch, 2}));
  auto twice = xlsx.Import(Ctx(admin_), {Kind::kRectification, std::nullopt},
                           File({{"1", "再次督办", "", "机关第三支部", "", "曾俊杰", "2026-04-01",
                                  "", "", "", ""}}));
  EXPECT_FALSE(twice.ok());
  // As responsible person, someone of another branch is not taken.
  auto responsible = xlsx.Import(Ctx(admin_), {Kind::kRectification, std::nullopt},
                                 File({{"1", "跨支部办理", "", "机关第二支部", "李书记", "", "2026-04-01",
                                        "", "", "", ""}}));
  EXPECT_FALSE(responsible.ok());
}

TEST_P(LedgerImportTest, RefusesTheWholeFileListingEveryBadRow) {
  LedgerXlsx xlsx(clean_->db());
  const std::string file = File({
      {"", "名称不唯一", "", "第一党小组"},
      {"", "无权", "", "机关第二支部"},
      {"", "自己验收", "", "机关第二支部/第一党小组", "张三", "", "", "", "", "2026-03-01", "张三"},
      {"", "好的一行", "", "机关第一支部"},
      {"", "将来销号", "", "机关第一支部", "", "", "", "", "", "2026-03-11", "李书记"},
  });
  auto refused = xlsx.Import(Ctx(secretary_), {Kind::kConcern, std::nullopt}, file);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kInvalidArgument);
  std::vector<std::pair<int, std::string>> got;
  for (const auto& d : refused.error().details) got.push_back({d.row, d.column});
  // The secretary reads only the first branch: the second's orgs are not found.
  EXPECT_EQ(got, (std::vector<std::pair<int, std::string>>{
                     {3, "责任单位"}, {4, "责任单位"}, {6, "销号日期"}}));
  auto as_admin = xlsx.Import(Ctx(admin_), {Kind::kConcern, std::nullopt}, file);
  ASSERT_FALSE(as_admin.ok());
  got.clear();
  for (const auto& d : as_admin.error().details) got.push_back({d.row, d.column});
  EXPECT_EQ(got, (std::vector<std::pair<int, std::string>>{
                     {2, "责任单位"}, {4, "验收人"}, {6, "销号日期"}}));
  EXPECT_NE(as_admin.error().details[0].reason.find("机关第一支部/第一党小组"), std::string::npos)
      << as_admin.error().details[0].reason;
  EXPECT_EQ(Count("1 = 1"), 0);
  test::ExpectError(xlsx.Import(Ctx(secretary_), {Kind::kConcern, int64_t{999}}, file),
                    Code::kInvalidArgument, "campaign_id");
  auth::Principal member;
  member.person_id = zhang_;
  test::ExpectError(xlsx.Import(Ctx(member), {Kind::kConcern, std::nullopt}, file),
                    Code::kPermissionDenied);
}

TEST_P(LedgerImportTest, TheTemplateFilledInImportsAndItsExampleRowIsNotTakenForData) {
  tabular::Sheet sheet = ImportTemplateSheet();
  std::vector<std::string> titles;
  std::vector<std::string> required;
  for (const auto& h : sheet.header) {
    titles.push_back(HeaderTitle(h));
    if (h.ends_with("*")) required.push_back(titles.back());
  }
  EXPECT_EQ(titles, LedgerColumns());
  EXPECT_EQ(required, (std::vector<std::string>{"问题/事项", "责任单位"}));
  ASSERT_EQ(sheet.rows.size(), 1u);
  EXPECT_EQ(sheet.rows[0].size(), LedgerColumns().size());
  ASSERT_FALSE(sheet.notes.empty());
  std::string notes;
  for (const auto& n : sheet.notes) notes += n + "\n";
  for (const char* says : {"删除示例行", "机关第二支部/第一党小组", "YYYY-MM-DD", "验收人不能是责任人",
                           "不会导入任何数据"}) {
    EXPECT_NE(notes.find(says), std::string::npos) << says;
  }

  LedgerXlsx xlsx(clean_->db());
  // As downloaded, its example names people this bureau does not have: refused, nothing written.
  ASSERT_OK_AND_ASSIGN(std::string as_is, tabular::WriteXlsx(sheet));
  auto refused = xlsx.Import(Ctx(admin_), {Kind::kRectification, std::nullopt}, as_is);
  ASSERT_FALSE(refused.ok());
  ASSERT_FALSE(refused.error().details.empty());
  EXPECT_EQ(refused.error().details[0].row, 2);
  EXPECT_EQ(Count("1 = 1"), 0);

  // Filled in: the example replaced by the bureau's rows, the header kept with its marks.
  sheet.rows = {
      {"1", "学习室改造", "添置书架", "机关第二支部/第一党小组", "张三", "李书记", "2026-04-01",
       "已采购", "", "", ""},
      {"2", "制度上墙", "", "机关第一支部", "", "", "", "", "已上墙", "", ""},
  };
  ASSERT_OK_AND_ASSIGN(std::string filled, tabular::WriteXlsx(sheet));
  ASSERT_OK_AND_ASSIGN(ImportResult n,
                       xlsx.Import(Ctx(admin_), {Kind::kRectification, std::nullopt}, filled));
  EXPECT_EQ(n.imported, 2);
  EXPECT_EQ(Count("title = '学习室改造' AND status = 'in_progress' AND responsible_person_id = " +
                  std::to_string(zhang_)),
            1);
  EXPECT_EQ(Count("title = '制度上墙' AND status = 'to_verify'"), 1);
}

// Rows that repeat an existing item of the same campaign and kind (title
// and org) are each refused by row, nothing written, unless skipped; the
// same rows in another kind or campaign, or another org, are new.
TEST_P(LedgerImportTest, RowsRepeatingExistingItemsAreRefusedByRowOrSkipped) {
  LedgerXlsx xlsx(clean_->db());
  const std::string first = File({
      {"1", "门禁整改", "", "机关第一支部"},
      {"2", "制度上墙", "", "机关第一支部"},
  });
  const ImportTarget target{Kind::kRectification, std::nullopt};
  ASSERT_OK_AND_ASSIGN(ImportResult once, xlsx.Import(Ctx(admin_), target, first));
  EXPECT_EQ(once.imported, 2);
  EXPECT_EQ(once.skipped, 0);
  const int64_t door = Insert("SELECT id FROM ledger_items WHERE title = '门禁整改'", {});

  const std::string again = File({
      {"1", "门禁整改", "", "机关第一支部"},
      {"2", "新的一项", "", "机关第一支部"},
      {"3", "制度上墙", "", "机关第一支部"},
      {"4", "制度上墙", "", "机关第二支部"},  // another org: new
      {"5", "", "", "机关第一支部"},          // a bad row is listed with the repeats
  });
  auto refused = xlsx.Import(Ctx(admin_), target, again);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kInvalidArgument);
  EXPECT_EQ(refused.error().field, "skip_existing");
  std::vector<std::tuple<int, std::string, std::string>> got;
  for (const auto& d : refused.error().details) got.push_back({d.row, d.column, d.reason});
  EXPECT_EQ(got, (std::vector<std::tuple<int, std::string, std::string>>{
                     {2, "问题/事项", std::string(kRepeatsExisting)},
                     {4, "问题/事项", std::string(kRepeatsExisting)},
                     {6, "问题/事项", "问题/事项不能为空"}}));
  EXPECT_EQ(Count("1 = 1"), 2);

  // Skipped: the other rows import, the repeats are counted.
  ImportTarget skip = target;
  skip.skip_existing = true;
  const std::string fixed = File({
      {"1", "门禁整改", "", "机关第一支部"},
      {"2", "新的一项", "", "机关第一支部"},
      {"3", "制度上墙", "", "机关第一支部"},
      {"4", "制度上墙", "", "机关第二支部"},
  });
  ASSERT_OK_AND_ASSIGN(ImportResult skipped, xlsx.Import(Ctx(admin_), skip, fixed));
  EXPECT_EQ(skipped.imported, 2);
  EXPECT_EQ(skipped.skipped, 2);
  EXPECT_EQ(Count("title = '门禁整改'"), 1);
  EXPECT_EQ(Count("title = '制度上墙'"), 2);
  // Nothing left to import: no error, nothing written.
  ASSERT_OK_AND_ASSIGN(ImportResult none, xlsx.Import(Ctx(admin_), skip, fixed));
  EXPECT_EQ(none.imported, 0);
  EXPECT_EQ(none.skipped, 4);
  EXPECT_EQ(Count("1 = 1"), 4);
  // Another kind: not a repeat.
  ASSERT_OK_AND_ASSIGN(ImportResult concern,
                       xlsx.Import(Ctx(admin_), {Kind::kConcern, std::nullopt}, first));
  EXPECT_EQ(concern.imported, 2);
  // An archived item is not one to repeat.
  Insert(
      "UPDATE ledger_items SET archived = 1 WHERE id = " + std::to_string(door) + " RETURNING id",
      {});
  ASSERT_OK_AND_ASSIGN(
      ImportResult after_archive,
      xlsx.Import(Ctx(admin_), target, File({{"1", "门禁整改", "", "机关第一支部"}})));
  EXPECT_EQ(after_archive.imported, 1);
}

// A row that repeats an earlier row of the same file (title and org) is
// refused by row, skip_existing or not: the file says the same thing twice.
TEST_P(LedgerImportTest, RowsRepeatingAnEarlierRowOfTheFileAreRefusedByRow) {
  LedgerXlsx xlsx(clean_->db());
  const std::string twice = File({
      {"1", "门禁整改", "", "机关第一支部"},
      {"2", "门禁整改", "", "机关第二支部"}, // another org: not a repeat
      {"3", "门禁整改", "", "机关第一支部"},
      {"4", "门禁整改", "", "机关第一支部"},
  });
  for (bool skip : {false, true}) {
    ImportTarget target{Kind::kRectification, std::nullopt};
    target.skip_existing = skip;
    auto refused = xlsx.Import(Ctx(admin_), target, twice);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().field, "");
    std::vector<std::tuple<int, std::string, std::string>> got;
    for (const auto &d : refused.error().details)
      got.push_back({d.row, d.column, d.reason});
    EXPECT_EQ(
        got, (std::vector<std::tuple<int, std::string, std::string>>{
                 {4, "问题/事项", "与第 2 行重复（同一事项、同一责任单位）"},
                 {5, "问题/事项", "与第 2 行重复（同一事项、同一责任单位）"}}));
    EXPECT_EQ(Count("1 = 1"), 0);
  }
}

// 类别 and 领域 by label (optional columns): read back as exported; a
// label outside the vocabulary, or an area on a kind other than project, is
// a problem of its cell.
TEST_P(LedgerImportTest, ClassAndAreaAreReadByLabel) {
  LedgerXlsx xlsx(clean_->db());
  const std::string file = File({
      {"1", "加装电梯", "", "机关第一支部", "", "", "", "", "", "", "", "长期坚持", "一老一小"},
      {"2", "便民服务点", "", "机关第一支部", "", "", "", "", "", "", "", "", "便民服务"},
  });
  ASSERT_OK_AND_ASSIGN(ImportResult n,
                       xlsx.Import(Ctx(admin_), {Kind::kProject, std::nullopt}, file));
  EXPECT_EQ(n.imported, 2);
  EXPECT_EQ(Count("title = '加装电梯' AND item_class = 'long_term' AND "
                  "project_area = 'elderly_children'"),
            1);
  EXPECT_EQ(Count("title = '便民服务点' AND item_class IS NULL AND project_area = 'convenience'"),
            1);
  auto bad = xlsx.Import(
      Ctx(admin_), {Kind::kRectification, std::nullopt},
      File({{"1", "甲", "", "机关第一支部", "", "", "", "", "", "", "", "马上改"},
            {"2", "乙", "", "机关第一支部", "", "", "", "", "", "", "", "立行立改", "一老一小"}}));
  ASSERT_FALSE(bad.ok());
  std::vector<std::pair<int, std::string>> got;
  for (const auto& d : bad.error().details) got.push_back({d.row, d.column});
  EXPECT_EQ(got, (std::vector<std::pair<int, std::string>>{{2, "类别"}, {3, "领域"}}));
  EXPECT_NE(bad.error().details[0].reason.find("立行立改"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Engines, LedgerImportTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::ledger

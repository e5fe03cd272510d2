// people::Validate, and PeopleService against a real database on every engine
// of TestDatabaseUrls().
#include "domain/people/person.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/collation.hpp"
#include "common/text.hpp"
#include "domain/auth/account_service.hpp"
#include "domain/communities/community.hpp"
#include "domain/import_problems.hpp"
#include "domain/orgs/org.hpp"
#include "domain/people/name_search.hpp"
#include "domain/people/person_import.hpp"
#include "testing/query_plan.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::people {
namespace {

using test::Describe;
using test::ExpectError;

using auth::Principal;
using auth::Role;
using orgs::Kind;
using orgs::Org;

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// --- Validate ---

PersonFields ValidFields() {
  PersonFields f;
  f.name = "张三";
  f.gender = "male";
  f.birth_date = "1980-05-01";
  f.party_join_date = "2005-07-01";
  f.category = "member";
  f.org_id = 1;
  f.post = "科员";
  f.phone = "13800000000";
  f.status = "active";
  return f;
}

// field → reason, for a Validate result with one problem per field.
std::map<std::string, std::string> Problems(const PersonFields& f) {
  std::map<std::string, std::string> out;
  for (const auto& d : Validate(f)) {
    EXPECT_EQ(d.row, 0);
    EXPECT_FALSE(d.reason.empty());
    out[d.column] = d.reason;
  }
  return out;
}

using Map = std::map<std::string, std::string>;

TEST(ValidateTest, AcceptsACompleteRecordAndAMinimalOne) {
  EXPECT_TRUE(Validate(ValidFields()).empty());
  PersonFields minimal;
  minimal.name = "李四";
  minimal.category = "resident";
  EXPECT_TRUE(Validate(minimal).empty());  // status defaults to active
  for (const auto& c : kCategories) {
    PersonFields f = ValidFields();
    f.category = c.code;
    EXPECT_TRUE(Validate(f).empty()) << c.code;
  }
  for (const auto& s : kStatuses) {
    PersonFields f = ValidFields();
    f.status = s.code;
    EXPECT_TRUE(Validate(f).empty()) << s.code;
  }
}

TEST(ValidateTest, NameIsRequiredAndAtMostFiftyCharacters) {
  PersonFields f = ValidFields();
  f.name = "";
  EXPECT_EQ(Problems(f), Map({{"name", "姓名不能为空"}}));
  f.name = Repeat("张", 50);  // 150 bytes, 50 characters
  EXPECT_TRUE(Validate(f).empty());
  f.name = Repeat("张", 51);
  EXPECT_EQ(Problems(f), Map({{"name", "姓名不能超过 50 个字"}}));
}

TEST(ValidateTest, GenderIsACodeNotALabel) {
  PersonFields f = ValidFields();
  f.gender = "female";
  EXPECT_TRUE(Validate(f).empty());
  f.gender = std::nullopt;
  EXPECT_TRUE(Validate(f).empty());
  for (const char* bad : {"男", "M", "", "other"}) {
    f.gender = bad;
    EXPECT_EQ(Problems(f), Map({{"gender", "性别应为 男 或 女"}})) << bad;
  }
}

TEST(ValidateTest, DatesMustBeRealCalendarDates) {
  PersonFields f = ValidFields();
  f.birth_date = "2020-02-29";
  f.party_join_date = std::nullopt;
  EXPECT_TRUE(Validate(f).empty());
  for (const char* bad : {"2021-02-29", "1980/05/01", "1980-5-1", "", "昨天"}) {
    f.birth_date = bad;
    EXPECT_EQ(Problems(f),
              Map({{"birth_date", "出生日期应为 YYYY-MM-DD 格式的有效日期"}}))
        << bad;
  }
  f = ValidFields();
  f.party_join_date = "2005-13-01";
  EXPECT_EQ(
      Problems(f),
      Map({{"party_join_date", "入党日期应为 YYYY-MM-DD 格式的有效日期"}}));
}

TEST(ValidateTest, PartyJoinDateMustFollowBirth) {
  PersonFields f = ValidFields();
  f.party_join_date = "1979-12-31";
  EXPECT_EQ(Problems(f),
            Map({{"party_join_date", "入党日期应晚于出生日期"}}));
  f.party_join_date = "1980-05-02";
  EXPECT_TRUE(Validate(f).empty());
  f.birth_date = std::nullopt;  // nothing to compare with
  f.party_join_date = "1950-01-01";
  EXPECT_TRUE(Validate(f).empty());
}

TEST(ValidateTest, CategoryAndStatusMustBeKnownCodes) {
  PersonFields f = ValidFields();
  f.category = "在职党员";  // labels are for files, codes for the API
  EXPECT_EQ(Problems(f), Map({{"category", "人员类别无效"}}));
  f.category = "";
  EXPECT_EQ(Problems(f), Map({{"category", "人员类别无效"}}));
  f = ValidFields();
  f.status = "retired";
  EXPECT_EQ(Problems(f), Map({{"status", "状态无效"}}));
  f.status = "";
  EXPECT_EQ(Problems(f), Map({{"status", "状态无效"}}));
}

TEST(ValidateTest, PostIsAtMostFiftyCharacters) {
  PersonFields f = ValidFields();
  f.post = Repeat("长", 50);
  EXPECT_TRUE(Validate(f).empty());
  f.post = Repeat("长", 51);
  EXPECT_EQ(Problems(f), Map({{"post", "职务不能超过 50 个字"}}));
}

TEST(ValidateTest, PhoneHoldsDigitsSpacesPlusAndDash) {
  PersonFields f = ValidFields();
  for (const char* good :
       {"", "0931-8888888", "+86 138 0000 0000", "12345678901234567890"}) {
    f.phone = good;
    EXPECT_TRUE(Validate(f).empty()) << good;
  }
  f.phone = "123456789012345678901";
  EXPECT_EQ(Problems(f), Map({{"phone", "联系电话不能超过 20 个字"}}));
  for (const char* bad : {"138abc", "(0931)888", "１３８", "138.0000"}) {
    f.phone = bad;
    EXPECT_EQ(Problems(f),
              Map({{"phone", "联系电话只能包含数字、空格、+ 和 -"}}))
        << bad;
  }
}

TEST(ValidateTest, TextMustBeUtf8WithoutControlCharacters) {
  PersonFields f = ValidFields();
  f.name = std::string(3000, '\x80');  // 3,000 bytes that are no UTF-8 at all
  EXPECT_EQ(Problems(f), Map({{"name", "姓名含有无法识别的字符（不是有效的 UTF-8 文本）"}}));
  f.name = Repeat("张", 1000);  // 3,000 bytes of good UTF-8
  EXPECT_EQ(Problems(f), Map({{"name", "姓名不能超过 50 个字"}}));
  for (const char* bad : {"张\x07三", "张\t三", "张\x7F", "张\xC2\x85三", "\x1B[31m"}) {
    f = ValidFields();
    f.name = bad;
    EXPECT_EQ(Problems(f), Map({{"name", "姓名不能包含控制字符"}})) << bad;
    f = ValidFields();
    f.post = bad;
    EXPECT_EQ(Problems(f), Map({{"post", "职务不能包含控制字符"}})) << bad;
  }
  f = ValidFields();
  f.phone = "138\xFF";
  EXPECT_EQ(Problems(f), Map({{"phone", "联系电话含有无法识别的字符（不是有效的 UTF-8 文本）"}}));
  f = ValidFields();
  f.category = "member\n";
  EXPECT_EQ(Problems(f), Map({{"category", "人员类别不能包含控制字符"}}));
  f = ValidFields();
  f.name = "王\xC2\xA0五";  // U+00A0 (no-break space) is text, not control
  EXPECT_TRUE(Validate(f).empty());
}

TEST(ValidateTest, OneRuleTableForTheApiAndImports) {
  EXPECT_EQ(RuleOf("name").max_chars, 50u);
  EXPECT_EQ(RuleOf("post").max_chars, 50u);
  EXPECT_EQ(RuleOf("phone").max_chars, 20u);
  EXPECT_EQ(RuleOf("birth_date").max_chars, 10u);
  ASSERT_EQ(FieldRules().size(), ImportColumns().size());
  for (size_t i = 0; i < FieldRules().size(); ++i) {
    EXPECT_EQ(FieldRules()[i].column, ImportColumns()[i]);
    EXPECT_EQ(&RuleOf(FieldRules()[i].field), &FieldRules()[i]);
  }
  EXPECT_EQ(TextProblem(RuleOf("name"), Repeat("张", 50)), "");
  EXPECT_EQ(TextProblem(RuleOf("org_id"), Repeat("支", 101)), "所在支部不能超过 100 个字");
}

TEST(ValidateTest, ReportsEveryProblemAtOnce) {
  PersonFields f;
  f.name = "";
  f.gender = "x";
  f.birth_date = "bad";
  f.party_join_date = "bad";
  f.category = "x";
  f.status = "x";
  f.post = Repeat("a", 51);
  f.phone = "x";
  auto problems = Validate(f);
  std::set<std::string> fields;
  for (const auto& d : problems) fields.insert(d.column);
  EXPECT_EQ(fields, std::set<std::string>({"name", "gender", "birth_date",
                                           "party_join_date", "category",
                                           "status", "post", "phone"}));
  EXPECT_EQ(problems.size(), 8u);
}

TEST(VocabularyTest, LabelsAndCodes) {
  EXPECT_EQ(LabelOf(kCategories, "member"), "在职党员");
  EXPECT_EQ(LabelOf(kCategories, "nope"), "");
  EXPECT_EQ(CodeOf(kCategories, "在职党员"), "member");
  EXPECT_EQ(CodeOf(kCategories, "member"), "member");
  EXPECT_EQ(CodeOf(kCategories, "职工子弟/家属"), "family");
  EXPECT_EQ(CodeOf(kCategories, "职工家属"), "family");
  EXPECT_EQ(CodeOf(kCategories, "职工子弟"), "family");
  EXPECT_EQ(CodeOf(kGenders, "女"), "female");
  EXPECT_EQ(CodeOf(kGenders, "职工家属"), std::nullopt);
  EXPECT_EQ(CodeOf(kStatuses, "已转出"), "transferred_out");
  EXPECT_EQ(ImportColumns().size(), 11u);
  EXPECT_EQ(ImportColumns().front(), "姓名");
}

// --- PeopleService on a real database ---

class PeopleServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  // R (党委) ─┬─ A 第一支部 ── A1 第一党小组
  //           ├─ B 第二支部
  //           └─ D 办公室 (科室)
  // and the community C 幸福社区.
  void SetUp() override {
    DX_SKIP_IF_NO_ENGINE(GetParam());
    auto clean = test::CleanDatabase::OpenMigrated(GetParam());
    ASSERT_TRUE(clean.ok()) << Describe(clean.error());
    clean_ = std::move(clean).value();
    orgs_ = std::make_unique<orgs::OrgService>(db());
    people_ = std::make_unique<PeopleService>(db());
    communities_ = std::make_unique<communities::CommunityService>(db());
    admin_.account_id = 1;
    admin_.username = "admin";
    admin_.display_name = "系统管理员";
    admin_.grants.push_back({Role::kSystemAdmin, 0, "/", "系统"});
    r_ = MakeOrg(std::nullopt, "机关党委", Kind::kPartyCommittee);
    a_ = MakeOrg(r_.id, "第一支部", Kind::kBranch);
    a1_ = MakeOrg(a_.id, "第一党小组", Kind::kGroup);
    b_ = MakeOrg(r_.id, "第二支部", Kind::kBranch);
    d_ = MakeOrg(r_.id, "办公室", Kind::kDepartment);
    auto c = communities_->Create(
        Ctx(admin_),
        {0, "幸福社区", communities::Kind::kLinked, "城关街道", false, 1});
    ASSERT_TRUE(c.ok()) << Describe(c.error());
    community_id_ = c->id;
  }

  storage::Database& db() { return clean_->db(); }

  Context Ctx(const Principal& p) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = now_;
    ctx.request_id = "req-people";
    ctx.client_ip = "192.0.2.2";
    return ctx;
  }

  Org MakeOrg(std::optional<int64_t> parent, const std::string& name,
              Kind kind) {
    auto o = orgs_->Create(Ctx(admin_), {parent, name, kind, 0});
    EXPECT_TRUE(o.ok()) << name << ": " << Describe(o.error());
    return o.ok() ? *o : Org{};
  }

  Principal Holding(Role role, const Org& org,
                    std::optional<int64_t> person = {}) {
    Principal p;
    p.account_id = 2;
    p.username = "user";
    p.display_name = "用户";
    p.person_id = person;
    p.grants.push_back({role, org.id, org.path, org.name});
    return p;
  }

  PersonFields Fields(const std::string& name, int64_t org,
                      std::optional<std::string> birth = std::nullopt) {
    PersonFields f;
    f.name = name;
    f.category = "member";
    f.org_id = org;
    f.birth_date = std::move(birth);
    return f;
  }

  // Creates a person as the system admin; fails the test on error.
  Person Add(const PersonFields& f) {
    auto p = people_->Create(Ctx(admin_), f);
    EXPECT_TRUE(p.ok()) << f.name << ": " << Describe(p.error());
    return p.ok() ? *p : Person{};
  }

  Person Reload(int64_t id) {
    auto p = people_->Get(Ctx(admin_), id);
    EXPECT_TRUE(p.ok()) << Describe(p.error());
    return p.ok() ? *p : Person{};
  }

  int64_t Count(const std::string& sql, const storage::Params& params = {}) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(sql, params);
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : -1;
  }
  int64_t PeopleCount() { return Count("SELECT COUNT(*) FROM people"); }
  int64_t PersonAudits(const std::string& action) {
    return Count(
        "SELECT COUNT(*) FROM audit_log WHERE record_type = 'person' AND "
        "action = $1",
        {action});
  }

  // PeopleService::List's page (shared with other readers), copied.
  Result<Page<Person>> List(const Principal& p, const ListFilter& f) {
    DX_ASSIGN_OR_RETURN(auto shared, people_->List(Ctx(p), f));
    return shared->page();
  }

  std::vector<std::string> Names(const std::vector<Person>& people) {
    std::vector<std::string> out;
    for (const auto& p : people) out.push_back(p.f.name);
    return out;
  }

  TimePoint now_ =
      TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 6 / 1)
                    .time_since_epoch());
  std::unique_ptr<test::CleanDatabase> clean_;
  std::unique_ptr<orgs::OrgService> orgs_;
  std::unique_ptr<PeopleService> people_;
  std::unique_ptr<communities::CommunityService> communities_;
  Principal admin_;
  Org r_, a_, a1_, b_, d_;
  int64_t community_id_ = 0;
};

TEST_P(PeopleServiceTest, CreateWritesThePersonAndOneAuditEntry) {
  PersonFields f = Fields("张三", a_.id, "1980-05-01");
  f.gender = "male";
  f.party_join_date = "2005-07-01";
  f.department_id = d_.id;
  f.community_id = community_id_;
  f.post = "科员";
  f.phone = "13800000000";
  ASSERT_OK_AND_ASSIGN(Person p, people_->Create(Ctx(admin_), f));
  EXPECT_GT(p.id, 0);
  EXPECT_EQ(p.version, 1);
  EXPECT_FALSE(p.archived);
  EXPECT_EQ(p.f.name, "张三");
  EXPECT_EQ(p.f.gender, "male");
  EXPECT_EQ(p.f.birth_date, "1980-05-01");
  EXPECT_EQ(p.org_name, "第一支部");
  EXPECT_EQ(p.org_path, a_.path);
  EXPECT_EQ(p.department_name, "办公室");
  EXPECT_EQ(p.community_name, "幸福社区");
  EXPECT_EQ(p.f.status, "active");
  EXPECT_EQ(p.created_at, "2026-06-01T00:00:00Z");

  EXPECT_EQ(PersonAudits("create"), 1);
  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  ASSERT_OK_AND_ASSIGN(
      storage::Row audit,
      (*tx)->QueryOne(
          "SELECT actor_id, actor_name, record_id, org_path, before_json, "
          "after_json, request_id, client_ip FROM audit_log "
          "WHERE record_type = 'person'",
          {}));
  EXPECT_EQ(audit.OptInt(0), 1);
  EXPECT_EQ(audit.Text(1), "系统管理员");
  EXPECT_EQ(audit.OptInt(2), p.id);
  EXPECT_EQ(audit.Text(3), a_.path);
  EXPECT_TRUE(audit.IsNull(4));
  EXPECT_NE(audit.Text(5).find("\"name\":\"张三\""), std::string::npos)
      << audit.Text(5);
  EXPECT_EQ(audit.Text(6), "req-people");
  EXPECT_EQ(audit.Text(7), "192.0.2.2");
}

TEST_P(PeopleServiceTest, CreateRefusesBadFieldsAndReferencesAndWritesNothing) {
  ExpectError(people_->Create(Ctx(admin_), Fields("", a_.id)),
              Code::kInvalidArgument, "name");
  PersonFields bad_date = Fields("张三", a_.id, "2021-02-29");
  ExpectError(people_->Create(Ctx(admin_), bad_date), Code::kInvalidArgument,
              "birth_date");
  ExpectError(people_->Create(Ctx(admin_), Fields("张三", 999999)),
              Code::kInvalidArgument, "org_id");
  PersonFields not_a_department = Fields("张三", a_.id);
  not_a_department.department_id = b_.id;
  ExpectError(people_->Create(Ctx(admin_), not_a_department),
              Code::kInvalidArgument, "department_id");
  PersonFields no_community = Fields("张三", a_.id);
  no_community.community_id = 999999;
  ExpectError(people_->Create(Ctx(admin_), no_community),
              Code::kInvalidArgument, "community_id");
  ExpectError(people_->Create(Ctx(admin_), Fields("张三", d_.id)),
              Code::kInvalidArgument, "org_id");  // a 科室 is not a party org
  ASSERT_OK_AND_ASSIGN(auto archived_org,
                       orgs_->Archive(Ctx(admin_), a1_.id, a1_.version));
  ExpectError(people_->Create(Ctx(admin_), Fields("张三", archived_org.id)),
              Code::kInvalidArgument, "org_id");
  EXPECT_EQ(PeopleCount(), 0);
  EXPECT_EQ(PersonAudits("create"), 0);
}

TEST_P(PeopleServiceTest, UpdateChangesFieldsBumpsVersionAndAudits) {
  PersonFields f = Fields("张三", a_.id, "1980-05-01");
  f.gender = "male";
  f.community_id = community_id_;
  Person p = Add(f);
  PersonPatch patch;
  patch.version = 1;
  patch.name = "张三丰";
  patch.gender = std::optional<std::string>();    // clear
  patch.community_id = std::optional<int64_t>();  // clear
  patch.post = "主任";
  patch.org_id = b_.id;
  ASSERT_OK_AND_ASSIGN(Person u, people_->Update(Ctx(admin_), p.id, patch));
  EXPECT_EQ(u.version, 2);
  EXPECT_EQ(u.f.name, "张三丰");
  EXPECT_EQ(u.f.gender, std::nullopt);
  EXPECT_EQ(u.f.community_id, std::nullopt);
  EXPECT_EQ(u.community_name, std::nullopt);
  EXPECT_EQ(u.f.post, "主任");
  EXPECT_EQ(u.org_name, "第二支部");
  EXPECT_EQ(u.f.birth_date, "1980-05-01");  // untouched
  EXPECT_EQ(PersonAudits("update"), 1);

  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  ASSERT_OK_AND_ASSIGN(
      storage::Row audit,
      (*tx)->QueryOne("SELECT before_json, after_json, org_path "
                      "FROM audit_log WHERE action = 'update'",
                      {}));
  EXPECT_NE(audit.Text(0).find("\"name\":\"张三\""), std::string::npos);
  EXPECT_NE(audit.Text(0).find("\"gender\":\"male\""), std::string::npos);
  EXPECT_NE(audit.Text(1).find("\"name\":\"张三丰\""), std::string::npos);
  EXPECT_NE(audit.Text(1).find("\"gender\":null"), std::string::npos);
  EXPECT_EQ(audit.Text(2), b_.path);  // the record's scope after the change
}

TEST_P(PeopleServiceTest, StaleVersionIsConflictAndChangesNothing) {
  Person p = Add(Fields("张三", a_.id));
  PersonPatch first;
  first.version = 1;
  first.post = "科员";
  ASSERT_TRUE(people_->Update(Ctx(admin_), p.id, first).ok());
  PersonPatch stale;
  stale.version = 1;
  stale.name = "李四";
  ExpectError(people_->Update(Ctx(admin_), p.id, stale), Code::kConflict,
              "version");
  ExpectError(people_->Archive(Ctx(admin_), p.id, 1), Code::kConflict,
              "version");
  Person now = Reload(p.id);
  EXPECT_EQ(now.f.name, "张三");
  EXPECT_EQ(now.version, 2);
  EXPECT_FALSE(now.archived);
  EXPECT_EQ(PersonAudits("update"), 1);
  EXPECT_EQ(PersonAudits("archive"), 0);
  ExpectError(people_->Update(Ctx(admin_), 999999, stale), Code::kNotFound);
}

TEST_P(PeopleServiceTest, InvalidUpdatesChangeNothing) {
  Person p = Add(Fields("张三", a_.id, "1980-05-01"));
  PersonPatch patch;
  patch.version = 1;
  patch.party_join_date = std::optional<std::string>("1970-01-01");
  ExpectError(people_->Update(Ctx(admin_), p.id, patch), Code::kInvalidArgument,
              "party_join_date");
  patch = {};
  patch.version = 1;
  patch.department_id = std::optional<int64_t>(a_.id);  // a branch, not a 科室
  ExpectError(people_->Update(Ctx(admin_), p.id, patch), Code::kInvalidArgument,
              "department_id");
  EXPECT_EQ(Reload(p.id).version, 1);
  EXPECT_EQ(PersonAudits("update"), 0);
}

TEST_P(PeopleServiceTest, ArchivedPeopleAreHiddenAndFrozen) {
  Person p = Add(Fields("张三", a_.id));
  Add(Fields("李四", a_.id));
  ASSERT_OK_AND_ASSIGN(Person archived, people_->Archive(Ctx(admin_), p.id, 1));
  EXPECT_TRUE(archived.archived);
  EXPECT_EQ(archived.version, 2);
  EXPECT_EQ(PersonAudits("archive"), 1);

  ExpectError(people_->Archive(Ctx(admin_), p.id, 2),
              Code::kFailedPrecondition);
  PersonPatch patch;
  patch.version = 2;
  patch.post = "x";
  ExpectError(people_->Update(Ctx(admin_), p.id, patch),
              Code::kFailedPrecondition);
  EXPECT_EQ(PersonAudits("archive"), 1);

  ListFilter filter;
  ASSERT_OK_AND_ASSIGN(auto active, List(admin_, filter));
  EXPECT_EQ(Names(active.items), std::vector<std::string>({"李四"}));
  EXPECT_EQ(active.total, 1);
  filter.include_archived = true;
  ASSERT_OK_AND_ASSIGN(auto all, List(admin_, filter));
  EXPECT_EQ(all.total, 2);
  EXPECT_TRUE(people_->Get(Ctx(admin_), p.id).ok());  // still readable by id
}

TEST_P(PeopleServiceTest, AuditEntryCommitsWithTheChangeOrNotAtAll) {
  Person p = Add(Fields("张三", a_.id));
  // Without an audit log to write to, no change may land.
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->ExecScript("DROP TABLE audit_log").ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  EXPECT_FALSE(people_->Create(Ctx(admin_), Fields("李四", a_.id)).ok());
  PersonPatch patch;
  patch.version = 1;
  patch.name = "王五";
  EXPECT_FALSE(people_->Update(Ctx(admin_), p.id, patch).ok());
  EXPECT_FALSE(people_->Archive(Ctx(admin_), p.id, 1).ok());
  tabular::Table table{
      {{"姓名", "人员类别", "所在支部"}, {"赵六", "在职党员", "第一支部"}}};
  EXPECT_FALSE(people_->Import(Ctx(admin_), table, false).ok());
  EXPECT_EQ(PeopleCount(), 1);
  Person still = Reload(p.id);
  EXPECT_EQ(still.f.name, "张三");
  EXPECT_EQ(still.version, 1);
  EXPECT_FALSE(still.archived);
}

TEST_P(PeopleServiceTest, DuplicatesAreTheSameNameAndBirthDate) {
  Person first = Add(Fields("张三", a_.id, "1980-05-01"));
  ExpectError(people_->Create(Ctx(admin_), Fields("张三", b_.id, "1980-05-01")),
              Code::kAlreadyExists, "name");
  EXPECT_EQ(PeopleCount(), 1);
  Add(Fields("张三", a_.id, "1981-05-01"));  // another birth date
  Add(Fields("张三", a_.id));                // no birth date: cannot tell
  Add(Fields("张三", b_.id));
  Person li = Add(Fields("李四", a_.id, "1980-05-01"));
  PersonPatch rename;
  rename.version = 1;
  rename.name = "张三";
  ExpectError(people_->Update(Ctx(admin_), li.id, rename), Code::kAlreadyExists,
              "name");
  // Saving a person unchanged is not a duplicate of itself.
  PersonPatch same;
  same.version = 1;
  same.post = "科员";
  EXPECT_TRUE(people_->Update(Ctx(admin_), first.id, same).ok());
  // Archived people do not count.
  ASSERT_TRUE(people_->Archive(Ctx(admin_), first.id, 2).ok());
  EXPECT_TRUE(people_->Update(Ctx(admin_), li.id, rename).ok());
}

TEST_P(PeopleServiceTest, BranchSecretarySeesAndEditsOnlyTheirBranch) {
  Person in_a = Add(Fields("张三", a_.id));
  Person in_a1 = Add(Fields("李四", a1_.id));
  Person in_b = Add(Fields("王五", b_.id));
  Principal secretary = Holding(Role::kBranchSecretary, a_);

  EXPECT_TRUE(people_->Get(Ctx(secretary), in_a.id).ok());
  EXPECT_TRUE(people_->Get(Ctx(secretary), in_a1.id).ok());
  ExpectError(people_->Get(Ctx(secretary), in_b.id), Code::kNotFound);
  ExpectError(people_->Get(Ctx(secretary), 999999), Code::kNotFound);

  ListFilter all;
  ASSERT_OK_AND_ASSIGN(auto page, List(secretary, all));
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(Names(page.items), std::vector<std::string>({"李四", "张三"}));  // pinyin order
  ASSERT_OK_AND_ASSIGN(auto exported, people_->ListAll(Ctx(secretary), all));
  EXPECT_EQ(exported.size(), 2u);
  ListFilter other;
  other.org_id = b_.id;
  ExpectError(List(secretary, other), Code::kNotFound, "org_id");

  PersonPatch patch;
  patch.version = 1;
  patch.post = "支部委员";
  ExpectError(people_->Update(Ctx(secretary), in_b.id, patch), Code::kNotFound);
  ExpectError(people_->Archive(Ctx(secretary), in_b.id, 1), Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(Person edited,
                       people_->Update(Ctx(secretary), in_a.id, patch));
  EXPECT_EQ(edited.f.post, "支部委员");
  // Moving someone into another branch, or creating them there: not visible.
  PersonPatch move;
  move.version = 2;
  move.org_id = b_.id;
  ExpectError(people_->Update(Ctx(secretary), in_a.id, move),
              Code::kInvalidArgument, "org_id");
  ExpectError(people_->Create(Ctx(secretary), Fields("赵六", b_.id)),
              Code::kInvalidArgument, "org_id");
  EXPECT_TRUE(people_->Create(Ctx(secretary), Fields("赵六", a1_.id)).ok());
  EXPECT_EQ(Reload(in_b.id).version, 1);
}

TEST_P(PeopleServiceTest, LeadersReadOnlyAndMembersSeeThemselves) {
  Person mine = Add(Fields("张三", a_.id));
  Person other = Add(Fields("李四", a_.id));
  Principal leader = Holding(Role::kLeader, r_);
  EXPECT_TRUE(people_->Get(Ctx(leader), other.id).ok());
  ASSERT_OK_AND_ASSIGN(auto page, List(leader, ListFilter{}));
  EXPECT_EQ(page.total, 2);
  PersonPatch patch;
  patch.version = 1;
  patch.post = "x";
  ExpectError(people_->Update(Ctx(leader), other.id, patch),
              Code::kPermissionDenied);
  ExpectError(people_->Archive(Ctx(leader), other.id, 1),
              Code::kPermissionDenied);
  ExpectError(people_->Create(Ctx(leader), Fields("王五", a_.id)),
              Code::kPermissionDenied);

  Principal member = Holding(Role::kMember, a_, mine.id);
  EXPECT_TRUE(people_->Get(Ctx(member), mine.id).ok());
  ExpectError(people_->Get(Ctx(member), other.id), Code::kNotFound);
  ExpectError(List(member, ListFilter{}), Code::kPermissionDenied);
  // Members read their own record but may not change it.
  ExpectError(people_->Update(Ctx(member), mine.id, patch),
              Code::kPermissionDenied);
  ExpectError(people_->Archive(Ctx(member), mine.id, 1),
              Code::kPermissionDenied);
  ExpectError(people_->Update(Ctx(member), other.id, patch), Code::kNotFound);
  ExpectError(people_->Create(Ctx(member), Fields("王五", a_.id)),
              Code::kPermissionDenied);
  EXPECT_EQ(PeopleCount(), 2);
}

TEST_P(PeopleServiceTest, ListFiltersSortsAndPages) {
  auto add = [&](const char* name, int64_t org, const char* birth,
                 const char* category, const char* status = "active") {
    PersonFields f = Fields(name, org, birth);
    f.category = category;
    f.status = status;
    return Add(f);
  };
  add("张三", a_.id, "1980-05-01", "member");
  add("张三丰", a1_.id, "1970-01-01", "retired_member");
  add("李四", b_.id, "1990-03-03", "member");
  add("王_五", b_.id, "1985-08-08", "activist", "transferred_out");
  add("百分之100%", a_.id, "1995-01-01", "staff");

  auto list = [&](ListFilter f) {
    auto page = List(admin_, f);
    EXPECT_TRUE(page.ok()) << Describe(page.error());
    return page.ok() ? *page : Page<Person>{};
  };
  ListFilter f;
  f.q = "三";
  EXPECT_EQ(list(f).total, 2);
  f.q = "%";
  EXPECT_EQ(Names(list(f).items), std::vector<std::string>({"百分之100%"}));
  f.q = "_";
  EXPECT_EQ(Names(list(f).items), std::vector<std::string>({"王_五"}));
  f = {};
  f.org_id = a_.id;  // the subtree
  EXPECT_EQ(list(f).total, 3);
  f.category = "member";
  EXPECT_EQ(Names(list(f).items), std::vector<std::string>({"张三"}));
  f = {};
  f.status = "transferred_out";
  EXPECT_EQ(Names(list(f).items), std::vector<std::string>({"王_五"}));

  f = {};
  f.sort = "birth_date";
  EXPECT_EQ(Names(list(f).items),
            std::vector<std::string>(
                {"张三丰", "张三", "王_五", "李四", "百分之100%"}));
  f.sort = "-birth_date";
  EXPECT_EQ(Names(list(f).items),
            std::vector<std::string>(
                {"百分之100%", "李四", "王_五", "张三", "张三丰"}));
  f.page.limit = 2;
  f.page.offset = 2;
  Page<Person> page = list(f);
  EXPECT_EQ(page.total, 5);
  EXPECT_EQ(Names(page.items), std::vector<std::string>({"王_五", "张三"}));
  f.page.offset = 4;
  EXPECT_EQ(list(f).items.size(), 1u);
  f.page.offset = 10;
  EXPECT_TRUE(list(f).items.empty());
}

TEST_P(PeopleServiceTest, SortingByADateGivesTheSameOrderOnEveryEngine) {
  // People without the date come last, either way, on both engines.
  Add(Fields("甲", a_.id, "1980-01-01"));
  Add(Fields("乙", a_.id));
  Add(Fields("丙", a_.id, "1970-01-01"));
  ListFilter f;
  f.sort = "birth_date";
  ASSERT_OK_AND_ASSIGN(auto asc, List(admin_, f));
  std::vector<std::string> names = Names(asc.items);
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names[0], "丙");
  EXPECT_EQ(names[1], "甲");
  EXPECT_EQ(names[2], "乙");
  f.sort = "-birth_date";
  ASSERT_OK_AND_ASSIGN(auto desc, List(admin_, f));
  EXPECT_EQ(Names(desc.items), std::vector<std::string>({"甲", "丙", "乙"}));
}

TEST_P(PeopleServiceTest, NamesSortInPinyinOrderOnEveryEngine) {
  for (const char* name : {"赵六", "张三", "王五", "李四", "安娜", "陈明", "王安"}) {
    Add(Fields(name, a_.id));
  }
  ListFilter f;  // sort defaults to name
  ASSERT_OK_AND_ASSIGN(auto asc, List(admin_, f));
  EXPECT_EQ(Names(asc.items), std::vector<std::string>(
                                  {"安娜", "陈明", "李四", "王安", "王五", "张三", "赵六"}));
  f.sort = "-name";
  ASSERT_OK_AND_ASSIGN(auto desc, List(admin_, f));
  EXPECT_EQ(Names(desc.items), std::vector<std::string>(
                                   {"赵六", "张三", "王五", "王安", "李四", "陈明", "安娜"}));
}

TEST_P(PeopleServiceTest, RenamingMovesThePersonInTheNameOrder) {
  Person p = Add(Fields("安娜", a_.id));
  Add(Fields("李四", a_.id));
  PersonPatch patch;
  patch.version = p.version;
  patch.name = "周安娜";
  ASSERT_OK_AND_ASSIGN(Person renamed, people_->Update(Ctx(admin_), p.id, patch));
  ASSERT_OK_AND_ASSIGN(auto page, List(admin_, ListFilter{}));
  EXPECT_EQ(Names(page.items), std::vector<std::string>({"李四", "周安娜"}));
}

TEST_P(PeopleServiceTest, RefreshNameKeysFillsMissingKeysAndRebuildsOnANewCollation) {
  Add(Fields("张三", a_.id));
  Add(Fields("李四", a_.id));
  auto exec = [&](const std::string& sql) {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK((*tx)->Exec(sql, {}));
    ASSERT_OK((*tx)->Commit());
  };
  // Rows from before name keys (as after migration 0003 on an old database).
  exec("UPDATE people SET name_key = ''");
  exec("DELETE FROM settings");
  ASSERT_OK_AND_ASSIGN(int64_t n, PeopleService::RefreshNameKeys(db()));
  EXPECT_EQ(n, 2);
  ASSERT_OK_AND_ASSIGN(auto page, List(admin_, ListFilter{}));
  EXPECT_EQ(Names(page.items), std::vector<std::string>({"李四", "张三"}));
  ASSERT_OK_AND_ASSIGN(int64_t again, PeopleService::RefreshNameKeys(db()));
  EXPECT_EQ(again, 0) << "nothing to do the second time";

  // Keys made by another collation version are all rebuilt.
  exec("UPDATE people SET name_key = 'ff'");
  exec("UPDATE settings SET value = 'icu-zh-0.0' WHERE name = 'name_key_version'");
  ASSERT_OK_AND_ASSIGN(int64_t rebuilt, PeopleService::RefreshNameKeys(db()));
  EXPECT_EQ(rebuilt, 2);
  ASSERT_OK_AND_ASSIGN(auto after, List(admin_, ListFilter{}));
  EXPECT_EQ(Names(after.items), std::vector<std::string>({"李四", "张三"}));
  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  ASSERT_OK_AND_ASSIGN(storage::Row v, (*tx)->QueryOne("SELECT value FROM settings", {}));
  EXPECT_EQ(v.Text(0), NameSortKeyVersion());
}

// --- Import ---

tabular::Table ImportTable(std::vector<std::vector<std::string>> rows) {
  tabular::Table t;
  t.rows.push_back({"姓名*", "性别", "出生日期", "入党日期", "人员类别*",
                    "所在支部*", "所在科室", "职务", "联系电话", "居住社区",
                    "状态"});
  for (auto& r : rows) t.rows.push_back(std::move(r));
  return t;
}

TEST_P(PeopleServiceTest, ImportWritesEveryRowWithLabelsResolved) {
  auto table = ImportTable({
      {"张三", "男", "1980-05-01", "2005-07-01", "在职党员", "第一支部",
       "办公室", "科员", "13800000000", "幸福社区", "正常"},
      {"", "", "", "", "", "", "", "", "", "", ""},  // blank rows are skipped
      {" 李四 ", "女", "", "", "职工子弟/家属", "第二支部", "", "", "", "",
       "已转出"},
  });
  ASSERT_OK_AND_ASSIGN(int64_t n, people_->Import(Ctx(admin_), table, false));
  EXPECT_EQ(n, 2);
  EXPECT_EQ(PeopleCount(), 2);
  EXPECT_EQ(PersonAudits("import"), 2);

  ListFilter f;
  ASSERT_OK_AND_ASSIGN(auto all, people_->ListAll(Ctx(admin_), f));
  ASSERT_EQ(all.size(), 2u);
  const Person& li = all[0].f.name == "李四" ? all[0] : all[1];
  const Person& zhang = all[0].f.name == "张三" ? all[0] : all[1];
  EXPECT_EQ(zhang.f.gender, "male");
  EXPECT_EQ(zhang.f.category, "member");
  EXPECT_EQ(zhang.f.org_id, a_.id);
  EXPECT_EQ(zhang.f.department_id, d_.id);
  EXPECT_EQ(zhang.f.community_id, community_id_);
  EXPECT_EQ(zhang.f.party_join_date, "2005-07-01");
  EXPECT_EQ(li.f.gender, "female");
  EXPECT_EQ(li.f.category, "family");
  EXPECT_EQ(li.f.status, "transferred_out");
  EXPECT_EQ(li.f.birth_date, std::nullopt);
  EXPECT_EQ(li.f.org_id, b_.id);

  // What is exported imports again as the same row.
  EXPECT_EQ(ExportRow(zhang),
            std::vector<std::string>({"张三", "男", "1980-05-01", "2005-07-01",
                                      "在职党员", "第一支部", "办公室", "科员",
                                      "13800000000", "幸福社区", "正常"}));
}

TEST_P(PeopleServiceTest, ImportIsAllOrNothingAndReportsEveryBadRow) {
  Person existing = Add(Fields("已有", a_.id, "1960-01-01"));
  auto table = ImportTable({
      {"张三", "男", "1980-05-01", "", "在职党员", "第一支部", "", "", "", "",
       ""},
      {"李四", "", "", "", "党员", "第一支部", "", "", "", "", ""},
      {"王五", "", "2021-02-29", "", "在职党员", "第一支部", "", "", "", "",
       ""},
      {"赵六", "", "", "", "在职党员", "第九支部", "", "", "", "", ""},
      {"钱七", "", "", "", "在职党员", "第一支部", "", "", "138-abc", "",
       "退休"},
      {"张三", "", "1980-05-01", "", "在职党员", "第二支部", "", "", "", "",
       ""},
      {"已有", "", "1960-01-01", "", "在职党员", "第二支部", "", "", "", "",
       ""},
      {"", "", "", "", "在职党员", "第一支部", "", "", "", "", ""},
  });
  auto r = people_->Import(Ctx(admin_), table, false);
  ASSERT_FALSE(r.ok());
  const Error& e = r.error();
  EXPECT_EQ(e.code, Code::kInvalidArgument);
  EXPECT_EQ(e.message, "文件有 7 行错误，未导入任何数据");
  std::multimap<int, std::string> where;
  for (const auto& d : e.details) {
    where.emplace(d.row, d.column);
    EXPECT_FALSE(d.reason.empty());
  }
  std::multimap<int, std::string> expected = {
      {3, "人员类别"}, {4, "出生日期"}, {5, "所在支部"}, {6, "状态"},
      {6, "联系电话"}, {7, "姓名"},     {8, "姓名"},     {9, "姓名"}};
  EXPECT_EQ(where, expected) << Describe(e);
  for (const auto& d : e.details) {
    if (d.row == 3) {
      EXPECT_EQ(d.reason, "未知的人员类别“党员”");
    }
    if (d.row == 5) {
      EXPECT_EQ(d.reason, "找不到支部“第九支部”");
    }
    if (d.row == 7) {
      EXPECT_EQ(d.reason, "与文件中前面的行重复（姓名和出生日期相同）");
    }
    if (d.row == 8) {
      // The admin may read the existing person: told where and who.
      EXPECT_EQ(d.reason, "系统中已有同名且出生日期相同的人员（第一支部，编号 " +
                              std::to_string(existing.id) + "）");
    }
    if (d.row == 9) {
      EXPECT_EQ(d.reason, "姓名不能为空");
    }
  }
  EXPECT_EQ(PeopleCount(), 1);  // the good row 2 was not imported either
  EXPECT_EQ(PersonAudits("import"), 0);
}

TEST_P(PeopleServiceTest, ImportChecksEveryBatchAgainstTheRowsBeforeAndCapsTheReport) {
  // More rows than one check batch: a duplicate of row 2 in the second batch
  // is found, and nothing is written.
  std::vector<std::vector<std::string>> rows;
  const int n = static_cast<int>(kCheckBatchRows) + 100;
  for (int i = 0; i < n; ++i) {
    rows.push_back({"人" + std::to_string(i), "", "1980-05-01", "", "在职党员", "第一支部", "",
                    "", "", "", ""});
  }
  rows.back()[0] = "人0";
  auto dup = people_->Import(Ctx(admin_), ImportTable(rows), false);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().message, "文件有 1 行错误，未导入任何数据");
  ASSERT_EQ(dup.error().details.size(), 1u);
  EXPECT_EQ(dup.error().details[0].row, n + 1);
  EXPECT_EQ(PeopleCount(), 0);
  // Every row bad: the first kMaxReportedProblems problems, every row counted.
  for (auto& r : rows) r[4] = "党员";
  auto bad = people_->Import(Ctx(admin_), ImportTable(rows), false);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "文件有 " + std::to_string(n) + " 行错误，未导入任何数据（列出前 " +
                                     std::to_string(kMaxReportedProblems) + " 条）");
  EXPECT_EQ(bad.error().details.size(), kMaxReportedProblems);
  EXPECT_EQ(PeopleCount(), 0);
  // Good: every row of both batches written.
  rows.back()[0] = "人末";
  for (auto& r : rows) r[4] = "在职党员";
  ASSERT_OK_AND_ASSIGN(int64_t written, people_->Import(Ctx(admin_), ImportTable(rows), false));
  EXPECT_EQ(written, n);
  EXPECT_EQ(PeopleCount(), n);
  EXPECT_EQ(PersonAudits("import"), n);
}

TEST_P(PeopleServiceTest, AStreamedImportKeepsTheReadersOwnErrors) {
  // 1,001 refused cells: the reader gives up with its own message (400),
  // not a row report of the 1,000 it recorded before.
  std::string csv = "姓名,人员类别,所在支部\n";
  for (int i = 0; i < 1001; ++i) csv += "张\x01" + std::to_string(i) + ",在职党员,第一支部\n";
  auto r = people_->Import(Ctx(admin_), ImportFormat::kCsv, csv, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::kInvalidArgument);
  EXPECT_TRUE(r.error().details.empty()) << Describe(r.error());
  EXPECT_NE(r.error().message.find("超过 1000 个"), std::string::npos) << r.error().message;
  // A few refused cells and good rows: the rows' report, nothing written.
  auto few = people_->Import(Ctx(admin_), ImportFormat::kCsv,
                             "姓名,人员类别,所在支部\n张三,在职党员,第一支部\n李\x01四,在职党员,第一支部\n",
                             false);
  ASSERT_FALSE(few.ok());
  ASSERT_EQ(few.error().details.size(), 1u) << Describe(few.error());
  EXPECT_EQ(few.error().details[0].row, 3);
  EXPECT_EQ(few.error().details[0].column, "姓名");
  EXPECT_EQ(PeopleCount(), 0);
}

TEST_P(PeopleServiceTest, ImportDryRunWritesNothing) {
  auto table = ImportTable({
      {"张三", "", "", "", "在职党员", "第一支部", "", "", "", "", ""},
      {"李四", "", "", "", "群众", "第一党小组", "", "", "", "", ""},
  });
  ASSERT_OK_AND_ASSIGN(int64_t n, people_->Import(Ctx(admin_), table, true));
  EXPECT_EQ(n, 2);
  EXPECT_EQ(PeopleCount(), 0);
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'person'"), 0);
}

TEST_P(PeopleServiceTest, ImportChecksTheHeaderAndEmptyFiles) {
  ExpectError(people_->Import(Ctx(admin_), tabular::Table{}, false),
              Code::kInvalidArgument);
  tabular::Table no_branch{
      {{"姓名", "人员类别", "职务"}, {"张三", "在职党员", ""}}};
  auto r = people_->Import(Ctx(admin_), no_branch, false);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.error().details.size(), 1u);
  EXPECT_EQ(r.error().details[0].row, 1);
  EXPECT_EQ(r.error().details[0].column, "所在支部");
  tabular::Table header_only{{{"姓名", "人员类别", "所在支部"}}};
  auto empty = people_->Import(Ctx(admin_), header_only, false);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().message, "文件中没有数据行");
  EXPECT_EQ(PeopleCount(), 0);
}

TEST_P(PeopleServiceTest, ImportIdentifiesABranchByItsPathWhenTheNameIsNotUnique) {
  Org b1 = MakeOrg(b_.id, "第一党小组", Kind::kGroup);  // a1_ is 第一支部's
  auto import = [&](const std::string& cell) {
    tabular::Table t{{{"姓名", "人员类别", "所在支部"}, {"张三", "在职党员", cell}}};
    return people_->Import(Ctx(admin_), t, /*dry_run=*/true);
  };
  auto bare = import("第一党小组");
  ASSERT_FALSE(bare.ok());
  ASSERT_EQ(bare.error().details.size(), 1u);
  EXPECT_EQ(bare.error().details[0].column, "所在支部");
  EXPECT_EQ(bare.error().details[0].reason,
            "支部名称“第一党小组”不唯一（第一支部/第一党小组、第二支部/第一党小组），"
            "请填写带上级组织的路径，如“第一支部/第一党小组”");

  // A path names the org by its nearest ancestors, spaces around "/" ignored.
  for (const auto& [cell, id] : std::vector<std::pair<std::string, int64_t>>{
           {"第二支部/第一党小组", b1.id},
           {"第一支部/第一党小组", a1_.id},
           {"机关党委 / 第二支部 / 第一党小组", b1.id},
           {"机关党委/第二支部", b_.id}}) {
    SCOPED_TRACE(cell);
    tabular::Table t{{{"姓名", "人员类别", "所在支部"}, {"李四", "在职党员", cell}}};
    ASSERT_OK_AND_ASSIGN(int64_t n, people_->Import(Ctx(admin_), t, false));
    EXPECT_EQ(n, 1);
    ASSERT_OK_AND_ASSIGN(Page<Person> page,
                         List(admin_, ListFilter{.org_id = id, .q = "李四"}));
    EXPECT_EQ(page.total, 1);
    Person li = page.items.at(0);
    ASSERT_OK(people_->Archive(Ctx(admin_), li.id, li.version));
  }
  for (const std::string cell : {"第二支部/第九党小组", "第一支部/第二支部", "办公室/第一党小组"}) {
    auto r = import(cell);
    ASSERT_FALSE(r.ok()) << cell;
    ASSERT_EQ(r.error().details.size(), 1u);
    EXPECT_EQ(r.error().details[0].reason, "找不到组织路径“" + cell + "”");
  }
  EXPECT_EQ(PeopleCount(), 4);  // the four archived above, nothing else
}

TEST_P(PeopleServiceTest, ImportFindsBranchesWithinTheCallersScope) {
  MakeOrg(a1_.id, "第一支部", Kind::kBranch);  // a second org of that name, elsewhere
  Principal secretary = Holding(Role::kBranchSecretary, b_);
  tabular::Table into_other{
      {{"姓名", "人员类别", "所在支部"}, {"张三", "在职党员", "第一支部"}}};
  auto r = people_->Import(Ctx(secretary), into_other, false);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.error().details.size(), 1u);
  EXPECT_EQ(r.error().details[0].reason, "找不到支部“第一支部”");

  auto ambiguous = people_->Import(Ctx(admin_), into_other, false);
  ASSERT_FALSE(ambiguous.ok());
  ASSERT_EQ(ambiguous.error().details.size(), 1u);
  EXPECT_EQ(ambiguous.error().details[0].reason,
            "支部名称“第一支部”不唯一（机关党委/第一支部、第一党小组/第一支部），"
            "请填写带上级组织的路径，如“机关党委/第一支部”");

  tabular::Table own{
      {{"姓名", "人员类别", "所在支部"}, {"张三", "在职党员", "第二支部"}}};
  ASSERT_OK_AND_ASSIGN(int64_t n, people_->Import(Ctx(secretary), own, false));
  EXPECT_EQ(n, 1);
  // A leader of R reads 第二支部 but may not write there.
  Principal leader = Holding(Role::kLeader, r_);
  tabular::Table more{
      {{"姓名", "人员类别", "所在支部"}, {"李四", "在职党员", "第二支部"}}};
  ExpectError(people_->Import(Ctx(leader), more, false),
              Code::kPermissionDenied);
  // A secretary of another branch who can see 第二支部's parent cannot either.
  Principal a_secretary = Holding(Role::kBranchSecretary, a_);
  a_secretary.grants.push_back({Role::kLeader, r_.id, r_.path, r_.name});
  auto denied = people_->Import(Ctx(a_secretary), more, false);
  ASSERT_FALSE(denied.ok());
  ASSERT_EQ(denied.error().details.size(), 1u) << Describe(denied.error());
  EXPECT_EQ(denied.error().details[0].reason, "无权向支部“第二支部”导入人员");
  EXPECT_EQ(PeopleCount(), 1);
}

TEST_P(PeopleServiceTest, DuplicateOutsideTheCallersScopeNamesNothingThere) {
  Person in_a = Add(Fields("张三", a_.id, "1980-05-01"));
  Principal b_secretary = Holding(Role::kBranchSecretary, b_);
  // Create: refused, without the other branch's name or the person's id.
  auto created = people_->Create(Ctx(b_secretary), Fields("张三", b_.id, "1980-05-01"));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, Code::kAlreadyExists);
  EXPECT_EQ(created.error().field, "name");
  EXPECT_EQ(created.error().message, "与系统中已有人员重复，请联系机关党委");
  // Import: only that the file holds such a duplicate, with no row.
  tabular::Table file{{{"姓名", "人员类别", "所在支部", "出生日期"},
                       {"张三", "在职党员", "第二支部", "1980-05-01"}}};
  auto imported = people_->Import(Ctx(b_secretary), file, false);
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.error().code, Code::kAlreadyExists);
  EXPECT_EQ(imported.error().message, kScopeDuplicateInFileMessage);
  EXPECT_TRUE(imported.error().details.empty());
  for (const std::string& text : {created.error().message, imported.error().message}) {
    EXPECT_EQ(text.find("第一支部"), std::string::npos) << text;
    EXPECT_EQ(text.find(std::to_string(in_a.id)), std::string::npos) << text;
  }
  // The org admin, who reads both branches, is told where the other one is.
  Principal org_admin = Holding(Role::kOrgAdmin, r_);
  auto by_admin = people_->Create(Ctx(org_admin), Fields("张三", b_.id, "1980-05-01"));
  ASSERT_FALSE(by_admin.ok());
  EXPECT_EQ(by_admin.error().message,
            "系统中已有同名且出生日期相同的人员（第一支部，编号 " + std::to_string(in_a.id) + "）");
  // A secretary of A is told too: the person is in their own branch.
  Principal a_secretary = Holding(Role::kBranchSecretary, a_);
  auto own = people_->Create(Ctx(a_secretary), Fields("张三", a_.id, "1980-05-01"));
  ASSERT_FALSE(own.ok());
  EXPECT_NE(own.error().message.find("第一支部"), std::string::npos);
  EXPECT_EQ(PeopleCount(), 1);
}

TEST_P(PeopleServiceTest, ScopeHitsAreAuditedOnBothSidesAndLimitedPerAccountAndDay) {
  Person in_a = Add(Fields("张三", a_.id, "1980-05-01"));
  Principal b_secretary = Holding(Role::kBranchSecretary, b_);
  Person in_b = people_->Create(Ctx(b_secretary), Fields("李四", b_.id, "1990-01-01")).value();
  tabular::Table file{{{"姓名", "人员类别", "所在支部", "出生日期"},
                       {"王五", "在职党员", "第二支部", "1991-01-01"},
                       {"张三", "在职党员", "第二支部", "1980-05-01"},
                       {"张三", "在职党员", "第二支部", "1980-05-01"}}};
  PersonPatch rename;
  rename.version = in_b.version;
  rename.name = "张三";
  rename.birth_date = std::optional<std::string>("1980-05-01");
  // Five hits, by every write that checks: each counted and audited.
  ExpectError(people_->Create(Ctx(b_secretary), Fields("张三", b_.id, "1980-05-01")),
              Code::kAlreadyExists);
  ExpectError(people_->Update(Ctx(b_secretary), in_b.id, rename), Code::kAlreadyExists);
  ExpectError(people_->Import(Ctx(b_secretary), file, true), Code::kAlreadyExists);
  ExpectError(people_->Import(Ctx(b_secretary), file, false), Code::kAlreadyExists);
  ExpectError(people_->Create(Ctx(b_secretary), Fields("张三", b_.id, "1980-05-01")),
              Code::kAlreadyExists);
  // One entry per side (第一支部 and 第二支部 are apart), one hit per file.
  EXPECT_EQ(PersonAudits("duplicate_hit"), 10);
  const std::string hit_entries =
      "SELECT COUNT(*) FROM audit_log WHERE action = 'duplicate_hit' AND record_id = $1 AND "
      "org_path = $2 AND after_json LIKE $3";
  EXPECT_EQ(Count(hit_entries, {in_a.id, a_.path, "%\"birth_date\":\"1980-05-01\"%"}), 5);
  EXPECT_EQ(Count(hit_entries, {in_a.id, b_.path, "%\"name\":\"张三\"%"}), 5);
  EXPECT_EQ(Count(hit_entries, {in_a.id, b_.path, "%import_dry_run%"}), 1);
  EXPECT_EQ(Count("SELECT hits FROM duplicate_hits WHERE account_id = 2"), 5);
  // The sixth is refused, and so is every write that would run the check,
  // hit or not: the refusal tells nothing. Each refusal is audited.
  auto sixth = people_->Create(Ctx(b_secretary), Fields("张三", b_.id, "1980-05-01"));
  ExpectError(sixth, Code::kResourceExhausted);
  EXPECT_EQ(sixth.error().message, "查重命中次数过多，请联系机关党委");
  EXPECT_GT(sixth.error().retry_after_seconds, 0);
  ExpectError(people_->Create(Ctx(b_secretary), Fields("赵六", b_.id, "1970-01-01")),
              Code::kResourceExhausted);
  ExpectError(people_->Import(Ctx(b_secretary), file, true), Code::kResourceExhausted);
  EXPECT_EQ(PersonAudits("duplicate_refused"), 3);
  EXPECT_EQ(PersonAudits("duplicate_hit"), 10);
  EXPECT_EQ(Count("SELECT hits FROM duplicate_hits WHERE account_id = 2"), 5);
  // Writes that cannot match anyone go on.
  EXPECT_TRUE(people_->Create(Ctx(b_secretary), Fields("钱七", b_.id)).ok());
  // Another account has its own count; in-scope duplicates keep their detail.
  Principal a_secretary = Holding(Role::kBranchSecretary, a_);
  a_secretary.account_id = 3;
  auto own = people_->Create(Ctx(a_secretary), Fields("张三", a_.id, "1980-05-01"));
  ExpectError(own, Code::kAlreadyExists);
  EXPECT_NE(own.error().message.find("编号 " + std::to_string(in_a.id)), std::string::npos);
  EXPECT_EQ(PersonAudits("duplicate_hit"), 10);
  // A day after the first hit, the account may hit again.
  now_ += std::chrono::hours(24);
  ExpectError(people_->Create(Ctx(b_secretary), Fields("张三", b_.id, "1980-05-01")),
              Code::kAlreadyExists);
  EXPECT_EQ(Count("SELECT hits FROM duplicate_hits WHERE account_id = 2"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM people WHERE name = '张三'"), 1);
}

// --- The import's steps (person_import.hpp) ---

TEST(ReadImportRecordsTest, MapsTheHeaderKeepsRowNumbersAndSkipsBlankRows) {
  tabular::Table t{{{"备注", "所在支部*", "姓名*", "人员类别*"},
                    {"x", "第一支部", " 张三 ", "在职党员"},
                    {"", "", "", ""},
                    {"", "第二支部", "李四", "群众"}}};
  ASSERT_OK_AND_ASSIGN(auto records, ReadImportRecords(t));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].row, 2);
  EXPECT_EQ(records[1].row, 4);
  ASSERT_EQ(records[0].cells.size(), ImportColumns().size());
  EXPECT_EQ(records[0].cells[0], "张三");      // 姓名, trimmed
  EXPECT_EQ(records[0].cells[4], "在职党员");  // 人员类别
  EXPECT_EQ(records[0].cells[5], "第一支部");  // 所在支部
  EXPECT_EQ(records[0].cells[1], "");          // 性别: no such column
}

TEST(ReadImportRecordsTest, RefusesMissingColumnsEmptyFilesAndTooManyRows) {
  ExpectError(ReadImportRecords(tabular::Table{}), Code::kInvalidArgument);
  auto missing = ReadImportRecords(tabular::Table{{{"姓名", "职务"}, {"张三", ""}}});
  ASSERT_FALSE(missing.ok());
  std::set<std::string> columns;
  for (const auto& d : missing.error().details) {
    EXPECT_EQ(d.row, 1);
    columns.insert(d.column);
  }
  EXPECT_EQ(columns, std::set<std::string>({"人员类别", "所在支部"}));
  auto empty = ReadImportRecords(tabular::Table{{{"姓名", "人员类别", "所在支部"}, {"", "", ""}}});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().message, "文件中没有数据行");
  tabular::Table many{{{"姓名", "人员类别", "所在支部"}}};
  many.rows.resize(kDefaultImportMaxRows + 2, {"张三", "群众", "第一支部"});
  ExpectError(ReadImportRecords(many), Code::kTooLarge);
  many.rows.pop_back();
  ASSERT_OK_AND_ASSIGN(auto most, ReadImportRecords(many));
  EXPECT_EQ(most.size(), static_cast<size_t>(kDefaultImportMaxRows));
}

TEST_P(PeopleServiceTest, CheckImportRecordsAppliesTheFieldRulesToEveryCell) {
  // What an .xlsx can hold and the API refuses: a 3,000-byte name that is
  // no UTF-8, control characters, over-long text in any column.
  auto records = ReadImportRecords(ImportTable({
      {std::string(3000, '\x80'), "", "", "", "在职党员", "第一支部", "", "", "", "", ""},
      {Repeat("张", 1000), "", "", "", "在职党员", "第一支部", "", "", "", "", ""},
      {"李\x07四", "", "", "", "在职党员", "第一支部", "", "科\x01员", "", "", ""},
      {"王五", "", "", "", Repeat("类", 40), Repeat("支", 101), "", "", "", "幸福社区\x80", ""},
      {"赵六", "", "1980-05-01", "", "在职党员", "第一支部", "", "", "", "", ""},
  }));
  ASSERT_TRUE(records.ok());
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
  auto r = CheckImportRecords(*tx, Ctx(admin_), *records);
  ASSERT_FALSE(r.ok());
  std::vector<std::string> got;
  for (const auto& d : r.error().details)
    got.push_back(std::to_string(d.row) + ":" + d.column + ":" + d.reason);
  EXPECT_EQ(got, std::vector<std::string>({
                     "2:姓名:姓名含有无法识别的字符（不是有效的 UTF-8 文本）",
                     "3:姓名:姓名不能超过 50 个字",
                     "4:姓名:姓名不能包含控制字符",
                     "4:职务:职务不能包含控制字符",
                     "5:人员类别:人员类别不能超过 32 个字",
                     "5:所在支部:所在支部不能超过 100 个字",
                     "5:居住社区:居住社区含有无法识别的字符（不是有效的 UTF-8 文本）",
                 }));
  EXPECT_EQ(r.error().message, "文件有 4 行错误，未导入任何数据");
  // Every reason is valid UTF-8: no cell text is echoed unless it is.
  for (const auto& d : r.error().details) EXPECT_TRUE(IsValidUtf8(d.reason));
}

TEST_P(PeopleServiceTest, CheckImportRecordsResolvesNamesOnceForTheFile) {
  ASSERT_OK_AND_ASSIGN(
      auto records,
      ReadImportRecords(ImportTable({
          {"张三", "", "", "", "在职党员", "第一支部", "办公室", "", "", "幸福社区", ""},
          {"李四", "", "", "", "群众", "第二支部", "", "", "", "", ""},
      })));
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
  ASSERT_OK_AND_ASSIGN(auto checked, CheckImportRecords(*tx, Ctx(admin_), records));
  ASSERT_EQ(checked.size(), 2u);
  EXPECT_EQ(checked[0].row, 2);
  EXPECT_EQ(checked[0].fields.org_id, a_.id);
  EXPECT_EQ(checked[0].org_path, a_.path);
  EXPECT_EQ(checked[0].fields.department_id, d_.id);
  EXPECT_EQ(checked[0].fields.community_id, community_id_);
  EXPECT_EQ(checked[1].fields.org_id, b_.id);
  EXPECT_EQ(checked[1].fields.category, "resident");
}

TEST_P(PeopleServiceTest, WriteImportedPeopleBatchesWithOneAuditEntryPerPerson) {
  // Enough rows for several insert statements of people and of audit entries.
  std::vector<std::vector<std::string>> rows;
  const int n = 2 * static_cast<int>(storage::kMaxBatchValues / 11) + 3;
  for (int i = 0; i < n; ++i) {
    rows.push_back({"人" + std::to_string(i), i % 2 ? "男" : "", i % 3 ? "1990-01-01" : "", "",
                    "群众", i % 2 ? "第一支部" : "第二支部", i % 5 ? "" : "办公室", "", "",
                    i % 7 ? "" : "幸福社区", ""});
  }
  ASSERT_OK_AND_ASSIGN(int64_t written, people_->Import(Ctx(admin_), ImportTable(rows), false));
  EXPECT_EQ(written, n);
  EXPECT_EQ(PeopleCount(), n);
  EXPECT_EQ(PersonAudits("import"), n);
  // Each entry names its own person: ids and rows were matched in order.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log a JOIN people p ON p.id = a.record_id "
                  "JOIN orgs o ON o.id = p.org_id WHERE a.action = 'import' AND "
                  "a.org_path = o.path AND a.after_json LIKE '{\"name\":\"' || p.name || '\",%'"),
            n);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT record_id) FROM audit_log WHERE action = 'import'"), n);
}

// --- the list cache: keyed on the change counters of what a page reads ---

// An account of org r_ whose display name the tests change: a write of
// another record type than the people list reads.
int64_t MakeAccount(storage::Database& db, int64_t org_id, TimePoint now) {
  auto tx = db.Begin(storage::TxMode::kWrite);
  EXPECT_TRUE(tx.ok());
  auto id = auth::AuthService::CreateAccount(
      **tx, {"zhang", "张主任", "Correct-horse-7", std::nullopt, {{Role::kOrgAdmin, org_id}}}, now);
  EXPECT_TRUE(id.ok()) << Describe(id.error());
  EXPECT_TRUE((*tx)->Commit().ok());
  return id.ok() ? *id : 0;
}

// Renames account `id` (at `version`) through `db`.
void RenameAccount(storage::Database& db, const Context& ctx, int64_t id, int64_t version,
                   const std::string& name) {
  auth::AccountService accounts(db);
  auth::AccountPatch patch;
  patch.version = version;
  patch.display_name = name;
  auto a = accounts.Update(ctx, id, patch);
  EXPECT_TRUE(a.ok()) << Describe(a.error());
}

TEST_P(PeopleServiceTest, ListCacheServesAPageUntilAWriteChangesWhatItReads) {
  PersonFields f = Fields("张三", a_.id);
  f.community_id = community_id_;
  Person p = Add(f);
  int64_t account = MakeAccount(db(), r_.id, now_);
  ListFilter all;
  ASSERT_OK_AND_ASSIGN(auto first, people_->List(Ctx(admin_), all));
  ASSERT_OK_AND_ASSIGN(auto again, people_->List(Ctx(admin_), all));
  EXPECT_EQ(again.get(), first.get());  // served from the cache

  // An audited write of a record type the page does not read keeps it.
  RenameAccount(db(), Ctx(admin_), account, 1, "张副主任");
  ASSERT_OK_AND_ASSIGN(again, people_->List(Ctx(admin_), all));
  EXPECT_EQ(again.get(), first.get());

  // A write of a person, of an org or of a community is seen at once.
  PersonPatch rename;
  rename.version = p.version;
  rename.name = "张三丰";
  ASSERT_OK(people_->Update(Ctx(admin_), p.id, rename));
  ASSERT_OK_AND_ASSIGN(auto renamed, people_->List(Ctx(admin_), all));
  EXPECT_NE(renamed.get(), first.get());
  ASSERT_EQ(renamed->page().items.size(), 1u);
  EXPECT_EQ(renamed->page().items[0].f.name, "张三丰");

  orgs::OrgPatch org;
  org.version = a_.version;
  org.name = "第一党支部";
  ASSERT_OK(orgs_->Update(Ctx(admin_), a_.id, org));
  ASSERT_OK_AND_ASSIGN(auto moved, people_->List(Ctx(admin_), all));
  ASSERT_EQ(moved->page().items.size(), 1u);
  EXPECT_EQ(moved->page().items[0].org_name, "第一党支部");

  communities::CommunityPatch community;
  community.version = 1;
  community.name = "和谐社区";
  ASSERT_OK(communities_->Update(Ctx(admin_), community_id_, community));
  ASSERT_OK_AND_ASSIGN(auto last, people_->List(Ctx(admin_), all));
  ASSERT_EQ(last->page().items.size(), 1u);
  EXPECT_EQ(last->page().items[0].community_name, "和谐社区");
}

// Two processes share one database: each keeps its own cache, keyed on the
// counters both write.
TEST_P(PeopleServiceTest, ListCacheSeesTheWritesOfAnotherConnection) {
  Person p = Add(Fields("张三", a_.id));
  int64_t account = MakeAccount(db(), r_.id, now_);
  ASSERT_OK_AND_ASSIGN(auto other_db, storage::Open(clean_->url()));
  PeopleService other_people(*other_db);
  orgs::OrgService other_orgs(*other_db);
  ListFilter all;
  ASSERT_OK_AND_ASSIGN(auto first, people_->List(Ctx(admin_), all));

  RenameAccount(*other_db, Ctx(admin_), account, 1, "张副主任");
  ASSERT_OK_AND_ASSIGN(auto again, people_->List(Ctx(admin_), all));
  EXPECT_EQ(again.get(), first.get());  // still a hit

  PersonPatch rename;
  rename.version = p.version;
  rename.name = "张三丰";
  ASSERT_OK(other_people.Update(Ctx(admin_), p.id, rename));
  orgs::OrgPatch org;
  org.version = a_.version;
  org.name = "第一党支部";
  ASSERT_OK(other_orgs.Update(Ctx(admin_), a_.id, org));
  ASSERT_OK_AND_ASSIGN(auto seen, people_->List(Ctx(admin_), all));
  ASSERT_EQ(seen->page().items.size(), 1u);
  EXPECT_EQ(seen->page().items[0].f.name, "张三丰");
  EXPECT_EQ(seen->page().items[0].org_name, "第一党支部");
}

INSTANTIATE_TEST_SUITE_P(Engines, PeopleServiceTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());


// --- Lists: search, paging, totals (domain/list_query.hpp, name_search.hpp) ---

// Names that share characters and pinyin, polyphonic surnames among them,
// spread over A, A1 and B, some without a birth date.
std::vector<std::pair<std::string, int>> kListNames = {
    {"王伟", 0},   {"王伟伟", 1}, {"汪伟", 2},   {"张伟", 0},   {"王芳", 1},  {"伟王", 2},
    {"曾平", 0},   {"单雄信", 1}, {"解放", 2},   {"李娜", 0},   {"王五一", 1}, {"吴伟", 2},
    {"王", 0},     {"万维", 1},   {"王伟国", 2}, {"Li Na", 0},  {"赵伟王", 1}, {"王伟", 2}};

class PeopleListTest : public PeopleServiceTest {
 protected:
  void AddAll() {
    const Org* orgs[] = {&a_, &a1_, &b_};
    int i = 0;
    for (const auto& [name, org] : kListNames) {
      std::optional<std::string> birth;
      if (i % 4 != 3) birth = "19" + std::to_string(60 + (i * 7) % 40) + "-0" +
                              std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
      added_.push_back(Add(Fields(name, orgs[org]->id, birth)));
      ++i;
    }
  }

  Result<std::shared_ptr<const SharedPage<Person>>> ListAs(const Principal& p, ListFilter f) {
    return people_->List(Ctx(p), f);
  }

  // Every page of `f` followed by next_cursor, `limit` at a time.
  std::vector<int64_t> Walk(const Principal& p, ListFilter f, int64_t limit) {
    std::vector<int64_t> ids;
    f.page.limit = limit;
    for (int guard = 0; guard < 100; ++guard) {
      auto page = ListAs(p, f);
      EXPECT_TRUE(page.ok()) << Describe(page.error());
      if (!page.ok()) break;
      for (const Person& x : (*page)->page().items) ids.push_back(x.id);
      if ((*page)->page().next_cursor.empty()) break;
      f.page.cursor = (*page)->page().next_cursor;
    }
    return ids;
  }

  // The plain reading: every person in scope in `sort` order (no search),
  // then the name rule applied person by person.
  std::vector<int64_t> Scan(const Principal& p, ListFilter f) {
    std::string q = f.q.value_or("");
    f.q.reset();
    auto all = people_->ListAll(Ctx(p), f);
    EXPECT_TRUE(all.ok());
    std::vector<int64_t> ids;
    for (const Person& x : *all) {
      if (NameMatches(x.f.name, q)) ids.push_back(x.id);
    }
    return ids;
  }

  std::vector<int64_t> Ids(const std::shared_ptr<const SharedPage<Person>>& page) {
    std::vector<int64_t> ids;
    for (const Person& x : page->page().items) ids.push_back(x.id);
    return ids;
  }

  std::vector<Person> added_;
};

TEST_P(PeopleListTest, SearchFindsWhatAPlainScanFindsInTheSameOrder) {
  AddAll();
  for (const char* q : {"王", "伟", "王伟", "王伟伟", "伟王", "王伟国", "wangwei", "ww", "w",
                        "Wang Wei", "zeng", "zp", "shan", "sxx", "xie", "lina", "ln", "zz", "五一"}) {
    for (const char* sort : {"name", "-name", "birth_date", "-birth_date", "created_at"}) {
      ListFilter f;
      f.q = q;
      f.sort = sort;
      f.page.limit = 500;
      ASSERT_OK_AND_ASSIGN(auto page, ListAs(admin_, f));
      std::vector<int64_t> expected = Scan(admin_, f);
      EXPECT_EQ(Ids(page), expected) << q << " " << sort;
      EXPECT_EQ(page->page().total, static_cast<int64_t>(expected.size())) << q;
    }
  }
  // The rules themselves: pinyin, initials, surnames read as surnames.
  auto names = [&](const char* q) {
    ListFilter f;
    f.q = q;
    std::set<std::string> out;
    for (const Person& x : (*ListAs(admin_, f))->page().items) out.insert(x.f.name);
    return out;
  };
  EXPECT_EQ(names("wangwei"), (std::set<std::string>{"王伟", "汪伟", "王伟伟", "王伟国"}));
  EXPECT_TRUE(names("ww").count("王伟") && names("ww").count("汪伟") && names("ww").count("万维"));
  EXPECT_EQ(names("zeng"), std::set<std::string>{"曾平"});
  EXPECT_EQ(names("ceng"), std::set<std::string>{});
  EXPECT_EQ(names("shanxiong"), std::set<std::string>{"单雄信"});
  EXPECT_EQ(names("伟王"), (std::set<std::string>{"伟王", "赵伟王"}));
}

TEST_P(PeopleListTest, TotalsEqualAPlainCountAfterRenameMoveAndArchive) {
  AddAll();
  auto check = [&](const std::string& when) {
    for (const char* q : {"", "王", "王伟", "ww"}) {
      for (const Org* org : {&r_, &a_, &b_}) {
        ListFilter f;
        if (*q) f.q = q;
        f.org_id = org->id;
        f.page.limit = 1;
        ASSERT_OK_AND_ASSIGN(auto page, ListAs(admin_, f));
        int64_t plain = 0;
        auto tx = db().Begin(storage::TxMode::kRead);
        ASSERT_TRUE(tx.ok());
        ASSERT_OK_AND_ASSIGN(
            storage::Rows rows,
            (*tx)->Query("SELECT p.name FROM people p JOIN orgs o ON o.id = p.org_id "
                         "WHERE p.archived = 0 AND o.path LIKE $1",
                         {org->path + "%"}));
        for (const auto& r : rows) plain += NameMatches(r.Text(0), q) ? 1 : 0;
        EXPECT_EQ(page->page().total, plain) << when << " q=" << q << " org=" << org->name;
      }
    }
  };
  check("at first");
  // Rename: 王伟 → 李伟 leaves 王 and ww and joins l….
  auto renamed = people_->Update(Ctx(admin_), added_[0].id, {.version = added_[0].version,
                                                            .name = std::string("李伟")});
  ASSERT_TRUE(renamed.ok()) << Describe(renamed.error());
  check("after a rename");
  // Move: A1 (under A) moves under B; its people's scope path follows.
  ASSERT_OK_AND_ASSIGN(Org a1, orgs_->Get(Ctx(admin_), a1_.id));
  orgs::OrgPatch move;
  move.version = a1.version;
  move.parent_id = b_.id;
  ASSERT_TRUE(orgs_->Update(Ctx(admin_), a1_.id, move).ok());
  a_ = *orgs_->Get(Ctx(admin_), a_.id);
  b_ = *orgs_->Get(Ctx(admin_), b_.id);
  check("after moving an org");
  // Move one person to another branch.
  Person p = Reload(added_[2].id);
  ASSERT_TRUE(people_->Update(Ctx(admin_), p.id, {.version = p.version, .org_id = a_.id}).ok());
  check("after moving a person");
  p = Reload(added_[1].id);
  ASSERT_TRUE(people_->Archive(Ctx(admin_), p.id, p.version).ok());
  check("after an archive");
}

TEST_P(PeopleListTest, CursorPagingYieldsEveryRowOnceInOrder) {
  AddAll();
  for (const char* sort : {"name", "-name", "birth_date", "-birth_date", "party_join_date",
                           "-created_at"}) {
    for (const char* q : {"", "王", "w"}) {
      ListFilter f;
      f.sort = sort;
      if (*q) f.q = q;
      std::vector<int64_t> expected = Scan(admin_, f);
      EXPECT_EQ(Walk(admin_, f, 4), expected) << sort << " q=" << q;
      EXPECT_EQ(Walk(admin_, f, 1), expected) << sort << " q=" << q;
    }
  }
}

// The plain list of a caller whose scope holds most people (the committee's
// admin: 18 of 18) reads its pages planned once on PostgreSQL
// (ListSpec::plan_once_for_most), a branch's (6 of 18) and a filtered list's
// planned for their values; the pages are the plain scan's either way.
TEST_P(PeopleListTest, APlainListIsPlannedOnceWhenTheScopeHoldsMostPeople) {
  AddAll();
  const Principal committee = Holding(Role::kOrgAdmin, r_);
  const Principal branch = Holding(Role::kOrgAdmin, b_);
  // The page statements run so far on the connection the pool hands out
  // next (the one just released: this test runs one transaction at a time),
  // as (generic plans, custom plans) of the marked and of the unmarked ones.
  auto plans = [&](bool marked) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(
        "SELECT COALESCE(SUM(generic_plans), 0), COALESCE(SUM(custom_plans), 0) "
        "FROM pg_prepared_statements WHERE statement LIKE $1",
        {std::string(marked ? storage::kPlanOnce : "") + "WITH list_page %"});
    EXPECT_TRUE(row.ok());
    return row.ok() ? std::make_pair(row->Int(0), row->Int(1)) : std::make_pair(-1L, -1L);
  };
  const bool postgres = db().backend() == storage::Backend::kPostgres;
  auto list = [&](const Principal& who, ListFilter f) {
    for (const char* sort : {"name", "-name", "birth_date", "-birth_date"}) {
      f.sort = sort;
      EXPECT_EQ(Walk(who, f, 5), Scan(who, f)) << who.grants.front().org_name << " " << sort;
    }
  };
  list(committee, {});
  if (postgres) {
    EXPECT_EQ(plans(true).second, 0) << "no custom plan of a marked statement";
    EXPECT_GE(plans(true).first, 16) << "every page of the committee's list planned once";
    EXPECT_EQ(plans(false), std::make_pair(0L, 0L)) << "no page planned per value";
  }
  list(branch, {});
  ListFilter members;
  members.category = "member";
  list(committee, members);
  if (postgres) {
    EXPECT_EQ(plans(false).first, 0) << "the branch's and the filtered pages: no generic plan";
    EXPECT_GE(plans(false).second, 8) << "the branch's and the filtered pages: planned per value";
  }
}

TEST_P(PeopleListTest, RefusesChangedCursorsDeepOffsetsAndBoth) {
  AddAll();
  ListFilter f;
  f.page.limit = 2;
  ASSERT_OK_AND_ASSIGN(auto first, ListAs(admin_, f));
  std::string cursor = first->page().next_cursor;
  ASSERT_FALSE(cursor.empty());
  std::vector<std::string> bad = {"zz", cursor.substr(0, cursor.size() - 2), cursor + "00", "x"};
  std::string flipped = cursor;
  flipped[4] = flipped[4] == '0' ? '1' : '0';
  bad.push_back(flipped);
  for (const std::string& c : bad) {
    ListFilter g = f;
    g.page.cursor = c;
    ExpectError(ListAs(admin_, g), Code::kInvalidArgument, "cursor");
  }
  // A cursor belongs to its sort and filters.
  ListFilter other = f;
  other.page.cursor = cursor;
  other.sort = "-name";
  ExpectError(ListAs(admin_, other), Code::kInvalidArgument, "cursor");
  other.sort = "name";
  other.q = "王";
  ExpectError(ListAs(admin_, other), Code::kInvalidArgument, "cursor");
  ListFilter deep = f;
  deep.page.offset = kMaxListOffset + 1;
  ExpectError(ListAs(admin_, deep), Code::kInvalidArgument, "offset");
  deep.page.offset = kMaxListOffset;
  EXPECT_TRUE(ListAs(admin_, deep).ok());
  deep.page.offset = 2;
  deep.page.cursor = cursor;
  ExpectError(ListAs(admin_, deep), Code::kInvalidArgument, "offset");
}

TEST_P(PeopleListTest, ABranchSecretarySeesOnlyTheirScopeThroughSearchCursorAndTotal) {
  AddAll();
  Principal secretary = Holding(Role::kBranchSecretary, b_);
  for (const char* q : {"", "王", "伟", "wangwei", "ww", "w"}) {
    ListFilter f;
    if (*q) f.q = q;
    std::vector<int64_t> ids = Walk(secretary, f, 2);
    std::vector<int64_t> expected;
    for (const Person& p : added_) {
      if (p.f.org_id == b_.id && NameMatches(p.f.name, q)) expected.push_back(p.id);
    }
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, expected) << q;
    f.page.limit = 1;
    ASSERT_OK_AND_ASSIGN(auto page, ListAs(secretary, f));
    EXPECT_EQ(page->page().total, static_cast<int64_t>(expected.size())) << q;
    // The admin's cursor is not the secretary's: refused, not widened.
    ASSERT_OK_AND_ASSIGN(auto admins, ListAs(admin_, f));
    if (!admins->page().next_cursor.empty()) {
      f.page.cursor = admins->page().next_cursor;
      ExpectError(ListAs(secretary, f), Code::kInvalidArgument, "cursor");
    }
  }
}

TEST_P(PeopleListTest, DeclaredSortsAndSearchesReadAnIndexInOrder) {
  AddAll();
  const bool sqlite = GetParam().rfind("sqlite", 0) == 0;
  Principal secretary = Holding(Role::kBranchSecretary, a_);
  for (const Principal* who : {&admin_, &secretary}) {
    for (const char* q : {"", "王", "王伟", "ww"}) {
      for (const char* sort : {"name", "-name", "birth_date", "-birth_date", "party_join_date",
                               "-party_join_date", "created_at", "-created_at"}) {
        if (*q && std::string_view(sort).find("name") == std::string_view::npos) continue;
        ListFilter f;
        f.sort = sort;
        if (*q) f.q = q;
        auto [sql, params] = people_->ListSql(Ctx(*who), f);
        ASSERT_FALSE(sql.empty());
        auto tx = db().Begin(storage::TxMode::kRead);
        ASSERT_TRUE(tx.ok());
        ASSERT_OK_AND_ASSIGN(std::string plan, test::QueryPlan(**tx, sqlite, sql, params));
        if (sqlite) {
          EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << sort << q << "\n" << plan;
          EXPECT_EQ(plan.find("SCAN p\n"), std::string::npos) << sort << q << "\n" << plan;
        } else {
          EXPECT_EQ(plan.find("Sort"), std::string::npos) << sort << q << "\n" << plan;
          EXPECT_EQ(plan.find("Seq Scan on people"), std::string::npos) << sort << q << "\n"
                                                                          << plan;
          // A plain list's ids from the index alone, not the table (migration
          // 0021: the date indexes INCLUDE their column).
          if (!*q) EXPECT_EQ(plan.find("Index Scan"), std::string::npos) << sort << "\n" << plan;
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, PeopleListTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::people

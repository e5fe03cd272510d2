// OrgService against a real database on every engine of TestDatabaseUrls().
#include "domain/orgs/org.hpp"

#include <gtest/gtest.h>

#include <map>

#include "common/text.hpp"
#include "testing/migrated_database.hpp"
#include "testing/test_databases.hpp"
#include "testing/result_matchers.hpp"

namespace duxing::domain::orgs {
namespace {

using test::Describe;
using test::ExpectError;

using auth::Principal;
using auth::Role;

Principal Holding(Role role, const Org& org, int64_t account_id = 2) {
  Principal p;
  p.account_id = account_id;
  p.username = "u" + std::to_string(account_id);
  p.display_name = "用户";
  p.grants.push_back({role, org.id, org.path, org.name});
  return p;
}

class OrgServiceTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    orgs_ = std::make_unique<OrgService>(db());
    admin_.account_id = 1;
    admin_.username = "admin";
    admin_.display_name = "系统管理员";
    admin_.grants.push_back({Role::kSystemAdmin, 0, "/", "系统"});
  }

  Context Ctx(const Principal& p) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = now_;
    ctx.request_id = "req-org";
    ctx.client_ip = "192.0.2.1";
    return ctx;
  }

  // Creates an org as the system admin; fails the test on error.
  Org Make(std::optional<int64_t> parent, const std::string& name,
           Kind kind = Kind::kBranch) {
    auto o = orgs_->Create(Ctx(admin_), {parent, name, kind, 0});
    EXPECT_TRUE(o.ok()) << name << ": " << Describe(o.error());
    return o.ok() ? *o : Org{};
  }

  Org Reload(int64_t id) {
    auto o = orgs_->Get(Ctx(admin_), id);
    EXPECT_TRUE(o.ok()) << Describe(o.error());
    return o.ok() ? *o : Org{};
  }

  int64_t Count(const std::string& sql, const storage::Params& params = {}) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(sql, params);
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : -1;
  }

  int64_t AuditCount(const std::string& action) {
    return Count(
        "SELECT COUNT(*) FROM audit_log WHERE record_type = 'org' AND action = "
        "$1",
        {action});
  }

  void Exec(const std::string& sql, const storage::Params& params) {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    auto n = (*tx)->Exec(sql, params);
    ASSERT_TRUE(n.ok()) << Describe(n.error());
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  // A person in `org` (and department `dept`), inserted directly.
  void AddPerson(int64_t org, std::optional<int64_t> dept = std::nullopt) {
    Exec(
        "INSERT INTO people (name, category, org_id, department_id, "
        "created_at, "
        "updated_at) VALUES ('张三', 'member', $1, $2, $3, $3)",
        {org, storage::Opt(dept), FormatTime(now_)});
  }

  std::string PathOf(const std::vector<Org>& list, int64_t id) {
    for (const auto& o : list) {
      if (o.id == id) return o.path;
    }
    return "<absent>";
  }

  TimePoint now_ =
      TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 5 / 4)
                    .time_since_epoch()) +
      std::chrono::hours(9);
  std::unique_ptr<OrgService> orgs_;
  Principal admin_;
};

// The tree most tests use:  R ─┬─ A ── A1 ── A11
//                               ├─ B ── B1
//                               └─ D (科室)
struct Tree {
  Org r, a, a1, a11, b, b1, d;
};

class OrgTreeTest : public OrgServiceTest {
 protected:
  void SetUp() override {
    OrgServiceTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    t_.r = Make(std::nullopt, "机关党委", Kind::kPartyCommittee);
    t_.a = Make(t_.r.id, "第一支部");
    t_.a1 = Make(t_.a.id, "第一党小组", Kind::kGroup);
    t_.a11 = Make(t_.a1.id, "第一党小组甲", Kind::kGroup);
    t_.b = Make(t_.r.id, "第二支部");
    t_.b1 = Make(t_.b.id, "第二党小组", Kind::kGroup);
    t_.d = Make(t_.r.id, "办公室", Kind::kDepartment);
  }
  Tree t_;
};

TEST_P(OrgTreeTest, CreateKeepsMaterializedPaths) {
  auto id = [](const Org& o) { return std::to_string(o.id); };
  EXPECT_EQ(t_.r.path, "/" + id(t_.r) + "/");
  EXPECT_EQ(t_.a.path, t_.r.path + id(t_.a) + "/");
  EXPECT_EQ(t_.a1.path, t_.a.path + id(t_.a1) + "/");
  EXPECT_EQ(t_.a11.path, t_.a1.path + id(t_.a11) + "/");
  EXPECT_EQ(t_.r.parent_id, std::nullopt);
  EXPECT_EQ(t_.a1.parent_id, t_.a.id);
  EXPECT_EQ(t_.a.kind, Kind::kBranch);
  EXPECT_EQ(t_.d.kind, Kind::kDepartment);
  EXPECT_EQ(t_.a.version, 1);
  EXPECT_FALSE(t_.a.archived);
  EXPECT_EQ(t_.a.created_at, "2026-05-04T09:00:00Z");
  EXPECT_EQ(t_.a.updated_at, t_.a.created_at);
  EXPECT_EQ(AuditCount("create"), 7);

  ASSERT_OK_AND_ASSIGN(auto all, orgs_->List(Ctx(admin_), false));
  ASSERT_EQ(all.size(), 7u);
  EXPECT_EQ(all.front().id, t_.r.id);  // ordered by path
  for (size_t i = 1; i < all.size(); ++i)
    EXPECT_LT(all[i - 1].path, all[i].path);
}

TEST_P(OrgTreeTest, CreateChecksNamesParentsAndAuthority) {
  ExpectError(orgs_->Create(Ctx(admin_), {t_.r.id, "", Kind::kBranch, 0}),
              Code::kInvalidArgument, "name");
  ExpectError(orgs_->Create(Ctx(admin_),
                            {t_.r.id, std::string(101, 'x'), Kind::kBranch, 0}),
              Code::kInvalidArgument, "name");
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "党";
  EXPECT_TRUE(
      orgs_->Create(Ctx(admin_), {t_.r.id, hundred, Kind::kBranch, 0}).ok());
  ExpectError(
      orgs_->Create(Ctx(admin_), {int64_t{999999}, "x", Kind::kBranch, 0}),
      Code::kNotFound, "parent_id");

  Principal org_admin = Holding(Role::kOrgAdmin, t_.a);
  EXPECT_TRUE(
      orgs_->Create(Ctx(org_admin), {t_.a1.id, "新小组", Kind::kGroup, 0})
          .ok());
  ExpectError(orgs_->Create(Ctx(org_admin), {t_.b.id, "x", Kind::kGroup, 0}),
              Code::kNotFound,
              "parent_id");  // outside its scope: not even seen
  ExpectError(
      orgs_->Create(Ctx(org_admin), {std::nullopt, "x", Kind::kPartyGroup, 0}),
      Code::kPermissionDenied);
  Principal secretary = Holding(Role::kBranchSecretary, t_.a);
  ExpectError(orgs_->Create(Ctx(secretary), {t_.a.id, "x", Kind::kGroup, 0}),
              Code::kPermissionDenied);
  Principal leader = Holding(Role::kLeader, t_.r);
  ExpectError(orgs_->Create(Ctx(leader), {t_.r.id, "x", Kind::kBranch, 0}),
              Code::kPermissionDenied);
}

TEST_P(OrgTreeTest, MoveRewritesEveryDescendantPath) {
  int64_t moves = AuditCount("move");
  ASSERT_OK_AND_ASSIGN(
      Org moved, orgs_->Update(Ctx(admin_), t_.a.id, {1, {}, {}, t_.b.id, {}}));
  std::string new_a = t_.b.path + std::to_string(t_.a.id) + "/";
  EXPECT_EQ(moved.path, new_a);
  EXPECT_EQ(moved.parent_id, t_.b.id);
  EXPECT_EQ(moved.version, 2);
  EXPECT_EQ(moved.name, "第一支部");

  ASSERT_OK_AND_ASSIGN(auto all, orgs_->List(Ctx(admin_), false));
  EXPECT_EQ(PathOf(all, t_.a.id), new_a);
  EXPECT_EQ(PathOf(all, t_.a1.id), new_a + std::to_string(t_.a1.id) + "/");
  EXPECT_EQ(PathOf(all, t_.a11.id), new_a + std::to_string(t_.a1.id) + "/" +
                                        std::to_string(t_.a11.id) + "/");
  EXPECT_EQ(PathOf(all, t_.b.id), t_.b.path);  // the rest stays
  EXPECT_EQ(PathOf(all, t_.b1.id), t_.b1.path);
  EXPECT_EQ(PathOf(all, t_.d.id), t_.d.path);
  EXPECT_EQ(PathOf(all, t_.r.id), t_.r.path);
  EXPECT_EQ(Reload(t_.a1.id).parent_id,
            t_.a.id);  // parents of descendants stay
  EXPECT_EQ(AuditCount("move"), moves + 1);

  // Scopes follow the new paths: B's admin now administers A's subtree.
  Principal b_admin = Holding(Role::kOrgAdmin, Reload(t_.b.id));
  EXPECT_TRUE(orgs_->Get(Ctx(b_admin), t_.a11.id).ok());
  Principal a_secretary = Holding(Role::kBranchSecretary, Reload(t_.a.id));
  EXPECT_TRUE(orgs_->Get(Ctx(a_secretary), t_.a11.id).ok());
  ExpectError(orgs_->Get(Ctx(a_secretary), t_.b1.id), Code::kNotFound);
}

TEST_P(OrgTreeTest, MoveUnderItselfOrADescendantIsRefusedAndChangesNothing) {
  int64_t audits = Count("SELECT COUNT(*) FROM audit_log");
  for (int64_t target : {t_.a11.id, t_.a1.id, t_.a.id}) {
    auto r = orgs_->Update(Ctx(admin_), t_.a.id, {1, "改名", {}, target, {}});
    ExpectError(r, Code::kFailedPrecondition, "parent_id");
  }
  Org a = Reload(t_.a.id);
  EXPECT_EQ(a.path, t_.a.path);
  EXPECT_EQ(a.name, "第一支部");
  EXPECT_EQ(a.version, 1);
  EXPECT_EQ(Reload(t_.a11.id).path, t_.a11.path);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audits);
}

TEST_P(OrgTreeTest, MoveChecksTheTarget) {
  ExpectError(orgs_->Update(Ctx(admin_), t_.r.id, {1, {}, {}, t_.a.id, {}}),
              Code::kFailedPrecondition, "parent_id");  // roots stay roots
  ExpectError(
      orgs_->Update(Ctx(admin_), t_.a.id, {1, {}, {}, int64_t{999999}, {}}),
      Code::kNotFound, "parent_id");
  ASSERT_OK_AND_ASSIGN(Org archived, orgs_->Archive(Ctx(admin_), t_.b1.id, 1));
  ExpectError(orgs_->Update(Ctx(admin_), t_.a.id, {1, {}, {}, archived.id, {}}),
              Code::kFailedPrecondition, "parent_id");
  // Same parent is not a move.
  ASSERT_OK_AND_ASSIGN(
      Org same, orgs_->Update(Ctx(admin_), t_.a.id, {1, {}, {}, t_.r.id, {}}));
  EXPECT_EQ(same.path, t_.a.path);
  EXPECT_EQ(AuditCount("move"), 0);
  EXPECT_EQ(AuditCount("update"), 1);
}

TEST_P(OrgTreeTest, StaleVersionIsConflictAndChangesNothing) {
  ASSERT_OK_AND_ASSIGN(
      Org renamed,
      orgs_->Update(Ctx(admin_), t_.a.id,
                    {1, "机关第一支部", Kind::kGeneralBranch, {}, int64_t{5}}));
  EXPECT_EQ(renamed.version, 2);
  EXPECT_EQ(renamed.name, "机关第一支部");
  EXPECT_EQ(renamed.kind, Kind::kGeneralBranch);
  EXPECT_EQ(renamed.sort_order, 5);
  int64_t audits = Count("SELECT COUNT(*) FROM audit_log");

  ExpectError(
      orgs_->Update(Ctx(admin_), t_.a.id, {1, "过期的名字", {}, {}, {}}),
      Code::kConflict, "version");
  ExpectError(orgs_->Update(Ctx(admin_), t_.a.id, {1, {}, {}, t_.b.id, {}}),
              Code::kConflict, "version");
  ExpectError(
      orgs_->Update(Ctx(admin_), t_.a.id, {3, "未来的名字", {}, {}, {}}),
      Code::kConflict, "version");
  ExpectError(orgs_->Archive(Ctx(admin_), t_.a11.id, 7), Code::kConflict,
              "version");
  Org a = Reload(t_.a.id);
  EXPECT_EQ(a.name, "机关第一支部");
  EXPECT_EQ(a.version, 2);
  EXPECT_EQ(a.path, t_.a.path);
  EXPECT_FALSE(Reload(t_.a11.id).archived);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audits);

  ExpectError(orgs_->Update(Ctx(admin_), 999999, {1, "x", {}, {}, {}}),
              Code::kNotFound);
  ExpectError(orgs_->Update(Ctx(admin_), t_.a.id, {2, "", {}, {}, {}}),
              Code::kInvalidArgument, "name");
}

TEST_P(OrgTreeTest, ArchiveIsRefusedWhileActivePeopleOrChildrenRemain) {
  AddPerson(t_.a11.id);
  AddPerson(t_.b1.id, t_.d.id);  // in B1, working in department D
  ExpectError(orgs_->Archive(Ctx(admin_), t_.a11.id, 1),
              Code::kFailedPrecondition);
  ExpectError(orgs_->Archive(Ctx(admin_), t_.d.id, 1),
              Code::kFailedPrecondition);
  ExpectError(orgs_->Archive(Ctx(admin_), t_.a1.id, 1),
              Code::kFailedPrecondition);  // A11 is still active
  EXPECT_FALSE(Reload(t_.a11.id).archived);
  EXPECT_EQ(AuditCount("archive"), 0);

  Exec("UPDATE people SET archived = 1", {});
  ASSERT_OK_AND_ASSIGN(Org a11, orgs_->Archive(Ctx(admin_), t_.a11.id, 1));
  EXPECT_TRUE(a11.archived);
  EXPECT_EQ(a11.version, 2);
  ASSERT_OK_AND_ASSIGN(Org d, orgs_->Archive(Ctx(admin_), t_.d.id, 1));
  EXPECT_TRUE(d.archived);
  ASSERT_OK_AND_ASSIGN(Org a1, orgs_->Archive(Ctx(admin_), t_.a1.id, 1));
  EXPECT_TRUE(a1.archived);
  EXPECT_EQ(AuditCount("archive"), 3);

  // Archived: no more edits, no new children, hidden unless asked for.
  ExpectError(orgs_->Archive(Ctx(admin_), t_.a11.id, 2),
              Code::kFailedPrecondition);
  ExpectError(orgs_->Update(Ctx(admin_), t_.a11.id, {2, "x", {}, {}, {}}),
              Code::kFailedPrecondition);
  ExpectError(orgs_->Create(Ctx(admin_), {t_.a11.id, "x", Kind::kGroup, 0}),
              Code::kFailedPrecondition, "parent_id");
  ASSERT_OK_AND_ASSIGN(auto active, orgs_->List(Ctx(admin_), false));
  EXPECT_EQ(active.size(), 4u);
  ASSERT_OK_AND_ASSIGN(auto all, orgs_->List(Ctx(admin_), true));
  EXPECT_EQ(all.size(), 7u);
}

TEST_P(OrgTreeTest, OrgAdminWorksInsideItsSubtreeOnly) {
  Principal p = Holding(Role::kOrgAdmin, t_.a);
  ASSERT_OK_AND_ASSIGN(auto visible, orgs_->List(Ctx(p), false));
  std::vector<int64_t> ids;
  for (const auto& o : visible) ids.push_back(o.id);
  EXPECT_EQ(ids, std::vector<int64_t>({t_.a.id, t_.a1.id, t_.a11.id}));

  EXPECT_TRUE(orgs_->Get(Ctx(p), t_.a11.id).ok());
  ExpectError(orgs_->Get(Ctx(p), t_.b.id), Code::kNotFound);
  ExpectError(orgs_->Get(Ctx(p), t_.r.id), Code::kNotFound);
  ExpectError(orgs_->Update(Ctx(p), t_.b.id, {1, "x", {}, {}, {}}),
              Code::kNotFound);
  ExpectError(orgs_->Archive(Ctx(p), t_.b1.id, 1), Code::kNotFound);
  EXPECT_TRUE(
      orgs_->Update(Ctx(p), t_.a1.id, {1, "第一小组", {}, {}, {}}).ok());
  // Moving out of its subtree: the target is not even visible.
  ExpectError(orgs_->Update(Ctx(p), t_.a11.id, {1, {}, {}, t_.b.id, {}}),
              Code::kNotFound, "parent_id");
  // Within it: fine.
  EXPECT_TRUE(orgs_->Update(Ctx(p), t_.a11.id, {1, {}, {}, t_.a.id, {}}).ok());
  // Archiving A itself takes authority over its parent R.
  ExpectError(orgs_->Archive(Ctx(p), t_.a.id, 1), Code::kPermissionDenied);
  // Moving A itself needs authority over where it leaves (R).
  ExpectError(orgs_->Update(Ctx(p), t_.a.id, {1, {}, {}, t_.a.id, {}}),
              Code::kPermissionDenied);
  EXPECT_EQ(Reload(t_.a.id).version, 1);
}

TEST_P(OrgTreeTest, LeadersReadAndMembersSeeNothing) {
  Principal leader = Holding(Role::kLeader, t_.r);
  ASSERT_OK_AND_ASSIGN(auto all, orgs_->List(Ctx(leader), false));
  EXPECT_EQ(all.size(), 7u);
  ExpectError(orgs_->Update(Ctx(leader), t_.a.id, {1, "x", {}, {}, {}}),
              Code::kPermissionDenied);
  ExpectError(orgs_->Archive(Ctx(leader), t_.b1.id, 1),
              Code::kPermissionDenied);

  Principal secretary = Holding(Role::kBranchSecretary, t_.a);
  ASSERT_OK_AND_ASSIGN(auto mine, orgs_->List(Ctx(secretary), false));
  EXPECT_EQ(mine.size(), 3u);
  ExpectError(orgs_->Update(Ctx(secretary), t_.a1.id, {1, "x", {}, {}, {}}),
              Code::kPermissionDenied);

  Principal member = Holding(Role::kMember, t_.a);
  ExpectError(orgs_->List(Ctx(member), false), Code::kPermissionDenied);
  ExpectError(orgs_->Get(Ctx(member), t_.a.id), Code::kNotFound);
  EXPECT_EQ(Reload(t_.a.id).name, "第一支部");
}

TEST_P(OrgTreeTest, ListsByKindAndDepartmentsToEveryStaffRole) {
  auto ids = [](const std::vector<Org>& list) {
    std::vector<int64_t> out;
    for (const auto& o : list) out.push_back(o.id);
    return out;
  };
  ASSERT_OK_AND_ASSIGN(auto groups,
                       orgs_->List(Ctx(admin_), false, Kind::kGroup));
  EXPECT_EQ(ids(groups), std::vector<int64_t>({t_.a1.id, t_.a11.id, t_.b1.id}));
  // A branch secretary of B lists its own groups only...
  Principal secretary = Holding(Role::kBranchSecretary, t_.b);
  ASSERT_OK_AND_ASSIGN(auto own,
                       orgs_->List(Ctx(secretary), false, Kind::kGroup));
  EXPECT_EQ(ids(own), std::vector<int64_t>({t_.b1.id}));
  // ...but every department, to assign people to them.
  ASSERT_OK_AND_ASSIGN(auto depts,
                       orgs_->List(Ctx(secretary), false, Kind::kDepartment));
  EXPECT_EQ(ids(depts), std::vector<int64_t>({t_.d.id}));
  Principal member = Holding(Role::kMember, t_.b);
  ExpectError(orgs_->List(Ctx(member), false, Kind::kDepartment),
              Code::kPermissionDenied);
}

TEST_P(OrgTreeTest, ListCountsPeoplePerBranchAndDepartmentWithinScope) {
  AddPerson(t_.a.id, t_.d.id);
  AddPerson(t_.a.id);
  AddPerson(t_.a1.id);
  AddPerson(t_.b.id, t_.d.id);
  AddPerson(t_.b.id);
  // An archived person is not counted (as in the people list); one
  // transferred out still is, until archived.
  AddPerson(t_.b.id, t_.d.id);
  Exec("UPDATE people SET archived = 1 WHERE id = (SELECT MAX(id) FROM people)", {});
  AddPerson(t_.b.id);
  Exec("UPDATE people SET status = 'transferred_out' WHERE id = (SELECT MAX(id) FROM people)", {});

  auto counts = [](const std::vector<Org>& list) {
    std::map<int64_t, int64_t> out;
    for (const auto& o : list) out[o.id] = o.people_count.value_or(-1);
    return out;
  };
  ASSERT_OK_AND_ASSIGN(auto all, orgs_->List(Ctx(admin_), false, std::nullopt));
  auto c = counts(all);
  EXPECT_EQ(c[t_.r.id], 0);
  EXPECT_EQ(c[t_.a.id], 2) << "direct members only, not the group's";
  EXPECT_EQ(c[t_.a1.id], 1);
  EXPECT_EQ(c[t_.b.id], 3);
  EXPECT_EQ(c[t_.b1.id], 0);
  EXPECT_EQ(c[t_.d.id], 2) << "by department";

  // A secretary of B sees the department's count of B's people only.
  Principal secretary = Holding(Role::kBranchSecretary, t_.b);
  ASSERT_OK_AND_ASSIGN(auto depts, orgs_->List(Ctx(secretary), false, Kind::kDepartment));
  ASSERT_EQ(depts.size(), 1u);
  EXPECT_EQ(depts[0].people_count, 1);

  // Only lists carry counts.
  ASSERT_OK_AND_ASSIGN(Org one, orgs_->Get(Ctx(admin_), t_.a.id));
  EXPECT_EQ(one.people_count, std::nullopt);
}

TEST_P(OrgTreeTest, SortOrderStaysInRange) {
  ExpectError(
      orgs_->Create(Ctx(admin_), {t_.r.id, "x", Kind::kBranch, 1000001}),
      Code::kInvalidArgument, "sort_order");
  ExpectError(
      orgs_->Update(Ctx(admin_), t_.a.id, {1, {}, {}, {}, int64_t{-1000001}}),
      Code::kInvalidArgument, "sort_order");
  ASSERT_OK_AND_ASSIGN(
      Org o,
      orgs_->Update(Ctx(admin_), t_.a.id, {1, {}, {}, {}, int64_t{-1000000}}));
  EXPECT_EQ(o.sort_order, -1000000);
}

TEST_P(OrgServiceTest, ScopesMatchWholePathSegmentsNotDigits) {
  // Roots until one id's digits begin another's (1 and 10, 2 and 2x, ...).
  std::map<std::string, Org> roots;
  std::optional<std::pair<Org, Org>> pair;
  for (int i = 0; i < 40 && !pair; ++i) {
    Org o = Make(std::nullopt, "党组" + std::to_string(i), Kind::kPartyGroup);
    ASSERT_GT(o.id, 0);
    std::string digits = std::to_string(o.id);
    for (const auto& [other_digits, other] : roots) {
      if (digits.rfind(other_digits, 0) == 0) pair = std::pair{other, o};
    }
    roots[digits] = o;
  }
  ASSERT_TRUE(pair.has_value());
  const auto& [shorter, longer] = *pair;
  Org child = Make(longer.id, "下级支部");
  Principal p = Holding(Role::kOrgAdmin, shorter);
  ASSERT_OK_AND_ASSIGN(auto visible, orgs_->List(Ctx(p), true));
  ASSERT_EQ(visible.size(), 1u);
  EXPECT_EQ(visible.front().id, shorter.id);
  ExpectError(orgs_->Get(Ctx(p), longer.id), Code::kNotFound);
  ExpectError(orgs_->Get(Ctx(p), child.id), Code::kNotFound);
}

// ASVS 5.2.2: a name is one line of well-formed text, whoever writes it
// (the API, the demo, a future import); a refusal writes nothing.
TEST_P(OrgTreeTest, NamesRefuseControlCharactersAndBadUtf8) {
  int64_t audits = AuditCount("create") + AuditCount("update");
  for (std::string bad :
       {std::string("第三\n支部"), std::string("第三\t支部"), std::string("a\rb"),
        std::string("x\x1b[0m"), std::string("支部\x7f"), std::string("支部\u0085"),
        std::string("支部\u009f"), std::string("a\0b", 3), std::string("支部\x80"),
        std::string("\xe6\x94"), std::string("\xc0\xaf"), std::string("\xed\xa0\x80")}) {
    SCOPED_TRACE(Hex(bad));
    ExpectError(orgs_->Create(Ctx(admin_), {t_.r.id, bad, Kind::kBranch, 0}),
                Code::kInvalidArgument, "name");
    OrgPatch rename;
    rename.version = t_.b.version;
    rename.name = bad;
    ExpectError(orgs_->Update(Ctx(admin_), t_.b.id, rename), Code::kInvalidArgument, "name");
  }
  auto e = orgs_->Create(Ctx(admin_), {t_.r.id, "第三\n支部", Kind::kBranch, 0});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "组织名称不能包含换行、制表符等控制字符");
  e = orgs_->Create(Ctx(admin_), {t_.r.id, "支部\xff", Kind::kBranch, 0});
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("UTF-8"), std::string::npos);
  EXPECT_EQ(AuditCount("create") + AuditCount("update"), audits);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM orgs"), 7);
  EXPECT_EQ(Reload(t_.b.id).name, "第二支部");
  // Inner spaces, punctuation and non-BMP characters are text.
  EXPECT_TRUE(orgs_->Create(Ctx(admin_), {t_.r.id, "第三 支部（机关）·𠀀", Kind::kBranch, 0}).ok());
}

TEST_P(OrgTreeTest, NamesAreUniqueAmongLiveSiblings) {
  auto taken = orgs_->Create(Ctx(admin_), {t_.r.id, "第一支部", Kind::kDepartment, 0});
  ExpectError(taken, Code::kAlreadyExists, "name");
  EXPECT_EQ(taken.error().message, "同一上级组织下已有同名组织");
  // The roots are siblings too.
  ExpectError(orgs_->Create(Ctx(admin_), {std::nullopt, "机关党委", Kind::kPartyGroup, 0}),
              Code::kAlreadyExists, "name");
  // Under another parent the name is free: B gets a 第一党小组 as A1 is one.
  Org b_group = Make(t_.b.id, "第一党小组", Kind::kGroup);
  // Rename onto a sibling's name; keeping one's own name is no clash.
  OrgPatch rename;
  rename.version = t_.b.version;
  rename.name = "第一支部";
  ExpectError(orgs_->Update(Ctx(admin_), t_.b.id, rename), Code::kAlreadyExists, "name");
  rename.name = "第二支部";
  rename.sort_order = 4;
  ASSERT_OK_AND_ASSIGN(Org same, orgs_->Update(Ctx(admin_), t_.b.id, rename));
  // Move B's 第一党小组 under A, where A1 has that name.
  OrgPatch move;
  move.version = b_group.version;
  move.parent_id = t_.a.id;
  ExpectError(orgs_->Update(Ctx(admin_), b_group.id, move), Code::kAlreadyExists, "name");
  EXPECT_EQ(Reload(b_group.id).parent_id, t_.b.id);
  move.name = "第三党小组";
  ASSERT_OK_AND_ASSIGN(Org moved, orgs_->Update(Ctx(admin_), b_group.id, move));
  EXPECT_EQ(moved.parent_id, t_.a.id);
  EXPECT_EQ(AuditCount("create"), 8);  // the tree and b_group, no refused one
}

TEST_P(OrgTreeTest, ArchivedOrgsLeaveTheirNameFree) {
  ASSERT_OK_AND_ASSIGN(Org gone, orgs_->Archive(Ctx(admin_), t_.a11.id, t_.a11.version));
  Org again = Make(t_.a1.id, "第一党小组甲", Kind::kGroup);
  EXPECT_NE(again.id, gone.id);
  ExpectError(orgs_->Create(Ctx(admin_), {t_.a1.id, "第一党小组甲", Kind::kGroup, 0}),
              Code::kAlreadyExists, "name");
}

// The unique index (migration 0006) holds where the service's check is
// bypassed, as by a concurrent writer; its refusal is a duplicate, not a 500.
TEST_P(OrgTreeTest, TheIndexRefusesLiveDuplicates) {
  auto tx = db().Begin(storage::TxMode::kWrite);
  ASSERT_TRUE(tx.ok());
  auto n = (*tx)->Exec(
      "INSERT INTO orgs (parent_id, name, kind, path, created_at, updated_at) "
      "VALUES ($1, '第一支部', 'branch', '', 'x', 'x')",
      {t_.r.id});
  ExpectError(n, Code::kAlreadyExists);
  tx->reset();
  Exec("INSERT INTO orgs (parent_id, name, kind, path, archived, created_at, updated_at) "
       "VALUES ($1, '第一支部', 'branch', '', 1, 'x', 'x')",
       {t_.r.id});
}

TEST(OrgKindTest, NamesAndLabels) {
  for (Kind k : {Kind::kPartyGroup, Kind::kPartyCommittee, Kind::kGeneralBranch,
                 Kind::kBranch, Kind::kGroup, Kind::kDepartment}) {
    EXPECT_EQ(ParseKind(KindName(k)), k);
    EXPECT_NE(KindLabel(k), "");
  }
  EXPECT_EQ(KindLabel(Kind::kBranch), "党支部");
  EXPECT_STREQ(KindName(Kind::kGeneralBranch), "general_branch");
  EXPECT_EQ(ParseKind("party_branch"), std::nullopt);
  EXPECT_EQ(ParseKind("党支部"), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Engines, OrgServiceTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());
INSTANTIATE_TEST_SUITE_P(Engines, OrgTreeTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::orgs

// Test support of the ledger's kinds 3-5 (org_life_test, enterprise_test,
// self_check_test), on every engine of TestDatabaseUrls(): 机关党委 with two
// branches, three members of the first (甲 乙 丙) and one of the second (戊),
// the accounts that act on them, and events of a given type.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "domain/events/event.hpp"
#include "domain/orgs/org.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_accounts.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::ledger {

class LifeTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    DX_SKIP_IF_NO_ENGINE(GetParam());
    auto clean = test::CleanDatabase::OpenMigrated(GetParam());
    ASSERT_TRUE(clean.ok()) << test::Describe(clean.error());
    clean_ = std::move(clean).value();
    system_.grants = {{auth::Role::kSystemAdmin, 0, "/", "系统"}};
    orgs::OrgService orgs(db());
    ASSERT_OK_AND_ASSIGN(root_, orgs.Create(As(system_), {std::nullopt, "机关党委",
                                                          orgs::Kind::kPartyCommittee, 0}));
    ASSERT_OK_AND_ASSIGN(
        first_, orgs.Create(As(system_), {root_.id, "机关第一支部", orgs::Kind::kBranch, 0}));
    ASSERT_OK_AND_ASSIGN(
        second_, orgs.Create(As(system_), {root_.id, "机关第二支部", orgs::Kind::kBranch, 1}));
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << test::Describe(tx.error());
    for (const char* name : {"甲党员", "乙党员", "丙党员"}) {
      first_people_.push_back(AddPerson(**tx, name, first_));
    }
    second_person_ = AddPerson(**tx, "戊党员", second_);
    ASSERT_OK(test::CreateAccounts(
        **tx,
        {{&admin_, "admin", auth::Role::kOrgAdmin, root_},
         {&leader_, "leader", auth::Role::kLeader, root_},
         {&secretary_, "secretary", auth::Role::kBranchSecretary, first_},
         {&second_secretary_, "secretary2", auth::Role::kBranchSecretary, second_},
         {&member_, "jia", auth::Role::kMember, first_, first_people_[0]},
         {&other_member_, "wu", auth::Role::kMember, second_, second_person_}},
        now_));
    ASSERT_OK((*tx)->Commit());
  }

  int64_t AddPerson(storage::Tx& tx, const std::string& name, const orgs::Org& org) {
    auto row = tx.QueryOne(
        "INSERT INTO people (name, category, org_id, org_path, created_at, updated_at) "
        "VALUES ($1, 'member', $2, $3, $4, $4) RETURNING id",
        {name, org.id, org.path, FormatTime(now_)});
    EXPECT_TRUE(row.ok()) << test::Describe(row.error());
    return row.ok() ? row->Int(0) : 0;
  }

  storage::Database& db() { return clean_->db(); }

  Context As(const auth::Principal& p) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = now_;
    return ctx;
  }

  // A published event of type `code` organized by `org` for its members.
  int64_t MakeEvent(const std::string& code, const orgs::Org& org, const std::string& title) {
    events::Event e;
    e.title = title;
    e.type_id = Count("SELECT id FROM event_types WHERE code = $1", {code});
    e.org_id = org.id;
    e.starts_at = "2026-02-20T01:00:00Z";
    e.ends_at = "2026-02-20T04:00:00Z";
    e.target_org_ids = {org.id};
    e.status = events::EventStatus::kPublished;
    events::EventService events(db());
    auto created = events.Create(As(admin_), e);
    EXPECT_TRUE(created.ok()) << test::Describe(created.error());
    return created.ok() ? created->id : 0;
  }

  int64_t Count(const std::string& sql, storage::Params params = {}) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(sql, params);
    EXPECT_TRUE(row.ok()) << test::Describe(row.error());
    return row.ok() ? row->Int(0) : -1;
  }

  TimePoint now_{std::chrono::sys_days(std::chrono::year(2026) / 3 / 1).time_since_epoch()};
  std::unique_ptr<test::CleanDatabase> clean_;
  auth::Principal system_, admin_, leader_, secretary_, second_secretary_, member_, other_member_;
  orgs::Org root_, first_, second_;
  std::vector<int64_t> first_people_;
  int64_t second_person_ = 0;
};

}  // namespace duxing::domain::ledger

// audit::SnapshotJson and audit::RecordAll (entries and change counters) on
// every engine of TestDatabaseUrls().
#include "domain/audit/audit_log.hpp"

#include <gtest/gtest.h>

#include "common/text.hpp"
#include "storage/generation.hpp"
#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::audit {
namespace {

using test::Describe;

TEST(SnapshotJsonTest, IsValidUtf8WhateverTheValuesHold) {
  std::string bad(3000, '\x80');
  std::string json = SnapshotJson({{"name", bad}, {"post", "科\x01员"}, {"phone", std::nullopt}});
  EXPECT_TRUE(IsValidUtf8(json));
  EXPECT_EQ(json.find('\x01'), std::string::npos);
  EXPECT_NE(json.find("\\u0001"), std::string::npos);
  EXPECT_NE(json.find("\xEF\xBF\xBD"), std::string::npos);  // U+FFFD stands for each bad byte
  EXPECT_EQ(SnapshotJson({{"name", "张三"}, {"gender", std::nullopt}}),
            "{\"name\":\"张三\",\"gender\":null}");
}

class AuditRecordTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_.account_id = 1;
    admin_.display_name = "系统管理员";
    admin_.grants.push_back({auth::Role::kSystemAdmin, 0, "/", "系统"});
    ctx_.principal = &admin_;
    ctx_.request_id = "req-audit";
    ctx_.client_ip = "192.0.2.3";
  }
  auth::Principal admin_;
  Context ctx_;
};

TEST_P(AuditRecordTest, EveryEntryIsWrittenInOrderEvenWithBytesThatAreNoUtf8) {
  std::vector<Change> changes;
  for (int i = 0; i < 1500; ++i) {
    changes.push_back(
        {"import", "person", i + 1, "/1/", std::nullopt,
         Snapshot{{"name", i == 7 ? std::string(3000, '\x80') : "人" + std::to_string(i)}}, ""});
  }
  changes.push_back({"login_failed", "session", std::nullopt, std::nullopt, std::nullopt,
                     std::nullopt, "user\xFF"});  // a name typed at the login form
  auto tx = clean_->db().Begin(storage::TxMode::kWrite);
  ASSERT_TRUE(tx.ok());
  auto written = RecordAll(**tx, ctx_, changes);
  ASSERT_TRUE(written.ok()) << Describe(written.error());
  ASSERT_TRUE((*tx)->Commit().ok());

  auto page = List(clean_->db(), Catalog({&Info()}), ctx_, Filter{.page = {2000, 0}});
  ASSERT_TRUE(page.ok()) << Describe(page.error());
  ASSERT_EQ(page->total, 1501);
  const auto& items = page->items;  // newest first
  EXPECT_EQ(items.front().actor_name, "user\xEF\xBF\xBD");
  EXPECT_EQ(items.back().record_id, 1);
  EXPECT_EQ(items.back().after_json, "{\"name\":\"人0\"}");
  for (const Entry& e : items) {
    EXPECT_TRUE(!e.after_json || IsValidUtf8(*e.after_json));
  }
  EXPECT_EQ(items[items.size() - 8].record_id, 8);
  EXPECT_TRUE(items[items.size() - 8].after_json->find("\xEF\xBF\xBD") != std::string::npos);
}

// A module of this test only: its record type says where its name is, and
// the audit log finds it there with no edit of audit_log.cpp.
const ModuleInfo& WidgetModule() {
  static const ModuleInfo info{
      .name = "widgets",
      .record_types = {{"widget", "小部件", {{"title", "标题"}}, {}, {"widgets", "title"}},
                       {"gadget", "无名部件", {{"size", "大小"}}}}};
  return info;
}

TEST_P(AuditRecordTest, RecordNamesComeFromEachRecordTypesDeclaration) {
  auto tx = clean_->db().Begin(storage::TxMode::kWrite);
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE((*tx)->ExecScript("CREATE TABLE widgets (id INTEGER PRIMARY KEY, title TEXT NOT NULL);"
                                "INSERT INTO widgets (id, title) VALUES (7, '学习园地展板');")
                  .ok());
  ASSERT_TRUE(RecordAll(**tx, ctx_,
                        {{"create", "widget", 7, std::nullopt, std::nullopt, std::nullopt, ""},
                         {"create", "widget", 8, std::nullopt, std::nullopt, std::nullopt, ""},
                         {"create", "gadget", 7, std::nullopt, std::nullopt, std::nullopt, ""}})
                  .ok());
  ASSERT_TRUE((*tx)->Commit().ok());
  Catalog catalog({&Info(), &WidgetModule()});
  auto page = List(clean_->db(), catalog, ctx_, Filter{.page = {10, 0}});
  ASSERT_TRUE(page.ok()) << Describe(page.error());
  ASSERT_EQ(page->items.size(), 3u);  // newest first
  EXPECT_EQ(page->items[2].record_name, "学习园地展板");
  EXPECT_EQ(page->items[1].record_name, "");  // no such widget
  EXPECT_EQ(page->items[0].record_name, "");  // gadgets declare no name
  // Without the module's declaration there is no name.
  page = List(clean_->db(), Catalog({&Info()}), ctx_, Filter{.page = {10, 0}});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items[2].record_name, "");
}

TEST_P(AuditRecordTest, EntriesBumpTheCountersOfTheRecordTypesTheirWriteChanged) {
  auto counters = [&]() {
    auto tx = clean_->db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    std::vector<int64_t> out;
    for (const char* name : {"person", "org", "session", "account"}) {
      auto g = storage::ReadGeneration(**tx, {name});
      EXPECT_TRUE(g.ok()) << Describe(g.error());
      out.push_back(g.ok() ? *g : -1);
    }
    return out;  // person, org, session, account
  };
  auto record = [&](const std::vector<Change>& changes) {
    auto tx = clean_->db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(RecordAll(**tx, ctx_, changes).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(counters(), V({1, 1, 1, 1}));
  // By default the entry's record type; once per call however many entries.
  record({{"import", "person", 1, "/1/", std::nullopt, std::nullopt, ""},
          {"import", "person", 2, "/1/", std::nullopt, std::nullopt, ""}});
  EXPECT_EQ(counters(), V({2, 1, 1, 1}));
  // A write that changes several record types names them.
  record({{"update", "account", 1, std::nullopt, std::nullopt, std::nullopt, "",
           std::vector<std::string>{"account", "session"}}});
  EXPECT_EQ(counters(), V({2, 1, 2, 2}));
  // An event that changes no record moves no counter.
  record({{"login_failed", "account", std::nullopt, std::nullopt, std::nullopt, std::nullopt,
           "someone", std::vector<std::string>{}}});
  EXPECT_EQ(counters(), V({2, 1, 2, 2}));
}

// A branch secretary who also administers the branch reads its log: names of
// accounts that belong to the branch (by a grant or by their person) are
// shown, names of accounts of other units are not; the system admin sees all.
TEST_P(AuditRecordTest, ActorsOfOtherUnitsAreNotNamedToABranchReader) {
  auto tx = clean_->db().Begin(storage::TxMode::kWrite);
  ASSERT_TRUE(tx.ok());
  // Times are text the log does not read here.
  const std::string setup =
      "INSERT INTO orgs (id, parent_id, name, kind, path, created_at, "
      "updated_at) VALUES "
      "(1, NULL, '市统计局党组', 'party_group', '/1/', 'T', 'T'),"
      "(2, 1, '机关党委', 'party_committee', '/1/2/', 'T', 'T'),"
      "(3, 2, '机关第一支部', 'branch', '/1/2/3/', 'T', 'T'),"
      "(4, 2, '机关第二支部', 'branch', '/1/2/4/', 'T', 'T');"
      "INSERT INTO people (id, name, category, org_id, created_at, updated_at) "
      "VALUES "
      "(31, '一支部党员', 'member', 3, 'T', 'T'), (41, '二支部党员', 'member', "
      "4, 'T', 'T');"
      "INSERT INTO accounts (id, username, display_name, password_hash, "
      "person_id, created_at, "
      "updated_at) VALUES "
      "(10, 'dangwei', '机关党委管理员', 'x', NULL, 'T', 'T'),"
      "(11, 'zhibu1', '一支部书记', 'x', NULL, 'T', 'T'),"
      "(13, 'zhibu2', '二支部书记', 'x', NULL, 'T', 'T'),"
      "(14, 'dangyuan1', '一支部党员', 'x', 31, 'T', 'T'),"
      "(15, 'dangyuan2', '二支部党员', 'x', 41, 'T', 'T');"
      "INSERT INTO role_grants (account_id, role, org_id, created_at) VALUES "
      "(10, 'org_admin', 2, 'T'), (11, 'branch_secretary', 3, 'T'), (11, "
      "'org_admin', 3, 'T'),"
      "(13, 'branch_secretary', 4, 'T');";
  ASSERT_TRUE((*tx)->ExecScript(setup).ok());
  // Each account (and the system admin of the fixture, and a job) changes a
  // person of 机关第一支部.
  const Change edit{"update", "person", 31, "/1/2/3/", std::nullopt, std::nullopt, ""};
  std::vector<std::pair<int64_t, std::string>> actors = {{1, "系统管理员"},  {10, "机关党委管理员"},
                                                         {11, "一支部书记"}, {13, "二支部书记"},
                                                         {14, "一支部党员"}, {15, "二支部党员"}};
  for (const auto& [id, name] : actors) {
    auth::Principal actor;
    actor.account_id = id;
    actor.display_name = name;
    Context c = ctx_;
    c.principal = &actor;
    ASSERT_TRUE(RecordAll(**tx, c, {edit}).ok());
  }
  Change job = edit;
  job.actor_name_override = "系统任务";
  Context no_one = ctx_;
  no_one.principal = nullptr;
  ASSERT_TRUE(RecordAll(**tx, no_one, {job}).ok());
  ASSERT_TRUE((*tx)->Commit().ok());

  auto names = [&](const auth::Principal& reader) {
    Context c = ctx_;
    c.principal = &reader;
    auto page = List(clean_->db(), Catalog({&Info()}), c, Filter{.page = {50, 0}});
    EXPECT_TRUE(page.ok()) << Describe(page.error());
    std::vector<std::string> out;  // oldest first
    if (page.ok()) {
      for (auto it = page->items.rbegin(); it != page->items.rend(); ++it) {
        out.push_back(it->actor_name);
      }
    }
    return out;
  };
  auth::Principal reader;
  reader.account_id = 11;
  reader.display_name = "一支部书记";
  reader.grants = {{auth::Role::kBranchSecretary, 3, "/1/2/3/", "机关第一支部"},
                   {auth::Role::kOrgAdmin, 3, "/1/2/3/", "机关第一支部"}};
  using V = std::vector<std::string>;
  EXPECT_EQ(names(reader), V({"其他单位用户", "其他单位用户", "一支部书记", "其他单位用户",
                              "一支部党员", "其他单位用户", "系统任务"}));
  EXPECT_EQ(names(admin_), V({"系统管理员", "机关党委管理员", "一支部书记", "二支部书记",
                              "一支部党员", "二支部党员", "系统任务"}));
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditRecordTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::audit

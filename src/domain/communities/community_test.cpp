// CommunityService against a real database on every engine of TestDatabaseUrls().
#include "domain/communities/community.hpp"

#include <gtest/gtest.h>

#include "common/text.hpp"
#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::communities {
namespace {

using test::Describe;
using test::ExpectError;

class CommunityServiceTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    service_ = std::make_unique<CommunityService>(clean_->db());
    admin_.account_id = 1;
    admin_.username = "admin";
    admin_.display_name = "系统管理员";
    admin_.grants.push_back({auth::Role::kSystemAdmin, 0, "/", "系统"});
    ctx_.principal = &admin_;
    ctx_.now = TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 5 / 4).time_since_epoch());
  }

  Community Make(const std::string& name, const std::string& street) {
    auto c = service_->Create(ctx_, {0, name, Kind::kLinked, street, false, 1});
    EXPECT_TRUE(c.ok()) << name << ": " << Describe(c.error());
    return c.ok() ? *c : Community{};
  }

  int64_t Count(const std::string& sql) {
    auto tx = clean_->db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(sql, {});
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : -1;
  }

  std::unique_ptr<CommunityService> service_;
  auth::Principal admin_;
  Context ctx_;
};

// ASVS 5.2.2: name and street are one line of well-formed text each.
TEST_P(CommunityServiceTest, TextFieldsRefuseControlCharactersAndBadUtf8) {
  Community c = Make("幸福社区", "桃花仑街道");
  for (std::string bad : {std::string("幸福\n社区"), std::string("a\tb"), std::string("a\rb"),
                          std::string("x\x1b[0m"), std::string("社区\x7f"),
                          std::string("社区\u0085"), std::string("a\0b", 3),
                          std::string("社区\x80"), std::string("\xe6\x94")}) {
    SCOPED_TRACE(Hex(bad));
    ExpectError(service_->Create(ctx_, {0, bad, Kind::kRural, "某镇", false, 1}),
                Code::kInvalidArgument, "name");
    ExpectError(service_->Create(ctx_, {0, "新社区", Kind::kRural, bad, false, 1}),
                Code::kInvalidArgument, "street");
    CommunityPatch p;
    p.version = c.version;
    p.name = bad;
    ExpectError(service_->Update(ctx_, c.id, p), Code::kInvalidArgument, "name");
    p.name.reset();
    p.street = bad;
    ExpectError(service_->Update(ctx_, c.id, p), Code::kInvalidArgument, "street");
  }
  auto e = service_->Create(ctx_, {0, "新社区", Kind::kRural, "某\n镇", false, 1});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "街道/镇不能包含换行、制表符等控制字符");
  e = service_->Create(ctx_, {0, "新\x1f社区", Kind::kRural, "", false, 1});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "社区/村名称不能包含换行、制表符等控制字符");
  ExpectError(service_->Create(ctx_, {0, std::string(101, 'x'), Kind::kRural, "", false, 1}),
              Code::kInvalidArgument, "name");
  ExpectError(service_->Create(ctx_, {0, "新社区", Kind::kRural, std::string(101, 'x'), false, 1}),
              Code::kInvalidArgument, "street");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM communities"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'community'"), 1);
}

TEST_P(CommunityServiceTest, OnePerNameAndStreetAmongLiveOnes) {
  Community a = Make("幸福社区", "桃花仑街道");
  auto dup = service_->Create(ctx_, {0, "幸福社区", Kind::kCheckIn, "桃花仑街道", false, 1});
  ExpectError(dup, Code::kAlreadyExists, "name");
  EXPECT_EQ(dup.error().message, "已有同名社区");
  Community other = Make("幸福社区", "大码头街道");  // another street: another community
  CommunityPatch p;
  p.version = other.version;
  p.street = "桃花仑街道";
  ExpectError(service_->Update(ctx_, other.id, p), Code::kAlreadyExists, "name");
  // A kind change keeps name and street: no clash with itself.
  CommunityPatch kind;
  kind.version = a.version;
  kind.kind = Kind::kRural;
  ASSERT_TRUE(service_->Update(ctx_, a.id, kind).ok());
  // Archived ones leave the name free; archiving is never refused for a name.
  auto gone = service_->Archive(ctx_, a.id, a.version + 1);
  ASSERT_TRUE(gone.ok()) << Describe(gone.error());
  Community again = Make("幸福社区", "桃花仑街道");
  EXPECT_NE(again.id, a.id);
}

TEST_P(CommunityServiceTest, FindByNamesGivesEveryLiveMatch) {
  Community a = Make("幸福社区", "桃花仑街道");
  Community b = Make("幸福社区", "大码头街道");
  Community c = Make("善溪村", "X镇");
  auto tx = clean_->db().Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto found = CommunityService::FindByNames(**tx, {"幸福社区", "善溪村", "无此社区"});
  ASSERT_TRUE(found.ok()) << Describe(found.error());
  EXPECT_EQ((*found)["幸福社区"], (std::vector<int64_t>{a.id, b.id}));
  EXPECT_EQ((*found)["善溪村"], (std::vector<int64_t>{c.id}));
  EXPECT_EQ(found->count("无此社区"), 0u);
}

// The unique index (migration 0006) holds where the service's check is
// bypassed, as by a concurrent writer.
TEST_P(CommunityServiceTest, TheIndexRefusesLiveDuplicates) {
  Make("幸福社区", "桃花仑街道");
  auto tx = clean_->db().Begin(storage::TxMode::kWrite);
  ASSERT_TRUE(tx.ok());
  ExpectError((*tx)->Exec("INSERT INTO communities (name, kind, street, created_at, updated_at) "
                          "VALUES ('幸福社区', 'linked', '桃花仑街道', 'x', 'x')",
                          {}),
              Code::kAlreadyExists);
}

INSTANTIATE_TEST_SUITE_P(Engines, CommunityServiceTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()), test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::communities

// Study: material rules, the self-study log's rules and scope (own entries,
// secretaries read their branch, members never another's; minutes per day),
// the 学习强国 import (month parsing, matching by name within the org
// subtree, resolutions, all or nothing) and the demo step, on every engine
// of TestDatabaseUrls().
#include <gtest/gtest.h>

#include <functional>
#include <latch>
#include <thread>

#include "domain/demo/demo_org.hpp"
#include "domain/study/material.hpp"
#include "domain/study/study_log.hpp"
#include "domain/study/xuexi.hpp"
#include "tabular/xlsx_writer.hpp"
#include "testing/migrated_database.hpp"
#include "testing/query_plan.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::study {
namespace {

using test::Describe;
using test::ExpectError;

TEST(XuexiPeriod, ReadsTheMonthsExportsWrite) {
  EXPECT_EQ(ParsePeriod("2021-06"), "2021-06");
  EXPECT_EQ(ParsePeriod("2021-6"), "2021-06");
  EXPECT_EQ(ParsePeriod("2021/06"), "2021-06");
  EXPECT_EQ(ParsePeriod("2021.6"), "2021-06");
  EXPECT_EQ(ParsePeriod("2021年6月"), "2021-06");
  EXPECT_EQ(ParsePeriod("2021年12月"), "2021-12");
  EXPECT_EQ(ParsePeriod("202106"), "2021-06");
  EXPECT_EQ(ParsePeriod("2021-06-15"), "2021-06");
  for (const char* bad : {"", "2021", "2021-13", "2021-00", "1999-06", "六月", "2021-06-31",
                          "2021-06x", "20216", "2021--06", "2021-006"}) {
    EXPECT_EQ(ParsePeriod(bad), std::nullopt) << bad;
  }
}

TEST(StudyMaterialValidate, TitlesAndChapters) {
  Material m;
  m.title = "中国共产党简史";
  m.chapters = {{0, "第一章"}, {0, "第二章"}};
  ASSERT_OK(Validate(m));
  auto with = [&](auto change) {
    Material c = m;
    change(c);
    return Validate(c);
  };
  ExpectError(with([](Material& c) { c.title = ""; }), Code::kInvalidArgument, "title");
  ExpectError(with([](Material& c) { c.title = "a\nb"; }), Code::kInvalidArgument, "title");
  ExpectError(with([](Material& c) {
                c.chapters.push_back({0, "第一章"});
              }),
              Code::kInvalidArgument, "chapters");
  ExpectError(with([](Material& c) {
                c.chapters.push_back({0, ""});
              }),
              Code::kInvalidArgument, "chapters");
  ExpectError(with([](Material& c) {
                c.chapters.resize(kMaxChapters + 1, {0, "x"});
              }),
              Code::kInvalidArgument, "chapters");
}

// The demo bureau (domain/demo) with its accounts, on one engine.
class StudyTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_OK(demo::BuildDemo(db(), now_, "Demo-pass-2026"));
  }

  // The principal of demo account `username` with its person and grant.
  auth::Principal Account(const std::string& username) {
    auth::Principal p;
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(
        "SELECT a.id, a.person_id, g.role, o.id, o.path FROM accounts a "
        "JOIN role_grants g ON g.account_id = a.id JOIN orgs o ON o.id = "
        "g.org_id "
        "WHERE a.username = $1",
        {username});
    EXPECT_TRUE(row.ok()) << username;
    p.account_id = row->Int(0);
    p.person_id = row->OptInt(1);
    p.grants = {{*auth::ParseRole(row->Text(2)), row->Int(3), row->Text(4), ""}};
    return p;
  }

  int64_t Id(const std::string& sql, const std::string& value) {
    auto tx = db().Begin(storage::TxMode::kRead);
    auto row = (*tx)->QueryOne(sql, {value});
    EXPECT_TRUE(row.ok()) << sql << " " << value;
    return row.ok() ? row->Int(0) : 0;
  }
  int64_t Org(const std::string& name) { return Id("SELECT id FROM orgs WHERE name = $1", name); }
  int64_t Person(const std::string& name) {
    return Id("SELECT id FROM people WHERE name = $1", name);
  }
  int64_t Material(const std::string& title) {
    return Id("SELECT id FROM study_materials WHERE title = $1", title);
  }

  Context As(const auth::Principal& p) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = now_;
    return ctx;
  }

  TimePoint now_{std::chrono::sys_days(std::chrono::year(2026) / 3 / 1).time_since_epoch()};
};

TEST_P(StudyTest, TheDesignatedBooksAreSeededWithChapters) {
  MaterialService materials(db());
  auth::Principal member = Account("dangyuan1");
  ASSERT_OK_AND_ASSIGN(auto list, materials.List(As(member), false));
  ASSERT_EQ(list.size(), 4u);
  for (const auto& m : list) {
    EXPECT_TRUE(m.designated) << m.title;
    EXPECT_FALSE(m.org_id) << m.title;
    EXPECT_GE(m.chapters.size(), 4u) << m.title;
  }
  // Only system admins edit the seeded books.
  auth::Principal officer = Account("dangwei");
  ExpectError(materials.Update(As(officer), list[0].id, {list[0].version, "改名"}),
              Code::kPermissionDenied);
}

TEST_P(StudyTest, MinutesOfADayAreBoundedPerPerson) {
  StudyLogService logs(db());
  auth::Principal member = Account("dangyuan1");
  int64_t book = Material("中国共产党简史");
  // Eight hours a day, all entries together.
  StudyLogFields f{"2026-02-01", book, std::nullopt, 481, "心得"};
  ExpectError(logs.Create(As(member), f), Code::kInvalidArgument, "minutes");
  f.minutes = 300;
  ASSERT_OK_AND_ASSIGN(StudyLog first, logs.Create(As(member), f));
  f.minutes = 181;
  ExpectError(logs.Create(As(member), f), Code::kInvalidArgument, "minutes");
  f.minutes = 180;
  ASSERT_OK_AND_ASSIGN(StudyLog second, logs.Create(As(member), f));
  // Another day, and another person's day, are their own.
  f.study_date = "2026-02-02";
  ASSERT_OK(logs.Create(As(member), f));
  auth::Principal secretary = Account("zhibu1");
  f.study_date = "2026-02-01";
  ASSERT_OK(logs.Create(As(secretary), f));
  // An edit counts the others, not itself; an archived entry counts nothing.
  ExpectError(logs.Update(As(member), second.id, {second.version, {}, {}, {}, 181, {}}),
              Code::kInvalidArgument, "minutes");
  ASSERT_OK(logs.Archive(As(member), first.id, first.version));
  ASSERT_OK(logs.Update(As(member), second.id, {second.version, {}, {}, {}, 480, {}}));
  f.minutes = 0;
  ExpectError(logs.Create(As(member), f), Code::kInvalidArgument, "minutes");
  f = {"2026-03-02", book, std::nullopt, 10, ""};  // after today (2026-03-01 in China)
  ExpectError(logs.Create(As(member), f), Code::kInvalidArgument, "study_date");
}

// Several POSTs of one person's day at once, each in its own transaction:
// the day's total never passes the bound (on PostgreSQL's READ COMMITTED
// each would otherwise read the old total and pass), and those refused got
// the day-total answer. Rounds over several days, entries and edits.
TEST_P(StudyTest, ConcurrentEntriesOfOneDayNeverPassTheBound) {
  StudyLogService logs(db());
  auth::Principal member = Account("dangyuan1");
  const int64_t person = *member.person_id;
  const int64_t book = Material("中国共产党简史");
  constexpr int kWriters = 6;
  constexpr int64_t kEach = 100;  // four fit in a day (400), a fifth would not (500)
  auto day_total = [&](const std::string& day) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(
        "SELECT COALESCE(SUM(minutes), 0) FROM study_logs WHERE person_id = $1 AND "
        "study_date = $2 AND archived = 0",
        {person, day});
    EXPECT_TRUE(row.ok());
    return row.ok() ? row->Int(0) : -1;
  };
  // Runs `write` on kWriters threads released together; how many wrote. Each
  // refused one must have got the day-total answer.
  auto at_once = [&](const std::function<Status(int)>& write) {
    std::latch start(kWriters);
    std::vector<Status> answers(kWriters, Ok());
    std::vector<std::thread> threads;
    for (int i = 0; i < kWriters; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        answers[i] = write(i);
      });
    }
    for (auto& t : threads) t.join();
    int64_t written = 0;
    for (const Status& a : answers) {
      if (a.ok()) {
        ++written;
        continue;
      }
      EXPECT_EQ(a.error().code, Code::kInvalidArgument) << Describe(a.error());
      EXPECT_EQ(a.error().field, "minutes");
      EXPECT_NE(a.error().message.find("当天学习时长合计不能超过 8 小时"), std::string::npos)
          << a.error().message;
    }
    return written;
  };
  auto status = [](const auto& r) -> Status {
    if (!r.ok()) return r.error();
    return Ok();
  };
  for (int round = 0; round < 8; ++round) {
    const std::string day = "2026-02-1" + std::to_string(round);
    int64_t written = at_once([&](int) {
      return status(logs.Create(As(member), {day, book, std::nullopt, kEach, ""}));
    });
    EXPECT_EQ(written, 4) << day;
    EXPECT_EQ(day_total(day), written * kEach) << day;
    ASSERT_LE(day_total(day), kMaxMinutesPerDay) << day;
  }
  // Edits: six entries of 10 minutes each raised to 100 at once.
  const std::string day = "2026-02-20";
  std::vector<StudyLog> entries;
  for (int i = 0; i < kWriters; ++i) {
    ASSERT_OK_AND_ASSIGN(StudyLog l, logs.Create(As(member), {day, book, std::nullopt, 10, ""}));
    entries.push_back(l);
  }
  int64_t raised = at_once([&](int i) {
    return status(
        logs.Update(As(member), entries[i].id, {entries[i].version, {}, {}, {}, kEach, {}}));
  });
  EXPECT_EQ(raised, 4);  // 60 + 4 * 90 = 420; a fifth would make 510
  EXPECT_LE(day_total(day), kMaxMinutesPerDay);
  EXPECT_EQ(day_total(day), raised * kEach + (kWriters - raised) * 10);
}

// The day-total lock is the person's: while one write of the member's holds
// it, another person's entry is written (it would wait forever otherwise).
TEST_P(StudyTest, TheDayTotalLockHoldsUpNoOtherPerson) {
  if (db().backend() != storage::Backend::kPostgres) GTEST_SKIP() << "SQLite writers take turns";
  StudyLogService logs(db());
  auth::Principal member = Account("dangyuan1");
  auth::Principal secretary = Account("zhibu1");
  ASSERT_OK_AND_ASSIGN(auto held, db().Begin(storage::TxMode::kWrite));
  ASSERT_OK(held->Query("SELECT 1 FROM people WHERE id = $1 FOR NO KEY UPDATE", {*member.person_id}));
  ASSERT_OK(logs.Create(As(secretary),
                        {"2026-02-21", Material("中国共产党简史"), std::nullopt, 60, ""}));
}

TEST_P(StudyTest, NoDayBeforeTheCampaignOfThePersonsOrgs) {
  StudyLogService logs(db());
  auth::Principal member = Account("dangyuan1");
  int64_t book = Material("中国共产党简史");
  // No campaign yet: no bound but 2000 and today.
  ASSERT_OK(logs.Create(As(member), {"2020-06-01", book, std::nullopt, 30, ""}));
  // A 2021 campaign held by 机关党委 (the member's branch is below it) from 2021-02-26.
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    ASSERT_OK(tx->Exec(
        "INSERT INTO campaigns (name, year, start_date, end_date, status, org_id, created_at, "
        "updated_at) VALUES ('党史学习教育', 2021, '2021-02-26', '2021-12-31', 'active', $1, $2, $2)",
        {Org("市统计局机关党委"), FormatTime(now_)}));
    ASSERT_OK(tx->Commit());
  }
  ExpectError(logs.Create(As(member), {"2021-02-25", book, std::nullopt, 30, ""}),
              Code::kInvalidArgument, "study_date");
  ExpectError(logs.Create(As(member), {"2020-06-02", book, std::nullopt, 30, ""}),
              Code::kInvalidArgument, "study_date");
  ASSERT_OK_AND_ASSIGN(StudyLog first, logs.Create(As(member), {"2021-02-26", book, std::nullopt, 30, ""}));
  ExpectError(logs.Update(As(member), first.id, {first.version, "2021-01-31", {}, {}, {}, {}}),
              Code::kInvalidArgument, "study_date");
}

TEST_P(StudyTest, MembersReadOnlyTheirOwnAndSecretariesTheirBranch) {
  StudyLogService logs(db());
  auth::Principal member = Account("dangyuan1");
  auth::Principal secretary = Account("zhibu1");
  auth::Principal officer = Account("dangwei");
  ASSERT_OK_AND_ASSIGN(
      StudyLog own,
      logs.Create(As(member), {"2026-02-10", Material("中国共产党简史"), std::nullopt, 30, ""}));
  ASSERT_OK_AND_ASSIGN(
      StudyLog theirs,
      logs.Create(As(secretary), {"2026-02-10", Material("中国共产党简史"), std::nullopt, 30, ""}));
  ASSERT_OK(logs.Get(As(member), own.id));
  ExpectError(logs.Get(As(member), theirs.id), Code::kNotFound);
  StudyLogFilter f;
  f.person_id = theirs.person_id;
  ExpectError(logs.List(As(member), f), Code::kPermissionDenied, "person_id");
  ASSERT_OK_AND_ASSIGN(auto mine, logs.List(As(member), {}));
  for (const auto& l : mine.items) EXPECT_EQ(l.person_id, own.person_id);
  // The secretary reads the member's entry but does not edit it.
  ASSERT_OK(logs.Get(As(secretary), own.id));
  ExpectError(logs.Update(As(secretary), own.id, {own.version, {}, {}, {}, 5, {}}),
              Code::kPermissionDenied);
  ASSERT_OK_AND_ASSIGN(auto branch, logs.List(As(secretary), {}));
  EXPECT_GE(branch.total, 2);
  // Accounts without a person keep no log.
  ExpectError(
      logs.Create(As(officer), {"2026-02-10", Material("中国共产党简史"), std::nullopt, 30, ""}),
      Code::kPermissionDenied);
  TotalsFilter t{TotalsBy::kPerson, std::nullopt, "2026-02-01", "2026-02-28"};
  ASSERT_OK_AND_ASSIGN(auto totals, logs.Totals(As(member), t));
  ASSERT_EQ(totals.items.size(), 1u);
  EXPECT_EQ(totals.items[0].name, "钱党员");
  ASSERT_OK_AND_ASSIGN(totals, logs.Totals(As(officer), t));
  EXPECT_EQ(totals.items.size(), 2u);
  EXPECT_EQ(totals.total, 2);
}

std::string File(std::vector<std::vector<std::string>> rows) {
  tabular::Sheet sheet;
  sheet.header = {"姓名", "单位", "积分"};
  sheet.rows = std::move(rows);
  auto bytes = tabular::WriteXlsx(sheet);
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? *bytes : std::string();
}

TEST_P(StudyTest, PointsAreMatchedWithinTheOrgSubtreeAndWrittenAllOrNothing) {
  XuexiService xuexi(db());
  auth::Principal secretary = Account("zhibu1");
  int64_t branch1 = Org("机关第一支部");
  // The secretary may not import for another branch; that is decided first.
  ExpectError(xuexi.MayImport(As(secretary), Org("机关第二支部")), Code::kNotFound, "org_id");
  ASSERT_OK_AND_ASSIGN(XuexiUpload up, xuexi.Upload(As(secretary), branch1, "x.xlsx",
                                                    File({{"钱党员", "机关第一支部", "1200"},
                                                          {"赵书记", "", "800"},
                                                          {"无此人", "机关第一支部", "10"}})));
  EXPECT_EQ(up.header, (std::vector<std::string>{"姓名", "单位", "积分"}));
  EXPECT_EQ(up.rows, 3);
  ColumnMapping m{"姓名", "单位", "积分", "", "2026-01"};
  ASSERT_OK_AND_ASSIGN(CheckResult checked, xuexi.Check(As(secretary), up.id, m));
  ASSERT_EQ(checked.rows.size(), 3u);
  EXPECT_EQ(checked.rows[0].state, RowState::kMatched);
  EXPECT_EQ(checked.rows[0].person_id, Person("钱党员"));
  EXPECT_EQ(checked.rows[1].state, RowState::kMatched);
  EXPECT_EQ(checked.rows[2].state, RowState::kUnmatched);
  // An open row: nothing written.
  ExpectError(xuexi.Commit(As(secretary), up.id, m, {}), Code::kFailedPrecondition, "resolutions");
  RankingFilter r{RankBy::kPerson, "2026-01", "2026-01", std::nullopt};
  ASSERT_OK_AND_ASSIGN(auto ranking, xuexi.Ranking(As(secretary), r));
  EXPECT_TRUE(ranking.empty());
  // A person outside the branch may not be chosen.
  ExpectError(xuexi.Commit(As(secretary), up.id, m, {{4, Person("赵书记")}, {4, std::nullopt}}),
              Code::kInvalidArgument, "resolutions");
  ASSERT_OK_AND_ASSIGN(ImportSummary done,
                       xuexi.Commit(As(secretary), up.id, m, {{4, std::nullopt}}));
  EXPECT_EQ(done.imported, 2);
  EXPECT_EQ(done.skipped, 1);
  ASSERT_OK_AND_ASSIGN(ranking, xuexi.Ranking(As(secretary), r));
  ASSERT_EQ(ranking.size(), 2u);
  EXPECT_EQ(ranking[0].name, "钱党员");
  EXPECT_EQ(ranking[0].points, 1200);
  ExpectError(xuexi.Commit(As(secretary), up.id, m, {{4, std::nullopt}}),
              Code::kFailedPrecondition);
  // The mapping comes back with the next upload.
  ASSERT_OK_AND_ASSIGN(XuexiUpload next,
                       xuexi.Upload(As(secretary), branch1, "", File({{"钱党员", "", "1"}})));
  ASSERT_TRUE(next.remembered);
  EXPECT_EQ(next.remembered->points, "积分");
  // One person twice in one month is refused.
  ASSERT_OK_AND_ASSIGN(
      XuexiUpload twice,
      xuexi.Upload(As(secretary), branch1, "", File({{"钱党员", "", "1"}, {"钱党员", "", "2"}})));
  ExpectError(xuexi.Commit(As(secretary), twice.id, m, {}), Code::kFailedPrecondition,
              "resolutions");
}

TEST_P(StudyTest, TheLogListReadsAnIndexInOrder) {
  const bool sqlite = GetParam().rfind("sqlite", 0) == 0;
  StudyLogService logs(db());
  auth::Principal member = Account("dangyuan1");
  auth::Principal secretary = Account("zhibu1");
  auth::Principal officer = Account("dangwei");
  for (const auth::Principal* who : {&member, &secretary, &officer}) {
    for (const char* sort : {"study_date", "-study_date"}) {
      for (bool mine : {false, true}) {
        if (mine && !who->person_id) continue;
        StudyLogFilter f;
        f.sort = sort;
        f.mine = mine;
        auto [sql, params] = logs.ListSql(As(*who), f);
        ASSERT_FALSE(sql.empty());
        auto tx = db().Begin(storage::TxMode::kRead);
        ASSERT_TRUE(tx.ok());
        ASSERT_OK_AND_ASSIGN(std::string plan, test::QueryPlan(**tx, sqlite, sql, params));
        if (sqlite) {
          EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << sort << "\n" << plan;
          EXPECT_EQ(plan.find("SCAN l\n"), std::string::npos) << sort << "\n" << plan;
        } else {
          EXPECT_EQ(plan.find("Sort"), std::string::npos) << sort << "\n" << plan;
          EXPECT_EQ(plan.find("Seq Scan on study_logs"), std::string::npos) << sort << "\n" << plan;
        }
      }
    }
  }
}

TEST_P(StudyTest, UploadsAreSweptAfterADay) {
  XuexiService xuexi(db());
  auth::Principal secretary = Account("zhibu1");
  int64_t branch1 = Org("机关第一支部");
  ASSERT_OK_AND_ASSIGN(XuexiUpload left,
                       xuexi.Upload(As(secretary), branch1, "", File({{"钱党员", "", "1"}})));
  ASSERT_OK_AND_ASSIGN(XuexiUpload done,
                       xuexi.Upload(As(secretary), branch1, "", File({{"钱党员", "", "5"}})));
  ColumnMapping m{"姓名", "单位", "积分", "", "2026-02"};
  ASSERT_OK(xuexi.Commit(As(secretary), done.id, m, {}));
  // Within a day nothing goes.
  ASSERT_OK_AND_ASSIGN(int64_t swept, xuexi.SweepUploads(now_ + std::chrono::hours(23)));
  EXPECT_EQ(swept, 0);
  ASSERT_OK_AND_ASSIGN(swept, xuexi.SweepUploads(now_ + std::chrono::hours(25)));
  EXPECT_EQ(swept, 2);
  ExpectError(xuexi.GetUpload(As(secretary), left.id), Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(XuexiUpload kept, xuexi.GetUpload(As(secretary), done.id));
  EXPECT_TRUE(kept.imported);
  EXPECT_TRUE(kept.header.empty());
  ASSERT_OK_AND_ASSIGN(swept, xuexi.SweepUploads(now_ + std::chrono::hours(48)));
  EXPECT_EQ(swept, 0);
  ASSERT_OK_AND_ASSIGN(auto ranking,
                       xuexi.Ranking(As(secretary), {RankBy::kPerson, "2026-02", "2026-02", {}}));
  ASSERT_EQ(ranking.size(), 1u);
  EXPECT_EQ(ranking[0].points, 5);
}

TEST_P(StudyTest, TheDemoStepAddsLogsAndOneMonthOfPoints) {
  std::vector<DemoAccount> accounts;
  std::string password = "Demo-pass-2026";
  DemoContext demo{db(), now_, password, accounts};
  ASSERT_OK(Info().demo(demo));
  auth::Principal officer = Account("dangwei");
  StudyLogService logs(db());
  ASSERT_OK_AND_ASSIGN(auto totals, logs.Totals(As(officer), {TotalsBy::kOrg, std::nullopt,
                                                              "2021-01-01", "2021-12-31"}));
  EXPECT_EQ(totals.items.size(), 3u);  // the three in-service branches
  EXPECT_EQ(totals.total, 3);
  XuexiService xuexi(db());
  ASSERT_OK_AND_ASSIGN(auto ranking,
                       xuexi.Ranking(As(officer), {RankBy::kPerson, "2021-06", "2021-06", {}}));
  EXPECT_GT(ranking.size(), 50u);
}

TEST_P(StudyTest, TheRankingSharesRanksOnEqualPointsWithinTheCallersScope) {
  XuexiService xuexi(db());
  auth::Principal officer = Account("dangwei");
  auth::Principal secretary = Account("zhibu1");
  auth::Principal member = Account("dangyuan1");
  int64_t branch1 = Org("机关第一支部"), branch2 = Org("机关第二支部");
  // Points of 2026-01: two branch-1 people tie at 1000, a third has 800; a
  // branch-2 person has the most, 1200.
  int64_t committee = Org("市统计局机关党委"), qian = Person("钱党员"), zhao = Person("赵书记");
  int64_t third = 0, other = 0;
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    constexpr std::string_view kFirstOther =
        "SELECT id FROM people WHERE org_id = $1 AND name NOT IN ('钱党员', '赵书记') "
        "ORDER BY id LIMIT 1";
    ASSERT_OK_AND_ASSIGN(storage::Row t, (*tx)->QueryOne(kFirstOther, {branch1}));
    ASSERT_OK_AND_ASSIGN(storage::Row o, (*tx)->QueryOne(kFirstOther, {branch2}));
    third = t.Int(0);
    other = o.Int(0);
    Context ctx = As(officer);
    ASSERT_OK_AND_ASSIGN(int64_t upload,
                         XuexiService::InsertUpload(**tx, ctx, committee, "x.xlsx", "x"));
    for (auto [person, points] : std::vector<std::pair<int64_t, int64_t>>{
             {qian, 1000}, {zhao, 1000}, {third, 800}, {other, 1200}}) {
      ASSERT_OK(XuexiService::PutPoints(**tx, ctx, upload, person, "2026-01", points));
    }
    ASSERT_OK((*tx)->Commit());
  }
  using Ranks = std::vector<std::pair<int64_t, int64_t>>;  // (rank, points)
  auto ranks = [&](const auth::Principal& who, RankBy by) -> Ranks {
    auto rows = xuexi.Ranking(As(who), {by, "2026-01", "2026-01", std::nullopt});
    EXPECT_TRUE(rows.ok());
    Ranks out;
    if (rows.ok()) {
      for (const auto& r : *rows) out.push_back({r.rank, r.points});
    }
    return out;
  };
  // The bureau's officer: everyone; equal points share a rank, the next skips.
  EXPECT_EQ(ranks(officer, RankBy::kPerson), (Ranks{{1, 1200}, {2, 1000}, {2, 1000}, {4, 800}}));
  // A secretary and a member of branch 1: their branch mates only.
  EXPECT_EQ(ranks(secretary, RankBy::kPerson), (Ranks{{1, 1000}, {1, 1000}, {3, 800}}));
  EXPECT_EQ(ranks(member, RankBy::kPerson), (Ranks{{1, 1000}, {1, 1000}, {3, 800}}));
  // Per org: branch 1's 2800 before branch 2's 1200.
  auto orgs = xuexi.Ranking(As(officer), {RankBy::kOrg, "2026-01", "2026-01", std::nullopt});
  ASSERT_TRUE(orgs.ok());
  ASSERT_EQ(orgs->size(), 2u);
  EXPECT_EQ((*orgs)[0].id, branch1);
  EXPECT_EQ((*orgs)[0].points, 2800);
  EXPECT_EQ((*orgs)[0].people, 3);
  EXPECT_EQ((*orgs)[1].rank, 2);
  // Another month holds nothing.
  auto empty = xuexi.Ranking(As(officer), {RankBy::kPerson, "2026-02", "2026-02", std::nullopt});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, StudyTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::study

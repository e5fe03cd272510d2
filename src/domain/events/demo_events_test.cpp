// The events module's demo step, on every engine of TestDatabaseUrls(): what
// demo_events.cpp states it adds (the speech's gatherings; the volunteer
// services of each linked community per quarter of 2021, with their hours,
// and the weekly 党小组会 series of 第一党小组, with attendance), as the
// services and the compliance board read them, written once.
#include "domain/events/demo_events.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "domain/campaigns/demo_campaign.hpp"
#include "domain/compliance/compliance.hpp"
#include "domain/events/attendance.hpp"
#include "domain/events/event.hpp"
#include "testing/demo_database.hpp"
#include "testing/result_matchers.hpp"

namespace duxing::domain::events {
namespace {

using test::Describe;

class DemoEventsTest : public test::DemoDatabaseTest {};

TEST_P(DemoEventsTest, VolunteerServicesEachQuarterAndAWeeklyGroupMeetingSeries) {
  storage::Database &db = this->db();
  DemoContext demo = Demo();
  ASSERT_OK(RunStep(campaigns::AddDemoCampaign));
  ASSERT_OK(AddDemoEvents(demo));
  const int64_t events = CountOf("SELECT COUNT(*) FROM events");
  const int64_t rows = CountOf("SELECT COUNT(*) FROM event_attendance");
  ASSERT_OK(AddDemoEvents(demo));  // once
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM events"), events);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM event_attendance"), rows);
  // Every event audited once.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM audit_log WHERE record_type = 'event'"), events);

  const Context &ctx = this->ctx();
  auto tx = db.Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());

  // Each linked community: one volunteer service a quarter of 2021, people
  // signed in, three hours confirmed for each.
  compliance::ComplianceService compliance(db);
  ASSERT_OK_AND_ASSIGN(storage::Rows linked,
                       (*tx)->Query("SELECT id, name FROM communities WHERE kind = 'linked' "
                                    "ORDER BY id",
                                    {}));
  ASSERT_EQ(linked.size(), 2u);  // X路社区, 善溪村
  for (const storage::Row &c : linked) {
    ASSERT_OK_AND_ASSIGN(auto held, compliance.CommunityEvents(ctx, c.Int(0)));
    std::map<std::string, int> per_quarter;
    for (const auto &e : held) {
      if (e.category != "volunteer") continue;
      std::string china = FormatChinaTime(*ParseTime(e.starts_at));
      ASSERT_EQ(china.substr(0, 4), "2021") << e.title;
      per_quarter[compliance::PeriodOf(compliance::PeriodKind::kQuarter, china.substr(0, 10))
                      .label]++;
      EXPECT_GT(e.participants, 0) << e.title;
      EXPECT_EQ(e.service_minutes, e.participants * 180) << e.title;
    }
    EXPECT_EQ(per_quarter, (std::map<std::string, int>{
                               {"2021-Q1", 1}, {"2021-Q2", 1}, {"2021-Q3", 1}, {"2021-Q4", 1}}))
        << c.Text(1);
  }

  // The 党小组会 series: 44 Thursdays of 2021 held by 第一党小组, each with
  // the group's 8 members invited and most signed in.
  ASSERT_OK_AND_ASSIGN(storage::Row group,
                       (*tx)->QueryOne("SELECT id FROM orgs WHERE name = '第一党小组'", {}));
  ASSERT_OK_AND_ASSIGN(storage::Row series,
                       (*tx)->QueryOne("SELECT id, rule, occurrences FROM event_series "
                                       "WHERE org_id = $1",
                                       {group.Int(0)}));
  EXPECT_EQ(series.Text(1), "weekly");
  EXPECT_EQ(series.Int(2), 44);
  EventService service(db);
  EventFilter f;
  f.series_id = series.Int(0);
  f.page.limit = 100;
  ASSERT_OK_AND_ASSIGN(Page<Event> meetings, service.List(ctx, f));
  ASSERT_EQ(meetings.items.size(), 44u);
  EXPECT_EQ(FormatChinaTime(*ParseTime(meetings.items.front().starts_at)).substr(0, 16),
            "2021-03-04 16:30");
  EXPECT_EQ(FormatChinaTime(*ParseTime(meetings.items.back().starts_at)).substr(0, 10),
            "2021-12-30");
  AttendanceService attendance(db);
  std::set<int64_t> invitees;
  for (const Event &m : meetings.items) {
    EXPECT_EQ(m.type_name, "党小组会");
    EXPECT_EQ(m.org_id, group.Int(0));
    EXPECT_EQ(m.status, EventStatus::kPublished);
    ASSERT_OK_AND_ASSIGN(Rates r, attendance.EventRates(ctx, m.id));
    EXPECT_EQ(r.invited, 8) << m.starts_at;
    EXPECT_GE(r.signed_in, 5) << m.starts_at;
  }

  // The board of 2021: 机关第一支部 held a 党小组会 in every month from March.
  ASSERT_OK_AND_ASSIGN(storage::Row branch,
                       (*tx)->QueryOne("SELECT id FROM orgs WHERE name = '机关第一支部'", {}));
  ASSERT_OK_AND_ASSIGN(compliance::Period year, compliance::ParsePeriod("2021"));
  ASSERT_OK_AND_ASSIGN(compliance::Board board, compliance.BoardOf(ctx, branch.Int(0), year));
  int64_t rule = 0;
  for (const auto &r : board.rules) {
    if (r.code == "group_meeting_monthly") rule = r.id;
  }
  ASSERT_NE(rule, 0);
  ASSERT_EQ(board.branches.size(), 1u);
  std::map<std::string, std::pair<int64_t, compliance::Verdict>> months;
  for (const auto &cell : board.branches[0].cells) {
    if (cell.rule_id == rule) months[cell.period.label] = {cell.count, cell.verdict};
  }
  ASSERT_EQ(months.size(), 12u);
  EXPECT_EQ(months["2021-02"].second, compliance::Verdict::kMissed);
  EXPECT_EQ(months["2021-03"].first, 4);  // 4, 11, 18, 25 March
  EXPECT_EQ(months["2021-12"].first, 5);  // 2, 9, 16, 23, 30 December
  for (int m = 3; m <= 12; ++m) {
    char label[8];
    std::snprintf(label, sizeof label, "2021-%02d", m);
    EXPECT_EQ(months[label].second, compliance::Verdict::kMet) << label;
  }
}

// The gatherings the issue lists from the speech (一(一)(二)) besides the
// four 专题学习会, the two party lectures, the party-school lecture, 清明祭英烈
// and 《1921》: the four national lectures watched together, the song
// contest, the 光荣在党50年 medals for retired members, the parent-child visit
// to a red site with parents counted as outside participants, and the five
// 宣讲 reports of the party-congress delegate (one in X路社区); each
// published with attendance (the documents step links them to 5号文).
TEST_P(DemoEventsTest, TheSpeechsGatheringsAreHeldWithAttendance) {
  ASSERT_OK(RunStep(campaigns::AddDemoCampaign));
  DemoContext demo = Demo();
  ASSERT_OK(AddDemoEvents(demo));
  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto rows = (*tx)->Query(
      "SELECT t.code, e.title, e.outside_count, e.site_id IS NOT NULL, "
      "e.community_id IS NOT NULL, e.status, "
      "(SELECT COUNT(*) FROM event_attendance a WHERE a.event_id = e.id AND a.status = 'signed'), "
      "(SELECT COUNT(*) FROM event_speakers s WHERE s.event_id = e.id) "
      "FROM events e JOIN event_types t ON t.id = e.type_id ORDER BY e.starts_at, e.id",
      {});
  ASSERT_TRUE(rows.ok()) << Describe(rows.error());
  std::map<std::string, int> by_type;
  for (const auto &r : *rows) {
    by_type[r.Text(0)]++;
    EXPECT_EQ(r.Text(5), "published") << r.Text(1);
    EXPECT_GT(r.Int(6), 0) << r.Text(1) << ": someone signed in";
    if (r.Text(0) == "visit") {
      EXPECT_EQ(r.Int(2), 12) << "parents, not in the system";
      EXPECT_TRUE(r.Bool(3)) << "at a red site";
    }
    if (r.Text(0) == "report") EXPECT_EQ(r.Int(7), 1) << r.Text(1) << ": the delegate speaks";
  }
  EXPECT_EQ(by_type["video_lecture"], 4);
  EXPECT_EQ(by_type["song_contest"], 1);
  EXPECT_EQ(by_type["medal"], 1);
  EXPECT_EQ(by_type["visit"], 1);
  EXPECT_EQ(by_type["report"], 5);
  EXPECT_EQ(by_type["topic_study"], 4);
  EXPECT_EQ(by_type["party_lecture"], 2);
  EXPECT_EQ(by_type["lecture"], 1);
  EXPECT_EQ(by_type["party_day"], 1);
  EXPECT_EQ(by_type["red_film"], 1);
  // The medals: the retired members only.
  auto medal = (*tx)->QueryOne(
      "SELECT COUNT(*), SUM(CASE WHEN p.category = 'retired_member' THEN 1 ELSE 0 END) "
      "FROM event_attendance a JOIN events e ON e.id = a.event_id "
      "JOIN event_types t ON t.id = e.type_id JOIN people p ON p.id = a.person_id "
      "WHERE t.code = 'medal'",
      {});
  ASSERT_TRUE(medal.ok()) << Describe(medal.error());
  EXPECT_GT(medal->Int(0), 0);
  EXPECT_EQ(medal->Int(0), medal->Int(1));
}

INSTANTIATE_TEST_SUITE_P(Engines, DemoEventsTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::events

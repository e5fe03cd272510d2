// The events module's demo step, on every engine of TestDatabaseUrls(): what
// demo_events.cpp states it adds besides the speech's events (the volunteer
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

INSTANTIATE_TEST_SUITE_P(Engines, DemoEventsTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::events

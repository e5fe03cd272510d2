// Compliance on every engine of TestDatabaseUrls(): periods and their
// boundaries (China dates), people joining mid-quarter, the board per branch
// and per person with its scope, volunteer minutes and their bounds, and a
// community's events.
#include "domain/compliance/compliance.hpp"

#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "domain/auth/auth_service.hpp"
#include "domain/compliance/coverage.hpp"
#include "domain/events/event.hpp"
#include "domain/orgs/org.hpp"
#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::compliance {
namespace {

using std::chrono::hours;
using test::Describe;
using test::ExpectError;

TimePoint At(int y, int mo, int d, int h = 0) {
  return std::chrono::sys_days(std::chrono::year(y) / mo / d) + hours(h);
}

TEST(CompliancePeriod, ParsesYearsQuartersAndMonths) {
  ASSERT_OK_AND_ASSIGN(Period q, ParsePeriod("2021-Q4"));
  EXPECT_EQ(q.first, "2021-10-01");
  EXPECT_EQ(q.end, "2022-01-01");
  ASSERT_OK_AND_ASSIGN(Period m, ParsePeriod("2021-02"));
  EXPECT_EQ(m.end, "2021-03-01");
  ASSERT_OK_AND_ASSIGN(Period y, ParsePeriod("2021"));
  EXPECT_EQ(y.end, "2022-01-01");
  for (const char* bad :
       {"", "21", "2021-Q5", "2021-13", "2021-00", "1999", "2021-Q1x", "２０２１", "2021-1"}) {
    SCOPED_TRACE(bad);
    ExpectError(ParsePeriod(bad), Code::kInvalidArgument, "period");
  }
}

TEST(CompliancePeriod, BoundariesAreChinaCalendarDays) {
  EXPECT_EQ(PeriodOf(PeriodKind::kQuarter, "2021-03-31").label, "2021-Q1");
  EXPECT_EQ(PeriodOf(PeriodKind::kQuarter, "2021-04-01").label, "2021-Q2");
  EXPECT_EQ(PeriodOf(PeriodKind::kMonth, "2021-12-31").end, "2022-01-01");
  EXPECT_EQ(PeriodOf(PeriodKind::kYear, "2021-07-01").first, "2021-01-01");
}

// Q1 2021 has 90 days: from 2021-02-15 a person belongs 45 (judged), from
// 2021-02-16 only 44 (not applicable).
TEST(CompliancePeriod, AMidQuarterJoinerIsJudgedFromHalfThePeriod) {
  ASSERT_OK_AND_ASSIGN(Period q1, ParsePeriod("2021-Q1"));
  EXPECT_TRUE(Judged(q1, "2020-06-01"));
  EXPECT_TRUE(Judged(q1, "2021-01-01"));
  EXPECT_TRUE(Judged(q1, "2021-02-15"));
  EXPECT_FALSE(Judged(q1, "2021-02-16"));
  EXPECT_FALSE(Judged(q1, "2021-04-01"));
}

TEST(CompliancePeriod, PendingUntilThePeriodEndsThenMissed) {
  ASSERT_OK_AND_ASSIGN(Period q1, ParsePeriod("2021-Q1"));
  EXPECT_EQ(Judge(q1, 1, 1, "2021-02-01"), Verdict::kMet);
  EXPECT_EQ(Judge(q1, 0, 1, "2021-03-31"), Verdict::kPending);
  EXPECT_EQ(Judge(q1, 0, 1, "2021-04-01"), Verdict::kMissed);
  EXPECT_EQ(Judge(q1, 1, 2, "2021-04-01"), Verdict::kMissed);
}

class ComplianceServiceTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    service_ = std::make_unique<ComplianceService>(db());
    orgs::OrgService orgs(db());
    ASSERT_OK_AND_ASSIGN(root_, orgs.Create(As(system_), {std::nullopt, "机关党委",
                                                          orgs::Kind::kPartyCommittee, 0}));
    ASSERT_OK_AND_ASSIGN(
        first_, orgs.Create(As(system_), {root_.id, "机关第一支部", orgs::Kind::kBranch, 0}));
    ASSERT_OK_AND_ASSIGN(
        second_, orgs.Create(As(system_), {root_.id, "机关第二支部", orgs::Kind::kBranch, 1}));
    secretary_.account_id = 2;
    secretary_.grants = {{auth::Role::kBranchSecretary, first_.id, first_.path, first_.name}};
    second_secretary_.account_id = 3;
    second_secretary_.grants = {
        {auth::Role::kBranchSecretary, second_.id, second_.path, second_.name}};
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    home_ = Insert(**tx,
                   "INSERT INTO communities (name, kind, street, created_at, updated_at) "
                   "VALUES ('幸福社区', 'linked', '', $1, $1) RETURNING id",
                   {FormatTime(now_)});
    elsewhere_ = Insert(**tx,
                        "INSERT INTO communities (name, kind, street, created_at, updated_at) "
                        "VALUES ('桃源村', 'rural', '', $1, $1) RETURNING id",
                        {FormatTime(now_)});
    ASSERT_OK((*tx)->Commit());
  }

  int64_t Insert(storage::Tx& tx, const std::string& sql, const storage::Params& params) {
    auto row = tx.QueryOne(sql, params);
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : 0;
  }

  int64_t AddPerson(const std::string& name, const std::string& category, const orgs::Org& org,
                    TimePoint since, std::optional<int64_t> community) {
    auto tx = db().Begin(storage::TxMode::kWrite);
    EXPECT_TRUE(tx.ok());
    int64_t id = Insert(
        **tx,
        "INSERT INTO people (name, category, org_id, org_path, community_id, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING "
        "id",
        {name, category, org.id, org.path,
         community ? storage::Param(*community) : storage::Param(nullptr), FormatTime(since)});
    EXPECT_TRUE((*tx)->Commit().ok());
    return id;
  }

  // A published event of `org` of type `code` from `start` for `length`.
  int64_t AddEvent(const std::string& code, const orgs::Org& org, TimePoint start,
                   hours length = hours(2), std::optional<int64_t> community = std::nullopt) {
    auto tx = db().Begin(storage::TxMode::kWrite);
    EXPECT_TRUE(tx.ok());
    int64_t id = Insert(
        **tx,
        "INSERT INTO events (title, type_id, category, starts_at, ends_at, "
        "community_id, org_id, "
        "org_path, signin_opens_at, signin_closes_at, status, created_at, "
        "updated_at) "
        "SELECT name, id, category, $2, $3, $4, $5, $6, $2, $3, 'published', "
        "$2, $2 "
        "FROM event_types WHERE code = $1 RETURNING id",
        {code, FormatTime(start), FormatTime(start + length),
         community ? storage::Param(*community) : storage::Param(nullptr), org.id, org.path});
    auto added = (*tx)->Exec(
        "INSERT INTO event_orgs (event_id, org_id, "
        "org_path, role) VALUES ($1, $2, $3, "
        "'organizer')",
        {id, org.id, org.path});
    EXPECT_TRUE(added.ok());
    EXPECT_TRUE((*tx)->Commit().ok());
    return id;
  }

  void Attend(int64_t event_id, int64_t person_id, const std::string& status) {
    auto tx = db().Begin(storage::TxMode::kWrite);
    EXPECT_TRUE(tx.ok());
    auto added = (*tx)->Exec(
        "INSERT INTO event_attendance (event_id, "
        "person_id, org_path, status, created_at, "
        "updated_at) SELECT $1, id, org_path, $2, $3, $3 "
        "FROM people WHERE id = $4",
        {event_id, status, FormatTime(now_), person_id});
    EXPECT_TRUE(added.ok());
    EXPECT_TRUE((*tx)->Commit().ok());
  }

  std::optional<int64_t> Minutes(int64_t event_id, int64_t person_id) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(
        "SELECT service_minutes FROM event_attendance "
        "WHERE event_id = $1 AND person_id = $2",
        {event_id, person_id});
    EXPECT_TRUE(row.ok());
    return row.ok() ? row->OptInt(0) : std::nullopt;
  }

  const Cell& CellOf(const std::vector<Cell>& cells, const std::string& rule_code,
                     const std::string& period, const Board& board) {
    int64_t rule_id = 0;
    for (const Rule& r : board.rules) {
      if (r.code == rule_code) rule_id = r.id;
    }
    for (const Cell& c : cells) {
      if (c.rule_id == rule_id && c.period.label == period) return c;
    }
    ADD_FAILURE() << "no cell " << rule_code << " " << period;
    static const Cell kNone;
    return kNone;
  }

  Context As(const auth::Principal& p, std::optional<TimePoint> at = std::nullopt) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = at.value_or(now_);
    return ctx;
  }

  std::unique_ptr<ComplianceService> service_;
  TimePoint now_ = At(2021, 4, 10, 2);
  auth::Principal secretary_, second_secretary_;
  orgs::Org root_, first_, second_;
  int64_t home_ = 0, elsewhere_ = 0;
};

TEST_P(ComplianceServiceTest, TheBoardJudgesBranchesPerPeriodOnChinaDates) {
  AddEvent("member_congress", first_, At(2021, 2, 10, 1));
  // 2021-03-31T16:00Z is 2021-04-01 in China: the second quarter's.
  AddEvent("member_congress", second_, At(2021, 3, 31, 16));
  AddEvent("committee_meeting", first_, At(2021, 1, 5, 1));
  ASSERT_OK_AND_ASSIGN(Period q1, ParsePeriod("2021-Q1"));
  ASSERT_OK_AND_ASSIGN(Board board, service_->BoardOf(As(system_), root_.id, q1));
  ASSERT_EQ(board.branches.size(), 2u);
  const auto& first = board.branches[0].cells;
  const auto& second = board.branches[1].cells;
  EXPECT_EQ(board.branches[0].org_id, first_.id);
  EXPECT_EQ(CellOf(first, "member_congress_quarterly", "2021-Q1", board).verdict, Verdict::kMet);
  EXPECT_EQ(CellOf(second, "member_congress_quarterly", "2021-Q1", board).verdict,
            Verdict::kMissed);
  EXPECT_EQ(CellOf(second, "member_congress_quarterly", "2021-Q1", board).count, 0);
  EXPECT_EQ(CellOf(first, "committee_monthly", "2021-01", board).verdict, Verdict::kMet);
  EXPECT_EQ(CellOf(first, "committee_monthly", "2021-02", board).verdict, Verdict::kMissed);
  EXPECT_EQ(CellOf(first, "committee_monthly", "2021-03", board).verdict, Verdict::kMissed);
  // Seen before the quarter ended, the missing ones are still pending.
  ASSERT_OK_AND_ASSIGN(board, service_->BoardOf(As(system_, At(2021, 3, 20)), root_.id, q1));
  EXPECT_EQ(CellOf(board.branches[1].cells, "member_congress_quarterly", "2021-Q1", board).verdict,
            Verdict::kPending);
  EXPECT_EQ(CellOf(board.branches[0].cells, "committee_monthly", "2021-02", board).verdict,
            Verdict::kMissed);
}

TEST_P(ComplianceServiceTest,
       VolunteerServiceCountsInTheOwnCommunityAndMidQuarterJoinersAreNotApplicable) {
  int64_t here = AddPerson("甲党员", "member", first_, At(2020, 5, 1), home_);
  int64_t there = AddPerson("乙党员", "member", first_, At(2020, 5, 1), home_);
  int64_t late = AddPerson("丙党员", "member", first_, At(2021, 3, 1), home_);
  int64_t half = AddPerson("丁党员", "member", first_, At(2021, 2, 14, 16), home_);
  AddPerson("戊职工", "staff", first_, At(2020, 5, 1), home_);
  int64_t at_home = AddEvent("volunteer_service", first_, At(2021, 3, 6, 1), hours(3), home_);
  int64_t away = AddEvent("volunteer_service", first_, At(2021, 3, 7, 1), hours(3), elsewhere_);
  Attend(at_home, here, "signed");
  Attend(away, there, "signed");
  ASSERT_OK_AND_ASSIGN(Period q1, ParsePeriod("2021-Q1"));
  ASSERT_OK_AND_ASSIGN(Board board, service_->BoardOf(As(secretary_), first_.id, q1));
  ASSERT_EQ(board.branches.size(), 1u);
  ASSERT_EQ(board.people.size(), 4u);  // the staff member is not judged
  std::map<int64_t, Verdict> verdict;
  for (const auto& p : board.people) {
    verdict[p.person_id] = CellOf(p.cells, "volunteer_quarterly", "2021-Q1", board).verdict;
  }
  EXPECT_EQ(verdict[here], Verdict::kMet);
  EXPECT_EQ(verdict[there],
            Verdict::kMissed);  // served, but not in their community
  EXPECT_EQ(verdict[late], Verdict::kNotApplicable);
  EXPECT_EQ(verdict[half], Verdict::kMissed);  // 2021-02-15 in China: judged
}

TEST_P(ComplianceServiceTest, ABranchSecretarySeesOnlyTheirBranch) {
  ASSERT_OK_AND_ASSIGN(Period q1, ParsePeriod("2021-Q1"));
  ExpectError(service_->BoardOf(As(second_secretary_), first_.id, q1), Code::kNotFound, "org_id");
  ExpectError(service_->BoardOf(As(second_secretary_), root_.id, q1), Code::kNotFound, "org_id");
  ASSERT_OK_AND_ASSIGN(Board own, service_->BoardOf(As(second_secretary_), second_.id, q1));
  ASSERT_EQ(own.branches.size(), 1u);
  EXPECT_EQ(own.branches[0].org_id, second_.id);
}

TEST_P(ComplianceServiceTest, VolunteerMinutesAreBoundedByTheEventsOwnLength) {
  int64_t person = AddPerson("甲党员", "member", first_, At(2020, 5, 1), home_);
  int64_t absent = AddPerson("乙党员", "member", first_, At(2020, 5, 1), home_);
  // Three hours: nobody served longer than the service lasted.
  int64_t one_day = AddEvent("volunteer_service", first_, At(2021, 3, 6, 1), hours(3), home_);
  // From 09:00 China time on 03-06 to 09:00 on 03-07: 24 hours.
  int64_t two_days = AddEvent("volunteer_service", first_, At(2021, 3, 6, 1), hours(24), home_);
  int64_t lecture = AddEvent("party_lecture", first_, At(2021, 3, 6, 1));
  Attend(one_day, person, "signed");
  Attend(two_days, person, "makeup");
  Attend(lecture, person, "signed");
  Attend(one_day, absent, "invited");
  // Rows start at version 1; each confirmation takes the version it read.
  ExpectError(service_->ConfirmMinutes(As(secretary_), one_day, person, 1, -1),
              Code::kInvalidArgument, "minutes");
  ExpectError(service_->ConfirmMinutes(As(secretary_), one_day, person, 1, 3 * 60 + 1),
              Code::kInvalidArgument, "minutes");
  EXPECT_EQ(Minutes(one_day, person), std::nullopt);
  ASSERT_OK_AND_ASSIGN(ServiceMinutes confirmed,
                       service_->ConfirmMinutes(As(secretary_), one_day, person, 1, 3 * 60));
  EXPECT_EQ(confirmed.minutes, 3 * 60);
  EXPECT_EQ(confirmed.version, 2);
  EXPECT_EQ(Minutes(one_day, person), 3 * 60);
  // A second organizer's write on the version both read is stale: nothing written.
  ExpectError(service_->ConfirmMinutes(As(secretary_), one_day, person, 1, 60), Code::kConflict,
              "version");
  EXPECT_EQ(Minutes(one_day, person), 3 * 60);
  ASSERT_OK(service_->ConfirmMinutes(As(secretary_), two_days, person, 1, 24 * 60));
  ExpectError(service_->ConfirmMinutes(As(secretary_), two_days, person, 2, 24 * 60 + 1),
              Code::kInvalidArgument, "minutes");
  ExpectError(service_->ConfirmMinutes(As(secretary_), lecture, person, 1, 60),
              Code::kFailedPrecondition);
  ExpectError(service_->ConfirmMinutes(As(secretary_), one_day, absent, 1, 60),
              Code::kFailedPrecondition, "person_id");
  ExpectError(service_->ConfirmMinutes(As(second_secretary_), one_day, person, 2, 60),
              Code::kNotFound);
  ExpectError(service_->ConfirmMinutes(As(secretary_, At(2021, 3, 5)), one_day, person, 2, 60),
              Code::kFailedPrecondition);
  EXPECT_EQ(Minutes(one_day, person), 3 * 60);

  ASSERT_OK_AND_ASSIGN(auto held, service_->CommunityEvents(As(secretary_), home_));
  ASSERT_EQ(held.size(), 2u);
  int64_t total = held[0].service_minutes + held[1].service_minutes;
  EXPECT_EQ(total, 27 * 60);
  ASSERT_OK_AND_ASSIGN(auto none, service_->CommunityEvents(As(second_secretary_), home_));
  EXPECT_TRUE(none.empty());
  ExpectError(service_->CommunityEvents(As(secretary_), 9999), Code::kNotFound);
}

TEST_P(ComplianceServiceTest, AdminsEditRulesWithinBounds) {
  ASSERT_OK_AND_ASSIGN(auto rules, service_->Rules(As(system_)));
  ASSERT_EQ(rules.size(), 5u);
  RulePatch p;
  p.version = rules[0].version;
  p.minimum = 0;
  ExpectError(service_->UpdateRule(As(system_), rules[0].id, p), Code::kInvalidArgument, "minimum");
  p.minimum = 2;
  ExpectError(service_->UpdateRule(As(secretary_), rules[0].id, p), Code::kPermissionDenied);
  ASSERT_OK_AND_ASSIGN(Rule updated, service_->UpdateRule(As(system_), rules[0].id, p));
  EXPECT_EQ(updated.minimum, 2);
  ExpectError(service_->UpdateRule(As(system_), rules[0].id, p), Code::kConflict, "version");
}

// An admin sets what a rule counts (any type, an admin-added one too) and
// whom it judges (org kinds, person categories); the board follows. Every
// refusal names its field and writes nothing.
TEST_P(ComplianceServiceTest, AdminsSetARulesTypesAndWhomItJudges) {
  orgs::OrgService orgs(db());
  ASSERT_OK_AND_ASSIGN(auto general, orgs.Create(As(system_), {root_.id, "机关党总支",
                                                               orgs::Kind::kGeneralBranch, 2}));
  events::EventTypeService types(db());
  events::EventType added;
  added.name = "党员活动日";
  added.category = events::Category::kOrgLife;
  ASSERT_OK_AND_ASSIGN(added, types.Create(As(system_), added));
  events::EventType old;
  old.name = "旧类型";
  old.category = events::Category::kStudy;
  ASSERT_OK_AND_ASSIGN(old, types.Create(As(system_), old));
  ASSERT_OK(types.Update(As(system_), old.id, old.version, std::nullopt, std::nullopt,
                         std::nullopt, true));
  ASSERT_OK_AND_ASSIGN(auto rules, service_->Rules(As(system_)));
  auto find = [&](const std::string& code) {
    for (const Rule& r : rules) {
      if (r.code == code) return r;
    }
    ADD_FAILURE() << code;
    return Rule{};
  };
  Rule congress = find("member_congress_quarterly");
  Rule volunteer = find("volunteer_quarterly");
  // As seeded (migration 0029 turned codes into ids): branches, in-service members.
  EXPECT_EQ(congress.org_kinds, std::vector<std::string>{"branch"});
  EXPECT_TRUE(congress.person_categories.empty());
  EXPECT_EQ(congress.type_names, std::vector<std::string>{"支部党员大会"});
  EXPECT_EQ(volunteer.person_categories, std::vector<std::string>{"member"});
  EXPECT_TRUE(volunteer.org_kinds.empty());

  auto patch = [&](const Rule& r) {
    RulePatch p;
    p.version = r.version;
    return p;
  };
  auto refused = [&](const RulePatch& p, int64_t id, const std::string& field) {
    SCOPED_TRACE(field);
    ExpectError(service_->UpdateRule(As(system_), id, p), Code::kInvalidArgument, field);
  };
  RulePatch p = patch(congress);
  p.type_ids = std::vector<int64_t>{};
  refused(p, congress.id, "type_ids");
  p.type_ids = std::vector<int64_t>{999999};
  refused(p, congress.id, "type_ids");
  p.type_ids = std::vector<int64_t>{old.id};  // archived
  refused(p, congress.id, "type_ids");
  p.type_ids.reset();
  p.org_kinds = std::vector<std::string>{};
  refused(p, congress.id, "org_kinds");
  p.org_kinds = std::vector<std::string>{"branch", "cell"};
  refused(p, congress.id, "org_kinds");
  p.org_kinds.reset();
  p.person_categories = std::vector<std::string>{"member"};
  refused(p, congress.id, "person_categories");
  RulePatch v = patch(volunteer);
  v.person_categories = std::vector<std::string>{};
  refused(v, volunteer.id, "person_categories");
  v.person_categories = std::vector<std::string>{"member", "pensioner"};
  refused(v, volunteer.id, "person_categories");
  v.person_categories.reset();
  v.org_kinds = std::vector<std::string>{"branch"};
  refused(v, volunteer.id, "org_kinds");
  p = patch(congress);
  p.type_ids = std::vector<int64_t>{added.id};
  ExpectError(service_->UpdateRule(As(secretary_), congress.id, p), Code::kPermissionDenied);
  ASSERT_OK_AND_ASSIGN(auto unchanged, service_->Rules(As(system_)));
  EXPECT_EQ(unchanged[0].version, rules[0].version);
  EXPECT_EQ(unchanged[0].type_ids, rules[0].type_ids);

  // The congress rule now counts the added type and judges general branches
  // too; repeats are dropped.
  AddEvent("member_congress", first_, At(2021, 2, 10, 1));
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->Exec("UPDATE event_types SET code = 'member_day' WHERE id = $1", {added.id})
                    .ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  AddEvent("member_day", general, At(2021, 3, 2, 1));
  p.type_ids = std::vector<int64_t>{added.id, added.id};
  p.org_kinds = std::vector<std::string>{"general_branch", "branch"};
  ASSERT_OK_AND_ASSIGN(Rule edited, service_->UpdateRule(As(system_), congress.id, p));
  EXPECT_EQ(edited.type_ids, std::vector<int64_t>{added.id});
  EXPECT_EQ(edited.type_names, std::vector<std::string>{"党员活动日"});
  EXPECT_EQ(edited.org_kinds, (std::vector<std::string>{"general_branch", "branch"}));
  EXPECT_EQ(edited.version, congress.version + 1);
  // The volunteer rule judges retired members instead.
  v = patch(volunteer);
  v.person_categories = std::vector<std::string>{"retired_member"};
  ASSERT_OK(service_->UpdateRule(As(system_), volunteer.id, v));
  AddPerson("甲党员", "member", first_, At(2020, 5, 1), home_);
  int64_t retired = AddPerson("乙退休", "retired_member", first_, At(2020, 5, 1), home_);

  ASSERT_OK_AND_ASSIGN(Period q1, ParsePeriod("2021-Q1"));
  ASSERT_OK_AND_ASSIGN(Board board, service_->BoardOf(As(system_), root_.id, q1));
  ASSERT_EQ(board.branches.size(), 3u);
  std::map<int64_t, const BranchRow*> by_org;
  for (const auto& b : board.branches) by_org[b.org_id] = &b;
  ASSERT_TRUE(by_org.count(general.id));
  EXPECT_EQ(by_org[general.id]->kind, "general_branch");
  // Only the general branch's own rule applies to it; its 党员活动日 counts.
  EXPECT_EQ(by_org[general.id]->cells.size(), 1u);
  EXPECT_EQ(CellOf(by_org[general.id]->cells, "member_congress_quarterly", "2021-Q1", board).verdict,
            Verdict::kMet);
  // The first branch held a 支部党员大会, no longer counted.
  EXPECT_EQ(CellOf(by_org[first_.id]->cells, "member_congress_quarterly", "2021-Q1", board).count,
            0);
  ASSERT_EQ(board.people.size(), 1u);
  EXPECT_EQ(board.people[0].person_id, retired);

  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(auto audit, tx->QueryOne(
      "SELECT COUNT(*) FROM audit_log WHERE record_type = 'compliance_rule'", {}));
  EXPECT_EQ(audit.Int(0), 2);
}

// Each figure's people list has the figure's count, per category and per
// branch; the effective rule counts events attended (signed or made up).
TEST_P(ComplianceServiceTest, CoverageFiguresMatchTheirPeopleLists) {
  int64_t campaign = 0;
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    campaign = Insert(**tx,
                      "INSERT INTO campaigns (name, year, start_date, end_date, status, org_id, "
                      "created_at, updated_at) VALUES ('党史学习教育', 2021, '2021-02-20', "
                      "'2021-12-31', 'active', $1, $2, $2) RETURNING id",
                      {root_.id, FormatTime(now_)});
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  int64_t a = AddPerson("甲党员", "member", first_, At(2020, 5, 1), home_);
  int64_t b = AddPerson("乙退休", "retired_member", first_, At(2020, 5, 1), std::nullopt);
  AddPerson("丙职工", "staff", second_, At(2020, 5, 1), std::nullopt);
  AddPerson("丁群众", "resident", second_, At(2020, 5, 1), std::nullopt);  // not counted
  std::vector<int64_t> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(AddEvent("topic_study", first_, At(2021, 3, 6 + i, 1), hours(2), home_));
  }
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    for (int64_t id : held) {
      ASSERT_TRUE(
          (*tx)->Exec("UPDATE events SET campaign_id = $1 WHERE id = $2", {campaign, id}).ok());
    }
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  for (int64_t id : held) Attend(id, a, "signed");
  Attend(held[0], b, "makeup");
  Attend(held[1], b, "invited");
  CoverageService coverage(db());
  ASSERT_OK_AND_ASSIGN(Coverage all, coverage.Of(As(system_), campaign, std::nullopt));
  EXPECT_EQ(all.rule.min_events, kDefaultMinEvents);
  EXPECT_EQ(all.total.people, 3);
  EXPECT_EQ(all.total.reached, 2);
  EXPECT_EQ(all.total.effective, 1);
  ASSERT_EQ(all.communities.size(), 1u);
  EXPECT_EQ(all.communities[0].events, 3);
  ASSERT_EQ(all.branches.size(), 2u);
  EXPECT_EQ(all.branches[0].reached, 2);
  EXPECT_EQ(all.branches[1].reached, 0);
  auto count = [&](Figure f, std::optional<std::string> category, std::optional<int64_t> branch) {
    CoverageFilter filter;
    filter.figure = f;
    filter.category = category;
    filter.branch_id = branch;
    filter.page.limit = 1;  // totals do not depend on the page
    auto page = coverage.People(As(system_), campaign, filter);
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->total : -1;
  };
  EXPECT_EQ(count(Figure::kReached, std::nullopt, std::nullopt), all.total.reached);
  EXPECT_EQ(count(Figure::kEffective, std::nullopt, std::nullopt), all.total.effective);
  EXPECT_EQ(count(Figure::kNever, std::nullopt, std::nullopt),
            all.total.people - all.total.reached);
  for (const auto& c : all.categories) {
    EXPECT_EQ(count(Figure::kReached, c.key, std::nullopt), c.reached) << c.key;
    EXPECT_EQ(count(Figure::kEffective, c.key, std::nullopt), c.effective) << c.key;
  }
  EXPECT_EQ(count(Figure::kReached, std::nullopt, first_.id), all.branches[0].reached);
  EXPECT_EQ(count(Figure::kNever, std::nullopt, second_.id), 1);

  // The lists page on the list mechanism: page by page (cursor) the same
  // people in the same order as one page, with the same total.
  for (Figure figure : {Figure::kReached, Figure::kNever}) {
    CoverageFilter whole;
    whole.figure = figure;
    whole.page.limit = 500;
    ASSERT_OK_AND_ASSIGN(auto one, coverage.People(As(system_), campaign, whole));
    CoverageFilter paged = whole;
    paged.page.limit = 1;
    std::vector<int64_t> walked;
    for (int i = 0; i <= one.total; ++i) {
      ASSERT_OK_AND_ASSIGN(auto page, coverage.People(As(system_), campaign, paged));
      EXPECT_EQ(page.total, one.total);
      for (const auto& p : page.items) walked.push_back(p.person_id);
      if (page.next_cursor.empty()) break;
      paged.page.cursor = page.next_cursor;
    }
    std::vector<int64_t> expected;
    for (const auto& p : one.items) expected.push_back(p.person_id);
    EXPECT_EQ(walked, expected);
    EXPECT_EQ(static_cast<int64_t>(expected.size()), one.total);
  }
  CoverageFilter bad;
  bad.page.limit = 0;
  ExpectError(coverage.People(As(system_), campaign, bad), Code::kInvalidArgument, "limit");
  bad.page.limit = 10;
  bad.page.offset = kMaxListOffset + 1;
  ExpectError(coverage.People(As(system_), campaign, bad), Code::kInvalidArgument, "offset");

  // A lower bar makes the made-up member effective; a secretary sees their branch only.
  ExpectError(coverage.SetRule(As(secretary_), campaign, {1, std::nullopt, 0}),
              Code::kPermissionDenied);
  ExpectError(coverage.SetRule(As(system_), campaign, {0, std::nullopt, 0}),
              Code::kInvalidArgument, "min_events");
  EXPECT_EQ(all.rule.version, 0);  // never set
  ASSERT_OK_AND_ASSIGN(CoverageRule set, coverage.SetRule(As(system_), campaign, {1, 20, 0}));
  EXPECT_EQ(set.min_study_hours, 20);
  EXPECT_EQ(set.version, 1);
  // Both editors read version 0 (no rule yet): the second write is stale.
  ExpectError(coverage.SetRule(As(system_), campaign, {5, std::nullopt, 0}), Code::kConflict,
              "version");
  ASSERT_OK_AND_ASSIGN(Coverage kept, coverage.Of(As(system_), campaign, std::nullopt));
  EXPECT_EQ(kept.rule.min_events, 1);
  EXPECT_EQ(kept.rule.version, 1);
  ASSERT_OK_AND_ASSIGN(CoverageRule again, coverage.SetRule(As(system_), campaign, {1, 20, 1}));
  EXPECT_EQ(again.version, 2);
  ExpectError(coverage.SetRule(As(system_), campaign, {2, 20, 1}), Code::kConflict, "version");
  ASSERT_OK_AND_ASSIGN(Coverage own, coverage.Of(As(secretary_), campaign, std::nullopt));
  EXPECT_EQ(own.total.people, 2);
  EXPECT_EQ(own.total.effective, 2);
  ExpectError(coverage.Of(As(secretary_), campaign, second_.id), Code::kNotFound, "org_id");
  ExpectError(coverage.Of(As(system_), 9999, std::nullopt), Code::kNotFound);
}

// After the first quarter of 2021 the first branch (no meetings) missed its
// March and Q1 items: its secretary hears once per period, however often
// and however many connections run the job at the same time.
TEST_P(ComplianceServiceTest, MissedItemsNotifyTheSecretaryOncePerPeriod) {
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK_AND_ASSIGN(int64_t account, auth::AuthService::CreateAccount(
                                              **tx,
                                              {"secretary",
                                               "赵书记",
                                               "Correct-horse-7",
                                               std::nullopt,
                                               {{auth::Role::kBranchSecretary, first_.id}}},
                                              now_));
    (void)account;
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  AddEvent("member_congress", second_, At(2021, 2, 10, 1));
  auto notices = [&] {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto rows = (*tx)->Query(
        "SELECT body FROM notifications WHERE kind = 'compliance_missed' ORDER BY id", {});
    EXPECT_TRUE(rows.ok());
    std::vector<std::string> out;
    if (rows.ok()) {
      for (const auto& r : *rows) out.push_back(r.Text(0));
    }
    return out;
  };
  std::vector<Result<int64_t>> runs(2, Result<int64_t>(int64_t{0}));
  std::thread other([&] { runs[1] = NotifyMissed(db(), now_); });
  runs[0] = NotifyMissed(db(), now_);
  other.join();
  ASSERT_TRUE(runs[0].ok()) << Describe(runs[0].error());
  ASSERT_TRUE(runs[1].ok()) << Describe(runs[1].error());
  EXPECT_EQ(*runs[0] + *runs[1], 2);
  auto sent = notices();
  ASSERT_EQ(sent.size(), 2u);  // 2021-03 (monthly rules) and 2021-Q1
  EXPECT_NE(sent[0].find("机关第一支部 2021-03"), std::string::npos) << sent[0];
  EXPECT_NE(sent[1].find("支部党员大会每季度至少1次（0/1）"), std::string::npos) << sent[1];
  ASSERT_OK_AND_ASSIGN(int64_t again, NotifyMissed(db(), now_ + hours(24)));
  EXPECT_EQ(again, 0);
  EXPECT_EQ(notices().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Engines, ComplianceServiceTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()), test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::compliance

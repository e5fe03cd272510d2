// Events and their attendance on every engine of TestDatabaseUrls(): the
// content rules, recurrence, scope (a branch secretary writes only their
// branch's events, co-organizers read), the invited list from targets, the
// rotating sign-in code on an injected time (windows, previous slot, expired
// and foreign codes, never twice, invite on sign-in within the targets),
// leave and make-up, and the day-before reminder sent once by two
// connections at the same time.
#include "domain/events/event.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "domain/auth/auth_service.hpp"
#include "domain/events/attendance.hpp"
#include "domain/orgs/org.hpp"
#include "testing/migrated_database.hpp"
#include "testing/query_plan.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::events {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using test::Describe;
using test::ExpectError;

TimePoint At(int y, int mo, int d, int h, int mi = 0) {
  return std::chrono::sys_days(std::chrono::year(y) / mo / d) + hours(h) + minutes(mi);
}

Event Basic() {
  Event e;
  e.title = "专题学习会";
  e.type_id = 2;
  e.org_id = 1;
  e.starts_at = "2026-03-10T01:00:00Z";
  e.ends_at = "2026-03-10T03:00:00Z";
  return e;
}

TEST(EventValidate, EndBeforeStartIsRefusedAndTheWindowDefaults) {
  Event e = Basic();
  ASSERT_OK(Validate(e));
  EXPECT_EQ(e.signin_opens_at, "2026-03-10T00:30:00Z");
  EXPECT_EQ(e.signin_closes_at, "2026-03-10T03:00:00Z");
  Event bad = Basic();
  bad.ends_at = "2026-03-10T00:59:59Z";
  ExpectError(Validate(bad), Code::kInvalidArgument, "ends_at");
  bad = Basic();
  bad.starts_at = "2026-02-30T01:00:00Z";
  ExpectError(Validate(bad), Code::kInvalidArgument, "starts_at");
  bad = Basic();
  bad.signin_opens_at = "2026-03-10T02:00:00Z";
  bad.signin_closes_at = "2026-03-10T01:00:00Z";
  ExpectError(Validate(bad), Code::kInvalidArgument, "signin_closes_at");
  bad = Basic();
  bad.signin_opens_at = "2026-03-08T00:00:00Z";
  ExpectError(Validate(bad), Code::kInvalidArgument, "signin_opens_at");
  bad = Basic();
  bad.title = "学习\n会";
  ExpectError(Validate(bad), Code::kInvalidArgument, "title");
  bad = Basic();
  bad.speakers = {{std::nullopt, "", "教授"}};
  ExpectError(Validate(bad), Code::kInvalidArgument, "speakers[0].name");
  bad = Basic();
  bad.target_categories = {"member", "member"};
  ExpectError(Validate(bad), Code::kInvalidArgument, "target_categories");
  bad = Basic();
  bad.outside_count = -1;
  ExpectError(Validate(bad), Code::kInvalidArgument, "outside_count");
  bad = Basic();
  bad.co_org_ids = {1};
  ExpectError(Validate(bad), Code::kInvalidArgument, "co_org_ids");
}

TEST(EventRecurrence, WeeklyAndMonthlyUpToTheBound) {
  ASSERT_OK_AND_ASSIGN(auto weekly,
                       Occurrences(At(2026, 3, 2, 1), {Recurrence::kWeekly, "2026-03-30"}));
  ASSERT_EQ(weekly.size(), 5u);
  EXPECT_EQ(weekly.back(), At(2026, 3, 30, 1));
  // The 31st: months without one are skipped.
  ASSERT_OK_AND_ASSIGN(auto monthly,
                       Occurrences(At(2026, 1, 31, 1), {Recurrence::kMonthly, "2026-08-31"}));
  std::vector<TimePoint> want = {At(2026, 1, 31, 1), At(2026, 3, 31, 1), At(2026, 5, 31, 1),
                                 At(2026, 7, 31, 1), At(2026, 8, 31, 1)};
  EXPECT_EQ(monthly, want);
  ExpectError(Occurrences(At(2026, 3, 2, 1), {Recurrence::kWeekly, "2026-03-01"}),
              Code::kInvalidArgument, "recurrence.until");
  ExpectError(Occurrences(At(2026, 3, 2, 1), {Recurrence::kWeekly, "2028-03-01"}),
              Code::kInvalidArgument, "recurrence.until");
  ExpectError(Occurrences(At(2026, 3, 2, 1), {Recurrence::kWeekly, "2026-13-01"}),
              Code::kInvalidArgument, "recurrence.until");
}

TEST(EventStatus, MovesForwardOnly) {
  EXPECT_TRUE(MayMove(EventStatus::kDraft, EventStatus::kPublished));
  EXPECT_TRUE(MayMove(EventStatus::kPublished, EventStatus::kCancelled));
  EXPECT_FALSE(MayMove(EventStatus::kPublished, EventStatus::kDraft));
  EXPECT_FALSE(MayMove(EventStatus::kCancelled, EventStatus::kPublished));
}

class EventServiceTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    events_ = std::make_unique<EventService>(db());
    attendance_ = std::make_unique<AttendanceService>(db());
    orgs::OrgService orgs(db());
    ASSERT_OK_AND_ASSIGN(root_, orgs.Create(As(system_), {std::nullopt, "机关党委",
                                                          orgs::Kind::kPartyCommittee, 0}));
    ASSERT_OK_AND_ASSIGN(
        first_, orgs.Create(As(system_), {root_.id, "机关第一支部", orgs::Kind::kBranch, 0}));
    ASSERT_OK_AND_ASSIGN(
        second_, orgs.Create(As(system_), {root_.id, "机关第二支部", orgs::Kind::kBranch, 1}));
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    for (const char* name : {"甲党员", "乙党员", "丙党员"}) {
      first_people_.push_back(AddPerson(**tx, name, "member", first_));
    }
    first_staff_ = AddPerson(**tx, "丁职工", "staff", first_);
    second_person_ = AddPerson(**tx, "戊党员", "member", second_);
    struct Who {
      auth::Principal* p;
      const char* name;
      auth::Role role;
      const orgs::Org& org;
      std::optional<int64_t> person;
    };
    for (const Who& w :
         {Who{&admin_, "admin", auth::Role::kOrgAdmin, root_, std::nullopt},
          Who{&secretary_, "secretary", auth::Role::kBranchSecretary, first_, std::nullopt},
          Who{&second_secretary_, "secretary2", auth::Role::kBranchSecretary, second_,
              std::nullopt},
          Who{&member_, "member", auth::Role::kMember, first_, first_people_[0]},
          Who{&member2_, "member2", auth::Role::kMember, first_, first_people_[1]},
          Who{&outsider_, "outsider", auth::Role::kMember, second_, second_person_}}) {
      ASSERT_OK_AND_ASSIGN(
          w.p->account_id,
          auth::AuthService::CreateAccount(
              **tx, {w.name, w.name, "Correct-horse-7", w.person, {{w.role, w.org.id}}}, now_));
      w.p->username = w.name;
      w.p->person_id = w.person;
      w.p->grants = {{w.role, w.org.id, w.org.path, w.org.name}};
    }
    ASSERT_OK((*tx)->Commit());
  }

  int64_t AddPerson(storage::Tx& tx, const std::string& name, const std::string& category,
                    const orgs::Org& org) {
    auto row = tx.QueryOne(
        "INSERT INTO people (name, category, org_id, org_path, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        {name, category, org.id, org.path, FormatTime(now_)});
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : 0;
  }

  Context As(const auth::Principal& p, std::optional<TimePoint> at = std::nullopt) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = at.value_or(now_);
    return ctx;
  }

  // A published event of the first branch for its members, starting at
  // now_ + 1 h for 2 h (sign-in window from now_ + 30 min).
  Event Make(const auth::Principal& by = {}, EventStatus status = EventStatus::kPublished) {
    Event e = Basic();
    e.org_id = first_.id;
    e.starts_at = FormatTime(now_ + hours(1));
    e.ends_at = FormatTime(now_ + hours(3));
    e.target_org_ids = {first_.id};
    e.target_categories = {"member"};
    e.status = status;
    auto r = events_->Create(As(by.grants.empty() ? secretary_ : by), e);
    EXPECT_TRUE(r.ok()) << Describe(r.error());
    return r.ok() ? *r : Event{};
  }

  int64_t Count(const std::string& sql, storage::Params params = {}) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(sql, params);
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : -1;
  }

  TimePoint now_ = At(2026, 3, 2, 1);
  std::unique_ptr<EventService> events_;
  std::unique_ptr<AttendanceService> attendance_;
  orgs::Org root_, first_, second_;
  std::vector<int64_t> first_people_;
  int64_t first_staff_ = 0, second_person_ = 0;
  auth::Principal admin_, secretary_, second_secretary_, member_, member2_, outsider_;
};

TEST_P(EventServiceTest, ABranchSecretaryCreatesEventsOfTheirBranchOnly) {
  Event e = Basic();
  e.org_id = second_.id;
  e.starts_at = FormatTime(now_ + hours(1));
  e.ends_at = FormatTime(now_ + hours(2));
  ExpectError(events_->Create(As(secretary_), e), Code::kNotFound, "org_id");
  ExpectError(events_->Create(As(member_), e), Code::kNotFound, "org_id");
  e.org_id = first_.id;
  e.target_org_ids = {second_.id};
  ExpectError(events_->Create(As(secretary_), e), Code::kPermissionDenied, "target_org_ids");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'event'"), 0);
  Event made = Make();
  EXPECT_EQ(made.org_path, first_.path);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'event'"), 1);
}

TEST_P(EventServiceTest, TheInvitedListComesFromTargetOrgsAndCategories) {
  Event made = Make();
  ASSERT_OK_AND_ASSIGN(auto page, attendance_->List(As(secretary_), made.id, {}));
  EXPECT_EQ(page.total, 3);  // the three members, not the staff member
  // All categories once the category filter is dropped; an invitee added
  // by hand stays when the targets change.
  ASSERT_OK(attendance_->Invite(As(admin_), made.id, {second_person_}));
  EventPatch p;
  p.version = made.version;
  p.target_categories = std::vector<std::string>{};
  ASSERT_OK(events_->Update(As(secretary_), made.id, p));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_attendance WHERE event_id = $1", {made.id}), 5);
  p.version = made.version + 1;
  p.target_org_ids = std::vector<int64_t>{};
  ASSERT_OK(events_->Update(As(secretary_), made.id, p));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_attendance WHERE event_id = $1", {made.id}), 1)
      << "only the one invited by hand";
}

TEST_P(EventServiceTest, CoOrganizersReadJointEventsButOnlyTheOrganizerWrites) {
  Event e = Basic();
  e.org_id = second_.id;
  e.co_org_ids = {first_.id};
  e.starts_at = FormatTime(now_ + hours(1));
  e.ends_at = FormatTime(now_ + hours(2));
  ASSERT_OK_AND_ASSIGN(Event joint, events_->Create(As(admin_), e));
  ASSERT_OK(events_->Get(As(secretary_), joint.id));
  EventPatch p;
  p.version = joint.version;
  p.title = "改标题";
  ExpectError(events_->Update(As(secretary_), joint.id, p), Code::kPermissionDenied);
  ExpectError(events_->Get(As(member_), joint.id), Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(auto listed, events_->List(As(secretary_), {}));
  ASSERT_EQ(listed.total, 1);
  EXPECT_EQ(listed.items[0].id, joint.id);
  ASSERT_OK(events_->Update(As(second_secretary_), joint.id, p));
  p.title = "旧版本";
  ExpectError(events_->Update(As(second_secretary_), joint.id, p), Code::kConflict, "version");
}

TEST_P(EventServiceTest, ListsFilterByDatesAndAMemberSeesTheirInvitations) {
  Event made = Make();
  EventFilter f;
  f.from = FormatTime(now_ + hours(4));
  ASSERT_OK_AND_ASSIGN(auto later, events_->List(As(admin_), f));
  EXPECT_EQ(later.total, 0);
  f.from = "2026-03-02";
  f.to = "2026-03-03";
  ASSERT_OK_AND_ASSIGN(auto day, events_->List(As(admin_), f));
  EXPECT_EQ(day.total, 1);
  EventFilter mine;
  mine.mine = true;
  ASSERT_OK_AND_ASSIGN(auto invited, events_->List(As(member_), mine));
  EXPECT_EQ(invited.total, 1);
  ASSERT_OK_AND_ASSIGN(auto none, events_->List(As(outsider_), {}));
  EXPECT_EQ(none.total, 0);
  EventFilter cal;
  cal.from = "2026-03-01";
  cal.to = "2026-06-01";
  ExpectError(events_->Calendar(As(admin_), cal), Code::kInvalidArgument, "to");
  cal.to = "2026-04-01";
  ASSERT_OK_AND_ASSIGN(auto month, events_->Calendar(As(member_), cal));
  ASSERT_EQ(month.size(), 1u);
  EXPECT_EQ(month[0].id, made.id);
}

TEST_P(EventServiceTest, ASeriesIsEditedFromOneOccurrenceOn) {
  Event e = Basic();
  e.org_id = first_.id;
  e.starts_at = FormatTime(now_ + hours(1));
  e.ends_at = FormatTime(now_ + hours(2));
  ASSERT_OK_AND_ASSIGN(
      Event first,
      events_->Create(As(secretary_), e, RecurrenceRule{Recurrence::kWeekly, "2026-03-23"}));
  ASSERT_TRUE(first.series_id);
  EventFilter f;
  f.series_id = first.series_id;
  ASSERT_OK_AND_ASSIGN(auto series, events_->List(As(secretary_), f));
  ASSERT_EQ(series.total, 4);
  EventPatch p;
  p.version = series.items[2].version;
  p.place = "党员活动室";
  p.whole_series = true;
  ASSERT_OK(events_->Update(As(secretary_), series.items[2].id, p));
  ASSERT_OK_AND_ASSIGN(auto after, events_->List(As(secretary_), f));
  std::vector<std::string> places;
  for (const auto& x : after.items) places.push_back(x.place);
  EXPECT_EQ(places, (std::vector<std::string>{"", "", "党员活动室", "党员活动室"}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'event' AND action = "
                  "'update'"),
            2);
}

TEST_P(EventServiceTest, MovingTheOrganizerMovesTheEventsScope) {
  Event e = Basic();
  e.org_id = second_.id;
  e.starts_at = FormatTime(now_ + hours(1));
  e.ends_at = FormatTime(now_ + hours(2));
  ASSERT_OK_AND_ASSIGN(Event sub, events_->Create(As(admin_), e));
  ExpectError(events_->Get(As(secretary_), sub.id), Code::kNotFound);
  orgs::OrgService orgs(db());
  orgs::OrgPatch move;
  move.version = second_.version;
  move.parent_id = first_.id;  // 第二支部 under 第一支部: its path changes
  ASSERT_OK_AND_ASSIGN(orgs::Org moved, orgs.Update(As(system_), second_.id, move));
  ASSERT_OK_AND_ASSIGN(Event after, events_->Get(As(admin_), sub.id));
  EXPECT_EQ(after.org_path, moved.path);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_orgs WHERE org_path = $1", {moved.path}), 1);
  // The first branch's secretary now reads the sub-branch's event.
  ASSERT_OK(events_->Get(As(secretary_), sub.id));
}

TEST_P(EventServiceTest, TheSignInCodeRotatesWithinTheWindowAndSignsEachPersonOnce) {
  Event ev = Make();
  Event other = Make();
  const TimePoint in = now_ + minutes(45);  // window: now_ + 30 min to now_ + 3 h
  ASSERT_OK_AND_ASSIGN(std::string code, attendance_->CodeAt(ev.id, in));
  // Before the window and after it: refused, whatever the code.
  ASSERT_OK_AND_ASSIGN(std::string early, attendance_->CodeAt(ev.id, now_ + minutes(10)));
  ExpectError(attendance_->SignIn(As(member_, now_ + minutes(10)), ev.id, early),
              Code::kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(std::string late, attendance_->CodeAt(ev.id, now_ + hours(3) + seconds(1)));
  ExpectError(attendance_->SignIn(As(member_, now_ + hours(3) + seconds(1)), ev.id, late),
              Code::kFailedPrecondition);
  ExpectError(attendance_->CurrentCode(As(secretary_, now_), ev.id), Code::kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(SignInCode shown, attendance_->CurrentCode(As(secretary_, in), ev.id));
  EXPECT_EQ(shown.code, code);
  ExpectError(attendance_->CurrentCode(As(member_, in), ev.id), Code::kPermissionDenied);
  // A code of another event; a code two slots old (a forwarded photo).
  ExpectError(attendance_->SignIn(As(member_, in), other.id, code), Code::kFailedPrecondition,
              "code");
  auto expired = attendance_->SignIn(As(member_, in + seconds(2 * kCodeSlotSeconds)), ev.id, code);
  ExpectError(expired, Code::kFailedPrecondition, "code");
  EXPECT_NE(expired.error().message.find("过期"), std::string::npos);
  // The previous slot's code is still good; then never twice.
  ASSERT_OK_AND_ASSIGN(
      Attendance a, attendance_->SignIn(As(member_, in + seconds(kCodeSlotSeconds)), ev.id, code));
  EXPECT_EQ(a.status, AttendanceStatus::kSigned);
  ExpectError(attendance_->SignIn(As(member_, in), ev.id, code), Code::kAlreadyExists);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_attendance WHERE event_id = $1 AND person_id = $2 "
                  "AND status = 'signed'",
                  {ev.id, first_people_[0]}),
            1);
  // Not within the targets: refused; within them but not on the list: invited now.
  ExpectError(attendance_->SignIn(As(outsider_, in), ev.id, code), Code::kPermissionDenied);
  ASSERT_OK(attendance_->Uninvite(As(secretary_), ev.id, first_people_[1]));
  ASSERT_OK_AND_ASSIGN(Attendance joined, attendance_->SignIn(As(member2_, in), ev.id, code));
  EXPECT_TRUE(joined.from_targets);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in'"), 2);
  // By hand: audited as such, also never twice.
  ASSERT_OK_AND_ASSIGN(Attendance hand,
                       attendance_->SignInByHand(As(secretary_, in), ev.id, first_people_[2]));
  EXPECT_TRUE(hand.signed_by_hand);
  ExpectError(attendance_->SignInByHand(As(secretary_, in), ev.id, first_people_[2]),
              Code::kAlreadyExists);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'hand_sign_in'"), 1);
  ASSERT_OK_AND_ASSIGN(Rates r, attendance_->EventRates(As(secretary_, in), ev.id));
  EXPECT_EQ(r.invited, 3);
  EXPECT_EQ(r.signed_in, 3);
  EXPECT_DOUBLE_EQ(r.attendance_rate, 1.0);
}

TEST_P(EventServiceTest, ACancelledEventKeepsItsReasonNotifiesInviteesAndRefusesSignIn) {
  Event ev = Make();
  const TimePoint in = now_ + minutes(45);
  ASSERT_OK_AND_ASSIGN(std::string code, attendance_->CodeAt(ev.id, in));
  // A reason is required; a status edit cannot cancel; another branch and a
  // member may not; a stale version is a conflict. Nothing is written.
  ExpectError(events_->Cancel(As(secretary_), ev.id, ev.version, "  "), Code::kInvalidArgument,
              "reason");
  EventPatch patch;
  patch.version = ev.version;
  patch.status = EventStatus::kCancelled;
  ExpectError(events_->Update(As(secretary_), ev.id, patch), Code::kInvalidArgument, "status");
  ExpectError(events_->Cancel(As(second_secretary_), ev.id, ev.version, "改期"),
              Code::kNotFound);
  ExpectError(events_->Cancel(As(member_), ev.id, ev.version, "改期"), Code::kPermissionDenied);
  ExpectError(events_->Cancel(As(secretary_), ev.id, ev.version + 1, "改期"), Code::kConflict);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events WHERE status = 'cancelled'"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notifications WHERE kind = 'event_cancelled'"), 0);

  ASSERT_OK_AND_ASSIGN(Event cancelled,
                       events_->Cancel(As(secretary_), ev.id, ev.version, "与全局大会冲突，改期"));
  EXPECT_EQ(cancelled.status, EventStatus::kCancelled);
  EXPECT_EQ(cancelled.cancel_reason, "与全局大会冲突，改期");
  EXPECT_EQ(cancelled.version, ev.version + 1);
  // Each of the three invited members has an account here but the third.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notifications WHERE kind = 'event_cancelled' AND "
                  "body LIKE '%与全局大会冲突%'"),
            2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'cancel' AND record_type = "
                  "'event'"),
            1);
  auto refused = attendance_->SignIn(As(member_, in), ev.id, code);
  ExpectError(refused, Code::kFailedPrecondition);
  EXPECT_EQ(refused.error().message, "活动已取消，不能签到");
  ExpectError(attendance_->RequestLeave(As(member_), ev.id, "出差"), Code::kFailedPrecondition);
  ExpectError(events_->Cancel(As(secretary_), ev.id, cancelled.version, "再取消"),
              Code::kFailedPrecondition);
  // A draft is cancelled without notifying anyone.
  Event draft = Make({}, EventStatus::kDraft);
  ASSERT_OK(events_->Cancel(As(admin_), draft.id, draft.version, "不再举办"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notifications WHERE kind = 'event_cancelled'"), 2);
}

TEST_P(EventServiceTest, LeaveBeforeTheEndIsDecidedByTheSecretaryMakeUpAfterwards) {
  Event ev = Make();
  ASSERT_OK_AND_ASSIGN(Attendance asked, attendance_->RequestLeave(As(member_), ev.id, "出差"));
  EXPECT_EQ(asked.leave_state, LeaveState::kPending);
  ExpectError(attendance_->RequestLeave(As(outsider_), ev.id, "出差"), Code::kNotFound);
  ExpectError(attendance_->RequestLeave(As(member2_, now_ + hours(3)), ev.id, "出差"),
              Code::kFailedPrecondition);
  ExpectError(
      attendance_->DecideLeave(As(member2_), ev.id, first_people_[0], asked.version, true, ""),
      Code::kPermissionDenied);
  ASSERT_OK_AND_ASSIGN(Attendance approved,
                       attendance_->DecideLeave(As(secretary_), ev.id, first_people_[0],
                                                asked.version, true, "同意"));
  EXPECT_EQ(approved.status, AttendanceStatus::kLeave);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notifications WHERE account_id = $1 AND kind = "
                  "'event_leave_decision'",
                  {member_.account_id}),
            1);
  ExpectError(attendance_->DecideLeave(As(secretary_), ev.id, first_people_[0], approved.version,
                                       false, ""),
              Code::kFailedPrecondition);
  // Make-up: not before the event starts, within its day and today.
  ASSERT_OK_AND_ASSIGN(auto rows, attendance_->List(As(secretary_), ev.id, {}));
  const Attendance* second = nullptr;
  for (const auto& a : rows.items) {
    if (a.person_id == first_people_[1]) second = &a;
  }
  ASSERT_NE(second, nullptr);
  ExpectError(attendance_->RecordMakeup(As(secretary_), ev.id, first_people_[1], second->version,
                                        "2026-03-02", "观看录像"),
              Code::kFailedPrecondition);
  const TimePoint days_later = now_ + hours(24 * 3);
  ExpectError(attendance_->RecordMakeup(As(secretary_, days_later), ev.id, first_people_[1],
                                        second->version, "2026-03-01", "观看录像"),
              Code::kInvalidArgument, "date");
  ASSERT_OK_AND_ASSIGN(Attendance made, attendance_->RecordMakeup(
                                            As(secretary_, days_later), ev.id, first_people_[1],
                                            second->version, "2026-03-04", "观看录像并提交心得"));
  EXPECT_EQ(made.status, AttendanceStatus::kMakeup);
  ASSERT_OK_AND_ASSIGN(Rates r, attendance_->EventRates(As(secretary_, days_later), ev.id));
  EXPECT_EQ(r.leave, 1);
  EXPECT_EQ(r.makeup, 1);
  EXPECT_EQ(r.absent, 1);
  EXPECT_DOUBLE_EQ(r.completion_rate, 1.0 / 3);
}

TEST_P(EventServiceTest, TheDayBeforeReminderIsSentOnceByTwoConnectionsAtOnce) {
  // An event starting tomorrow (China time) at 09:00: 01:00 UTC.
  Event e = Basic();
  e.org_id = first_.id;
  e.starts_at = FormatTime(At(2026, 3, 3, 1));
  e.ends_at = FormatTime(At(2026, 3, 3, 3));
  e.target_org_ids = {first_.id};
  e.target_categories = {"member"};
  e.status = EventStatus::kPublished;
  ASSERT_OK(events_->Create(As(secretary_), e));
  auto second = storage::Open(clean_->url());
  ASSERT_TRUE(second.ok()) << Describe(second.error());
  const TimePoint morning = At(2026, 3, 2, 0);  // 08:00 China time, the day before
  Result<int64_t> sent_a = int64_t{0}, sent_b = int64_t{0};
  std::thread a([&] { sent_a = SendDayBeforeReminders(db(), morning); });
  std::thread b([&] { sent_b = SendDayBeforeReminders(**second, morning); });
  a.join();
  b.join();
  ASSERT_OK(sent_a);
  ASSERT_OK(sent_b);
  EXPECT_EQ(*sent_a + *sent_b, 2) << "the two members with accounts, once each";
  ASSERT_OK_AND_ASSIGN(int64_t again, SendDayBeforeReminders(db(), morning + hours(1)));
  EXPECT_EQ(again, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notifications WHERE kind = 'event_reminder'"), 2);
  // Not the day before: nothing.
  ASSERT_OK_AND_ASSIGN(int64_t early, SendDayBeforeReminders(db(), morning - hours(24)));
  EXPECT_EQ(early, 0);
}

TEST_P(EventServiceTest, TheListReadsItsIndexInStartOrder) {
  for (int i = 0; i < 5; ++i) Make();
  const bool sqlite = GetParam().rfind("sqlite", 0) == 0;
  for (const auth::Principal* who : {&admin_, &secretary_, &member_}) {
    for (const char* sort : {"starts_at", "-starts_at"}) {
      for (bool dated : {false, true}) {
        EventFilter f;
        f.sort = sort;
        if (dated) f.from = "2026-03-01";
        auto [sql, params] = events_->ListSql(As(*who), f);
        ASSERT_FALSE(sql.empty());
        auto tx = db().Begin(storage::TxMode::kRead);
        ASSERT_TRUE(tx.ok());
        ASSERT_OK_AND_ASSIGN(std::string plan, test::QueryPlan(**tx, sqlite, sql, params));
        if (sqlite) {
          EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << sort << "\n" << plan;
          EXPECT_EQ(plan.find("SCAN e\n"), std::string::npos) << sort << "\n" << plan;
        } else {
          EXPECT_EQ(plan.find("Sort"), std::string::npos) << sort << "\n" << plan;
          EXPECT_EQ(plan.find("Seq Scan on events"), std::string::npos) << sort << "\n" << plan;
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, EventServiceTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::events

// Attendance of an event (签到、请假、补学) and its rates, the rotating QR
// sign-in code, and the day-before reminder.
//
// The invited list is made from the event's target orgs (with their
// subtrees) and person categories, and edited by the event's writers. Each
// invitee is one row, never two: invited (not yet signed) → signed (by QR
// code or by hand), leave (请假, approved by a secretary), absent (the event
// ended without a sign-in; derived on read while the row still says
// invited), makeup (补学, with date and how).
//
// Who manages a row (hand sign-in, leave decision, make-up, removal): the
// event's writers and whoever may write the invitee's org (the branch
// secretary of a member invited to a joint event).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/events/event.hpp"
#include "domain/list_query.hpp"
#include "storage/database.hpp"

namespace duxing::domain::events {

enum class AttendanceStatus { kInvited, kSigned, kLeave, kAbsent, kMakeup };
inline const CodedEnum<AttendanceStatus> kAttendanceCodes = {
    {AttendanceStatus::kInvited, {"invited", "待签到"}},
    {AttendanceStatus::kSigned, {"signed", "已签到"}},
    {AttendanceStatus::kLeave, {"leave", "请假"}},
    {AttendanceStatus::kAbsent, {"absent", "缺席"}},
    {AttendanceStatus::kMakeup, {"makeup", "已补学"}}};

enum class LeaveState { kNone, kPending, kApproved, kRejected };
inline const CodedEnum<LeaveState> kLeaveCodes = {{LeaveState::kNone, {"none", "未请假"}},
                                                  {LeaveState::kPending, {"pending", "待审批"}},
                                                  {LeaveState::kApproved, {"approved", "已批准"}},
                                                  {LeaveState::kRejected, {"rejected", "未批准"}}};

inline constexpr size_t kMaxLeaveReason = 200;
inline constexpr size_t kMaxMakeupMethod = 200;
inline constexpr size_t kMaxInviteesPerCall = 500;

struct Attendance {
  int64_t event_id = 0;
  int64_t person_id = 0;
  std::string person_name;
  std::string org_name;  // the person's org
  std::string org_path;
  AttendanceStatus status = AttendanceStatus::kInvited;  // absent derived
  bool from_targets = true;
  std::optional<std::string> signed_at;
  bool signed_by_hand = false;
  LeaveState leave_state = LeaveState::kNone;
  std::string leave_reason;
  std::string leave_note;
  std::optional<std::string> makeup_date;
  std::string makeup_method;
  int64_t version = 1;
  // Volunteer minutes the organizer confirmed (志愿服务; compliance module).
  std::optional<int64_t> service_minutes;
};

struct AttendanceFilter {
  std::optional<AttendanceStatus> status;
  PageRequest page;
};

// Counts of one event, person or org, and the rates: attendance = signed /
// invited; completion = (signed + makeup) / invited (0 when none invited).
struct Rates {
  int64_t invited = 0;  // every row
  int64_t signed_in = 0;
  int64_t leave = 0;
  int64_t absent = 0;
  int64_t makeup = 0;
  int64_t pending = 0;  // not yet signed, event not ended
  double attendance_rate = 0;
  double completion_rate = 0;
};
struct PersonRates {
  int64_t person_id = 0;
  std::string name;
  std::string org_name;
  Rates rates;
};
struct OrgRates {
  int64_t org_id = 0;
  std::string name;
  Rates rates;
};
// Which events rates count: those of a campaign, starting in [from, to),
// held by orgs in org_id's subtree (persons: of that subtree). The lists'
// sorts: "name" (the person list's default), "path" (the org list's
// default: the tree's order), "attendance_rate", "completion_rate",
// "invited", each also "-" descending; ties by id.
struct RatesFilter {
  std::optional<int64_t> campaign_id;
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::optional<int64_t> org_id;
  std::string sort;
  PageRequest page;
};

// Which of the signed-in person's own rows a "my attendance" page lists:
// all; events still to come (not ended, cancelled ones included so that the
// member sees the cancellation); ended ones; those with a leave request.
// Drafts and archived events are never listed.
enum class MyWhen { kAll, kUpcoming, kPast, kLeave };
inline const CodedEnum<MyWhen> kMyWhenCodes = {{MyWhen::kAll, {"all", "全部"}},
                                               {MyWhen::kUpcoming, {"upcoming", "待参加"}},
                                               {MyWhen::kPast, {"past", "参加记录"}},
                                               {MyWhen::kLeave, {"leave", "请假"}}};
struct MyAttendanceFilter {
  MyWhen when = MyWhen::kAll;
  std::string sort;  // "starts_at" (default) or "-starts_at"
  PageRequest page;
};
// One of the person's rows with its event (the event's own fields only: no
// speakers, targets or materials) and the volunteer minutes confirmed.
struct MyAttendance {
  Attendance row;
  Event event;
  std::optional<int64_t> service_minutes;
};
// The person's totals: minutes of self-study logged, volunteer minutes
// confirmed, events signed in and made up (cancelled and archived events
// left out).
struct MySummary {
  int64_t study_minutes = 0;
  int64_t volunteer_minutes = 0;
  int64_t signed_in = 0;
  int64_t makeup = 0;
  int64_t leave = 0;
};

// The rotating sign-in code: HMAC-SHA256 (server secret kept in `settings`)
// of the event id and the 30-second slot, as 16 hex characters. The current
// and the previous slot's codes are accepted.
inline constexpr int64_t kCodeSlotSeconds = 30;
struct SignInCode {
  std::string code;
  std::string valid_until;  // end of the slot after this one
  std::string path;         // the member's page: /m/sign-in/{id}?code=...
};

class AttendanceService {
 public:
  explicit AttendanceService(storage::Database& db);

  // The invited list of an event the caller may write or read (staff in
  // scope), by name; a member sees only their own row.
  Result<Page<Attendance>> List(const Context& ctx, int64_t event_id,
                                const AttendanceFilter& filter);
  // Adds invitees by hand (not from targets): each person must exist and be
  // readable by the caller (kNotFound on "person_ids"); people already
  // invited are skipped. The event must be writable by the caller. Returns
  // how many were added. Published events notify the new invitees.
  Result<int64_t> Invite(const Context& ctx, int64_t event_id,
                         const std::vector<int64_t>& person_ids);
  // Removes an invitee who has not signed in, taken leave or made up
  // (kFailedPrecondition otherwise).
  Status Uninvite(const Context& ctx, int64_t event_id, int64_t person_id);

  // The member's own leave request (请假) with a reason, before the event
  // ends (kFailedPrecondition after); not invited: kNotFound; already
  // signed, approved or rejected: kFailedPrecondition (a rejection stands:
  // asking again would overwrite the secretary's decision; a pending request
  // may be asked again with a new reason).
  Result<Attendance> RequestLeave(const Context& ctx, int64_t event_id, const std::string& reason);
  // A secretary's decision on a pending request (kFailedPrecondition when
  // none is pending); the member is notified. Versioned on the row.
  Result<Attendance> DecideLeave(const Context& ctx, int64_t event_id, int64_t person_id,
                                 int64_t version, bool approve, const std::string& note);
  // 补学: after the event started, for an invitee who did not sign in, of a
  // published event (a cancelled one had nothing to make up:
  // kFailedPrecondition).
  Result<Attendance> RecordMakeup(const Context& ctx, int64_t event_id, int64_t person_id,
                                  int64_t version, const std::string& date,
                                  const std::string& method);
  // A sign-in by hand, audited as such (hand_sign_in): from the window's
  // opening on (kFailedPrecondition before); the person must be invited
  // (kNotFound) and not signed (kAlreadyExists).
  Result<Attendance> SignInByHand(const Context& ctx, int64_t event_id, int64_t person_id);

  // The current code of an event the caller may write, while its sign-in
  // window is open (kFailedPrecondition otherwise).
  Result<SignInCode> CurrentCode(const Context& ctx, int64_t event_id);
  // A member signs in with a scanned code. Refusals (nothing written):
  // kFailedPrecondition outside the window, for an expired code (an older
  // slot of this event within the last hour) or one of no slot of this
  // event ("code"), for a draft or cancelled event; kUnauthenticated-like
  // kPermissionDenied for an account without a person; kPermissionDenied for
  // a person neither invited nor within the event's targets (a person within
  // the targets but not on the list, e.g. who joined the branch since, is
  // invited on sign-in); kAlreadyExists when already signed in. Audited
  // (sign_in).
  Result<Attendance> SignIn(const Context& ctx, int64_t event_id, const std::string& code);

  // The signed-in person's own rows (invitations, sign-ins, leave, make-up,
  // volunteer minutes), a page of the list mechanism; an account without a
  // person: kPermissionDenied.
  Result<Page<MyAttendance>> Mine(const Context& ctx, const MyAttendanceFilter& filter);
  // Their totals (kPermissionDenied as Mine).
  Result<MySummary> MineSummary(const Context& ctx);

  Result<Rates> EventRates(const Context& ctx, int64_t event_id);
  // Per person / per org (the invitee's own org), in the caller's scope: a
  // page of the list mechanism (grouped rows, one per person or org; the
  // total cached until attendance, events, people or orgs change).
  // an org_id the caller may not read: kPermissionDenied on "org_id";
  // kInvalidArgument on "from"/"to"/"org_id" for a bad filter and as
  // ListQuery::Page for sort, limit, offset and cursor.
  Result<Page<PersonRates>> PersonRatesList(const Context& ctx, const RatesFilter& filter);
  Result<Page<OrgRates>> OrgRatesList(const Context& ctx, const RatesFilter& filter);

  // The code of `event_id` for the slot holding `at` (tests, the bench).
  Result<std::string> CodeAt(int64_t event_id, TimePoint at);

  // Writes the invited list of `e` from its targets inside `tx`: adds
  // matching people not yet on it, and drops rows from targets that no longer
  // match and are still only invited. Returns the person ids added.
  static Result<std::vector<int64_t>> SyncInvitations(storage::Tx& tx, const Event& e,
                                                      TimePoint now);
  // Adds person `person_id` (of org `org_path`) to the invited list of
  // event `event_id` by hand (not from targets) inside `tx`; false when they
  // are on it already. The caller has checked scope; nothing is audited or
  // notified.
  static Result<bool> AddInvitee(storage::Tx& tx, int64_t event_id, int64_t person_id,
                                 const std::string& org_path, TimePoint now);
  // Notifies `person_ids` (those with an account) of their invitation.
  static Status NotifyInvited(storage::Tx& tx, const Event& e,
                              const std::vector<int64_t>& person_ids, TimePoint now);
  // Notifies every invitee of `e` with an account that it is cancelled,
  // with its reason ("event_cancelled").
  static Status NotifyCancelled(storage::Tx& tx, const Event& e, TimePoint now);

 private:
  Result<std::string> Secret();

  storage::Database& db_;
  ListQuery list_;
  ListQuery mine_;
  ListQuery rates_;
  std::mutex secret_mu_;
  std::string secret_;  // hex, read once
};

// The day-before reminder (a daily job): notifies every invitee with an
// account, not on approved leave, of each published event starting on the
// China-time day after `now`'s; each (event, person, start) at most once,
// however often and in however many processes it runs. Returns how many
// were sent now.
Result<int64_t> SendDayBeforeReminders(storage::Database& db, TimePoint now);

}  // namespace duxing::domain::events

#include "domain/ledger/org_life.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "common/clock.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/events/event.hpp"
#include "domain/ledger/life_source.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"
#include "storage/in_ids.hpp"
#include "storage/where.hpp"

namespace duxing::domain::ledger {
namespace {

constexpr std::string_view kEnsureMeeting =
    "INSERT INTO life_meetings (event_id, created_at, updated_at) VALUES ($1, $2, $2) "
    "ON CONFLICT (event_id) DO NOTHING";
constexpr std::string_view kMeeting =
    "SELECT m.talks_done, m.opinions_collected, m.preparation_note, m.reviewed_at, "
    "COALESCE(a.display_name, ''), m.review_note, m.version, m.reviewed_by FROM life_meetings m "
    "LEFT JOIN accounts a ON a.id = m.reviewed_by WHERE m.event_id = $1";
constexpr std::string_view kUpdateMeeting =
    "UPDATE life_meetings SET talks_done = $1, opinions_collected = $2, preparation_note = $3, "
    "reviewed_at = $4, reviewed_by = $5, review_note = $6, version = version + 1, "
    "updated_at = $7 WHERE event_id = $8 AND version = $9";
// The invitees with their part (none yet: defaults), by name.
constexpr std::string_view kMembers =
    "SELECT p.id, p.name, o.name, COALESCE(m.as_ordinary_member, 0), "
    "COALESCE(m.speech_outline, ''), m.speech_attachment_id, COALESCE(m.commitment, ''), "
    "COALESCE(m.version, 1), COALESCE(f.file_name, '') FROM event_attendance ea "
    "JOIN people p ON p.id = ea.person_id JOIN orgs o ON o.id = p.org_id "
    "LEFT JOIN life_meeting_members m ON m.event_id = ea.event_id AND m.person_id = ea.person_id "
    "LEFT JOIN attachments f ON f.id = m.speech_attachment_id "
    "WHERE ea.event_id = $1 ORDER BY p.name, p.id";
constexpr std::string_view kIsInvitee =
    "SELECT 1 FROM event_attendance WHERE event_id = $1 AND person_id = $2";
constexpr std::string_view kEnsureMember =
    "INSERT INTO life_meeting_members (event_id, person_id, updated_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (event_id, person_id) DO NOTHING";
constexpr std::string_view kMemberRow =
    "SELECT m.id, m.as_ordinary_member, m.speech_outline, m.speech_attachment_id, m.commitment, "
    "m.version, p.name FROM life_meeting_members m JOIN people p ON p.id = m.person_id "
    "WHERE m.event_id = $1 AND m.person_id = $2";
constexpr std::string_view kUpdateMember =
    "UPDATE life_meeting_members SET as_ordinary_member = $1, speech_outline = $2, "
    "speech_attachment_id = $3, commitment = $4, version = version + 1, updated_at = $5 "
    "WHERE id = $6 AND version = $7";
constexpr std::string_view kCriticisms =
    "SELECT c.id, c.from_person_id, pf.name, c.to_person_id, pt.name, c.text, c.created_at "
    "FROM life_meeting_criticisms c JOIN people pf ON pf.id = c.from_person_id "
    "JOIN people pt ON pt.id = c.to_person_id WHERE c.event_id = $1 ORDER BY c.id";
constexpr std::string_view kInsertCriticism =
    "INSERT INTO life_meeting_criticisms (event_id, from_person_id, to_person_id, text, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
constexpr std::string_view kProblemColumns =
    "SELECT lp.id, lp.event_id, lp.person_id, p.name, lp.category, lp.text "
    "FROM life_meeting_problems lp JOIN people p ON p.id = lp.person_id ";
constexpr std::string_view kInsertProblem =
    "INSERT INTO life_meeting_problems (event_id, person_id, category, text, created_by, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
constexpr std::string_view kProblemItems =
    "SELECT lpi.problem_id, lpi.item_id FROM life_problem_items lpi "
    "JOIN life_meeting_problems lp ON lp.id = lpi.problem_id WHERE lp.event_id = $1 "
    "ORDER BY lpi.item_id";
constexpr std::string_view kLinkItem =
    "INSERT INTO life_problem_items (problem_id, item_id) VALUES ($1, $2)";
// A reviewed meeting's review withdrawn (see WithdrawReview).
constexpr std::string_view kWithdrawReview =
    "UPDATE life_meetings SET reviewed_at = NULL, reviewed_by = NULL, "
    "review_note = '', "
    "version = version + 1, updated_at = $2 WHERE event_id = $1 AND "
    "reviewed_at IS NOT NULL";

// The summaries' two counts per meeting: the rows of `from` by event, and
// those meeting `counted`.
struct SummaryCount {
  std::string_view from;
  std::string_view event_column;
  std::string_view counted;
  int64_t LifeMeetingSummary::*all;
  int64_t LifeMeetingSummary::*some;
};
constexpr SummaryCount kSummaryCounts[] = {
    // Attendees, and those who spoke: an outline as text or as a file (LoadMeeting's rule).
    {"FROM event_attendance ea LEFT JOIN life_meeting_members m ON m.event_id = ea.event_id "
     "AND m.person_id = ea.person_id",
     "ea.event_id",
     "COALESCE(m.speech_outline, '') <> '' OR m.speech_attachment_id IS NOT NULL",
     &LifeMeetingSummary::members, &LifeMeetingSummary::members_spoken},
    // Problems, and those with a rectification item.
    {"FROM life_meeting_problems lp", "lp.event_id",
     "EXISTS (SELECT 1 FROM life_problem_items lpi WHERE lpi.problem_id = lp.id)",
     &LifeMeetingSummary::problems, &LifeMeetingSummary::problems_with_items},
};

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

Result<LifeProblem> ProblemFromRow(const storage::Row& r) {
  LifeProblem p;
  p.id = r.Int(0);
  p.event_id = r.Int(1);
  p.person_id = r.Int(2);
  p.person_name = r.Text(3);
  p.category = kProblemCategoryCodes.Parse(r.Text(4)).value_or(ProblemCategory::kOther);
  p.text = r.Text(5);
  return p;
}

// The problems of a meeting with their items.
Result<std::vector<LifeProblem>> LoadProblems(storage::Tx& tx, int64_t event_id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(std::string(kProblemColumns) +
                                   "WHERE lp.event_id = $1 ORDER BY lp.id",
                               {event_id}));
  std::vector<LifeProblem> out;
  std::map<int64_t, size_t> at;
  for (const auto& r : rows) {
    DX_ASSIGN_OR_RETURN(LifeProblem p, ProblemFromRow(r));
    at[p.id] = out.size();
    out.push_back(std::move(p));
  }
  DX_ASSIGN_OR_RETURN(storage::Rows links, tx.Query(kProblemItems, {event_id}));
  std::vector<int64_t> ids;
  for (const auto& r : links) ids.push_back(r.Int(1));
  DX_ASSIGN_OR_RETURN(std::vector<ItemBrief> briefs, LoadItemBriefs(tx, ids, nullptr));
  std::map<int64_t, ItemBrief> by_id;
  for (auto& b : briefs) by_id[b.id] = std::move(b);
  for (const auto& r : links) {
    auto item = by_id.find(r.Int(1));
    if (item != by_id.end()) out[at[r.Int(0)]].items.push_back(item->second);
  }
  return out;
}

// The whole meeting of `source` (its event read and checked) inside `tx`.
Result<LifeMeeting> LoadMeeting(storage::Tx& tx, const auth::Principal& who,
                                const LifeSource& source) {
  LifeMeeting m;
  m.event_id = source.event.id;
  m.title = source.event.title;
  m.starts_at = source.event.starts_at;
  m.campaign_id = source.event.campaign_id;
  m.org_id = source.event.org_id;
  m.org_name = source.event.org_name;
  m.org_path = source.event.org_path;
  m.may_write = source.may_write;
  m.may_review = OrgLifeService::MayReview(who, m.org_path);
  DX_ASSIGN_OR_RETURN(storage::Rows meeting, tx.Query(kMeeting, {m.event_id}));
  if (!meeting.empty()) {
    const storage::Row& r = meeting.front();
    m.talks_done = r.Int(0);
    m.opinions_collected = r.Int(1);
    m.preparation_note = r.Text(2);
    if (!r.IsNull(3)) m.reviewed_at = r.Text(3);
    m.reviewed_by_name = r.Text(4);
    m.review_note = r.Text(5);
    m.version = r.Int(6);
    if (!r.IsNull(7)) m.reviewed_by = r.Int(7);
  }
  DX_ASSIGN_OR_RETURN(storage::Rows members, tx.Query(kMembers, {m.event_id}));
  for (const auto& r : members) {
    LifeMeetingMember x;
    x.person_id = r.Int(0);
    x.name = r.Text(1);
    x.org_name = r.Text(2);
    x.as_ordinary_member = r.Bool(3);
    x.speech_outline = r.Text(4);
    if (!r.IsNull(5)) x.speech_attachment_id = r.Int(5);
    x.commitment = r.Text(6);
    x.version = r.Int(7);
    x.speech_file_name = r.Text(8);
    x.spoke = !x.speech_outline.empty() || x.speech_attachment_id.has_value();
    if (!x.spoke) ++m.members_not_spoken;
    m.members.push_back(std::move(x));
  }
  DX_ASSIGN_OR_RETURN(storage::Rows criticisms, tx.Query(kCriticisms, {m.event_id}));
  for (const auto& r : criticisms) {
    m.criticisms.push_back(
        {r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.Text(4), r.Text(5), r.Text(6)});
  }
  DX_ASSIGN_OR_RETURN(m.problems, LoadProblems(tx, m.event_id));
  m.problems_without_items = std::count_if(m.problems.begin(), m.problems.end(),
                                           [](const LifeProblem& p) { return p.items.empty(); });
  return m;
}

audit::Snapshot MeetingSnap(const LifeMeeting& m) {
  return {{"talks_done", std::to_string(m.talks_done)},
          {"opinions_collected", std::to_string(m.opinions_collected)},
          {"preparation_note", m.preparation_note},
          {"reviewed_at", m.reviewed_at},
          {"review_note", m.review_note}};
}

// One versioned write of the meeting's own row (preparation, review).
Result<LifeMeeting> WriteMeeting(storage::Database& db, const Context& ctx, int64_t event_id,
                                 int64_t version, const std::string& action,
                                 const std::function<Status(const LifeMeeting&)>& authorize,
                                 const std::function<Status(LifeMeeting&)>& change) {
  VersionedRecord<LifeMeeting> record{
      "life_meeting",
      [&ctx](storage::Tx& tx, int64_t id) -> Result<LifeMeeting> {
        DX_ASSIGN_OR_RETURN(LifeSource source,
                            LoadLifeSource(tx, *ctx.principal, id, kLifeMeetingType));
        DX_RETURN_IF_ERROR(tx.Exec(kEnsureMeeting, {id, FormatTime(ctx.now)}));
        return LoadMeeting(tx, *ctx.principal, source);
      },
      [](const LifeMeeting& m) { return m.version; }, MeetingSnap,
      [](const LifeMeeting& m) -> std::optional<std::string> { return m.org_path; }};
  VersionedWrite<LifeMeeting> w;
  w.action = action;
  w.id = event_id;
  w.version = version;
  w.authorize = [&](storage::Tx&, const LifeMeeting& before) { return authorize(before); };
  w.change = [&](storage::Tx&, const LifeMeeting&, LifeMeeting& after) { return change(after); };
  w.write = [&](storage::Tx& tx, const LifeMeeting&, const LifeMeeting& a) -> Result<int64_t> {
    return tx.Exec(kUpdateMeeting, {a.talks_done, a.opinions_collected, a.preparation_note,
                                    storage::Opt(a.reviewed_at), storage::Opt(a.reviewed_by),
                                    a.review_note, FormatTime(ctx.now), event_id, version});
  };
  return WriteVersioned(db, ctx, record, w);
}

// A reviewed meeting whose record then changes (a member's part, a
// criticism, a problem, the preparation) is no longer reviewed: the
// superior organization reviewed the record as it stood, so the review is
// withdrawn in the writing transaction, audited ("life_review_withdrawn",
// with the review it withdrew), and the meeting is 待审核 again. (Locking
// the record instead would leave a wrong record with no way to correct it.)
// A rectification item made for a problem changes no record: it keeps the
// review. The preparation's own versioned write clears the review itself
// (ClearReview), as this statement's version bump would make it stale.
Status WithdrawReview(storage::Tx &tx, const Context &ctx, int64_t event_id,
                      const std::string &org_path) {
  DX_ASSIGN_OR_RETURN(storage::Rows before, tx.Query(kMeeting, {event_id}));
  if (before.empty() || before[0].IsNull(3))
    return Ok();
  DX_ASSIGN_OR_RETURN(
      int64_t withdrawn,
      tx.Exec(kWithdrawReview, {event_id, FormatTime(ctx.now)}));
  if (withdrawn == 0)
    return Ok();
  return audit::Record(tx, ctx,
                       {"life_review_withdrawn", "life_meeting", event_id,
                        org_path,
                        audit::Snapshot{{"reviewed_at", before[0].Text(3)},
                                        {"reviewed_by_name", before[0].Text(4)},
                                        {"review_note", before[0].Text(5)}},
                        audit::Snapshot{{"reviewed_at", std::nullopt}}, ""});
}

// The review of `m` cleared, for a versioned write of the meeting's row.
void ClearReview(LifeMeeting &m) {
  m.reviewed_at.reset();
  m.reviewed_by.reset();
  m.reviewed_by_name.clear();
  m.review_note.clear();
}

Status WritersOnly(const LifeMeeting& m) {
  if (m.may_write) return Ok();
  return MakeError(Code::kPermissionDenied, "无权修改该组织生活会");
}

Status CheckCount(int64_t n, const char* field, const char* label) {
  if (n < 0 || n > kMaxTalkCount) {
    return Invalid(std::string(label) + "须在 0 至 " + std::to_string(kMaxTalkCount) + " 之间",
                   field);
  }
  return Ok();
}

Status CheckRequiredText(const std::string& text, const char* field, const char* label,
                         size_t max_chars) {
  if (text.empty()) return Invalid(std::string(label) + "不能为空", field);
  return CheckMultilineText(text, field, label, max_chars);
}

Status CheckInvitee(storage::Tx& tx, int64_t event_id, int64_t person_id, const char* field) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kIsInvitee, {event_id, person_id}));
  if (rows.empty()) return Invalid("该人员不是本次组织生活会的参会人员", field);
  return Ok();
}

// Checks that attachment `id` may be a speech outline's file of meeting
// `event_id`: a file of this meeting (record type life_meeting), or the
// caller's pending upload, attached to the meeting here; a member who is not
// a writer names only a file they uploaded themself. kInvalidArgument on
// "speech_attachment_id" otherwise.
Status UseSpeechFile(storage::Tx& tx, const Context& ctx, attachments::AttachmentService& files,
                     int64_t event_id, int64_t id, bool writer) {
  Error wrong = Invalid("发言材料不是本次组织生活会的文件", "speech_attachment_id");
  auto file = files.LoadIn(tx, ctx, id, attachments::RecordAccess::kRead);
  if (!file.ok() || file->record_type != "life_meeting") return wrong;
  if (!writer && file->uploaded_by != ctx.principal->account_id) {
    return Invalid("只能使用本人上传的发言材料", "speech_attachment_id");
  }
  if (!file->record_id) {
    auto attached = files.AttachIn(tx, ctx, id, event_id);
    return attached.ok() ? Ok() : Status(wrong);
  }
  return *file->record_id == event_id ? Ok() : Status(wrong);
}

// A readable meeting inside a write transaction whose caller must write it.
Result<LifeSource> WritableMeeting(storage::Tx& tx, const Context& ctx, int64_t event_id) {
  DX_ASSIGN_OR_RETURN(LifeSource source,
                      LoadLifeSource(tx, *ctx.principal, event_id, kLifeMeetingType));
  if (!source.may_write) return MakeError(Code::kPermissionDenied, "无权修改该组织生活会");
  return source;
}

}  // namespace

bool OrgLifeService::MayReview(const auth::Principal& p, std::string_view org_path) {
  // "/1/4/" → "/1/"; the root's meeting has no superior organization here.
  if (org_path.size() < 2) return false;
  size_t cut = org_path.rfind('/', org_path.size() - 2);
  if (cut == std::string_view::npos || cut == 0) return false;
  return p.CanWrite(org_path.substr(0, cut + 1));
}

Result<LifeMeeting> OrgLifeService::Get(const Context& ctx, int64_t event_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(LifeSource source,
                      LoadLifeSource(*tx, *ctx.principal, event_id, kLifeMeetingType));
  return LoadMeeting(*tx, *ctx.principal, source);
}

Result<std::vector<LifeMeetingSummary>> OrgLifeService::Summaries(
    const Context& ctx, const std::vector<int64_t>& event_ids) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  std::vector<int64_t> ids;
  std::map<int64_t, LifeMeetingSummary> by_id;
  for (int64_t id : event_ids) {
    auto source = LoadLifeSource(*tx, *ctx.principal, id, kLifeMeetingType);
    if (!source.ok()) {
      if (source.error().code == Code::kNotFound) continue;
      return source.error();
    }
    ids.push_back(id);
    by_id[id].event_id = id;
  }
  if (ids.empty()) return std::vector<LifeMeetingSummary>();
  storage::Where reviewed;
  reviewed.And(storage::InIds("event_id", ids));
  reviewed.And("reviewed_at IS NOT NULL");
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query("SELECT event_id FROM life_meetings" + reviewed.Sql(),
                                reviewed.params()));
  for (const auto& r : rows) by_id[r.Int(0)].reviewed = true;
  for (const SummaryCount& count : kSummaryCounts) {
    storage::Where w;
    w.And(storage::InIds(count.event_column, ids));
    DX_ASSIGN_OR_RETURN(rows, tx->Query("SELECT " + std::string(count.event_column) +
                                            ", COUNT(*), COALESCE(SUM(CASE WHEN " +
                                            std::string(count.counted) + " THEN 1 ELSE 0 END), 0) " +
                                            std::string(count.from) + w.Sql() + " GROUP BY " +
                                            std::string(count.event_column),
                                        w.params()));
    for (const auto& r : rows) {
      by_id[r.Int(0)].*count.all = r.Int(1);
      by_id[r.Int(0)].*count.some = r.Int(2);
    }
  }
  std::vector<LifeMeetingSummary> out;
  for (int64_t id : ids) out.push_back(by_id[id]);
  return out;
}

Result<LifeMeeting> OrgLifeService::UpdatePreparation(const Context& ctx, int64_t event_id,
                                                      const PreparationPatch& p) {
  return WriteMeeting(db_, ctx, event_id, p.version, "update", WritersOnly,
                      [&](LifeMeeting& m) -> Status {
                        if (p.talks_done) m.talks_done = *p.talks_done;
                        if (p.opinions_collected) m.opinions_collected = *p.opinions_collected;
                        if (p.preparation_note) m.preparation_note = *p.preparation_note;
                        ClearReview(m); // see WithdrawReview
                        DX_RETURN_IF_ERROR(CheckCount(m.talks_done, "talks_done", "谈心谈话次数"));
                        DX_RETURN_IF_ERROR(CheckCount(m.opinions_collected, "opinions_collected",
                                                      "征求意见条数"));
                        return CheckMultilineText(m.preparation_note, "preparation_note",
                                                  "会前准备情况", kMaxPreparationNote);
                      });
}

Result<LifeMeeting> OrgLifeService::Review(const Context& ctx, int64_t event_id, int64_t version,
                                           const std::string& note) {
  return WriteMeeting(
      db_, ctx, event_id, version, "life_review",
      [&ctx](const LifeMeeting& m) -> Status {
        if (!MayReview(*ctx.principal, m.org_path)) {
          return MakeError(Code::kPermissionDenied, "只有上级党组织可以审核组织生活会");
        }
        return Ok();
      },
      [&](LifeMeeting& m) -> Status {
        if (m.reviewed_at) return MakeError(Code::kFailedPrecondition, "该组织生活会已审核");
        DX_RETURN_IF_ERROR(CheckLineText(note, "note", "审核意见", kMaxReviewNote));
        m.reviewed_at = FormatTime(ctx.now);
        m.reviewed_by = ctx.principal->account_id;
        m.review_note = note;
        return Ok();
      });
}

namespace {

struct MemberRow {
  int64_t id = 0;
  int64_t event_id = 0;
  std::string org_path;
  LifeMeetingMember member;
};

audit::Snapshot MemberSnap(const MemberRow& r) {
  const LifeMeetingMember& m = r.member;
  return {{"person_id", std::to_string(m.person_id)},
          {"as_ordinary_member", m.as_ordinary_member ? "true" : "false"},
          {"speech_outline", m.speech_outline},
          {"speech_attachment_id", m.speech_attachment_id
                                       ? std::optional(std::to_string(*m.speech_attachment_id))
                                       : std::nullopt},
          {"commitment", m.commitment}};
}

}  // namespace

Result<LifeMeeting> OrgLifeService::UpdateMember(const Context& ctx, int64_t event_id,
                                                 int64_t person_id, const MemberPatch& p) {
  const auth::Principal& who = *ctx.principal;
  std::optional<LifeSource> source;
  int64_t row_id = 0;  // the member's row, once loaded: the audit entry's record
  VersionedRecord<MemberRow> record{
      "life_meeting_member",
      [&](storage::Tx& tx, int64_t) -> Result<MemberRow> {
        if (!source) {
          DX_ASSIGN_OR_RETURN(source, LoadLifeSource(tx, who, event_id, kLifeMeetingType));
          auto invited = CheckInvitee(tx, event_id, person_id, "person_id");
          if (!invited.ok()) return MakeError(Code::kNotFound, "参会人员不存在", "person_id");
          DX_RETURN_IF_ERROR(
              tx.Exec(kEnsureMember, {event_id, person_id, FormatTime(ctx.now)}));
        }
        DX_ASSIGN_OR_RETURN(storage::Row r, tx.QueryOne(kMemberRow, {event_id, person_id}));
        row_id = r.Int(0);
        MemberRow row{row_id, event_id, source->event.org_path, {}};
        row.member.person_id = person_id;
        row.member.as_ordinary_member = r.Bool(1);
        row.member.speech_outline = r.Text(2);
        if (!r.IsNull(3)) row.member.speech_attachment_id = r.Int(3);
        row.member.commitment = r.Text(4);
        row.member.version = r.Int(5);
        row.member.name = r.Text(6);
        return row;
      },
      [](const MemberRow& r) { return r.member.version; }, MemberSnap,
      [](const MemberRow& r) -> std::optional<std::string> { return r.org_path; }};
  VersionedWrite<MemberRow> w;
  w.action = "update";
  w.version = p.version;
  w.authorize = [&](storage::Tx&, const MemberRow&) -> Status {
    if (source->may_write) return Ok();
    if (who.person_id != person_id) {
      return MakeError(Code::kPermissionDenied, "只能填写本人的发言提纲和整改承诺");
    }
    if (p.as_ordinary_member) {
      return MakeError(Code::kPermissionDenied, "无权修改参会身份", "as_ordinary_member");
    }
    return Ok();
  };
  w.change = [&](storage::Tx& tx, const MemberRow& before, MemberRow& after) -> Status {
    LifeMeetingMember& m = after.member;
    if (p.speech_outline) m.speech_outline = *p.speech_outline;
    if (p.commitment) m.commitment = *p.commitment;
    if (p.as_ordinary_member) m.as_ordinary_member = *p.as_ordinary_member;
    if (p.speech_attachment_id) m.speech_attachment_id = *p.speech_attachment_id;
    DX_RETURN_IF_ERROR(
        CheckMultilineText(m.speech_outline, "speech_outline", "发言提纲", kMaxSpeechOutline));
    DX_RETURN_IF_ERROR(CheckMultilineText(m.commitment, "commitment", "整改承诺", kMaxCommitment));
    if (m.speech_attachment_id && m.speech_attachment_id != before.member.speech_attachment_id) {
      DX_RETURN_IF_ERROR(UseSpeechFile(tx, ctx, files_, event_id, *m.speech_attachment_id,
                                        source->may_write));
    }
    return Ok();
  };
  w.write = [&](storage::Tx &tx, const MemberRow &before,
                const MemberRow &a) -> Result<int64_t> {
    const LifeMeetingMember& m = a.member;
    DX_ASSIGN_OR_RETURN(
        int64_t written,
        tx.Exec(kUpdateMember,
                {int64_t{m.as_ordinary_member}, m.speech_outline,
                 storage::Opt(m.speech_attachment_id), m.commitment,
                 FormatTime(ctx.now), before.id, p.version}));
    if (written > 0)
      DX_RETURN_IF_ERROR(WithdrawReview(tx, ctx, event_id, a.org_path));
    return written;
  };
  w.amend_audit = [&row_id](audit::Change& entry) { entry.record_id = row_id; };
  DX_RETURN_IF_ERROR(WriteVersioned(db_, ctx, record, w));
  return Get(ctx, event_id);
}

Result<Criticism> OrgLifeService::AddCriticism(const Context& ctx, int64_t event_id,
                                               const NewCriticism& c) {
  DX_RETURN_IF_ERROR(CheckRequiredText(c.text, "text", "批评内容", kMaxCriticism));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(LifeSource source, WritableMeeting(*tx, ctx, event_id));
  DX_RETURN_IF_ERROR(CheckInvitee(*tx, event_id, c.from_person_id, "from_person_id"));
  DX_RETURN_IF_ERROR(CheckInvitee(*tx, event_id, c.to_person_id, "to_person_id"));
  std::string now = FormatTime(ctx.now);
  DX_ASSIGN_OR_RETURN(storage::Row row,
                      tx->QueryOne(kInsertCriticism, {event_id, c.from_person_id, c.to_person_id,
                                                      c.text, ctx.principal->account_id, now}));
  int64_t id = row.Int(0);
  DX_RETURN_IF_ERROR(WithdrawReview(*tx, ctx, event_id, source.event.org_path));
  DX_RETURN_IF_ERROR(audit::Record(
      *tx, ctx,
      {"create", "life_criticism", id, source.event.org_path, std::nullopt,
       audit::Snapshot{{"event_id", std::to_string(event_id)},
                       {"from_person_id", std::to_string(c.from_person_id)},
                       {"to_person_id", std::to_string(c.to_person_id)},
                       {"text", c.text}},
       ""}));
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kCriticisms, {event_id}));
  DX_RETURN_IF_ERROR(tx->Commit());
  for (const auto& r : rows) {
    if (r.Int(0) == id) return Criticism{id, r.Int(1), r.Text(2), r.Int(3), r.Text(4), r.Text(5), r.Text(6)};
  }
  return MakeError(Code::kInternal, "批评记录未写入");
}

namespace {

Result<LifeProblem> LoadProblem(storage::Tx& tx, int64_t problem_id) {
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      tx.Query(std::string(kProblemColumns) + "WHERE lp.id = $1", {problem_id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "查摆问题不存在");
  DX_ASSIGN_OR_RETURN(LifeProblem p, ProblemFromRow(rows.front()));
  DX_ASSIGN_OR_RETURN(auto all, LoadProblems(tx, p.event_id));
  for (auto& x : all) {
    if (x.id == problem_id) return std::move(x);
  }
  return p;
}

}  // namespace

Result<LifeProblem> OrgLifeService::AddProblem(const Context& ctx, int64_t event_id,
                                               const NewProblem& p) {
  DX_RETURN_IF_ERROR(CheckRequiredText(p.text, "text", "问题内容", kMaxProblemText));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(LifeSource source, WritableMeeting(*tx, ctx, event_id));
  DX_RETURN_IF_ERROR(CheckInvitee(*tx, event_id, p.person_id, "person_id"));
  std::string category = kProblemCategoryCodes.Name(p.category);
  DX_ASSIGN_OR_RETURN(storage::Row row,
                      tx->QueryOne(kInsertProblem, {event_id, p.person_id, category, p.text,
                                                    ctx.principal->account_id,
                                                    FormatTime(ctx.now)}));
  int64_t id = row.Int(0);
  DX_RETURN_IF_ERROR(WithdrawReview(*tx, ctx, event_id, source.event.org_path));
  DX_RETURN_IF_ERROR(audit::Record(
      *tx, ctx,
      {"create", "life_problem", id, source.event.org_path, std::nullopt,
       audit::Snapshot{{"event_id", std::to_string(event_id)},
                       {"person_id", std::to_string(p.person_id)},
                       {"category", category},
                       {"text", p.text}},
       ""}));
  DX_ASSIGN_OR_RETURN(LifeProblem created, LoadProblem(*tx, id));
  DX_RETURN_IF_ERROR(tx->Commit());
  return created;
}

Result<LifeProblem> OrgLifeService::AddRectification(const Context& ctx, int64_t problem_id,
                                                     const NewRectification& r) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(LifeProblem problem, LoadProblem(*tx, problem_id));
  auto source = LoadLifeSource(*tx, *ctx.principal, problem.event_id, kLifeMeetingType);
  if (!source.ok()) return MakeError(Code::kNotFound, "查摆问题不存在");
  if (!source->may_write) return MakeError(Code::kPermissionDenied, "无权修改该组织生活会");
  if (!IsValidDate(r.deadline)) return Invalid("整改时限无效（格式 YYYY-MM-DD）", "deadline");
  DX_RETURN_IF_ERROR(CheckMultilineText(r.measures, "measures", "整改措施", kMaxItemText));
  if (r.measures.empty()) return Invalid("整改措施不能为空", "measures");
  ItemRequest item;
  item.kind = "rectification";
  item.campaign_id = source->event.campaign_id;
  item.title = r.title.empty() ? problem.text : r.title;
  item.description = problem.person_name + "：" + problem.text;
  item.measures = r.measures;
  item.source_type = "event";
  item.source_id = problem.event_id;
  item.source_text = source->event.title;
  item.org_id = source->event.org_id;
  item.assign = {r.responsible_person_id, r.leader_person_id, r.deadline, r.item_class};
  DX_ASSIGN_OR_RETURN(int64_t item_id, CreateItemIn(*tx, ctx, item));
  DX_RETURN_IF_ERROR(tx->Exec(kLinkItem, {problem_id, item_id}));
  DX_ASSIGN_OR_RETURN(LifeProblem updated, LoadProblem(*tx, problem_id));
  DX_RETURN_IF_ERROR(tx->Commit());
  return updated;
}

}  // namespace duxing::domain::ledger

namespace duxing::domain::ledger {

void DeclareLifeMeetingAttachments(attachments::RecordRights& rights) {
  rights.Declare(
      "life_meeting",
      [](storage::Tx& tx, const auth::Principal& who, int64_t id,
         attachments::RecordAccess access) -> Status {
        DX_ASSIGN_OR_RETURN(LifeSource source, LoadLifeSource(tx, who, id, kLifeMeetingType));
        if (access == attachments::RecordAccess::kRead || source.may_write) return Ok();
        if (who.person_id && CheckInvitee(tx, id, *who.person_id, "person_id").ok()) return Ok();
        return MakeError(Code::kPermissionDenied, "无权上传该组织生活会的材料");
      },
      [](storage::Tx& tx, int64_t id) -> Result<std::optional<std::string>> {
        auto e = events::LoadEvent(tx, id);
        if (!e.ok()) {
          if (e.error().code == Code::kNotFound) return std::optional<std::string>();
          return e.error();
        }
        return std::optional<std::string>(e->org_path);
      });
}

}  // namespace duxing::domain::ledger

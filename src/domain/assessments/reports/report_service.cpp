// ReportService (report.hpp): calls, submissions, files, reviewers, reviews,
// ranking and awards, each write in one transaction with its audit entry.
#include <map>
#include <set>

#include "domain/assessments/reports/report.hpp"
#include "domain/attachments/document_scrub.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/notifications/notification.hpp"
#include "domain/orgs/org.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"

namespace duxing::domain::assessments::reports {
namespace {

constexpr std::string_view kCallColumns =
    "c.id, c.org_id, o.name, c.campaign_id, c.title, c.description, "
    "c.deadline_at, c.stage, "
    "c.award_first, c.award_second, c.award_third, c.award_excellence, "
    "c.version, c.org_path, "
    "(SELECT COUNT(*) FROM report_submissions s WHERE s.call_id = c.id)";
constexpr std::string_view kCallFrom =
    "FROM report_calls c JOIN orgs o ON o.id = c.org_id";
constexpr std::string_view kCriteria =
    "SELECT name, max_score, weight FROM report_criteria WHERE call_id = $1 "
    "ORDER BY position";
constexpr std::string_view kScopeOrgs =
    "SELECT org_id FROM report_call_orgs WHERE call_id = $1 ORDER BY org_id";
constexpr std::string_view kScopePaths =
    "SELECT o.path FROM report_call_orgs r JOIN orgs o ON o.id = r.org_id "
    "WHERE r.call_id = $1";
constexpr std::string_view kInsertCall =
    "INSERT INTO report_calls (org_id, org_path, campaign_id, title, "
    "description, deadline_at, "
    "stage, award_first, award_second, award_third, award_excellence, "
    "created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, 'collecting', $7, $8, $9, $10, $11, $11) "
    "RETURNING id";
constexpr std::string_view kUpdateCall =
    "UPDATE report_calls SET campaign_id = $1, title = $2, description = $3, "
    "deadline_at = $4, "
    "award_first = $5, award_second = $6, award_third = $7, award_excellence = "
    "$8, stage = $9, "
    "version = version + 1, updated_at = $10 WHERE id = $11 AND version = $12";
constexpr std::string_view kPersonOrg =
    "SELECT p.org_id, p.org_path FROM people p WHERE p.id = $1 AND p.archived "
    "= 0";
constexpr std::string_view kIsReviewer =
    "SELECT 1 FROM report_assignments WHERE call_id = $1 AND account_id = $2 "
    "LIMIT 1";
// Takes the call row's lock (PostgreSQL; SQLite's writer is single): the
// checks between reviewers and submitters of one call (Assign,
// CreateSubmission) run one at a time.
constexpr std::string_view kLockCall =
    "UPDATE report_calls SET version = version WHERE id = $1";
constexpr std::string_view kSubmittedBy =
    "SELECT 1 FROM report_submissions WHERE call_id = $1 AND "
    "submitter_account_id = $2 LIMIT 1";
constexpr std::string_view kIsAssigned =
    "SELECT 1 FROM report_assignments WHERE submission_id = $1 AND account_id "
    "= $2";
constexpr std::string_view kSubmissionColumns =
    "s.id, s.call_id, s.submitter_account_id, a.display_name, s.org_id, "
    "o.name, s.title, "
    "s.abstract, s.file_name, s.file_size, s.media_type, s.award, s.version, "
    "s.created_at, "
    "s.updated_at, s.attachment_id";
constexpr std::string_view kSubmissionFrom =
    "FROM report_submissions s JOIN accounts a ON a.id = "
    "s.submitter_account_id "
    "JOIN orgs o ON o.id = s.org_id";
constexpr std::string_view kAuthors =
    "SELECT person_id, name FROM report_authors WHERE submission_id = $1 ORDER "
    "BY position";
constexpr std::string_view kInsertSubmission =
    "INSERT INTO report_submissions (call_id, submitter_account_id, org_id, "
    "org_path, title, "
    "abstract, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) "
    "RETURNING id";
constexpr std::string_view kUpdateSubmission =
    "UPDATE report_submissions SET title = $1, abstract = $2, award = $3, "
    "version = version + 1, "
    "updated_at = $4 WHERE id = $5 AND version = $6";
constexpr std::string_view kSetFile =
    "UPDATE report_submissions SET attachment_id = $1, file_name = $2, "
    "file_size = $3, "
    "media_type = $4, version = version + 1, updated_at = $5 WHERE id = $6";
constexpr std::string_view kAttachmentRow =
    "SELECT id, blob_hash, file_name, media_type, size, record_type, "
    "record_id, uploaded_by, "
    "created_at, attached_at FROM attachments WHERE id = $1";
constexpr std::string_view kReviewsOfCall =
    "SELECT r.submission_id, r.account_id, r.total FROM report_reviews r "
    "JOIN report_submissions s ON s.id = r.submission_id WHERE s.call_id = $1";
constexpr std::string_view kAssignmentsOfCall =
    "SELECT g.submission_id, g.account_id, a.display_name, "
    "(SELECT 1 FROM report_reviews r WHERE r.submission_id = g.submission_id "
    "AND "
    "r.account_id = g.account_id) FROM report_assignments g JOIN accounts a ON "
    "a.id = "
    "g.account_id WHERE g.call_id = $1 ORDER BY g.account_id, g.submission_id";
constexpr std::string_view kReview =
    "SELECT submission_id, account_id, scores, comment, total, updated_at FROM "
    "report_reviews "
    "WHERE submission_id = $1 AND account_id = $2";
constexpr std::string_view kUpsertReview =
    "INSERT INTO report_reviews (submission_id, account_id, scores, comment, "
    "total, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (submission_id, account_id) "
    "DO UPDATE SET "
    "scores = excluded.scores, comment = excluded.comment, total = "
    "excluded.total, "
    "version = report_reviews.version + 1, updated_at = excluded.updated_at";

constexpr std::string_view kSubmittersOfCall =
    "SELECT DISTINCT submitter_account_id FROM report_submissions WHERE "
    "call_id = $1 ORDER BY submitter_account_id";
constexpr std::string_view kReviewersOfCall =
    "SELECT DISTINCT account_id FROM report_assignments WHERE call_id = $1 "
    "ORDER BY account_id";
constexpr std::string_view kReviewsByReviewer =
    "SELECT COUNT(*) FROM report_reviews r JOIN report_submissions s ON s.id = "
    "r.submission_id WHERE s.call_id = $1 AND r.account_id = $2";
constexpr std::string_view kRemoveReviewer =
    "DELETE FROM report_assignments WHERE call_id = $1 AND account_id = $2";

const std::string kDocx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message),
                   std::move(field));
}
Error NotFound(const char *what = "征集不存在") {
  return MakeError(Code::kNotFound, what);
}
Error Precondition(std::string message, std::string field = "") {
  return MakeError(Code::kFailedPrecondition, std::move(message),
                   std::move(field));
}

std::string Join(const std::vector<int64_t> &v, char sep = ',') {
  std::string out;
  for (int64_t x : v)
    out += (out.empty() ? "" : std::string(1, sep)) + std::to_string(x);
  return out;
}
std::vector<int64_t> SplitInts(const std::string &s) {
  std::vector<int64_t> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos)
      end = s.size();
    out.push_back(std::stoll(s.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

struct LoadedCall {
  Call call;
  std::string org_path;
};

LoadedCall CallFromRow(const storage::Row &r) {
  Call c;
  c.id = r.Int(0);
  c.org_id = r.Int(1);
  c.org_name = r.Text(2);
  c.campaign_id = r.OptInt(3);
  c.title = r.Text(4);
  c.description = r.Text(5);
  c.deadline_at = ParseTime(r.Text(6)).value_or(TimePoint{});
  c.stage = kStages.Parse(r.Text(7)).value_or(Stage::kCollecting);
  c.awards = {r.Int(8), r.Int(9), r.Int(10), r.Int(11)};
  c.version = r.Int(12);
  c.submission_count = r.Int(14);
  return {std::move(c), r.Text(13)};
}

Status LoadCallParts(storage::Tx &tx, Call &c) {
  DX_ASSIGN_OR_RETURN(storage::Rows crit, tx.Query(kCriteria, {c.id}));
  for (const auto &r : crit)
    c.rubric.push_back({r.Text(0), r.Int(1), r.Int(2)});
  DX_ASSIGN_OR_RETURN(storage::Rows orgs, tx.Query(kScopeOrgs, {c.id}));
  for (const auto &r : orgs)
    c.scope_org_ids.push_back(r.Int(0));
  return Ok();
}

Result<LoadedCall> LoadCall(storage::Tx &tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query("SELECT " + std::string(kCallColumns) + " " +
                                   std::string(kCallFrom) + " WHERE c.id = $1",
                               {id}));
  if (rows.empty())
    return NotFound();
  LoadedCall l = CallFromRow(rows.front());
  DX_RETURN_IF_ERROR(LoadCallParts(tx, l.call));
  return l;
}

// The caller's relation to a call.
struct Relation {
  bool organizer = false;
  bool staff = false;    // reads the call's org
  bool in_scope = false; // their person may submit
  bool reviewer = false;
  bool Sees() const { return organizer || staff || in_scope || reviewer; }
};

Result<bool> PersonInScope(storage::Tx &tx, const LoadedCall &l,
                           int64_t person_id) {
  DX_ASSIGN_OR_RETURN(storage::Rows person, tx.Query(kPersonOrg, {person_id}));
  if (person.empty())
    return false;
  const std::string path = person.front().Text(1);
  DX_ASSIGN_OR_RETURN(storage::Rows scope, tx.Query(kScopePaths, {l.call.id}));
  if (scope.empty())
    return path.rfind(l.org_path, 0) == 0;
  for (const auto &r : scope) {
    if (path.rfind(r.Text(0), 0) == 0)
      return true;
  }
  return false;
}

Result<Relation> RelationTo(storage::Tx &tx, const auth::Principal &p,
                            const LoadedCall &l) {
  Relation r;
  r.organizer = p.CanWrite(l.org_path);
  r.staff = p.CanRead(l.org_path);
  if (p.person_id) {
    DX_ASSIGN_OR_RETURN(r.in_scope, PersonInScope(tx, l, *p.person_id));
  }
  DX_ASSIGN_OR_RETURN(storage::Rows rev,
                      tx.Query(kIsReviewer, {l.call.id, p.account_id}));
  r.reviewer = !rev.empty();
  return r;
}

// The call `id` with the caller's relation; kNotFound when they do not see it.
Result<std::pair<LoadedCall, Relation>>
SeenCall(storage::Tx &tx, const Context &ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(LoadedCall l, LoadCall(tx, id));
  DX_ASSIGN_OR_RETURN(Relation r, RelationTo(tx, *ctx.principal, l));
  if (!r.Sees())
    return NotFound();
  return std::make_pair(std::move(l), r);
}

audit::Snapshot CallSnap(const Call &c) {
  std::string rubric;
  for (const auto &k : c.rubric) {
    rubric += (rubric.empty() ? "" : "；") + k.name + " 满分" +
              std::to_string(k.max_score / 100) + " 权重" +
              std::to_string(k.weight) + "%";
  }
  return {{"title", c.title},
          {"description", c.description},
          {"deadline_at", FormatTime(c.deadline_at)},
          {"stage", kStages.Name(c.stage)},
          {"scope_org_ids", Join(c.scope_org_ids)},
          {"rubric", rubric},
          {"awards", std::to_string(c.awards.first) + "/" +
                         std::to_string(c.awards.second) + "/" +
                         std::to_string(c.awards.third) + "/" +
                         std::to_string(c.awards.excellence)}};
}

VersionedRecord<LoadedCall> CallRecord() {
  return {"report_call",
          [](storage::Tx &tx, int64_t id) { return LoadCall(tx, id); },
          [](const LoadedCall &l) { return l.call.version; },
          [](const LoadedCall &l) { return CallSnap(l.call); },
          [](const LoadedCall &l) -> std::optional<std::string> {
            return l.org_path;
          }};
}

// Tells the call's submitters and reviewers, inside the stage change's
// transaction, that the call entered stage `to` (reviewing or published).
Status NotifyStage(storage::Tx &tx, TimePoint now, const Call &c, Stage to) {
  const std::string name = "《" + c.title + "》";
  const bool published = to == Stage::kPublished;
  const notifications::Link link{"report_call", c.id,
                                 "/report-calls/" + std::to_string(c.id)};
  struct Audience {
    std::string_view sql;
    std::string title;
    std::string text;
  };
  const Audience audiences[] = {
      {kSubmittersOfCall, published ? "调研报告竞赛结果已公布" : "调研报告竞赛进入评审",
       published ? name + "的评审结果已公布，请查看排名和奖项。"
                 : name + "已截止征集，进入评审阶段，作品不能再修改。"},
      {kReviewersOfCall, published ? "调研报告竞赛结果已公布" : "请对调研报告进行盲审评分",
       published ? name + "的评审结果已公布，感谢参与评审。"
                 : name + "已进入评审阶段，请对分配给您的作品逐项评分。"}};
  for (const Audience &a : audiences) {
    DX_ASSIGN_OR_RETURN(storage::Rows accounts, tx.Query(a.sql, {c.id}));
    for (const auto &r : accounts) {
      DX_RETURN_IF_ERROR(notifications::Notify(
          tx, now, {r.Int(0), "report_stage", a.title, a.text, link}));
    }
  }
  return Ok();
}

Status CheckCallReferences(storage::Tx &tx, const Context &ctx, const Call &c) {
  for (size_t i = 0; i < c.scope_org_ids.size(); ++i) {
    auto org = orgs::OrgService::Load(tx, c.scope_org_ids[i]);
    if (!org.ok() || !ctx.principal->CanRead(org->path)) {
      return Invalid("组织不存在", "scope_org_ids[" + std::to_string(i) + "]");
    }
  }
  if (c.campaign_id) {
    DX_ASSIGN_OR_RETURN(
        storage::Rows rows,
        tx.Query("SELECT 1 FROM campaigns WHERE id = $1", {*c.campaign_id}));
    if (rows.empty())
      return Invalid("学习教育活动不存在", "campaign_id");
  }
  return Ok();
}

Status WriteCallParts(storage::Tx &tx, const Call &c) {
  DX_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM report_criteria WHERE call_id = $1", {c.id}));
  DX_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM report_call_orgs WHERE call_id = $1", {c.id}));
  for (size_t i = 0; i < c.rubric.size(); ++i) {
    DX_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO report_criteria (call_id, position, name, "
                "max_score, weight) VALUES ($1, $2, "
                "$3, $4, $5)",
                {c.id, static_cast<int64_t>(i), c.rubric[i].name,
                 c.rubric[i].max_score, c.rubric[i].weight}));
  }
  for (int64_t org :
       std::set<int64_t>(c.scope_org_ids.begin(), c.scope_org_ids.end())) {
    DX_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO report_call_orgs (call_id, org_id) VALUES ($1, $2)",
        {c.id, org}));
  }
  return Ok();
}

// --- submissions ---

struct LoadedSubmission {
  Submission s;
  std::optional<int64_t> attachment_id;
};

Result<Submission>
SubmissionFromRow(storage::Tx &tx, const storage::Row &r,
                  std::optional<int64_t> *attachment_id = nullptr) {
  Submission s;
  s.id = r.Int(0);
  s.call_id = r.Int(1);
  s.submitter_account_id = r.Int(2);
  s.submitter_name = r.Text(3);
  s.org_id = r.Int(4);
  s.org_name = r.Text(5);
  s.title = r.Text(6);
  s.abstract = r.Text(7);
  s.file_name = r.OptText(8);
  s.file_size = r.OptInt(9);
  s.media_type = r.OptText(10);
  if (auto award = r.OptText(11))
    s.award = kAwards.Parse(*award);
  s.version = r.Int(12);
  s.created_at = r.Text(13);
  s.updated_at = r.Text(14);
  if (attachment_id)
    *attachment_id = r.OptInt(15);
  DX_ASSIGN_OR_RETURN(storage::Rows authors, tx.Query(kAuthors, {s.id}));
  for (const auto &a : authors)
    s.authors.push_back({a.OptInt(0), a.Text(1)});
  return s;
}

Result<LoadedSubmission> LoadSubmission(storage::Tx &tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query("SELECT " + std::string(kSubmissionColumns) +
                                   " " + std::string(kSubmissionFrom) +
                                   " WHERE s.id = $1",
                               {id}));
  if (rows.empty())
    return NotFound("作品不存在");
  LoadedSubmission l;
  DX_ASSIGN_OR_RETURN(l.s,
                      SubmissionFromRow(tx, rows.front(), &l.attachment_id));
  return l;
}

audit::Snapshot SubmissionSnap(const Submission &s) {
  std::string authors;
  for (const auto &a : s.authors)
    authors += (authors.empty() ? "" : "、") + a.name;
  return {{"title", s.title},
          {"abstract", s.abstract},
          {"authors", authors},
          {"org_id", std::to_string(s.org_id)},
          {"file_name", s.file_name},
          {"award", s.award ? std::optional<std::string>(kAwards.Name(*s.award))
                            : std::nullopt}};
}

// Submission audit entries are filed under no org (see report.hpp).
VersionedRecord<LoadedSubmission> SubmissionRecord() {
  return {kSubmissionType,
          [](storage::Tx &tx, int64_t id) { return LoadSubmission(tx, id); },
          [](const LoadedSubmission &l) { return l.s.version; },
          [](const LoadedSubmission &l) { return SubmissionSnap(l.s); }};
}

// Who may read submission `s` of call `l` in full: Ok, 403 (a reviewer before
// publication, or one who sees the call but not this submission), 404.
Status MayReadFull(const auth::Principal &p, const LoadedCall &l,
                   const Relation &r, const Submission &s) {
  if (!r.Sees())
    return NotFound("作品不存在");
  if (l.call.stage == Stage::kPublished)
    return Ok();
  if (r.reviewer) {
    return MakeError(Code::kPermissionDenied,
                     "评审结果公布前，评委不能查看作者和单位信息");
  }
  if (r.organizer || r.staff || s.submitter_account_id == p.account_id)
    return Ok();
  return NotFound("作品不存在");
}

// The submitter may change their submission now: the call collects and its
// deadline has not passed.
Status MayEdit(const Context &ctx, const LoadedCall &l, const Relation &r,
               const Submission &s) {
  if (s.submitter_account_id != ctx.principal->account_id) {
    if (!r.Sees() || r.reviewer)
      return NotFound("作品不存在");
    return MakeError(Code::kPermissionDenied, "只有提交人可以修改作品");
  }
  if (l.call.stage != Stage::kCollecting)
    return Precondition("征集已结束，作品不能再修改", "stage");
  if (ctx.now >= l.call.deadline_at)
    return Precondition("已过征集截止时间，作品不能再修改", "deadline_at");
  return Ok();
}

Status WriteAuthors(storage::Tx &tx, int64_t id,
                    const std::vector<Author> &authors) {
  DX_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM report_authors WHERE submission_id = $1", {id}));
  for (size_t i = 0; i < authors.size(); ++i) {
    DX_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO report_authors (submission_id, position, "
                "person_id, name) VALUES ($1, $2, "
                "$3, $4)",
                {id, static_cast<int64_t>(i),
                 storage::Opt(authors[i].person_id), authors[i].name}));
  }
  return Ok();
}

// Fills the names of authors who are people (readable by the caller, or the
// caller's own person); 400 on "authors[i].person_id" otherwise.
Status ResolveAuthors(storage::Tx &tx, const Context &ctx,
                      std::vector<Author> &authors) {
  for (size_t i = 0; i < authors.size(); ++i) {
    if (!authors[i].person_id)
      continue;
    DX_ASSIGN_OR_RETURN(
        storage::Rows rows,
        tx.Query(
            "SELECT name, org_path FROM people WHERE id = $1 AND archived = 0",
            {*authors[i].person_id}));
    bool own = ctx.principal->person_id == authors[i].person_id;
    if (rows.empty() ||
        (!own && !ctx.principal->CanRead(rows.front().Text(1)))) {
      return Invalid("人员不存在",
                     "authors[" + std::to_string(i) + "].person_id");
    }
    authors[i].name = rows.front().Text(0);
  }
  return Ok();
}

// The submission and its call with the caller's relation (404 when the call
// is not seen).
struct SubmissionInCall {
  LoadedSubmission sub;
  LoadedCall call;
  Relation rel;
};
Result<SubmissionInCall> LoadInCall(storage::Tx &tx, const Context &ctx,
                                    int64_t id) {
  DX_ASSIGN_OR_RETURN(LoadedSubmission s, LoadSubmission(tx, id));
  DX_ASSIGN_OR_RETURN(LoadedCall l, LoadCall(tx, s.s.call_id));
  DX_ASSIGN_OR_RETURN(Relation r, RelationTo(tx, *ctx.principal, l));
  if (!r.Sees())
    return NotFound("作品不存在");
  return SubmissionInCall{std::move(s), std::move(l), r};
}

const ListSpec &CallList() {
  static const ListSpec spec{std::string(kCallColumns),
                             std::string(kCallFrom),
                             "FROM report_calls c",
                             {{"id", "c.id", "c.id", "c.id", true}},
                             "c.id"};
  return spec;
}
const ListSpec &SubmissionList() {
  static const ListSpec spec{std::string(kSubmissionColumns),
                             std::string(kSubmissionFrom),
                             "FROM report_submissions s",
                             {{"id", "s.id", "s.id", "s.id", true}},
                             "s.id"};
  return spec;
}

} // namespace

// --- calls ---

Result<Page<Call>> ReportService::ListCalls(const Context &ctx,
                                            const PageRequest &page) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  const auth::Principal &p = *ctx.principal;
  storage::Condition seen =
      storage::InSubtrees("c.org_path", p.ReadablePaths());
  seen.sql = "(" + seen.sql +
             " OR EXISTS (SELECT 1 FROM report_assignments g WHERE g.call_id = "
             "c.id AND "
             "g.account_id = ?)";
  seen.values.push_back(p.account_id);
  if (p.person_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows person,
                        tx->Query(kPersonOrg, {*p.person_id}));
    if (!person.empty()) {
      std::string path = person.front().Text(1);
      seen.sql += " OR (EXISTS (SELECT 1 FROM report_call_orgs r JOIN orgs so "
                  "ON so.id = r.org_id WHERE "
                  "r.call_id = c.id AND ? LIKE so.path || '%') OR (NOT EXISTS "
                  "(SELECT 1 FROM "
                  "report_call_orgs r WHERE r.call_id = c.id) AND ? LIKE "
                  "c.org_path || '%'))";
      seen.values.push_back(path);
      seen.values.push_back(path);
    }
  }
  seen.sql += ")";
  storage::Where w;
  w.And(std::move(seen));
  DX_ASSIGN_OR_RETURN(ListRows rows,
                      call_totals_.Page(*tx, CallList(), w, "-id", page));
  Page<Call> out;
  out.total = rows.total;
  out.next_cursor = rows.next_cursor;
  for (const auto &r : rows.rows) {
    out.items.push_back(CallFromRow(r).call);
    DX_RETURN_IF_ERROR(LoadCallParts(*tx, out.items.back()));
  }
  return out;
}

Result<std::pair<Call, CallRights>> ReportService::GetCall(const Context &ctx,
                                                           int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(auto seen, SeenCall(*tx, ctx, id));
  const Relation &r = seen.second;
  return std::make_pair(std::move(seen.first.call),
                        CallRights{r.organizer, r.in_scope, r.reviewer});
}

Result<Call> ReportService::CreateCall(const Context &ctx, const Call &in) {
  DX_RETURN_IF_ERROR(Validate(in));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  auto org = orgs::OrgService::Load(*tx, in.org_id);
  if (!org.ok() || !ctx.principal->CanRead(org->path)) {
    return MakeError(Code::kNotFound, "组织不存在", "org_id");
  }
  if (!ctx.principal->CanWrite(org->path)) {
    return MakeError(Code::kPermissionDenied, "无权为该组织发起征集", "org_id");
  }
  DX_RETURN_IF_ERROR(CheckCallReferences(*tx, ctx, in));
  DX_ASSIGN_OR_RETURN(
      storage::Row row,
      tx->QueryOne(kInsertCall,
                   {in.org_id, org->path, storage::Opt(in.campaign_id),
                    in.title, in.description, FormatTime(in.deadline_at),
                    in.awards.first, in.awards.second, in.awards.third,
                    in.awards.excellence, FormatTime(ctx.now)}));
  Call written = in;
  written.id = row.Int(0);
  DX_RETURN_IF_ERROR(WriteCallParts(*tx, written));
  DX_ASSIGN_OR_RETURN(LoadedCall created,
                      FinishCreate(*tx, ctx, CallRecord(), written.id));
  return created.call;
}

namespace {

Result<Call> WriteCall(
    storage::Database &db, const Context &ctx, int64_t id, int64_t version,
    const std::string &action,
    const std::function<Status(storage::Tx &, const LoadedCall &, Call &)>
        &change,
    const std::function<Status(storage::Tx &, const Call &)> &also = nullptr) {
  VersionedWrite<LoadedCall> w;
  w.action = action;
  w.id = id;
  w.version = version;
  w.authorize = [&ctx](storage::Tx &tx, const LoadedCall &before) -> Status {
    DX_ASSIGN_OR_RETURN(Relation r, RelationTo(tx, *ctx.principal, before));
    if (!r.Sees())
      return NotFound();
    if (!r.organizer)
      return MakeError(Code::kPermissionDenied,
                       "只有征集的组织者可以进行此操作");
    return Ok();
  };
  w.change = [&](storage::Tx &tx, const LoadedCall &before,
                 LoadedCall &after) -> Status {
    return change(tx, before, after.call);
  };
  w.write = [&](storage::Tx &tx, const LoadedCall &,
                const LoadedCall &after) -> Result<int64_t> {
    const Call &a = after.call;
    DX_ASSIGN_OR_RETURN(
        int64_t n,
        tx.Exec(kUpdateCall,
                {storage::Opt(a.campaign_id), a.title, a.description,
                 FormatTime(a.deadline_at), a.awards.first, a.awards.second,
                 a.awards.third, a.awards.excellence,
                 std::string(kStages.Name(a.stage)), FormatTime(ctx.now), id,
                 version}));
    if (n > 0)
      DX_RETURN_IF_ERROR(WriteCallParts(tx, a));
    if (n > 0 && also)
      DX_RETURN_IF_ERROR(also(tx, a));
    return n;
  };
  DX_ASSIGN_OR_RETURN(LoadedCall updated,
                      WriteVersioned(db, ctx, CallRecord(), w));
  return updated.call;
}

} // namespace

Result<Call> ReportService::UpdateCall(const Context &ctx, int64_t id,
                                       int64_t version, const Call &c) {
  return WriteCall(
      db_, ctx, id, version, "update",
      [&](storage::Tx &tx, const LoadedCall &before, Call &after) -> Status {
        if (before.call.stage != Stage::kCollecting) {
          return Precondition("征集已进入评审，不能再修改", "stage");
        }
        DX_RETURN_IF_ERROR(Validate(c));
        DX_RETURN_IF_ERROR(CheckCallReferences(tx, ctx, c));
        Call next = c;
        next.id = before.call.id;
        next.org_id = before.call.org_id;
        next.stage = before.call.stage;
        next.version = before.call.version;
        after = next;
        return Ok();
      });
}

Result<Call> ReportService::MoveStage(const Context &ctx, int64_t id,
                                      int64_t version, Stage to) {
  return WriteCall(
      db_, ctx, id, version, "report_move_stage",
      [&](storage::Tx &tx, const LoadedCall &before, Call &after) -> Status {
        DX_RETURN_IF_ERROR(CheckStageStep(before.call.stage, to));
        if (to == Stage::kReviewing) {
          if (ctx.now < before.call.deadline_at) {
            return Precondition("征集截止时间未到，不能进入评审", "stage");
          }
          if (before.call.submission_count == 0)
            return Precondition("尚无作品，不能进入评审", "stage");
        } else {
          DX_ASSIGN_OR_RETURN(
              storage::Row missing,
              tx.QueryOne(
                  "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 "
                  "FROM report_reviews r WHERE r.submission_id = "
                  "g.submission_id AND r.account_id = g.account_id) THEN 0 "
                  "ELSE 1 END), 0) FROM report_assignments g WHERE "
                  "g.call_id = $1",
                  {id}));
          if (missing.Int(0) == 0)
            return Precondition("尚未分配评委，不能公布", "stage");
          if (missing.Int(1) > 0) {
            return Precondition("还有 " + std::to_string(missing.Int(1)) +
                                    " 份评分未完成，不能公布",
                                "stage");
          }
          const AwardsPlan &p = before.call.awards;
          if (p.first + p.second + p.third + p.excellence > 0) {
            DX_ASSIGN_OR_RETURN(
                storage::Rows awarded,
                tx.Query(
                    "SELECT 1 FROM report_submissions WHERE call_id = $1 AND "
                    "award IS NOT NULL LIMIT 1",
                    {id}));
            if (awarded.empty())
              return Precondition("尚未评定奖项，不能公布", "stage");
          }
        }
        after.stage = to;
        return Ok();
      },
      [&](storage::Tx &tx, const Call &after) {
        return NotifyStage(tx, ctx.now, after, to);
      });
}

// --- submissions ---

Result<Page<Submission>>
ReportService::ListSubmissions(const Context &ctx, int64_t call_id,
                               const PageRequest &page) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(auto seen, SeenCall(*tx, ctx, call_id));
  const auto &[l, r] = seen;
  storage::Where w;
  w.And("s.call_id = ?", {call_id});
  if (l.call.stage != Stage::kPublished) {
    if (r.reviewer) {
      return MakeError(Code::kPermissionDenied,
                       "评审结果公布前，评委不能查看作者和单位信息");
    }
    if (!r.organizer && !r.staff)
      w.And("s.submitter_account_id = ?", {ctx.principal->account_id});
  }
  DX_ASSIGN_OR_RETURN(ListRows rows, submission_totals_.Page(
                                         *tx, SubmissionList(), w, "id", page));
  Page<Submission> out;
  out.total = rows.total;
  out.next_cursor = rows.next_cursor;
  for (const auto &row : rows.rows) {
    DX_ASSIGN_OR_RETURN(Submission s, SubmissionFromRow(*tx, row));
    out.items.push_back(std::move(s));
  }
  return out;
}

Result<Submission> ReportService::CreateSubmission(const Context &ctx,
                                                   int64_t call_id,
                                                   const Submission &in) {
  DX_RETURN_IF_ERROR(Validate(in));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_RETURN_IF_ERROR(tx->Exec(kLockCall, {call_id}));
  DX_ASSIGN_OR_RETURN(auto seen, SeenCall(*tx, ctx, call_id));
  const auto &[l, r] = seen;
  if (!r.in_scope)
    return MakeError(Code::kPermissionDenied, "您不在本次征集的范围内");
  if (r.reviewer)
    return MakeError(Code::kPermissionDenied,
                     "您是本次征集的评委，不能提交作品");
  if (l.call.stage != Stage::kCollecting)
    return Precondition("征集已结束，不能再提交", "stage");
  if (ctx.now >= l.call.deadline_at)
    return Precondition("已过征集截止时间，不能再提交", "deadline_at");
  DX_ASSIGN_OR_RETURN(
      storage::Rows already,
      tx->Query(kSubmittedBy, {call_id, ctx.principal->account_id}));
  if (!already.empty()) {
    return Precondition("您已在本次征集中提交了作品：请修改已提交的作品或更换其文件",
                        "call_id");
  }
  DX_ASSIGN_OR_RETURN(storage::Rows person,
                      tx->Query(kPersonOrg, {*ctx.principal->person_id}));
  int64_t org_id = person.front().Int(0);
  std::string org_path = person.front().Text(1);
  if (in.org_id != 0 && in.org_id != org_id) {
    auto org = orgs::OrgService::Load(*tx, in.org_id);
    if (!org.ok() || !ctx.principal->CanRead(org->path)) {
      return Invalid("组织不存在或不在征集范围内", "org_id");
    }
    org_id = org->id;
    org_path = org->path;
  }
  Submission s = in;
  DX_RETURN_IF_ERROR(ResolveAuthors(*tx, ctx, s.authors));
  DX_ASSIGN_OR_RETURN(
      storage::Row row,
      tx->QueryOne(kInsertSubmission,
                   {call_id, ctx.principal->account_id, org_id, org_path,
                    s.title, s.abstract, FormatTime(ctx.now)}));
  int64_t id = row.Int(0);
  DX_RETURN_IF_ERROR(WriteAuthors(*tx, id, s.authors));
  DX_ASSIGN_OR_RETURN(LoadedSubmission created,
                      FinishCreate(*tx, ctx, SubmissionRecord(), id));
  return created.s;
}

Result<Submission> ReportService::GetSubmission(const Context &ctx,
                                                int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(SubmissionInCall in, LoadInCall(*tx, ctx, id));
  DX_RETURN_IF_ERROR(MayReadFull(*ctx.principal, in.call, in.rel, in.sub.s));
  return in.sub.s;
}

namespace {

Result<Submission> WriteSubmission(
    storage::Database &db, const Context &ctx, int64_t id, int64_t version,
    const std::string &action,
    const std::function<Status(storage::Tx &, const SubmissionInCall &)>
        &authorize,
    const std::function<Status(storage::Tx &, Submission &)> &change,
    bool authors_changed) {
  VersionedWrite<LoadedSubmission> w;
  w.action = action;
  w.id = id;
  w.version = version;
  w.authorize = [&](storage::Tx &tx, const LoadedSubmission &) -> Status {
    DX_ASSIGN_OR_RETURN(SubmissionInCall in, LoadInCall(tx, ctx, id));
    return authorize(tx, in);
  };
  w.change = [&](storage::Tx &tx, const LoadedSubmission &,
                 LoadedSubmission &after) -> Status {
    return change(tx, after.s);
  };
  w.write = [&](storage::Tx &tx, const LoadedSubmission &,
                const LoadedSubmission &after) -> Result<int64_t> {
    const Submission &a = after.s;
    std::optional<std::string> award;
    if (a.award)
      award = kAwards.Name(*a.award);
    DX_ASSIGN_OR_RETURN(
        int64_t n,
        tx.Exec(kUpdateSubmission, {a.title, a.abstract, storage::Opt(award),
                                    FormatTime(ctx.now), id, version}));
    if (n > 0 && authors_changed)
      DX_RETURN_IF_ERROR(WriteAuthors(tx, id, a.authors));
    return n;
  };
  DX_ASSIGN_OR_RETURN(LoadedSubmission updated,
                      WriteVersioned(db, ctx, SubmissionRecord(), w));
  return updated.s;
}

} // namespace

Result<Submission> ReportService::UpdateSubmission(const Context &ctx,
                                                   int64_t id, int64_t version,
                                                   const Submission &s) {
  DX_RETURN_IF_ERROR(Validate(s));
  return WriteSubmission(
      db_, ctx, id, version, "update",
      [&](storage::Tx &, const SubmissionInCall &in) {
        return MayEdit(ctx, in.call, in.rel, in.sub.s);
      },
      [&](storage::Tx &tx, Submission &after) -> Status {
        std::vector<Author> authors = s.authors;
        DX_RETURN_IF_ERROR(ResolveAuthors(tx, ctx, authors));
        after.title = s.title;
        after.abstract = s.abstract;
        after.authors = std::move(authors);
        return Ok();
      },
      true);
}

Status ReportService::CheckFileUpload(const Context &ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(SubmissionInCall in, LoadInCall(*tx, ctx, id));
  return MayEdit(ctx, in.call, in.rel, in.sub.s);
}

Result<Submission>
ReportService::SetFile(const Context &ctx, int64_t id,
                       std::unique_ptr<attachments::SpooledFile> file) {
  const std::string &type = file->media_type().type;
  if (type != "application/pdf" && type != kDocx) {
    return Precondition("只接受 .docx 或 .pdf 格式的报告文件", "file");
  }
  std::string original = file->file_name();
  DX_RETURN_IF_ERROR(CheckFileUpload(ctx, id));
  // Reviewers read it blind: only the file without its author is stored.
  DX_ASSIGN_OR_RETURN(file, attachments::ScrubbedCopy(*file));
  std::vector<std::unique_ptr<attachments::SpooledFile>> files;
  files.push_back(std::move(file));
  // Stored as an attachment of the submission (the attach right is checked
  // again inside); the name kept there is neutral, the uploaded one is the
  // submission's file_name.
  DX_ASSIGN_OR_RETURN(auto saved, files_.Save(ctx, kSubmissionType, id, files));
  const attachments::Attachment &a = saved.front();
  std::optional<int64_t> old;
  {
    DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
    DX_ASSIGN_OR_RETURN(SubmissionInCall in, LoadInCall(*tx, ctx, id));
    DX_RETURN_IF_ERROR(MayEdit(ctx, in.call, in.rel, in.sub.s));
    old = in.sub.attachment_id;
    DX_RETURN_IF_ERROR(tx->Exec(kSetFile, {a.id, original, a.size, a.media_type,
                                           FormatTime(ctx.now), id}));
    DX_RETURN_IF_ERROR(
        audit::Record(*tx, ctx,
                      {"report_upload_file", kSubmissionType, id, std::nullopt,
                       audit::Snapshot{{"file_name", in.sub.s.file_name}},
                       audit::Snapshot{{"file_name", original}}, ""}));
    DX_RETURN_IF_ERROR(tx->Commit());
  }
  if (old)
    DX_RETURN_IF_ERROR(files_.Remove(ctx, *old));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(LoadedSubmission after, LoadSubmission(*tx, id));
  return after.s;
}

Result<ReportFile> ReportService::File(const Context &ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(SubmissionInCall in, LoadInCall(*tx, ctx, id));
  std::string name;
  Status full = MayReadFull(*ctx.principal, in.call, in.rel, in.sub.s);
  if (full.ok()) {
    name = in.sub.s.file_name.value_or("");
  } else {
    DX_ASSIGN_OR_RETURN(
        storage::Rows assigned,
        tx->Query(kIsAssigned, {id, ctx.principal->account_id}));
    if (assigned.empty())
      return full.error();
    bool pdf =
        in.sub.s.media_type == std::optional<std::string>("application/pdf");
    name = "作品" + std::to_string(id) + (pdf ? ".pdf" : ".docx");
  }
  if (!in.sub.attachment_id)
    return NotFound("该作品尚未上传文件");
  DX_ASSIGN_OR_RETURN(storage::Row r,
                      tx->QueryOne(kAttachmentRow, {*in.sub.attachment_id}));
  attachments::Attachment a{r.Int(0),  r.Text(1),   r.Text(2),   r.Text(3),
                            r.Int(4),  r.Text(5),   r.OptInt(6), r.Int(7),
                            r.Text(8), r.OptText(9)};
  return ReportFile{std::move(a), std::move(name)};
}

// --- reviewers and reviews ---

namespace {

// The call `call_id` for a change of its reviewers (`what`, e.g. "分配评委"):
// 404 unless seen, 403 unless the caller organizes it, 422 once published.
Result<LoadedCall> CallToOrganize(storage::Tx &tx, const Context &ctx,
                               int64_t call_id, const std::string &what) {
  DX_ASSIGN_OR_RETURN(auto seen, SeenCall(tx, ctx, call_id));
  if (!seen.second.organizer) {
    return MakeError(Code::kPermissionDenied, "只有征集的组织者可以" + what);
  }
  if (seen.first.call.stage == Stage::kPublished)
    return Precondition("结果已公布，不能再" + what, "stage");
  return std::move(seen.first);
}

} // namespace

Result<int64_t>
ReportService::Assign(const Context &ctx, int64_t call_id,
                      const std::vector<int64_t> &account_ids,
                      const std::vector<int64_t> &submission_ids) {
  if (account_ids.empty())
    return Invalid("请选择评委", "account_ids");
  if (account_ids.size() > kMaxAssignEntries ||
      submission_ids.size() > kMaxAssignEntries) {
    return Invalid("条目过多", "account_ids");
  }
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_RETURN_IF_ERROR(tx->Exec(kLockCall, {call_id}));
  DX_ASSIGN_OR_RETURN(LoadedCall l,
                      CallToOrganize(*tx, ctx, call_id, "分配评委"));
  for (size_t i = 0; i < account_ids.size(); ++i) {
    std::string field = "account_ids[" + std::to_string(i) + "]";
    DX_ASSIGN_OR_RETURN(storage::Rows acc,
                        tx->Query("SELECT disabled FROM accounts WHERE id = $1",
                                  {account_ids[i]}));
    if (acc.empty() || acc.front().Bool(0))
      return Invalid("账号不存在或已停用", field);
    DX_ASSIGN_OR_RETURN(storage::Rows grants,
                        tx->Query("SELECT g.role, o.path FROM role_grants g "
                                  "JOIN orgs o ON o.id = g.org_id WHERE "
                                  "g.account_id = $1",
                                  {account_ids[i]}));
    for (const auto &g : grants) {
      if (g.Text(0) == "system_admin") {
        return Precondition("系统管理员可查看全部审计记录，不能担任盲审评委",
                            field);
      }
      bool writer = g.Text(0) == "org_admin" || g.Text(0) == "branch_secretary";
      if (writer && l.org_path.rfind(g.Text(1), 0) == 0) {
        return Precondition("征集的组织者不能担任评委", field);
      }
    }
    DX_ASSIGN_OR_RETURN(
        storage::Rows submitted,
        tx->Query(kSubmittedBy, {call_id, account_ids[i]}));
    if (!submitted.empty())
      return Precondition("该账号在本次征集中提交了作品，不能担任评委", field);
  }
  std::vector<int64_t> targets = submission_ids;
  if (targets.empty()) {
    DX_ASSIGN_OR_RETURN(
        storage::Rows all,
        tx->Query("SELECT id FROM report_submissions WHERE call_id = $1",
                  {call_id}));
    for (const auto &s : all)
      targets.push_back(s.Int(0));
    if (targets.empty())
      return Precondition("尚无作品可分配", "submission_ids");
  }
  for (size_t i = 0; i < targets.size(); ++i) {
    DX_ASSIGN_OR_RETURN(
        storage::Rows s,
        tx->Query(
            "SELECT 1 FROM report_submissions WHERE id = $1 AND call_id = $2",
            {targets[i], call_id}));
    if (s.empty())
      return Invalid("作品不存在", "submission_ids[" + std::to_string(i) + "]");
  }
  int64_t made = 0;
  for (int64_t account :
       std::set<int64_t>(account_ids.begin(), account_ids.end())) {
    for (int64_t sub : std::set<int64_t>(targets.begin(), targets.end())) {
      DX_ASSIGN_OR_RETURN(
          int64_t n,
          tx->Exec("INSERT INTO report_assignments (submission_id, account_id, "
                   "call_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                   {sub, account, call_id}));
      made += n;
    }
  }
  DX_RETURN_IF_ERROR(
      audit::Record(*tx, ctx,
                    {"report_assign_reviewers", "report_call", call_id,
                     l.org_path, std::nullopt,
                     audit::Snapshot{{"reviewers", Join(account_ids)},
                                     {"submissions", Join(targets)}},
                     ""}));
  DX_RETURN_IF_ERROR(tx->Commit());
  return made;
}

Result<int64_t> ReportService::RemoveReviewer(const Context &ctx,
                                              int64_t call_id,
                                              int64_t account_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(LoadedCall l,
                      CallToOrganize(*tx, ctx, call_id, "移除评委"));
  DX_ASSIGN_OR_RETURN(storage::Row scored,
                      tx->QueryOne(kReviewsByReviewer, {call_id, account_id}));
  if (scored.Int(0) > 0) {
    return Precondition("该评委已评分 " + std::to_string(scored.Int(0)) +
                            " 份作品，不能移除",
                        "account_id");
  }
  DX_ASSIGN_OR_RETURN(int64_t removed,
                      tx->Exec(kRemoveReviewer, {call_id, account_id}));
  if (removed == 0)
    return MakeError(Code::kNotFound, "该账号不是本次征集的评委", "account_id");
  DX_RETURN_IF_ERROR(audit::Record(
      *tx, ctx,
      {"report_remove_reviewer", "report_call", call_id, l.org_path,
       audit::Snapshot{{"reviewer", std::to_string(account_id)},
                       {"assignments", std::to_string(removed)}},
       std::nullopt, ""}));
  DX_RETURN_IF_ERROR(tx->Commit());
  return removed;
}

Result<std::vector<ReviewTask>> ReportService::ReviewTasks(const Context &ctx,
                                                           int64_t call_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(auto seen, SeenCall(*tx, ctx, call_id));
  if (!seen.second.reviewer) {
    return MakeError(Code::kPermissionDenied, "您不是本次征集的评委");
  }
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query("SELECT submission_id FROM report_assignments "
                                "WHERE call_id = $1 AND account_id = "
                                "$2 ORDER BY submission_id",
                                {call_id, ctx.principal->account_id}));
  std::vector<ReviewTask> out;
  for (const auto &row : rows) {
    DX_ASSIGN_OR_RETURN(LoadedSubmission s, LoadSubmission(*tx, row.Int(0)));
    ReviewTask t{Blind(s.s), std::nullopt};
    DX_ASSIGN_OR_RETURN(
        storage::Rows rev,
        tx->Query(kReview, {s.s.id, ctx.principal->account_id}));
    if (!rev.empty()) {
      const auto &v = rev.front();
      t.review = Review{v.Int(0),  v.Int(1), SplitInts(v.Text(2)),
                        v.Text(3), v.Int(4), v.Text(5)};
    }
    out.push_back(std::move(t));
  }
  return out;
}

Result<Review> ReportService::SaveReview(const Context &ctx, int64_t id,
                                         const std::vector<int64_t> &scores,
                                         const std::string &comment) {
  DX_RETURN_IF_ERROR(
      CheckMultilineText(comment, "comment", "评语", kMaxComment));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(SubmissionInCall in, LoadInCall(*tx, ctx, id));
  DX_ASSIGN_OR_RETURN(storage::Rows assigned,
                      tx->Query(kIsAssigned, {id, ctx.principal->account_id}));
  if (assigned.empty())
    return MakeError(Code::kPermissionDenied, "您不是该作品的评委");
  if (in.call.call.stage != Stage::kReviewing) {
    return Precondition("当前不在评审阶段，不能评分", "stage");
  }
  DX_RETURN_IF_ERROR(CheckScores(in.call.call.rubric, scores));
  int64_t total = WeightedTotal(in.call.call.rubric, scores);
  DX_ASSIGN_OR_RETURN(storage::Rows before,
                      tx->Query(kReview, {id, ctx.principal->account_id}));
  DX_RETURN_IF_ERROR(
      tx->Exec(kUpsertReview, {id, ctx.principal->account_id, Join(scores),
                               comment, total, FormatTime(ctx.now)}));
  std::optional<audit::Snapshot> was;
  if (!before.empty()) {
    was = audit::Snapshot{{"scores", before.front().Text(2)},
                          {"comment", before.front().Text(3)}};
  }
  DX_RETURN_IF_ERROR(audit::Record(
      *tx, ctx,
      {"report_review", kSubmissionType, id, std::nullopt, was,
       audit::Snapshot{{"scores", Join(scores)}, {"comment", comment}}, ""}));
  DX_RETURN_IF_ERROR(tx->Commit());
  return Review{id,    ctx.principal->account_id, scores, comment,
                total, FormatTime(ctx.now)};
}

// --- ranking and awards ---

namespace {

// Every submission of the call with its means and ranks, in ranking order.
Result<std::pair<std::vector<RankingRow>, std::vector<ReviewerProgress>>>
ComputeRanking(storage::Tx &tx, const LoadedCall &l) {
  DX_ASSIGN_OR_RETURN(storage::Rows subs,
                      tx.Query("SELECT " + std::string(kSubmissionColumns) +
                                   " " + std::string(kSubmissionFrom) +
                                   " WHERE s.call_id = $1 ORDER BY s.id",
                               {l.call.id}));
  std::map<int64_t, RankingRow> rows;
  for (const auto &r : subs) {
    DX_ASSIGN_OR_RETURN(Submission s, SubmissionFromRow(tx, r));
    int64_t sid = s.id;
    rows[sid].submission = std::move(s);
  }
  std::map<int64_t, std::vector<int64_t>> totals;
  DX_ASSIGN_OR_RETURN(storage::Rows reviews,
                      tx.Query(kReviewsOfCall, {l.call.id}));
  for (const auto &r : reviews)
    totals[r.Int(0)].push_back(r.Int(2));
  std::map<int64_t, ReviewerProgress> progress;
  DX_ASSIGN_OR_RETURN(storage::Rows assigned,
                      tx.Query(kAssignmentsOfCall, {l.call.id}));
  for (const auto &a : assigned) {
    auto &p = progress[a.Int(1)];
    p.account_id = a.Int(1);
    p.display_name = a.Text(2);
    ++p.assigned;
    bool done = a.OptInt(3).has_value();
    if (done)
      ++p.reviewed;
    if (rows.count(a.Int(0)))
      ++rows[a.Int(0)].assigned;
  }
  std::vector<RankInput> in;
  for (auto &[id, row] : rows) {
    row.reviews = static_cast<int64_t>(totals[id].size());
    row.mean = Aggregate(totals[id]);
    in.push_back({id, row.mean});
  }
  std::vector<Ranked> ranked = Rank(std::move(in));
  AssignAwards(ranked, l.call.awards);
  std::vector<RankingRow> out;
  for (const auto &k : ranked) {
    RankingRow row = std::move(rows[k.submission_id]);
    row.rank = k.rank;
    row.suggested = k.award;
    out.push_back(std::move(row));
  }
  std::vector<ReviewerProgress> reviewers;
  for (auto &[id, p] : progress)
    reviewers.push_back(std::move(p));
  return std::make_pair(std::move(out), std::move(reviewers));
}

} // namespace

Result<RankingView> ReportService::Ranking(const Context &ctx,
                                           int64_t call_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(auto seen, SeenCall(*tx, ctx, call_id));
  const auto &[l, r] = seen;
  bool published = l.call.stage == Stage::kPublished;
  if (!published && (r.reviewer || !r.organizer)) {
    return MakeError(Code::kPermissionDenied, "评审结果尚未公布");
  }
  DX_ASSIGN_OR_RETURN(auto computed, ComputeRanking(*tx, l));
  RankingView view{std::move(computed.first), {}};
  if (r.organizer)
    view.reviewers = std::move(computed.second);
  return view;
}

Result<Call> ReportService::AssignAwardsFromRanking(const Context &ctx,
                                                    int64_t call_id,
                                                    int64_t version) {
  return WriteCall(
      db_, ctx, call_id, version, "report_assign_awards",
      [](storage::Tx &, const LoadedCall &before, Call &) -> Status {
        if (before.call.stage != Stage::kReviewing) {
          return Precondition("只能在评审阶段评定奖项", "stage");
        }
        return Ok();
      },
      [&](storage::Tx &tx, const Call &) -> Status {
        DX_ASSIGN_OR_RETURN(LoadedCall l, LoadCall(tx, call_id));
        DX_ASSIGN_OR_RETURN(auto computed, ComputeRanking(tx, l));
        for (const auto &row : computed.first) {
          std::optional<std::string> award;
          if (row.suggested)
            award = kAwards.Name(*row.suggested);
          DX_RETURN_IF_ERROR(tx.Exec(
              "UPDATE report_submissions SET award = $1, version = version + "
              "1, updated_at = $2 "
              "WHERE id = $3",
              {storage::Opt(award), FormatTime(ctx.now), row.submission.id}));
        }
        return Ok();
      });
}

Result<Submission> ReportService::SetAward(const Context &ctx, int64_t id,
                                           int64_t version,
                                           std::optional<Award> award) {
  return WriteSubmission(
      db_, ctx, id, version, "report_set_award",
      [&](storage::Tx &, const SubmissionInCall &in) -> Status {
        if (!in.rel.organizer || in.rel.reviewer) {
          return MakeError(Code::kPermissionDenied,
                           "只有征集的组织者可以调整奖项");
        }
        if (in.call.call.stage != Stage::kReviewing) {
          return Precondition("只能在评审阶段调整奖项", "stage");
        }
        return Ok();
      },
      [&](storage::Tx &, Submission &after) -> Status {
        after.award = award;
        return Ok();
      },
      false);
}

// --- file rights ---

void DeclareSubmissionFiles(attachments::RecordRights &rights) {
  // Files are written and read through ReportService (SetFile, File); the
  // attachments API gives them to the submitter and the organizer only.
  rights.Declare(
      kSubmissionType,
      [](storage::Tx &tx, const auth::Principal &who, int64_t id,
         attachments::RecordAccess access) -> Status {
        DX_ASSIGN_OR_RETURN(
            storage::Rows rows,
            tx.Query("SELECT s.submitter_account_id, c.org_path, "
                     "c.stage FROM report_submissions s JOIN "
                     "report_calls c ON c.id = s.call_id WHERE s.id = $1",
                     {id}));
        if (rows.empty())
          return NotFound("作品不存在");
        bool own = rows.front().Int(0) == who.account_id;
        if (access == attachments::RecordAccess::kAttach) {
          if (own && rows.front().Text(2) == "collecting")
            return Ok();
          return own ? Error(Precondition("征集已结束，作品不能再修改"))
                     : NotFound("作品不存在");
        }
        if (own || who.CanWrite(rows.front().Text(1)))
          return Ok();
        return NotFound("作品不存在");
      });
}

} // namespace duxing::domain::assessments::reports

#include "domain/assessments/exam.hpp"

#include <set>

#include "domain/assessments/item_analysis.hpp"
#include "domain/assessments/paper.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/notifications/notification.hpp"
#include "domain/orgs/org.hpp"
#include "domain/people/person.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"

namespace duxing::domain::assessments {
namespace {

constexpr std::string_view kExamColumns =
    "e.id, e.org_id, e.campaign_id, e.title, e.paper_id, p.title, p.total_points, e.mode, "
    "e.opens_at, e.closes_at, e.time_limit_seconds, e.attempts_allowed, e.shuffle, "
    "e.leave_limit, e.grace_seconds, e.partial_credit, e.pass_points, e.published, "
    "e.results_published, e.archived, e.version, e.org_path";
constexpr std::string_view kExamFrom = "FROM exams e JOIN papers p ON p.id = e.paper_id";
constexpr std::string_view kInsertExam =
    "INSERT INTO exams (org_id, org_path, campaign_id, title, paper_id, mode, opens_at, "
    "closes_at, time_limit_seconds, attempts_allowed, shuffle, leave_limit, grace_seconds, "
    "partial_credit, pass_points, published, created_at, updated_at) VALUES ($1, $2, $3, $4, "
    "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id";
constexpr std::string_view kUpdateExam =
    "UPDATE exams SET campaign_id = $1, title = $2, paper_id = $3, mode = $4, opens_at = $5, "
    "closes_at = $6, time_limit_seconds = $7, attempts_allowed = $8, shuffle = $9, "
    "leave_limit = $10, grace_seconds = $11, partial_credit = $12, pass_points = $13, "
    "published = $14, results_published = $15, archived = $16, version = version + 1, "
    "updated_at = $17 WHERE id = $18 AND version = $19";
constexpr std::string_view kEligibleOrgs = "SELECT org_id FROM exam_orgs WHERE exam_id = $1";
constexpr std::string_view kEligibleCategories =
    "SELECT category FROM exam_categories WHERE exam_id = $1 ORDER BY category";
constexpr std::string_view kEligiblePeople =
    "SELECT person_id FROM exam_people WHERE exam_id = $1 ORDER BY person_id";
constexpr std::string_view kPerson = "SELECT org_path, category FROM people WHERE id = $1";
constexpr std::string_view kAnyAttempt = "SELECT 1 FROM attempts WHERE exam_id = $1 LIMIT 1";
// The enabled accounts of the people exam e may be taken by (pe: people).
const std::string kAccountsOfEligible =
    "SELECT a.id FROM accounts a JOIN people pe ON pe.id = a.person_id JOIN exams e ON e.id = $1 "
    "WHERE a.disabled = 0 AND pe.archived = 0 AND pe.status = 'active' AND " +
    std::string(ExamService::EligiblePersonSql()) + " ORDER BY a.id";

// Tells each account that may now take exam `e` (just published) about it,
// in the transaction of the write that published it.
Status NotifyPublished(storage::Tx& tx, const Context& ctx, const Exam& e) {
  DX_ASSIGN_OR_RETURN(storage::Rows accounts, tx.Query(kAccountsOfEligible, {e.id}));
  notifications::NewNotification n;
  n.kind = "exam_published";
  n.title = "新的考试";
  n.text = "“" + e.title + "”，考试时间 " + FormatChinaTime(e.opens_at).substr(0, 16) + " 至 " +
           FormatChinaTime(e.closes_at).substr(0, 16) + "，请在“我的考试”中参加。";
  n.link = {"exam", e.id, "/my-exams"};
  for (const auto& a : accounts) {
    n.account_id = a.Int(0);
    DX_RETURN_IF_ERROR(notifications::Notify(tx, ctx.now, n));
  }
  return Ok();
}
constexpr std::string_view kPendingOfExam =
    "SELECT COALESCE(SUM(pending), 0) FROM attempts WHERE exam_id = $1 AND status = 'submitted'";

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

struct LoadedExam {
  Exam exam;
  std::string org_path;
};

LoadedExam ExamFromRow(const storage::Row& r) {
  Exam e;
  e.id = r.Int(0);
  e.org_id = r.Int(1);
  e.campaign_id = r.OptInt(2);
  e.title = r.Text(3);
  e.paper_id = r.Int(4);
  e.paper_title = r.Text(5);
  e.total_points = r.Int(6);
  e.mode = kExamModes.Parse(r.Text(7)).value_or(ExamMode::kClosedBook);
  e.opens_at = ParseTime(r.Text(8)).value_or(TimePoint{});
  e.closes_at = ParseTime(r.Text(9)).value_or(TimePoint{});
  e.time_limit_seconds = r.Int(10);
  e.attempts_allowed = r.Int(11);
  e.shuffle = r.Bool(12);
  e.leave_limit = r.Int(13);
  e.grace_seconds = r.Int(14);
  e.partial_credit = kPartialCredits.Parse(r.Text(15)).value_or(PartialCredit::kNone);
  e.pass_points = r.Int(16);
  e.published = r.Bool(17);
  e.results_published = r.Bool(18);
  e.archived = r.Bool(19);
  e.version = r.Int(20);
  return {std::move(e), r.Text(21)};
}

Status LoadEligibility(storage::Tx& tx, Exam& e) {
  DX_ASSIGN_OR_RETURN(storage::Rows orgs, tx.Query(kEligibleOrgs, {e.id}));
  for (const auto& r : orgs) e.eligible_org_ids.push_back(r.Int(0));
  DX_ASSIGN_OR_RETURN(storage::Rows cats, tx.Query(kEligibleCategories, {e.id}));
  for (const auto& r : cats) e.eligible_categories.push_back(r.Text(0));
  DX_ASSIGN_OR_RETURN(storage::Rows people, tx.Query(kEligiblePeople, {e.id}));
  for (const auto& r : people) e.eligible_person_ids.push_back(r.Int(0));
  return Ok();
}

Result<LoadedExam> LoadExam(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query("SELECT " + std::string(kExamColumns) + " " +
                                                       std::string(kExamFrom) + " WHERE e.id = $1",
                                                   {id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "考试不存在");
  LoadedExam l = ExamFromRow(rows.front());
  DX_RETURN_IF_ERROR(LoadEligibility(tx, l.exam));
  return l;
}

// Whether the caller may take exam `id` now or later (published, eligible).
Result<bool> MayTake(storage::Tx& tx, const auth::Principal& p, int64_t id) {
  if (!p.person_id) return false;
  DX_ASSIGN_OR_RETURN(storage::Condition c, ExamService::Eligible(tx, *p.person_id));
  storage::Where w;
  w.And("e.id = ?", {id});
  w.And(std::move(c));
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query("SELECT 1 FROM exams e" + w.Sql(), w.params()));
  return !rows.empty();
}

// Loads exam `id` if the caller reads its org or may take it.
Result<LoadedExam> LoadVisible(storage::Tx& tx, const Context& ctx, int64_t id) {
  auto l = LoadExam(tx, id);
  if (!l.ok()) return l;
  if (ctx.principal->CanRead(l->org_path)) return l;
  DX_ASSIGN_OR_RETURN(bool may_take, MayTake(tx, *ctx.principal, id));
  if (!may_take) return MakeError(Code::kNotFound, "考试不存在");
  return l;
}

audit::Snapshot ExamSnap(const Exam& e) {
  std::string cats;
  for (const auto& c : e.eligible_categories) cats += (cats.empty() ? "" : ",") + c;
  return {{"title", e.title},
          {"paper_id", std::to_string(e.paper_id)},
          {"mode", kExamModes.Name(e.mode)},
          {"opens_at", FormatTime(e.opens_at)},
          {"closes_at", FormatTime(e.closes_at)},
          {"time_limit_seconds", std::to_string(e.time_limit_seconds)},
          {"attempts_allowed", std::to_string(e.attempts_allowed)},
          {"shuffle", e.shuffle ? "true" : "false"},
          {"leave_limit", std::to_string(e.leave_limit)},
          {"grace_seconds", std::to_string(e.grace_seconds)},
          {"partial_credit", kPartialCredits.Name(e.partial_credit)},
          {"pass_points", std::to_string(e.pass_points)},
          {"eligible_org_ids", JoinInts(e.eligible_org_ids)},
          {"eligible_categories", cats},
          {"eligible_person_ids", JoinInts(e.eligible_person_ids)},
          {"published", e.published ? "true" : "false"},
          {"results_published", e.results_published ? "true" : "false"},
          {"archived", e.archived ? "true" : "false"}};
}

VersionedRecord<LoadedExam> ExamRecord(const Context& ctx) {
  return {"exam",
          [&ctx](storage::Tx& tx, int64_t id) -> Result<LoadedExam> {
            DX_ASSIGN_OR_RETURN(LoadedExam l, LoadExam(tx, id));
            if (ctx.principal && !ctx.principal->CanRead(l.org_path)) {
              return MakeError(Code::kNotFound, "考试不存在");
            }
            return l;
          },
          [](const LoadedExam& l) { return l.exam.version; },
          [](const LoadedExam& l) { return ExamSnap(l.exam); },
          [](const LoadedExam& l) -> std::optional<std::string> { return l.org_path; }};
}

// Checks references of `e` (org `org_path`): the paper is the org's, the
// eligible orgs and people exist and are readable by the caller, a rules
// paper can be served.
Status CheckReferences(storage::Tx& tx, const Context& ctx, const Exam& e) {
  auto paper = PaperService::Load(tx, e.paper_id);
  if (!paper.ok() || paper->org_id != e.org_id || paper->archived) {
    return Invalid("试卷不存在或不属于该组织", "paper_id");
  }
  if (paper->kind == PaperKind::kRules) {
    DX_RETURN_IF_ERROR(PaperService::CheckRules(tx, paper->org_id, paper->rules));
  }
  for (size_t i = 0; i < e.eligible_org_ids.size(); ++i) {
    auto org = orgs::OrgService::Load(tx, e.eligible_org_ids[i]);
    if (!org.ok() || !ctx.principal->CanRead(org->path)) {
      return Invalid("组织不存在", "eligible_org_ids[" + std::to_string(i) + "]");
    }
  }
  for (size_t i = 0; i < e.eligible_person_ids.size(); ++i) {
    DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kPerson, {e.eligible_person_ids[i]}));
    if (rows.empty() || !ctx.principal->CanRead(rows.front().Text(0))) {
      return Invalid("人员不存在", "eligible_person_ids[" + std::to_string(i) + "]");
    }
  }
  if (e.campaign_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows rows,
                        tx.Query("SELECT 1 FROM campaigns WHERE id = $1", {*e.campaign_id}));
    if (rows.empty()) return Invalid("学习教育活动不存在", "campaign_id");
  }
  return Ok();
}

Status WriteEligibility(storage::Tx& tx, const Exam& e) {
  DX_RETURN_IF_ERROR(tx.Exec("DELETE FROM exam_orgs WHERE exam_id = $1", {e.id}));
  DX_RETURN_IF_ERROR(tx.Exec("DELETE FROM exam_categories WHERE exam_id = $1", {e.id}));
  DX_RETURN_IF_ERROR(tx.Exec("DELETE FROM exam_people WHERE exam_id = $1", {e.id}));
  for (int64_t id : std::set<int64_t>(e.eligible_org_ids.begin(), e.eligible_org_ids.end())) {
    DX_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO exam_orgs (exam_id, org_id) VALUES ($1, $2)", {e.id, id}));
  }
  for (const auto& c :
       std::set<std::string>(e.eligible_categories.begin(), e.eligible_categories.end())) {
    DX_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO exam_categories (exam_id, category) VALUES ($1, $2)", {e.id, c}));
  }
  for (int64_t id : std::set<int64_t>(e.eligible_person_ids.begin(), e.eligible_person_ids.end())) {
    DX_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO exam_people (exam_id, person_id) VALUES ($1, $2)", {e.id, id}));
  }
  return Ok();
}

storage::Params ExamValues(const Exam& e) {
  std::optional<int64_t> campaign = e.campaign_id;
  return {storage::Opt(campaign),
          e.title,
          e.paper_id,
          std::string(kExamModes.Name(e.mode)),
          FormatTime(e.opens_at),
          FormatTime(e.closes_at),
          e.time_limit_seconds,
          e.attempts_allowed,
          int64_t{e.shuffle},
          e.leave_limit,
          e.grace_seconds,
          std::string(kPartialCredits.Name(e.partial_credit)),
          e.pass_points,
          int64_t{e.published}};
}

const ListSpec& ExamList() {
  static const ListSpec spec{std::string(kExamColumns),
                             std::string(kExamFrom),
                             "FROM exams e",
                             {{"id", "e.id", "e.id", "e.id", true}},
                             "e.id"};
  return spec;
}

}  // namespace

Status Validate(const Exam& e) {
  if (e.title.empty()) return Invalid("考试名称不能为空", "title");
  DX_RETURN_IF_ERROR(CheckLineText(e.title, "title", "考试名称", kMaxExamTitle));
  if (e.closes_at <= e.opens_at) return Invalid("结束时间须晚于开始时间", "closes_at");
  if (e.time_limit_seconds < 0 || e.time_limit_seconds > kMaxTimeLimitSeconds) {
    return Invalid("答题时长须在 0 至 24 小时之间", "time_limit_seconds");
  }
  if (e.grace_seconds < 0 || e.grace_seconds > kMaxGraceSeconds) {
    return Invalid("宽限时间须在 0 至 600 秒之间", "grace_seconds");
  }
  if (e.leave_limit < 0 || e.leave_limit > kMaxLeaveLimit) {
    return Invalid("离开页面次数上限须在 0 至 100 之间", "leave_limit");
  }
  if (e.attempts_allowed < 0 || e.attempts_allowed > kMaxAttemptsAllowed) {
    return Invalid("作答次数须在 0 至 100 之间", "attempts_allowed");
  }
  if (e.mode == ExamMode::kClosedBook && e.attempts_allowed != 1) {
    return Invalid("闭卷考试只能作答一次", "attempts_allowed");
  }
  if (e.pass_points < 0) return Invalid("及格分不能为负", "pass_points");
  if (e.eligible_org_ids.size() > kMaxEligibleEntries ||
      e.eligible_categories.size() > kMaxEligibleEntries ||
      e.eligible_person_ids.size() > kMaxEligibleEntries) {
    return Invalid("参考范围条目过多", "eligible_person_ids");
  }
  for (size_t i = 0; i < e.eligible_categories.size(); ++i) {
    if (!CodeOf(people::kCategories, e.eligible_categories[i]) ||
        *CodeOf(people::kCategories, e.eligible_categories[i]) != e.eligible_categories[i]) {
      return Invalid("人员类别无效", "eligible_categories[" + std::to_string(i) + "]");
    }
  }
  return Ok();
}

std::string_view ExamService::EligiblePersonSql() {
  return "(EXISTS (SELECT 1 FROM exam_people ep WHERE ep.exam_id = e.id AND ep.person_id = pe.id) "
         "OR ((EXISTS (SELECT 1 FROM exam_orgs eo JOIN orgs eg ON eg.id = eo.org_id "
         "WHERE eo.exam_id = e.id AND pe.org_path LIKE eg.path || '%') OR "
         "(NOT EXISTS (SELECT 1 FROM exam_orgs eo WHERE eo.exam_id = e.id) AND "
         "pe.org_path LIKE e.org_path || '%')) AND "
         "(NOT EXISTS (SELECT 1 FROM exam_categories ec WHERE ec.exam_id = e.id) OR "
         "EXISTS (SELECT 1 FROM exam_categories ec WHERE ec.exam_id = e.id AND "
         "ec.category = pe.category))))";
}

Result<storage::Condition> ExamService::Eligible(storage::Tx&, int64_t person_id) {
  return storage::Condition{"(e.published = 1 AND e.archived = 0 AND EXISTS (SELECT 1 FROM "
                            "people pe WHERE pe.id = ? AND " +
                                std::string(EligiblePersonSql()) + "))",
                            {person_id}};
}

Result<Exam> ExamService::Load(storage::Tx& tx, int64_t id, std::string* org_path) {
  DX_ASSIGN_OR_RETURN(LoadedExam l, LoadExam(tx, id));
  if (org_path) *org_path = l.org_path;
  return l.exam;
}

Result<Page<Exam>> ExamService::List(const Context& ctx, const PageRequest& page) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  storage::Condition scope = storage::InSubtrees("e.org_path", ctx.principal->ReadablePaths());
  if (ctx.principal->person_id) {
    DX_ASSIGN_OR_RETURN(storage::Condition take, Eligible(*tx, *ctx.principal->person_id));
    scope.sql = "(" + scope.sql + " OR " + take.sql + ")";
    for (auto& v : take.values) scope.values.push_back(std::move(v));
  }
  storage::Where w;
  w.And(std::move(scope));
  w.And("e.archived = 0");
  DX_ASSIGN_OR_RETURN(ListRows rows, exam_totals_.Page(*tx, ExamList(), w, "-id", page));
  Page<Exam> out;
  out.total = rows.total;
  out.next_cursor = rows.next_cursor;
  for (const auto& r : rows.rows) {
    out.items.push_back(ExamFromRow(r).exam);
    DX_RETURN_IF_ERROR(LoadEligibility(*tx, out.items.back()));
  }
  return out;
}

Result<Exam> ExamService::Get(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(LoadedExam l, LoadVisible(*tx, ctx, id));
  return l.exam;
}

Result<Exam> ExamService::Create(const Context& ctx, const Exam& in) {
  DX_RETURN_IF_ERROR(Validate(in));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  auto org = orgs::OrgService::Load(*tx, in.org_id);
  if (!org.ok() || !ctx.principal->CanRead(org->path)) {
    return MakeError(Code::kNotFound, "组织不存在", "org_id");
  }
  if (!ctx.principal->CanWrite(org->path)) {
    return MakeError(Code::kPermissionDenied, "无权为该组织安排考试", "org_id");
  }
  DX_RETURN_IF_ERROR(CheckReferences(*tx, ctx, in));
  storage::Params values = {in.org_id, org->path};
  for (auto& v : ExamValues(in)) values.push_back(std::move(v));
  values.push_back(FormatTime(ctx.now));
  DX_ASSIGN_OR_RETURN(storage::Row row, tx->QueryOne(kInsertExam, values));
  Exam written = in;
  written.id = row.Int(0);
  DX_RETURN_IF_ERROR(WriteEligibility(*tx, written));
  if (written.published) DX_RETURN_IF_ERROR(NotifyPublished(*tx, ctx, written));
  DX_ASSIGN_OR_RETURN(LoadedExam created, FinishCreate(*tx, ctx, ExamRecord(ctx), written.id));
  return created.exam;
}

namespace {

Result<Exam> WriteExam(storage::Database& db, const Context& ctx, int64_t id, int64_t version,
                       const std::string& action,
                       const std::function<Status(storage::Tx&, const Exam&, Exam&)>& change) {
  VersionedWrite<LoadedExam> w;
  w.action = action;
  w.id = id;
  w.version = version;
  w.authorize = [&ctx](storage::Tx&, const LoadedExam& before) -> Status {
    if (!ctx.principal->CanWrite(before.org_path)) {
      return MakeError(Code::kPermissionDenied, "无权修改该考试");
    }
    return Ok();
  };
  w.change = [&](storage::Tx& tx, const LoadedExam& before, LoadedExam& after) -> Status {
    if (before.exam.archived) return MakeError(Code::kFailedPrecondition, "考试已归档");
    return change(tx, before.exam, after.exam);
  };
  w.write = [&](storage::Tx& tx, const LoadedExam& before,
                const LoadedExam& after) -> Result<int64_t> {
    const Exam& a = after.exam;
    storage::Params values = ExamValues(a);
    values.push_back(int64_t{a.results_published});
    values.push_back(int64_t{a.archived});
    values.push_back(FormatTime(ctx.now));
    values.push_back(id);
    values.push_back(version);
    DX_ASSIGN_OR_RETURN(int64_t n, tx.Exec(kUpdateExam, values));
    if (n > 0) DX_RETURN_IF_ERROR(WriteEligibility(tx, a));
    if (n > 0 && a.published && !before.exam.published && !a.archived) {
      DX_RETURN_IF_ERROR(NotifyPublished(tx, ctx, a));
    }
    return n;
  };
  DX_ASSIGN_OR_RETURN(LoadedExam updated, WriteVersioned(db, ctx, ExamRecord(ctx), w));
  return updated.exam;
}

}  // namespace

Result<Exam> ExamService::Update(const Context& ctx, int64_t id, int64_t version, const Exam& e) {
  return WriteExam(
      db_, ctx, id, version, "update",
      [&](storage::Tx& tx, const Exam& before, Exam& after) -> Status {
        DX_RETURN_IF_ERROR(Validate(e));
        DX_ASSIGN_OR_RETURN(storage::Rows taken, tx.Query(kAnyAttempt, {id}));
        if (!taken.empty()) {
          if (e.paper_id != before.paper_id) {
            return MakeError(Code::kFailedPrecondition, "已有人作答，不能更换试卷", "paper_id");
          }
          if (e.mode != before.mode) {
            return MakeError(Code::kFailedPrecondition, "已有人作答，不能更改考试方式", "mode");
          }
          if (e.partial_credit != before.partial_credit) {
            return MakeError(Code::kFailedPrecondition, "已有人作答，不能更改计分方式",
                             "partial_credit");
          }
        }
        Exam next = e;
        next.id = before.id;
        next.org_id = before.org_id;
        next.results_published = before.results_published;
        next.archived = before.archived;
        next.version = before.version;
        DX_RETURN_IF_ERROR(CheckReferences(tx, ctx, next));
        after = next;
        return Ok();
      });
}

Result<Exam> ExamService::PublishResults(const Context& ctx, int64_t id, int64_t version) {
  return WriteExam(db_, ctx, id, version, "publish_results",
                   [&](storage::Tx& tx, const Exam&, Exam& after) -> Status {
                     DX_ASSIGN_OR_RETURN(storage::Row pending, tx.QueryOne(kPendingOfExam, {id}));
                     if (pending.Int(0) > 0) {
                       return MakeError(Code::kFailedPrecondition,
                                        "还有 " + std::to_string(pending.Int(0)) +
                                            " 道简答题未评分，不能发布成绩");
                     }
                     after.results_published = true;
                     return ItemAnalysisService::RequestIn(tx, id, ctx.now);
                   });
}

}  // namespace duxing::domain::assessments

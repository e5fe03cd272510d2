#include "domain/study/study_log.hpp"

#include <functional>

#include "common/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/orgs/org.hpp"
#include "domain/study/study_scope.hpp"
#include "domain/versioned_write.hpp"
#include "storage/where.hpp"

namespace duxing::domain::study {
namespace {

constexpr std::string_view kColumns =
    "l.id, l.person_id, p.name, p.org_id, o.name, l.study_date, l.material_id, "
    "m.title, "
    "l.chapter_id, COALESCE(c.title, ''), l.minutes, l.notes, l.archived, "
    "l.version, "
    "l.created_at, p.org_path";
constexpr std::string_view kFrom =
    "FROM study_logs l JOIN people p ON p.id = l.person_id JOIN orgs o ON o.id "
    "= p.org_id "
    "JOIN study_materials m ON m.id = l.material_id "
    "LEFT JOIN study_chapters c ON c.id = l.chapter_id";
constexpr std::string_view kCountFrom = "FROM study_logs l JOIN people p ON p.id = l.person_id";
constexpr std::string_view kInsert =
    "INSERT INTO study_logs (person_id, study_date, material_id, chapter_id, "
    "minutes, notes, "
    "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
    "$8, $8) "
    "RETURNING id";
constexpr std::string_view kUpdate =
    "UPDATE study_logs SET study_date = $1, material_id = $2, chapter_id = $3, "
    "minutes = $4, "
    "notes = $5, archived = $6, version = version + 1, updated_at = $7 "
    "WHERE id = $8 AND version = $9";
// The person's minutes on a day, the entry being edited left out.
constexpr std::string_view kDayMinutes =
    "SELECT COALESCE(SUM(minutes), 0) FROM study_logs WHERE person_id = $1 AND "
    "study_date = $2 "
    "AND archived = 0 AND id <> $3";
// Held until the write transaction ends: the writes of one person's entries
// take turns between summing a day and writing (PostgreSQL's READ COMMITTED
// lets two of them read the same old total otherwise; SQLite's writers take
// turns already). NO KEY: the study_logs foreign key's KEY SHARE checks, and
// so other writes that refer to the person, are not held up.
constexpr std::string_view kLockPersonPostgres =
    "SELECT 1 FROM people WHERE id = $1 FOR NO KEY UPDATE";
constexpr std::string_view kPersonOrgPath = "SELECT org_path FROM people WHERE id = $1";
// The earliest start of the campaigns held by the orgs on a person's path
// ($1.. the paths of the person's org and its ancestors).
constexpr std::string_view kFirstCampaignStart =
    "SELECT MIN(c.start_date) FROM campaigns c JOIN orgs o ON o.id = c.org_id "
    "WHERE c.archived = 0 AND o.path IN (";
constexpr std::string_view kMaterial = "SELECT archived FROM study_materials WHERE id = $1";
constexpr std::string_view kChapterOf =
    "SELECT 1 FROM study_chapters WHERE id = $1 AND material_id = $2";
// The totals' grouped rows: one per person (key "l.person_id") or per org
// ("p.org_id") of the entries `filter` selects (its placeholders kept).
std::string TotalsGroup(std::string_view key, const storage::Where& filter) {
  return "FROM (SELECT " + std::string(key) +
         " AS group_id, SUM(l.minutes) AS minutes, COUNT(*) AS entries, "
         "COUNT(DISTINCT l.person_id) AS people "
         "FROM study_logs l JOIN people p ON p.id = l.person_id" +
         filter.Sql() + " GROUP BY " + std::string(key) + ") g";
}

std::vector<ListSort> TotalsSorts(ListSort name, const std::string& tie) {
  return {{"minutes", "g.minutes", "g.minutes", tie, true},
          {"entries", "g.entries", "g.entries", tie, true},
          std::move(name)};
}

ListSpec PersonTotalsSpec(const storage::Where& filter) {
  std::string from = TotalsGroup("l.person_id", filter) + " JOIN people p ON p.id = g.group_id";
  return {"p.id, p.name, o.name, g.minutes, g.entries, g.people",
          from + " JOIN orgs o ON o.id = p.org_id",
          from,
          TotalsSorts({"name", "p.name_key", "p.name_key", "p.id"}, "p.id"),
          "p.id",
          ""};
}

ListSpec OrgTotalsSpec(const storage::Where& filter) {
  std::string from = TotalsGroup("p.org_id", filter) + " JOIN orgs o ON o.id = g.group_id";
  return {"o.id, o.name, '', g.minutes, g.entries, g.people",
          from,
          from,
          TotalsSorts({"name", "o.path", "o.path", "o.id"}, "o.id"),
          "o.id",
          ""};
}

const ListSpec& LogList() {
  static const ListSpec kList{std::string(kColumns),
                              std::string(kFrom),
                              std::string(kCountFrom),
                              {ListSort{"study_date", "l.study_date", "l.study_date", "l.id"}},
                              "l.id"};
  return kList;
}

StudyLog FromRow(const storage::Row& r) {
  StudyLog l;
  l.id = r.Int(0);
  l.person_id = r.Int(1);
  l.person_name = r.Text(2);
  l.org_id = r.Int(3);
  l.org_name = r.Text(4);
  l.study_date = r.Text(5);
  l.material_id = r.Int(6);
  l.material_title = r.Text(7);
  l.chapter_id = r.OptInt(8);
  l.chapter_title = r.Text(9);
  l.minutes = r.Int(10);
  l.notes = r.Text(11);
  l.archived = r.Bool(12);
  l.version = r.Int(13);
  l.created_at = r.Text(14);
  l.org_path = r.Text(15);
  return l;
}

bool IsOwn(const auth::Principal& p, const StudyLog& l) {
  return p.person_id && *p.person_id == l.person_id;
}

Error NotFound() { return MakeError(Code::kNotFound, "自学记录不存在"); }

Result<StudyLog> Load(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query("SELECT " + std::string(kColumns) + " " +
                                                       std::string(kFrom) + " WHERE l.id = $1",
                                                   {id}));
  if (rows.empty()) return NotFound();
  return FromRow(rows.front());
}

Result<StudyLog> LoadReadable(storage::Tx& tx, const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(StudyLog l, Load(tx, id));
  if (!IsOwn(*ctx.principal, l) && !ctx.principal->CanRead(l.org_path)) return NotFound();
  return l;
}

audit::Snapshot Snap(const StudyLog& l) {
  return {{"person_id", std::to_string(l.person_id)},
          {"study_date", l.study_date},
          {"material_id", std::to_string(l.material_id)},
          {"chapter_id", l.chapter_id ? std::to_string(*l.chapter_id) : ""},
          {"minutes", std::to_string(l.minutes)},
          {"notes", l.notes},
          {"archived", l.archived ? "true" : "false"}};
}

// The first day `person_id` may log: the start of the earliest campaign of
// their org or an ancestor's; nullopt when none is held there.
Result<std::optional<std::string>> FirstStudyDay(storage::Tx& tx, int64_t person_id) {
  DX_ASSIGN_OR_RETURN(storage::Rows person, tx.Query(kPersonOrgPath, {person_id}));
  if (person.empty()) return std::optional<std::string>();
  // "/1/4/9/": "/1/", "/1/4/", "/1/4/9/".
  const std::string path = person.front().Text(0);
  std::vector<std::string> ancestors;
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    ancestors.push_back(path.substr(0, slash + 1));
  }
  if (ancestors.empty()) return std::optional<std::string>();
  DX_ASSIGN_OR_RETURN(storage::Rows first,
                      storage::QueryIn(tx, kFirstCampaignStart, ")", ancestors));
  if (first.empty()) return std::optional<std::string>();
  return first.front().OptText(0);
}

// Every rule of an entry of `person_id` (see StudyLogService::Create),
// `self` being the entry's own id on an edit (0 on a create). Once it has
// passed, `tx` holds the person's day totals until it ends (other writes of
// the person's entries wait), so the entry written in it keeps the bound.
Status Check(storage::Tx& tx, storage::Backend backend, const Context& ctx, int64_t person_id,
             int64_t self, const StudyLogFields& f) {
  if (!IsValidDate(f.study_date)) return Invalid("学习日期无效（格式 YYYY-MM-DD）", "study_date");
  if (f.study_date < "2000-01-01") return Invalid("学习日期不能早于 2000 年", "study_date");
  if (f.study_date > FormatChinaTime(ctx.now).substr(0, 10)) {
    return Invalid("学习日期不能晚于今天", "study_date");
  }
  DX_ASSIGN_OR_RETURN(std::optional<std::string> first_day, FirstStudyDay(tx, person_id));
  if (first_day && f.study_date < *first_day) {
    return Invalid("学习日期不能早于学习教育开始日期（" + *first_day + "）", "study_date");
  }
  if (f.minutes <= 0) return Invalid("学习时长须大于 0 分钟", "minutes");
  if (f.minutes > kMaxMinutesPerDay) {
    return Invalid("学习时长不能超过 " + std::to_string(kMaxMinutesPerDay / 60) + " 小时",
                   "minutes");
  }
  if (!IsValidUtf8(f.notes) || HasControlCharacters(f.notes, LineBreaks::kAllowed)) {
    return Invalid("学习心得含有无法识别的字符或控制字符", "notes");
  }
  if (Utf8Length(f.notes) > kMaxNotes) {
    return Invalid("学习心得不能超过 " + std::to_string(kMaxNotes) + " 个字", "notes");
  }
  DX_ASSIGN_OR_RETURN(storage::Rows material, tx.Query(kMaterial, {f.material_id}));
  if (material.empty()) return Invalid("学习材料不存在", "material_id");
  if (material.front().Bool(0)) return Invalid("学习材料已归档", "material_id");
  if (f.chapter_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows ch, tx.Query(kChapterOf, {*f.chapter_id, f.material_id}));
    if (ch.empty()) return Invalid("章节不属于所选学习材料", "chapter_id");
  }
  if (backend == storage::Backend::kPostgres) {
    DX_RETURN_IF_ERROR(tx.Query(kLockPersonPostgres, {person_id}));
  }
  DX_ASSIGN_OR_RETURN(storage::Row day, tx.QueryOne(kDayMinutes, {person_id, f.study_date, self}));
  int64_t used = day.Int(0);
  if (used + f.minutes > kMaxMinutesPerDay) {
    return Invalid("当天学习时长合计不能超过 " + std::to_string(kMaxMinutesPerDay / 60) +
                       " 小时（已记录 " + std::to_string(used) + " 分钟）",
                   "minutes");
  }
  return Ok();
}

const VersionedRecord<StudyLog>& LogRecord() {
  static const VersionedRecord<StudyLog> kRecord{
      "study_log", Load, [](const StudyLog& l) { return l.version; }, Snap,
      [](const StudyLog& l) { return std::optional(l.org_path); }};
  return kRecord;
}

Result<StudyLog> Write(storage::Database& db, const Context& ctx, int64_t id, int64_t version,
                       const std::string& action,
                       const std::function<void(StudyLogFields&, bool&)>& change) {
  VersionedWrite<StudyLog> w;
  w.action = action;
  w.id = id;
  w.version = version;
  w.authorize = [&ctx](storage::Tx&, const StudyLog& before) -> Status {
    if (IsOwn(*ctx.principal, before)) return Ok();
    if (!ctx.principal->CanRead(before.org_path)) return NotFound();
    return MakeError(Code::kPermissionDenied, "只能修改本人的自学记录");
  };
  w.change = [&](storage::Tx& tx, const StudyLog& before, StudyLog& after) -> Status {
    if (before.archived) return MakeError(Code::kFailedPrecondition, "自学记录已删除");
    StudyLogFields f{before.study_date, before.material_id, before.chapter_id, before.minutes,
                     before.notes};
    bool archive = false;
    change(f, archive);
    if (!archive) DX_RETURN_IF_ERROR(Check(tx, db.backend(), ctx, before.person_id, id, f));
    after.study_date = f.study_date;
    after.material_id = f.material_id;
    after.chapter_id = f.chapter_id;
    after.minutes = f.minutes;
    after.notes = f.notes;
    after.archived = archive;
    return Ok();
  };
  w.write = [&](storage::Tx& tx, const StudyLog&, const StudyLog& a) -> Result<int64_t> {
    return tx.Exec(
        kUpdate, {a.study_date, a.material_id,
                  a.chapter_id ? storage::Param(*a.chapter_id) : storage::Param(nullptr), a.minutes,
                  a.notes, int64_t{a.archived}, FormatTime(ctx.now), id, version});
  };
  return WriteVersioned(db, ctx, LogRecord(), w);
}

}  // namespace

StudyLogService::StudyLogService(storage::Database& db)
    : db_(db),
      list_(std::vector<std::string>{"study_log", "person", "org"}),
      totals_(std::vector<std::string>{"study_log", "person", "org"}) {}

namespace {

// The scope and filters of a log list (see StudyLogService::List).
Result<storage::Where> LogWhere(storage::Tx& tx, const auth::Principal& p,
                                const StudyLogFilter& filter) {
  storage::Where w;
  w.And(OwnOrInScope(p, "p.org_path", "l.person_id"));
  w.And("l.archived = 0");
  if (filter.mine) {
    if (!p.person_id) {
      return MakeError(Code::kPermissionDenied, "账号未关联人员，没有本人的自学记录");
    }
    w.And("l.person_id = ?", {*p.person_id});
  }
  if (filter.person_id) {
    DX_RETURN_IF_ERROR(CheckPersonReadable(tx, p, *filter.person_id));
    w.And("l.person_id = ?", {*filter.person_id});
  }
  if (filter.org_id) {
    DX_ASSIGN_OR_RETURN(std::string path, ReadableOrgPath(tx, p, *filter.org_id));
    w.And(storage::InSubtrees("p.org_path", {path}));
  }
  if (filter.from) w.And("l.study_date >= ?", {*filter.from});
  if (filter.to) w.And("l.study_date <= ?", {*filter.to});
  return w;
}

std::string LogSort(const StudyLogFilter& filter) {
  return filter.sort.empty() ? "-study_date" : filter.sort;
}

}  // namespace

Result<Page<StudyLog>> StudyLogService::List(const Context& ctx, const StudyLogFilter& filter) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Where w, LogWhere(*tx, *ctx.principal, filter));
  DX_ASSIGN_OR_RETURN(ListRows rows, list_.Page(*tx, LogList(), w, LogSort(filter), filter.page));
  Page<StudyLog> page;
  page.total = rows.total;
  page.next_cursor = std::move(rows.next_cursor);
  for (const auto& r : rows.rows) page.items.push_back(FromRow(r));
  return page;
}

std::pair<std::string, storage::Params> StudyLogService::ListSql(const Context& ctx,
                                                                 const StudyLogFilter& filter) {
  auto tx = db_.Begin(storage::TxMode::kRead);
  if (!tx.ok()) return {};
  auto w = LogWhere(**tx, *ctx.principal, filter);
  if (!w.ok()) return {};
  return ListQuery::PageSql(LogList(), *w, LogSort(filter));
}

Result<StudyLog> StudyLogService::Get(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return LoadReadable(*tx, ctx, id);
}

Result<int64_t> StudyLogService::Insert(storage::Tx& tx, const Context& ctx, int64_t person_id,
                                        const StudyLogFields& f) {
  storage::Param account = nullptr;
  if (ctx.principal) account = ctx.principal->account_id;
  DX_ASSIGN_OR_RETURN(
      storage::Row row,
      tx.QueryOne(kInsert, {person_id, f.study_date, f.material_id,
                            f.chapter_id ? storage::Param(*f.chapter_id) : storage::Param(nullptr),
                            f.minutes, f.notes, account, FormatTime(ctx.now)}));
  return row.Int(0);
}

Result<StudyLog> StudyLogService::Create(const Context& ctx, const StudyLogFields& f) {
  const auth::Principal& p = *ctx.principal;
  if (!p.person_id) {
    return MakeError(Code::kPermissionDenied, "账号未关联人员，不能记录自学");
  }
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_RETURN_IF_ERROR(Check(*tx, db_.backend(), ctx, *p.person_id, 0, f));
  DX_ASSIGN_OR_RETURN(int64_t id, Insert(*tx, ctx, *p.person_id, f));
  return FinishCreate(*tx, ctx, LogRecord(), id);
}

Result<StudyLog> StudyLogService::Update(const Context& ctx, int64_t id, const StudyLogPatch& p) {
  return Write(db_, ctx, id, p.version, "update", [&](StudyLogFields& f, bool&) {
    if (p.study_date) f.study_date = *p.study_date;
    if (p.material_id) {
      if (*p.material_id != f.material_id && !p.chapter_id) f.chapter_id.reset();
      f.material_id = *p.material_id;
    }
    if (p.chapter_id) f.chapter_id = *p.chapter_id;
    if (p.minutes) f.minutes = *p.minutes;
    if (p.notes) f.notes = *p.notes;
  });
}

Result<StudyLog> StudyLogService::Archive(const Context& ctx, int64_t id, int64_t version) {
  return Write(db_, ctx, id, version, "archive",
               [](StudyLogFields&, bool& archive) { archive = true; });
}

Result<Page<StudyTotal>> StudyLogService::Totals(const Context& ctx, const TotalsFilter& filter) {
  if (!IsValidDate(filter.from)) return Invalid("开始日期无效（格式 YYYY-MM-DD）", "from");
  if (!IsValidDate(filter.to)) return Invalid("结束日期无效（格式 YYYY-MM-DD）", "to");
  if (filter.to < filter.from) return Invalid("结束日期不能早于开始日期", "to");
  const auth::Principal& p = *ctx.principal;
  storage::Where w;
  w.And(OwnOrInScope(p, "p.org_path", "l.person_id"));
  w.And("l.archived = 0");
  w.And("l.study_date >= ?", {filter.from});
  w.And("l.study_date <= ?", {filter.to});
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  if (filter.org_id) {
    DX_ASSIGN_OR_RETURN(std::string path, ReadableOrgPath(*tx, p, *filter.org_id));
    w.And(storage::InSubtrees("p.org_path", {path}));
  }
  // The list's own WHERE (the cursor's) numbers on after the group's values.
  storage::Where outer;
  for (const storage::Param& v : w.params()) outer.Bind(v);
  ListSpec spec = filter.by == TotalsBy::kPerson ? PersonTotalsSpec(w) : OrgTotalsSpec(w);
  DX_ASSIGN_OR_RETURN(ListRows rows, totals_.Page(*tx, spec, outer,
                                                  filter.sort.empty() ? "-minutes" : filter.sort,
                                                  filter.page));
  Page<StudyTotal> out{{}, rows.total, rows.next_cursor};
  for (const auto& r : rows.rows) {
    out.items.push_back({r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4), r.Int(5)});
  }
  return out;
}

}  // namespace duxing::domain::study

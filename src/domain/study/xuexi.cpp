#include "domain/study/xuexi.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "common/clock.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/import_problems.hpp"
#include "domain/orgs/org.hpp"
#include "domain/study/study_scope.hpp"
#include "storage/where.hpp"
#include "tabular/xlsx_reader.hpp"

namespace duxing::domain::study {
namespace {

constexpr std::string_view kInsertUpload =
    "INSERT INTO xuexi_uploads (account_id, org_id, file_name, data, "
    "created_at) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id";
constexpr std::string_view kUpload =
    "SELECT u.id, u.org_id, o.name, u.file_name, u.imported, u.data, o.path, "
    "u.account_id "
    "FROM xuexi_uploads u JOIN orgs o ON o.id = u.org_id WHERE u.id = $1";
constexpr std::string_view kMarkImported =
    "UPDATE xuexi_uploads SET imported = 1 WHERE id = $1 AND imported = 0";
constexpr std::string_view kMapping =
    "SELECT name_column, org_column, points_column, period_column FROM "
    "xuexi_mappings "
    "WHERE account_id = $1 AND org_id = $2";
constexpr std::string_view kRemember =
    "INSERT INTO xuexi_mappings (account_id, org_id, name_column, org_column, "
    "points_column, "
    "period_column) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id, "
    "org_id) DO UPDATE "
    "SET name_column = excluded.name_column, org_column = excluded.org_column, "
    "points_column = excluded.points_column, period_column = "
    "excluded.period_column";
constexpr std::string_view kSweepPending =
    "DELETE FROM xuexi_uploads WHERE imported = 0 AND created_at < $1";
constexpr std::string_view kSweepImported =
    "UPDATE xuexi_uploads SET data = $1 WHERE imported = 1 AND created_at < $2 "
    "AND length(data) > 0";
constexpr std::string_view kPutPoints =
    "INSERT INTO xuexi_points (person_id, period, points, upload_id, "
    "updated_at) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id, period) DO UPDATE SET "
    "points = excluded.points, upload_id = excluded.upload_id, updated_at = "
    "excluded.updated_at";
// The people an upload's rows are matched against: its org's subtree.
constexpr std::string_view kSubtreePeople =
    "SELECT p.id, p.name, o.name, o.path FROM people p JOIN orgs o ON o.id = "
    "p.org_id "
    "WHERE p.archived = 0 AND p.org_path LIKE $1";
constexpr std::string_view kSubtreeOrgs =
    "SELECT name, path FROM orgs WHERE archived = 0 AND path LIKE $1";
constexpr std::string_view kPersonRanking =
    "SELECT p.id, p.name, o.name, SUM(x.points), 1 FROM xuexi_points x "
    "JOIN people p ON p.id = x.person_id JOIN orgs o ON o.id = p.org_id";
constexpr std::string_view kPersonRankingGroup =
    " GROUP BY p.id, p.name, o.name ORDER BY 4 DESC, p.id LIMIT ";
constexpr std::string_view kOrgRanking =
    "SELECT o.id, o.name, '', SUM(x.points), COUNT(DISTINCT p.id) FROM "
    "xuexi_points x "
    "JOIN people p ON p.id = x.person_id JOIN orgs o ON o.id = p.org_id";
// A member's branch: the org of their person, or its parent when that is a
// party group (党小组).
constexpr std::string_view kOwnBranchPath =
    "SELECT CASE WHEN o.kind = 'group' AND up.path IS NOT NULL THEN up.path ELSE o.path END "
    "FROM people p JOIN orgs o ON o.id = p.org_id LEFT JOIN orgs up ON up.id = o.parent_id "
    "WHERE p.id = $1";
constexpr std::string_view kOrgRankingGroup = " GROUP BY o.id, o.name ORDER BY 4 DESC, o.id LIMIT ";

Error UploadNotFound() { return MakeError(Code::kNotFound, "上传的文件不存在或已过期"); }

struct StoredUpload {
  XuexiUpload upload;
  std::string data;
  std::string org_path;
};

Result<StoredUpload> LoadOwnUpload(storage::Tx& tx, const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kUpload, {id}));
  if (rows.empty() || rows.front().Int(7) != ctx.principal->account_id) return UploadNotFound();
  const storage::Row& r = rows.front();
  StoredUpload s;
  s.upload.id = r.Int(0);
  s.upload.org_id = r.Int(1);
  s.upload.org_name = r.Text(2);
  s.upload.file_name = r.Text(3);
  s.upload.imported = r.Bool(4);
  s.data = r.Text(5);
  s.org_path = r.Text(6);
  return s;
}

// The file's table: header first, data rows after (blank rows dropped,
// each with its spreadsheet row number).
struct Sheet {
  std::vector<std::string> header;
  std::vector<std::pair<int, std::vector<std::string>>> rows;
};

Result<Sheet> ReadSheet(std::string_view bytes) {
  if (bytes.size() > kMaxXuexiFileBytes) {
    return MakeError(Code::kTooLarge, "文件不能超过 5 MB");
  }
  DX_ASSIGN_OR_RETURN(tabular::Table table, tabular::ReadXlsx(bytes, XuexiReadLimits()));
  Result<Sheet> checked = [&]() -> Result<Sheet> {
    Sheet s;
    size_t first = 0;
    auto blank = [](const std::vector<std::string>& r) {
      return std::all_of(r.begin(), r.end(), [](const std::string& c) { return c.empty(); });
    };
    while (first < table.rows.size() && blank(table.rows[first])) ++first;
    if (first == table.rows.size()) return Invalid("文件中没有数据（第一行应为表头）", "file");
    for (auto& cell : table.rows[first]) s.header.push_back(HeaderTitle(cell));
    for (size_t i = first + 1; i < table.rows.size(); ++i) {
      if (blank(table.rows[i])) continue;
      s.rows.push_back({static_cast<int>(i + 1), std::move(table.rows[i])});
    }
    if (static_cast<int>(s.rows.size()) > kMaxXuexiRows) {
      return MakeError(Code::kTooLarge,
                       "一次最多导入 " + std::to_string(kMaxXuexiRows) + " 行积分");
    }
    return s;
  }();
  return WithCellProblems(table, std::move(checked));
}

XuexiUpload Describe(StoredUpload s, const Sheet& sheet) {
  XuexiUpload u = std::move(s.upload);
  u.header = sheet.header;
  u.rows = static_cast<int64_t>(sheet.rows.size());
  for (size_t i = 0; i < sheet.rows.size() && i < kXuexiSampleRows; ++i) {
    u.samples.push_back(sheet.rows[i].second);
    u.samples.back().resize(sheet.header.size());
  }
  return u;
}

Result<std::optional<ColumnMapping>> Remembered(storage::Tx& tx, const Context& ctx,
                                                int64_t org_id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kMapping, {ctx.principal->account_id, org_id}));
  if (rows.empty()) return std::optional<ColumnMapping>();
  const auto& r = rows.front();
  return std::optional<ColumnMapping>(
      ColumnMapping{r.Text(0), r.Text(1), r.Text(2), r.Text(3), ""});
}

// Column indexes of a mapping in `header`; -1 for an unmapped optional one.
struct Columns {
  int name = -1, org = -1, points = -1, period = -1;
};

Result<Columns> Resolve(const ColumnMapping& m, const std::vector<std::string>& header) {
  auto find = [&](const std::string& title, const char* key, const char* label,
                  bool required) -> Result<int> {
    if (title.empty()) {
      if (!required) return -1;
      return Invalid(std::string("请选择“") + label + "”对应的列", std::string("mapping.") + key);
    }
    auto it = std::find(header.begin(), header.end(), title);
    if (it == header.end()) {
      return Invalid("表头中没有“" + title + "”列", std::string("mapping.") + key);
    }
    return static_cast<int>(it - header.begin());
  };
  Columns c;
  DX_ASSIGN_OR_RETURN(c.name, find(m.name, "name", "姓名", true));
  DX_ASSIGN_OR_RETURN(c.org, find(m.org, "org", "所在组织", false));
  DX_ASSIGN_OR_RETURN(c.points, find(m.points, "points", "积分", true));
  if (m.period.empty()) {
    if (m.period_value.empty()) {
      return Invalid("请选择“月份”对应的列，或指定积分所属月份", "mapping.period");
    }
    if (!ParsePeriod(m.period_value)) {
      return Invalid("积分所属月份无效（格式 YYYY-MM）", "mapping.period_value");
    }
  } else {
    DX_ASSIGN_OR_RETURN(c.period, find(m.period, "period", "月份", true));
  }
  return c;
}

std::optional<int64_t> ParsePoints(const std::string& s) {
  std::string_view v = s;
  if (v.ends_with(".0")) v.remove_suffix(2);
  if (v.empty() || v.size() > 7) return std::nullopt;
  int64_t n = 0;
  for (char ch : v) {
    if (ch < '0' || ch > '9') return std::nullopt;
    n = n * 10 + (ch - '0');
  }
  if (n > kMaxPoints) return std::nullopt;
  return n;
}

struct Person {
  int64_t id;
  std::string name, org_name, org_path;
};

// Matches the rows of `sheet` against the people of the subtree at
// `org_path`; bad values are every problem in one kInvalidArgument.
Result<CheckResult> Match(storage::Tx& tx, const std::string& org_path, const Sheet& sheet,
                          const ColumnMapping& m, const Columns& c) {
  std::string subtree = org_path + "%";
  DX_ASSIGN_OR_RETURN(storage::Rows people, tx.Query(kSubtreePeople, {subtree}));
  std::unordered_map<std::string, std::vector<Person>> by_name;
  for (const auto& r : people) {
    by_name[r.Text(1)].push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3)});
  }
  DX_ASSIGN_OR_RETURN(storage::Rows orgs, tx.Query(kSubtreeOrgs, {subtree}));
  std::unordered_map<std::string, std::vector<std::string>> org_paths;
  for (const auto& r : orgs) org_paths[r.Text(0)].push_back(r.Text(1));

  std::optional<std::string> fixed_period;
  if (c.period < 0) fixed_period = ParsePeriod(m.period_value);
  auto cell = [](const std::vector<std::string>& row, int i) -> std::string {
    return i >= 0 && i < static_cast<int>(row.size()) ? row[i] : std::string();
  };
  CheckResult out;
  std::vector<ErrorDetail> problems;
  for (const auto& [number, row] : sheet.rows) {
    RowCheck rc;
    rc.row = number;
    rc.name = cell(row, c.name);
    rc.org = cell(row, c.org);
    if (rc.name.empty()) problems.push_back({number, m.name, m.name + "不能为空"});
    auto points = ParsePoints(cell(row, c.points));
    if (!points) {
      problems.push_back({number, m.points, m.points + "应为 0 至 1000000 的整数"});
    } else {
      rc.points = *points;
    }
    auto period = fixed_period ? fixed_period : ParsePeriod(cell(row, c.period));
    if (!period) {
      problems.push_back({number, m.period, m.period + "无效（应为年月，如 2021-06）"});
    } else {
      rc.period = *period;
    }
    std::vector<const Person*> found;
    bool org_known = true;
    auto named = by_name.find(rc.name);
    if (named != by_name.end()) {
      const std::vector<std::string>* paths = nullptr;
      if (!rc.org.empty()) {
        auto o = org_paths.find(rc.org);
        if (o == org_paths.end()) {
          org_known = false;
        } else {
          paths = &o->second;
        }
      }
      for (const Person& p : named->second) {
        bool in = !paths || std::any_of(paths->begin(), paths->end(), [&](const std::string& s) {
          return p.org_path.starts_with(s);
        });
        if (in) found.push_back(&p);
      }
    }
    if (found.size() == 1 && org_known) {
      rc.state = RowState::kMatched;
      rc.person_id = found.front()->id;
      rc.person_org = found.front()->org_name;
      ++out.matched;
    } else if (found.size() > 1) {
      rc.state = RowState::kAmbiguous;
      rc.reason = "有 " + std::to_string(found.size()) + " 位同名人员，请选择";
      ++out.ambiguous;
    } else {
      rc.state = RowState::kUnmatched;
      rc.reason = !org_known ? "组织“" + rc.org + "”不在本次导入的组织范围内"
                             : "在本组织范围内没有找到此人";
      ++out.unmatched;
    }
    for (const Person* p : found) rc.candidates.push_back({p->id, p->name, p->org_name});
    out.rows.push_back(std::move(rc));
  }
  if (!problems.empty()) return ImportRejected(std::move(problems));
  return out;
}

Status Remember(storage::Tx& tx, const Context& ctx, int64_t org_id, const ColumnMapping& m) {
  DX_RETURN_IF_ERROR(
      tx.Exec(kRemember, {ctx.principal->account_id, org_id, m.name, m.org, m.points, m.period}));
  return Ok();
}

// The upload's file read and its rows matched under `m`.
struct Checked {
  StoredUpload stored;
  CheckResult result;
};

Result<Checked> CheckUpload(storage::Tx& tx, const Context& ctx, int64_t upload_id,
                            const ColumnMapping& m) {
  DX_ASSIGN_OR_RETURN(StoredUpload s, LoadOwnUpload(tx, ctx, upload_id));
  if (s.upload.imported) {
    return MakeError(Code::kFailedPrecondition, "该文件已导入，请重新上传");
  }
  DX_ASSIGN_OR_RETURN(Sheet sheet, ReadSheet(s.data));
  DX_ASSIGN_OR_RETURN(Columns cols, Resolve(m, sheet.header));
  DX_ASSIGN_OR_RETURN(CheckResult result, Match(tx, s.org_path, sheet, m, cols));
  return Checked{std::move(s), std::move(result)};
}

// Applies `resolutions` to `rows`: the person each kept row goes to (row
// order), or the refusal.
Result<std::vector<const RowCheck*>> Apply(storage::Tx& tx, const std::string& org_path,
                                           std::vector<RowCheck>& rows,
                                           const std::vector<Resolution>& resolutions,
                                           int64_t& skipped) {
  std::map<int, RowCheck*> by_row;
  for (auto& r : rows) by_row[r.row] = &r;
  std::set<int> seen;
  std::map<int, bool> decided;  // row → skipped
  for (const Resolution& res : resolutions) {
    auto it = by_row.find(res.row);
    if (it == by_row.end())
      return Invalid("文件中没有第 " + std::to_string(res.row) + " 行", "resolutions");
    if (!seen.insert(res.row).second) {
      return Invalid("第 " + std::to_string(res.row) + " 行的处理重复", "resolutions");
    }
    if (!res.person_id) {
      decided[res.row] = true;
      continue;
    }
    DX_ASSIGN_OR_RETURN(
        storage::Rows p,
        tx.Query("SELECT org_path FROM people WHERE id = $1 AND archived = 0", {*res.person_id}));
    if (p.empty() || !p.front().Text(0).starts_with(org_path)) {
      return Invalid("第 " + std::to_string(res.row) + " 行选择的人员不在本次导入的组织范围内",
                     "resolutions");
    }
    it->second->person_id = *res.person_id;
    it->second->state = RowState::kMatched;
    decided[res.row] = false;
  }
  std::vector<ErrorDetail> open;
  std::vector<const RowCheck*> kept;
  std::map<std::pair<int64_t, std::string>, int> first_row;
  for (const auto& r : rows) {
    auto d = decided.find(r.row);
    if (d != decided.end() && d->second) {
      ++skipped;
      continue;
    }
    if (r.state != RowState::kMatched) {
      open.push_back({r.row, "姓名", r.name + "：" + r.reason + "，请选择人员或跳过此行"});
      continue;
    }
    auto [at, fresh] = first_row.insert({{*r.person_id, r.period}, r.row});
    if (!fresh) {
      open.push_back(
          {r.row, "姓名", "与第 " + std::to_string(at->second) + " 行是同一人同一月份的积分"});
      continue;
    }
    kept.push_back(&r);
  }
  if (!open.empty()) {
    Error e = MakeError(Code::kFailedPrecondition,
                        "还有 " + std::to_string(open.size()) + " 行未处理，未导入任何数据",
                        "resolutions");
    e.details = std::move(open);
    return e;
  }
  return kept;
}

int64_t Number(std::string_view s) {
  int64_t n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

tabular::ReadLimits XuexiReadLimits() {
  tabular::ReadLimits l;
  l.max_rows = kMaxXuexiRows + 20;  // the header and a few blank rows: the import names its cap
  l.max_cells = int64_t{l.max_rows} * 50;
  l.max_table_bytes = 16 << 20;
  l.max_uncompressed_bytes = 32 << 20;
  l.max_shared_strings = 100'000;
  l.max_shared_string_bytes = 8 << 20;
  l.max_cell_bytes = 1024;
  return l;
}

std::optional<std::string> ParsePeriod(std::string_view t) {
  std::string digits[2];
  int part = 0;
  size_t i = 0;
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < t.size() && is_digit(t[i]) && digits[0].size() < 8) digits[0] += t[i++];
  if (digits[0].size() == 6 && i == t.size()) {  // 202106
    digits[1] = digits[0].substr(4);
    digits[0] = digits[0].substr(0, 4);
  } else {
    if (digits[0].size() != 4) return std::nullopt;
    std::string_view rest = t.substr(i);
    for (std::string_view sep : {"-", "/", ".", "年"}) {
      if (rest.starts_with(sep)) {
        rest.remove_prefix(sep.size());
        part = 1;
        break;
      }
    }
    if (part != 1) return std::nullopt;
    size_t j = 0;
    while (j < rest.size() && is_digit(rest[j]) && digits[1].size() < 3) digits[1] += rest[j++];
    rest.remove_prefix(j);
    if (rest == "月") rest = {};
    // A full date (2021-06-15) names its month.
    if (!rest.empty()) {
      std::string date =
          digits[0] + "-" + (digits[1].size() == 1 ? "0" : "") + digits[1] + std::string(rest);
      if (!IsValidDate(date)) return std::nullopt;
    }
  }
  if (digits[1].empty() || digits[1].size() > 2) return std::nullopt;
  int64_t year = Number(digits[0]), month = Number(digits[1]);
  if (year < 2000 || year > 2100 || month < 1 || month > 12) return std::nullopt;
  std::string out = digits[0] + "-" + (month < 10 ? "0" : "") + std::to_string(month);
  return out;
}

Status XuexiService::MayImport(const Context& ctx, int64_t org_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  auto org = orgs::OrgService::Load(*tx, org_id);
  if (!org.ok() || !ctx.principal->CanRead(org->path)) {
    return MakeError(Code::kNotFound, "组织不存在", "org_id");
  }
  if (!ctx.principal->CanWrite(org->path)) {
    return MakeError(Code::kPermissionDenied, "无权为该组织导入学习强国积分", "org_id");
  }
  if (org->archived) return MakeError(Code::kFailedPrecondition, "组织已归档", "org_id");
  return Ok();
}

Result<int64_t> XuexiService::InsertUpload(storage::Tx& tx, const Context& ctx, int64_t org_id,
                                           const std::string& file_name, std::string_view bytes) {
  DX_ASSIGN_OR_RETURN(
      storage::Row row,
      tx.QueryOne(kInsertUpload, {ctx.principal->account_id, org_id, file_name,
                                  storage::Bytes{std::string(bytes)}, FormatTime(ctx.now)}));
  return row.Int(0);
}

Result<XuexiUpload> XuexiService::Upload(const Context& ctx, int64_t org_id, std::string file_name,
                                         std::string_view bytes) {
  DX_RETURN_IF_ERROR(MayImport(ctx, org_id));
  DX_ASSIGN_OR_RETURN(Sheet sheet, ReadSheet(bytes));
  if (file_name.empty()) file_name = "学习强国积分.xlsx";
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(int64_t id, InsertUpload(*tx, ctx, org_id, file_name, bytes));
  DX_ASSIGN_OR_RETURN(StoredUpload s, LoadOwnUpload(*tx, ctx, id));
  XuexiUpload u = Describe(std::move(s), sheet);
  DX_ASSIGN_OR_RETURN(u.remembered, Remembered(*tx, ctx, org_id));
  DX_RETURN_IF_ERROR(tx->Commit());
  return u;
}

Result<XuexiUpload> XuexiService::GetUpload(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(StoredUpload s, LoadOwnUpload(*tx, ctx, id));
  // An imported upload's bytes are swept after a day: only its row is left.
  if (s.upload.imported && s.data.empty()) return std::move(s.upload);
  DX_ASSIGN_OR_RETURN(Sheet sheet, ReadSheet(s.data));
  int64_t org_id = s.upload.org_id;
  XuexiUpload u = Describe(std::move(s), sheet);
  DX_ASSIGN_OR_RETURN(u.remembered, Remembered(*tx, ctx, org_id));
  return u;
}

Result<CheckResult> XuexiService::Check(const Context& ctx, int64_t upload_id,
                                        const ColumnMapping& mapping) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(Checked c, CheckUpload(*tx, ctx, upload_id, mapping));
  DX_RETURN_IF_ERROR(Remember(*tx, ctx, c.stored.upload.org_id, mapping));
  DX_RETURN_IF_ERROR(tx->Commit());
  return std::move(c.result);
}

Result<int64_t> XuexiService::SweepUploads(TimePoint now) {
  std::string before = FormatTime(now - std::chrono::hours(24));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(int64_t removed, tx->Exec(kSweepPending, {before}));
  DX_ASSIGN_OR_RETURN(int64_t emptied, tx->Exec(kSweepImported, {storage::Bytes{}, before}));
  DX_RETURN_IF_ERROR(tx->Commit());
  return removed + emptied;
}

Status XuexiService::PutPoints(storage::Tx& tx, const Context& ctx, int64_t upload_id,
                               int64_t person_id, const std::string& period, int64_t points) {
  DX_RETURN_IF_ERROR(
      tx.Exec(kPutPoints, {person_id, period, points, upload_id, FormatTime(ctx.now)}));
  return Ok();
}

Result<ImportSummary> XuexiService::Commit(const Context& ctx, int64_t upload_id,
                                           const ColumnMapping& mapping,
                                           const std::vector<Resolution>& resolutions) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(Checked c, CheckUpload(*tx, ctx, upload_id, mapping));
  // Rights may have changed since the upload.
  if (!ctx.principal->CanWrite(c.stored.org_path)) {
    return MakeError(Code::kPermissionDenied, "无权为该组织导入学习强国积分");
  }
  ImportSummary summary;
  DX_ASSIGN_OR_RETURN(auto kept,
                      Apply(*tx, c.stored.org_path, c.result.rows, resolutions, summary.skipped));
  std::set<std::string> periods;
  for (const RowCheck* r : kept) {
    DX_RETURN_IF_ERROR(PutPoints(*tx, ctx, upload_id, *r->person_id, r->period, r->points));
    periods.insert(r->period);
  }
  DX_ASSIGN_OR_RETURN(int64_t marked, tx->Exec(kMarkImported, {upload_id}));
  if (marked == 0) return MakeError(Code::kFailedPrecondition, "该文件已导入，请重新上传");
  DX_RETURN_IF_ERROR(Remember(*tx, ctx, c.stored.upload.org_id, mapping));
  summary.imported = static_cast<int64_t>(kept.size());
  summary.periods.assign(periods.begin(), periods.end());
  std::string months;
  for (const auto& p : summary.periods) months += (months.empty() ? "" : "、") + p;
  DX_RETURN_IF_ERROR(
      audit::Record(*tx, ctx,
                    {"import", "xuexi_import", upload_id, c.stored.org_path, std::nullopt,
                     audit::Snapshot{{"file_name", c.stored.upload.file_name},
                                     {"org_id", std::to_string(c.stored.upload.org_id)},
                                     {"periods", months},
                                     {"imported", std::to_string(summary.imported)},
                                     {"skipped", std::to_string(summary.skipped)}},
                     "", std::vector<std::string>{"xuexi_points"}}));
  DX_RETURN_IF_ERROR(tx->Commit());
  return summary;
}

Result<std::vector<RankingRow>> XuexiService::Ranking(const Context& ctx, const RankingFilter& f) {
  auto from = ParsePeriod(f.from), to = ParsePeriod(f.to);
  if (!from || *from != f.from) return Invalid("开始月份无效（格式 YYYY-MM）", "from");
  if (!to || *to != f.to) return Invalid("结束月份无效（格式 YYYY-MM）", "to");
  if (*to < *from) return Invalid("结束月份不能早于开始月份", "to");
  const auth::Principal& p = *ctx.principal;
  storage::Where w;
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  if (!p.IsStaff() && p.person_id) {
    // A member sees where they stand: their own branch's ranking.
    DX_ASSIGN_OR_RETURN(storage::Rows own, tx->Query(kOwnBranchPath, {*p.person_id}));
    if (own.empty()) return std::vector<RankingRow>{};
    w.And(storage::InSubtrees("p.org_path", {own.front().Text(0)}));
  } else {
    w.And(OwnOrInScope(p, "p.org_path", "p.id"));
  }
  w.And("x.period >= ?", {*from});
  w.And("x.period <= ?", {*to});
  if (f.org_id) {
    DX_ASSIGN_OR_RETURN(std::string path, ReadableOrgPath(*tx, p, *f.org_id));
    w.And(storage::InSubtrees("p.org_path", {path}));
  }
  bool per_person = f.by == RankBy::kPerson;
  std::string sql = std::string(per_person ? kPersonRanking : kOrgRanking) + w.Sql() +
                    std::string(per_person ? kPersonRankingGroup : kOrgRankingGroup) +
                    std::to_string(kMaxRankingRows);
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(sql, w.params()));
  std::vector<RankingRow> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    RankingRow row{static_cast<int64_t>(i + 1), r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4)};
    if (i > 0 && out.back().points == row.points) row.rank = out.back().rank;
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace duxing::domain::study

#include "domain/people/person_import.hpp"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/text.hpp"
#include "domain/communities/community.hpp"
#include "domain/import_problems.hpp"
#include "domain/orgs/org.hpp"
#include "domain/orgs/org_names.hpp"
#include "domain/people/duplicate_hits.hpp"
#include "domain/people/person_rows.hpp"
#include "tabular/csv_reader.hpp"
#include "tabular/xlsx_reader.hpp"

namespace duxing::domain::people {
namespace {

// The position of `field` in FieldRules(), which is also its place in
// ImportRecord::cells.
size_t CellOf(std::string_view field) {
  const auto& rules = FieldRules();
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].field == field) return i;
  }
  std::abort();  // a bug: every caller names a field of FieldRules()
}

bool IsBlank(const std::vector<std::string>& row) {
  return std::all_of(row.begin(), row.end(), [](const std::string& c) { return Trim(c).empty(); });
}

// The key of a (name, birth date) pair in hash sets and maps.
std::string PersonKey(std::string_view name, std::string_view birth_date) {
  std::string key(name);
  key.push_back('\0');
  key.append(birth_date);
  return key;
}

// What the records refer to by name: orgs and communities read once per
// file (each name when a batch first holds it), namesakes per batch.
struct Lookups {
  orgs::OrgNames orgs;  // the branches and departments the cells name
  std::map<std::string, std::vector<int64_t>> communities;  // name → ids
  std::set<std::string> community_names_read;  // looked up, found or not
  // The namesakes of the batch being checked: PersonKey → first.
  std::unordered_map<std::string, Namesake> people;
};

// The distinct cells of `field` that pass its text rule (the only ones
// looked up) and are not in `done`.
std::set<std::string> Names(const std::vector<ImportRecord>& records, std::string_view field,
                            const std::set<std::string>& done = {}) {
  const size_t cell = CellOf(field);
  const FieldRule& rule = RuleOf(field);
  std::set<std::string> names;
  for (const ImportRecord& r : records) {
    const std::string& v = r.cells[cell];
    if (!v.empty() && !done.contains(v) && TextProblem(rule, v).empty()) names.insert(v);
  }
  return names;
}

// Reads what `records` name that `look` does not hold yet; the namesakes of
// `records` replace those of the batch before.
Status LoadLookups(storage::Tx& tx, const std::vector<ImportRecord>& records, Lookups& look) {
  std::set<std::string> org_cells = Names(records, "org_id");
  for (const std::string& dept : Names(records, "department_id")) org_cells.insert(dept);
  DX_RETURN_IF_ERROR(look.orgs.Load(tx, {org_cells.begin(), org_cells.end()}));
  std::set<std::string> communities =
      Names(records, "community_id", look.community_names_read);
  if (!communities.empty()) {
    look.community_names_read.insert(communities.begin(), communities.end());
    DX_ASSIGN_OR_RETURN(auto found, communities::CommunityService::FindByNames(
                                        tx, {communities.begin(), communities.end()}));
    for (auto& [name, ids] : found) look.communities[name] = std::move(ids);
  }
  std::set<std::string> names = Names(records, "name");
  DX_ASSIGN_OR_RETURN(auto namesakes, FindNamesakes(tx, {names.begin(), names.end()}));
  look.people.clear();
  for (Namesake& n : namesakes) look.people.emplace(PersonKey(n.name, n.birth_date), std::move(n));
  return Ok();
}

// The problems of one row: at most one per column, the first found.
class RowReport {
 public:
  explicit RowReport(int row) : row_(row) {}
  void Add(std::string_view column, std::string reason) {
    if (!columns_.insert(std::string(column)).second) return;
    details_.push_back({row_, std::string(column), std::move(reason)});
  }
  bool empty() const { return details_.empty(); }
  std::vector<ErrorDetail>& details() { return details_; }

 private:
  int row_;
  std::set<std::string> columns_;
  std::vector<ErrorDetail> details_;
};

// One record's cells, each readable only when it passed its text rule.
class Cells {
 public:
  Cells(const ImportRecord& record, RowReport& report) : record_(record) {
    const auto& rules = FieldRules();
    sound_.resize(rules.size());
    for (size_t i = 0; i < rules.size(); ++i) {
      std::string problem = TextProblem(rules[i], record.cells[i]);
      sound_[i] = problem.empty();
      if (!sound_[i]) report.Add(rules[i].column, std::move(problem));
    }
  }
  // The cell of `field`; "" when empty or refused by its text rule.
  std::string Get(std::string_view field) const {
    size_t i = CellOf(field);
    return sound_[i] ? record_.cells[i] : std::string();
  }
  // Whether the cell of `field` was refused by its text rule (already reported).
  bool Refused(std::string_view field) const { return !sound_[CellOf(field)]; }

 private:
  const ImportRecord& record_;
  std::vector<bool> sound_;
};

std::optional<std::string> NonEmpty(std::string s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(std::move(s));
}

// Reads a vocabulary label (or code, or alias) into `code`; "" stays unset.
void ReadTerm(const Cells& cells, std::string_view field, const Vocabulary& terms,
              const std::string& unknown, RowReport& report, std::string& code) {
  std::string label = cells.Get(field);
  if (label.empty()) return;
  if (auto c = CodeOf(terms, label)) {
    code = *c;
  } else {
    report.Add(RuleOf(field).column, unknown);
  }
}

// Finds the branch (any party org, not a department) that `cell` names among
// those the caller may read, and checks that the caller may write there. The
// cell is a name, or a path of names ending in it when the name alone is not
// unique ("机关第二支部/第一党小组").
void ResolveBranch(const std::string& cell, const Lookups& look, const auth::Principal& caller,
                   RowReport& report, CheckedPerson& out) {
  const std::string column(RuleOf("org_id").column);
  orgs::OrgMatch match = look.orgs.Find(cell, [&](const orgs::Org& o) {
    return o.kind != orgs::Kind::kDepartment && caller.CanRead(o.path);
  });
  const std::vector<const orgs::Org*>& found = match.orgs;
  if (found.empty()) {
    report.Add(column, (match.by_path ? "找不到组织路径“" : "找不到支部“") + cell + "”");
  } else if (found.size() > 1) {
    std::string paths;
    for (const orgs::Org* o : found) {
      paths += (paths.empty() ? "" : "、") + look.orgs.ShortPath(*o);
    }
    report.Add(column, "支部名称“" + cell + "”不唯一（" + paths +
                           "），请填写带上级组织的路径，如“" + look.orgs.ShortPath(*found.front()) +
                           "”");
  } else if (!caller.CanWrite(found.front()->path)) {
    report.Add(column, "无权向支部“" + cell + "”导入人员");
  } else {
    out.fields.org_id = found.front()->id;
    out.org_path = found.front()->path;
  }
}

void ResolvePlaces(const Cells& cells, const Lookups& look, const auth::Principal& caller,
                   RowReport& report, CheckedPerson& out) {
  std::string branch = cells.Get("org_id");
  if (!branch.empty()) {
    ResolveBranch(branch, look, caller, report, out);
  } else if (!cells.Refused("org_id")) {
    report.Add(RuleOf("org_id").column, "不能为空");
  }
  if (std::string dept = cells.Get("department_id"); !dept.empty()) {
    std::vector<int64_t> ids;
    for (const orgs::Org& o : look.orgs.Named(dept)) {
      if (o.kind == orgs::Kind::kDepartment) ids.push_back(o.id);
    }
    if (ids.size() == 1) {
      out.fields.department_id = ids.front();
    } else {
      report.Add(RuleOf("department_id").column,
                 ids.empty() ? "找不到科室“" + dept + "”" : "科室名称“" + dept + "”不唯一");
    }
  }
  if (std::string community = cells.Get("community_id"); !community.empty()) {
    auto it = look.communities.find(community);
    if (it == look.communities.end()) {
      report.Add(RuleOf("community_id").column, "找不到社区“" + community + "”");
    } else if (it->second.size() > 1) {  // the same name in several streets
      report.Add(RuleOf("community_id").column, "社区名称“" + community + "”不唯一");
    } else {
      out.fields.community_id = it->second.front();
    }
  }
}

// Checks one record; its problems go to `report`. `seen` holds the (name,
// birth date) of the good rows before it. A duplicate of someone the caller
// may not read sets `hit` when it is the file's first.
CheckedPerson CheckRecord(const ImportRecord& record, const Lookups& look,
                          const auth::Principal& caller, std::unordered_set<std::string>& seen,
                          RowReport& report, std::optional<ScopeHit>& hit) {
  Cells cells(record, report);
  CheckedPerson out;
  out.row = record.row;
  PersonFields& f = out.fields;
  f.name = cells.Get("name");
  std::string gender;
  ReadTerm(cells, "gender", kGenders, "性别应为 男 或 女", report, gender);
  f.gender = NonEmpty(gender);
  f.birth_date = NonEmpty(cells.Get("birth_date"));
  f.party_join_date = NonEmpty(cells.Get("party_join_date"));
  std::string category = cells.Get("category");
  if (category.empty() && !cells.Refused("category")) report.Add("人员类别", "不能为空");
  ReadTerm(cells, "category", kCategories, "未知的人员类别“" + category + "”", report, f.category);
  ReadTerm(cells, "status", kStatuses, "状态应为 正常、已转出 或 已故", report, f.status);
  f.post = cells.Get("post");
  f.phone = cells.Get("phone");
  ResolvePlaces(cells, look, caller, report, out);
  for (const ErrorDetail& d : Validate(f)) report.Add(RuleOf(d.column).column, d.reason);
  if (report.empty() && f.birth_date) {
    std::string key = PersonKey(f.name, *f.birth_date);
    if (!seen.insert(key).second) {
      report.Add("姓名", "与文件中前面的行重复（姓名和出生日期相同）");
    } else if (auto it = look.people.find(key); it != look.people.end()) {
      const Namesake& n = it->second;
      if (caller.CanRead(n.org_path)) {
        report.Add("姓名", DuplicateReason(n));
      } else {
        if (!hit) hit = ScopeHit{"import", f.name, *f.birth_date, n.id, n.org_path, out.org_path};
        report.Add("姓名", std::string(kScopeDuplicateMessage));
      }
    }
  }
  return out;
}

}  // namespace

tabular::ReadLimits ImportReadLimits(int max_rows) {
  tabular::ReadLimits limits;
  const int64_t rows = static_cast<int64_t>(max_rows) + 2;
  limits.max_rows = static_cast<int>(std::max<int64_t>(limits.max_rows, rows));
  limits.max_cells = std::max<int64_t>(limits.max_cells, rows * 50);
  limits.max_table_bytes = std::max<int64_t>(limits.max_table_bytes, rows << 10);
  limits.max_uncompressed_bytes =
      std::max<uint64_t>(limits.max_uncompressed_bytes, static_cast<uint64_t>(rows) << 10);
  return limits;
}

Result<ImportHeader> ImportHeader::Map(const std::vector<std::string>& header) {
  const auto& rules = FieldRules();
  ImportHeader out;
  out.where_.resize(rules.size());
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = HeaderTitle(header[i]);
    for (size_t k = 0; k < rules.size(); ++k) {
      if (rules[k].column == h) out.where_[k] = i;
    }
  }
  Error missing = MakeError(Code::kInvalidArgument, "表头缺少必需的列，未导入任何数据");
  for (std::string_view field : {"name", "category", "org_id"}) {
    if (!out.where_[CellOf(field)])
      missing.details.push_back({1, std::string(RuleOf(field).column), "缺少必需的列"});
  }
  if (!missing.details.empty()) return missing;
  return out;
}

ImportRecord ImportHeader::Record(int row, const std::vector<std::string>& cells) const {
  ImportRecord record{row, {}};
  record.cells.reserve(where_.size());
  for (const auto& col : where_) {
    record.cells.push_back(col && *col < cells.size() ? Trim(cells[*col]) : std::string());
  }
  return record;
}

Error TooManyImportRows(int max_rows) {
  return MakeError(Code::kTooLarge, "一次最多导入 " + std::to_string(max_rows) +
                                        " 行（不含表头），请分成几个文件导入");
}

Result<std::vector<ImportRecord>> ReadImportRecords(const tabular::Table& table, int max_rows) {
  if (table.rows.empty()) return MakeError(Code::kInvalidArgument, "文件为空，缺少表头行");
  DX_ASSIGN_OR_RETURN(ImportHeader header, ImportHeader::Map(table.rows.front()));
  std::vector<ImportRecord> records;
  for (size_t r = 1; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (IsBlank(row)) continue;
    if (r > static_cast<size_t>(max_rows)) return TooManyImportRows(max_rows);
    records.push_back(header.Record(static_cast<int>(r + 1), row));
  }
  if (records.empty()) return MakeError(Code::kInvalidArgument, "文件中没有数据行");
  return records;
}

struct ImportChecker::State {
  explicit State(const Context& c) : ctx(c) {}
  const Context& ctx;
  Lookups look;
  std::unordered_set<std::string> seen;  // PersonKey of the good rows
  std::optional<ScopeHit> hit;
  std::vector<ErrorDetail> details;  // the first kMaxReportedProblems + 1
  std::vector<int> bad_rows;
};

ImportChecker::ImportChecker(const Context& ctx) : state_(std::make_unique<State>(ctx)) {}
ImportChecker::~ImportChecker() = default;

Result<std::vector<CheckedPerson>> ImportChecker::Check(storage::Tx& tx,
                                                        const std::vector<ImportRecord>& records) {
  State& st = *state_;
  DX_RETURN_IF_ERROR(LoadLookups(tx, records, st.look));
  std::vector<CheckedPerson> good;
  good.reserve(records.size());
  for (const ImportRecord& record : records) {
    RowReport report(record.row);
    CheckedPerson checked = CheckRecord(record, st.look, *st.ctx.principal, st.seen, report, st.hit);
    if (report.empty()) {
      good.push_back(std::move(checked));
      continue;
    }
    st.bad_rows.push_back(record.row);
    for (ErrorDetail& d : report.details()) {
      // One more than reported, so that ImportRejected says the list is cut.
      if (st.details.size() > kMaxReportedProblems) break;
      st.details.push_back(std::move(d));
    }
  }
  return good;
}

bool ImportChecker::clean() const { return state_->bad_rows.empty() && !state_->hit; }
const std::optional<ScopeHit>& ImportChecker::scope_hit() const { return state_->hit; }
const std::vector<int>& ImportChecker::bad_rows() const { return state_->bad_rows; }
std::vector<ErrorDetail> ImportChecker::TakeDetails() { return std::move(state_->details); }

Result<std::vector<CheckedPerson>> CheckImportRecords(storage::Tx& tx, const Context& ctx,
                                                      const std::vector<ImportRecord>& records,
                                                      std::optional<ScopeHit>* scope_hit) {
  ImportChecker checker(ctx);
  DX_ASSIGN_OR_RETURN(std::vector<CheckedPerson> good, checker.Check(tx, records));
  if (checker.scope_hit()) {
    if (scope_hit) *scope_hit = checker.scope_hit();
    return MakeError(Code::kAlreadyExists, std::string(kScopeDuplicateInFileMessage));
  }
  if (checker.clean()) return good;
  return ImportRejected(checker.TakeDetails(),
                        static_cast<int64_t>(checker.bad_rows().size()));
}

Result<int64_t> WriteImportedPeople(storage::Tx& tx, const Context& ctx,
                                    const std::vector<CheckedPerson>& people) {
  const std::string now = FormatTime(ctx.now);
  std::vector<PersonFields> fields;
  std::vector<audit::Change> changes;
  for (size_t begin = 0; begin < people.size(); begin += kWriteBatchRows) {
    const size_t end = std::min(people.size(), begin + kWriteBatchRows);
    fields.clear();
    for (size_t i = begin; i < end; ++i) fields.push_back(people[i].fields);
    DX_ASSIGN_OR_RETURN(std::vector<int64_t> ids, InsertPeople(tx, fields, now));
    changes.clear();
    for (size_t i = begin; i < end; ++i) {
      Person created;
      created.id = ids[i - begin];
      created.f = people[i].fields;
      created.org_path = people[i].org_path;
      changes.push_back({"import", std::string(kRecordType), created.id, created.org_path,
                         std::nullopt, Snap(created), ""});
    }
    DX_RETURN_IF_ERROR(audit::RecordAll(tx, ctx, changes));
  }
  return static_cast<int64_t>(people.size());
}

namespace {

// One import: the rows of a file as the reader hands them over, checked in
// batches inside one write transaction (begun at the first data row, the
// caller's hit count locked first: ScopeHits), the good rows' fields kept
// until every row has passed, then written and committed.
class ImportRun : public tabular::RowVisitor {
 public:
  ImportRun(storage::Database& db, const Context& ctx, int max_rows, bool dry_run,
            const std::vector<tabular::CellProblem>& problems)
      : db_(db),
        ctx_(ctx),
        max_rows_(max_rows),
        dry_run_(dry_run),
        via_(dry_run ? "import_dry_run" : "import"),
        problems_(problems),
        checker_(ctx) {}

  Status Row(int number, std::vector<std::string>& cells) override {
    Status taken = Take(number, cells);
    if (!taken.ok()) stopped_ = true;
    return taken;
  }

  // Whether the rows stopped the reader (rather than the reader itself).
  bool stopped() const { return stopped_; }

  // One row: the header, or a record added to the batch (checked when full).
  Status Take(int number, std::vector<std::string>& cells) {
    if (!header_) {
      if (number == 1) header_row_ = std::move(cells);
      DX_ASSIGN_OR_RETURN(header_, ImportHeader::Map(header_row_));
      if (number == 1) return Ok();
    }
    if (number <= last_row_) {
      return MakeError(Code::kInvalidArgument,
                       "文件中的行顺序异常（第 " + std::to_string(number) + " 行出现在第 " +
                           std::to_string(last_row_) + " 行之后），请用 Excel 另存后重新导入");
    }
    if (number - 1 > max_rows_) return TooManyImportRows(max_rows_);
    last_row_ = number;
    batch_.push_back(header_->Record(number, cells));
    if (batch_.size() >= kCheckBatchRows) return CheckBatch();
    return Ok();
  }

  // After the reader has handed over every row: the answer (and, when every
  // row passed and this is no dry run, the people written and committed).
  Result<int64_t> Finish() {
    if (!header_) {  // no row at all (a bad header stopped the reader)
      return Answer<int64_t>(MakeError(Code::kInvalidArgument, "文件为空，缺少表头行"));
    }
    DX_RETURN_IF_ERROR(CheckBatch());
    if (records_ == 0) {
      return Answer<int64_t>(MakeError(Code::kInvalidArgument, "文件中没有数据行"));
    }
    if (const auto& hit = checker_.scope_hit()) {
      ScopeHit h = *hit;
      h.via = via_;
      return hits_->Answer(*tx_, ctx_, h, kScopeDuplicateInFileMessage, "");
    }
    if (!checker_.clean()) {
      return Answer<int64_t>(ImportRejected(checker_.TakeDetails(), BadRowCount()));
    }
    if (!problems_.empty()) return Answer<int64_t>(Result<int64_t>(records_));
    if (dry_run_) return records_;
    DX_ASSIGN_OR_RETURN(int64_t written, WriteImportedPeople(*tx_, ctx_, people_));
    DX_RETURN_IF_ERROR(tx_->Commit());
    tx_.reset();
    return written;
  }

  // An error the rows stopped with (the header's, too many rows), with the
  // reader's cell problems merged in.
  template <typename T>
  Result<T> Answer(Result<T> outcome) const {
    return WithCellProblems(header_row_, problems_, std::move(outcome), BadRowCount());
  }

 private:
  Status CheckBatch() {
    if (batch_.empty()) return Ok();
    if (!tx_) {
      DX_ASSIGN_OR_RETURN(tx_, db_.Begin(storage::TxMode::kWrite));
      DX_ASSIGN_OR_RETURN(ScopeHits hits, ScopeHits::Lock(*tx_, ctx_, via_));
      hits_.emplace(std::move(hits));
    }
    DX_ASSIGN_OR_RETURN(std::vector<CheckedPerson> good, checker_.Check(*tx_, batch_));
    records_ += static_cast<int64_t>(batch_.size());
    batch_.clear();
    if (checker_.clean() && problems_.empty()) {
      std::move(good.begin(), good.end(), std::back_inserter(people_));
    } else {
      people_ = {};  // nothing will be written
    }
    return Ok();
  }

  // Rows with a problem: the checks' and the reader's (each row once).
  std::optional<int64_t> BadRowCount() const {
    const std::vector<int>& bad = checker_.bad_rows();
    std::set<int> reader_only;
    for (const tabular::CellProblem& p : problems_) {
      if (!std::binary_search(bad.begin(), bad.end(), p.row)) reader_only.insert(p.row);
    }
    return static_cast<int64_t>(bad.size() + reader_only.size());
  }

  storage::Database& db_;
  const Context& ctx_;
  const int max_rows_;
  const bool dry_run_;
  const std::string via_;
  const std::vector<tabular::CellProblem>& problems_;
  ImportChecker checker_;
  std::vector<std::string> header_row_;
  std::optional<ImportHeader> header_;
  int last_row_ = 1;
  std::vector<ImportRecord> batch_;
  int64_t records_ = 0;
  std::unique_ptr<storage::Tx> tx_;
  std::optional<ScopeHits> hits_;
  std::vector<CheckedPerson> people_;
  bool stopped_ = false;
};

// Runs `read` (which hands the rows to the visitor and adds the reader's cell
// problems to the vector) through an ImportRun.
template <typename Read>
Result<int64_t> RunImport(storage::Database& db, const Context& ctx, int max_rows, bool dry_run,
                          Read read) {
  std::vector<tabular::CellProblem> problems;
  ImportRun run(db, ctx, max_rows, dry_run, problems);
  Status rows = read(run, problems);
  if (!rows.ok()) {
    // The reader's own errors (unreadable, too large, too many cell
    // problems) stand alone, as before any check; the run's (header, order,
    // row cap) get the cell problems.
    if (!run.stopped()) return std::move(rows).error();
    return run.Answer<int64_t>(std::move(rows).error());
  }
  return run.Finish();
}

}  // namespace

size_t ImportBodyLimit(int max_rows) {
  return std::max<size_t>(10u << 20, static_cast<size_t>(max_rows) * 512);
}

Result<int64_t> PeopleService::Import(const Context& ctx, ImportFormat format,
                                      std::string_view bytes, bool dry_run) {
  if (!MayEditPeople(*ctx.principal)) return MakeError(Code::kPermissionDenied, "无权导入人员");
  const tabular::ReadLimits limits = ImportReadLimits(import_.max_rows);
  return RunImport(db_, ctx, import_.max_rows, dry_run,
                   [&](tabular::RowVisitor& rows, std::vector<tabular::CellProblem>& problems) -> Status {
                     return format == ImportFormat::kXlsx
                                ? tabular::StreamXlsx(bytes, limits, rows, problems)
                                : tabular::StreamCsv(bytes, limits, rows, problems);
                   });
}

Result<int64_t> PeopleService::Import(const Context& ctx, const tabular::Table& table,
                                      bool dry_run) {
  if (!MayEditPeople(*ctx.principal)) return MakeError(Code::kPermissionDenied, "无权导入人员");
  return RunImport(db_, ctx, import_.max_rows, dry_run,
                   [&](tabular::RowVisitor& rows, std::vector<tabular::CellProblem>& problems) -> Status {
                     problems = table.problems;
                     for (size_t r = 0; r < table.rows.size(); ++r) {
                       if (IsBlank(table.rows[r])) continue;
                       std::vector<std::string> cells = table.rows[r];
                       DX_RETURN_IF_ERROR(rows.Row(static_cast<int>(r + 1), cells));
                     }
                     return Ok();
                   });
}

}  // namespace duxing::domain::people

#include "domain/people/person_import.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "common/text.hpp"
#include "domain/communities/community.hpp"
#include "domain/import_problems.hpp"
#include "domain/orgs/org.hpp"
#include "domain/people/duplicate_hits.hpp"
#include "domain/people/person_rows.hpp"

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

// For each FieldRules() entry, the header column that holds it, if any.
std::vector<std::optional<size_t>> MapHeader(const std::vector<std::string>& header) {
  const auto& rules = FieldRules();
  std::vector<std::optional<size_t>> where(rules.size());
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = HeaderTitle(header[i]);
    for (size_t k = 0; k < rules.size(); ++k) {
      if (rules[k].column == h) where[k] = i;
    }
  }
  return where;
}

bool IsBlank(const std::vector<std::string>& row) {
  return std::all_of(row.begin(), row.end(), [](const std::string& c) { return Trim(c).empty(); });
}

// The names in an org cell: one name, or a path of names from an ancestor
// down ("机关第二支部/第一党小组", spaces around "/" ignored).
std::vector<std::string> OrgPathNames(std::string_view cell) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t slash = cell.find('/', start);
    if (slash == std::string_view::npos) slash = cell.size();
    std::string name = Trim(cell.substr(start, slash - start));
    if (!name.empty()) out.push_back(std::move(name));
    start = slash + 1;
  }
  return out;
}

// The ids on an org's materialized path ("/1/5/9/" → 1, 5, 9), itself last.
std::vector<int64_t> PathIds(std::string_view path) {
  std::vector<int64_t> out;
  int64_t id = 0;
  bool digits = false;
  for (char c : path) {
    if (c >= '0' && c <= '9') {
      id = id * 10 + (c - '0');
      digits = true;
    } else if (digits) {
      out.push_back(id);
      id = 0;
      digits = false;
    }
  }
  return out;
}

// What the records refer to by name, read once for the whole file.
struct Lookups {
  std::map<std::string, std::vector<orgs::Org>> orgs;              // by name
  // The name of every org above, in or named by the org cells, by id: for
  // matching paths and naming the candidates of an ambiguous name.
  std::map<int64_t, std::string> org_names;
  std::map<std::string, std::vector<int64_t>> communities;         // name → ids
  std::map<std::pair<std::string, std::string>, Namesake> people;  // (name, birth) → first
};

// The distinct cells of `field` that pass its text rule (the only ones
// looked up).
std::vector<std::string> Names(const std::vector<ImportRecord>& records, std::string_view field) {
  const size_t cell = CellOf(field);
  const FieldRule& rule = RuleOf(field);
  std::set<std::string> names;
  for (const ImportRecord& r : records) {
    const std::string& v = r.cells[cell];
    if (!v.empty() && TextProblem(rule, v).empty()) names.insert(v);
  }
  return {names.begin(), names.end()};
}

Result<Lookups> LoadLookups(storage::Tx& tx, const std::vector<ImportRecord>& records) {
  Lookups out;
  std::set<std::string> org_names;
  for (const std::string& cell : Names(records, "org_id")) {
    org_names.insert(cell);  // a name may itself hold "/"
    for (std::string& name : OrgPathNames(cell)) org_names.insert(std::move(name));
  }
  for (std::string& dept : Names(records, "department_id")) org_names.insert(std::move(dept));
  DX_ASSIGN_OR_RETURN(auto orgs, orgs::OrgService::FindByNames(
                                     tx, {org_names.begin(), org_names.end()}));
  std::set<int64_t> seen;  // a branch named like a department comes twice
  for (orgs::Org& o : orgs) {
    out.org_names[o.id] = o.name;
    if (seen.insert(o.id).second) out.orgs[o.name].push_back(std::move(o));
  }
  // The parents of orgs sharing a name, to name each of them by its path.
  std::set<int64_t> parents;
  for (const auto& [name, same] : out.orgs) {
    if (same.size() < 2) continue;
    for (const orgs::Org& o : same) {
      if (o.parent_id && !out.org_names.contains(*o.parent_id)) parents.insert(*o.parent_id);
    }
  }
  for (int64_t id : parents) {
    DX_ASSIGN_OR_RETURN(orgs::Org parent, orgs::OrgService::Load(tx, id));
    out.org_names[id] = parent.name;
  }
  DX_ASSIGN_OR_RETURN(out.communities, communities::CommunityService::FindByNames(
                                           tx, Names(records, "community_id")));
  DX_ASSIGN_OR_RETURN(auto namesakes, FindNamesakes(tx, Names(records, "name")));
  for (Namesake& n : namesakes) out.people.emplace(std::pair(n.name, n.birth_date), std::move(n));
  return out;
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

// Whether the orgs just above `org` bear `above` (the names before the
// last of a path, outermost first), nearest last.
bool PathMatches(const orgs::Org& org, const std::vector<std::string>& above,
                 const Lookups& look) {
  std::vector<int64_t> ids = PathIds(org.path);  // org itself last
  if (ids.size() < above.size() + 1) return false;
  for (size_t i = 0; i < above.size(); ++i) {
    int64_t id = ids[ids.size() - 1 - above.size() + i];
    auto it = look.org_names.find(id);
    if (it == look.org_names.end() || it->second != above[i]) return false;
  }
  return true;
}

// "机关第二支部/第一党小组": the org's parent (when known) and its name.
std::string ShortPath(const orgs::Org& org, const Lookups& look) {
  if (org.parent_id) {
    if (auto it = look.org_names.find(*org.parent_id); it != look.org_names.end()) {
      return it->second + "/" + org.name;
    }
  }
  return org.name;
}

// Finds the branch (any party org, not a department) that `cell` names among
// those the caller may read, and checks that the caller may write there. The
// cell is a name, or a path of names ending in it when the name alone is not
// unique ("机关第二支部/第一党小组").
void ResolveBranch(const std::string& cell, const Lookups& look, const auth::Principal& caller,
                   RowReport& report, CheckedPerson& out) {
  const std::string column(RuleOf("org_id").column);
  std::vector<std::string> names{cell};
  std::vector<std::string> above;
  if (!look.orgs.contains(cell)) {
    names = OrgPathNames(cell);
    if (names.empty()) names = {cell};
    above.assign(names.begin(), names.end() - 1);
  }
  std::vector<const orgs::Org*> found;
  if (auto it = look.orgs.find(names.back()); it != look.orgs.end()) {
    for (const orgs::Org& o : it->second) {
      if (o.kind != orgs::Kind::kDepartment && caller.CanRead(o.path) &&
          PathMatches(o, above, look)) {
        found.push_back(&o);
      }
    }
  }
  if (found.empty()) {
    report.Add(column, (above.empty() ? "找不到支部“" : "找不到组织路径“") + cell + "”");
  } else if (found.size() > 1) {
    std::string paths;
    for (const orgs::Org* o : found) paths += (paths.empty() ? "" : "、") + ShortPath(*o, look);
    report.Add(column, "支部名称“" + cell + "”不唯一（" + paths +
                           "），请填写带上级组织的路径，如“" + ShortPath(*found.front(), look) +
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
    if (auto it = look.orgs.find(dept); it != look.orgs.end()) {
      for (const orgs::Org& o : it->second) {
        if (o.kind == orgs::Kind::kDepartment) ids.push_back(o.id);
      }
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
                          const auth::Principal& caller,
                          std::set<std::pair<std::string, std::string>>& seen, RowReport& report,
                          std::optional<ScopeHit>& hit) {
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
    std::pair key(f.name, *f.birth_date);
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

Result<std::vector<ImportRecord>> ReadImportRecords(const tabular::Table& table) {
  if (table.rows.empty()) return MakeError(Code::kInvalidArgument, "文件为空，缺少表头行");
  std::vector<std::optional<size_t>> where = MapHeader(table.rows.front());
  Error missing = MakeError(Code::kInvalidArgument, "表头缺少必需的列，未导入任何数据");
  for (std::string_view field : {"name", "category", "org_id"}) {
    if (!where[CellOf(field)])
      missing.details.push_back({1, std::string(RuleOf(field).column), "缺少必需的列"});
  }
  if (!missing.details.empty()) return missing;
  if (table.rows.size() > kMaxImportRows + 1) {
    return MakeError(Code::kTooLarge, "一次最多导入 " + std::to_string(kMaxImportRows) + " 行");
  }
  std::vector<ImportRecord> records;
  records.reserve(table.rows.size() - 1);
  for (size_t r = 1; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (IsBlank(row)) continue;
    ImportRecord record{static_cast<int>(r + 1), {}};
    record.cells.reserve(where.size());
    for (const auto& col : where) {
      record.cells.push_back(col && *col < row.size() ? Trim(row[*col]) : std::string());
    }
    records.push_back(std::move(record));
  }
  if (records.empty()) return MakeError(Code::kInvalidArgument, "文件中没有数据行");
  return records;
}

Result<std::vector<CheckedPerson>> CheckImportRecords(storage::Tx& tx, const Context& ctx,
                                                      const std::vector<ImportRecord>& records,
                                                      std::optional<ScopeHit>* scope_hit) {
  DX_ASSIGN_OR_RETURN(Lookups look, LoadLookups(tx, records));
  std::optional<ScopeHit> hit;
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<CheckedPerson> good;
  good.reserve(records.size());
  std::vector<ErrorDetail> bad;
  for (const ImportRecord& record : records) {
    RowReport report(record.row);
    CheckedPerson checked = CheckRecord(record, look, *ctx.principal, seen, report, hit);
    if (report.empty()) {
      good.push_back(std::move(checked));
    } else {
      auto& d = report.details();
      bad.insert(bad.end(), std::make_move_iterator(d.begin()), std::make_move_iterator(d.end()));
    }
  }
  if (hit) {
    if (scope_hit) *scope_hit = std::move(hit);
    return MakeError(Code::kAlreadyExists, std::string(kScopeDuplicateInFileMessage));
  }
  if (bad.empty()) return good;
  return ImportRejected(std::move(bad));
}

Result<int64_t> WriteImportedPeople(storage::Tx& tx, const Context& ctx,
                                    const std::vector<CheckedPerson>& people) {
  std::vector<PersonFields> fields;
  fields.reserve(people.size());
  for (const CheckedPerson& p : people) fields.push_back(p.fields);
  DX_ASSIGN_OR_RETURN(std::vector<int64_t> ids, InsertPeople(tx, fields, FormatTime(ctx.now)));
  std::vector<audit::Change> changes;
  changes.reserve(people.size());
  for (size_t i = 0; i < people.size(); ++i) {
    Person created;
    created.id = ids[i];
    created.f = people[i].fields;
    created.org_path = people[i].org_path;
    changes.push_back(
        {"import", std::string(kRecordType), created.id, created.org_path, std::nullopt, Snap(created), ""});
  }
  DX_RETURN_IF_ERROR(audit::RecordAll(tx, ctx, changes));
  return static_cast<int64_t>(people.size());
}

namespace {

// Import's checks and writes, in one transaction; the caller's hit count is
// locked first (ScopeHits), so a duplicate outside their scope is answered
// from it.
Result<int64_t> WriteImport(storage::Database& db, const Context& ctx, const tabular::Table& table,
                            const std::vector<ImportRecord>& records, bool dry_run) {
  const std::string via = dry_run ? "import_dry_run" : "import";
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(ScopeHits hits, ScopeHits::Lock(*tx, ctx, via));
  std::optional<ScopeHit> hit;
  auto people = WithCellProblems(table, CheckImportRecords(*tx, ctx, records, &hit));
  if (hit) {
    hit->via = via;
    return hits.Answer(*tx, ctx, *hit, kScopeDuplicateInFileMessage, "");
  }
  if (!people.ok()) return std::move(people).error();
  if (dry_run) return static_cast<int64_t>(people->size());
  DX_ASSIGN_OR_RETURN(int64_t written, WriteImportedPeople(*tx, ctx, *people));
  DX_RETURN_IF_ERROR(tx->Commit());
  return written;
}

}  // namespace

Result<int64_t> PeopleService::Import(const Context& ctx, const tabular::Table& table,
                                      bool dry_run) {
  if (!MayEditPeople(*ctx.principal)) return MakeError(Code::kPermissionDenied, "无权导入人员");
  // A file with cell problems (tabular::Table) is refused with them and with
  // every problem the checks find in the rest of it, in one answer.
  Result<std::vector<ImportRecord>> records = ReadImportRecords(table);
  if (!records.ok()) return WithCellProblems<int64_t>(table, std::move(records).error());
  return WriteImport(db_, ctx, table, *records, dry_run);
}

}  // namespace duxing::domain::people

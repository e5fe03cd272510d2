#include "domain/people/person.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/collation.hpp"
#include "common/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/communities/community.hpp"
#include "domain/orgs/org.hpp"
#include "storage/where.hpp"

namespace duxing::domain::people {

namespace {

constexpr std::string_view kSelect =
    "SELECT p.id, p.name, p.gender, p.birth_date, p.party_join_date, p.category, "
    "p.org_id, o.name, p.department_id, d.name, p.post, p.phone, p.community_id, "
    "c.name, p.status, p.archived, p.version, p.created_at, p.updated_at, o.path "
    "FROM people p JOIN orgs o ON o.id = p.org_id "
    "LEFT JOIN orgs d ON d.id = p.department_id "
    "LEFT JOIN communities c ON c.id = p.community_id";
constexpr std::string_view kCount =
    "SELECT COUNT(*) FROM people p JOIN orgs o ON o.id = p.org_id";
constexpr std::string_view kInsert =
    "INSERT INTO people (name, gender, birth_date, party_join_date, category, "
    "org_id, department_id, post, phone, community_id, status, created_at, "
    "updated_at, name_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, "
    "$13) RETURNING id";
constexpr std::string_view kUpdate =
    "UPDATE people SET name = $1, gender = $2, birth_date = $3, "
    "party_join_date = $4, category = $5, org_id = $6, department_id = $7, "
    "post = $8, phone = $9, community_id = $10, status = $11, updated_at = $12, "
    "archived = $13, version = version + 1, name_key = $16 WHERE id = $14 AND version = $15";
constexpr std::string_view kDuplicate =
    "SELECT id FROM people WHERE name = $1 AND birth_date = $2 AND archived = 0 "
    "AND id <> $3";

const std::map<std::string, std::string, std::less<>> kSortColumns = {
    {"name", "p.name_key"},  // pinyin order
    {"birth_date", "p.birth_date"},
    {"party_join_date", "p.party_join_date"},
    {"created_at", "p.created_at"}};

Person FromRow(const storage::Row& r) {
  Person p;
  p.id = r.Int(0);
  p.f.name = r.Text(1);
  p.f.gender = r.OptText(2);
  p.f.birth_date = r.OptText(3);
  p.f.party_join_date = r.OptText(4);
  p.f.category = r.Text(5);
  p.f.org_id = r.Int(6);
  p.org_name = r.Text(7);
  p.f.department_id = r.OptInt(8);
  p.department_name = r.OptText(9);
  p.f.post = r.Text(10);
  p.f.phone = r.Text(11);
  p.f.community_id = r.OptInt(12);
  p.community_name = r.OptText(13);
  p.f.status = r.Text(14);
  p.archived = r.Bool(15);
  p.version = r.Int(16);
  p.created_at = r.Text(17);
  p.updated_at = r.Text(18);
  p.org_path = r.Text(19);
  return p;
}

std::optional<std::string> IdText(const std::optional<int64_t>& v) {
  return v ? std::optional(std::to_string(*v)) : std::nullopt;
}

audit::Snapshot Snap(const Person& p) {
  return {{"name", p.f.name},
          {"gender", p.f.gender},
          {"birth_date", p.f.birth_date},
          {"party_join_date", p.f.party_join_date},
          {"category", p.f.category},
          {"org_id", std::to_string(p.f.org_id)},
          {"department_id", IdText(p.f.department_id)},
          {"post", p.f.post},
          {"phone", p.f.phone},
          {"community_id", IdText(p.f.community_id)},
          {"status", p.f.status},
          {"archived", p.archived ? "true" : "false"}};
}

Error NotFound() { return MakeError(Code::kNotFound, "人员不存在"); }
Error Stale() {
  return MakeError(Code::kConflict, "数据已被他人修改，请刷新后重试", "version");
}

Status FirstError(const std::vector<ErrorDetail>& problems) {
  if (problems.empty()) return Ok();
  return MakeError(Code::kInvalidArgument, problems.front().reason,
                   problems.front().column);
}

Result<Person> Load(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(std::string(kSelect) + " WHERE p.id = $1", {id}));
  if (rows.empty()) return NotFound();
  return FromRow(rows.front());
}

// Checks the records a person refers to and the caller's right to place the
// person in that org. Problems are keyed by field.
// Org permission failures are returned as kPermissionDenied, not as problems.
Result<std::vector<ErrorDetail>> CheckReferences(storage::Tx& tx, const Context& ctx,
                                                 const PersonFields& f) {
  std::vector<ErrorDetail> problems;
  auto org = orgs::OrgService::Load(tx, f.org_id);
  if (!org.ok() || !ctx.principal->CanRead(org->path)) {
    problems.push_back({0, "org_id", "所在组织不存在"});
  } else if (org->archived) {
    problems.push_back({0, "org_id", "所在组织已归档"});
  } else if (org->kind == orgs::Kind::kDepartment) {
    problems.push_back({0, "org_id", "所在组织应为党组织，科室请填在所在科室"});
  } else if (!ctx.principal->CanWrite(org->path)) {
    return MakeError(Code::kPermissionDenied, "无权在该组织下维护人员", "org_id");
  }
  if (f.department_id) {
    auto dept = orgs::OrgService::Load(tx, *f.department_id);
    if (!dept.ok() || dept->kind != orgs::Kind::kDepartment || dept->archived) {
      problems.push_back({0, "department_id", "科室不存在"});
    }
  }
  if (f.community_id) {
    DX_ASSIGN_OR_RETURN(
        storage::Rows rows,
        tx.Query("SELECT 1 FROM communities WHERE id = $1 AND archived = 0",
                 {*f.community_id}));
    if (rows.empty()) problems.push_back({0, "community_id", "居住社区不存在"});
  }
  return problems;
}

// Holds a role that may change people somewhere (system_admin, org_admin,
// branch_secretary): others are refused before any input is looked at.
bool MayEditPeople(const auth::Principal& p) {
  return std::any_of(p.grants.begin(), p.grants.end(),
                     [&](const auth::Grant& g) { return p.CanWrite(g.org_path); });
}

Result<bool> IsDuplicate(storage::Tx& tx, const PersonFields& f, int64_t self_id) {
  if (!f.birth_date) return false;
  DX_ASSIGN_OR_RETURN(storage::Rows dup,
                      tx.Query(kDuplicate, {f.name, *f.birth_date, self_id}));
  return !dup.empty();
}

storage::Params FieldParams(const PersonFields& f) {
  return {f.name,
          storage::Opt(f.gender),
          storage::Opt(f.birth_date),
          storage::Opt(f.party_join_date),
          f.category,
          f.org_id,
          storage::Opt(f.department_id),
          f.post,
          f.phone,
          storage::Opt(f.community_id),
          f.status};
}

// Builds the scope and filter conditions shared by List and ListAll.
Result<storage::Where> BuildWhere(storage::Tx& tx, const Context& ctx,
                                  const ListFilter& filter) {
  const auth::Principal& p = *ctx.principal;
  auto paths = p.ReadablePaths();
  if (paths.empty()) return MakeError(Code::kPermissionDenied, "无权查看人员名单");
  storage::Where w;
  if (!p.IsSystemAdmin()) w.And(storage::InSubtrees("o.path", paths));
  if (filter.org_id) {
    auto org = orgs::OrgService::Load(tx, *filter.org_id);
    if (!org.ok() || !p.CanRead(org->path)) {
      return MakeError(Code::kNotFound, "组织不存在", "org_id");
    }
    w.And("o.path LIKE ?", {org->path + "%"});
  }
  if (filter.category) w.And("p.category = ?", {*filter.category});
  if (filter.status) w.And("p.status = ?", {*filter.status});
  if (filter.q && !filter.q->empty()) {
    w.And("p.name LIKE ? ESCAPE '\\'", {storage::ContainsPattern(*filter.q)});
  }
  if (!filter.include_archived) w.And("p.archived = 0");
  return w;
}

std::string OrderBy(const std::string& sort) {
  bool desc = !sort.empty() && sort[0] == '-';
  auto it = kSortColumns.find(desc ? sort.substr(1) : sort);
  std::string col = it == kSortColumns.end() ? "p.name_key" : it->second;
  std::string dir = desc ? " DESC" : " ASC";
  // Both engines put people without the date last (they differ by default).
  // name_key and created_at are never null; leaving NULLS LAST off lets the
  // (name_key, id) index give the order without a sort.
  std::string nulls = col == "p.name_key" || col == "p.created_at" ? "" : " NULLS LAST";
  return " ORDER BY " + col + dir + nulls + ", p.id" + dir;
}

}  // namespace

std::vector<ErrorDetail> Validate(const PersonFields& f) {
  std::vector<ErrorDetail> out;
  auto add = [&](const char* field, std::string reason) {
    out.push_back({0, field, std::move(reason)});
  };
  if (f.name.empty()) {
    add("name", "姓名不能为空");
  } else if (Utf8Length(f.name) > 50) {
    add("name", "姓名不能超过 50 个字");
  }
  if (f.gender && LabelOf(kGenders, *f.gender).empty()) add("gender", "性别应为 男 或 女");
  if (f.birth_date && !IsValidDate(*f.birth_date)) {
    add("birth_date", "出生日期应为 YYYY-MM-DD 格式的有效日期");
  }
  if (f.party_join_date && !IsValidDate(*f.party_join_date)) {
    add("party_join_date", "入党日期应为 YYYY-MM-DD 格式的有效日期");
  }
  if (f.birth_date && f.party_join_date && IsValidDate(*f.birth_date) &&
      IsValidDate(*f.party_join_date) && *f.party_join_date <= *f.birth_date) {
    add("party_join_date", "入党日期应晚于出生日期");
  }
  if (LabelOf(kCategories, f.category).empty()) add("category", "人员类别无效");
  if (LabelOf(kStatuses, f.status).empty()) add("status", "状态无效");
  if (Utf8Length(f.post) > 50) add("post", "职务不能超过 50 个字");
  if (f.phone.size() > 20) {
    add("phone", "联系电话不能超过 20 位");
  } else {
    for (char c : f.phone) {
      if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' ||
            c == ' ')) {
        add("phone", "联系电话只能包含数字、空格、+ 和 -");
        break;
      }
    }
  }
  return out;
}

Result<std::shared_ptr<const SharedPage<Person>>> PeopleService::List(
    const Context& ctx, const ListFilter& filter) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Where w, BuildWhere(*tx, ctx, filter));
  std::string where = w.Sql();
  std::string count_sql = std::string(kCount) + where;
  storage::Params count_params = w.params();
  std::string limit = w.Bind(filter.page.limit);
  std::string offset = w.Bind(filter.page.offset);
  std::string sql = std::string(kSelect) + where + OrderBy(filter.sort) + " LIMIT " + limit +
                    " OFFSET " + offset;
  // Counting thousands of rows costs far more than reading a page: serve the
  // page from the cache while no write has happened since it was computed.
  DX_ASSIGN_OR_RETURN(int64_t generation,
                      storage::ReadGeneration(*tx, storage::kDataGeneration));
  std::string key = storage::QueryKey(sql, w.params());
  std::shared_ptr<const SharedPage<Person>> cached;
  if (list_cache_.Get(key, generation, cached)) return cached;
  Page<Person> page;
  DX_ASSIGN_OR_RETURN(storage::Row count, tx->QueryOne(count_sql, count_params));
  page.total = count.Int(0);
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(sql, w.params()));
  page.items.reserve(rows.size());
  for (const auto& r : rows) page.items.push_back(FromRow(r));
  cached = std::make_shared<const SharedPage<Person>>(std::move(page));
  list_cache_.Put(key, generation, cached);
  return cached;
}

Result<std::vector<Person>> PeopleService::ListAll(const Context& ctx,
                                                   ListFilter filter) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Where w, BuildWhere(*tx, ctx, filter));
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query(std::string(kSelect) + w.Sql() + OrderBy(filter.sort),
                                w.params()));
  std::vector<Person> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

Result<Person> PeopleService::Get(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  auto p = Load(*tx, id);
  if (!p.ok()) return p;
  if (ctx.principal->person_id == id || ctx.principal->CanRead(p->org_path)) return p;
  return NotFound();
}

Result<Person> PeopleService::Create(const Context& ctx, const PersonFields& f) {
  if (!MayEditPeople(*ctx.principal)) return MakeError(Code::kPermissionDenied, "无权新建人员");
  DX_RETURN_IF_ERROR(FirstError(Validate(f)));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(auto problems, CheckReferences(*tx, ctx, f));
  DX_RETURN_IF_ERROR(FirstError(problems));
  DX_ASSIGN_OR_RETURN(bool dup, IsDuplicate(*tx, f, 0));
  if (dup) return MakeError(Code::kAlreadyExists, "已有同名且出生日期相同的人员", "name");
  storage::Params params = FieldParams(f);
  params.push_back(FormatTime(ctx.now));
  params.push_back(NameSortKey(f.name));
  DX_ASSIGN_OR_RETURN(storage::Row row, tx->QueryOne(kInsert, params));
  DX_ASSIGN_OR_RETURN(Person created, Load(*tx, row.Int(0)));
  DX_RETURN_IF_ERROR(audit::Record(*tx, ctx,
                                   {"create", "person", created.id, created.org_path,
                                    std::nullopt, Snap(created), ""}));
  DX_RETURN_IF_ERROR(tx->Commit());
  return created;
}

namespace {

template <typename T>
void Apply(T& field, const std::optional<T>& patch) {
  if (patch) field = *patch;
}

// Writes `after` over `before` (same id) with the optimistic version check.
Result<Person> WriteBack(storage::Tx& tx, const Context& ctx, const Person& before,
                         const Person& after, int64_t version, const char* action) {
  storage::Params params = FieldParams(after.f);
  params.push_back(FormatTime(ctx.now));
  params.push_back(int64_t{after.archived});
  params.push_back(before.id);
  params.push_back(version);
  params.push_back(NameSortKey(after.f.name));
  DX_ASSIGN_OR_RETURN(int64_t n, tx.Exec(kUpdate, params));
  if (n == 0) return Stale();
  DX_ASSIGN_OR_RETURN(Person updated, Load(tx, before.id));
  DX_RETURN_IF_ERROR(audit::Record(tx, ctx,
                                   {action, "person", before.id, updated.org_path,
                                    Snap(before), Snap(updated), ""}));
  DX_RETURN_IF_ERROR(tx.Commit());
  return updated;
}

}  // namespace

Result<Person> PeopleService::Update(const Context& ctx, int64_t id,
                                     const PersonPatch& patch) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  auto loaded = Load(*tx, id);
  if (!loaded.ok() || !(ctx.principal->CanRead(loaded->org_path) ||
                        ctx.principal->person_id == id)) {
    return NotFound();
  }
  const Person& before = *loaded;
  if (!ctx.principal->CanWrite(before.org_path)) {
    return MakeError(Code::kPermissionDenied, "无权修改该人员");
  }
  if (before.version != patch.version) return Stale();
  if (before.archived) return MakeError(Code::kFailedPrecondition, "人员已归档，不能修改");
  Person after = before;
  PersonFields& f = after.f;
  Apply(f.name, patch.name);
  Apply(f.gender, patch.gender);
  Apply(f.birth_date, patch.birth_date);
  Apply(f.party_join_date, patch.party_join_date);
  Apply(f.category, patch.category);
  Apply(f.org_id, patch.org_id);
  Apply(f.department_id, patch.department_id);
  Apply(f.post, patch.post);
  Apply(f.phone, patch.phone);
  Apply(f.community_id, patch.community_id);
  Apply(f.status, patch.status);
  DX_RETURN_IF_ERROR(FirstError(Validate(f)));
  DX_ASSIGN_OR_RETURN(auto problems, CheckReferences(*tx, ctx, f));
  DX_RETURN_IF_ERROR(FirstError(problems));
  DX_ASSIGN_OR_RETURN(bool dup, IsDuplicate(*tx, f, id));
  if (dup) return MakeError(Code::kAlreadyExists, "已有同名且出生日期相同的人员", "name");
  return WriteBack(*tx, ctx, before, after, patch.version, "update");
}

Result<Person> PeopleService::Archive(const Context& ctx, int64_t id, int64_t version) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  auto loaded = Load(*tx, id);
  if (!loaded.ok() || !(ctx.principal->CanRead(loaded->org_path) ||
                        ctx.principal->person_id == id)) {
    return NotFound();
  }
  if (!ctx.principal->CanWrite(loaded->org_path)) {
    return MakeError(Code::kPermissionDenied, "无权归档该人员");
  }
  if (loaded->version != version) return Stale();
  if (loaded->archived) return MakeError(Code::kFailedPrecondition, "人员已归档");
  Person after = *loaded;
  after.archived = true;
  return WriteBack(*tx, ctx, *loaded, after, version, "archive");
}

const std::vector<std::string>& ImportColumns() {
  static const std::vector<std::string> kColumns = {
      "姓名", "性别", "出生日期", "入党日期", "人员类别", "所在支部",
      "所在科室", "职务", "联系电话", "居住社区", "状态"};
  return kColumns;
}

std::vector<std::string> ExportRow(const Person& p) {
  return {p.f.name,
          p.f.gender ? LabelOf(kGenders, *p.f.gender) : "",
          p.f.birth_date.value_or(""),
          p.f.party_join_date.value_or(""),
          LabelOf(kCategories, p.f.category),
          p.org_name,
          p.department_name.value_or(""),
          p.f.post,
          p.f.phone,
          p.community_name.value_or(""),
          LabelOf(kStatuses, p.f.status)};
}

Result<int64_t> PeopleService::Import(const Context& ctx, const tabular::Table& table,
                                      bool dry_run) {
  if (!MayEditPeople(*ctx.principal)) return MakeError(Code::kPermissionDenied, "无权导入人员");
  if (table.rows.empty()) {
    return MakeError(Code::kInvalidArgument, "文件为空，缺少表头行");
  }
  // Map header names (with or without a trailing '*') to column indexes.
  const auto& names = ImportColumns();
  std::map<std::string, size_t> col;
  const auto& header = table.rows.front();
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = Trim(header[i]);
    if (!h.empty() && h.back() == '*') h.pop_back();
    if (std::find(names.begin(), names.end(), h) != names.end()) col[h] = i;
  }
  Error bad = MakeError(Code::kInvalidArgument, "");
  for (const char* required : {"姓名", "人员类别", "所在支部"}) {
    if (!col.count(required)) {
      bad.details.push_back({1, required, "缺少必需的列"});
    }
  }
  if (!bad.details.empty()) {
    bad.message = "表头缺少必需的列，未导入任何数据";
    return bad;
  }
  if (table.rows.size() > 10001) {
    return MakeError(Code::kTooLarge, "一次最多导入 10000 行");
  }
  auto cell = [&](const std::vector<std::string>& row, const char* name) {
    auto it = col.find(name);
    if (it == col.end() || it->second >= row.size()) return std::string();
    return Trim(row[it->second]);
  };
  auto opt = [](std::string s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(std::move(s));
  };
  static const std::map<std::string, std::string> kFieldColumn = {
      {"name", "姓名"},          {"gender", "性别"},        {"birth_date", "出生日期"},
      {"party_join_date", "入党日期"}, {"category", "人员类别"}, {"org_id", "所在支部"},
      {"department_id", "所在科室"},   {"post", "职务"},         {"phone", "联系电话"},
      {"community_id", "居住社区"},    {"status", "状态"}};

  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  std::vector<std::pair<int, PersonFields>> good;
  std::set<std::pair<std::string, std::string>> seen;  // name + birth date
  for (size_t r = 1; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    int line = static_cast<int>(r + 1);
    bool blank = std::all_of(row.begin(), row.end(),
                             [](const std::string& c) { return Trim(c).empty(); });
    if (blank) continue;
    auto problem = [&](const std::string& column, std::string reason) {
      bad.details.push_back({line, column, std::move(reason)});
    };
    size_t before_count = bad.details.size();
    PersonFields f;
    f.name = cell(row, "姓名");
    std::string gender = cell(row, "性别");
    if (!gender.empty()) {
      f.gender = CodeOf(kGenders, gender);
      if (!f.gender) problem("性别", "性别应为 男 或 女");
    }
    f.birth_date = opt(cell(row, "出生日期"));
    f.party_join_date = opt(cell(row, "入党日期"));
    std::string category = cell(row, "人员类别");
    if (category.empty()) {
      problem("人员类别", "不能为空");
    } else if (auto c = CodeOf(kCategories, category)) {
      f.category = *c;
    } else {
      problem("人员类别", "未知的人员类别“" + category + "”");
    }
    std::string status = cell(row, "状态");
    if (!status.empty()) {
      if (auto s = CodeOf(kStatuses, status)) {
        f.status = *s;
      } else {
        problem("状态", "状态应为 正常、已转出 或 已故");
      }
    }
    f.post = cell(row, "职务");
    f.phone = cell(row, "联系电话");
    std::string branch = cell(row, "所在支部");
    if (branch.empty()) {
      problem("所在支部", "不能为空");
    } else {
      DX_ASSIGN_OR_RETURN(auto found, orgs::OrgService::FindByName(*tx, branch));
      std::erase_if(found, [&](const orgs::Org& o) {
        return o.kind == orgs::Kind::kDepartment || !ctx.principal->CanRead(o.path);
      });
      if (found.empty()) {
        problem("所在支部", "找不到支部“" + branch + "”");
      } else if (found.size() > 1) {
        problem("所在支部", "支部名称“" + branch + "”不唯一");
      } else if (!ctx.principal->CanWrite(found.front().path)) {
        problem("所在支部", "无权向支部“" + branch + "”导入人员");
      } else {
        f.org_id = found.front().id;
      }
    }
    std::string dept = cell(row, "所在科室");
    if (!dept.empty()) {
      DX_ASSIGN_OR_RETURN(auto found, orgs::OrgService::FindByName(*tx, dept));
      std::erase_if(found, [](const orgs::Org& o) { return o.kind != orgs::Kind::kDepartment; });
      if (found.size() != 1) {
        problem("所在科室", "找不到科室“" + dept + "”");
      } else {
        f.department_id = found.front().id;
      }
    }
    std::string community = cell(row, "居住社区");
    if (!community.empty()) {
      DX_ASSIGN_OR_RETURN(auto id, communities::CommunityService::FindByName(*tx, community));
      if (!id) {
        problem("居住社区", "找不到社区“" + community + "”");
      } else {
        f.community_id = id;
      }
    }
    for (const ErrorDetail& d : Validate(f)) {
      if (d.column == "category" || d.column == "status" || d.column == "gender") continue;
      problem(kFieldColumn.at(d.column), d.reason);
    }
    if (bad.details.size() == before_count && f.birth_date) {
      if (!seen.insert({f.name, *f.birth_date}).second) {
        problem("姓名", "与文件中前面的行重复（姓名和出生日期相同）");
      } else {
        DX_ASSIGN_OR_RETURN(bool dup, IsDuplicate(*tx, f, 0));
        if (dup) problem("姓名", "系统中已有同名且出生日期相同的人员");
      }
    }
    if (bad.details.size() == before_count) good.emplace_back(line, std::move(f));
  }
  if (!bad.details.empty()) {
    std::set<int> rows;
    for (const auto& d : bad.details) rows.insert(d.row);
    bad.message = "文件有 " + std::to_string(rows.size()) + " 行错误，未导入任何数据";
    return bad;
  }
  if (good.empty()) return MakeError(Code::kInvalidArgument, "文件中没有数据行");
  if (dry_run) return static_cast<int64_t>(good.size());
  std::string now = FormatTime(ctx.now);
  for (const auto& [line, f] : good) {
    storage::Params params = FieldParams(f);
    params.push_back(now);
    params.push_back(NameSortKey(f.name));
    DX_ASSIGN_OR_RETURN(storage::Row row, tx->QueryOne(kInsert, params));
    DX_ASSIGN_OR_RETURN(Person created, Load(*tx, row.Int(0)));
    DX_RETURN_IF_ERROR(audit::Record(*tx, ctx,
                                     {"import", "person", created.id, created.org_path,
                                      std::nullopt, Snap(created), ""}));
  }
  DX_RETURN_IF_ERROR(tx->Commit());
  return static_cast<int64_t>(good.size());
}

Result<int64_t> PeopleService::RefreshNameKeys(storage::Database& db) {
  const std::string version = NameSortKeyVersion();
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(storage::Rows stored,
                      tx->Query("SELECT value FROM settings WHERE name = 'name_key_version'", {}));
  // Keys of the current version are kept; rows without one are filled in.
  bool current = !stored.empty() && stored[0].Text(0) == version;
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      tx->Query(current ? "SELECT id, name FROM people WHERE name_key = ''"
                        : "SELECT id, name FROM people",
                {}));
  for (const auto& r : rows) {
    DX_RETURN_IF_ERROR(tx->Exec("UPDATE people SET name_key = $1 WHERE id = $2",
                                {NameSortKey(r.Text(1)), r.Int(0)}));
  }
  if (!current) {
    DX_RETURN_IF_ERROR(tx->Exec("DELETE FROM settings WHERE name = 'name_key_version'", {}));
    DX_RETURN_IF_ERROR(tx->Exec(
        "INSERT INTO settings (name, value) VALUES ('name_key_version', $1)", {version}));
  }
  if (!rows.empty()) DX_RETURN_IF_ERROR(storage::BumpGeneration(*tx, storage::kDataGeneration));
  DX_RETURN_IF_ERROR(tx->Commit());
  return static_cast<int64_t>(rows.size());
}

Status PeopleService::MayImport(const Context& ctx) const {
  if (ctx.principal == nullptr || !MayEditPeople(*ctx.principal)) {
    return MakeError(Code::kPermissionDenied, "无权导入人员");
  }
  return Ok();
}

}  // namespace duxing::domain::people

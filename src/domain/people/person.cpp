#include "domain/people/person.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "common/collation.hpp"
#include "common/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/communities/community.hpp"
#include "domain/people/duplicate_hits.hpp"
#include "domain/orgs/org.hpp"
#include "domain/list_query.hpp"
#include "domain/people/name_search.hpp"
#include "domain/people/person_rows.hpp"
#include "domain/versioned_write.hpp"
#include "storage/where.hpp"

namespace duxing::domain::people {

namespace {

constexpr std::string_view kColumns =
    "p.id, p.name, p.gender, p.birth_date, p.party_join_date, p.category, "
    "p.org_id, o.name, p.department_id, d.name, p.post, p.phone, p.community_id, "
    "c.name, p.status, p.archived, p.version, p.created_at, p.updated_at, o.path";
constexpr std::string_view kFrom =
    "FROM people p JOIN orgs o ON o.id = p.org_id "
    "LEFT JOIN orgs d ON d.id = p.department_id "
    "LEFT JOIN communities c ON c.id = p.community_id";
// A name search reads the person's grams (name_search.hpp) too. Joined on
// the id alone: a gram's name_key always equals its person's (written in one
// transaction), and PostgreSQL, which takes the two conditions for
// independent, estimated one row for every search and then read whole tables
// to sort them (100 ms for "lj"). Its probe reads people_id_scope (0021).
constexpr std::string_view kGramJoin = " JOIN person_name_grams g ON g.person_id = p.id";
constexpr std::string_view kUpdate =
    "UPDATE people SET name = $1, gender = $2, birth_date = $3, "
    "party_join_date = $4, category = $5, org_id = $6, department_id = $7, "
    "post = $8, phone = $9, community_id = $10, status = $11, updated_at = $12, "
    "archived = $13, version = version + 1, name_key = $16, "
    "org_path = (SELECT path FROM orgs WHERE id = $6) WHERE id = $14 AND version = $15";
constexpr std::string_view kOrgPath = "SELECT path FROM orgs WHERE id = $1";
constexpr std::string_view kNamesakes =
    "SELECT p.id, p.name, p.birth_date, o.name, o.path FROM people p "
    "JOIN orgs o ON o.id = p.org_id "
    "WHERE p.archived = 0 AND p.birth_date IS NOT NULL AND p.name IN (";
constexpr std::string_view kNamesakesEnd = ") ORDER BY p.id";

// Longest org (branch, department) and community name, as orgs and
// communities accept them.
constexpr size_t kMaxPlaceNameChars = 100;
const std::vector<FieldRule> kFieldRules = {
    {"name", "姓名", "姓名", 50},
    {"gender", "性别", "性别", 16},
    {"birth_date", "出生日期", "出生日期", 10},
    {"party_join_date", "入党日期", "入党日期", 10},
    {"category", "人员类别", "人员类别", 32},
    {"org_id", "所在支部", "所在支部", kMaxPlaceNameChars},
    {"department_id", "所在科室", "所在科室", kMaxPlaceNameChars},
    {"post", "职务", "职务", 50},
    {"phone", "联系电话", "联系电话", 20},
    {"community_id", "居住社区", "居住社区", kMaxPlaceNameChars},
    {"status", "状态", "状态", 32}};

// The list's declared orders, each backed by an index of migration 0015
// (people_list_*): name in pinyin order, dates with people without one last
// both ways, creation time; ties by id. A name search orders by name through
// its gram's rows (in name order in their index); its other orders sort the
// people found.
std::vector<ListSort> Sorts(std::string_view name_key, std::string_view id) {
  auto dated = [](std::string name, std::string column) {
    return ListSort{name, "COALESCE(" + column + ", '9999-99-99')", "COALESCE(" + column + ", '')",
                    "p.id"};
  };
  return {ListSort{"name", std::string(name_key), std::string(name_key), std::string(id)},
          dated("birth_date", "p.birth_date"), dated("party_join_date", "p.party_join_date"),
          ListSort{"created_at", "p.created_at", "p.created_at", "p.id"}};
}

// The list a query reads: a name search's (planned once: its gram drives
// it), the plain list's of a query that holds the caller's scope alone
// (planned once when that scope holds most people: ListSpec's
// plan_once_for_most), or the plain list's with filters (planned per value).
const ListSpec& ListOf(bool search, bool scope_only = false) {
  static const ListSpec kPlain{std::string(kColumns), std::string(kFrom), "FROM people p",
                               Sorts("p.name_key", "p.id"), "p.id"};
  static const ListSpec kScopeOnly = [] {
    ListSpec spec = kPlain;
    spec.plan_once_for_most = true;
    return spec;
  }();
  static const ListSpec kSearch{std::string(kColumns), std::string(kFrom) + std::string(kGramJoin),
                                "FROM people p" + std::string(kGramJoin),
                                Sorts("g.name_key", "g.person_id"), "p.id", std::string(kFrom),
                                /*plan_once=*/true};
  if (search) return kSearch;
  return scope_only ? kScopeOnly : kPlain;
}

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

Error NotFound() { return MakeError(Code::kNotFound, "人员不存在"); }

Status FirstError(const std::vector<ErrorDetail>& problems) {
  if (problems.empty()) return Ok();
  return MakeError(Code::kInvalidArgument, problems.front().reason,
                   problems.front().column);
}

Result<Person> Load(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query("SELECT " + std::string(kColumns) + " " + std::string(kFrom) +
                                   " WHERE p.id = $1",
                               {id}));
  if (rows.empty()) return NotFound();
  return FromRow(rows.front());
}

// How a person is read and audited by their versioned writes.
const VersionedRecord<Person>& PersonRecord() {
  static const VersionedRecord<Person> kRecord{
      std::string(kRecordType), Load, [](const Person& p) { return p.version; }, Snap,
      [](const Person& p) { return std::optional(p.org_path); }};
  return kRecord;
}

// The record types a list page is read from (kSelect joins them): a write
// to any of them may change a page, a write to another never does.
const std::vector<std::string>& ListReads() {
  static const std::vector<std::string> kReads = {std::string(kRecordType),
                                                  std::string(orgs::kRecordType),
                                                  std::string(communities::kRecordType)};
  return kReads;
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

std::optional<std::string> IdText(const std::optional<int64_t>& v) {
  return v ? std::optional(std::to_string(*v)) : std::nullopt;
}

// kAlreadyExists when another person (not `self_id`) has f's name and birth
// date, told as DuplicateReason tells it to the caller when they may read
// that person. When they may not, `hit` is set (for ScopeHits::Answer) and
// the error names nothing.
Status CheckDuplicate(storage::Tx& tx, const Context& ctx, const PersonFields& f, int64_t self_id,
                      std::string_view via, std::optional<ScopeHit>& hit) {
  if (!f.birth_date) return Ok();
  DX_ASSIGN_OR_RETURN(auto namesakes, FindNamesakes(tx, {f.name}));
  for (const Namesake& n : namesakes) {
    if (n.id == self_id || n.name != f.name || n.birth_date != *f.birth_date) continue;
    if (!ctx.principal->CanRead(n.org_path)) {
      DX_ASSIGN_OR_RETURN(orgs::Org target, orgs::OrgService::Load(tx, f.org_id));
      hit = ScopeHit{std::string(via), f.name, *f.birth_date, n.id, n.org_path, target.path};
      return MakeError(Code::kAlreadyExists, std::string(kScopeDuplicateMessage), "name");
    }
    return MakeError(Code::kAlreadyExists, DuplicateReason(n), "name");
  }
  return Ok();
}

storage::Params FieldValues(const PersonFields& f) {
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

// The scope and filter conditions shared by List and ListAll, on the
// columns the list indexes hold (p.org_path, not o.path), and whether they
// search names (ListOf(search)).
struct PeopleQuery {
  storage::Where where;
  bool search = false;
  bool filtered = false;  // an org, category or status filter beside the scope
};

// The path of org `id`, from `paths` while no org has changed (a list by
// org asked for again reads nothing but the change counters).
Result<std::string> OrgPath(storage::Tx& tx, storage::GenerationCache<std::string>& paths,
                            int64_t id) {
  static const std::vector<std::string> kOrgs = {std::string(orgs::kRecordType)};
  DX_ASSIGN_OR_RETURN(int64_t generation, storage::ReadGeneration(tx, kOrgs));
  const std::string key = std::to_string(id);
  std::string path;
  if (paths.Get(key, generation, path)) return path;
  DX_ASSIGN_OR_RETURN(orgs::Org org, orgs::OrgService::Load(tx, id));
  paths.Put(key, generation, org.path);
  return org.path;
}

Result<PeopleQuery> BuildQuery(storage::Tx& tx, const Context& ctx, const ListFilter& filter,
                               storage::GenerationCache<std::string>& org_paths) {
  const auth::Principal& p = *ctx.principal;
  auto paths = p.ReadablePaths();
  if (paths.empty()) return MakeError(Code::kPermissionDenied, "无权查看人员名单");
  PeopleQuery q;
  storage::Where& w = q.where;
  if (!p.IsSystemAdmin()) w.And(storage::InSubtrees("p.org_path", paths));
  if (filter.org_id) {
    auto org_path = OrgPath(tx, org_paths, *filter.org_id);
    if (!org_path.ok() || !p.CanRead(*org_path)) {
      return MakeError(Code::kNotFound, "组织不存在", "org_id");
    }
    w.And("p.org_path LIKE ?", {*org_path + "%"});
  }
  if (filter.category) w.And("p.category = ?", {*filter.category});
  if (filter.status) w.And("p.status = ?", {*filter.status});
  q.filtered = filter.org_id || filter.category || filter.status;
  DX_ASSIGN_OR_RETURN(std::optional<NameLookup> lookup, LookUpName(filter.q.value_or("")));
  if (lookup) {
    q.search = true;
    w.And("g.kind = ? AND g.gram = ?", {lookup->gram.kind, lookup->gram.gram});
    if (lookup->contains) {
      w.And("p.name LIKE ? ESCAPE '\\'", {storage::ContainsPattern(*lookup->contains)});
    }
  }
  if (!filter.include_archived) w.And("p.archived = 0");
  return q;
}

}  // namespace

const std::vector<FieldRule>& FieldRules() { return kFieldRules; }

const FieldRule& RuleOf(std::string_view field) {
  for (const FieldRule& r : kFieldRules) {
    if (r.field == field) return r;
  }
  std::abort();  // a bug: every caller names a field of kFieldRules
}

std::string TextProblem(const FieldRule& rule, std::string_view text) {
  std::string label(rule.label);
  if (!IsValidUtf8(text)) return label + "含有无法识别的字符（不是有效的 UTF-8 文本）";
  if (HasControlCharacters(text)) return label + "不能包含控制字符";
  if (Utf8Length(text) > rule.max_chars) {
    return label + "不能超过 " + std::to_string(rule.max_chars) + " 个字";
  }
  return "";
}

std::vector<ErrorDetail> Validate(const PersonFields& f) {
  std::vector<ErrorDetail> out;
  auto add = [&](std::string_view field, std::string reason) {
    out.push_back({0, std::string(field), std::move(reason)});
  };
  // The text rule first; a field's own rule only when the text is sound.
  auto text_ok = [&](std::string_view field, std::string_view text) {
    std::string problem = TextProblem(RuleOf(field), text);
    if (problem.empty()) return true;
    add(field, std::move(problem));
    return false;
  };
  if (f.name.empty()) {
    add("name", "姓名不能为空");
  } else {
    text_ok("name", f.name);
  }
  if (f.gender && text_ok("gender", *f.gender) && LabelOf(kGenders, *f.gender).empty()) {
    add("gender", "性别应为 男 或 女");
  }
  bool birth_ok = f.birth_date && text_ok("birth_date", *f.birth_date);
  if (birth_ok && !IsValidDate(*f.birth_date)) {
    add("birth_date", "出生日期应为 YYYY-MM-DD 格式的有效日期");
    birth_ok = false;
  }
  bool join_ok = f.party_join_date && text_ok("party_join_date", *f.party_join_date);
  if (join_ok && !IsValidDate(*f.party_join_date)) {
    add("party_join_date", "入党日期应为 YYYY-MM-DD 格式的有效日期");
    join_ok = false;
  }
  if (birth_ok && join_ok && *f.party_join_date <= *f.birth_date) {
    add("party_join_date", "入党日期应晚于出生日期");
  }
  if (text_ok("category", f.category) && LabelOf(kCategories, f.category).empty()) {
    add("category", "人员类别无效");
  }
  if (text_ok("status", f.status) && LabelOf(kStatuses, f.status).empty()) {
    add("status", "状态无效");
  }
  text_ok("post", f.post);
  if (text_ok("phone", f.phone)) {
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

const std::vector<std::string_view>& PersonInsertColumns() {
  static const std::vector<std::string_view> kColumns = {
      "name",   "gender",        "birth_date", "party_join_date", "category",
      "org_id", "department_id", "post",       "phone",           "community_id",
      "status", "created_at",    "updated_at", "name_key"};
  return kColumns;
}

storage::Params InsertValues(const PersonFields& f, const std::string& now) {
  storage::Params values = FieldValues(f);
  values.push_back(now);
  values.push_back(now);
  values.push_back(NameSortKey(f.name));
  return values;
}

Result<std::vector<int64_t>> InsertPeople(storage::Tx& tx, const std::vector<PersonFields>& fields,
                                          const std::string& now) {
  // Each row carries its org's path (the lists' scope column), looked up
  // once per org; its name's grams are written with it (name_search.hpp).
  std::map<int64_t, std::string> paths;
  for (const PersonFields& f : fields) {
    if (paths.count(f.org_id)) continue;
    DX_ASSIGN_OR_RETURN(storage::Rows found, tx.Query(kOrgPath, {f.org_id}));
    paths[f.org_id] = found.empty() ? "" : found[0].Text(0);
  }
  std::vector<std::string_view> columns = PersonInsertColumns();
  columns.push_back("org_path");
  std::vector<storage::Params> rows;
  std::vector<std::string> names;
  rows.reserve(fields.size());
  names.reserve(fields.size());
  for (const PersonFields& f : fields) {
    rows.push_back(InsertValues(f, now));
    rows.back().push_back(paths[f.org_id]);
    names.push_back(f.name);
  }
  DX_ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                      storage::InsertRows(tx, "people", columns, rows, storage::Returning::kIds));
  DX_RETURN_IF_ERROR(WriteNameGrams(tx, ids, names));
  return ids;
}

Result<std::vector<Namesake>> FindNamesakes(storage::Tx& tx,
                                            const std::vector<std::string>& names) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, storage::QueryIn(tx, kNamesakes, kNamesakesEnd, names));
  std::vector<Namesake> out;
  out.reserve(rows.size());
  for (const storage::Row& r : rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)});
  }
  return out;
}

std::string DuplicateReason(const Namesake& existing) {
  return "系统中已有同名且出生日期相同的人员（" + existing.org_name + "，编号 " +
         std::to_string(existing.id) + "）";
}

bool MayEditPeople(const auth::Principal& p) {
  return std::any_of(p.grants.begin(), p.grants.end(),
                     [&](const auth::Grant& g) { return p.CanWrite(g.org_path); });
}

PeopleService::PeopleService(storage::Database& db, size_t list_cache_bytes,
                             ImportOptions import)
    : db_(db), import_(import), list_cache_(CachedPageBytes, list_cache_bytes),
      org_paths_([](const std::string& path) { return path.size() + 64; }, kOrgPathCacheBytes),
      list_(ListReads()) {}

size_t CachedPageBytes(const std::shared_ptr<const SharedPage<Person>>& page) {
  // The keys, punctuation, numbers and flags of one person's JSON object.
  constexpr size_t kRenderedPersonOverhead = 400;
  auto text = [](const std::optional<std::string>& s) { return s ? s->size() : 0; };
  size_t bytes = sizeof(SharedPage<Person>);
  for (const Person& p : page->page().items) {
    size_t held = p.f.name.size() + text(p.f.gender) + text(p.f.birth_date) +
                  text(p.f.party_join_date) + p.f.category.size() + p.f.post.size() +
                  p.f.phone.size() + p.f.status.size() + p.org_name.size() + p.org_path.size() +
                  text(p.department_name) + text(p.community_name) + p.created_at.size() +
                  p.updated_at.size();
    bytes += sizeof(Person) + held + held + kRenderedPersonOverhead;
  }
  return bytes;
}

Result<std::shared_ptr<const SharedPage<Person>>> PeopleService::List(
    const Context& ctx, const ListFilter& filter) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(PeopleQuery q, BuildQuery(*tx, ctx, filter, org_paths_));
  const ListSpec& spec = ListOf(q.search, !q.filtered);
  // A page asked for again is served from the cache while no write has
  // happened since it was computed.
  DX_ASSIGN_OR_RETURN(int64_t generation, storage::ReadGeneration(*tx, ListReads()));
  std::string key = storage::QueryKey(
      spec.from + q.where.Sql() + "\n" + filter.sort + "\n" + filter.page.cursor,
      q.where.params()) +
      "\n" + std::to_string(filter.page.limit) + "\n" + std::to_string(filter.page.offset);
  std::shared_ptr<const SharedPage<Person>> cached;
  if (list_cache_.Get(key, generation, cached)) return cached;
  DX_ASSIGN_OR_RETURN(ListRows rows, list_.Page(*tx, spec, q.where, filter.sort, filter.page));
  Page<Person> page;
  page.total = rows.total;
  page.next_cursor = std::move(rows.next_cursor);
  page.items.reserve(rows.rows.size());
  for (const auto& r : rows.rows) page.items.push_back(FromRow(r));
  cached = std::make_shared<const SharedPage<Person>>(std::move(page));
  list_cache_.Put(key, generation, cached);
  return cached;
}

std::pair<std::string, storage::Params> PeopleService::ListSql(const Context& ctx,
                                                              const ListFilter& filter) {
  auto tx = db_.Begin(storage::TxMode::kRead);
  if (!tx.ok()) return {};
  auto q = BuildQuery(**tx, ctx, filter, org_paths_);
  if (!q.ok()) return {};
  return ListQuery::PageSql(ListOf(q->search), q->where, filter.sort);
}

Result<std::vector<Person>> PeopleService::ListAll(const Context& ctx,
                                                   ListFilter filter) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(PeopleQuery q, BuildQuery(*tx, ctx, filter, org_paths_));
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      ListQuery::All(*tx, ListOf(q.search), q.where, filter.sort));
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

namespace {

// Create's write. A person with a birth date locks the caller's hit count
// first (ScopeHits), so a duplicate outside their scope is answered from it.
Result<Person> WriteNew(storage::Database& db, const Context& ctx, const PersonFields& f) {
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  std::optional<ScopeHits> hits;
  if (f.birth_date) {
    DX_ASSIGN_OR_RETURN(hits, ScopeHits::Lock(*tx, ctx, "create"));
  }
  DX_ASSIGN_OR_RETURN(auto problems, CheckReferences(*tx, ctx, f));
  DX_RETURN_IF_ERROR(FirstError(problems));
  std::optional<ScopeHit> hit;
  Status unique = CheckDuplicate(*tx, ctx, f, 0, "create", hit);
  if (hit) return hits->Answer(*tx, ctx, *hit, kScopeDuplicateMessage, "name");
  DX_RETURN_IF_ERROR(unique);
  DX_ASSIGN_OR_RETURN(auto ids, InsertPeople(*tx, {f}, FormatTime(ctx.now)));
  return FinishCreate(*tx, ctx, PersonRecord(), ids.front());
}

}  // namespace

Result<Person> PeopleService::Create(const Context& ctx, const PersonFields& f) {
  if (!MayEditPeople(*ctx.principal)) return MakeError(Code::kPermissionDenied, "无权新建人员");
  DX_RETURN_IF_ERROR(FirstError(Validate(f)));
  return WriteNew(db_, ctx, f);
}

namespace {

template <typename T>
void Apply(T& field, const std::optional<T>& patch) {
  if (patch) field = *patch;
}

// A versioned write of person `id` that `change` makes (and checks) from
// the stored one, by a caller who may write people of its org.
Result<Person> Write(storage::Database& db, const Context& ctx, int64_t id, int64_t version,
                     const std::string& action, std::string_view denied,
                     std::function<Status(storage::Tx&, const Person&, Person&)> change) {
  VersionedWrite<Person> w;
  w.action = action;
  w.id = id;
  w.version = version;
  w.authorize = [&](storage::Tx&, const Person& before) -> Status {
    if (!(ctx.principal->CanRead(before.org_path) || ctx.principal->person_id == id)) {
      return NotFound();
    }
    if (!ctx.principal->CanWrite(before.org_path)) {
      return MakeError(Code::kPermissionDenied, std::string(denied));
    }
    return Ok();
  };
  w.change = std::move(change);
  w.write = [&](storage::Tx& tx, const Person& before, const Person& after) -> Result<int64_t> {
    storage::Params params = FieldValues(after.f);
    params.push_back(FormatTime(ctx.now));
    params.push_back(int64_t{after.archived});
    params.push_back(id);
    params.push_back(version);
    params.push_back(NameSortKey(after.f.name));
    DX_ASSIGN_OR_RETURN(int64_t changed, tx.Exec(kUpdate, params));
    if (changed == 1 && after.f.name != before.f.name) {
      DX_RETURN_IF_ERROR(DeleteNameGrams(tx, id, before.f.name));
      DX_RETURN_IF_ERROR(WriteNameGrams(tx, {id}, {after.f.name}));
    }
    return Result<int64_t>(changed);
  };
  return WriteVersioned(db, ctx, PersonRecord(), w);
}

}  // namespace

Result<Person> PeopleService::Update(const Context& ctx, int64_t id,
                                     const PersonPatch& patch) {
  auto change = [&](storage::Tx& tx, const Person& before, Person& after) -> Status {
    if (before.archived) return MakeError(Code::kFailedPrecondition, "人员已归档，不能修改");
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
    // Only a new name or birth date can make the person match someone.
    const bool check =
        f.birth_date && (f.name != before.f.name || f.birth_date != before.f.birth_date);
    std::optional<ScopeHits> hits;
    if (check) {
      DX_ASSIGN_OR_RETURN(hits, ScopeHits::Lock(tx, ctx, "update"));
    }
    DX_ASSIGN_OR_RETURN(auto problems, CheckReferences(tx, ctx, f));
    DX_RETURN_IF_ERROR(FirstError(problems));
    if (check) {
      std::optional<ScopeHit> hit;
      Status unique = CheckDuplicate(tx, ctx, f, id, "update", hit);
      if (hit) return hits->Answer(tx, ctx, *hit, kScopeDuplicateMessage, "name");
      DX_RETURN_IF_ERROR(unique);
    }
    return Ok();
  };
  return Write(db_, ctx, id, patch.version, "update", "无权修改该人员", change);
}

Result<Person> PeopleService::Archive(const Context& ctx, int64_t id, int64_t version) {
  return Write(db_, ctx, id, version, "archive", "无权归档该人员",
               [](storage::Tx&, const Person& before, Person& after) -> Status {
                 if (before.archived) {
                   return MakeError(Code::kFailedPrecondition, "人员已归档");
                 }
                 after.archived = true;
                 return Ok();
               });
}

const std::vector<std::string>& ImportColumns() {
  static const std::vector<std::string> kColumns = [] {
    std::vector<std::string> out;
    for (const FieldRule& r : kFieldRules) out.emplace_back(r.column);
    return out;
  }();
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
  // The name grams (name_search.hpp) hold the keys and the pinyin of this
  // collation: rebuilt with the keys, or when made by another version or not
  // yet (the first start after migration 0015).
  const std::string grams_version = version + "-g1";
  DX_ASSIGN_OR_RETURN(
      storage::Rows grams,
      tx->Query("SELECT value FROM settings WHERE name = 'name_grams_version'", {}));
  if (!rows.empty() || grams.empty() || grams[0].Text(0) != grams_version) {
    DX_RETURN_IF_ERROR(RebuildNameGrams(*tx));
    DX_RETURN_IF_ERROR(tx->Exec("DELETE FROM settings WHERE name = 'name_grams_version'", {}));
    DX_RETURN_IF_ERROR(tx->Exec(
        "INSERT INTO settings (name, value) VALUES ('name_grams_version', $1)", {grams_version}));
  }
  if (!rows.empty()) {
    DX_RETURN_IF_ERROR(storage::BumpGenerations(*tx, {std::string(kRecordType)}));
  }
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

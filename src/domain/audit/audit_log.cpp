#include "domain/audit/audit_log.hpp"

#include <cstdlib>
#include <set>

#include "common/text.hpp"
#include "domain/auth/account_service.hpp"
#include "domain/list_query.hpp"
#include "domain/vocabulary.hpp"
#include "storage/generation.hpp"
#include "storage/where.hpp"

namespace duxing::domain::audit {
namespace {

const std::vector<std::string_view> kInsertColumns = {
    "at",       "actor_id",    "actor_name", "action",     "record_type", "record_id",
    "org_path", "before_json", "after_json", "request_id", "client_ip"};
constexpr std::string_view kColumnList =
    "id, at, actor_id, actor_name, action, record_type, record_id, "
    "before_json, after_json, request_id, client_ip, ";

// The record's current name and, for records that lie in an org, that org's
// path now, as each record type declares them (RecordType::name_source; the
// Catalog admits plain identifiers only): two columns.
std::string RecordNameSql(const Catalog& catalog) {
  std::string names, paths;
  for (const ModuleInfo* m : catalog.modules()) {
    for (const RecordType& r : m->record_types) {
      const RecordType::NameSource& n = r.name_source;
      if (!n.table) continue;
      std::string when = std::string(" WHEN '") + r.code + "' THEN ";
      names += when + "(SELECT n." + n.column + " FROM " + n.table +
               " n WHERE n.id = audit_log.record_id)";
      if (n.org_column) {
        paths += when + "(SELECT o.path FROM " + n.table + " n JOIN orgs o ON o.id = n." +
                 n.org_column + " WHERE n.id = audit_log.record_id)";
      }
    }
  }
  return (names.empty() ? std::string("''") : "COALESCE(CASE record_type" + names + " END, '')") +
         ", " + (paths.empty() ? std::string("NULL") : "CASE record_type" + paths + " END");
}

constexpr std::string_view kOrgNames =
    "SELECT id, name, path FROM orgs WHERE CAST(id AS TEXT) IN (";
constexpr std::string_view kCommunityNames =
    "SELECT id, name FROM communities WHERE CAST(id AS TEXT) IN (";
constexpr std::string_view kPersonNames =
    "SELECT p.id, p.name, o.path FROM people p JOIN orgs o ON o.id = p.org_id "
    "WHERE CAST(p.id AS TEXT) IN (";

// The org paths an account belongs to: those of its grants and of its person.
constexpr std::string_view kGrantPaths =
    "SELECT g.account_id, o.path FROM role_grants g JOIN orgs o ON o.id = g.org_id "
    "WHERE CAST(g.account_id AS TEXT) IN (";
constexpr std::string_view kPersonPaths =
    "SELECT a.id, o.path FROM accounts a JOIN people p ON p.id = a.person_id "
    "JOIN orgs o ON o.id = p.org_id WHERE CAST(a.id AS TEXT) IN (";

std::vector<std::string> AsText(const std::set<int64_t>& ids) {
  std::vector<std::string> out;
  for (int64_t id : ids) out.push_back(std::to_string(id));
  return out;
}

void AppendJsonString(std::string& out, std::string_view raw) {
  std::string s = ToValidUtf8(raw);
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

// Replaces the actor name of each entry in `entries` whose acting account
// belongs to no org `p` may read (kOtherUnitActor): the names of accounts
// outside the reader's scope are not the reader's, as record names are not.
// Entries without an acting account (failed sign-ins, jobs) and the reader's
// own entries keep theirs.
Status HideActorsOutOfScope(storage::Tx& tx, const auth::Principal& p,
                            std::vector<Entry>& entries) {
  if (p.IsSystemAdmin()) return Ok();
  std::set<int64_t> actors;
  for (const Entry& e : entries) {
    if (e.actor_id && *e.actor_id != p.account_id) actors.insert(*e.actor_id);
  }
  if (actors.empty()) return Ok();
  std::set<int64_t> in_scope;
  for (std::string_view sql : {kGrantPaths, kPersonPaths}) {
    DX_ASSIGN_OR_RETURN(storage::Rows rows, storage::QueryIn(tx, sql, ")", AsText(actors)));
    for (const auto& r : rows) {
      if (p.CanRead(r.Text(1))) in_scope.insert(r.Int(0));
    }
  }
  for (Entry& e : entries) {
    if (e.actor_id && *e.actor_id != p.account_id && !in_scope.contains(*e.actor_id)) {
      e.actor_name = kOtherUnitActor;
    }
  }
  return Ok();
}

}  // namespace

std::string SnapshotJson(const Snapshot& s) {
  std::string out = "{";
  for (size_t i = 0; i < s.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, s[i].first);
    out += ':';
    if (s[i].second) {
      AppendJsonString(out, *s[i].second);
    } else {
      out += "null";
    }
  }
  out += '}';
  return out;
}

Status Record(storage::Tx& tx, const Context& ctx, const Change& c) {
  return RecordAll(tx, ctx, {c});
}

Status RecordAll(storage::Tx& tx, const Context& ctx, const std::vector<Change>& changes) {
  if (changes.empty()) return Ok();
  std::optional<int64_t> actor_id;
  std::string actor;
  if (ctx.principal) {
    if (ctx.principal->account_id > 0) actor_id = ctx.principal->account_id;
    actor = ctx.principal->display_name;
  }
  const std::string at = FormatTime(ctx.now);
  std::vector<storage::Params> rows;
  rows.reserve(changes.size());
  std::set<std::string> changed;  // record types, each once however many entries
  for (const Change& c : changes) {
    if (c.changed) {
      changed.insert(c.changed->begin(), c.changed->end());
    } else {
      changed.insert(c.record_type);
    }
    std::optional<std::string> before, after;
    if (c.before) before = SnapshotJson(*c.before);
    if (c.after) after = SnapshotJson(*c.after);
    const std::string& actor_name = c.actor_name_override.empty() ? actor : c.actor_name_override;
    rows.push_back({at, storage::Opt(actor_id), ToValidUtf8(actor_name), c.action, c.record_type,
                    storage::Opt(c.record_id), storage::Opt(c.org_path), storage::Opt(before),
                    storage::Opt(after), ctx.request_id, ctx.client_ip});
  }
  DX_RETURN_IF_ERROR(
      storage::InsertRows(tx, "audit_log", kInsertColumns, rows, storage::Returning::kNothing));
  return storage::BumpGenerations(tx, {changed.begin(), changed.end()});
}

Result<Page<Entry>> List(storage::Database& db, const Catalog& catalog, const Context& ctx,
                         const Filter& f) {
  const auth::Principal& p = *ctx.principal;
  storage::Where w;
  if (!p.IsSystemAdmin()) {
    auto paths = p.AdministeredPaths();
    if (paths.empty()) return MakeError(Code::kPermissionDenied, "无权查看审计日志");
    storage::Condition scope = storage::InSubtrees("org_path", paths);
    // Communities are shared reference data: every org admin sees their history.
    scope.sql += " OR record_type = 'community' OR actor_id = ?";
    scope.values.push_back(p.account_id);
    // Failed sign-ins of the accounts they manage (they carry no org and no
    // actor): an admin is the one to notice someone guessing a password.
    storage::Condition managed = auth::ManagedAccounts("audit_log.record_id", paths);
    scope.sql += " OR (action = 'login_failed' AND record_type = 'account' AND " +
                 managed.sql + ")";
    scope.values.insert(scope.values.end(), managed.values.begin(), managed.values.end());
    w.And(std::move(scope));
  }
  if (f.actor_id) w.And("actor_id = ?", {*f.actor_id});
  if (f.record_type) w.And("record_type = ?", {*f.record_type});
  if (f.record_id) w.And("record_id = ?", {*f.record_id});
  if (f.action) w.And("action = ?", {*f.action});
  if (f.from) w.And("at >= ?", {*f.from});
  if (f.to) w.And("at < ?", {*f.to});

  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
  // Newest first by id (the primary key: no sort). The log grows with nearly
  // every request, so its total is counted per page, not kept.
  const ListSpec kList{std::string(kColumnList) + RecordNameSql(catalog), "FROM audit_log",
                       "FROM audit_log", {ListSort{"id", "id", "id", "id", true}}, "id"};
  ListQuery list;
  DX_ASSIGN_OR_RETURN(ListRows rows, list.Page(*tx, kList, w, "-id", f.page));
  Page<Entry> page;
  page.total = rows.total;
  page.next_cursor = std::move(rows.next_cursor);
  for (const storage::Row& r : rows.rows) {
    page.items.push_back(Entry{r.Int(0), r.Text(1), r.OptInt(2), r.Text(3),
                               r.Text(4), r.Text(5), r.OptInt(6), r.OptText(7),
                               r.OptText(8), r.Text(9), r.Text(10), r.Text(11)});
    // An entry written while its record was in scope stays visible; the
    // name the record has now, out of the reader's scope, is not theirs.
    std::optional<std::string> now_at = r.OptText(12);
    if (now_at && !p.CanRead(*now_at)) page.items.back().record_name.clear();
  }
  DX_RETURN_IF_ERROR(HideActorsOutOfScope(*tx, p, page.items));
  return page;
}

std::string_view ReferenceKind(std::string_view field) {
  if (field == "org_id" || field == "department_id" || field == "parent_id") return "org";
  if (field == "community_id") return "community";
  if (field == "person_id" || field == "existing_person_id") return "person";
  return "";
}

std::string ShownValue(const Catalog& catalog, std::string_view record_type,
                       std::string_view field, const std::optional<std::string>& value,
                       const ReferenceNames& names) {
  if (!value || value->empty()) return "（空）";
  if (const RecordType* r = catalog.FindRecordType(record_type)) {
    for (const auto& [name, vocabulary] : r->coded_fields) {
      if (field == name) return LabelOrCode(*vocabulary, *value);
    }
  }
  std::string_view kind = ReferenceKind(field);
  if (!kind.empty()) {
    const auto& map = kind == "org" ? names.orgs : kind == "community" ? names.communities
                                                                        : names.people;
    int64_t id = std::atoll(value->c_str());
    if (auto it = map.find(id); it != map.end()) return it->second;
  }
  return *value;
}

Result<ReferenceNames> LoadReferenceNames(storage::Database& db, const Context& ctx,
                                          const std::set<int64_t>& orgs,
                                          const std::set<int64_t>& communities,
                                          const std::set<int64_t>& people) {
  ReferenceNames out;
  if (orgs.empty() && communities.empty() && people.empty()) return out;
  const auth::Principal& p = *ctx.principal;
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Rows o, storage::QueryIn(*tx, kOrgNames, ")", AsText(orgs)));
  for (const auto& r : o) {
    if (p.CanRead(r.Text(2))) out.orgs[r.Int(0)] = r.Text(1);
  }
  DX_ASSIGN_OR_RETURN(storage::Rows c,
                      storage::QueryIn(*tx, kCommunityNames, ")", AsText(communities)));
  for (const auto& r : c) out.communities[r.Int(0)] = r.Text(1);
  DX_ASSIGN_OR_RETURN(storage::Rows h, storage::QueryIn(*tx, kPersonNames, ")", AsText(people)));
  for (const auto& r : h) {
    if (p.CanRead(r.Text(2))) out.people[r.Int(0)] = r.Text(1);
  }
  return out;
}

}  // namespace duxing::domain::audit

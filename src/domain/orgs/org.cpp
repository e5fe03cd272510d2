#include "domain/orgs/org.hpp"

#include <unordered_map>

#include "common/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"
#include "domain/vocabulary.hpp"
#include "storage/where.hpp"

namespace duxing::domain::orgs {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, parent_id, name, kind, path, sort_order, archived, version, "
    "created_at, updated_at FROM orgs";
constexpr std::string_view kInsert =
    "INSERT INTO orgs (parent_id, name, kind, path, sort_order, created_at, "
    "updated_at) VALUES ($1, $2, $3, '', $4, $5, $5) RETURNING id";
constexpr std::string_view kSetPath = "UPDATE orgs SET path = $1 WHERE id = $2";
constexpr std::string_view kUpdate =
    "UPDATE orgs SET name = $1, kind = $2, parent_id = $3, sort_order = $4, "
    "path = $5, version = version + 1, updated_at = $6 "
    "WHERE id = $7 AND version = $8";
constexpr std::string_view kMoveDescendants =
    "UPDATE orgs SET path = $1 || substr(path, CAST($2 AS INTEGER)) "
    "WHERE path LIKE $3 AND id <> $4";
constexpr std::string_view kArchive =
    "UPDATE orgs SET archived = 1, version = version + 1, updated_at = $1 "
    "WHERE id = $2 AND version = $3";
constexpr std::string_view kActiveChildren =
    "SELECT COUNT(*) FROM orgs WHERE parent_id = $1 AND archived = 0";
// A non-archived org other than $3 named $1 under parent $2 (0: the roots).
constexpr std::string_view kSiblingNamed =
    "SELECT 1 FROM orgs WHERE archived = 0 AND name = $1 "
    "AND COALESCE(parent_id, 0) = $2 AND id <> $3";
constexpr std::string_view kActivePeople =
    "SELECT COUNT(*) FROM people WHERE (org_id = $1 OR department_id = $1) "
    "AND archived = 0";

Org FromRow(const storage::Row& r) {
  Org o;
  o.id = r.Int(0);
  o.parent_id = r.OptInt(1);
  o.name = r.Text(2);
  o.kind = ParseKind(r.Text(3)).value_or(Kind::kBranch);
  o.path = r.Text(4);
  o.sort_order = r.Int(5);
  o.archived = r.Bool(6);
  o.version = r.Int(7);
  o.created_at = r.Text(8);
  o.updated_at = r.Text(9);
  return o;
}

audit::Snapshot Snap(const Org& o) {
  return {{"name", o.name},
          {"kind", KindName(o.kind)},
          {"parent_id", o.parent_id ? std::optional(std::to_string(*o.parent_id))
                                    : std::nullopt},
          {"path", o.path},
          {"sort_order", std::to_string(o.sort_order)},
          {"archived", o.archived ? "true" : "false"}};
}

Status CheckName(const std::string& name) {
  if (name.empty()) return MakeError(Code::kInvalidArgument, "组织名称不能为空", "name");
  return CheckLineText(name, "name", "组织名称", 100);
}

Error SiblingNamed() {
  return MakeError(Code::kAlreadyExists, "同一上级组织下已有同名组织", "name");
}

// Refuses `name` for org `self` (0: a new one) under `parent` when a
// non-archived sibling has it. The unique index orgs_sibling_name (0006)
// backs this against concurrent writers; `written` maps its refusal.
Status CheckSiblingName(storage::Tx& tx, const std::string& name,
                        std::optional<int64_t> parent, int64_t self) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(kSiblingNamed, {name, parent.value_or(0), self}));
  if (!rows.empty()) return SiblingNamed();
  return Ok();
}

// A write's result with the unique index's refusal told as SiblingNamed.
template <typename T>
Result<T> SiblingChecked(Result<T> written) {
  if (!written.ok() && written.error().code == Code::kAlreadyExists) return SiblingNamed();
  return written;
}

// sort_order is an INTEGER column: keep it well inside 32 bits.
Status CheckSortOrder(int64_t sort_order) {
  if (sort_order < -1000000 || sort_order > 1000000) {
    return MakeError(Code::kInvalidArgument, "排序号应在 -1000000 到 1000000 之间",
                     "sort_order");
  }
  return Ok();
}

Error NotFound() { return MakeError(Code::kNotFound, "组织不存在"); }

// How an org is read and audited by its versioned writes.
const VersionedRecord<Org>& OrgRecord() {
  static const VersionedRecord<Org> kRecord{
      std::string(kRecordType), OrgService::Load, [](const Org& o) { return o.version; }, Snap,
      [](const Org& o) { return std::optional(o.path); }};
  return kRecord;
}

// Refuses a caller who cannot read `o` as if it did not exist.
Status RequireReadable(const Context& ctx, const Org& o) {
  if (!ctx.principal->CanRead(o.path)) return NotFound();
  return Ok();
}

}  // namespace

Result<Org> OrgService::Load(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(std::string(kColumns) + " WHERE id = $1", {id}));
  if (rows.empty()) return NotFound();
  return FromRow(rows.front());
}

Result<std::vector<Org>> OrgService::FindByNames(storage::Tx& tx,
                                                 const std::vector<std::string>& names) {
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      storage::QueryIn(tx, std::string(kColumns) + " WHERE archived = 0 AND name IN (",
                       ") ORDER BY id", names));
  std::vector<Org> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

Result<std::vector<Org>> OrgService::List(const Context& ctx, bool include_archived,
                                          std::optional<Kind> kind) {
  const auth::Principal& p = *ctx.principal;
  auto paths = p.ReadablePaths();
  if (paths.empty()) return MakeError(Code::kPermissionDenied, "无权查看组织");
  storage::Where w;
  if (kind) w.And("kind = ?", {std::string(KindName(*kind))});
  bool all_departments = kind == Kind::kDepartment;
  if (!p.IsSystemAdmin() && !all_departments) w.And(storage::InSubtrees("path", paths));
  if (!include_archived) w.And("archived = 0");
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      tx->Query(std::string(kColumns) + w.Sql() + " ORDER BY path, sort_order, id",
                w.params()));
  std::vector<Org> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));

  // People per branch and per department, among the people the caller can see.
  storage::Where seen;
  seen.And("p.archived = 0");  // as the people list counts them
  if (!p.IsSystemAdmin()) seen.And(storage::InSubtrees("o.path", paths));
  std::unordered_map<int64_t, int64_t> counts;
  for (const char* column : {"p.org_id", "p.department_id"}) {
    DX_ASSIGN_OR_RETURN(
        storage::Rows n,
        tx->Query(std::string("SELECT ") + column + ", COUNT(*) FROM people p JOIN orgs o ON " +
                      "o.id = p.org_id" + seen.Sql() + " AND " + column + " IS NOT NULL GROUP BY " +
                      column,
                  seen.params()));
    for (const auto& r : n) counts[r.Int(0)] += r.Int(1);
  }
  for (auto& o : out) {
    auto it = counts.find(o.id);
    o.people_count = it == counts.end() ? 0 : it->second;
  }
  return out;
}

Result<Org> OrgService::Get(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Org o, Load(*tx, id));
  if (!ctx.principal->CanRead(o.path)) return NotFound();
  return o;
}

Result<Org> OrgService::Create(const Context& ctx, const NewOrg& in) {
  DX_RETURN_IF_ERROR(CheckName(in.name));
  DX_RETURN_IF_ERROR(CheckSortOrder(in.sort_order));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  std::string parent_path = "/";
  if (in.parent_id) {
    auto parent = Load(*tx, *in.parent_id);
    if (!parent.ok() || !ctx.principal->CanRead(parent->path)) {
      return MakeError(Code::kNotFound, "上级组织不存在", "parent_id");
    }
    if (!ctx.principal->CanAdministerOrgs(parent->path)) {
      return MakeError(Code::kPermissionDenied, "无权在该组织下新建组织");
    }
    if (parent->archived) {
      return MakeError(Code::kFailedPrecondition, "上级组织已归档", "parent_id");
    }
    parent_path = parent->path;
  } else if (!ctx.principal->IsSystemAdmin()) {
    return MakeError(Code::kPermissionDenied, "只有系统管理员可以新建顶级组织");
  }
  DX_RETURN_IF_ERROR(CheckSiblingName(*tx, in.name, in.parent_id, 0));
  std::string now = FormatTime(ctx.now);
  DX_ASSIGN_OR_RETURN(storage::Row row,
                      SiblingChecked(tx->QueryOne(kInsert, {storage::Opt(in.parent_id), in.name,
                                                            KindName(in.kind), in.sort_order,
                                                            now})));
  int64_t id = row.Int(0);
  std::string path = parent_path + std::to_string(id) + "/";
  DX_RETURN_IF_ERROR(tx->Exec(kSetPath, {path, id}));
  return FinishCreate(*tx, ctx, OrgRecord(), id);
}

Result<Org> OrgService::Update(const Context& ctx, int64_t id, const OrgPatch& patch) {
  if (patch.name) DX_RETURN_IF_ERROR(CheckName(*patch.name));
  if (patch.sort_order) DX_RETURN_IF_ERROR(CheckSortOrder(*patch.sort_order));
  bool moved = false;
  VersionedWrite<Org> w;
  w.action = "update";
  w.id = id;
  w.version = patch.version;
  w.authorize = [&](storage::Tx&, const Org& before) -> Status {
    DX_RETURN_IF_ERROR(RequireReadable(ctx, before));
    if (!ctx.principal->CanAdministerOrgs(before.path)) {
      return MakeError(Code::kPermissionDenied, "无权修改该组织");
    }
    return Ok();
  };
  w.change = [&](storage::Tx& tx, const Org& before, Org& after) -> Status {
    if (before.archived) return MakeError(Code::kFailedPrecondition, "组织已归档，不能修改");
    if (patch.name) after.name = *patch.name;
    if (patch.kind) after.kind = *patch.kind;
    if (patch.sort_order) after.sort_order = *patch.sort_order;
    moved = patch.parent_id && patch.parent_id != before.parent_id;
    if (moved) {
      // Moving needs authority over where it leaves and where it goes.
      if (!before.parent_id) {
        return MakeError(Code::kFailedPrecondition, "顶级组织不能移动", "parent_id");
      }
      DX_ASSIGN_OR_RETURN(Org old_parent, Load(tx, *before.parent_id));
      if (!ctx.principal->CanAdministerOrgs(old_parent.path)) {
        return MakeError(Code::kPermissionDenied, "无权移动该组织");
      }
      auto np = Load(tx, *patch.parent_id);
      if (!np.ok() || !ctx.principal->CanRead(np->path)) {
        return MakeError(Code::kNotFound, "上级组织不存在", "parent_id");
      }
      if (!ctx.principal->CanAdministerOrgs(np->path)) {
        return MakeError(Code::kPermissionDenied, "无权移动到该组织下", "parent_id");
      }
      if (np->path.rfind(before.path, 0) == 0) {
        return MakeError(Code::kFailedPrecondition, "不能移动到自身或下级组织之下",
                         "parent_id");
      }
      if (np->archived) {
        return MakeError(Code::kFailedPrecondition, "上级组织已归档", "parent_id");
      }
      after.parent_id = np->id;
      after.path = np->path + std::to_string(id) + "/";
    }
    if (moved || after.name != before.name) {
      DX_RETURN_IF_ERROR(CheckSiblingName(tx, after.name, after.parent_id, id));
    }
    return Ok();
  };
  w.write = [&](storage::Tx& tx, const Org& before, const Org& after) -> Result<int64_t> {
    DX_ASSIGN_OR_RETURN(int64_t n,
                        SiblingChecked(tx.Exec(kUpdate, {after.name, KindName(after.kind),
                                                         storage::Opt(after.parent_id),
                                                         after.sort_order, after.path,
                                                         FormatTime(ctx.now), id, patch.version})));
    if (n > 0 && moved) {
      DX_RETURN_IF_ERROR(tx.Exec(kMoveDescendants,
                                 {after.path, static_cast<int64_t>(before.path.size() + 1),
                                  before.path + "%", id}));
    }
    return n;
  };
  w.amend_audit = [&](audit::Change& entry) {
    if (moved) entry.action = "move";
  };
  return WriteVersioned(db_, ctx, OrgRecord(), w);
}

Result<Org> OrgService::Archive(const Context& ctx, int64_t id, int64_t version) {
  VersionedWrite<Org> w;
  w.action = "archive";
  w.id = id;
  w.version = version;
  w.authorize = [&](storage::Tx& tx, const Org& before) -> Status {
    DX_RETURN_IF_ERROR(RequireReadable(ctx, before));
    // Archiving removes the org from its parent's tree: authority over the parent.
    bool allowed = ctx.principal->IsSystemAdmin();
    if (!allowed && before.parent_id) {
      DX_ASSIGN_OR_RETURN(Org parent, Load(tx, *before.parent_id));
      allowed = ctx.principal->CanAdministerOrgs(parent.path);
    }
    if (!allowed) return MakeError(Code::kPermissionDenied, "无权归档该组织");
    return Ok();
  };
  w.change = [&](storage::Tx& tx, const Org& before, Org& after) -> Status {
    if (before.archived) return MakeError(Code::kFailedPrecondition, "组织已归档");
    DX_ASSIGN_OR_RETURN(storage::Row children, tx.QueryOne(kActiveChildren, {id}));
    if (children.Int(0) > 0) {
      return MakeError(Code::kFailedPrecondition, "该组织下还有未归档的下级组织");
    }
    DX_ASSIGN_OR_RETURN(storage::Row people, tx.QueryOne(kActivePeople, {id}));
    if (people.Int(0) > 0) {
      return MakeError(Code::kFailedPrecondition, "该组织下还有人员，请先转移或归档");
    }
    after.archived = true;
    return Ok();
  };
  w.write = [&](storage::Tx& tx, const Org&, const Org&) {
    return tx.Exec(kArchive, {FormatTime(ctx.now), id, version});
  };
  return WriteVersioned(db_, ctx, OrgRecord(), w);
}

}  // namespace duxing::domain::orgs

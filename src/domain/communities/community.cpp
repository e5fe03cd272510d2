#include "domain/communities/community.hpp"

#include <functional>

#include "common/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"

namespace duxing::domain::communities {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, name, kind, street, archived, version FROM communities";
constexpr std::string_view kInsert =
    "INSERT INTO communities (name, kind, street, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $4) RETURNING id";
constexpr std::string_view kUpdate =
    "UPDATE communities SET name = $1, kind = $2, street = $3, archived = $4, "
    "version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7";
// A non-archived community other than $3 named $1 in street $2.
constexpr std::string_view kSameNamed =
    "SELECT 1 FROM communities WHERE archived = 0 AND name = $1 AND street = $2 "
    "AND id <> $3";

Community FromRow(const storage::Row& r) {
  return Community{r.Int(0), r.Text(1), ParseKind(r.Text(2)).value_or(Kind::kLinked),
                   r.Text(3), r.Bool(4), r.Int(5)};
}

audit::Snapshot Snap(const Community& c) {
  return {{"name", c.name},
          {"kind", KindName(c.kind)},
          {"street", c.street},
          {"archived", c.archived ? "true" : "false"}};
}

Status Check(const Community& c) {
  if (c.name.empty()) {
    return MakeError(Code::kInvalidArgument, "社区/村名称不能为空", "name");
  }
  DX_RETURN_IF_ERROR(CheckLineText(c.name, "name", "社区/村名称", 100));
  return CheckLineText(c.street, "street", "街道/镇", 100);
}

Error SameNamed() { return MakeError(Code::kAlreadyExists, "已有同名社区", "name"); }

// Refuses c's name and street when another non-archived community has both.
// The unique index communities_name_street (0006) backs this against
// concurrent writers; `written` maps its refusal.
Status CheckUnique(storage::Tx& tx, const Community& c) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kSameNamed, {c.name, c.street, c.id}));
  if (!rows.empty()) return SameNamed();
  return Ok();
}

template <typename T>
Result<T> UniqueChecked(Result<T> written) {
  if (!written.ok() && written.error().code == Code::kAlreadyExists) return SameNamed();
  return written;
}

Status RequireEditor(const Context& ctx) {
  if (!ctx.principal->CanEditReference()) {
    return MakeError(Code::kPermissionDenied, "无权修改社区/村");
  }
  return Ok();
}

Result<Community> Load(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(std::string(kColumns) + " WHERE id = $1", {id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "社区/村不存在");
  return FromRow(rows.front());
}

}  // namespace

Result<std::map<std::string, std::vector<int64_t>>> CommunityService::FindByNames(
    storage::Tx& tx, const std::vector<std::string>& names) {
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      storage::QueryIn(tx, "SELECT name, id FROM communities WHERE archived = 0 AND name IN (",
                       ") ORDER BY id", names));
  std::map<std::string, std::vector<int64_t>> out;
  for (const auto& r : rows) out[r.Text(0)].push_back(r.Int(1));
  return out;
}

Result<std::vector<Community>> CommunityService::List(const Context& ctx,
                                                      bool include_archived) {
  if (!ctx.principal->IsStaff()) {
    return MakeError(Code::kPermissionDenied, "无权查看社区/村");
  }
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  std::string sql = std::string(kColumns) +
                    (include_archived ? "" : " WHERE archived = 0") + " ORDER BY id";
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(sql, {}));
  std::vector<Community> out;
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

namespace {

// How a community is read and audited by its versioned writes.
const VersionedRecord<Community>& CommunityRecord() {
  static const VersionedRecord<Community> kRecord{
      std::string(kRecordType), Load, [](const Community& c) { return c.version; }, Snap};
  return kRecord;
}

}  // namespace

Result<Community> CommunityService::Create(const Context& ctx, const Community& c) {
  DX_RETURN_IF_ERROR(RequireEditor(ctx));
  DX_RETURN_IF_ERROR(Check(c));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  Community fresh = c;
  fresh.id = 0;
  DX_RETURN_IF_ERROR(CheckUnique(*tx, fresh));
  DX_ASSIGN_OR_RETURN(storage::Row row,
                      UniqueChecked(tx->QueryOne(kInsert, {c.name, KindName(c.kind), c.street,
                                                           FormatTime(ctx.now)})));
  return FinishCreate(*tx, ctx, CommunityRecord(), row.Int(0));
}

namespace {

// A versioned write of a community that `change` makes from the one stored.
Result<Community> Write(storage::Database& db, const Context& ctx, int64_t id,
                        int64_t version, const std::string& action,
                        const std::function<void(Community&)>& change) {
  DX_RETURN_IF_ERROR(RequireEditor(ctx));
  VersionedWrite<Community> w;
  w.action = action;
  w.id = id;
  w.version = version;
  w.change = [&](storage::Tx& tx, const Community& before, Community& after) -> Status {
    if (before.archived) return MakeError(Code::kFailedPrecondition, "社区/村已归档");
    change(after);
    DX_RETURN_IF_ERROR(Check(after));
    if (!after.archived && (after.name != before.name || after.street != before.street)) {
      DX_RETURN_IF_ERROR(CheckUnique(tx, after));
    }
    return Ok();
  };
  w.write = [&](storage::Tx& tx, const Community&, const Community& after) {
    return UniqueChecked(tx.Exec(kUpdate, {after.name, KindName(after.kind), after.street,
                                           int64_t{after.archived}, FormatTime(ctx.now), id,
                                           version}));
  };
  return WriteVersioned(db, ctx, CommunityRecord(), w);
}

}  // namespace

Result<Community> CommunityService::Update(const Context& ctx, int64_t id,
                                           const CommunityPatch& p) {
  return Write(db_, ctx, id, p.version, "update", [&](Community& c) {
    if (p.name) c.name = *p.name;
    if (p.kind) c.kind = *p.kind;
    if (p.street) c.street = *p.street;
  });
}

Result<Community> CommunityService::Archive(const Context& ctx, int64_t id,
                                            int64_t version) {
  return Write(db_, ctx, id, version, "archive",
               [](Community& c) { c.archived = true; });
}

}  // namespace duxing::domain::communities

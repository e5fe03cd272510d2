// Event types and red-resource sites: shared reference data kept by org
// admins (Principal::CanEditReference), read by everyone signed in.
#include <functional>

#include "domain/audit/audit_log.hpp"
#include "domain/events/event.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"

namespace duxing::domain::events {
namespace {

constexpr std::string_view kTypeColumns =
    "SELECT id, code, name, category, sort_order, archived, version FROM event_types";
constexpr std::string_view kInsertType =
    "INSERT INTO event_types (name, category, sort_order, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $4) RETURNING id";
constexpr std::string_view kUpdateType =
    "UPDATE event_types SET name = $1, category = $2, sort_order = $3, archived = $4, "
    "version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7";
constexpr std::string_view kTypeNamed = "SELECT id FROM event_types WHERE name = $1 AND id <> $2";

constexpr std::string_view kSiteColumns =
    "SELECT id, name, address, description, archived, version FROM red_sites";
constexpr std::string_view kInsertSite =
    "INSERT INTO red_sites (name, address, description, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $4) RETURNING id";
constexpr std::string_view kUpdateSite =
    "UPDATE red_sites SET name = $1, address = $2, description = $3, archived = $4, "
    "version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7";
constexpr std::string_view kSiteNamed = "SELECT id FROM red_sites WHERE name = $1 AND id <> $2";

EventType TypeFromRow(const storage::Row& r) {
  return {
      r.Int(0), r.OptText(1), r.Text(2), kCategoryCodes.Parse(r.Text(3)).value_or(Category::kStudy),
      r.Int(4), r.Bool(5),    r.Int(6)};
}

RedSite SiteFromRow(const storage::Row& r) {
  return {r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Bool(4), r.Int(5)};
}

Status MayKeep(const Context& ctx, const std::string& what) {
  if (!ctx.principal->CanEditReference()) {
    return MakeError(Code::kPermissionDenied, "只有组织管理员可以维护" + what);
  }
  return Ok();
}

// kAlreadyExists on "name" when another row of `sql`'s table has `name`.
Status UniqueName(storage::Tx& tx, std::string_view sql, const std::string& name, int64_t id,
                  const std::string& what) {
  DX_ASSIGN_OR_RETURN(storage::Rows same, tx.Query(sql, {name, id}));
  if (!same.empty()) return MakeError(Code::kAlreadyExists, what + "“" + name + "”已存在", "name");
  return Ok();
}

Status CheckName(const std::string& name, const std::string& label, size_t max) {
  if (name.empty()) return MakeError(Code::kInvalidArgument, label + "不能为空", "name");
  return CheckLineText(name, "name", label, max);
}

Status CheckType(const EventType& t) { return CheckName(t.name, "活动类型名称", kMaxTypeName); }

Status CheckSite(const RedSite& s) {
  DX_RETURN_IF_ERROR(CheckName(s.name, "红色资源点名称", kMaxSiteName));
  DX_RETURN_IF_ERROR(CheckLineText(s.address, "address", "地址", kMaxSiteText));
  return CheckMultilineText(s.description, "description", "简介", kMaxSiteText);
}

template <typename T>
Result<T> LoadOne(storage::Tx& tx, std::string_view columns, int64_t id,
                  T (*from_row)(const storage::Row&), const char* missing) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(std::string(columns) + " WHERE id = $1", {id}));
  if (rows.empty()) return MakeError(Code::kNotFound, missing);
  return from_row(rows.front());
}

template <typename T>
Result<std::vector<T>> LoadAll(storage::Database& db, std::string_view columns,
                               std::string_view order, bool include_archived,
                               T (*from_row)(const storage::Row&)) {
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
  std::string sql = std::string(columns) + (include_archived ? "" : " WHERE archived = 0") +
                    " ORDER BY " + std::string(order);
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(sql, {}));
  std::vector<T> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

audit::Snapshot TypeSnap(const EventType& t) {
  return {{"name", t.name},
          {"category", kCategoryCodes.Name(t.category)},
          {"sort_order", std::to_string(t.sort_order)},
          {"archived", t.archived ? "true" : "false"}};
}

audit::Snapshot SiteSnap(const RedSite& s) {
  return {{"name", s.name},
          {"address", s.address},
          {"description", s.description},
          {"archived", s.archived ? "true" : "false"}};
}

// The versioned edit of a reference row: rights, change, rules, name unique.
template <typename T>
Result<T> EditReference(storage::Database& db, const Context& ctx, const VersionedRecord<T>& record,
                        int64_t id, int64_t version, const std::string& what,
                        std::string_view named_sql, const std::function<void(T&)>& apply,
                        const std::function<Status(const T&)>& check,
                        const std::function<Result<int64_t>(storage::Tx&, const T&)>& write) {
  VersionedWrite<T> w;
  w.action = "update";
  w.id = id;
  w.version = version;
  w.authorize = [&](storage::Tx&, const T&) { return MayKeep(ctx, what); };
  w.change = [&](storage::Tx& tx, const T&, T& after) -> Status {
    apply(after);
    DX_RETURN_IF_ERROR(check(after));
    return UniqueName(tx, named_sql, after.name, id, what);
  };
  w.write = [&](storage::Tx& tx, const T&, const T& after) { return write(tx, after); };
  return WriteVersioned(db, ctx, record, w);
}

const VersionedRecord<EventType>& TypeRecord() {
  static const VersionedRecord<EventType> r{
      "event_type",
      [](storage::Tx& tx, int64_t id) {
        return LoadOne<EventType>(tx, kTypeColumns, id, TypeFromRow, "活动类型不存在");
      },
      [](const EventType& t) { return t.version; }, TypeSnap};
  return r;
}

const VersionedRecord<RedSite>& SiteRecord() {
  static const VersionedRecord<RedSite> r{
      "red_site",
      [](storage::Tx& tx, int64_t id) {
        return LoadOne<RedSite>(tx, kSiteColumns, id, SiteFromRow, "红色资源点不存在");
      },
      [](const RedSite& s) { return s.version; }, SiteSnap};
  return r;
}

}  // namespace

Result<std::vector<EventType>> EventTypeService::List(const Context&, bool include_archived) {
  return LoadAll<EventType>(db_, kTypeColumns, "sort_order, id", include_archived, TypeFromRow);
}

Result<EventType> EventTypeService::Create(const Context& ctx, const EventType& t) {
  DX_RETURN_IF_ERROR(MayKeep(ctx, "活动类型"));
  DX_RETURN_IF_ERROR(CheckType(t));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_RETURN_IF_ERROR(UniqueName(*tx, kTypeNamed, t.name, 0, "活动类型"));
  DX_ASSIGN_OR_RETURN(
      storage::Row row,
      tx->QueryOne(kInsertType, {t.name, std::string(kCategoryCodes.Name(t.category)), t.sort_order,
                                 FormatTime(ctx.now)}));
  return FinishCreate(*tx, ctx, TypeRecord(), row.Int(0));
}

Result<EventType> EventTypeService::Update(const Context& ctx, int64_t id, int64_t version,
                                           std::optional<std::string> name,
                                           std::optional<Category> category,
                                           std::optional<int64_t> sort_order,
                                           std::optional<bool> archived) {
  return EditReference<EventType>(
      db_, ctx, TypeRecord(), id, version, "活动类型", kTypeNamed,
      [&](EventType& t) {
        if (name) t.name = *name;
        if (category) t.category = *category;
        if (sort_order) t.sort_order = *sort_order;
        if (archived) t.archived = *archived;
      },
      CheckType,
      [&](storage::Tx& tx, const EventType& t) {
        return tx.Exec(kUpdateType,
                       {t.name, std::string(kCategoryCodes.Name(t.category)), t.sort_order,
                        int64_t{t.archived}, FormatTime(ctx.now), id, version});
      });
}

Result<std::vector<RedSite>> RedSiteService::List(const Context&, bool include_archived) {
  return LoadAll<RedSite>(db_, kSiteColumns, "id", include_archived, SiteFromRow);
}

Result<RedSite> RedSiteService::Create(const Context& ctx, const RedSite& s) {
  DX_RETURN_IF_ERROR(MayKeep(ctx, "红色资源点"));
  DX_RETURN_IF_ERROR(CheckSite(s));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_RETURN_IF_ERROR(UniqueName(*tx, kSiteNamed, s.name, 0, "红色资源点"));
  DX_ASSIGN_OR_RETURN(storage::Row row, tx->QueryOne(kInsertSite, {s.name, s.address, s.description,
                                                                   FormatTime(ctx.now)}));
  return FinishCreate(*tx, ctx, SiteRecord(), row.Int(0));
}

Result<RedSite> RedSiteService::Update(const Context& ctx, int64_t id, int64_t version,
                                       std::optional<std::string> name,
                                       std::optional<std::string> address,
                                       std::optional<std::string> description,
                                       std::optional<bool> archived) {
  return EditReference<RedSite>(
      db_, ctx, SiteRecord(), id, version, "红色资源点", kSiteNamed,
      [&](RedSite& s) {
        if (name) s.name = *name;
        if (address) s.address = *address;
        if (description) s.description = *description;
        if (archived) s.archived = *archived;
      },
      CheckSite,
      [&](storage::Tx& tx, const RedSite& s) {
        return tx.Exec(kUpdateSite, {s.name, s.address, s.description, int64_t{s.archived},
                                     FormatTime(ctx.now), id, version});
      });
}

}  // namespace duxing::domain::events

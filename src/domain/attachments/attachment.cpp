#include "domain/attachments/attachment.hpp"

#include "common/text.hpp"
#include "domain/audit/audit_log.hpp"

namespace duxing::domain::attachments {
namespace {

constexpr const char* kColumns =
    "id, blob_hash, file_name, media_type, size, record_type, record_id, uploaded_by, "
    "created_at, attached_at";
const std::string kSelectById = std::string("SELECT ") + kColumns +
                                " FROM attachments WHERE id = $1";
const std::string kSelectByRecord = std::string("SELECT ") + kColumns +
                                    " FROM attachments WHERE record_type = $1 AND "
                                    "record_id = $2 ORDER BY id";
const std::string kInsert =
    "INSERT INTO attachments (blob_hash, file_name, media_type, size, record_type, record_id, "
    "uploaded_by, created_at, attached_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
    "RETURNING " + std::string(kColumns);
const std::string kAttach =
    "UPDATE attachments SET record_id = $2, attached_at = $3 WHERE id = $1 AND record_id IS "
    "NULL RETURNING " + std::string(kColumns);
constexpr const char* kDelete = "DELETE FROM attachments WHERE id = $1";
const std::string kDeleteUnattached =
    "DELETE FROM attachments WHERE record_id IS NULL AND created_at < $1 RETURNING " +
    std::string(kColumns);

Attachment FromRow(const storage::Row& r) {
  return Attachment{r.Int(0),  r.Text(1),  r.Text(2), r.Text(3),    r.Int(4),
                    r.Text(5), r.OptInt(6), r.Int(7), r.Text(8), r.OptText(9)};
}

const auth::Principal& Who(const Context& ctx) { return *ctx.principal; }

Error NotFound() { return MakeError(Code::kNotFound, "附件不存在"); }

audit::Snapshot SnapshotOf(const Attachment& a) {
  return {{"file_name", a.file_name},
          {"size", std::to_string(a.size)},
          {"media_type", a.media_type},
          {"record_type", a.record_type},
          {"record_id", a.record_id ? std::optional(std::to_string(*a.record_id)) : std::nullopt}};
}

// The audit entry of `action` on `a`, filed under its record's org path.
Result<audit::Change> ChangeOf(storage::Tx& tx, const RecordRights& rights, std::string action,
                               const Attachment& a, std::optional<audit::Snapshot> before,
                               std::optional<audit::Snapshot> after) {
  audit::Change c{std::move(action), kRecordType, a.id};
  if (a.record_id) {
    DX_ASSIGN_OR_RETURN(c.org_path, rights.OrgPath(tx, a.record_type, *a.record_id));
  }
  c.before = std::move(before);
  c.after = std::move(after);
  return c;
}

}  // namespace

void RecordRights::Declare(std::string record_type, RecordRule rule, RecordScope scope) {
  rules_[std::move(record_type)] = {std::move(rule), std::move(scope)};
}

Result<std::optional<std::string>> RecordRights::OrgPath(storage::Tx& tx,
                                                         std::string_view record_type,
                                                         int64_t record_id) const {
  auto it = rules_.find(record_type);
  if (it == rules_.end() || !it->second.scope) return std::optional<std::string>();
  return it->second.scope(tx, record_id);
}

bool RecordRights::Knows(std::string_view record_type) const {
  return rules_.find(record_type) != rules_.end();
}

Status RecordRights::Check(storage::Tx& tx, const auth::Principal& principal,
                           std::string_view record_type, int64_t record_id,
                           RecordAccess access) const {
  auto it = rules_.find(record_type);
  if (it == rules_.end()) {
    return MakeError(Code::kInvalidArgument, "不支持为这类记录上传附件", "record_type");
  }
  return it->second.rule(tx, principal, record_id, access);
}

Result<std::string> CleanFileName(std::string_view sent) {
  size_t slash = sent.find_last_of("/\\");
  if (slash != std::string_view::npos) sent.remove_prefix(slash + 1);
  if (!IsValidUtf8(sent) || HasControlCharacters(sent)) {
    return MakeError(Code::kInvalidArgument, "文件名不能包含控制字符或无效的文字编码", "file");
  }
  if (sent.size() > 255) {
    return MakeError(Code::kInvalidArgument, "文件名过长（最多 255 字节）", "file");
  }
  if (sent.empty() || sent == "." || sent == "..") return std::string("未命名");
  return std::string(sent);
}

Status AttachmentService::CheckUpload(const Context& ctx, std::string_view record_type,
                                      std::optional<int64_t> record_id) {
  if (!rights_.Knows(record_type)) {
    return MakeError(Code::kInvalidArgument, "不支持为这类记录上传附件", "record_type");
  }
  if (!record_id) {
    if (!Who(ctx).CanWriteSomewhere()) return MakeError(Code::kPermissionDenied, "无权上传附件");
    return Ok();
  }
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return rights_.Check(*tx, Who(ctx), record_type, *record_id, RecordAccess::kAttach);
}

Result<std::vector<Attachment>> AttachmentService::Save(
    const Context& ctx, std::string_view record_type, std::optional<int64_t> record_id,
    const std::vector<std::unique_ptr<SpooledFile>>& files) {
  if (files.empty()) return MakeError(Code::kInvalidArgument, "请选择要上传的文件", "file");
  DX_RETURN_IF_ERROR(CheckUpload(ctx, record_type, record_id));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  if (record_id) {
    DX_RETURN_IF_ERROR(
        rights_.Check(*tx, Who(ctx), record_type, *record_id, RecordAccess::kAttach));
  }
  std::string now = FormatTime(ctx.now);
  std::vector<Attachment> saved;
  std::vector<audit::Change> changes;
  for (const auto& f : files) {
    DX_RETURN_IF_ERROR(store_.Put(*tx, f->sha256_hex(), f->path(), f->size(), ctx.now));
    DX_ASSIGN_OR_RETURN(
        storage::Row row,
        tx->QueryOne(kInsert, {f->sha256_hex(), f->file_name(), f->media_type().type, f->size(),
                               std::string(record_type), storage::Opt(record_id),
                               Who(ctx).account_id, now,
                               record_id ? storage::Param(now) : storage::Param(nullptr)}));
    saved.push_back(FromRow(row));
    DX_ASSIGN_OR_RETURN(changes.emplace_back(), ChangeOf(*tx, rights_, "attachment_upload",
                                                         saved.back(), std::nullopt,
                                                         SnapshotOf(saved.back())));
  }
  DX_RETURN_IF_ERROR(audit::RecordAll(*tx, ctx, changes));
  DX_RETURN_IF_ERROR(tx->Commit());
  return saved;
}

Result<std::vector<Attachment>> AttachmentService::List(const Context& ctx,
                                                        std::string_view record_type,
                                                        int64_t record_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_RETURN_IF_ERROR(rights_.Check(*tx, Who(ctx), record_type, record_id, RecordAccess::kRead));
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query(kSelectByRecord, {std::string(record_type), record_id}));
  std::vector<Attachment> out;
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

Result<Attachment> AttachmentService::Load(storage::Tx& tx, const Context& ctx, int64_t id,
                                           RecordAccess access) {
  auto row = tx.QueryOne(kSelectById, {id});
  if (!row.ok()) return row.error().code == Code::kNotFound ? NotFound() : row.error();
  Attachment a = FromRow(*row);
  if (!a.record_id) {
    if (a.uploaded_by != Who(ctx).account_id) return NotFound();
    return a;
  }
  Status allowed = rights_.Check(tx, Who(ctx), a.record_type, *a.record_id, access);
  if (!allowed.ok()) {
    if (allowed.error().code == Code::kNotFound) return NotFound();
    return allowed.error();
  }
  return a;
}

Result<Attachment> AttachmentService::Get(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return Load(*tx, ctx, id, RecordAccess::kRead);
}

Result<std::string> AttachmentService::ReadBytes(const Attachment& a, int64_t offset,
                                                 int64_t length) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return store_.Read(*tx, a.blob_hash, offset, length);
}

Result<std::string> ContentReader::Next() {
  if (next_ >= end_) return std::string();
  int64_t piece = std::min(end_ - next_, kPieceBytes - next_ % kPieceBytes);
  DX_ASSIGN_OR_RETURN(std::string bytes, service_->ReadBytes(a_, next_, piece));
  if (bytes.empty()) return InternalError("attachment " + std::to_string(a_.id) + ": short read");
  next_ += static_cast<int64_t>(bytes.size());
  return bytes;
}

Result<Attachment> AttachmentService::Attach(const Context& ctx, int64_t id, int64_t record_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(Attachment attached, AttachIn(*tx, ctx, id, record_id));
  DX_RETURN_IF_ERROR(tx->Commit());
  return attached;
}

Result<Attachment> AttachmentService::AttachIn(storage::Tx& tx, const Context& ctx, int64_t id,
                                               int64_t record_id) {
  DX_ASSIGN_OR_RETURN(Attachment a, Load(tx, ctx, id, RecordAccess::kAttach));
  if (a.record_id) {
    return MakeError(Code::kFailedPrecondition, "附件已属于某条记录，不能再次关联");
  }
  DX_RETURN_IF_ERROR(rights_.Check(tx, Who(ctx), a.record_type, record_id, RecordAccess::kAttach));
  DX_ASSIGN_OR_RETURN(storage::Row row, tx.QueryOne(kAttach, {id, record_id, FormatTime(ctx.now)}));
  Attachment attached = FromRow(row);
  DX_ASSIGN_OR_RETURN(audit::Change change, ChangeOf(tx, rights_, "attachment_attach", attached,
                                                     SnapshotOf(a), SnapshotOf(attached)));
  DX_RETURN_IF_ERROR(audit::Record(tx, ctx, change));
  return attached;
}

Status AttachmentService::Remove(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(Attachment a, Load(*tx, ctx, id, RecordAccess::kAttach));
  // Attaching is not owning: another's file goes only by a writer of the
  // record's organization (a type without one: its uploader only).
  if (a.record_id && a.uploaded_by != Who(ctx).account_id) {
    DX_ASSIGN_OR_RETURN(std::optional<std::string> path,
                        rights_.OrgPath(*tx, a.record_type, *a.record_id));
    if (!path || !Who(ctx).CanWrite(*path)) {
      return MakeError(Code::kPermissionDenied,
                       "只能删除自己上传的文件（他人上传的文件由本组织的管理员或书记删除）");
    }
  }
  DX_ASSIGN_OR_RETURN(audit::Change change,
                      ChangeOf(*tx, rights_, "attachment_remove", a, SnapshotOf(a), std::nullopt));
  auto removed = tx->Exec(kDelete, {a.id});
  // A file a record refers to (a progress update, a meeting speech) stays
  // while it does (the foreign keys of those references).
  if (!removed.ok() && removed.error().code == Code::kFailedPrecondition) {
    return MakeError(Code::kFailedPrecondition,
                     "该文件已被进展记录或会议发言引用，不能删除");
  }
  DX_RETURN_IF_ERROR(removed);
  DX_RETURN_IF_ERROR(store_.RemoveUnreferenced(*tx));
  DX_RETURN_IF_ERROR(audit::Record(*tx, ctx, change));
  return tx->Commit();
}

Result<int64_t> AttachmentService::SweepUnattached(TimePoint now) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query(kDeleteUnattached, {FormatTime(now - kUnattachedLifetime)}));
  std::vector<audit::Change> changes;
  for (const auto& r : rows) {
    Attachment a = FromRow(r);
    changes.push_back({"attachment_sweep", kRecordType, a.id});
    changes.back().before = SnapshotOf(a);
    changes.back().actor_name_override = "系统任务";
  }
  DX_RETURN_IF_ERROR(store_.RemoveUnreferenced(*tx));
  Context system;
  system.now = now;
  DX_RETURN_IF_ERROR(audit::RecordAll(*tx, system, changes));
  DX_RETURN_IF_ERROR(tx->Commit());
  return static_cast<int64_t>(rows.size());
}

}  // namespace duxing::domain::attachments

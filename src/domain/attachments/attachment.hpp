// Attachments: files that belong to a record (a person, later a campaign,
// an event, a ledger item ...), read and written under that record's rights
// as its module declares them in RecordRights. Bytes are kept once per
// content in a BlobStore; each upload is a row naming its blob.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/attachments/blob_store.hpp"
#include "domain/attachments/spool.hpp"
#include "domain/context.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::attachments {

struct Attachment {
  int64_t id = 0;
  std::string blob_hash;  // SHA-256 hex of the stored bytes
  std::string file_name;  // as uploaded (path parts removed)
  std::string media_type;  // decided from the bytes
  int64_t size = 0;
  std::string record_type;
  std::optional<int64_t> record_id;  // none until attached
  int64_t uploaded_by = 0;           // account id
  std::string created_at;
  std::optional<std::string> attached_at;
};

enum class RecordAccess { kRead, kAttach };

// Whether `principal` may read the attachments of record `record_id`, or
// attach to it (add, remove). Ok; kNotFound when there is no such record or
// the caller may not read it (its existence does not leak);
// kPermissionDenied when the caller may read it but not attach.
using RecordRule = std::function<Status(storage::Tx& tx, const auth::Principal& principal,
                                        int64_t record_id, RecordAccess access)>;
// The organization path of record `record_id` ("/1/2/"), under which the
// audit entries of its attachments are filed (so the org admins of that
// subtree see them); nullopt when the record has none or is gone.
using RecordScope =
    std::function<Result<std::optional<std::string>>(storage::Tx& tx, int64_t record_id)>;

// Record types that may have attachments, each with its module's rule.
// Declared at start by the composition root (before serving); read-only
// afterwards, so concurrent Check calls are safe.
class RecordRights {
 public:
  // `scope` may be null: the audit entries of that type's attachments then
  // carry no org path (system admins and the actor see them).
  void Declare(std::string record_type, RecordRule rule, RecordScope scope = nullptr);
  bool Knows(std::string_view record_type) const;
  // The org path of a record of a declared type (RecordScope); nullopt when
  // the type declares no scope.
  Result<std::optional<std::string>> OrgPath(storage::Tx& tx, std::string_view record_type,
                                             int64_t record_id) const;
  // kInvalidArgument on "record_type" for an undeclared type; else the rule.
  Status Check(storage::Tx& tx, const auth::Principal& principal, std::string_view record_type,
               int64_t record_id, RecordAccess access) const;

 private:
  struct Declared {
    RecordRule rule;
    RecordScope scope;
  };
  std::map<std::string, Declared, std::less<>> rules_;
};

// The module's declaration (domain/module.hpp): the audited record type
// "attachment" (file name, size, type, owner record) and its actions.
const ModuleInfo& Info();
inline constexpr const char* kRecordType = "attachment";

// Uploads never attached to a record are removed once this old.
inline constexpr std::chrono::hours kUnattachedLifetime{24};

// A file name as sent, made safe to store and show: the part after the last
// / or \, at most 255 bytes of valid UTF-8 without control characters.
// kInvalidArgument on "file" otherwise; "未命名" for an empty name.
Result<std::string> CleanFileName(std::string_view sent);

class AttachmentService;

// Bytes of one attachment read piece by piece (a download streamed to the
// client): each Next reads at most kPieceBytes, aligned to the store's
// chunks, in a read transaction of its own, so a download holds one piece
// at a time however large the file. Contents are immutable (addressed by
// their hash), so the pieces fit together. Not thread-safe; one caller at a
// time, any thread.
class ContentReader {
 public:
  static constexpr int64_t kPieceBytes = 256 << 10;
  ContentReader(AttachmentService& service, Attachment a, int64_t offset, int64_t length)
      : service_(&service), a_(std::move(a)), next_(offset), end_(offset + length) {}
  // The next piece, "" once every byte has been read. kNotFound when the
  // content was removed meanwhile.
  Result<std::string> Next();
  int64_t remaining() const { return end_ - next_; }

 private:
  AttachmentService* service_;
  Attachment a_;
  int64_t next_, end_;
};

class AttachmentService {
 public:
  AttachmentService(storage::Database& db, BlobStore& store, const RecordRights& rights,
                    UploadLimits limits = {})
      : db_(db), store_(store), rights_(rights), limits_(std::move(limits)) {}

  const UploadLimits& limits() const { return limits_; }

  // Whether the caller may upload for `record_id` of `record_type` (the
  // record's attach right), or, without a record id (files chosen while the
  // record is being created), whether the type is declared and the caller
  // holds a staff role. Decided before any byte of the upload is read.
  Status CheckUpload(const Context& ctx, std::string_view record_type,
                     std::optional<int64_t> record_id);
  // Stores the finished files and their rows in one transaction (all or
  // nothing), each content once (a file whose content is stored already
  // only adds its row). Attached at once when `record_id` is set; otherwise
  // pending: only its uploader sees it until Attach, and it is swept after
  // kUnattachedLifetime. Checks CheckUpload again inside the transaction.
  // Each file is audited (attachment_upload) in that transaction.
  Result<std::vector<Attachment>> Save(const Context& ctx, std::string_view record_type,
                                       std::optional<int64_t> record_id,
                                       const std::vector<std::unique_ptr<SpooledFile>>& files);
  // The attachments of a record, oldest first (the record's read right).
  Result<std::vector<Attachment>> List(const Context& ctx, std::string_view record_type,
                                       int64_t record_id);
  // One attachment the caller may read (its record's read right; a pending
  // upload: its uploader only), else kNotFound.
  Result<Attachment> Get(const Context& ctx, int64_t id);
  // Bytes [offset, offset + length) of an attachment returned by Get.
  Result<std::string> ReadBytes(const Attachment& a, int64_t offset, int64_t length);
  // The same bytes as a ContentReader: for downloads, which stream them.
  ContentReader OpenContent(const Attachment& a, int64_t offset, int64_t length) {
    return ContentReader(*this, a, offset, length);
  }
  // Attaches a pending upload of the caller to `record_id` of its record
  // type (the record's attach right). kFailedPrecondition when it is
  // attached already. Audited (attachment_attach) in the same transaction.
  Result<Attachment> Attach(const Context& ctx, int64_t id, int64_t record_id);
  // Attach inside the caller's write transaction `tx` (a record created with
  // its files: the record's insert and the attaching commit together).
  // Commits nothing; the same refusals as Attach.
  Result<Attachment> AttachIn(storage::Tx& tx, const Context& ctx, int64_t id, int64_t record_id);
  // An attachment's row inside `tx` as the caller may use it for `access`
  // (see Get); kNotFound otherwise.
  Result<Attachment> LoadIn(storage::Tx& tx, const Context& ctx, int64_t id,
                            RecordAccess access) {
    return Load(tx, ctx, id, access);
  }
  // Removes an attachment (its record's attach right; a pending upload: its
  // uploader), and its blob when no other attachment names it. Audited
  // (attachment_remove) in the same transaction. A file someone else
  // uploaded needs more than the attach right: a writer of the record's
  // organization (Principal::CanWrite on its RecordScope path; a type that
  // declares none: nobody but the uploader), else kPermissionDenied.
  // kFailedPrecondition while a record refers to the file (a ledger
  // progress update, a meeting speech).
  Status Remove(const Context& ctx, int64_t id);
  // Removes the uploads never attached that are older than
  // kUnattachedLifetime at `now`, and the blobs nothing names any more.
  // Returns how many uploads were removed. For the recurring job: each
  // removal is audited (attachment_sweep, actor 系统任务) in its transaction.
  Result<int64_t> SweepUnattached(TimePoint now);

 private:
  // The row of `id` the caller may use for `access`, inside `tx`.
  Result<Attachment> Load(storage::Tx& tx, const Context& ctx, int64_t id, RecordAccess access);

  storage::Database& db_;
  BlobStore& store_;
  const RecordRights& rights_;
  UploadLimits limits_;
};

}  // namespace duxing::domain::attachments

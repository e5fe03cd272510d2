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
// attach to it (add, remove): the record's org path (the scope of the audit
// entries of its attachments); kNotFound when there is no such record or
// the caller may not read it (its existence does not leak);
// kPermissionDenied when the caller may read it but not attach.
using RecordRule = std::function<Result<std::string>(
    storage::Tx& tx, const auth::Principal& principal, int64_t record_id, RecordAccess access)>;

// Record types that may have attachments, each with its module's rule.
// Declared at start by the composition root (before serving); read-only
// afterwards, so concurrent Check calls are safe.
class RecordRights {
 public:
  void Declare(std::string record_type, RecordRule rule);
  bool Knows(std::string_view record_type) const;
  // kInvalidArgument on "record_type" for an undeclared type; else the rule.
  Result<std::string> Check(storage::Tx& tx, const auth::Principal& principal, std::string_view record_type,
               int64_t record_id, RecordAccess access) const;

 private:
  std::map<std::string, RecordRule, std::less<>> rules_;
};

// The module's declaration (domain/module.hpp): the audited record type
// "attachment" (create when a file joins its record, on upload or attach;
// remove), in the scope of its record's organization.
const ModuleInfo& Info();

// Uploads never attached to a record are removed once this old.
inline constexpr std::chrono::hours kUnattachedLifetime{24};

// A file name as sent, made safe to store and show: the part after the last
// / or \, at most 255 bytes of valid UTF-8 without control characters.
// kInvalidArgument on "file" otherwise; "未命名" for an empty name.
Result<std::string> CleanFileName(std::string_view sent);

class AttachmentService {
 public:
  AttachmentService(storage::Database& db, BlobStore& store, const RecordRights& rights,
                    UploadLimits limits = {})
      : db_(db), store_(store), rights_(rights), limits_(std::move(limits)) {}

  const UploadLimits& limits() const { return limits_; }

  // Whether the caller may upload for `record_id` of `record_type` (the
  // record's attach right), or, without a record id (files chosen while the
  // record is being created), whether the type is declared and the caller
  // may write records somewhere (not a read-only leader or a member: their
  // pending files could be attached to nothing). Decided before any byte of
  // the upload is read.
  Status CheckUpload(const Context& ctx, std::string_view record_type,
                     std::optional<int64_t> record_id);
  // Stores the finished files and their rows in one transaction (all or
  // nothing), each content once (a file whose content is stored already
  // only adds its row). Attached at once when `record_id` is set; otherwise
  // pending: only its uploader sees it until Attach, and it is swept after
  // kUnattachedLifetime. Checks CheckUpload again inside the transaction.
  // A file that joins its record (here or by Attach) is audited as create;
  // Remove audits remove.
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
  // Attaches a pending upload of the caller to `record_id` of its record
  // type (the record's attach right). kFailedPrecondition when it is
  // attached already.
  Result<Attachment> Attach(const Context& ctx, int64_t id, int64_t record_id);
  // Removes an attachment (its record's attach right; a pending upload: its
  // uploader), and its blob when no other attachment names it.
  Status Remove(const Context& ctx, int64_t id);
  // Removes the uploads never attached that are older than
  // kUnattachedLifetime at `now`, and the blobs nothing names any more.
  // Returns how many uploads were removed. For the recurring job.
  Result<int64_t> SweepUnattached(TimePoint now);

 private:
  // The row of `id` the caller may use for `access`, inside `tx`; its
  // record's org path in `org_path` when given (unchanged for a pending one).
  Result<Attachment> Load(storage::Tx& tx, const Context& ctx, int64_t id, RecordAccess access,
                          std::string* org_path = nullptr);

  storage::Database& db_;
  BlobStore& store_;
  const RecordRights& rights_;
  UploadLimits limits_;
};

}  // namespace duxing::domain::attachments

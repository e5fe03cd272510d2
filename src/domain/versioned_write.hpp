// The one write path of records that people edit concurrently (they carry a
// `version` column): in one write transaction, load the record, let the
// caller's rights be checked, compare the version the caller read, make and
// check the change, write it with `WHERE id = .. AND version = ..`, read the
// record back, audit before and after (which bumps the change counters of
// the record types written, storage/generation.hpp), commit. A stale
// version, seen at the compare or by the write, is the one conflict answer
// (StaleVersion) with nothing written. Every module's edits, archives and
// state changes go through WriteVersioned; creates end with FinishCreate.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "common/result.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/context.hpp"
#include "storage/database.hpp"

namespace duxing::domain {

// kConflict "数据已被他人修改，请刷新后重试" on "version": the answer to every
// write made on a version that is no longer the record's.
Error StaleVersion();

// How one type of versioned record is read and audited; built once per
// record type and shared by its writes.
template <typename T>
struct VersionedRecord {
  // Its audit record type (also the change counter its writes bump).
  std::string record_type;
  // Reads record `id` inside the transaction; kNotFound when there is none.
  std::function<Result<T>(storage::Tx&, int64_t id)> load;
  std::function<int64_t(const T&)> version;
  // Its fields as the audit log keeps them.
  std::function<audit::Snapshot(const T&)> snapshot;
  // The org path the audit entry is filed under; unset: none.
  std::function<std::optional<std::string>(const T&)> org_path = nullptr;
};

// The steps of one write of a versioned record. A step's error ends the
// write and is its answer; the transaction rolls back unless the step
// committed it itself (only for bookkeeping that must outlive a refusal,
// such as people::ScopeHits::Answer).
template <typename T>
struct VersionedWrite {
  std::string action;  // the audit action: update, archive, ...
  int64_t id = 0;
  int64_t version = 0;  // the version the caller read
  // Refuses a caller who may not make this write (kNotFound for a record
  // outside their scope, kPermissionDenied), before the version is compared.
  // Unset: rights were checked before the write began.
  std::function<Status(storage::Tx&, const T& before)> authorize = nullptr;
  // Turns `after` (a copy of before) into the record to write and checks it
  // (state, fields, references, uniqueness). Writes nothing but bookkeeping.
  std::function<Status(storage::Tx&, const T& before, T& after)> change;
  // Writes `after`: the versioned UPDATE first, then anything that goes with
  // it. Returns the rows the versioned UPDATE changed; 0 means another write
  // took the version first.
  std::function<Result<int64_t>(storage::Tx&, const T& before, const T& after)> write;
  // Adjusts the audit entry before it is written (another action, extra
  // after-fields, more changed record types). Unset: as built.
  std::function<void(audit::Change&)> amend_audit = nullptr;
};

namespace versioned_write_internal {
template <typename T>
std::optional<std::string> OrgPathOf(const VersionedRecord<T>& record, const T& value) {
  return record.org_path ? record.org_path(value) : std::nullopt;
}
}  // namespace versioned_write_internal

// Runs `w` on `record` (see the top of this file) and returns the record as
// written. `db` is where the write transaction begins.
template <typename T>
Result<T> WriteVersioned(storage::Database& db, const Context& ctx,
                         const VersionedRecord<T>& record, const VersionedWrite<T>& w) {
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(T before, record.load(*tx, w.id));
  if (w.authorize) DX_RETURN_IF_ERROR(w.authorize(*tx, before));
  if (record.version(before) != w.version) return StaleVersion();
  T after = before;
  DX_RETURN_IF_ERROR(w.change(*tx, before, after));
  DX_ASSIGN_OR_RETURN(int64_t written, w.write(*tx, before, after));
  if (written == 0) return StaleVersion();
  DX_ASSIGN_OR_RETURN(T updated, record.load(*tx, w.id));
  audit::Change entry{w.action,
                      record.record_type,
                      w.id,
                      versioned_write_internal::OrgPathOf(record, updated),
                      record.snapshot(before),
                      record.snapshot(updated),
                      ""};
  if (w.amend_audit) w.amend_audit(entry);
  DX_RETURN_IF_ERROR(audit::Record(*tx, ctx, entry));
  DX_RETURN_IF_ERROR(tx->Commit());
  return updated;
}

// The end of a create inside `tx`: reads record `id` back, audits it
// ("create", no before), commits, and returns it.
template <typename T>
Result<T> FinishCreate(storage::Tx& tx, const Context& ctx, const VersionedRecord<T>& record,
                       int64_t id) {
  DX_ASSIGN_OR_RETURN(T created, record.load(tx, id));
  DX_RETURN_IF_ERROR(audit::Record(
      tx, ctx,
      {"create", record.record_type, id, versioned_write_internal::OrgPathOf(record, created),
       std::nullopt, record.snapshot(created), ""}));
  DX_RETURN_IF_ERROR(tx.Commit());
  return created;
}

}  // namespace duxing::domain

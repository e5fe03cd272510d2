// Duplicates of people outside the caller's scope (查重命中范围外人员).
//
// The duplicate rule (same name and birth date) must hold across the whole
// system, so that nobody keeps a second record of a person who belongs to
// another branch; but then a write that matches such a person tells the
// caller that someone with that name and birth date exists there. That
// residual disclosure is kept bounded, audited and visible:
// - every such match ("hit") is counted against the caller's account and
//   written to the audit log as duplicate_hit (the submitted name and birth
//   date, the existing person's id), under the org of either side, so that
//   the org admins of the caller's branch and of the existing person see it;
// - an account has kMaxScopeHitsPerDay hits per 24 hours (from its first);
//   once they are used, every person write of that account that runs the
//   duplicate check (create with a birth date, an edit of name or birth date,
//   any import, dry runs included) is refused with 429, hit or not, so that
//   the refusal itself tells nothing (audited as duplicate_refused);
// - an import file reveals at most one hit, without its row (see
//   CheckImportRecords).
// The count is kept in the duplicate_hits table, one row per account locked
// (the upsert of login_throttle) inside the write's own transaction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "domain/context.hpp"
#include "storage/database.hpp"

namespace duxing::domain::people {

inline constexpr int kMaxScopeHitsPerDay = 5;

// What a caller is told of a duplicate outside their scope, and of a file
// that holds one. Neither names the person, their org or the row.
inline constexpr std::string_view kScopeDuplicateMessage = "与系统中已有人员重复，请联系机关党委";
inline constexpr std::string_view kScopeDuplicateInFileMessage =
    "文件中有人员与系统中已有人员重复，未导入任何数据，请联系机关党委";
inline constexpr std::string_view kTooManyHitsMessage = "查重命中次数过多，请联系机关党委";

// A record that has the name and birth date of a person the caller may not read.
struct ScopeHit {
  std::string via;  // create, update, import, import_dry_run
  std::string name;
  std::string birth_date;
  int64_t existing_id = 0;
  std::string existing_path;  // the existing person's org
  std::string target_path;    // the org the record was to be written to
};

// The caller's count of hits, locked inside a write's own transaction: the
// writes of one account that run the duplicate check run one at a time, so
// that no answer can be made on a count that a parallel write has used up.
class ScopeHits {
 public:
  // Locks the caller's count in `tx` until it ends. When the count is used
  // up: writes duplicate_refused (under the caller's grants), commits `tx`
  // (call before the write has written anything) and answers
  // kResourceExhausted kTooManyHitsMessage with retry_after_seconds.
  static Result<ScopeHits> Lock(storage::Tx& tx, const Context& ctx, std::string_view via);

  // Counts `hit`, writes duplicate_hit under the org of each side, commits
  // `tx` (nothing else must have been written in it) and returns the
  // answer: kAlreadyExists with `message` and `field`, or the storage error.
  Error Answer(storage::Tx& tx, const Context& ctx, const ScopeHit& hit, std::string_view message,
               std::string_view field) const;

 private:
  explicit ScopeHits(int hits, TimePoint first_at, TimePoint last_at)
      : hits_(hits), first_at_(first_at), last_at_(last_at) {}
  int hits_;
  TimePoint first_at_;
  TimePoint last_at_;
};

}  // namespace duxing::domain::people

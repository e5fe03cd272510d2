#include "domain/people/duplicate_hits.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <vector>

#include "domain/audit/audit_log.hpp"
#include "domain/auth/login_throttle.hpp"

namespace duxing::domain::people {
namespace {

// Ensures the account's row exists and locks it until the transaction ends.
constexpr std::string_view kLockHits =
    "INSERT INTO duplicate_hits (account_id, hits, first_at, last_at) "
    "VALUES ($1, 0, $2, $2) ON CONFLICT (account_id) "
    "DO UPDATE SET hits = duplicate_hits.hits "
    "RETURNING hits, first_at, last_at";
constexpr std::string_view kWriteHits =
    "UPDATE duplicate_hits SET hits = $1, first_at = $2, last_at = $3 WHERE account_id = $4";

// The window rule of the login throttle: kMaxScopeHitsPerDay within 24 hours
// of the first.
const auth::ThrottleRule kHitRule{auth::ThrottleRule::Kind::kWindow, kMaxScopeHitsPerDay,
                                  std::chrono::hours(24)};

auth::ThrottleCount CountOf(const storage::Row& r, TimePoint now) {
  return {static_cast<int>(r.Int(0)), ParseTime(r.Text(1)).value_or(now),
          ParseTime(r.Text(2)).value_or(now)};
}

Error TooMany(TimePoint until, TimePoint now) {
  Error e = MakeError(Code::kResourceExhausted, std::string(kTooManyHitsMessage));
  e.retry_after_seconds = static_cast<int>(std::max<int64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(until - now).count(), 1));
  return e;
}

// One org path per side, or one when a side's subtree holds the other (its
// admins see the deeper one).
std::vector<std::optional<std::string>> Sides(const std::string& a, const std::string& b) {
  if (b.starts_with(a)) return {b};
  if (a.starts_with(b)) return {a};
  return {a, b};
}

std::vector<std::optional<std::string>> CallerSides(const auth::Principal& p) {
  std::vector<std::optional<std::string>> out;
  for (const auth::Grant& g : p.grants) {
    if (std::find(out.begin(), out.end(), g.org_path) == out.end()) out.push_back(g.org_path);
  }
  if (out.empty()) out.push_back(std::nullopt);
  return out;
}

Status Audit(storage::Tx& tx, const Context& ctx, const std::string& action,
             std::optional<int64_t> record_id,
             const std::vector<std::optional<std::string>>& paths, const audit::Snapshot& what) {
  std::vector<audit::Change> changes;
  for (const auto& path : paths) {
    // A hit or a refusal changes no person: no change counter moves.
    changes.push_back({action, "person", record_id, path, std::nullopt, what, "",
                       std::vector<std::string>{}});
  }
  return audit::RecordAll(tx, ctx, changes);
}

audit::Snapshot HitSnapshot(const ScopeHit& hit) {
  return {{"via", hit.via},
          {"name", hit.name},
          {"birth_date", hit.birth_date},
          {"existing_person_id", std::to_string(hit.existing_id)}};
}

}  // namespace

Result<ScopeHits> ScopeHits::Lock(storage::Tx& tx, const Context& ctx, std::string_view via) {
  DX_ASSIGN_OR_RETURN(storage::Row r, tx.QueryOne(kLockHits, {ctx.principal->account_id,
                                                             FormatTime(ctx.now)}));
  auth::ThrottleCount c = CountOf(r, ctx.now);
  if (auto until = auth::BlockedUntil(kHitRule, c, ctx.now)) {
    DX_RETURN_IF_ERROR(Audit(tx, ctx, "duplicate_refused", std::nullopt,
                             CallerSides(*ctx.principal), {{"via", std::string(via)}}));
    DX_RETURN_IF_ERROR(tx.Commit());
    return TooMany(*until, ctx.now);
  }
  return ScopeHits(c.failures, c.first_at, c.last_at);
}

Error ScopeHits::Answer(storage::Tx& tx, const Context& ctx, const ScopeHit& hit,
                        std::string_view message, std::string_view field) const {
  auto answer = [&]() -> Status {
    auth::ThrottleCount next =
        auth::CountFailure(kHitRule, {hits_, first_at_, last_at_}, ctx.now);
    DX_RETURN_IF_ERROR(tx.Exec(kWriteHits, {int64_t{next.failures}, FormatTime(next.first_at),
                                            FormatTime(next.last_at),
                                            ctx.principal->account_id}));
    DX_RETURN_IF_ERROR(Audit(tx, ctx, "duplicate_hit", hit.existing_id,
                             Sides(hit.existing_path, hit.target_path), HitSnapshot(hit)));
    DX_RETURN_IF_ERROR(tx.Commit());
    return MakeError(Code::kAlreadyExists, std::string(message), std::string(field));
  };
  return answer().error();
}

}  // namespace duxing::domain::people

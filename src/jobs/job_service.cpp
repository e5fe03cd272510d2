#include "jobs/job_service.hpp"

#include "domain/audit/audit_log.hpp"

namespace duxing::jobs {
namespace {

domain::audit::Snapshot Snap(const Job& j) {
  return {{"kind", j.kind},
          {"key", j.key},
          {"state", StateName(j.state)},
          {"attempts", std::to_string(j.attempts)},
          {"last_error", j.last_error}};
}

}  // namespace

Status RequireSystemAdmin(const domain::auth::Principal* principal) {
  if (principal == nullptr || !principal->IsSystemAdmin()) {
    return MakeError(Code::kPermissionDenied, "只有系统管理员可以管理后台任务");
  }
  return Ok();
}

Result<Page<Job>> JobService::List(const domain::Context& ctx, std::optional<State> state,
                                   const PageRequest& page) {
  DX_RETURN_IF_ERROR(RequireSystemAdmin(ctx.principal));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return jobs::List(*tx, state, page);
}

Result<Job> JobService::Retry(const domain::Context& ctx, int64_t id) {
  DX_RETURN_IF_ERROR(RequireSystemAdmin(ctx.principal));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(Job before, Get(*tx, id));
  DX_ASSIGN_OR_RETURN(Job after, jobs::Retry(*tx, id, ctx.now));
  DX_RETURN_IF_ERROR(domain::audit::Record(
      *tx, ctx, {"retry", "job", id, std::nullopt, Snap(before), Snap(after), ""}));
  DX_RETURN_IF_ERROR(tx->Commit());
  if (wake_) wake_();
  return after;
}

}  // namespace duxing::jobs

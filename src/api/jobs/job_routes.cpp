// /api/v1/jobs: 后台任务.
#include "api/jobs/job_routes.hpp"

namespace duxing::api {
namespace {

boost::json::value OptTimeJson(const std::optional<TimePoint>& t) {
  return t ? boost::json::value(FormatTime(*t)) : boost::json::value(nullptr);
}
boost::json::value OptTextJson(const std::optional<std::string>& s) {
  return s ? boost::json::value(*s) : boost::json::value(nullptr);
}

boost::json::object JobJson(const jobs::Job& j) {
  return {{"id", j.id},
          {"kind", j.kind},
          {"key", j.key},
          {"state", jobs::StateName(j.state)},
          {"run_at", FormatTime(j.run_at)},
          {"attempts", j.attempts},
          {"max_attempts", j.max_attempts},
          {"lease_owner", OptTextJson(j.lease_owner)},
          {"lease_until", OptTimeJson(j.lease_until)},
          {"last_error", OptTextJson(j.last_error)},
          {"created_at", FormatTime(j.created_at)},
          {"finished_at", OptTimeJson(j.finished_at)}};
}

// Refused before the handler (and before any body is read).
Status RequireSystemAdmin(const Call& c) { return jobs::RequireSystemAdmin(&c.principal()); }

}  // namespace

void RegisterJobRoutes(Router& router) {
  router.Add({"GET", "/api/v1/jobs", Access::kSignedIn,
              [](Call& c) -> Response {
                std::optional<jobs::State> state;
                if (auto text = QueryString(c.req, "state"); text && !text->empty()) {
                  state = jobs::ParseState(*text);
                  if (!state) {
                    return ErrorResponse(
                        MakeError(Code::kInvalidArgument, "任务状态无效", "state"));
                  }
                }
                DX_TRY(PageRequest page, QueryPage(c.req));
                DX_TRY(auto list, c.s.Get<jobs::JobService>().List(c.ctx, state, page));
                boost::json::array items;
                for (const auto& j : list.items) items.push_back(JobJson(j));
                return ListResponse(std::move(items), list.total);
              },
              kDefaultMaxBody, RequireSystemAdmin});
  router.Add({"POST", "/api/v1/jobs/{id}/retry", Access::kSignedIn,
              [](Call& c) -> Response {
                DX_TRY(int64_t id, c.PathId());
                DX_TRY(auto job, c.s.Get<jobs::JobService>().Retry(c.ctx, id));
                return JsonResponse(200, JobJson(job));
              },
              kSmallBody, RequireSystemAdmin});
}

// Provides the job kinds and schedules (jobs::Registry: later modules add
// theirs), the Scheduler (started by the composition root once every module
// has registered) and the JobService.
void ProvideJobs(ModuleSetup& s) {
  auto& kinds = s.services.Make<jobs::Registry>();
  jobs::SchedulerOptions options;
  options.workers = s.options.job_workers;
  options.lease = s.options.job_lease;
  auto& scheduler = s.services.Make<jobs::Scheduler>(s.db, s.clock, kinds, options);
  s.services.Make<jobs::JobService>(s.db, [&scheduler] { scheduler.Wake(); });
}

const Module& JobsModule() {
  static const Module m{&jobs::Info, "jobs/openapi.json", ProvideJobs, RegisterJobRoutes};
  return m;
}

}  // namespace duxing::api

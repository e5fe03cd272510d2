#include "jobs/job_service.hpp"

namespace duxing::jobs {

const domain::ModuleInfo& Info() {
  static const domain::ModuleInfo info{
      .name = "jobs",
      .vocabularies = {{"job_state", &kStates.terms()}},
      .record_types = {{"job",
                        "后台任务",
                        {{"kind", "任务类型"},
                         {"key", "幂等键"},
                         {"state", "状态"},
                         {"attempts", "已尝试次数"},
                         {"last_error", "错误信息"}},
                        {{"state", &kStates.terms()}}}},
      .audit_actions = {{"retry", "重试"}}};
  return info;
}

}  // namespace duxing::jobs

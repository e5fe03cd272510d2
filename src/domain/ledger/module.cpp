#include <functional>
#include <vector>

#include "domain/ledger/demo_ledger.hpp"
#include "domain/ledger/demo_org_life.hpp"
#include "domain/ledger/item.hpp"
#include "domain/ledger/life_module.hpp"
#include "domain/ledger/org_life.hpp"
#include "domain/ledger/self_check.hpp"

namespace duxing::domain::ledger {
namespace {

std::vector<RecordType> Joined(std::vector<RecordType> a, const std::vector<RecordType>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The ledger's demo steps, in order, each adding its kinds' demo data (in
// transactions of its own): one line per kind's branch.
const std::vector<std::function<Status(DemoContext&)>>& DemoSteps() {
  static const std::vector<std::function<Status(DemoContext&)>> steps = {
      AddDemoPlanAndServing,  // ledplan: kinds 1 and 2 (the plan, forums, concerns, projects)
      AddDemoOrgLife,         // ledlife: organization life, visits, self-checks
  };
  return steps;
}

Status AddDemo(DemoContext& demo) {
  for (const auto& step : DemoSteps()) DX_RETURN_IF_ERROR(step(demo));
  return Ok();
}

}  // namespace

const ModuleInfo& Info() {
  static const ModuleInfo info{
      .name = "ledger",
      .vocabularies = {{"ledger_kind", &kKinds.terms()},
                       {"ledger_status", &kStatuses.terms()},
                       {"ledger_class", &kClasses.terms()},
                       {"ledger_satisfaction", &kSatisfactions.terms()},
                       {"ledger_entry_kind", &kEntryKinds.terms()},
                       {"ledger_extension_state", &kExtensionStates.terms()},
                       {"ledger_source_type", &kSourceTypes.terms()},
                       {"plan_part", &kPlanParts.terms()},
                       {"plan_action", &kPlanActions.terms()},
                       {"project_area", &kProjectAreas.terms()},
                       // ledlife
                       {"life_problem_category", &kProblemCategoryCodes.terms()},
                       {"self_check_result", &kPointResultCodes.terms()}},
      .record_types = Joined({{kItemRecordType,
                        "台账事项",
                        {{"kind", "类别"},
                         {"campaign_id", "学习教育活动"},
                         {"title", "问题/事项"},
                         {"description", "事项描述"},
                         {"measures", "整改措施/办理措施"},
                         {"source_type", "来源类型"},
                         {"source_id", "来源活动"},
                         {"source_text", "来源"},
                         {"org_id", "责任单位"},
                         {"responsible_person_id", "责任人"},
                         {"leader_person_id", "责任领导"},
                         {"deadline", "时限"},
                         {"original_deadline", "原定时限"},
                         {"item_class", "整改类型"},
                         {"status", "状态"},
                         {"result", "完成情况"},
                         {"closed_at", "销号日期"},
                         {"closed_by_person_id", "验收人"},
                         {"verification_note", "验收意见"},
                         {"requester_name", "反映人"},
                         {"requester_contact", "反映人联系方式"},
                         {"anonymous", "匿名"},
                         {"satisfaction", "回访满意度"},
                         {"satisfaction_note", "回访意见"},
                         {"plan_part", "方案部分"},
                         {"plan_action", "动作类型"},
                         {"project_area", "项目领域"},
                         {"target", "目标"},
                         {"overdue_since", "逾期日期"},
                         {"escalated_at", "督办时间"},
                         {"archived", "已归档"},
                         {"progress", "进展情况"},
                         {"group_id", "负责工作组"},
                         {"evidence", "落实活动"}},
                        {{"kind", &kKinds.terms()},
                         {"status", &kStatuses.terms()},
                         {"item_class", &kClasses.terms()},
                         {"source_type", &kSourceTypes.terms()},
                         {"satisfaction", &kSatisfactions.terms()},
                         {"plan_part", &kPlanParts.terms()},
                         {"plan_action", &kPlanActions.terms()},
                         {"project_area", &kProjectAreas.terms()},
                         {"anonymous", &kYesNo},
                         {"archived", &kYesNo}},
                        {"ledger_items", "title"}},
                       {kExtensionRecordType,
                        "台账延期申请",
                        {{"item_id", "台账事项"},
                         {"reason", "延期理由"},
                         {"old_deadline", "原时限"},
                         {"new_deadline", "申请时限"},
                         {"state", "审批状态"},
                         {"decision_note", "审批意见"}},
                        {{"state", &kExtensionStates.terms()}}}},
                       // ledlife: 专题组织生活会, enterprise visits, self-checks
                       LifeRecordTypes()),
      .audit_actions = {{"ledger_accept", "受理"},
                        {"ledger_submit", "提请验收"},
                        {"ledger_return", "退回"},
                        {"ledger_close", "销号"},
                        {"ledger_reopen", "重新办理"},
                        {"ledger_progress", "报送进展"},
                        {"ledger_request_extension", "申请延期"},
                        {"ledger_decide_extension", "延期审批"},
                        {"ledger_feedback", "回访"},
                        {"life_review", "审核组织生活会"}},  // ledlife
      .demo = DemoSteps().empty() ? std::function<Status(DemoContext&)>() : AddDemo};
  return info;
}

}  // namespace duxing::domain::ledger

#include "domain/compliance/compliance.hpp"

namespace duxing::domain::compliance {

const ModuleInfo& Info() {
  static const ModuleInfo info{
      .name = "compliance",
      .vocabularies = {{"compliance_period", &kPeriodCodes.terms()},
                       {"compliance_subject", &kSubjectCodes.terms()},
                       {"compliance_verdict", &kVerdictCodes.terms()}},
      .record_types = {{kRuleRecordType,
                        "考核规则",
                        {{"name", "规则名称"},
                         {"period", "周期"},
                         {"minimum", "最低次数"},
                         {"archived", "已停用"}},
                        {{"period", &kPeriodCodes.terms()}, {"archived", &kYesNo}},
                        {"compliance_rules", "name"}}},
      .audit_actions = {{"confirm_hours", "确认志愿服务时长"}}};
  return info;
}

}  // namespace duxing::domain::compliance

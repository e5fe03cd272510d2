#include "domain/compliance/compliance.hpp"
#include "domain/compliance/coverage.hpp"

namespace duxing::domain::compliance {

const ModuleInfo& Info() {
  static const ModuleInfo info{
      .name = "compliance",
      .vocabularies = {{"compliance_period", &kPeriodCodes.terms()},
                       {"compliance_subject", &kSubjectCodes.terms()},
                       {"compliance_verdict", &kVerdictCodes.terms()},
                       {"coverage_figure", &kFigureCodes.terms()}},
      .record_types = {{kRuleRecordType,
                        "考核规则",
                        {{"name", "规则名称"},
                         {"period", "周期"},
                         {"minimum", "最低次数"},
                         {"archived", "已停用"},
                         {"type_ids", "活动类型"},
                         {"org_kinds", "适用组织类型"},
                         {"person_categories", "适用人员类别"}},
                        {{"period", &kPeriodCodes.terms()}, {"archived", &kYesNo}},
                        {"compliance_rules", "name"}},
                       {kCoverageRecordType,
                        "有效覆盖规则",
                        {{"min_events", "最少参加次数"}, {"min_study_hours", "最少学习时长"}},
                        {},
                        {"campaigns", "name"}}},
      .audit_actions = {{"confirm_hours", "确认志愿服务时长"}}};
  return info;
}

}  // namespace duxing::domain::compliance

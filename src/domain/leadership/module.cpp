#include "domain/leadership/demo_leadership.hpp"
#include "domain/leadership/leadership.hpp"

namespace duxing::domain::leadership {

const ModuleInfo& Info() {
  static const ModuleInfo info{
      .name = "leadership",
      .vocabularies = {{"leadership_group_kind", &kGroupKinds.terms()},
                       {"leadership_role", &kRoles.terms()},
                       {"leadership_responsibility", &kResponsibilities.terms()}},
      .record_types = {{"leadership_group",
                        "领导小组/工作组",
                        {{"campaign_id", "学习教育活动"},
                         {"kind", "类别"},
                         {"name", "名称"},
                         {"duties", "职责"},
                         {"position", "排序"},
                         {"archived", "已归档"}},
                        {{"kind", &kGroupKinds.terms()}, {"archived", &kYesNo}},
                        {"leadership_groups", "name"}},
                       {"leadership_member",
                        "领导小组成员任职",
                        {{"group_id", "所在小组"},
                         {"person_id", "人员"},
                         {"role", "角色"},
                         {"title", "职务"},
                         {"responsibility", "责任类型"},
                         {"duties", "责任内容"},
                         {"start_date", "任职开始"},
                         {"end_date", "任职结束"},
                         {"predecessor_id", "前任任职记录"}},
                        {{"role", &kRoles.terms()}, {"responsibility", &kResponsibilities.terms()}},
                        {"leadership_members", "title"}}},
      .audit_actions = {{"hand_over", "交接"}},
      .demo = AddDemo};
  return info;
}

}  // namespace duxing::domain::leadership

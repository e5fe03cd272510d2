#include "domain/people/person.hpp"

namespace duxing::domain::people {

const ModuleInfo& Info() {
  static const ModuleInfo info{
      .name = "people",
      .vocabularies = {{"person_category", &kCategories},
                       {"person_status", &kStatuses},
                       {"gender", &kGenders}},
      .record_types = {{kRecordType,
                        "人员",
                        {{"name", "姓名"},
                         {"gender", "性别"},
                         {"birth_date", "出生日期"},
                         {"party_join_date", "入党日期"},
                         {"category", "人员类别"},
                         {"org_id", "所在组织"},
                         {"department_id", "科室"},
                         {"post", "职务"},
                         {"phone", "联系电话"},
                         {"community_id", "居住社区"},
                         {"status", "状态"},
                         {"archived", "已归档"},
                         {"created_at", "创建时间"},
                         {"via", "途径"},
                         {"existing_person_id", "已有人员编号"}},
                        {{"category", &kCategories},
                         {"status", &kStatuses},
                         {"gender", &kGenders},
                         {"archived", &kYesNo}},
                        {"people", "name", "org_id"}}},
      .audit_actions = {{"duplicate_hit", "查重命中范围外人员"},
                        {"duplicate_refused", "查重命中次数超限被拒"}}};
  return info;
}

}  // namespace duxing::domain::people

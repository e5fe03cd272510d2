#include "domain/ledger/life_module.hpp"

#include "domain/ledger/org_life.hpp"
#include "domain/ledger/self_check.hpp"

namespace duxing::domain::ledger {

std::vector<RecordType> LifeRecordTypes() {
  return {
      {"life_meeting",
       "专题组织生活会",
       {{"talks_done", "谈心谈话人次"},
        {"opinions_collected", "征求意见条数"},
        {"preparation_note", "会前准备情况"},
        {"reviewed_at", "审核时间"},
        {"review_note", "审核意见"}},
       {},
       {"events", "title", "org_id"}},
      {"life_meeting_member",
       "组织生活会发言",
       {{"person_id", "参会人员"},
        {"as_ordinary_member", "以普通党员身份参加"},
        {"speech_outline", "发言提纲"},
        {"speech_attachment_id", "发言材料"},
        {"commitment", "整改承诺"}},
       {{"as_ordinary_member", &kYesNo}}},
      {"life_criticism",
       "批评与自我批评",
       {{"event_id", "组织生活会"},
        {"from_person_id", "提出人"},
        {"to_person_id", "对象"},
        {"text", "内容"}}},
      {"life_problem",
       "查摆问题",
       {{"event_id", "组织生活会"}, {"person_id", "党员"}, {"category", "问题类别"}, {"text", "问题"}},
       {{"category", &kProblemCategoryCodes.terms()}},
       {"life_meeting_problems", "text"}},
      {"enterprise_visit",
       "企业走访",
       {{"enterprise_name", "企业名称"},
        {"credit_code", "统一社会信用代码"},
        {"visitor_person_id", "走访人"},
        {"visit_date", "走访日期"},
        {"note", "走访情况"}},
       {},
       {"events", "title", "org_id"}},
      {"self_check",
       "专项监督检查自查",
       {{"title", "自查名称"}, {"org_id", "组织"}, {"check_date", "自查日期"}, {"points", "检查要点"}},
       {},
       {"self_checks", "title", "org_id"}},
      {"self_check_point",
       "自查检查要点",
       {{"text", "检查要点"}, {"result", "检查结果"}, {"note", "情况说明"}, {"item_id", "自查问题事项"}},
       {{"result", &kPointResultCodes.terms()}},
       {"self_check_points", "text"}},
  };
}

}  // namespace duxing::domain::ledger

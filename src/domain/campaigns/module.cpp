#include "domain/campaigns/campaign.hpp"
#include "domain/campaigns/demo_campaign.hpp"

namespace duxing::domain::campaigns {

namespace {

// The 2021 党史学习教育 of the seed speech, in a transaction of its own.
Status AddDemo(DemoContext& demo) {
  DX_ASSIGN_OR_RETURN(auto tx, demo.db.Begin(storage::TxMode::kWrite));
  Context ctx;
  ctx.now = demo.now;
  DX_RETURN_IF_ERROR(AddDemoCampaign(*tx, ctx));
  return tx->Commit();
}

}  // namespace

const ModuleInfo& Info() {
  static const ModuleInfo info{
      .name = "campaigns",
      .vocabularies = {{"campaign_status", &kStatusCodes.terms()}},
      .record_types = {{"campaign",
                        "学习教育活动",
                        {{"name", "活动名称"},
                         {"year", "年度"},
                         {"start_date", "开始日期"},
                         {"end_date", "结束日期"},
                         {"goals", "目标要求"},
                         {"phases", "阶段"},
                         {"study_points", "学习重点"},
                         {"status", "状态"},
                         {"org_id", "组织单位"},
                         {"archived", "已归档"}},
                        {{"status", &kStatusCodes.terms()}, {"archived", &kYesNo}},
                        {"campaigns", "name"}}},
      .demo = AddDemo};
  return info;
}

}  // namespace duxing::domain::campaigns

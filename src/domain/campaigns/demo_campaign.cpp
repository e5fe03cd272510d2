#include "domain/campaigns/demo_campaign.hpp"

namespace duxing::domain::campaigns {
namespace {

constexpr std::string_view kCommittee =
    "SELECT id FROM orgs WHERE name = '市统计局机关党委' AND archived = 0 ORDER BY id";
constexpr std::string_view kExisting =
    "SELECT 1 FROM campaigns WHERE org_id = $1 AND name = $2 AND year = $3";

}  // namespace

Campaign DemoCampaign2021() {
  Campaign c;
  c.name = "党史学习教育";
  c.year = 2021;
  c.start_date = "2021-02-26";
  c.end_date = "2022-01-31";
  c.goals = {"学史明理", "学史增信", "学史崇德", "学史力行",
             "学党史",   "悟思想",   "办实事",   "开新局"};
  c.phases = {{"集中学习", "2021-02-26", "2021-12-31"},
              {"动员部署", "2021-03-25", "2021-03-31"},
              {"专题组织生活会", "2021-08-16", "2021-08-31"},
              {"总结", "2021-12-01", "2022-01-31"}};
  c.study_points = {
      "深刻认识红色政权来之不易、新中国来之不易、中国特色社会主义来之不易",
      "深刻认识中国共产党为什么能、马克思主义为什么行、中国特色社会主义为什么好",
      "深刻认识党的性质宗旨，坚持以人民为中心的发展思想",
      "深刻认识我国发展新的历史方位，胸怀中华民族伟大复兴战略全局和世界百年未有之大变局",
      "深刻认识党的光荣传统、宝贵经验和伟大成就，弘扬优良传统，加强党的建设",
      "深刻认识初心使命，推动党史学习教育深入群众、深入基层、深入人心",
  };
  c.status = CampaignStatus::kEnded;
  return c;
}

Status AddDemoCampaign(storage::Tx& tx, const Context& ctx) {
  DX_ASSIGN_OR_RETURN(storage::Rows orgs, tx.Query(kCommittee, {}));
  if (orgs.empty()) return Ok();
  Campaign c = DemoCampaign2021();
  c.org_id = orgs.front().Int(0);
  DX_ASSIGN_OR_RETURN(storage::Rows existing, tx.Query(kExisting, {c.org_id, c.name, c.year}));
  if (!existing.empty()) return Ok();
  DX_RETURN_IF_ERROR(Validate(c));
  DX_ASSIGN_OR_RETURN(int64_t id, CampaignService::Insert(tx, ctx, c));
  (void)id;
  return Ok();
}

}  // namespace duxing::domain::campaigns

// The campaigns module's demo step: the 2021 党史学习教育 of the seed speech
// (../shared/seed/speech-2021-summary.txt), organized by the demo bureau's
// 机关党委.
#pragma once

#include "domain/campaigns/campaign.hpp"

namespace duxing::domain::campaigns {

// The 2021 campaign as the speech tells it: its goals (学史明理、学史增信、
// 学史崇德、学史力行; 学党史、悟思想、办实事、开新局), phases (集中学习 from the
// end of February, 动员部署 at the end of March, 专题组织生活会 in late August,
// 总结 at the year's end) and the six key study points of the 实施方案; ended.
// org_id is left 0 for the caller.
Campaign DemoCampaign2021();

// Adds DemoCampaign2021 for the demo bureau's 机关党委 inside `tx`, audited as
// a create by `ctx` (init: no principal). Does nothing when that org does not
// exist (a database not built by init --demo) or already has a campaign of
// that name and year, so running it twice adds it once.
Status AddDemoCampaign(storage::Tx& tx, const Context& ctx);

}  // namespace duxing::domain::campaigns

// The ledger module's demo step for kinds 1 and 2 (issue 9), after the
// events, leadership and documents steps: in the 2021 党史学习教育,
// - the plan (实施方案) in its four parts: 总体要求, 学习重点 (the speech's
//   study focus), 主要工作 (the 16 activities of 5号文, each task linked to
//   the demo events that carried it out, and the speech's other main works),
//   组织领导; each task owned by its working group where 5号文 names one;
//   most closed, some open, some without evidence;
// - 61 forums (恳谈会) in the four linked communities and villages, held by
//   the branches (四季红村: the committee's 乡村振兴工作队), 322 residents
//   taking part in all;
// - 32 concerns raised there (some anonymous): 24 closed with 回访, one
//   reopened after an unsatisfied 回访, the others open, one of them overdue
//   and escalated (督办; overdue_since and escalated_at set by the step
//   itself);
// - 20 practical projects of the 民生项目清单, 17 of them done.
// So the speech's figures (恳谈会 61 次, 参与群众 322 人, 收集问题 32 个, 办成
// 实事 17 件) come out of the records. Each item has its timeline and one
// audit entry.
#pragma once

#include <string>
#include <string_view>

#include "domain/context.hpp"
#include "domain/events/event.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::ledger {

// Counts the demo adds (the tests check them).
inline constexpr int kDemoForums = 61;
inline constexpr int kDemoResidents = 322;
inline constexpr int kDemoConcerns = 32;
inline constexpr int kDemoConcernsClosed = 24;
inline constexpr int kDemoProjects = 20;
inline constexpr int kDemoProjectsDone = 17;

// Adds them in one transaction; does nothing without the demo bureau (no
// 市统计局机关党委) or the 2021 campaign, or when plan tasks of that
// campaign exist already.
Status AddDemoPlanAndServing(DemoContext& demo);

// The open items of the whole ledger demo (this step and demo_org_life.cpp)
// past their deadline at install: the escalated concern above and one
// self-check item (demo_org_life.hpp). Every other open item is due in the
// coming weeks or months after the install's date.
inline constexpr int kDemoOverdueItems = 2;

// Two closed tasks of the plan whose evidence the org-life step makes (it
// links them after its meetings and visits exist): the branches'
// 专题组织生活会 and the 千人进企业 visits.
inline constexpr const char* kDemoLifeMeetingsTask =
    "召开“学党史、悟思想、办实事、开新局”专题组织生活会";
inline constexpr const char* kDemoEnterpriseVisitsTask =
    "学史力行，开展“千人进企业服务提质效”专项行动";
// The plan's tasks without linked events once both steps ran (the board's
// 未关联活动): the closed ones carried out by other records (the 实施方案
// document, the self-study logs, the closed-book exam, the leading group)
// or verified by 联络组 without an event, and the open ones.
inline constexpr int kDemoPlanTasksWithoutEvidence = 12;

// For the ledger's demo steps: the China date (YYYY-MM-DD) `days` after
// `day` (a China date; negative: before).
std::string DemoDayAfter(std::string_view day, int days);

// For the ledger's demo steps (here and demo_org_life.cpp): the org named
// `name`, not archived (its row: id, path), or kNotFound
// "演示组织不存在：<name>".
Result<storage::Row> DemoOrg(storage::Tx& tx, std::string_view name);
// Links the events `events` (their ids in column 0) to item `item` as its
// evidence, inside `tx`.
Status LinkDemoEvidence(storage::Tx& tx, int64_t item, const storage::Rows& events);
// Checks `e` (events::Validate, which fills its defaults), inserts it and
// publishes it inside `tx`, unaudited; its id.
Result<int64_t> PublishDemoEvent(storage::Tx& tx, const Context& ctx, events::Event& e);

}  // namespace duxing::domain::ledger

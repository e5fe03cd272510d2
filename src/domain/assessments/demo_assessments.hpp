// The assessments module's demo step: the 党史 question bank of the demo
// bureau's 机关党委 (demo_bank.csv, through the import's reading and writing),
// the bureau's closed-book 党史知识竞赛 with its results, and a practice exam.
#pragma once

#include "domain/context.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::assessments {

// Adds the demo bank to the 机关党委's bank inside `tx`, audited as creates by
// `ctx` (init: no principal). Does nothing when that org does not exist (a
// database not built by init --demo) or its bank already has a top category
// 党史, so running it twice adds it once. Returns the questions added.
Result<int> AddDemoBank(storage::Tx& tx, const Context& ctx);

// The names of the demo exams AddDemoExams makes.
inline constexpr const char* kDemoCompetition = "2021年党史知识竞赛（闭卷）";
inline constexpr const char* kDemoPractice = "党史知识每日练习";

// Adds, for the 机关党委, the bureau's closed-book 党史知识竞赛 of 20 November
// 2021 (a paper drawn by rules from the 党史 bank: 20 single, 10 multiple, 10
// true/false, 5 fill-in, 100 points), taken by the members of the 机关
// branches (the first 24 members; answers a deterministic mix of right and wrong, each
// attempt handed in within the hour), with its results published; and an open
// practice exam (10 single, 5 true/false, unlimited attempts, feedback with
// explanations) that closes at the end of 2030. Runs as the system admin
// account `admin_account_id`, takers as themselves, each at the time it
// happened (ctx.now is moved). Does nothing without the demo bank or when a
// competition of that name exists. Each service call commits on its own.
Status AddDemoExams(storage::Database& db, TimePoint now, int64_t admin_account_id);

// The module's demo step (ModuleInfo::demo).
Status AddDemoAssessments(DemoContext& demo);

}  // namespace duxing::domain::assessments

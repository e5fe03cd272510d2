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
Result<int> AddDemoBank(storage::Tx &tx, const Context &ctx);

// The module's demo step (ModuleInfo::demo).
Status AddDemoAssessments(DemoContext &demo);

} // namespace duxing::domain::assessments

#include "domain/assessments/demo_assessments.hpp"

#include "domain/assessments/question_transfer.hpp"

namespace duxing::domain::assessments {
namespace {

constexpr std::string_view kCommittee =
    "SELECT id FROM orgs WHERE name = '市统计局机关党委' AND archived = 0 "
    "ORDER BY id";
constexpr std::string_view kHistoryCategory =
    "SELECT 1 FROM question_categories WHERE org_id = $1 AND parent_id IS NULL "
    "AND name = '党史'";

} // namespace

Result<int> AddDemoBank(storage::Tx &tx, const Context &ctx) {
  DX_ASSIGN_OR_RETURN(storage::Rows orgs, tx.Query(kCommittee, {}));
  if (orgs.empty())
    return 0;
  int64_t org_id = orgs.front().Int(0);
  DX_ASSIGN_OR_RETURN(storage::Rows existing,
                      tx.Query(kHistoryCategory, {org_id}));
  if (!existing.empty())
    return 0;
  DX_ASSIGN_OR_RETURN(std::vector<SheetQuestion> questions,
                      DemoBankQuestions());
  return QuestionTransfer::Write(tx, ctx, org_id, std::move(questions));
}

Status AddDemoAssessments(DemoContext &demo) {
  DX_ASSIGN_OR_RETURN(auto tx, demo.db.Begin(storage::TxMode::kWrite));
  Context ctx;
  ctx.now = demo.now;
  DX_ASSIGN_OR_RETURN(int added, AddDemoBank(*tx, ctx));
  (void)added;
  return tx->Commit();
}

} // namespace duxing::domain::assessments

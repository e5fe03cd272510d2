// Moving a question bank in and out as a spreadsheet (question_sheet.hpp):
// the .xlsx (or CSV) import, all or nothing; the .xlsx export in the same
// columns; and the demo 党史 bank (demo_bank.csv), which goes through the same
// reading and writing.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/assessments/question.hpp"
#include "domain/assessments/question_sheet.hpp"
#include "tabular/xlsx_writer.hpp"

namespace duxing::domain::assessments {

enum class SheetFormat { kXlsx, kCsv };

// Bytes an import upload may have (checked by the route before reading).
inline constexpr size_t kMaxImportBytes = 8 << 20;

// Questions an export holds at most (kTooLarge past it).
inline constexpr int64_t kMaxExportQuestions = 20000;

class QuestionTransfer {
 public:
  QuestionTransfer(storage::Database& db, QuestionBank& bank) : db_(db), bank_(bank) {}

  // Whether the caller may import into `org_id`'s bank: kNotFound "组织不存在"
  // when the org is unknown or out of the caller's reading scope,
  // kPermissionDenied when they may read but not write there. Cheap (one
  // read); the route asks it before reading any byte of the upload.
  Status MayImport(const Context& ctx, int64_t org_id);

  // Imports the questions of `bytes` into `org_id`'s bank, as MayImport
  // allows: reads the file (within QuestionSheetLimits), checks every row
  // (ReadQuestionSheet) and, only when every row is good, writes them in one
  // transaction: the categories of their paths found by name under their
  // parent or created, each question through QuestionBank::Insert. Returns
  // the number of questions added. Errors: MayImport's; the reader's
  // (kInvalidArgument unreadable, kTooLarge past a bound); ReadQuestionSheet's
  // (kInvalidArgument with a detail per problem). Nothing is written on any
  // error.
  Result<int> Import(const Context& ctx, int64_t org_id, SheetFormat format,
                     std::string_view bytes);

  // The questions of `org_id`'s bank (not archived; of `type` only when
  // given), oldest first, as a sheet in the import's columns. Errors:
  // MayImport's (only writers of a bank export it, as they import it),
  // kTooLarge past kMaxExportQuestions.
  Result<tabular::Sheet> Export(const Context& ctx, int64_t org_id,
                                std::optional<QuestionType> type = std::nullopt);

  // Writes checked questions into `org_id`'s bank inside `tx` (Import's
  // writing; rights are the caller's to check). Returns how many.
  static Result<int> Write(storage::Tx& tx, const Context& ctx, int64_t org_id,
                           std::vector<SheetQuestion> questions);

 private:
  storage::Database& db_;
  QuestionBank& bank_;
};

// The demo 党史 bank (demo_bank.csv, compiled in), read and checked.
Result<std::vector<SheetQuestion>> DemoBankQuestions();

}  // namespace duxing::domain::assessments

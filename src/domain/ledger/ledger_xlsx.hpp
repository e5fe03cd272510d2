// Ledger items in Excel (台账导出与导入): the export of a list in the usual
// 台账 columns, and the import of existing ledgers kept in those columns.
//
// Columns, in order: the usual 台账 ones, 序号, 问题/事项 (title),
// 整改措施/办理措施 (measures), 责任单位 (the responsible org), 责任人,
// 责任领导, 时限 (deadline), 进展情况 (the progress updates' texts, oldest
// first, one a line), 完成情况 (result), 销号日期 (the China date of
// closing), 验收人 (the verifier); then the optional 类别 (item_class:
// 立行立改 / 限期整改 / 长期坚持) and 领域 (a project's area), by label, so
// that an export imports back whole.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/context.hpp"
#include "domain/ledger/item.hpp"
#include "storage/database.hpp"
#include "tabular/xlsx_writer.hpp"

namespace duxing::domain::ledger {

// The column titles, in order (the export's header; the import finds its
// columns by these titles, in any order, a trailing '*' allowed).
const std::vector<std::string>& LedgerColumns();

// One import file: at most this many data rows (past it kTooLarge) and bytes.
inline constexpr int kMaxImportRows = 5000;
inline constexpr size_t kMaxImportBytes = 8 << 20;
// The problem of a row repeating an existing item (Import), named by what the
// user sees in the 台账 (its 责任单位 and 事项), not by an id the pages never show.
inline constexpr std::string_view kRepeatsExisting =
    "与台账中已有事项重复（同一责任单位、同一事项）";
// Items one export writes at most (past it kTooLarge: filter the list).
inline constexpr int64_t kMaxExportRows = 100000;

// The export's row of `item`, numbered `seq`; `progress`: the texts of its
// progress updates, oldest first.
std::vector<std::string> ExportRow(int64_t seq, const Item& item,
                                   const std::vector<std::string>& progress);

// The import template (台账导入模板): the LedgerColumns() header, the
// required ones (问题/事项, 责任单位) marked with a trailing '*', one
// example row, and a 填写说明 tab saying how each column is read (as
// LedgerXlsx::Import reads it). With its example row replaced by rows of
// the caller's orgs and people it imports as it is.
tabular::Sheet ImportTemplateSheet();

// Where imported items go: their kind and campaign (both of the request);
// `skip_existing`: rows that repeat an existing item are skipped, not refused.
struct ImportTarget {
  Kind kind = Kind::kRectification;
  std::optional<int64_t> campaign_id;
  bool skip_existing = false;
};

// What an import wrote: items created, and rows skipped as repeats.
struct ImportResult {
  int64_t imported = 0;
  int64_t skipped = 0;
};

// The name an export of `filter` is saved as on `now`'s China date: the
// kind's 台账 (整改事项台账-2026-12-01.xlsx), 台账-2026-12-01.xlsx for all kinds.
std::string ExportFileName(const ItemFilter& filter, TimePoint now);

class LedgerXlsx {
 public:
  explicit LedgerXlsx(storage::Database& db) : db_(db) {}

  // The items LedgerService::List would list for `filter` (scope, filters
  // and sort; every page), as the 台账 sheet. kInvalidArgument as List;
  // kTooLarge past kMaxExportRows.
  Result<tabular::Sheet> Export(const Context& ctx, const ItemFilter& filter);

  // Whether the caller may import at all (writes records of some org), from
  // the request head: kPermissionDenied "无权导入台账" otherwise.
  static Status MayImport(const Context& ctx);

  // Imports the first sheet of `xlsx` (row 1: the header) as items of
  // `target`, all or nothing, in one transaction; returns how many. Each
  // row: 问题/事项 and 责任单位 required; 责任单位 an org's name, or its path
  // of names from an ancestor down ("机关第二支部/第一党小组") when the name
  // is not unique, which the caller may write; 责任人 a person of that org's
  // subtree by name, 责任领导 and 验收人 one of that subtree or of the orgs
  // above it; 时限 and 销号日期 dates (YYYY-MM-DD, or Excel dates). A row with
  // 销号日期 and 验收人 lands closed (closed on that date by that person, who
  // may not be the responsible person), a row with 完成情况 awaiting
  // verification, any other in progress; 进展情况 becomes one progress
  // update; 类别 and 领域 (optional columns) a label of the vocabulary,
  // 领域 for projects only. Each item is created as LedgerService::Insert
  // creates it (timeline, audit), source "import".
  // A row that repeats an existing, unarchived item of the same campaign
  // (none: of no campaign) and kind — the same 问题/事项 and 责任单位 — is a
  // problem of its row (kRepeatsExisting, column 问题/事项; the
  // rejection's field is then "skip_existing"), unless
  // target.skip_existing: then it is skipped and counted in `skipped`.
  // Errors: kPermissionDenied as MayImport; kInvalidArgument on
  // "campaign_id" for a campaign that does not exist, is archived or that
  // the caller may not read; kTooLarge past
  // kMaxImportBytes or kMaxImportRows (or the reader's bounds);
  // kInvalidArgument for an unreadable file; a file with bad rows is
  // ImportRejected (import_problems.hpp): every problem by row, column and
  // reason, at most one per cell, nothing written.
  Result<ImportResult> Import(const Context& ctx, const ImportTarget& target,
                              std::string_view xlsx);

 private:
  storage::Database& db_;
};

}  // namespace duxing::domain::ledger

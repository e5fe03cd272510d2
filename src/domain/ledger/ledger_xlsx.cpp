#include "domain/ledger/ledger_xlsx.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include "domain/campaigns/campaign.hpp"
#include "domain/import_problems.hpp"
#include "domain/ledger/item_rows.hpp"
#include "domain/ledger/ledger_service.hpp"
#include "domain/orgs/org_names.hpp"
#include "storage/generation.hpp"
#include "storage/where.hpp"
#include "tabular/xlsx_reader.hpp"

namespace duxing::domain::ledger {
namespace {

enum Column {
  kSeq,
  kTitle,
  kMeasures,
  kOrg,
  kResponsible,
  kLeader,
  kDeadline,
  kProgress,
  kResult,
  kClosedOn,
  kVerifier,
  kClass,
  kArea,
  kColumnCount
};
// The columns a file must have (the template marks them with '*').
constexpr Column kRequiredColumns[] = {kTitle, kOrg};
// The export's and the template's column widths, in LedgerColumns() order.
constexpr double kColumnWidths[kColumnCount] = {6, 30, 30, 16, 10, 10, 12, 40, 30, 12, 10, 10, 12};

constexpr std::string_view kProgressOf =
    "SELECT item_id, text FROM ledger_entries WHERE kind = 'progress' AND item_id IN (";
constexpr std::string_view kPeopleNamed =
    "SELECT id, name, org_path FROM people WHERE archived = 0 AND name IN (";
// The items an imported row may repeat: the campaign's (or, without one,
// those of none) of the import's kind (index ledger_items_campaign) with
// one of the file's titles (CheckExisting adds the condition), so only the
// rows that match come back, whatever the size of the ledger.
constexpr std::string_view kExisting =
    "SELECT id, title, org_id FROM ledger_items";

// The China date of a stored UTC time ("" for none).
std::string ChinaDateOf(const std::optional<std::string>& time) {
  if (!time) return "";
  auto t = ParseTime(*time);
  return t ? ChinaDate(*t) : time->substr(0, 10);
}

// China midnight of `date` (YYYY-MM-DD, valid) as a stored UTC time.
std::string ChinaMidnight(const std::string& date) {
  return FormatTime(*ParseTime(date) - std::chrono::hours(8));
}

// --- reading a file's rows ---

struct Person {
  int64_t id = 0;
  std::string org_path;
};

// One checked row: the item and its progress text.
struct ImportedItem {
  Item item;
  std::string progress;
};

// A file's rows to write, and how many repeats of existing items it skipped.
struct CheckedRows {
  std::vector<ImportedItem> items;
  int64_t skipped = 0;
};

// The problems of one row, at most one per column.
class RowProblems {
 public:
  RowProblems(int row, std::vector<ErrorDetail>& all) : row_(row), all_(all) {}
  void Add(Column col, std::string reason) {
    if (!done_.insert(col).second) return;
    all_.push_back({row_, LedgerColumns()[col], std::move(reason)});
  }
  bool any() const { return !done_.empty(); }

 private:
  int row_;
  std::vector<ErrorDetail>& all_;
  std::set<int> done_;
};

// Checks a file's rows against the database: orgs, people, dates, the
// item's own rules.
class RowChecker {
 public:
  RowChecker(const Context& ctx, const ImportTarget& target, orgs::OrgNames org_names,
             std::multimap<std::string, Person> people)
      : ctx_(ctx), target_(target), orgs_(std::move(org_names)), people_(std::move(people)) {}

  // The item of `cells` (a data row, kColumnCount wide), or nullopt with
  // its problems added.
  std::optional<ImportedItem> Check(int row, const std::vector<std::string>& cells,
                                    std::vector<ErrorDetail>& problems) {
    RowProblems report(row, problems);
    ImportedItem out;
    Item& item = out.item;
    item.kind = target_.kind;
    item.campaign_id = target_.campaign_id;
    item.source_type = SourceType::kImport;
    item.title = cells[kTitle];
    item.measures = cells[kMeasures];
    item.result = cells[kResult];
    out.progress = cells[kProgress];
    if (item.title.empty()) report.Add(kTitle, "问题/事项不能为空");
    const orgs::Org* org = ResolveOrg(cells[kOrg], report);
    if (org) {
      item.org_id = org->id;
      item.org_path = org->path;
      item.responsible_person_id = ResolvePerson(cells[kResponsible], *org, false,
                                                 kResponsible, report);
      item.leader_person_id = ResolvePerson(cells[kLeader], *org, true, kLeader, report);
    }
    if (!cells[kDeadline].empty()) {
      item.deadline = cells[kDeadline];
      item.original_deadline = item.deadline;
      if (!IsValidDate(cells[kDeadline])) report.Add(kDeadline, "时限应为日期，如 2021-09-30");
    }
    item.item_class = ReadCoded(cells[kClass], kClasses, kClass, "类别", report);
    item.project_area = ReadCoded(cells[kArea], kProjectAreas, kArea, "领域", report);
    item.status = item.result.empty() ? ItemStatus::kInProgress : ItemStatus::kToVerify;
    CheckClosure(cells, org, item, report);
    if (!report.any()) {
      if (Status valid = Validate(item); !valid.ok()) {
        report.Add(ColumnOf(valid.error().field), valid.error().message);
      }
    }
    if (report.any()) return std::nullopt;
    return out;
  }

 private:
  // The org `cell` names (orgs::OrgNames) among those the caller reads,
  // which the caller may write.
  const orgs::Org* ResolveOrg(const std::string& cell, RowProblems& report) {
    if (cell.empty()) {
      report.Add(kOrg, "责任单位不能为空");
      return nullptr;
    }
    const auth::Principal& caller = *ctx_.principal;
    const std::vector<const orgs::Org*> found =
        orgs_.Find(cell, [&](const orgs::Org& o) { return caller.CanRead(o.path); }).orgs;
    if (found.empty()) {
      report.Add(kOrg, "找不到组织“" + cell + "”");
      return nullptr;
    }
    if (found.size() > 1) {
      std::string paths;
      for (const orgs::Org* o : found) paths += (paths.empty() ? "" : "、") + orgs_.ShortPath(*o);
      report.Add(kOrg, "“" + cell + "”不唯一（" + paths + "），请填写带上级组织的路径");
      return nullptr;
    }
    if (!ctx_.principal->CanWrite(found.front()->path)) {
      report.Add(kOrg, "无权向“" + cell + "”导入台账");
      return nullptr;
    }
    return found.front();
  }

  // The person named `name` in `org`'s subtree; or (`above`: a leader or a
  // verifier) when there is none there, in the orgs above it, else anywhere
  // the importer reads, as the item's form allows (a leader of another
  // branch: what the export writes imports back).
  std::optional<int64_t> ResolvePerson(const std::string& name, const orgs::Org& org, bool above,
                                       Column col, RowProblems& report) {
    if (name.empty()) return std::nullopt;
    std::vector<int64_t> inside, over, readable;
    auto [from, end] = people_.equal_range(name);
    for (auto it = from; it != end; ++it) {
      const std::string& path = it->second.org_path;
      if (path.rfind(org.path, 0) == 0) inside.push_back(it->second.id);
      else if (above && org.path.rfind(path, 0) == 0) over.push_back(it->second.id);
      else if (above && ctx_.principal->CanRead(path)) readable.push_back(it->second.id);
    }
    const auto& found = !inside.empty() ? inside : !over.empty() ? over : readable;
    if (found.size() == 1) return found.front();
    report.Add(col, found.empty() ? "找不到“" + org.name + "”的人员“" + name + "”"
                                  : "“" + org.name + "”有多名“" + name + "”，无法确定");
    return std::nullopt;
  }

  void CheckClosure(const std::vector<std::string>& cells, const orgs::Org* org, Item& item,
                    RowProblems& report) {
    const std::string& on = cells[kClosedOn];
    const std::string& by = cells[kVerifier];
    if (on.empty() && by.empty()) return;
    if (on.empty() || by.empty()) {
      report.Add(on.empty() ? kClosedOn : kVerifier, "已销号的事项须同时填写销号日期和验收人");
      return;
    }
    if (!IsValidDate(on)) {
      report.Add(kClosedOn, "销号日期应为日期，如 2021-09-30");
    } else if (on > ChinaDate(ctx_.now)) {
      report.Add(kClosedOn, "销号日期不能晚于今天");
    }
    if (!org) return;
    auto verifier = ResolvePerson(by, *org, true, kVerifier, report);
    if (verifier && verifier == item.responsible_person_id) {
      report.Add(kVerifier, "责任人不能验收自己的事项");
    }
    if (!IsValidDate(on) || !verifier) return;
    item.status = ItemStatus::kClosed;
    item.closed_at = ChinaMidnight(on);
    item.closed_by_person_id = verifier;
  }

  // The value of `codes` whose label (or code, or alias) is `cell`; none
  // for an empty cell; any other text is a problem naming the labels.
  template <typename E>
  static std::optional<E> ReadCoded(const std::string& cell, const CodedEnum<E>& codes, Column col,
                                    std::string_view title, RowProblems& report) {
    if (cell.empty()) return std::nullopt;
    if (auto code = CodeOf(codes.terms(), cell)) return codes.Parse(*code);
    std::string labels;
    for (E v : codes.values()) labels += (labels.empty() ? "" : "、") + codes.Label(v);
    report.Add(col, std::string(title) + "应为" + labels + "之一");
    return std::nullopt;
  }

  static Column ColumnOf(const std::string& field) {
    if (field == "measures") return kMeasures;
    if (field == "item_class") return kClass;
    if (field == "project_area") return kArea;
    if (field == "deadline" || field == "original_deadline") return kDeadline;
    if (field == "result") return kResult;
    return kTitle;
  }

  const Context& ctx_;
  const ImportTarget& target_;
  orgs::OrgNames orgs_;
  std::multimap<std::string, Person> people_;  // by name
};

tabular::ReadLimits ImportLimits() {
  tabular::ReadLimits limits;
  limits.max_rows = kMaxImportRows + 2;  // the header, and one to say "too many"
  limits.max_cells = static_cast<int64_t>(limits.max_rows) * 64;
  limits.max_table_bytes = 32 << 20;
  limits.max_uncompressed_bytes = 32 << 20;
  limits.max_shared_string_bytes = 16 << 20;
  limits.max_shared_strings = 200'000;
  return limits;
}

// The index of each column in the file's header (-1: absent).
Result<std::vector<int>> HeaderColumns(const std::vector<std::string>& header) {
  std::vector<int> at(kColumnCount, -1);
  for (size_t c = 0; c < header.size(); ++c) {
    std::string title = HeaderTitle(header[c]);
    for (int k = 0; k < kColumnCount; ++k) {
      if (title == LedgerColumns()[k] && at[k] < 0) at[k] = static_cast<int>(c);
    }
  }
  std::vector<ErrorDetail> missing;
  for (Column k : kRequiredColumns) {
    if (at[k] < 0) missing.push_back({1, LedgerColumns()[k], "缺少“" + LedgerColumns()[k] + "”列"});
  }
  if (!missing.empty()) return ImportRejected(std::move(missing));
  return at;
}

// The distinct non-empty cells of `columns`.
std::vector<std::string> CellsOf(const tabular::Table& table, const std::vector<int>& at,
                                 std::initializer_list<Column> columns) {
  std::set<std::string> names;
  for (size_t r = 1; r < table.rows.size(); ++r) {
    for (Column k : columns) {
      if (at[k] >= 0 && !table.rows[r][at[k]].empty()) names.insert(table.rows[r][at[k]]);
    }
  }
  return {names.begin(), names.end()};
}

// The rows of `items` (their 1-based row numbers `rows`) that repeat an
// existing item of the import's campaign and kind (the same title and
// responsible org): without target.skip_existing each is a problem of its
// row (kRepeatsExisting, naming the item by what the user sees, not its
// id); with it, those rows are dropped from `items`.
// Returns how many were dropped.
Result<int64_t> CheckExisting(storage::Tx& tx, const ImportTarget& target,
                              std::vector<ImportedItem>& items, std::vector<int>& rows,
                              std::vector<ErrorDetail>& problems) {
  if (items.empty()) return int64_t{0};
  std::set<std::string> titles;
  for (const auto &in : items)
    titles.insert(in.item.title);
  // At most kMaxImportRows titles: one statement (kMaxBatchValues).
  storage::Condition named{"title IN (", {}};
  for (const auto &t : titles) {
    named.sql += named.values.empty() ? "?" : ", ?";
    named.values.emplace_back(t);
  }
  named.sql += ')';
  storage::Where w;
  if (target.campaign_id) {
    w.And("campaign_id = ?", {*target.campaign_id});
  } else {
    w.And("campaign_id IS NULL");
  }
  w.And("kind = ? AND archived = 0", {std::string(kKinds.Name(target.kind))});
  w.And(std::move(named));
  DX_ASSIGN_OR_RETURN(storage::Rows existing,
                      tx.Query(std::string(kExisting) + w.Sql(), w.params()));
  std::set<std::pair<std::string, int64_t>> titles_orgs;
  for (const auto& r : existing) titles_orgs.emplace(r.Text(1), r.Int(2));
  std::vector<ImportedItem> kept;
  std::vector<int> kept_rows;
  int64_t skipped = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!titles_orgs.contains({items[i].item.title, items[i].item.org_id})) {
      kept.push_back(std::move(items[i]));
      kept_rows.push_back(rows[i]);
    } else if (target.skip_existing) {
      ++skipped;
    } else {
      problems.push_back({rows[i], LedgerColumns()[kTitle], std::string(kRepeatsExisting)});
    }
  }
  items = std::move(kept);
  rows = std::move(kept_rows);
  return skipped;
}

// The rows of `items` (their 1-based row numbers `rows`) that repeat an
// earlier row of the same file (the same title and responsible org, as
// CheckExisting): each a problem of its row ("与第 N 行重复"), dropped from
// `items`. Not skipped by skip_existing: the file says the same thing twice.
void CheckRepeatsInFile(std::vector<ImportedItem> &items,
                        std::vector<int> &rows,
                        std::vector<ErrorDetail> &problems) {
  std::map<std::pair<std::string, int64_t>, int> first_row;
  std::vector<ImportedItem> kept;
  std::vector<int> kept_rows;
  for (size_t i = 0; i < items.size(); ++i) {
    auto [it, first] = first_row.emplace(
        std::pair(items[i].item.title, items[i].item.org_id), rows[i]);
    if (first) {
      kept.push_back(std::move(items[i]));
      kept_rows.push_back(rows[i]);
    } else {
      problems.push_back({rows[i], LedgerColumns()[kTitle],
                          "与第 " + std::to_string(it->second) +
                              " 行重复（同一事项、同一责任单位）"});
    }
  }
  items = std::move(kept);
  rows = std::move(kept_rows);
}

Result<CheckedRows> CheckRows(storage::Tx& tx, const Context& ctx, const ImportTarget& target,
                              const tabular::Table& table) {
  DX_ASSIGN_OR_RETURN(std::vector<int> at, HeaderColumns(table.rows.front()));
  orgs::OrgNames org_names;
  DX_RETURN_IF_ERROR(org_names.Load(tx, CellsOf(table, at, {kOrg})));
  DX_ASSIGN_OR_RETURN(storage::Rows named,
                      storage::QueryIn(tx, kPeopleNamed, ")",
                                       CellsOf(table, at, {kResponsible, kLeader, kVerifier})));
  std::multimap<std::string, Person> people;
  for (const auto& p : named) people.emplace(p.Text(1), Person{p.Int(0), p.Text(2)});
  RowChecker checker(ctx, target, std::move(org_names), std::move(people));
  std::vector<ErrorDetail> problems;
  std::vector<ImportedItem> items;
  std::vector<int> item_rows;
  for (size_t r = 1; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    std::vector<std::string> cells(kColumnCount);
    bool blank = true;
    for (int k = 0; k < kColumnCount; ++k) {
      if (at[k] >= 0) cells[k] = row[at[k]];
      if (k != kSeq && !cells[k].empty()) blank = false;
    }
    if (blank) continue;
    auto item = checker.Check(static_cast<int>(r) + 1, cells, problems);
    if (item) {
      items.push_back(std::move(*item));
      item_rows.push_back(static_cast<int>(r) + 1);
    }
  }
  const bool none = items.empty() && problems.empty();
  CheckRepeatsInFile(items, item_rows, problems);
  size_t checked = problems.size();
  DX_ASSIGN_OR_RETURN(int64_t skipped, CheckExisting(tx, target, items, item_rows, problems));
  if (!problems.empty()) {
    const bool repeats = problems.size() != checked;
    // Ordered by row, as each row's own problems are.
    std::stable_sort(problems.begin(), problems.end(),
                     [](const ErrorDetail& a, const ErrorDetail& b) { return a.row < b.row; });
    Error rejected = ImportRejected(std::move(problems));
    // Rows that repeat existing items: the request may skip them.
    if (repeats) rejected.field = "skip_existing";
    return rejected;
  }
  if (none) return MakeError(Code::kInvalidArgument, "文件中没有台账事项", "file");
  return CheckedRows{std::move(items), skipped};
}

Status WriteItems(storage::Tx& tx, const Context& ctx, const std::vector<ImportedItem>& items) {
  for (const ImportedItem& in : items) {
    DX_ASSIGN_OR_RETURN(int64_t id, LedgerService::Insert(tx, ctx, in.item));
    if (!in.progress.empty()) {
      DX_RETURN_IF_ERROR(AddEntry(tx, ctx, {id, EntryKind::kProgress, in.progress}));
    }
    if (in.item.status == ItemStatus::kClosed) {
      DX_RETURN_IF_ERROR(AddEntry(
          tx, ctx, {id, EntryKind::kClosed, "导入时已销号", std::nullopt, ItemStatus::kClosed}));
    }
  }
  // The lists' cached totals and pages follow the items' counter.
  return storage::BumpGenerations(tx, {kItemRecordType});
}

}  // namespace

const std::vector<std::string>& LedgerColumns() {
  static const std::vector<std::string> kColumns = {
      "序号",     "问题/事项", "整改措施/办理措施", "责任单位", "责任人", "责任领导", "时限",
      "进展情况", "完成情况",  "销号日期",          "验收人",   "类别",   "领域"};
  return kColumns;
}

std::vector<std::string> ExportRow(int64_t seq, const Item& item,
                                   const std::vector<std::string>& progress) {
  std::string progress_text;
  for (const auto& p : progress) progress_text += (progress_text.empty() ? "" : "\n") + p;
  return {std::to_string(seq),
          item.title,
          item.measures,
          item.org_name,
          item.responsible_name,
          item.leader_name,
          item.deadline.value_or(""),
          progress_text,
          item.result,
          item.status == ItemStatus::kClosed ? ChinaDateOf(item.closed_at) : "",
          item.status == ItemStatus::kClosed ? item.closed_by_name : "",
          item.item_class ? kClasses.Label(*item.item_class) : "",
          item.project_area ? kProjectAreas.Label(*item.project_area) : ""};
}

tabular::Sheet ImportTemplateSheet() {
  tabular::Sheet sheet;
  sheet.name = "台账导入模板";
  sheet.header = LedgerColumns();
  for (Column k : kRequiredColumns) sheet.header[k] += "*";
  sheet.column_widths.assign(std::begin(kColumnWidths), std::end(kColumnWidths));
  sheet.rows.push_back({"1", "党员活动室学习资料更新不及时",
                        "指定专人每月更新学习资料，建立更新登记", "机关第一支部", "张三", "李四",
                        "2021-09-30", "已指定专人负责，6 月资料已更新", "", "", "", "限期整改",
                        ""});
  sheet.notes = {
      "台账导入填写说明",
      "1. 第一行为表头，请勿修改；带 * 的列（问题/事项、责任单位）必填，其余可空。一行填写一项，"
      "导入前请删除示例行。",
      "2. 导入的事项类别（整改事项、群众诉求等）由导入时所在的台账页面决定。一次最多导入 " +
          std::to_string(kMaxImportRows) + " 行，文件不超过 8 MB。",
      "3. 责任单位：填写党组织名称，如“机关第一支部”，须为您可以维护的组织。名称不唯一时"
      "（如几个支部都有“第一党小组”），请填写带上级组织的路径，用“/”分隔，如“机关第二支部/"
      "第一党小组”。",
      "4. "
      "责任人：填写姓名，须为责任单位（含下级组织）的人员；责任领导、验收人也可以是其上级组织的人员"
      "。",
      "5. 时限、销号日期：写作 YYYY-MM-DD，如 2021-09-30，也可以是 Excel 日期。",
      "6. 事项的状态由所填内容决定：填了销号日期和验收人的导入为已销号（验收人不能是责任人，"
      "销号日期不能晚于今天）；填了完成情况的导入为待验收；其余导入为办理中。",
      "7. 进展情况记为一条进展记录；序号可以不填。",
      "8. 类别（可空）：立行立改、限期整改或长期坚持；领域（可空，仅实事项目）：一老一小、就业、"
      "看病就医、住房、环境整治、便民服务或其他。这两列可以没有。",
      "9. 与本学习教育活动中同类别的已有事项重复（问题/事项和责任单位都相同）的行会逐行列出，"
      "不导入任何数据；勾选“跳过已存在的事项”后重新导入，则跳过这些行、导入其余各行。",
      "10. 任何一行有错误时不会导入任何数据，请按提示的行号和列修改后重新导入。",
  };
  return sheet;
}

std::string ExportFileName(const ItemFilter& filter, TimePoint now) {
  const std::string kind = filter.kind ? kKinds.Label(*filter.kind) : "";
  return kind + "台账-" + ChinaDate(now) + ".xlsx";
}

Result<tabular::Sheet> LedgerXlsx::Export(const Context& ctx, const ItemFilter& filter) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Where where, ListWhere(*tx, ctx, filter));
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      ListQuery::All(*tx, ItemListSpec(), where,
                                     filter.sort.empty() ? "deadline" : filter.sort));
  if (static_cast<int64_t>(rows.size()) > kMaxExportRows) {
    return MakeError(Code::kTooLarge, "一次最多导出 " + std::to_string(kMaxExportRows) +
                                          " 条台账事项，请缩小筛选范围");
  }
  std::vector<Item> items;
  std::vector<std::string> ids;
  items.reserve(rows.size());
  for (const auto& r : rows) {
    items.push_back(ItemFromRow(r));
    ids.push_back(std::to_string(items.back().id));
  }
  DX_ASSIGN_OR_RETURN(storage::Rows texts,
                      storage::QueryIn(*tx, kProgressOf, ") ORDER BY item_id, id", ids));
  std::map<int64_t, std::vector<std::string>> progress;
  for (const auto& t : texts) progress[t.Int(0)].push_back(t.Text(1));
  tabular::Sheet sheet;
  sheet.name = "台账";
  sheet.header = LedgerColumns();
  sheet.column_widths.assign(std::begin(kColumnWidths), std::end(kColumnWidths));
  sheet.rows.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    sheet.rows.push_back(ExportRow(static_cast<int64_t>(i) + 1, items[i], progress[items[i].id]));
  }
  return sheet;
}

Status LedgerXlsx::MayImport(const Context& ctx) {
  if (ctx.principal == nullptr || !ctx.principal->CanWriteSomewhere()) {
    return MakeError(Code::kPermissionDenied, "无权导入台账");
  }
  return Ok();
}

Result<ImportResult> LedgerXlsx::Import(const Context& ctx, const ImportTarget& target,
                                        std::string_view xlsx) {
  DX_RETURN_IF_ERROR(MayImport(ctx));
  if (xlsx.size() > kMaxImportBytes) {
    return MakeError(Code::kTooLarge, "文件不能超过 8 MB");
  }
  DX_ASSIGN_OR_RETURN(tabular::Table table, tabular::ReadXlsx(xlsx, ImportLimits()));
  if (table.rows.empty()) return MakeError(Code::kInvalidArgument, "文件是空的", "file");
  if (static_cast<int64_t>(table.rows.size()) - 1 > kMaxImportRows) {
    return MakeError(Code::kTooLarge,
                     "一次最多导入 " + std::to_string(kMaxImportRows) + " 行台账，请分批导入");
  }
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  if (target.campaign_id) {
    // A campaign the caller reads, as on a create: another organization's is
    // unknown (its public page would show the imported concerns).
    auto campaign = campaigns::CampaignService::LoadScope(*tx, ctx, *target.campaign_id);
    if (!campaign.ok() && campaign.error().code != Code::kNotFound) return campaign.error();
    if (!campaign.ok() || campaign->archived) {
      return MakeError(Code::kInvalidArgument, "学习教育活动不存在", "campaign_id");
    }
  }
  DX_ASSIGN_OR_RETURN(CheckedRows rows,
                      WithCellProblems(table, CheckRows(*tx, ctx, target, table)));
  DX_RETURN_IF_ERROR(WriteItems(*tx, ctx, rows.items));
  DX_RETURN_IF_ERROR(tx->Commit());
  return ImportResult{static_cast<int64_t>(rows.items.size()), rows.skipped};
}

}  // namespace duxing::domain::ledger

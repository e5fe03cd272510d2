#include "domain/assessments/question_transfer.hpp"

#include <algorithm>
#include <map>

#include "common/embedded_file.hpp"
#include "domain/import_problems.hpp"
#include "domain/orgs/org.hpp"
#include "tabular/csv_reader.hpp"
#include "tabular/xlsx_reader.hpp"

namespace duxing::domain::assessments {
namespace {

constexpr std::string_view kFindCategory =
    "SELECT id FROM question_categories WHERE org_id = $1 AND "
    "COALESCE(parent_id, 0) = $2 "
    "AND name = $3";

// Finds or makes the categories of imported paths, each path once.
class CategoryPaths {
 public:
  CategoryPaths(storage::Tx& tx, const Context& ctx, int64_t org_id)
      : tx_(tx), ctx_(ctx), org_id_(org_id) {}

  // The id of the category at `path` (names from the root).
  Result<int64_t> Id(const std::vector<std::string>& path) {
    int64_t parent = 0;
    std::string key;
    for (const std::string& name : path) {
      key += name;
      key += '\x1f';
      auto known = ids_.find(key);
      if (known != ids_.end()) {
        parent = known->second;
        continue;
      }
      DX_ASSIGN_OR_RETURN(storage::Rows rows, tx_.Query(kFindCategory, {org_id_, parent, name}));
      if (!rows.empty()) {
        parent = rows.front().Int(0);
      } else {
        std::optional<int64_t> under;
        if (parent != 0) under = parent;
        DX_ASSIGN_OR_RETURN(parent, QuestionBank::InsertCategory(tx_, ctx_, org_id_, under, name));
      }
      ids_.emplace(key, parent);
    }
    return parent;
  }

 private:
  storage::Tx& tx_;
  const Context& ctx_;
  int64_t org_id_;
  std::map<std::string, int64_t> ids_;
};

Result<tabular::Table> ReadSheet(SheetFormat format, std::string_view bytes) {
  if (bytes.size() > kMaxImportBytes) {
    return MakeError(Code::kTooLarge, "文件不能超过 8 MB");
  }
  return format == SheetFormat::kXlsx ? tabular::ReadXlsx(bytes, QuestionSheetLimits())
                                      : tabular::ReadCsv(bytes, QuestionSheetLimits());
}

// "党史/新民主主义革命时期" for each category id of `categories`.
std::map<int64_t, std::string> PathNames(const std::vector<Category>& categories) {
  std::map<int64_t, std::string> names;
  for (const Category& c : categories) names[c.id] = c.name;
  std::map<int64_t, std::string> paths;
  for (const Category& c : categories) {
    std::string joined;
    size_t start = 1;  // "/3/7/": the ids between slashes
    while (start < c.path.size()) {
      size_t end = c.path.find('/', start);
      if (end == std::string::npos) break;
      int64_t id = std::stoll(c.path.substr(start, end - start));
      if (!joined.empty()) joined += "/";
      joined += names[id];
      start = end + 1;
    }
    paths[c.id] = joined.empty() ? c.name : joined;
  }
  return paths;
}

}  // namespace

Status QuestionTransfer::MayImport(const Context& ctx, int64_t org_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  auto org = orgs::OrgService::Load(*tx, org_id);
  if (ctx.principal == nullptr || !org.ok() || !ctx.principal->CanRead(org->path)) {
    return MakeError(Code::kNotFound, "组织不存在", "org_id");
  }
  if (!ctx.principal->CanWrite(org->path)) {
    return MakeError(Code::kPermissionDenied, "无权编辑该组织的题库", "org_id");
  }
  return Ok();
}

Result<int> QuestionTransfer::Write(storage::Tx& tx, const Context& ctx, int64_t org_id,
                                    std::vector<SheetQuestion> questions) {
  CategoryPaths categories(tx, ctx, org_id);
  for (SheetQuestion& q : questions) {
    auto category = categories.Id(q.category_path);
    if (!category.ok()) {
      if (category.error().code != Code::kInvalidArgument) return category.error();
      return ImportRejected({{q.row, "分类", "分类" + category.error().message}});
    }
    q.question.org_id = org_id;
    q.question.category_id = *category;
    auto id = QuestionBank::Insert(tx, ctx, q.question);
    if (!id.ok()) {
      if (id.error().code != Code::kInvalidArgument) return id.error();
      return ImportRejected({{q.row, "", id.error().message}});
    }
  }
  return static_cast<int>(questions.size());
}

Result<int> QuestionTransfer::Import(const Context& ctx, int64_t org_id, SheetFormat format,
                                     std::string_view bytes) {
  DX_RETURN_IF_ERROR(MayImport(ctx, org_id));
  DX_ASSIGN_OR_RETURN(tabular::Table table, ReadSheet(format, bytes));
  DX_ASSIGN_OR_RETURN(std::vector<SheetQuestion> questions, ReadQuestionSheet(table));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(int added, Write(*tx, ctx, org_id, std::move(questions)));
  DX_RETURN_IF_ERROR(tx->Commit());
  return added;
}

Result<tabular::Sheet> QuestionTransfer::Export(const Context& ctx, int64_t org_id,
                                                std::optional<QuestionType> type) {
  DX_RETURN_IF_ERROR(MayImport(ctx, org_id));
  DX_ASSIGN_OR_RETURN(std::vector<Category> categories, bank_.Categories(ctx, org_id));
  std::map<int64_t, std::string> paths = PathNames(categories);
  QuestionFilter filter;
  filter.org_id = org_id;
  filter.type = type;
  PageRequest page{.limit = 500};
  std::vector<std::vector<std::string>> rows;
  for (int64_t pages = 0; pages <= kMaxExportQuestions / 500; ++pages) {
    DX_ASSIGN_OR_RETURN(Page<Question> got, bank_.List(ctx, filter, page));
    if (got.total > kMaxExportQuestions) {
      return MakeError(Code::kTooLarge,
                       "题库超过 " + std::to_string(kMaxExportQuestions) + " 道试题，请按分类导出");
    }
    for (const Question& q : got.items) rows.push_back(QuestionSheetRow(q, paths[q.category_id]));
    if (got.next_cursor.empty()) break;
    page.cursor = got.next_cursor;
  }
  std::reverse(rows.begin(), rows.end());  // the list is newest first
  return QuestionExportSheet(std::move(rows));
}

Result<std::vector<SheetQuestion>> DemoBankQuestions() {
  const auto& files = EmbeddedDemoBank();
  if (files.empty()) return MakeError(Code::kInternal, "demo bank missing");
  DX_ASSIGN_OR_RETURN(tabular::Table table, tabular::ReadCsv(files[0].data, QuestionSheetLimits()));
  return ReadQuestionSheet(table);
}

}  // namespace duxing::domain::assessments

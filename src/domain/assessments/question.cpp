#include "domain/assessments/question.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/text.hpp"
#include "domain/assessments/grading.hpp"
#include "domain/attachments/attachment.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/orgs/org.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"
#include "storage/where.hpp"

namespace duxing::domain::assessments {
namespace {

constexpr std::string_view kCategoryColumns =
    "SELECT c.id, c.org_id, c.parent_id, c.name, c.path, c.archived, c.version, o.path "
    "FROM question_categories c JOIN orgs o ON o.id = c.org_id";
constexpr std::string_view kInsertCategory =
    "INSERT INTO question_categories (org_id, parent_id, name, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $4) RETURNING id";
constexpr std::string_view kSetCategoryPath =
    "UPDATE question_categories SET path = $1 WHERE id = $2";
constexpr std::string_view kRenameCategory =
    "UPDATE question_categories SET name = $1, version = version + 1, updated_at = $2 "
    "WHERE id = $3 AND version = $4";

// A question's columns with its current version's content (VersionColumns
// order from column 10 on).
constexpr std::string_view kQuestionColumns =
    "SELECT q.id, q.org_id, q.category_id, c.name, q.current_version_id, v.number, q.archived, "
    "q.version, q.org_path, q.created_at, ";
constexpr std::string_view kQuestionFrom =
    " FROM questions q JOIN question_categories c ON c.id = q.category_id "
    "JOIN question_versions v ON v.id = q.current_version_id";
constexpr size_t kContentAt = 10;
constexpr std::string_view kTags =
    "SELECT tag FROM question_tags WHERE question_id = $1 ORDER BY tag";
constexpr std::string_view kDeleteTags = "DELETE FROM question_tags WHERE question_id = $1";
constexpr std::string_view kInsertTag =
    "INSERT INTO question_tags (question_id, tag) VALUES ($1, $2)";
constexpr std::string_view kInsertQuestion =
    "INSERT INTO questions (org_id, org_path, category_id, type, difficulty, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
constexpr std::string_view kInsertVersion =
    "INSERT INTO question_versions (question_id, number, type, stem, options, answer_key, "
    "case_sensitive, ordered, difficulty, explanation, image_ids, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
constexpr std::string_view kSetCurrent =
    "UPDATE questions SET current_version_id = $1 WHERE id = $2";
constexpr std::string_view kUpdateQuestion =
    "UPDATE questions SET category_id = $1, difficulty = $2, current_version_id = $3, "
    "archived = $4, version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7";
constexpr std::string_view kImageAttachments =
    "SELECT id, media_type FROM attachments WHERE record_type = 'question' AND record_id = $1";
// The images of a question created with them: its one version.
constexpr std::string_view kSetFirstVersionImages =
    "UPDATE question_versions SET image_ids = $1 WHERE question_id = $2";

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

std::string Indexed(std::string_view field, size_t i) {
  return std::string(field) + "[" + std::to_string(i) + "]";
}

// The stored answer key of `c` (migration 0020).
std::string AnswerKey(const QuestionContent& c) {
  switch (c.type) {
    case QuestionType::kSingle:
    case QuestionType::kMultiple: {
      std::vector<std::string> items;
      for (int i : c.correct_options) items.push_back(std::to_string(i));
      return JoinItems(items);
    }
    case QuestionType::kTrueFalse:
      return c.true_false_answer ? "true" : "false";
    case QuestionType::kFillBlank:
      return JoinBlanks(c.blanks);
    case QuestionType::kShortAnswer:
      return c.reference_answer;
  }
  return "";
}

}  // namespace

QuestionContent VersionContentFromRow(const storage::Row& r, size_t at) {
  QuestionContent c;
  c.type = ParseType(r.Text(at)).value_or(QuestionType::kSingle);
  c.stem = r.Text(at + 1);
  c.options = SplitItems(r.Text(at + 2));
  const std::string& key = r.Text(at + 3);
  switch (c.type) {
    case QuestionType::kSingle:
    case QuestionType::kMultiple:
      for (const auto& s : SplitItems(key)) c.correct_options.push_back(std::stoi(s));
      break;
    case QuestionType::kTrueFalse:
      c.true_false_answer = key == "true";
      break;
    case QuestionType::kFillBlank:
      c.blanks = SplitBlanks(key);
      break;
    case QuestionType::kShortAnswer:
      c.reference_answer = key;
      break;
  }
  c.case_sensitive = r.Bool(at + 4);
  c.ordered = r.Bool(at + 5);
  c.difficulty = static_cast<int>(r.Int(at + 6));
  c.explanation = r.Text(at + 7);
  c.image_ids = SplitInts(r.Text(at + 8));
  return c;
}

namespace {

struct LoadedQuestion {
  Question question;
  std::string org_path;
};

LoadedQuestion QuestionFromRow(const storage::Row& r) {
  Question q;
  q.id = r.Int(0);
  q.org_id = r.Int(1);
  q.category_id = r.Int(2);
  q.category_name = r.Text(3);
  q.version_id = r.Int(4);
  q.version_number = r.Int(5);
  q.archived = r.Bool(6);
  q.version = r.Int(7);
  q.content = VersionContentFromRow(r, kContentAt);
  return {std::move(q), r.Text(8)};
}

Result<std::vector<std::string>> LoadTags(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kTags, {id}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Result<LoadedQuestion> LoadQuestion(storage::Tx& tx, const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(std::string(kQuestionColumns) + std::string(kVersionContentColumns) +
                                   std::string(kQuestionFrom) + " WHERE q.id = $1",
                               {id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "试题不存在");
  LoadedQuestion l = QuestionFromRow(rows.front());
  if (ctx.principal && !ctx.principal->CanRead(l.org_path)) {
    return MakeError(Code::kNotFound, "试题不存在");
  }
  DX_ASSIGN_OR_RETURN(l.question.tags, LoadTags(tx, id));
  return l;
}

struct LoadedCategory {
  Category category;
  std::string org_path;
};

Result<LoadedCategory> LoadCategory(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(std::string(kCategoryColumns) + " WHERE c.id = $1", {id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "试题分类不存在");
  const auto& r = rows.front();
  Category c{r.Int(0), r.Int(1), r.OptInt(2), r.Text(3), r.Text(4), r.Bool(5), r.Int(6)};
  return LoadedCategory{std::move(c), r.Text(7)};
}

audit::Snapshot CategorySnap(const Category& c) {
  return {{"name", c.name},
          {"org_id", std::to_string(c.org_id)},
          {"parent_id", c.parent_id ? std::optional(std::to_string(*c.parent_id)) : std::nullopt},
          {"archived", c.archived ? "true" : "false"}};
}

std::string JoinTexts(const std::vector<std::string>& list, std::string_view sep) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

audit::Snapshot QuestionSnap(const Question& q) {
  std::vector<std::string> blanks;
  for (const auto& b : q.content.blanks) blanks.push_back(JoinTexts(b, "/"));
  return {{"type", TypeName(q.content.type)},
          {"stem", q.content.stem},
          {"options", JoinTexts(q.content.options, "\n")},
          {"answer", q.content.type == QuestionType::kFillBlank ? JoinTexts(blanks, "；")
                                                                : AnswerKey(q.content)},
          {"difficulty", std::to_string(q.content.difficulty)},
          {"explanation", q.content.explanation},
          {"category_id", std::to_string(q.category_id)},
          {"tags", JoinTexts(q.tags, "、")},
          {"version_number", std::to_string(q.version_number)},
          {"archived", q.archived ? "true" : "false"}};
}

Status CheckTags(const std::vector<std::string>& tags) {
  if (tags.size() > kMaxTags) {
    return Invalid("标签不能超过 " + std::to_string(kMaxTags) + " 个", "tags");
  }
  for (size_t i = 0; i < tags.size(); ++i) {
    if (tags[i].empty()) return Invalid("标签不能为空", Indexed("tags", i));
    DX_RETURN_IF_ERROR(CheckLineText(tags[i], Indexed("tags", i), "标签", kMaxTagChars));
  }
  return Ok();
}

std::vector<std::string> SortedUnique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

Status WriteTags(storage::Tx& tx, int64_t id, const std::vector<std::string>& tags) {
  DX_RETURN_IF_ERROR(tx.Exec(kDeleteTags, {id}));
  for (const auto& t : SortedUnique(tags)) DX_RETURN_IF_ERROR(tx.Exec(kInsertTag, {id, t}));
  return Ok();
}

// The category `id` of org `org_id`'s bank, not archived.
Status CheckCategory(storage::Tx& tx, int64_t org_id, int64_t id) {
  auto c = LoadCategory(tx, id);
  if (!c.ok() || c->category.org_id != org_id) {
    return Invalid("试题分类不存在或不属于该题库", "category_id");
  }
  if (c->category.archived) return Invalid("试题分类已归档", "category_id");
  return Ok();
}

// Whether an attachment's type, as sniffed from its bytes at upload, is
// one a question's stem may show.
bool IsStemImage(std::string_view media_type) {
  return media_type == "image/jpeg" || media_type == "image/png" || media_type == "image/gif" ||
         media_type == "image/webp";
}

Error NotAnImage(size_t i) {
  return Invalid("题干图片须为 JPEG、PNG、GIF 或 WebP 图片", Indexed("image_ids", i));
}

// Images must be image attachments of this question (uploaded with
// record_type question and its id).
Status CheckImages(storage::Tx& tx, int64_t question_id, const std::vector<int64_t>& ids) {
  if (ids.empty()) return Ok();
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kImageAttachments, {question_id}));
  std::map<int64_t, std::string> own;
  for (const auto& r : rows) own[r.Int(0)] = r.Text(1);
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = own.find(ids[i]);
    if (it == own.end()) return Invalid("图片不是该试题的附件", Indexed("image_ids", i));
    if (!IsStemImage(it->second)) return NotAnImage(i);
  }
  return Ok();
}

// Attaches the caller's pending question images `ids` to the new question
// `question_id` inside `tx`; kInvalidArgument on "image_ids[i]" for one
// that is not such an upload or not an image.
Status AttachNewImages(storage::Tx& tx, const Context& ctx,
                       attachments::AttachmentService* service, int64_t question_id,
                       const std::vector<int64_t>& ids) {
  if (ids.empty()) return Ok();
  if (!service) return Invalid("新建试题时不能带图片，请保存后上传", "image_ids");
  for (size_t i = 0; i < ids.size(); ++i) {
    auto a = service->LoadIn(tx, ctx, ids[i], attachments::RecordAccess::kAttach);
    if (!a.ok() && a.error().code != Code::kNotFound) return a.error();
    if (!a.ok() || a->record_id || a->record_type != "question") {
      return Invalid("图片不存在或不是您为试题上传的图片", Indexed("image_ids", i));
    }
    if (!IsStemImage(a->media_type)) return NotAnImage(i);
    DX_RETURN_IF_ERROR(service->AttachIn(tx, ctx, ids[i], question_id));
  }
  DX_RETURN_IF_ERROR(tx.Exec(kSetFirstVersionImages, {JoinInts(ids), question_id}));
  return Ok();
}

Result<int64_t> InsertVersion(storage::Tx& tx, const Context& ctx, int64_t question_id,
                              int64_t number, const QuestionContent& c) {
  std::optional<int64_t> by;
  if (ctx.principal) by = ctx.principal->account_id;
  DX_ASSIGN_OR_RETURN(
      storage::Row row,
      tx.QueryOne(kInsertVersion, {question_id, number, std::string(TypeName(c.type)), c.stem,
                                   JoinItems(c.options), AnswerKey(c), int64_t{c.case_sensitive},
                                   int64_t{c.ordered}, int64_t{c.difficulty}, c.explanation,
                                   JoinInts(c.image_ids), storage::Opt(by), FormatTime(ctx.now)}));
  return row.Int(0);
}

Status CheckChoices(const QuestionContent& c) {
  if (c.options.size() < 2 || c.options.size() > kMaxOptions) {
    return Invalid("选择题须有 2 至 " + std::to_string(kMaxOptions) + " 个选项", "options");
  }
  for (size_t i = 0; i < c.options.size(); ++i) {
    if (c.options[i].empty()) return Invalid("选项不能为空", Indexed("options", i));
    DX_RETURN_IF_ERROR(CheckLineText(c.options[i], Indexed("options", i), "选项", kMaxOptionChars));
  }
  if (std::set<std::string>(c.options.begin(), c.options.end()).size() != c.options.size()) {
    return Invalid("选项不能重复", "options");
  }
  std::set<int> correct;
  for (int i : c.correct_options) {
    if (i < 0 || static_cast<size_t>(i) >= c.options.size()) {
      return Invalid("正确答案须是已有的选项", "correct_options");
    }
    if (!correct.insert(i).second) return Invalid("正确答案不能重复", "correct_options");
  }
  if (c.type == QuestionType::kSingle && correct.size() != 1) {
    return Invalid("单选题须有且只有一个正确答案", "correct_options");
  }
  if (c.type == QuestionType::kMultiple && correct.size() < 2) {
    return Invalid("多选题须有至少两个正确答案", "correct_options");
  }
  return Ok();
}

Status CheckBlanks(const QuestionContent& c) {
  if (c.blanks.empty() || c.blanks.size() > kMaxBlanks) {
    return Invalid("填空题须有 1 至 " + std::to_string(kMaxBlanks) + " 个空", "blanks");
  }
  for (size_t b = 0; b < c.blanks.size(); ++b) {
    const auto& alts = c.blanks[b];
    if (alts.empty() || alts.size() > kMaxAlternatives) {
      return Invalid("每个空须有 1 至 " + std::to_string(kMaxAlternatives) + " 个可接受答案",
                     Indexed("blanks", b));
    }
    for (size_t i = 0; i < alts.size(); ++i) {
      std::string field = Indexed(Indexed("blanks", b), i);
      if (Trim(alts[i]).empty()) return Invalid("可接受答案不能为空", field);
      DX_RETURN_IF_ERROR(CheckLineText(alts[i], field, "可接受答案", kMaxBlankChars));
    }
  }
  return Ok();
}

}  // namespace

Status Validate(const QuestionContent& c) {
  if (Trim(c.stem).empty()) return Invalid("题干不能为空", "stem");
  DX_RETURN_IF_ERROR(CheckMultilineText(c.stem, "stem", "题干", kMaxStem));
  bool choice = c.type == QuestionType::kSingle || c.type == QuestionType::kMultiple;
  if (choice) {
    DX_RETURN_IF_ERROR(CheckChoices(c));
  } else if (!c.options.empty() || !c.correct_options.empty()) {
    return Invalid("只有选择题有选项", "options");
  }
  if (c.type == QuestionType::kFillBlank) {
    DX_RETURN_IF_ERROR(CheckBlanks(c));
  } else if (!c.blanks.empty()) {
    return Invalid("只有填空题有空", "blanks");
  }
  if (c.type != QuestionType::kShortAnswer && !c.reference_answer.empty()) {
    return Invalid("只有简答题有参考答案", "reference_answer");
  }
  DX_RETURN_IF_ERROR(
      CheckMultilineText(c.reference_answer, "reference_answer", "参考答案", kMaxReferenceAnswer));
  if (c.difficulty < 1 || c.difficulty > 5) return Invalid("难度须在 1 至 5 之间", "difficulty");
  DX_RETURN_IF_ERROR(CheckMultilineText(c.explanation, "explanation", "解析", kMaxExplanation));
  if (c.image_ids.size() > kMaxImages) {
    return Invalid("图片不能超过 " + std::to_string(kMaxImages) + " 张", "image_ids");
  }
  return Ok();
}

Result<std::vector<Category>> QuestionBank::Categories(const Context& ctx,
                                                       std::optional<int64_t> org_id) {
  storage::Where w;
  w.And(storage::InSubtrees("o.path", ctx.principal->ReadablePaths()));
  if (org_id) w.And("c.org_id = ?", {*org_id});
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      tx->Query(std::string(kCategoryColumns) + w.Sql() + " ORDER BY c.path", w.params()));
  std::vector<Category> out;
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Int(1), r.OptInt(2), r.Text(3), r.Text(4), r.Bool(5), r.Int(6)});
  }
  return out;
}

Result<int64_t> QuestionBank::InsertCategory(storage::Tx& tx, const Context& ctx,
                                             int64_t org_id, std::optional<int64_t> parent_id,
                                             const std::string& name) {
  if (name.empty()) return Invalid("分类名称不能为空", "name");
  DX_RETURN_IF_ERROR(CheckLineText(name, "name", "分类名称", kMaxCategoryName));
  std::string parent_path = "/";
  if (parent_id) {
    auto parent = LoadCategory(tx, *parent_id);
    if (!parent.ok() || parent->category.org_id != org_id) {
      return Invalid("上级分类不存在或不属于该题库", "parent_id");
    }
    parent_path = parent->category.path;
    if (static_cast<size_t>(std::count(parent_path.begin(), parent_path.end(), '/')) >
        kMaxCategoryDepth) {
      return Invalid("分类层级不能超过 " + std::to_string(kMaxCategoryDepth) + " 级",
                     "parent_id");
    }
  }
  auto row = tx.QueryOne(kInsertCategory,
                          {org_id, storage::Opt(parent_id), name, FormatTime(ctx.now)});
  if (!row.ok() && row.error().code == Code::kAlreadyExists) {
    return MakeError(Code::kAlreadyExists, "同一上级分类下已有同名分类", "name");
  }
  if (!row.ok()) return row.error();
  int64_t id = row->Int(0);
  DX_RETURN_IF_ERROR(tx.Exec(kSetCategoryPath, {parent_path + std::to_string(id) + "/", id}));
  DX_ASSIGN_OR_RETURN(LoadedCategory created, LoadCategory(tx, id));
  DX_RETURN_IF_ERROR(audit::Record(tx, ctx,
                                   {"create", "question_category", id, created.org_path,
                                    std::nullopt, CategorySnap(created.category), ""}));
  return id;
}

Result<Category> QuestionBank::CreateCategory(const Context& ctx, int64_t org_id,
                                              std::optional<int64_t> parent_id,
                                              const std::string& name) {
  if (name.empty()) return Invalid("分类名称不能为空", "name");
  DX_RETURN_IF_ERROR(CheckLineText(name, "name", "分类名称", kMaxCategoryName));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  auto org = orgs::OrgService::Load(*tx, org_id);
  if (!org.ok() || !ctx.principal->CanRead(org->path)) {
    return MakeError(Code::kNotFound, "组织不存在", "org_id");
  }
  if (!ctx.principal->CanWrite(org->path)) {
    return MakeError(Code::kPermissionDenied, "无权编辑该组织的题库", "org_id");
  }
  DX_ASSIGN_OR_RETURN(int64_t id, InsertCategory(*tx, ctx, org_id, parent_id, name));
  DX_ASSIGN_OR_RETURN(LoadedCategory created, LoadCategory(*tx, id));
  DX_RETURN_IF_ERROR(tx->Commit());
  return created.category;
}

Result<Category> QuestionBank::RenameCategory(const Context& ctx, int64_t id, int64_t version,
                                              const std::string& name) {
  if (name.empty()) return Invalid("分类名称不能为空", "name");
  DX_RETURN_IF_ERROR(CheckLineText(name, "name", "分类名称", kMaxCategoryName));
  VersionedRecord<LoadedCategory> record{
      "question_category",
      [&ctx](storage::Tx& tx, int64_t id) -> Result<LoadedCategory> {
        DX_ASSIGN_OR_RETURN(LoadedCategory l, LoadCategory(tx, id));
        if (!ctx.principal->CanRead(l.org_path)) {
          return MakeError(Code::kNotFound, "试题分类不存在");
        }
        return l;
      },
      [](const LoadedCategory& l) { return l.category.version; },
      [](const LoadedCategory& l) { return CategorySnap(l.category); },
      [](const LoadedCategory& l) -> std::optional<std::string> { return l.org_path; }};
  VersionedWrite<LoadedCategory> w;
  w.action = "update";
  w.id = id;
  w.version = version;
  w.authorize = [&ctx](storage::Tx&, const LoadedCategory& before) -> Status {
    if (!ctx.principal->CanWrite(before.org_path)) {
      return MakeError(Code::kPermissionDenied, "无权编辑该组织的题库");
    }
    return Ok();
  };
  w.change = [&](storage::Tx&, const LoadedCategory&, LoadedCategory& after) -> Status {
    after.category.name = name;
    return Ok();
  };
  w.write = [&](storage::Tx& tx, const LoadedCategory&, const LoadedCategory&) -> Result<int64_t> {
    auto n = tx.Exec(kRenameCategory, {name, FormatTime(ctx.now), id, version});
    if (!n.ok() && n.error().code == Code::kAlreadyExists) {
      return MakeError(Code::kAlreadyExists, "同一上级分类下已有同名分类", "name");
    }
    return n;
  };
  DX_ASSIGN_OR_RETURN(LoadedCategory updated, WriteVersioned(db_, ctx, record, w));
  return updated.category;
}

namespace {

const ListSpec& QuestionList() {
  static const ListSpec spec{
      (std::string(kQuestionColumns) + std::string(kVersionContentColumns)).substr(7),
      std::string(kQuestionFrom).substr(1),
      "FROM questions q",
      {{"id", "q.id", "q.id", "q.id", true}},
      "q.id"};
  return spec;
}

VersionedRecord<LoadedQuestion> QuestionRecord(const Context& ctx) {
  return {"question", [&ctx](storage::Tx& tx, int64_t id) { return LoadQuestion(tx, ctx, id); },
          [](const LoadedQuestion& l) { return l.question.version; },
          [](const LoadedQuestion& l) { return QuestionSnap(l.question); },
          [](const LoadedQuestion& l) -> std::optional<std::string> { return l.org_path; }};
}

}  // namespace

Result<Page<Question>> QuestionBank::List(const Context& ctx, const QuestionFilter& filter,
                                          const PageRequest& page) {
  storage::Where w;
  w.And(storage::InSubtrees("q.org_path", ctx.principal->ReadablePaths()));
  if (filter.org_id) w.And("q.org_id = ?", {*filter.org_id});
  if (filter.category_id) {
    w.And(
        "q.category_id IN (SELECT d.id FROM question_categories d, question_categories p "
        "WHERE p.id = ? AND d.path LIKE p.path || '%')",
        {*filter.category_id});
  }
  if (filter.type) w.And("q.type = ?", {std::string(TypeName(*filter.type))});
  if (filter.difficulty) w.And("q.difficulty = ?", {int64_t{*filter.difficulty}});
  if (filter.tag) {
    w.And("q.id IN (SELECT question_id FROM question_tags WHERE tag = ?)", {*filter.tag});
  }
  if (!filter.include_archived) w.And("q.archived = 0");
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(ListRows rows, totals_.Page(*tx, QuestionList(), w, "-id", page));
  Page<Question> out;
  out.total = rows.total;
  out.next_cursor = rows.next_cursor;
  for (const auto& r : rows.rows) {
    out.items.push_back(QuestionFromRow(r).question);
    DX_ASSIGN_OR_RETURN(out.items.back().tags, LoadTags(*tx, out.items.back().id));
  }
  return out;
}

Result<Question> QuestionBank::Get(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(LoadedQuestion l, LoadQuestion(*tx, ctx, id));
  return l.question;
}

Result<int64_t> QuestionBank::Insert(storage::Tx& tx, const Context& ctx, const NewQuestion& q) {
  DX_RETURN_IF_ERROR(Validate(q.content));
  DX_RETURN_IF_ERROR(CheckTags(q.tags));
  if (!q.content.image_ids.empty())
    return Invalid("新建试题时不能带图片，请保存后上传", "image_ids");
  DX_ASSIGN_OR_RETURN(orgs::Org org, orgs::OrgService::Load(tx, q.org_id));
  DX_RETURN_IF_ERROR(CheckCategory(tx, q.org_id, q.category_id));
  DX_ASSIGN_OR_RETURN(
      storage::Row row,
      tx.QueryOne(kInsertQuestion,
                  {q.org_id, org.path, q.category_id, std::string(TypeName(q.content.type)),
                   int64_t{q.content.difficulty}, FormatTime(ctx.now)}));
  int64_t id = row.Int(0);
  DX_ASSIGN_OR_RETURN(int64_t version_id, InsertVersion(tx, ctx, id, 1, q.content));
  DX_RETURN_IF_ERROR(tx.Exec(kSetCurrent, {version_id, id}));
  DX_RETURN_IF_ERROR(WriteTags(tx, id, q.tags));
  return id;
}

Result<Question> QuestionBank::Create(const Context& ctx, const NewQuestion& q) {
  DX_RETURN_IF_ERROR(Validate(q.content));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  auto org = orgs::OrgService::Load(*tx, q.org_id);
  if (!org.ok() || !ctx.principal->CanRead(org->path)) {
    return MakeError(Code::kNotFound, "组织不存在", "org_id");
  }
  if (!ctx.principal->CanWrite(org->path)) {
    return MakeError(Code::kPermissionDenied, "无权编辑该组织的题库", "org_id");
  }
  NewQuestion without_images = q;
  without_images.content.image_ids.clear();
  DX_ASSIGN_OR_RETURN(int64_t id, Insert(*tx, ctx, without_images));
  DX_RETURN_IF_ERROR(AttachNewImages(*tx, ctx, attachments_, id, q.content.image_ids));
  DX_ASSIGN_OR_RETURN(LoadedQuestion created, FinishCreate(*tx, ctx, QuestionRecord(ctx), id));
  return created.question;
}

namespace {

Result<Question> WriteQuestion(storage::Database& db, const Context& ctx, int64_t id,
                               int64_t version, const std::string& action,
                               const NewQuestion* edit) {
  VersionedWrite<LoadedQuestion> w;
  w.action = action;
  w.id = id;
  w.version = version;
  w.authorize = [&ctx](storage::Tx&, const LoadedQuestion& before) -> Status {
    if (!ctx.principal->CanWrite(before.org_path)) {
      return MakeError(Code::kPermissionDenied, "无权编辑该组织的题库");
    }
    return Ok();
  };
  w.change = [&](storage::Tx& tx, const LoadedQuestion& before, LoadedQuestion& after) -> Status {
    if (before.question.archived) return MakeError(Code::kFailedPrecondition, "试题已归档");
    if (!edit) {
      after.question.archived = true;
      return Ok();
    }
    if (edit->content.type != before.question.content.type) {
      return Invalid("修改试题不能改变题型", "type");
    }
    DX_RETURN_IF_ERROR(Validate(edit->content));
    DX_RETURN_IF_ERROR(CheckTags(edit->tags));
    DX_RETURN_IF_ERROR(CheckCategory(tx, before.question.org_id, edit->category_id));
    DX_RETURN_IF_ERROR(CheckImages(tx, id, edit->content.image_ids));
    after.question.content = edit->content;
    after.question.tags = edit->tags;
    after.question.category_id = edit->category_id;
    return Ok();
  };
  w.write = [&](storage::Tx& tx, const LoadedQuestion& before,
                const LoadedQuestion& after) -> Result<int64_t> {
    const Question& a = after.question;
    int64_t version_id = a.version_id;
    if (edit) {
      DX_ASSIGN_OR_RETURN(
          version_id, InsertVersion(tx, ctx, id, before.question.version_number + 1, a.content));
      DX_RETURN_IF_ERROR(WriteTags(tx, id, a.tags));
    }
    return tx.Exec(kUpdateQuestion, {a.category_id, int64_t{a.content.difficulty}, version_id,
                                     int64_t{a.archived}, FormatTime(ctx.now), id, version});
  };
  DX_ASSIGN_OR_RETURN(LoadedQuestion updated, WriteVersioned(db, ctx, QuestionRecord(ctx), w));
  return updated.question;
}

}  // namespace

Result<Question> QuestionBank::Update(const Context& ctx, int64_t id, int64_t version,
                                      const NewQuestion& q) {
  return WriteQuestion(db_, ctx, id, version, "update", &q);
}

Result<Question> QuestionBank::Archive(const Context& ctx, int64_t id, int64_t version) {
  return WriteQuestion(db_, ctx, id, version, "archive", nullptr);
}

Result<QuestionContent> QuestionBank::LoadVersion(storage::Tx& tx, int64_t version_id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query("SELECT " + std::string(kVersionContentColumns) +
                                                       " FROM question_versions v WHERE v.id = $1",
                                                   {version_id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "试题版本不存在");
  return VersionContentFromRow(rows.front(), 0);
}

}  // namespace duxing::domain::assessments

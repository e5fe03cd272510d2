// The question bank (题库) of the assessments module: a category tree and
// tags per org, and questions of five types whose every edit is a new
// version (papers and attempts keep the version they used).
//
// Scope: a bank belongs to an org. Whoever may write records of that org
// (system_admin, org_admin, branch_secretary in scope: Principal::CanWrite)
// edits its categories and questions; staff who may read the org read them.
// Members never read a bank (they see questions only through an attempt).
// A category or question outside the caller's scope is kNotFound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/page.hpp"
#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/list_query.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::attachments {
class AttachmentService;
}  // namespace duxing::domain::attachments

namespace duxing::domain::assessments {

// What the assessments module declares (domain/module.hpp); in module.cpp.
const ModuleInfo& Info();

enum class QuestionType { kSingle, kMultiple, kTrueFalse, kFillBlank, kShortAnswer };
inline const CodedEnum<QuestionType> kQuestionTypes = {
    {QuestionType::kSingle, {"single", "单选题", {"单选"}}},
    {QuestionType::kMultiple, {"multiple", "多选题", {"多选"}}},
    {QuestionType::kTrueFalse, {"true_false", "判断题", {"判断"}}},
    {QuestionType::kFillBlank, {"fill_blank", "填空题", {"填空"}}},
    {QuestionType::kShortAnswer, {"short_answer", "简答题", {"简答"}}}};
inline const char* TypeName(QuestionType t) { return kQuestionTypes.Name(t); }
inline std::optional<QuestionType> ParseType(std::string_view s) { return kQuestionTypes.Parse(s); }
// Graded on submit (every type but short_answer, which people grade).
inline bool IsObjective(QuestionType t) { return t != QuestionType::kShortAnswer; }

// Bounds of a question's fields (characters, counts).
inline constexpr size_t kMaxStem = 2000;
inline constexpr size_t kMaxOptions = 10;
inline constexpr size_t kMaxOptionChars = 500;
inline constexpr size_t kMaxBlanks = 20;
inline constexpr size_t kMaxAlternatives = 10;
inline constexpr size_t kMaxBlankChars = 200;
inline constexpr size_t kMaxReferenceAnswer = 5000;
inline constexpr size_t kMaxExplanation = 2000;
inline constexpr size_t kMaxImages = 5;
inline constexpr size_t kMaxTags = 10;
inline constexpr size_t kMaxTagChars = 30;
inline constexpr size_t kMaxCategoryName = 50;
inline constexpr size_t kMaxCategoryDepth = 5;

// The content of one version of a question.
struct QuestionContent {
  QuestionType type = QuestionType::kSingle;
  std::string stem;  // fill_blank: the blanks are written as （ ） or ___
  // single / multiple: the options' texts in order (2..kMaxOptions).
  std::vector<std::string> options;
  // single: one index; multiple: two or more, ascending (0-based).
  std::vector<int> correct_options;
  bool true_false_answer = false;  // true_false
  // fill_blank: per blank, its accepted alternatives (1..kMaxAlternatives).
  std::vector<std::vector<std::string>> blanks;
  bool case_sensitive = false;     // fill_blank: "NDP" ≠ "ndp"
  bool ordered = true;             // fill_blank: false: blanks in any order
  std::string reference_answer;    // short_answer: shown to graders
  int difficulty = 3;              // 1 (easy) .. 5 (hard)
  std::string explanation;         // 解析, shown with feedback
  std::vector<int64_t> image_ids;  // attachments of record type "question"
};

// Checks every rule of `c`, the first broken one as kInvalidArgument on its
// field ("options[2]", "blanks[0][1]", "correct_options"): stem 1..kMaxStem
// characters; options only for choice types (2..kMaxOptions, each one line,
// non-empty, no repeats); single exactly one correct index, multiple two or
// more, each within the options, without repeats; fill_blank 1..kMaxBlanks
// blanks, each with 1..kMaxAlternatives non-empty one-line alternatives;
// reference_answer only for short_answer; difficulty 1..5; explanation and
// texts without control characters (line breaks allowed in stem,
// explanation and reference answer); at most kMaxImages images.
Status Validate(const QuestionContent& c);

struct Category {
  int64_t id = 0;
  int64_t org_id = 0;
  std::optional<int64_t> parent_id;
  std::string name;
  std::string path;  // "/3/7/"
  bool archived = false;
  int64_t version = 1;
};

struct Question {
  int64_t id = 0;
  int64_t org_id = 0;
  int64_t category_id = 0;
  std::string category_name;
  std::vector<std::string> tags;  // sorted
  QuestionContent content;        // of the current version
  int64_t version_id = 0;         // the current question_versions row
  int64_t version_number = 1;     // 1, 2, ... (an edit adds one)
  bool archived = false;
  int64_t version = 1;  // the row's optimistic-lock version
};

// What a question is created with (the API's create, the .xlsx import and
// the demo step all go through Insert).
struct NewQuestion {
  int64_t org_id = 0;
  int64_t category_id = 0;
  std::vector<std::string> tags;
  QuestionContent content;
};

struct QuestionFilter {
  std::optional<int64_t> org_id;
  std::optional<int64_t> category_id;  // its subtree
  std::optional<QuestionType> type;
  std::optional<int> difficulty;
  std::optional<std::string> tag;
  bool include_archived = false;
};

// The columns of a question_versions row aliased `v` that
// VersionContentFromRow reads, in its order, for joins of other queries.
inline constexpr std::string_view kVersionContentColumns =
    "v.type, v.stem, v.options, v.answer_key, v.case_sensitive, v.ordered, v.difficulty, "
    "v.explanation, v.image_ids";
// The content in row `r` from column `at` on (kVersionContentColumns).
QuestionContent VersionContentFromRow(const storage::Row& r, size_t at);

class QuestionBank {
 public:
  // `attachments` (may be null: questions then take no images on create)
  // attaches the images a new question is created with.
  explicit QuestionBank(storage::Database& db,
                        attachments::AttachmentService* attachments = nullptr)
      : db_(db), attachments_(attachments) {}

  // The categories the caller may read (of `org_id`'s bank when given), in
  // path order (a parent before its children).
  Result<std::vector<Category>> Categories(const Context& ctx, std::optional<int64_t> org_id);
  // A new category of `org_id`'s bank (the caller must write records there:
  // kPermissionDenied), under `parent_id` (a category of the same bank, at
  // most kMaxCategoryDepth deep: kInvalidArgument on "parent_id"). A name
  // taken under the same parent is kAlreadyExists on "name". Audited.
  Result<Category> CreateCategory(const Context& ctx, int64_t org_id,
                                  std::optional<int64_t> parent_id, const std::string& name);
  // Renames a category (versioned write).
  Result<Category> RenameCategory(const Context& ctx, int64_t id, int64_t version,
                                  const std::string& name);

  // One page of the questions the caller may read, newest first.
  Result<Page<Question>> List(const Context& ctx, const QuestionFilter& filter,
                              const PageRequest& page);
  Result<Question> Get(const Context& ctx, int64_t id);
  // Checks rights and content, then Insert and audit, in one transaction.
  // Images (content.image_ids) are the caller's pending uploads of record
  // type "question" (POST /attachments?record_type=question), each a JPEG,
  // PNG, GIF or WebP (the upload sniffed the type and bounded size and
  // pixels); they are attached to the new question in the same transaction.
  // Else kInvalidArgument on "image_ids[i]", nothing written.
  Result<Question> Create(const Context& ctx, const NewQuestion& q);
  // An edit: content and tags (category may change too) as version
  // number + 1; the type may not change (kInvalidArgument on "type"). A
  // stale `version` is kConflict with nothing written. Audited.
  Result<Question> Update(const Context& ctx, int64_t id, int64_t version, const NewQuestion& q);
  // Archived questions are never drawn again; papers and attempts that use
  // them keep them.
  Result<Question> Archive(const Context& ctx, int64_t id, int64_t version);

  // Adds category `name` under `parent_id` (a category of org_id's bank, at
  // most kMaxCategoryDepth deep: kInvalidArgument on "parent_id") inside the
  // caller's transaction `tx`; a name taken under the same parent is
  // kAlreadyExists on "name". Audited as a create by ctx. Rights are the
  // caller's to check (CreateCategory; an import checks them once). Returns
  // the new category's id.
  static Result<int64_t> InsertCategory(storage::Tx& tx, const Context& ctx, int64_t org_id,
                                        std::optional<int64_t> parent_id,
                                        const std::string& name);
  // Adds `q` inside the caller's transaction `tx` after checking Validate,
  // tags and that the category belongs to q.org_id's bank (kInvalidArgument
  // on "category_id"); audited as "create" by ctx (a null principal: the
  // system). Rights are the caller's to check (an import checks them once).
  // Returns the new question's id.
  static Result<int64_t> Insert(storage::Tx& tx, const Context& ctx, const NewQuestion& q);
  // The content of question version `version_id` (any question, no scope
  // check: attempts read the versions they drew). kNotFound when none.
  static Result<QuestionContent> LoadVersion(storage::Tx& tx, int64_t version_id);

 private:
  storage::Database& db_;
  attachments::AttachmentService* attachments_;
  ListQuery totals_{std::vector<std::string>{"question"}};
};

}  // namespace duxing::domain::assessments

// /api/v1/assessments/categories, /questions, /papers: the question bank
// and the papers made from it (domain/assessments/question.hpp, paper.hpp).
#include "api/assessments/assessment_json.hpp"
#include "api/assessments/assessment_routes.hpp"
#include "api/json_body.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "common/text.hpp"
#include "domain/assessments/paper.hpp"
#include "domain/assessments/question.hpp"

namespace duxing::api {
namespace {

namespace as = domain::assessments;
using namespace assessments_json;

constexpr size_t kMaxText = 32 << 10;  // characters of an option, tag or accepted answer

boost::json::object CategoryJson(const as::Category& c) {
  return {{"id", c.id},
          {"org_id", c.org_id},
          {"parent_id", c.parent_id ? boost::json::value(*c.parent_id) : nullptr},
          {"name", c.name},
          {"path", c.path},
          {"archived", c.archived},
          {"version", c.version}};
}

boost::json::object ContentJson(const as::QuestionContent& q) {
  boost::json::array blanks;
  for (const auto& b : q.blanks) blanks.push_back(Texts(b));
  boost::json::array correct;
  for (int i : q.correct_options) correct.push_back(i);
  return {{"type", as::TypeName(q.type)},
          {"stem", q.stem},
          {"options", Texts(q.options)},
          {"correct_options", std::move(correct)},
          {"true_false_answer", q.true_false_answer},
          {"blanks", std::move(blanks)},
          {"case_sensitive", q.case_sensitive},
          {"ordered", q.ordered},
          {"reference_answer", q.reference_answer},
          {"difficulty", q.difficulty},
          {"explanation", q.explanation},
          {"image_ids", Ids(q.image_ids)}};
}

boost::json::object QuestionJson(const as::Question& q) {
  boost::json::object o = ContentJson(q.content);
  o["id"] = q.id;
  o["org_id"] = q.org_id;
  o["category_id"] = q.category_id;
  o["category_name"] = q.category_name;
  o["tags"] = Texts(q.tags);
  o["version_number"] = q.version_number;
  o["archived"] = q.archived;
  o["version"] = q.version;
  return o;
}

// One blank of "blanks": its accepted answers, as typed.
Result<std::vector<std::string>> ReadBlank(const boost::json::value& blank, const std::string& at) {
  Error bad = Bad(at + " 应为可接受答案的字符串数组", at);
  if (!blank.is_array() || blank.get_array().size() > as::kMaxAlternatives) return bad;
  std::vector<std::string> alternatives;
  for (const auto& alt : blank.get_array()) {
    if (!alt.is_string() || Utf8Length(alt.get_string()) > kMaxText) return bad;
    alternatives.emplace_back(alt.get_string());
  }
  return alternatives;
}

// The fields of a question (create and edit), type included.
Result<as::NewQuestion> ReadQuestion(JsonBody& body) {
  as::NewQuestion q;
  DX_ASSIGN_OR_RETURN(q.category_id, body.RequiredInt("category_id"));
  DX_ASSIGN_OR_RETURN(q.content.type, body.RequiredEnum("type", as::ParseType, "题型无效"));
  DX_ASSIGN_OR_RETURN(q.content.stem, body.RequiredString("stem", as::kMaxStem));
  DX_ASSIGN_OR_RETURN(auto options, body.OptionalStringArray("options", as::kMaxOptions, kMaxText,
                                                             JsonBody::Spaces::kKeep));
  q.content.options = options.value_or(std::vector<std::string>{});
  DX_ASSIGN_OR_RETURN(auto correct, body.OptionalIntArray("correct_options", as::kMaxOptions));
  for (int64_t i : correct.value_or(std::vector<int64_t>{})) {
    if (i < 0 || i > 100) return Bad("正确答案须是已有的选项", "correct_options");
    q.content.correct_options.push_back(static_cast<int>(i));
  }
  DX_ASSIGN_OR_RETURN(auto tf, body.OptionalBool("true_false_answer"));
  q.content.true_false_answer = tf.value_or(false);
  DX_ASSIGN_OR_RETURN(auto blanks,
                      body.OptionalArray<std::vector<std::string>>(
                          "blanks", as::kMaxBlanks, "每个空的可接受答案的数组", ReadBlank));
  q.content.blanks = blanks.value_or(std::vector<std::vector<std::string>>{});
  DX_ASSIGN_OR_RETURN(auto case_sensitive, body.OptionalBool("case_sensitive"));
  q.content.case_sensitive = case_sensitive.value_or(false);
  DX_ASSIGN_OR_RETURN(auto ordered, body.OptionalBool("ordered"));
  q.content.ordered = ordered.value_or(true);
  DX_ASSIGN_OR_RETURN(auto reference,
                      body.OptionalString("reference_answer", as::kMaxReferenceAnswer));
  q.content.reference_answer = reference.value_or("");
  DX_ASSIGN_OR_RETURN(auto difficulty, body.OptionalInt("difficulty"));
  q.content.difficulty = static_cast<int>(std::clamp<int64_t>(difficulty.value_or(3), -1, 99));
  DX_ASSIGN_OR_RETURN(auto explanation, body.OptionalString("explanation", as::kMaxExplanation));
  q.content.explanation = explanation.value_or("");
  DX_ASSIGN_OR_RETURN(auto images, body.OptionalIntArray("image_ids", as::kMaxImages));
  q.content.image_ids = images.value_or(std::vector<int64_t>{});
  DX_ASSIGN_OR_RETURN(
      auto tags, body.OptionalStringArray("tags", as::kMaxTags, kMaxText, JsonBody::Spaces::kKeep));
  q.tags = tags.value_or(std::vector<std::string>{});
  return q;
}

// A new category: {org_id, parent_id?, name}.
Result<std::tuple<int64_t, std::optional<int64_t>, std::string>> ReadNewCategory(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(int64_t org_id, body.RequiredInt("org_id"));
  DX_ASSIGN_OR_RETURN(auto parent, body.OptionalInt("parent_id"));
  DX_ASSIGN_OR_RETURN(std::string name, body.RequiredString("name", as::kMaxCategoryName));
  return std::tuple(org_id, parent, std::move(name));
}

// A category's new name (after the version).
Result<std::tuple<std::string>> ReadCategoryName(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(std::string name, body.RequiredString("name", as::kMaxCategoryName));
  return std::tuple(std::move(name));
}

Response ListCategories(Call& c) {
  DX_TRY(auto org_id, QueryInt(c.req, "org_id"));
  DX_TRY(auto list, c.s.Get<as::QuestionBank>().Categories(c.ctx, org_id));
  return ListOf(list, CategoryJson);
}

Response ListQuestions(Call& c) {
  as::QuestionFilter f;
  DX_TRY(f.org_id, QueryInt(c.req, "org_id"));
  DX_TRY(f.category_id, QueryInt(c.req, "category_id"));
  if (auto t = QueryString(c.req, "type")) {
    f.type = as::ParseType(*t);
    if (!f.type) return ErrorResponse(Bad("题型无效", "type"));
  }
  DX_TRY(auto difficulty, QueryInt(c.req, "difficulty"));
  if (difficulty) f.difficulty = static_cast<int>(std::clamp<int64_t>(*difficulty, 0, 6));
  if (auto tag = QueryString(c.req, "tag")) f.tag = *tag;
  DX_TRY(f.include_archived, QueryBool(c.req, "include_archived"));
  DX_TRY(PageRequest page, QueryPage(c.req));
  DX_TRY(auto got, c.s.Get<as::QuestionBank>().List(c.ctx, f, page));
  return PageOf(got, QuestionJson);
}

boost::json::object PaperJson(const as::Paper& p) {
  boost::json::array items, rules;
  for (const auto& i : p.items) {
    items.push_back({{"question_id", i.question_id},
                     {"question_version_id", i.question_version_id},
                     {"points", Points(i.points)},
                     {"type", as::TypeName(i.type)},
                     {"stem", i.stem}});
  }
  for (const auto& r : p.rules) {
    rules.push_back({{"category_id", r.category_id},
                     {"type", as::TypeName(r.type)},
                     {"difficulty", r.difficulty ? boost::json::value(*r.difficulty) : nullptr},
                     {"count", r.count},
                     {"points", Points(r.points)}});
  }
  return {{"id", p.id},
          {"org_id", p.org_id},
          {"title", p.title},
          {"kind", as::kPaperKinds.Name(p.kind)},
          {"items", std::move(items)},
          {"rules", std::move(rules)},
          {"total_points", Points(p.total_points)},
          {"archived", p.archived},
          {"version", p.version}};
}

// "items": [{"question_id", "points"}] of a fixed paper.
Result<as::PaperItem> ReadItem(JsonBody& item) {
  DX_ASSIGN_OR_RETURN(int64_t question_id, item.RequiredInt("question_id"));
  DX_ASSIGN_OR_RETURN(int64_t points, RequiredPoints(item, "points"));
  return as::PaperItem{question_id, 0, points};
}

// "rules": [{"category_id", "type", "difficulty"?, "count", "points"}] of a
// drawn paper.
Result<as::PaperRule> ReadRule(JsonBody& item) {
  as::PaperRule r;
  DX_ASSIGN_OR_RETURN(r.category_id, item.RequiredInt("category_id"));
  DX_ASSIGN_OR_RETURN(r.type, item.RequiredEnum("type", as::ParseType, "题型无效"));
  DX_ASSIGN_OR_RETURN(auto difficulty, item.NullableInt("difficulty"));
  if (difficulty && *difficulty) {
    r.difficulty = static_cast<int>(std::clamp<int64_t>(**difficulty, -1, 99));
  }
  DX_ASSIGN_OR_RETURN(r.count, item.RequiredInt("count"));
  DX_ASSIGN_OR_RETURN(r.points, RequiredPoints(item, "points"));
  return r;
}

Response ListPapers(Call& c) {
  DX_TRY(auto org_id, QueryInt(c.req, "org_id"));
  DX_TRY(PageRequest page, QueryPage(c.req));
  DX_TRY(auto got, c.s.Get<as::PaperService>().List(c.ctx, org_id, page));
  return PageOf(got, PaperJson);
}

Result<as::Paper> ReadNewPaper(JsonBody& body) {
  as::Paper p;
  DX_ASSIGN_OR_RETURN(p.org_id, body.RequiredInt("org_id"));
  DX_ASSIGN_OR_RETURN(p.title, body.RequiredString("title", as::kMaxPaperTitle));
  DX_ASSIGN_OR_RETURN(
      p.kind,
      body.RequiredEnum(
          "kind", [](std::string_view s) { return as::kPaperKinds.Parse(s); }, "组卷方式无效"));
  DX_ASSIGN_OR_RETURN(auto items, body.OptionalObjectArray<as::PaperItem>(
                                      "items", as::kMaxPaperItems, "试题数组", ReadItem));
  p.items = items.value_or(std::vector<as::PaperItem>{});
  DX_ASSIGN_OR_RETURN(auto rules, body.OptionalObjectArray<as::PaperRule>(
                                      "rules", as::kMaxPaperRules, "抽题规则数组", ReadRule));
  p.rules = rules.value_or(std::vector<as::PaperRule>{});
  return p;
}

}  // namespace

void RegisterBankRoutes(Router& router) {
  using Bank = as::QuestionBank;
  using Papers = as::PaperService;
  const Access in = Access::kSignedIn;
  const std::string base = "/api/v1/assessments";
  // The bank is edited by those who write records (question.hpp): others
  // are refused before their body is read.
  const RouteAuthorize writers = WritersOnly("无权编辑题库");
  router.Add({"GET", base + "/categories", in, ListCategories});
  router.Add({"POST", base + "/categories", in,
              CreateRecord<&Bank::CreateCategory>(ReadNewCategory, CategoryJson), kSmallBody,
              writers});
  router.Add({"PATCH", base + "/categories/{id}", in,
              EditRecord<&Bank::RenameCategory>(ReadCategoryName, CategoryJson), kSmallBody,
              writers});
  router.Add({"GET", base + "/questions", in, ListQuestions});
  router.Add({"POST", base + "/questions", in,
              CreateRecord<&Bank::Create>(ReadInOrg<as::NewQuestion, ReadQuestion>, QuestionJson),
              kDefaultMaxBody, writers});
  router.Add({"GET", base + "/questions/{id}", in, GetRecord<&Bank::Get>(QuestionJson)});
  router.Add({"PUT", base + "/questions/{id}", in,
              EditRecord<&Bank::Update>(ReadWhole<as::NewQuestion, ReadQuestion>, QuestionJson),
              kDefaultMaxBody, writers});
  router.Add({"POST", base + "/questions/{id}/archive", in,
              ArchiveRecord<&Bank::Archive>(QuestionJson), kSmallBody, writers});
  router.Add({"GET", base + "/papers", in, ListPapers});
  router.Add({"POST", base + "/papers", in, CreateRecord<&Papers::Create>(ReadNewPaper, PaperJson),
              kDefaultMaxBody, WritersOnly("无权组卷")});
  router.Add({"GET", base + "/papers/{id}", in, GetRecord<&Papers::Get>(PaperJson)});
}

}  // namespace duxing::api

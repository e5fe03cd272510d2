// /api/v1/assessments/categories, /questions, /papers: the question bank
// and the papers made from it (domain/assessments/question.hpp, paper.hpp).
#include "api/assessments/assessment_json.hpp"
#include "api/assessments/assessment_routes.hpp"
#include "api/json_body.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "domain/assessments/paper.hpp"
#include "domain/assessments/question.hpp"

namespace duxing::api {
namespace {

namespace as = domain::assessments;
using namespace assessments_json;

constexpr size_t kMaxTextBytes = 32 << 10;

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

Result<std::vector<std::vector<std::string>>> ReadBlanks(JsonBody& body) {
  std::vector<std::vector<std::string>> out;
  const boost::json::value* v = body.Raw("blanks");
  if (!v) return out;
  Error bad = Bad("blanks 应为字符串数组的数组（每个空的可接受答案）", "blanks");
  if (!v->is_array() || v->get_array().size() > as::kMaxBlanks) return bad;
  for (const auto& blank : v->get_array()) {
    if (!blank.is_array() || blank.get_array().size() > as::kMaxAlternatives) return bad;
    out.emplace_back();
    for (const auto& alt : blank.get_array()) {
      if (!alt.is_string() || alt.get_string().size() > kMaxTextBytes) return bad;
      out.back().emplace_back(alt.get_string());
    }
  }
  return out;
}

// The fields of a question (create and edit), type included.
Result<as::NewQuestion> ReadQuestion(JsonBody& body) {
  as::NewQuestion q;
  DX_ASSIGN_OR_RETURN(q.category_id, body.RequiredInt("category_id"));
  DX_ASSIGN_OR_RETURN(q.content.type, body.RequiredEnum("type", as::ParseType, "题型无效"));
  DX_ASSIGN_OR_RETURN(q.content.stem, body.RequiredString("stem", as::kMaxStem));
  DX_ASSIGN_OR_RETURN(auto options, OptionalTexts(body, "options", as::kMaxOptions, kMaxTextBytes));
  q.content.options = options.value_or(std::vector<std::string>{});
  DX_ASSIGN_OR_RETURN(auto correct, OptionalIds(body, "correct_options", as::kMaxOptions));
  for (int64_t i : correct.value_or(std::vector<int64_t>{})) {
    if (i < 0 || i > 100) return Bad("正确答案须是已有的选项", "correct_options");
    q.content.correct_options.push_back(static_cast<int>(i));
  }
  DX_ASSIGN_OR_RETURN(auto tf, body.OptionalBool("true_false_answer"));
  q.content.true_false_answer = tf.value_or(false);
  DX_ASSIGN_OR_RETURN(q.content.blanks, ReadBlanks(body));
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
  DX_ASSIGN_OR_RETURN(auto images, OptionalIds(body, "image_ids", as::kMaxImages));
  q.content.image_ids = images.value_or(std::vector<int64_t>{});
  DX_ASSIGN_OR_RETURN(auto tags, OptionalTexts(body, "tags", as::kMaxTags, kMaxTextBytes));
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

Result<int64_t> IntIn(const boost::json::object& o, const char* name, const std::string& at) {
  const auto* v = o.if_contains(name);
  if (!v || !v->is_int64()) return Bad(at + "." + name + " 应为整数", at + "." + name);
  return v->get_int64();
}

Result<int64_t> PointsIn(const boost::json::object& o, const std::string& at) {
  const auto* v = o.if_contains("points");
  if (!v) return Bad(at + ".points 不能为空", at + ".points");
  return ReadPoints(*v, at + ".points");
}

Result<std::vector<as::PaperItem>> ReadItems(JsonBody& body) {
  std::vector<as::PaperItem> out;
  const boost::json::value* v = body.Raw("items");
  if (!v) return out;
  if (!v->is_array() || v->get_array().size() > as::kMaxPaperItems) {
    return Bad("items 应为 [{\"question_id\",\"points\"}] 数组", "items");
  }
  for (size_t i = 0; i < v->get_array().size(); ++i) {
    std::string at = "items[" + std::to_string(i) + "]";
    const auto& item = v->get_array()[i];
    if (!item.is_object() || item.get_object().size() != 2) {
      return Bad(at + " 应为 {\"question_id\",\"points\"}", at);
    }
    DX_ASSIGN_OR_RETURN(int64_t qid, IntIn(item.get_object(), "question_id", at));
    DX_ASSIGN_OR_RETURN(int64_t points, PointsIn(item.get_object(), at));
    out.push_back({qid, 0, points});
  }
  return out;
}

Result<std::vector<as::PaperRule>> ReadRules(JsonBody& body) {
  std::vector<as::PaperRule> out;
  const boost::json::value* v = body.Raw("rules");
  if (!v) return out;
  if (!v->is_array() || v->get_array().size() > as::kMaxPaperRules) {
    return Bad("rules 应为抽题规则数组", "rules");
  }
  for (size_t i = 0; i < v->get_array().size(); ++i) {
    std::string at = "rules[" + std::to_string(i) + "]";
    const auto& item = v->get_array()[i];
    if (!item.is_object()) return Bad(at + " 应为对象", at);
    const auto& o = item.get_object();
    for (const auto& kv : o) {
      std::string_view k = kv.key();
      if (k != "category_id" && k != "type" && k != "difficulty" && k != "count" && k != "points") {
        return Bad(at + " 含有不认识的字段 " + std::string(k), at);
      }
    }
    as::PaperRule r;
    DX_ASSIGN_OR_RETURN(r.category_id, IntIn(o, "category_id", at));
    const auto* type = o.if_contains("type");
    auto parsed = type && type->is_string() ? as::ParseType(type->get_string()) : std::nullopt;
    if (!parsed) return Bad("题型无效", at + ".type");
    r.type = *parsed;
    if (const auto* d = o.if_contains("difficulty"); d && !d->is_null()) {
      if (!d->is_int64()) return Bad("难度须为整数", at + ".difficulty");
      r.difficulty = static_cast<int>(std::clamp<int64_t>(d->get_int64(), -1, 99));
    }
    DX_ASSIGN_OR_RETURN(r.count, IntIn(o, "count", at));
    DX_ASSIGN_OR_RETURN(r.points, PointsIn(o, at));
    out.push_back(r);
  }
  return out;
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
  DX_ASSIGN_OR_RETURN(p.items, ReadItems(body));
  DX_ASSIGN_OR_RETURN(p.rules, ReadRules(body));
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

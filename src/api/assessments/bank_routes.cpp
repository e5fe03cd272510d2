// /api/v1/assessments/categories, /questions, /papers: the question bank
// and the papers made from it (domain/assessments/question.hpp, paper.hpp).
#include "api/assessments/assessment_json.hpp"
#include "api/assessments/assessment_routes.hpp"
#include "api/json_body.hpp"
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

as::QuestionBank& Bank(Call& c) { return c.s.Get<as::QuestionBank>(); }
as::PaperService& Papers(Call& c) { return c.s.Get<as::PaperService>(); }

Response ListCategories(Call& c) {
  DX_TRY(auto org_id, QueryInt(c.req, "org_id"));
  DX_TRY(auto list, Bank(c).Categories(c.ctx, org_id));
  boost::json::array items;
  for (const auto& x : list) items.push_back(CategoryJson(x));
  return ListResponse(std::move(items), static_cast<int64_t>(list.size()));
}

Response CreateCategory(Call& c) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t org_id, body.RequiredInt("org_id"));
  DX_TRY(auto parent, body.OptionalInt("parent_id"));
  DX_TRY(std::string name, body.RequiredString("name", as::kMaxCategoryName));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto created, Bank(c).CreateCategory(c.ctx, org_id, parent, name));
  return JsonResponse(201, CategoryJson(created));
}

Response RenameCategory(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t version, body.RequiredInt("version"));
  DX_TRY(std::string name, body.RequiredString("name", as::kMaxCategoryName));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto updated, Bank(c).RenameCategory(c.ctx, id, version, name));
  return JsonResponse(200, CategoryJson(updated));
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
  DX_TRY(auto got, Bank(c).List(c.ctx, f, page));
  boost::json::array items;
  for (const auto& q : got.items) items.push_back(QuestionJson(q));
  return ListResponse(std::move(items), got.total, got.next_cursor);
}

Response GetQuestion(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto q, Bank(c).Get(c.ctx, id));
  return JsonResponse(200, QuestionJson(q));
}

Response CreateQuestion(Call& c) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t org_id, body.RequiredInt("org_id"));
  DX_TRY(as::NewQuestion q, ReadQuestion(body));
  DX_TRY_STATUS(body.Finish());
  q.org_id = org_id;
  DX_TRY(auto created, Bank(c).Create(c.ctx, q));
  return JsonResponse(201, QuestionJson(created));
}

Response UpdateQuestion(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t version, body.RequiredInt("version"));
  DX_TRY(as::NewQuestion q, ReadQuestion(body));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto updated, Bank(c).Update(c.ctx, id, version, q));
  return JsonResponse(200, QuestionJson(updated));
}

Response ArchiveQuestion(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t version, VersionOnlyBody(c.req.body));
  DX_TRY(auto updated, Bank(c).Archive(c.ctx, id, version));
  return JsonResponse(200, QuestionJson(updated));
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
  DX_TRY(auto got, Papers(c).List(c.ctx, org_id, page));
  boost::json::array items;
  for (const auto& p : got.items) items.push_back(PaperJson(p));
  return ListResponse(std::move(items), got.total, got.next_cursor);
}

Response GetPaper(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto p, Papers(c).Get(c.ctx, id));
  return JsonResponse(200, PaperJson(p));
}

Response CreatePaper(Call& c) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  as::Paper p;
  DX_TRY(p.org_id, body.RequiredInt("org_id"));
  DX_TRY(p.title, body.RequiredString("title", as::kMaxPaperTitle));
  DX_TRY(p.kind,
         body.RequiredEnum(
             "kind", [](std::string_view s) { return as::kPaperKinds.Parse(s); }, "组卷方式无效"));
  DX_TRY(p.items, ReadItems(body));
  DX_TRY(p.rules, ReadRules(body));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto created, Papers(c).Create(c.ctx, p));
  return JsonResponse(201, PaperJson(created));
}

}  // namespace

void RegisterBankRoutes(Router& router) {
  router.Add({"GET", "/api/v1/assessments/categories", Access::kSignedIn, ListCategories});
  router.Add(
      {"POST", "/api/v1/assessments/categories", Access::kSignedIn, CreateCategory, kSmallBody});
  router.Add({"PATCH", "/api/v1/assessments/categories/{id}", Access::kSignedIn, RenameCategory,
              kSmallBody});
  router.Add({"GET", "/api/v1/assessments/questions", Access::kSignedIn, ListQuestions});
  router.Add({"POST", "/api/v1/assessments/questions", Access::kSignedIn, CreateQuestion});
  router.Add({"GET", "/api/v1/assessments/questions/{id}", Access::kSignedIn, GetQuestion});
  router.Add({"PUT", "/api/v1/assessments/questions/{id}", Access::kSignedIn, UpdateQuestion});
  router.Add({"POST", "/api/v1/assessments/questions/{id}/archive", Access::kSignedIn,
              ArchiveQuestion, kSmallBody});
  router.Add({"GET", "/api/v1/assessments/papers", Access::kSignedIn, ListPapers});
  router.Add({"POST", "/api/v1/assessments/papers", Access::kSignedIn, CreatePaper});
  router.Add({"GET", "/api/v1/assessments/papers/{id}", Access::kSignedIn, GetPaper});
}

}  // namespace duxing::api

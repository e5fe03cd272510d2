// The OpenAPI document (src/api/openapi.json, embedded in the binary) against
// the router: every registered route is described and nothing else is; every
// operation is complete; and real answers of the real routes match the
// schemas the document gives for them.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_to.hpp>
#include <cctype>
#include <set>

#include "api/module.hpp"
#include "api/router.hpp"
#include "domain/module.hpp"
#include "domain/orgs/org.hpp"
#include "domain/people/person.hpp"
#include "common/embedded_file.hpp"
#include "common/text.hpp"
#include "testing/test_databases.hpp"
#include "testing/result_matchers.hpp"

namespace duxing::api {
namespace {

using test::Describe;

namespace json = boost::json;
using domain::auth::AuthService;
using domain::auth::Role;

constexpr const char* kPassword = "correct-horse-42";
constexpr const char* kXlsx =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const char* const kMethods[] = {"get",     "put",  "post",  "delete",
                                "options", "head", "patch", "trace"};

std::string Upper(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Str(const json::value& v) { return std::string(v.as_string()); }

const json::value& Doc() {
  static const json::value doc = [] {
    boost::system::error_code ec;
    json::value v = json::parse(OpenApiDocument(), ec);
    return ec ? json::value() : v;
  }();
  return doc;
}

// Resolves a local reference "#/a/b~1c"; null when it leads nowhere.
const json::value* Resolve(std::string_view ref) {
  if (ref.substr(0, 2) != "#/") return nullptr;
  const json::value* cur = &Doc();
  std::string_view rest = ref.substr(2);
  while (cur) {
    size_t slash = rest.find('/');
    std::string token;
    for (size_t i = 0; i < std::min(slash, rest.size()); ++i) {
      if (rest[i] == '~' && i + 1 < rest.size() && rest[i + 1] == '1') {
        token += '/';
        ++i;
      } else if (rest[i] == '~' && i + 1 < rest.size() && rest[i + 1] == '0') {
        token += '~';
        ++i;
      } else {
        token += rest[i];
      }
    }
    if (!cur->is_object()) return nullptr;
    cur = cur->as_object().if_contains(token);
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  return cur;
}

// Follows $ref until a value that is not a reference.
const json::value* Deref(const json::value* v) {
  for (int hops = 0; v && hops < 20; ++hops) {
    if (!v->is_object()) return v;
    const json::value* ref = v->as_object().if_contains("$ref");
    if (!ref) return v;
    v = ref->is_string() ? Resolve(Str(*ref)) : nullptr;
  }
  return nullptr;
}

void CollectRefs(const json::value& v, std::vector<std::string>& out) {
  if (v.is_object()) {
    for (const auto& kv : v.as_object()) {
      if (kv.key() == "$ref" && kv.value().is_string()) {
        out.push_back(Str(kv.value()));
      } else {
        CollectRefs(kv.value(), out);
      }
    }
  } else if (v.is_array()) {
    for (const auto& e : v.as_array()) CollectRefs(e, out);
  }
}

// A small validator for the subset of OpenAPI 3.0 schemas the document uses:
// $ref, allOf, nullable, enum, type, required, properties,
// additionalProperties, items, minLength/maxLength (in characters),
// minimum/maximum. Appends one line per problem.
void Check(const json::value& v, const json::value& schema_in,
           const std::string& at, std::vector<std::string>& out) {
  const json::value* schema = Deref(&schema_in);
  if (!schema || !schema->is_object()) {
    out.push_back(at + ": schema does not resolve");
    return;
  }
  const json::object& s = schema->as_object();
  if (const auto* all = s.if_contains("allOf")) {
    for (const auto& sub : all->as_array()) Check(v, sub, at, out);
  }
  if (v.is_null()) {
    const auto* nullable = s.if_contains("nullable");
    if (!(nullable && nullable->is_bool() && nullable->as_bool())) {
      out.push_back(at + ": null is not allowed");
    }
    return;
  }
  if (const auto* e = s.if_contains("enum")) {
    const auto& allowed = e->as_array();
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
      out.push_back(at + ": " + json::serialize(v) + " is not in the enum");
    }
  }
  const auto* type = s.if_contains("type");
  if (!type) return;
  std::string t = Str(*type);
  if (t == "object") {
    if (!v.is_object()) {
      out.push_back(at + ": expected an object, got " + json::serialize(v));
      return;
    }
    const json::object& o = v.as_object();
    if (const auto* req = s.if_contains("required")) {
      for (const auto& k : req->as_array()) {
        if (!o.contains(k.as_string())) {
          out.push_back(at + ": missing required " + Str(k));
        }
      }
    }
    const json::object* props = nullptr;
    if (const auto* p = s.if_contains("properties")) props = &p->as_object();
    const json::value* extra = s.if_contains("additionalProperties");
    for (const auto& kv : o) {
      std::string key(kv.key());
      if (props && props->contains(kv.key())) {
        Check(kv.value(), props->at(kv.key()), at + "." + key, out);
      } else if (extra && extra->is_bool() && !extra->as_bool()) {
        out.push_back(at + ": undocumented property " + key);
      } else if (extra && extra->is_object()) {
        Check(kv.value(), *extra, at + "." + key, out);
      }
    }
  } else if (t == "array") {
    if (!v.is_array()) {
      out.push_back(at + ": expected an array");
      return;
    }
    const auto* items = s.if_contains("items");
    size_t i = 0;
    for (const auto& e : v.as_array()) {
      if (items) Check(e, *items, at + "[" + std::to_string(i) + "]", out);
      ++i;
    }
  } else if (t == "string") {
    if (!v.is_string()) {
      out.push_back(at + ": expected a string, got " + json::serialize(v));
      return;
    }
    size_t n = Utf8Length(v.as_string());
    if (const auto* m = s.if_contains("maxLength");
        m && n > m->to_number<size_t>()) {
      out.push_back(at + ": longer than maxLength");
    }
    if (const auto* m = s.if_contains("minLength");
        m && n < m->to_number<size_t>()) {
      out.push_back(at + ": shorter than minLength");
    }
  } else if (t == "integer") {
    if (!v.is_int64() && !v.is_uint64()) {
      out.push_back(at + ": expected an integer, got " + json::serialize(v));
      return;
    }
    double d = v.to_number<double>();
    if (const auto* m = s.if_contains("minimum");
        m && d < m->to_number<double>()) {
      out.push_back(at + ": below minimum");
    }
    if (const auto* m = s.if_contains("maximum");
        m && d > m->to_number<double>()) {
      out.push_back(at + ": above maximum");
    }
  } else if (t == "number") {
    if (!v.is_number()) out.push_back(at + ": expected a number");
  } else if (t == "boolean") {
    if (!v.is_bool()) out.push_back(at + ": expected a boolean");
  } else {
    out.push_back(at + ": unknown type " + t);
  }
}

std::string Join(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += "\n  " + l;
  return s;
}

// Every (METHOD, path) the document describes.
std::set<std::pair<std::string, std::string>> DocumentedOperations() {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& path : Doc().at("paths").as_object()) {
    for (const auto& op : path.value().as_object()) {
      std::string key(op.key());
      if (std::find(std::begin(kMethods), std::end(kMethods), key) !=
          std::end(kMethods)) {
        out.emplace(Upper(key), std::string(path.key()));
      }
    }
  }
  return out;
}

const json::object* Operation(const std::string& method,
                              const std::string& path) {
  const auto* p = Doc().at("paths").as_object().if_contains(path);
  if (!p) return nullptr;
  std::string m = method;
  for (char& c : m)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto* op = p->as_object().if_contains(m);
  return op ? &op->as_object() : nullptr;
}

// The operation's parameters, path-level ones included, references resolved.
std::vector<const json::object*> Parameters(const std::string& path,
                                            const json::object& op) {
  std::vector<const json::object*> out;
  auto add = [&](const json::value* list) {
    if (!list) return;
    for (const auto& p : list->as_array()) {
      const json::value* r = Deref(&p);
      if (r && r->is_object()) out.push_back(&r->as_object());
    }
  };
  add(Doc().at("paths").at(path).as_object().if_contains("parameters"));
  add(op.if_contains("parameters"));
  return out;
}

// --- Real services on a migrated SQLite database, and the router ---

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Doc().is_object()) << "src/api/openapi.json is not valid JSON";
    auto clean =
        test::CleanDatabase::OpenMigrated(test::TestDatabaseUrls().front());
    ASSERT_TRUE(clean.ok()) << Describe(clean.error());
    clean_ = std::move(clean).value();
    set_ = std::make_unique<ServiceSet>(db(), clock_);
    services_ = &set_->services;
    auth_ = &services_->auth;
    orgs_ = &services_->Get<domain::orgs::OrgService>();
    router_ = std::make_unique<Router>(*services_);
    RegisterRoutes(*router_);
  }

  storage::Database& db() { return clean_->db(); }

  SystemClock clock_;
  std::unique_ptr<test::CleanDatabase> clean_;
  std::unique_ptr<ServiceSet> set_;
  Services* services_ = nullptr;
  AuthService* auth_ = nullptr;
  domain::orgs::OrgService* orgs_ = nullptr;
  std::unique_ptr<Router> router_;
};

TEST_F(OpenApiTest, IsAnOpenApi303Document) {
  const json::object& doc = Doc().as_object();
  EXPECT_EQ(doc.at("openapi"), "3.0.3");
  EXPECT_TRUE(doc.at("info").as_object().contains("title"));
  EXPECT_EQ(doc.at("info").at("version"), DUXING_VERSION);
  EXPECT_FALSE(doc.at("paths").as_object().empty());
}

TEST_F(OpenApiTest, DescribesExactlyTheRegisteredRoutes) {
  std::set<std::pair<std::string, std::string>> registered;
  for (const Route& r : router_->routes()) {
    EXPECT_TRUE(registered.emplace(r.method, r.pattern).second)
        << "registered twice: " << r.method << " " << r.pattern;
  }
  auto documented = DocumentedOperations();
  std::vector<std::string> missing, extra;
  for (const auto& [m, p] : registered) {
    if (!documented.count({m, p})) missing.push_back(m + " " + p);
  }
  for (const auto& [m, p] : documented) {
    if (!registered.count({m, p})) extra.push_back(m + " " + p);
  }
  EXPECT_TRUE(missing.empty())
      << "routes not in openapi.json:" << Join(missing);
  EXPECT_TRUE(extra.empty()) << "described but not registered:" << Join(extra);
  EXPECT_EQ(registered, documented);
}

// The commit pool (serve --commit-workers) takes exactly a taker's start,
// answers and hand-in, picked from the method and path alone.
TEST_F(OpenApiTest, OnlyATakersStartAnswersAndHandInWaitForAGroupCommit) {
  std::set<std::pair<std::string, std::string>> marked;
  for (const Route& r : router_->routes()) {
    if (r.waits_for_commit) marked.insert({r.method, r.pattern});
  }
  const std::set<std::pair<std::string, std::string>> expected = {
      {"POST", "/api/v1/assessments/exams/{id}/attempts"},
      {"PUT", "/api/v1/assessments/attempts/{id}/answers/{question_id}"},
      {"POST", "/api/v1/assessments/attempts/{id}/submit"}};
  EXPECT_EQ(marked, expected);
  auto head = [](std::string method, std::string path) {
    Request r;
    r.method = std::move(method);
    r.target = path;
    r.path = std::move(path);
    return r;
  };
  EXPECT_TRUE(router_->WaitsForCommit(head("PUT", "/api/v1/assessments/attempts/5/answers/7")));
  EXPECT_TRUE(router_->WaitsForCommit(head("POST", "/api/v1/assessments/attempts/5/submit")));
  EXPECT_FALSE(router_->WaitsForCommit(head("GET", "/api/v1/assessments/attempts/5")));
  EXPECT_FALSE(router_->WaitsForCommit(head("PUT", "/api/v1/assessments/attempts/5/answers/7/grade")));
  EXPECT_FALSE(router_->WaitsForCommit(head("POST", "/api/v1/people")));
  EXPECT_FALSE(router_->WaitsForCommit(head("PUT", "/api/v1/nowhere")));
}

TEST_F(OpenApiTest, EveryOperationHasAChineseSummaryTagsAndResponses) {
  std::set<std::string> tags;
  for (const auto& t : Doc().at("tags").as_array())
    tags.insert(Str(t.at("name")));
  std::set<std::string> operation_ids;
  for (const auto& [method, path] : DocumentedOperations()) {
    SCOPED_TRACE(method + " " + path);
    const json::object* op = Operation(method, path);
    ASSERT_NE(op, nullptr);
    ASSERT_TRUE(op->contains("summary"));
    std::string summary = Str(op->at("summary"));
    EXPECT_FALSE(summary.empty());
    EXPECT_TRUE(std::any_of(
        summary.begin(), summary.end(),
        [](char c) { return static_cast<unsigned char>(c) >= 0xE4; }))
        << "summary should be Chinese: " << summary;
    ASSERT_TRUE(op->contains("tags"));
    ASSERT_FALSE(op->at("tags").as_array().empty());
    for (const auto& t : op->at("tags").as_array()) {
      EXPECT_TRUE(tags.count(Str(t))) << "undeclared tag " << Str(t);
    }
    ASSERT_TRUE(op->contains("operationId"));
    EXPECT_TRUE(operation_ids.insert(Str(op->at("operationId"))).second);
    ASSERT_TRUE(op->contains("responses"));
    const json::object& responses = op->at("responses").as_object();
    EXPECT_FALSE(responses.empty());
    bool has_success = false;
    for (const auto& kv : responses) {
      const json::value* r = Deref(&kv.value());
      ASSERT_NE(r, nullptr) << kv.key();
      EXPECT_TRUE(r->as_object().contains("description")) << kv.key();
      if (!kv.key().empty() && kv.key()[0] == '2') has_success = true;
    }
    EXPECT_TRUE(has_success);
  }
}

TEST_F(OpenApiTest, EveryRefResolves) {
  std::vector<std::string> refs;
  CollectRefs(Doc(), refs);
  EXPECT_GT(refs.size(), 50u);
  for (const auto& ref : refs) {
    EXPECT_NE(Resolve(ref), nullptr) << "unresolved $ref " << ref;
  }
}

TEST_F(OpenApiTest, HasTheSharedSchemasAndSecuritySchemes) {
  const json::object& schemas =
      Doc().at("components").at("schemas").as_object();
  for (const char* name : {"User", "ApiToken", "Org", "Person", "Community",
                           "AuditEntry", "Error", "OrgList", "PersonList",
                           "CommunityList", "AuditList", "ApiTokenList"}) {
    EXPECT_TRUE(schemas.contains(name)) << name;
  }
  const json::value& error = schemas.at("Error").at("properties").at("error");
  EXPECT_EQ(error.at("required"), json::parse(R"(["code","message","field"])"));
  for (const char* f : {"code", "message", "field", "details", "retry_after"}) {
    EXPECT_TRUE(error.at("properties").as_object().contains(f)) << f;
  }

  const json::value& sec = Doc().at("components").at("securitySchemes");
  EXPECT_EQ(sec.at("cookieAuth").at("type"), "apiKey");
  EXPECT_EQ(sec.at("cookieAuth").at("in"), "cookie");
  EXPECT_EQ(sec.at("cookieAuth").at("name"), "duxing_session");
  EXPECT_NE(Str(sec.at("cookieAuth").at("description")).find("X-CSRF-Token"),
            std::string::npos);
  EXPECT_EQ(sec.at("bearerAuth").at("type"), "http");
  EXPECT_EQ(sec.at("bearerAuth").at("scheme"), "bearer");
  EXPECT_EQ(Doc().at("security"),
            json::parse(R"([{"cookieAuth":[]},{"bearerAuth":[]}])"));
}

TEST_F(OpenApiTest, SecurityFollowsRouteAccess) {
  for (const Route& r : router_->routes()) {
    SCOPED_TRACE(r.method + " " + r.pattern);
    const json::object* op = Operation(r.method, r.pattern);
    ASSERT_NE(op, nullptr);
    const json::value* security = op->if_contains("security");
    const json::object& responses = op->at("responses").as_object();
    if (r.access == Access::kPublic) {
      ASSERT_NE(security, nullptr) << "public routes need security: []";
      EXPECT_TRUE(security->as_array().empty());
    } else {
      EXPECT_TRUE(!security || !security->as_array().empty());
      EXPECT_TRUE(responses.contains("401"));
      if (r.method != "GET") {
        EXPECT_TRUE(responses.contains("403")) << "CSRF failures answer 403";
        bool csrf_header = false;
        for (const json::object* p : Parameters(r.pattern, *op)) {
          if (p->at("in") == "header" && p->at("name") == "X-CSRF-Token") {
            csrf_header = true;
          }
        }
        EXPECT_TRUE(csrf_header) << "unsafe methods describe X-CSRF-Token";
      }
    }
    if (op->contains("requestBody")) {
      EXPECT_TRUE(responses.contains("400"));
      EXPECT_TRUE(responses.contains("413"));
    }
  }
}

TEST_F(OpenApiTest, PathParametersAreDeclaredAsIntegers) {
  for (const auto& [method, path] : DocumentedOperations()) {
    SCOPED_TRACE(method + " " + path);
    const json::object* op = Operation(method, path);
    std::set<std::string> in_path, declared;
    for (size_t i = path.find('{'); i != std::string::npos;
         i = path.find('{', i + 1)) {
      in_path.insert(path.substr(i + 1, path.find('}', i) - i - 1));
    }
    for (const json::object* p : Parameters(path, *op)) {
      if (p->at("in") != "path") continue;
      declared.insert(Str(p->at("name")));
      EXPECT_EQ(p->at("required"), true);
      EXPECT_EQ(Deref(&p->at("schema"))->at("type"), "integer");
    }
    EXPECT_EQ(in_path, declared);
  }
}

TEST_F(OpenApiTest, JsonRequestBodiesRefuseUnknownFields) {
  for (const auto& [method, path] : DocumentedOperations()) {
    const json::object* op = Operation(method, path);
    const json::value* body = op->if_contains("requestBody");
    if (!body) continue;
    SCOPED_TRACE(method + " " + path);
    const auto& content = Deref(body)->at("content").as_object();
    if (!content.contains("application/json")) continue;
    const json::value* schema =
        Deref(&content.at("application/json").at("schema"));
    ASSERT_NE(schema, nullptr);
    EXPECT_EQ(schema->at("additionalProperties"), false);
  }
}

TEST_F(OpenApiTest, ServesTheEmbeddedDocument) {
  Request req;
  req.method = "GET";
  req.path = req.target = "/api/v1/openapi.json";
  Response r = router_->Handle(req);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(r.Payload(), OpenApiDocument());
}

// The contract per module: each module's part (src/api/<module>/openapi.json)
// describes exactly the routes that module registers, and every part of the
// source tree belongs to a listed module.
TEST_F(OpenApiTest, EachModulePartDescribesExactlyItsRoutes) {
  std::set<std::string> parts;
  for (const Module* m : AllModules()) {
    SCOPED_TRACE(m->info().name);
    std::set<std::pair<std::string, std::string>> registered, described;
    if (m->routes) {
      Router own(*services_);
      m->routes(own);
      for (const Route& r : own.routes()) registered.emplace(r.method, r.pattern);
    }
    if (m->openapi_part) {
      EXPECT_TRUE(parts.insert(m->openapi_part).second) << "part shared: " << m->openapi_part;
      const EmbeddedFile* file = nullptr;
      for (const auto& f : EmbeddedOpenApi()) {
        if (f.name == m->openapi_part) file = &f;
      }
      ASSERT_NE(file, nullptr) << "missing " << m->openapi_part;
      json::value part = json::parse(file->data);
      if (const json::value* paths = part.as_object().if_contains("paths")) {
        for (const auto& [path, ops] : paths->as_object()) {
          for (const auto& [method, op] : ops.as_object()) {
            if (std::find(std::begin(kMethods), std::end(kMethods), method) != std::end(kMethods)) {
              described.emplace(Upper(std::string(method)), std::string(path));
            }
          }
        }
      }
    }
    EXPECT_EQ(registered, described);
  }
  for (const auto& f : EmbeddedOpenApi()) {
    if (f.name == "openapi.json") continue;
    EXPECT_TRUE(parts.count(std::string(f.name))) << f.name << " belongs to no module";
  }
}

// The base document holds no paths: each belongs to a module.
TEST_F(OpenApiTest, TheBaseDocumentHoldsNoPaths) {
  for (const auto& f : EmbeddedOpenApi()) {
    if (f.name != "openapi.json") continue;
    json::value base = json::parse(f.data);
    EXPECT_TRUE(base.at("paths").as_object().empty());
  }
}

// Every coded schema lists the catalog's codes as its enum and describes each
// with its label, generated from the one definition; the parts name neither.
TEST_F(OpenApiTest, CodedSchemasAreDescribedFromTheCatalog) {
  const domain::Catalog catalog(AllModuleInfos());
  int seen = 0;
  for (const auto& [name, schema] : Doc().at("components").at("schemas").as_object()) {
    const auto* vocab = schema.as_object().if_contains("x-vocabulary");
    if (!vocab) continue;
    ++seen;
    const domain::Vocabulary* terms = nullptr;
    for (const auto& v : catalog.vocabularies()) {
      if (vocab->as_string() == v.name) terms = v.terms;
    }
    ASSERT_NE(terms, nullptr) << name;
    const std::string description(schema.at("description").as_string());
    for (const auto& t : *terms) {
      EXPECT_NE(description.find(std::string(t.code) + " " + t.label), std::string::npos)
          << name << ": " << description;
    }
  }
  EXPECT_GE(seen, 5);
  for (const auto& f : EmbeddedOpenApi()) {
    EXPECT_EQ(std::string_view(f.data).find("male 男"), std::string_view::npos) << f.name;
  }
}

// --- Real answers against the document ---

class OpenApiContractTest : public OpenApiTest {
 protected:
  struct Step {
    std::string method;
    std::string pattern;  // as documented
    std::string path;     // with ids filled in, plus any query
    std::string body = "";
    std::string content_type = "application/json";
    bool signed_in = true;
    bool csrf = true;
    std::string client_ip = "192.0.2.10";
  };

  // Runs `c` through the router, checks that its status is documented for
  // that operation and that its body matches the documented schema.
  Response Run(const Step& c) {
    Request req;
    req.method = c.method;
    req.target = c.path;
    size_t q = c.path.find('?');
    req.path = c.path.substr(0, q);
    if (q != std::string::npos) {
      std::string query = c.path.substr(q + 1);
      size_t start = 0;
      while (start <= query.size()) {
        size_t amp = std::min(query.find('&', start), query.size());
        std::string pair = query.substr(start, amp - start);
        size_t eq = pair.find('=');
        req.query.emplace(pair.substr(0, eq),
                          eq == std::string::npos ? "" : pair.substr(eq + 1));
        start = amp + 1;
      }
    }
    req.body = c.body;
    req.client_ip = c.client_ip;
    req.request_id = "contract";
    if (!c.body.empty())
      req.headers.emplace_back("content-type", c.content_type);
    if (c.signed_in && !session_.empty()) {
      req.headers.emplace_back("cookie", "duxing_session=" + session_);
      if (c.csrf) req.headers.emplace_back("x-csrf-token", csrf_);
    }
    Response r = router_->Handle(req);
    std::string what =
        c.method + " " + c.path + " → " + std::to_string(r.status);
    const json::object* op = Operation(c.method, c.pattern);
    EXPECT_NE(op, nullptr) << what << ": operation not documented";
    if (!op) return r;
    const json::value* documented =
        op->at("responses").as_object().if_contains(std::to_string(r.status));
    EXPECT_NE(documented, nullptr) << what << ": status not documented\n"
                                   << r.Payload();
    if (!documented) return r;
    documented = Deref(documented);
    const json::value* content = documented->as_object().if_contains("content");
    if (r.status == 204) {
      EXPECT_EQ(content, nullptr) << what;
      EXPECT_TRUE(r.Payload().empty()) << what;
      return r;
    }
    EXPECT_NE(content, nullptr) << what;
    if (!content) return r;
    std::string type = r.content_type.substr(0, r.content_type.find(';'));
    const json::value* media = content->as_object().if_contains(type);
    EXPECT_NE(media, nullptr)
        << what << ": content type " << type << " not documented";
    if (!media || type != "application/json") return r;
    boost::system::error_code ec;
    json::value body = json::parse(r.Payload(), ec);
    EXPECT_FALSE(ec) << what << ": not JSON";
    std::vector<std::string> problems;
    Check(body, media->at("schema"), "response", problems);
    EXPECT_TRUE(problems.empty()) << what << Join(problems) << "\n" << r.Payload();
    ++checked_;

    // Requests that succeeded must also match the documented request body.
    if (r.status < 300 && !c.body.empty() &&
        c.content_type == "application/json") {
      const json::value* rb = op->if_contains("requestBody");
      EXPECT_NE(rb, nullptr) << what << ": request body not documented";
      if (rb) {
        std::vector<std::string> req_problems;
        Check(json::parse(c.body),
              Deref(rb)->at("content").at("application/json").at("schema"),
              "request", req_problems);
        EXPECT_TRUE(req_problems.empty()) << what << Join(req_problems);
      }
    }
    return r;
  }

  json::value Json(const Response& r) { return json::parse(r.Payload()); }
  int64_t Id(const Response& r) {
    return Json(r).at("id").to_number<int64_t>();
  }
  int64_t Version(const Response& r) {
    return Json(r).at("version").to_number<int64_t>();
  }

  void MakeAdmin() {
    domain::auth::Principal system;
    system.grants = {{Role::kSystemAdmin, 0, "/", "系统"}};
    domain::Context ctx;
    ctx.principal = &system;
    ctx.now = clock_.Now();
    auto root = orgs_->Create(ctx, {std::nullopt, "机关党委",
                                    domain::orgs::Kind::kPartyCommittee, 0});
    ASSERT_TRUE(root.ok()) << Describe(root.error());
    root_id_ = root->id;
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    auto id = AuthService::CreateAccount(**tx,
                                         {"admin",
                                          "管理员",
                                          kPassword,
                                          std::nullopt,
                                          {{Role::kSystemAdmin, root_id_}}},
                                         clock_.Now());
    ASSERT_TRUE(id.ok()) << Describe(id.error());
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  int checked_ = 0;
  int64_t root_id_ = 0;
  std::string session_, csrf_;
};

TEST_F(OpenApiContractTest, RealAnswersMatchTheDocument) {
  MakeAdmin();
  const std::string root = std::to_string(root_id_);
  auto obj = [](json::object o) { return json::serialize(o); };

  // System and sign-in.
  Run({"GET", "/api/v1/health", "/api/v1/health"});
  Run({"GET", "/api/v1/openapi.json", "/api/v1/openapi.json"});
  EXPECT_EQ(Run({"GET", "/api/v1/vocabularies", "/api/v1/vocabularies"}).status, 200);
  EXPECT_EQ(Run({"GET", "/api/v1/orgs", "/api/v1/orgs"}).status, 401);
  EXPECT_EQ(Run({"POST", "/api/v1/auth/login", "/api/v1/auth/login",
                 R"({"username":"admin"})"})
                .status,
            400);
  EXPECT_EQ(Run({"POST", "/api/v1/auth/login", "/api/v1/auth/login",
                 R"({"username":"admin","password":"nope-nope-1"})"})
                .status,
            401);
  Response login = Run({"POST", "/api/v1/auth/login", "/api/v1/auth/login",
                        obj({{"username", "admin"}, {"password", kPassword}})});
  ASSERT_EQ(login.status, 200) << login.body;
  csrf_ = Str(Json(login).at("csrf_token"));
  for (const auto& [k, v] : login.headers) {
    if (k == "Set-Cookie") session_ = v.substr(15, v.find(';') - 15);
  }
  ASSERT_EQ(session_.size(), 64u);
  EXPECT_EQ(Run({"GET", "/api/v1/auth/me", "/api/v1/auth/me"}).status, 200);

  // API tokens.
  Response token = Run({"POST", "/api/v1/auth/tokens", "/api/v1/auth/tokens",
                        R"({"name":"同步脚本","expires_in_days":30})"});
  ASSERT_EQ(token.status, 201) << token.body;
  EXPECT_EQ(Run({"POST", "/api/v1/auth/tokens", "/api/v1/auth/tokens",
                 R"({"name":"x","expires_in_days":0})"})
                .status,
            400);
  EXPECT_EQ(Run({"POST", "/api/v1/auth/tokens", "/api/v1/auth/tokens",
                 R"({"name":"x","expires_in_days":366})"})
                .status,
            400);
  EXPECT_EQ(Run({"POST", "/api/v1/auth/tokens", "/api/v1/auth/tokens", R"({"name":"x"})"})
                .status,
            400);
  EXPECT_EQ(Run({"GET", "/api/v1/auth/tokens", "/api/v1/auth/tokens"}).status,
            200);

  // Organizations.
  Response branch =
      Run({"POST", "/api/v1/orgs", "/api/v1/orgs",
           R"({"parent_id":)" + root +
               R"(,"name":"第一支部","kind":"branch","sort_order":1})"});
  ASSERT_EQ(branch.status, 201) << branch.body;
  std::string branch_id = std::to_string(Id(branch));
  Response dept = Run(
      {"POST", "/api/v1/orgs", "/api/v1/orgs",
       R"({"parent_id":)" + root + R"(,"name":"办公室","kind":"department"})"});
  ASSERT_EQ(dept.status, 201) << dept.body;
  EXPECT_EQ(Run({"POST", "/api/v1/orgs", "/api/v1/orgs",
                 R"({"parent_id":999999,"name":"x","kind":"branch"})"})
                .status,
            404);
  EXPECT_EQ(
      Run({"POST", "/api/v1/orgs", "/api/v1/orgs",
           R"({"name":"x","kind":"branch"})", "application/json", true, false})
          .status,
      403);
  EXPECT_EQ(
      Run({"GET", "/api/v1/orgs", "/api/v1/orgs?include_archived=true"}).status,
      200);
  EXPECT_EQ(Run({"GET", "/api/v1/orgs", "/api/v1/orgs?kind=department"}).status,
            200);
  EXPECT_EQ(
      Run({"GET", "/api/v1/orgs", "/api/v1/orgs?kind=branch_office"}).status,
      400);
  EXPECT_EQ(
      Run({"GET", "/api/v1/orgs/{id}", "/api/v1/orgs/" + branch_id}).status,
      200);
  EXPECT_EQ(Run({"GET", "/api/v1/orgs/{id}", "/api/v1/orgs/999999"}).status,
            404);
  EXPECT_EQ(Run({"GET", "/api/v1/orgs/{id}", "/api/v1/orgs/abc"}).status, 400);
  Response renamed =
      Run({"PATCH", "/api/v1/orgs/{id}", "/api/v1/orgs/" + branch_id,
           R"({"version":1,"name":"机关第一支部"})"});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(Run({"PATCH", "/api/v1/orgs/{id}", "/api/v1/orgs/" + branch_id,
                 R"({"version":1,"name":"过期"})"})
                .status,
            409);
  EXPECT_EQ(Run({"PATCH", "/api/v1/orgs/{id}", "/api/v1/orgs/" + root,
                 R"({"version":1,"parent_id":)" + branch_id + "}"})
                .status,
            422);

  // Communities.
  Response community =
      Run({"POST", "/api/v1/communities", "/api/v1/communities",
           R"({"name":"幸福社区","kind":"linked","street":"城关街道"})"});
  ASSERT_EQ(community.status, 201) << community.body;
  std::string community_id = std::to_string(Id(community));
  Response other = Run({"POST", "/api/v1/communities", "/api/v1/communities",
                        R"({"name":"前进村","kind":"rural"})"});
  ASSERT_EQ(other.status, 201);
  EXPECT_EQ(Run({"PATCH", "/api/v1/communities/{id}",
                 "/api/v1/communities/" + community_id,
                 R"({"version":1,"street":"新城街道"})"})
                .status,
            200);
  EXPECT_EQ(
      Run({"POST", "/api/v1/communities/{id}/archive",
           "/api/v1/communities/" + std::to_string(Id(other)) + "/archive",
           R"({"version":1})"})
          .status,
      200);
  EXPECT_EQ(Run({"PATCH", "/api/v1/communities/{id}",
                 "/api/v1/communities/" + std::to_string(Id(other)),
                 R"({"version":2,"name":"x"})"})
                .status,
            422);
  EXPECT_EQ(Run({"GET", "/api/v1/communities", "/api/v1/communities"}).status,
            200);

  // People.
  json::object person{{"name", "张三"},
                      {"category", "member"},
                      {"org_id", Id(branch)},
                      {"gender", "male"},
                      {"birth_date", "1980-05-01"},
                      {"party_join_date", "2005-07-01"},
                      {"department_id", Id(dept)},
                      {"post", "科员"},
                      {"phone", "+86 138-0000-0000"},
                      {"community_id", Id(community)},
                      {"status", "active"}};
  Response created =
      Run({"POST", "/api/v1/people", "/api/v1/people", obj(person)});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string person_id = std::to_string(Id(created));
  EXPECT_EQ(
      Run({"POST", "/api/v1/people", "/api/v1/people", obj(person)}).status,
      409);  // same name and birth date
  EXPECT_EQ(Run({"POST", "/api/v1/people", "/api/v1/people",
                 R"({"name":"李四","category":"member"})"})
                .status,
            400);
  Response minimal = Run(
      {"POST", "/api/v1/people", "/api/v1/people",
       R"({"name":"李四","category":"resident","org_id":)" + branch_id + "}"});
  ASSERT_EQ(minimal.status, 201) << minimal.body;
  EXPECT_EQ(
      Run({"GET", "/api/v1/people",
           "/api/v1/people?org_id=" + root + "&q=张&sort=-birth_date&limit=10"})
          .status,
      200);
  EXPECT_EQ(
      Run({"GET", "/api/v1/people", "/api/v1/people?org_id=999999"}).status,
      404);
  EXPECT_EQ(
      Run({"GET", "/api/v1/people/{id}", "/api/v1/people/" + person_id}).status,
      200);
  EXPECT_EQ(Run({"GET", "/api/v1/people/{id}", "/api/v1/people/999999"}).status,
            404);
  Response cleared =
      Run({"PATCH", "/api/v1/people/{id}", "/api/v1/people/" + person_id,
           R"({"version":1,"gender":null,"community_id":null,"post":"主任"})"});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(Json(cleared).at("gender").is_null());
  EXPECT_EQ(Run({"PATCH", "/api/v1/people/{id}", "/api/v1/people/" + person_id,
                 R"({"version":1,"post":"过期"})"})
                .status,
            409);
  EXPECT_EQ(Run({"POST", "/api/v1/orgs/{id}/archive",
                 "/api/v1/orgs/" + branch_id + "/archive", R"({"version":2})"})
                .status,
            422);  // still has people

  // Import, export, template.
  std::string csv =
      "姓名,性别,出生日期,入党日期,人员类别,所在支部,所在科室,职务,联系电话,"
      "居住社区,状态\n"
      "王五,男,1990-01-01,2015-07-01,在职党员,机关第一支部,办公室,科员,"
      "13800000000,幸福社区,正常\n";
  Response dry = Run({"POST", "/api/v1/people/import",
                      "/api/v1/people/import?dry_run=true", csv,
                      "text/csv; charset=utf-8"});
  EXPECT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(Json(dry).at("dry_run"), true);
  Response imported = Run({"POST", "/api/v1/people/import",
                           "/api/v1/people/import", csv, "text/csv"});
  EXPECT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(Json(imported).at("imported"), 1);
  Response bad =
      Run({"POST", "/api/v1/people/import", "/api/v1/people/import",
           "姓名,人员类别,所在支部\n,在职党员,机关第一支部\n", "text/csv"});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(Json(bad).at("error").as_object().contains("details"));
  EXPECT_EQ(Run({"POST", "/api/v1/people/import", "/api/v1/people/import",
                 "a,b\n1,2\n", "application/octet-stream"})
                .status,
            415);
  Response exported = Run({"GET", "/api/v1/people/export",
                           "/api/v1/people/export?category=member&sort=name"});
  EXPECT_EQ(exported.status, 200);
  EXPECT_EQ(exported.content_type, kXlsx);
  EXPECT_EQ(exported.body.rfind("PK", 0), 0u);  // a zip archive
  Response tmpl = Run({"GET", "/api/v1/people/import-template",
                       "/api/v1/people/import-template"});
  EXPECT_EQ(tmpl.status, 200);
  EXPECT_EQ(tmpl.content_type, kXlsx);

  Response archived =
      Run({"POST", "/api/v1/people/{id}/archive",
           "/api/v1/people/" + std::to_string(Id(minimal)) + "/archive",
           R"({"version":1})"});
  EXPECT_EQ(archived.status, 200) << archived.body;
  EXPECT_EQ(Json(archived).at("archived"), true);
  EXPECT_EQ(Run({"PATCH", "/api/v1/people/{id}",
                 "/api/v1/people/" + std::to_string(Id(minimal)),
                 R"({"version":2,"post":"x"})"})
                .status,
            422);

  // Audit.
  Response audit =
      Run({"GET", "/api/v1/audit",
           "/api/v1/audit?record_type=person&action=create&limit=5"});
  EXPECT_EQ(audit.status, 200);
  EXPECT_GE(Json(audit).at("total").to_number<int64_t>(), 2);
  EXPECT_EQ(Run({"GET", "/api/v1/audit", "/api/v1/audit"}).status, 200);
  EXPECT_EQ(
      Run({"GET", "/api/v1/audit", "/api/v1/audit?from=yesterday"}).status,
      400);

  // Accounts.
  std::string admin_id =
      std::to_string(Json(login).at("user").at("id").to_number<int64_t>());
  EXPECT_EQ(Run({"GET", "/api/v1/accounts", "/api/v1/accounts?q=adm&limit=10"})
                .status,
            200);
  std::string new_account =
      R"({"username":"secretary1","display_name":"李书记","password":"branch-pass-1",)"
      R"("roles":[{"role":"branch_secretary","org_id":)" +
      branch_id + "}]}";
  Response account =
      Run({"POST", "/api/v1/accounts", "/api/v1/accounts", new_account});
  ASSERT_EQ(account.status, 201) << account.body;
  std::string account_path = "/api/v1/accounts/" + std::to_string(Id(account));
  EXPECT_EQ(
      Run({"POST", "/api/v1/accounts", "/api/v1/accounts", new_account}).status,
      409);
  EXPECT_EQ(
      Run({"POST", "/api/v1/accounts", "/api/v1/accounts",
           R"({"username":"x2","display_name":"x","password":"branch-pass-1",)"
           R"("roles":[{"role":"king","org_id":1}]})"})
          .status,
      400);
  EXPECT_EQ(
      Run({"PATCH", "/api/v1/accounts/{id}", account_path,
           R"({"version":1,"display_name":"李书记","disabled":false,"person_id":null})"})
          .status,
      200);
  EXPECT_EQ(
      Run({"PATCH", "/api/v1/accounts/{id}", account_path, R"({"version":1})"})
          .status,
      409);
  EXPECT_EQ(Run({"GET", "/api/v1/accounts/{id}", account_path}).status, 200);
  EXPECT_EQ(Run({"GET", "/api/v1/accounts/{id}", "/api/v1/accounts/999999"}).status, 404);
  EXPECT_EQ(Run({"GET", "/api/v1/accounts",
                 "/api/v1/accounts?role=branch_secretary&org_id=" + branch_id +
                     "&disabled=false"})
                .status,
            200);
  EXPECT_EQ(Run({"GET", "/api/v1/accounts", "/api/v1/accounts?org_id=999999"}).status, 404);
  EXPECT_EQ(Run({"GET", "/api/v1/accounts", "/api/v1/accounts?role=king"}).status, 400);
  EXPECT_EQ(Run({"GET", "/api/v1/accounts/export", "/api/v1/accounts/export?role=member"}).status,
            200);
  EXPECT_EQ(Run({"GET", "/api/v1/audit/export", "/api/v1/audit/export?record_type=person"}).status,
            200);
  EXPECT_EQ(Run({"GET", "/api/v1/audit/export", "/api/v1/audit/export?from=never"}).status, 400);
  EXPECT_EQ(
      Run({"PATCH", "/api/v1/accounts/{id}", "/api/v1/accounts/" + admin_id,
           R"({"version":1,"disabled":true})"})
          .status,
      422);
  EXPECT_EQ(Run({"PATCH", "/api/v1/accounts/{id}", "/api/v1/accounts/999999",
                 R"({"version":1})"})
                .status,
            404);
  EXPECT_EQ(
      Run({"POST", "/api/v1/accounts/{id}/password", account_path + "/password",
           R"({"password":"new-branch-pass-2"})"})
          .status,
      204);
  EXPECT_EQ(Run({"POST", "/api/v1/accounts/{id}/password",
                 "/api/v1/accounts/999999/password",
                 R"({"password":"new-branch-pass-2"})"})
                .status,
            404);
  EXPECT_EQ(Run({"GET", "/api/v1/accounts/{id}/tokens", account_path + "/tokens"}).status, 200);
  EXPECT_EQ(Run({"DELETE", "/api/v1/accounts/{id}/tokens/{token_id}",
                 account_path + "/tokens/999999"})
                .status,
            404);

  // Password, token revocation, logout.
  EXPECT_EQ(
      Run({"POST", "/api/v1/auth/password", "/api/v1/auth/password",
           R"({"old_password":"correct-horse-42","new_password":"short"})"})
          .status,
      400);
  EXPECT_EQ(
      Run({"POST", "/api/v1/auth/password", "/api/v1/auth/password",
           R"({"old_password":"correct-horse-42","new_password":"battery-staple-7",)"
           R"("revoke_tokens":false})"})
          .status,
      204);
  std::string token_path = "/api/v1/auth/tokens/" + std::to_string(Id(token));
  EXPECT_EQ(Run({"DELETE", "/api/v1/auth/tokens/{id}", token_path}).status,
            204);
  EXPECT_EQ(Run({"DELETE", "/api/v1/auth/tokens/{id}", token_path}).status,
            404);
  EXPECT_EQ(Run({"POST", "/api/v1/auth/logout", "/api/v1/auth/logout"}).status,
            204);

  // Throttled sign-in (from another address, so nothing else is affected).
  int last = 0;
  for (int i = 0; i < 6; ++i) {
    Step c{"POST", "/api/v1/auth/login", "/api/v1/auth/login",
           R"({"username":"admin","password":"wrong-password-1"})"};
    c.signed_in = false;
    c.client_ip = "192.0.2.99";
    last = Run(c).status;
  }
  EXPECT_EQ(last, 429);

  EXPECT_GE(checked_, 50);
}

}  // namespace
}  // namespace duxing::api

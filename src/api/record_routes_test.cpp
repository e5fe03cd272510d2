// The record-route backbone (api/record_routes.hpp) over a fake service: what
// each handler reads, in which order it refuses, what it passes the service
// and what it answers. The modules' own routes are tested over HTTP
// (tests/api/).
#include "api/record_routes.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::api {
namespace {

namespace json = boost::json;

struct Note {
  int64_t id = 0;
  std::string text;
  int64_t version = 1;
};

struct NotePatch {
  std::optional<std::string> text;
  int64_t version = 0;
};

// Records what it was called with; answers `refusal` when set.
class NoteService {
 public:
  Result<Note> Get(const domain::Context&, int64_t id) { return Answer("Get", id, 0, ""); }
  Result<Note> Create(const domain::Context&, const Note& n) {
    return Answer("Create", 0, 0, n.text);
  }
  Result<Note> AddTo(const domain::Context&, int64_t parent, const Note& n) {
    return Answer("AddTo", parent, 0, n.text);
  }
  Result<Note> Update(const domain::Context&, int64_t id, const NotePatch& p) {
    return Answer("Update", id, p.version, p.text.value_or("(none)"));
  }
  Result<Note> Rename(const domain::Context&, int64_t id, int64_t version,
                      std::optional<std::string> text, std::optional<bool> loud) {
    return Answer("Rename", id, version, text.value_or("") + (loud.value_or(false) ? "!" : ""));
  }
  Result<Note> Archive(const domain::Context&, int64_t id, int64_t version) {
    return Answer("Archive", id, version, "");
  }

  std::vector<std::string> calls;
  std::optional<Error> refusal;

 private:
  Result<Note> Answer(std::string method, int64_t id, int64_t version, std::string text) {
    calls.push_back(method + " " + std::to_string(id) + " v" + std::to_string(version) + " " +
                    text);
    if (refusal) return *refusal;
    return Note{id, text, version + 1};
  }
};

json::value NoteJson(const Note& n) {
  return json::object{{"id", n.id}, {"text", n.text}, {"version", n.version}};
}

Result<NotePatch> ReadPatch(JsonBody& body) {
  NotePatch p;
  DX_ASSIGN_OR_RETURN(p.text, body.OptionalString("text", 20));
  return p;
}

Result<Note> ReadNew(JsonBody& body) {
  Note n;
  DX_ASSIGN_OR_RETURN(n.text, body.RequiredString("text", 20));
  return n;
}

Result<std::tuple<std::optional<std::string>, std::optional<bool>>> ReadRename(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(auto text, body.OptionalString("text", 20));
  DX_ASSIGN_OR_RETURN(auto loud, body.OptionalBool("loud"));
  return std::tuple(text, loud);
}

class RecordRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto clean = test::CleanDatabase::OpenMigrated(test::TestDatabaseUrls().front());
    ASSERT_TRUE(clean.ok()) << test::Describe(clean.error());
    clean_ = std::move(*clean);
    set_ = std::make_unique<ServiceSet>(clean_->db(), clock_);
    notes_ = &set_->registry.Make<NoteService>();
  }

  // Calls `handler` as the router would for a request with this body and
  // the path's {id}.
  Response Run(const RouteHandler& handler, std::string body, std::string id = "7") {
    Request req;
    req.body = std::move(body);
    domain::Context ctx;
    ctx.request_id = "req-1";
    Call call{req, set_->services, ctx, {{"id", id}}, "", nullptr};
    return handler(call);
  }

  static json::value Body(const Response& r) { return json::parse(r.body); }
  static std::string Field(const Response& r) {
    return std::string(Body(r).at("error").at("field").as_string());
  }

  SystemClock clock_;
  std::unique_ptr<test::CleanDatabase> clean_;
  std::unique_ptr<ServiceSet> set_;
  NoteService* notes_ = nullptr;
};

TEST_F(RecordRoutesTest, GetAnswersTheRecordOfThePathId) {
  Response r = Run(GetRecord<&NoteService::Get>(NoteJson), "");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Body(r).at("id").as_int64(), 7);
  EXPECT_EQ(notes_->calls, std::vector<std::string>{"Get 7 v0 "});
}

TEST_F(RecordRoutesTest, AnInvalidPathIdIsRefusedBeforeTheService) {
  Response r = Run(GetRecord<&NoteService::Get>(NoteJson), "", "0");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "id");
  r = Run(EditRecord<&NoteService::Update>(ReadPatch, NoteJson), R"({"version":1})", "x");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(notes_->calls.empty());
}

TEST_F(RecordRoutesTest, CreateAnswers201WithWhatTheServiceMade) {
  Response r = Run(CreateRecord<&NoteService::Create>(ReadNew, NoteJson), R"({"text":"a"})");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(Body(r).at("text").as_string(), "a");
  EXPECT_EQ(notes_->calls, std::vector<std::string>{"Create 0 v0 a"});
}

TEST_F(RecordRoutesTest, CreateRefusesMissingAndUnknownFieldsWithoutCallingTheService) {
  auto create = CreateRecord<&NoteService::Create>(ReadNew, NoteJson);
  Response r = Run(create, R"({})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "text");
  r = Run(create, R"({"text":"a","colour":"red"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "colour");
  r = Run(create, R"([1])");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(notes_->calls.empty());
}

TEST_F(RecordRoutesTest, CreateChildPassesTheParentOfThePath) {
  Response r = Run(CreateChildRecord<&NoteService::AddTo>(ReadNew, NoteJson), R"({"text":"b"})");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(notes_->calls, std::vector<std::string>{"AddTo 7 v0 b"});
}

TEST_F(RecordRoutesTest, EditSetsTheBodysVersionInThePatch) {
  Response r =
      Run(EditRecord<&NoteService::Update>(ReadPatch, NoteJson), R"({"text":"c","version":4})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Body(r).at("version").as_int64(), 5);
  EXPECT_EQ(notes_->calls, std::vector<std::string>{"Update 7 v4 c"});
}

TEST_F(RecordRoutesTest, EditRequiresTheVersionAndRefusesUnknownFields) {
  auto edit = EditRecord<&NoteService::Update>(ReadPatch, NoteJson);
  Response r = Run(edit, R"({"text":"c"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "version");
  r = Run(edit, R"({"version":2,"txt":"c"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "txt");
  EXPECT_TRUE(notes_->calls.empty());
}

TEST_F(RecordRoutesTest, EditWithATupleSpreadsItAfterIdAndVersion) {
  Response r = Run(EditRecord<&NoteService::Rename>(ReadRename, NoteJson, 201),
                   R"({"version":3,"text":"d","loud":true})");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(notes_->calls, std::vector<std::string>{"Rename 7 v3 d!"});
}

TEST_F(RecordRoutesTest, ArchiveTakesOnlyTheVersion) {
  auto archive = ArchiveRecord<&NoteService::Archive>(NoteJson);
  Response r = Run(archive, R"({"version":2,"why":"x"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(notes_->calls.empty());
  r = Run(archive, R"({"version":2})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(notes_->calls, std::vector<std::string>{"Archive 7 v2 "});
}

TEST_F(RecordRoutesTest, ActOnRecordCallsTheServiceWithThePathIdAndReadsNoBody) {
  Response r = Run(ActOnRecord<&NoteService::Get>(NoteJson), "not json");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Body(r).at("id").as_int64(), 7);
  EXPECT_EQ(notes_->calls, std::vector<std::string>{"Get 7 v0 "});
}

TEST_F(RecordRoutesTest, ToJsonThatTakesTheContextIsGivenTheRequests) {
  auto stamped = [](const Note& n, const domain::Context& ctx) {
    return json::object{{"id", n.id}, {"request", ctx.request_id}};
  };
  for (const Response& r :
       {Run(GetRecord<&NoteService::Get>(stamped), ""),
        Run(ActOnRecord<&NoteService::Get>(stamped), ""),
        Run(CreateRecord<&NoteService::Create>(ReadNew, stamped), R"({"text":"a"})"),
        Run(CreateChildRecord<&NoteService::AddTo>(ReadNew, stamped), R"({"text":"a"})"),
        Run(EditRecord<&NoteService::Update>(ReadPatch, stamped), R"({"version":1})"),
        Run(ArchiveRecord<&NoteService::Archive>(stamped), R"({"version":1})")}) {
    EXPECT_LT(r.status, 300) << r.body;
    EXPECT_EQ(Body(r).at("request").as_string(), "req-1") << r.body;
  }
}

TEST_F(RecordRoutesTest, TheServicesRefusalAnswersInTheErrorShape) {
  notes_->refusal = MakeError(Code::kConflict, "记录已被他人修改");
  Response r =
      Run(EditRecord<&NoteService::Update>(ReadPatch, NoteJson), R"({"version":1,"text":"e"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Body(r).at("error").at("message").as_string(), "记录已被他人修改");
}

TEST(RecordListsTest, ListOfAndPageOfWriteItemsTotalAndCursor) {
  std::vector<Note> list{{1, "a", 1}, {2, "b", 1}};
  json::value whole = json::parse(ListOf(list, NoteJson).body);
  EXPECT_EQ(whole.at("total").as_int64(), 2);
  EXPECT_EQ(whole.at("items").as_array().at(1).at("text").as_string(), "b");
  Page<Note> page;
  page.items = list;
  page.total = 9;
  page.next_cursor = "k";
  json::value paged = json::parse(PageOf(page, NoteJson).body);
  EXPECT_EQ(paged.at("total").as_int64(), 9);
  EXPECT_EQ(paged.at("next_cursor").as_string(), "k");
  EXPECT_EQ(paged.at("items").as_array().size(), 2u);
}

}  // namespace
}  // namespace duxing::api

#include "storage/where.hpp"

#include <gtest/gtest.h>

#include <set>

#include "storage/in_ids.hpp"
#include "testing/test_databases.hpp"
#include "testing/result_matchers.hpp"

namespace duxing::storage {
namespace {

using test::Describe;

TEST(WhereTest, EmptyHasNoClauseAndNoParams) {
  Where w;
  EXPECT_EQ(w.Sql(), "");
  EXPECT_TRUE(w.params().empty());
}

TEST(WhereTest, NumbersPlaceholdersInOrderAcrossConditions) {
  Where w;
  w.And("a = ?", {int64_t{1}});
  w.And("archived = 0");
  w.And("b = ? OR c LIKE ?", {std::string("x"), std::string("%y%")});
  EXPECT_EQ(w.Sql(),
            " WHERE (a = $1) AND (archived = 0) AND (b = $2 OR c LIKE $3)");
  ASSERT_EQ(w.params().size(), 3u);
  EXPECT_EQ(w.params()[0], Param(int64_t{1}));
  EXPECT_EQ(w.params()[1], Param(std::string("x")));
  EXPECT_EQ(w.params()[2], Param(std::string("%y%")));
}

TEST(WhereTest, InSubtreesMatchesAnyRootAsAPrefix) {
  Where w;
  w.And(InSubtrees("o.path", {"/1/2/", "/1/7/"}));
  EXPECT_EQ(w.Sql(), " WHERE (o.path LIKE $1 OR o.path LIKE $2)");
  ASSERT_EQ(w.params().size(), 2u);
  EXPECT_EQ(w.params()[0], Param(std::string("/1/2/%")));
  EXPECT_EQ(w.params()[1], Param(std::string("/1/7/%")));
}

TEST(WhereTest, InSubtreesOfNothingIsNeverTrue) {
  Where w;
  w.And(InSubtrees("path", {}));
  EXPECT_EQ(w.Sql(), " WHERE (1 = 0)");
  EXPECT_TRUE(w.params().empty());
}

TEST(WhereTest, InIdsBindsEachIdAfterEarlierConditions) {
  Where w;
  w.And("kind = ?", {std::string("x")});
  w.And(InIds("i.id", {7, 9}));
  EXPECT_EQ(w.Sql(), " WHERE (kind = $1) AND (i.id IN ($2, $3))");
  ASSERT_EQ(w.params().size(), 3u);
  EXPECT_EQ(w.params()[2], Param(int64_t{9}));
  Where none;
  none.And(InIds("i.id", {}));
  EXPECT_EQ(none.Sql(), " WHERE (1 = 0)");
}

TEST(WhereTest, KeepsEveryParamKind) {
  Where w;
  w.And("a IS ? AND b = ? AND c = ?", {nullptr, 2.5, std::string("张三")});
  EXPECT_EQ(w.Sql(), " WHERE (a IS $1 AND b = $2 AND c = $3)");
  ASSERT_EQ(w.params().size(), 3u);
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(w.params()[0]));
  EXPECT_EQ(w.params()[1], Param(2.5));
  EXPECT_EQ(w.params()[2], Param(std::string("张三")));
}

TEST(WhereTest, BindAfterAndContinuesTheNumbering) {
  Where w;
  w.And("org_id = ?", {int64_t{7}});
  w.And("name = ?", {std::string("x")});
  std::string sql =
      w.Sql();  // taken before binding LIMIT/OFFSET, as callers do
  EXPECT_EQ(w.Bind(int64_t{50}), "$3");
  EXPECT_EQ(w.Bind(int64_t{100}), "$4");
  EXPECT_EQ(sql, " WHERE (org_id = $1) AND (name = $2)");
  EXPECT_EQ(w.Sql(), sql);  // binding does not add conditions
  ASSERT_EQ(w.params().size(), 4u);
  EXPECT_EQ(w.params()[2], Param(int64_t{50}));
  EXPECT_EQ(w.params()[3], Param(int64_t{100}));
}

TEST(WhereTest, BindOnEmptyStartsAtOne) {
  Where w;
  EXPECT_EQ(w.Bind(int64_t{5}), "$1");
  EXPECT_EQ(w.Sql(), "");
  w.And("x = ?", {int64_t{6}});
  EXPECT_EQ(w.Sql(), " WHERE (x = $2)");
}

TEST(WhereTest, CopiesBindIndependently) {
  Where w;
  w.And("a = ?", {int64_t{1}});
  Where paged = w;
  EXPECT_EQ(paged.Bind(int64_t{10}), "$2");
  EXPECT_EQ(w.params().size(), 1u);
  EXPECT_EQ(paged.params().size(), 2u);
}

TEST(WhereTest, QuestionMarksBeyondTheValuesStayLiteral) {
  Where w;
  w.And("a = ? AND b = '?'", {int64_t{1}});
  EXPECT_EQ(w.Sql(), " WHERE (a = $1 AND b = '?')");
  EXPECT_EQ(w.params().size(), 1u);
}

TEST(ContainsPatternTest, WrapsInPercentSigns) {
  EXPECT_EQ(ContainsPattern("abc"), "%abc%");
  EXPECT_EQ(ContainsPattern("张三"), "%张三%");
  EXPECT_EQ(ContainsPattern(""), "%%");
}

TEST(ContainsPatternTest, EscapesWildcardsAndTheEscapeCharacter) {
  EXPECT_EQ(ContainsPattern("50%"), "%50\\%%");
  EXPECT_EQ(ContainsPattern("a_b"), "%a\\_b%");
  EXPECT_EQ(ContainsPattern("a\\b"), "%a\\\\b%");
  EXPECT_EQ(ContainsPattern("%_\\"), "%\\%\\_\\\\%");
  EXPECT_EQ(ContainsPattern("it's"), "%it's%");  // quotes are for binding
}

// The escaped pattern means the same on both engines with ESCAPE '\'.
class ContainsPatternDbTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ContainsPatternDbTest, MatchesLiterallyOnEveryEngine) {
  DX_SKIP_IF_NO_ENGINE(GetParam());
  auto clean = test::CleanDatabase::Open(GetParam());
  ASSERT_TRUE(clean.ok()) << Describe(clean.error());
  Database& db = (*clean)->db();
  {
    auto tx = db.Begin(TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    ASSERT_TRUE((*tx)
                    ->ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY, "
                                 "name TEXT NOT NULL)")
                    .ok());
    int64_t id = 0;
    for (const char* name : {"100%", "1000", "a_b", "axb", "a\\b", "ab",
                             "张三丰", "李四", "O'Brien"}) {
      auto n = (*tx)->Exec("INSERT INTO t (id, name) VALUES ($1, $2)",
                           {++id, std::string(name)});
      ASSERT_TRUE(n.ok()) << Describe(n.error());
    }
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  auto tx = db.Begin(TxMode::kRead);
  ASSERT_TRUE(tx.ok()) << Describe(tx.error());
  auto find = [&](std::string_view needle) {
    Where w;
    w.And("name LIKE ? ESCAPE '\\'", {ContainsPattern(needle)});
    std::set<std::string> out;
    auto rows = (*tx)->Query("SELECT name FROM t" + w.Sql(), w.params());
    EXPECT_TRUE(rows.ok()) << Describe(rows.error());
    if (rows.ok()) {
      for (const auto& r : *rows) out.insert(r.Text(0));
    }
    return out;
  };
  EXPECT_EQ(find("%"), std::set<std::string>({"100%"}));
  EXPECT_EQ(find("0%"), std::set<std::string>({"100%"}));
  EXPECT_EQ(find("_"), std::set<std::string>({"a_b"}));
  EXPECT_EQ(find("a_"), std::set<std::string>({"a_b"}));
  EXPECT_EQ(find("\\"), std::set<std::string>({"a\\b"}));
  EXPECT_EQ(find("三"), std::set<std::string>({"张三丰"}));
  EXPECT_EQ(find("'"), std::set<std::string>({"O'Brien"}));
  EXPECT_EQ(find("10").size(), 2u);
  EXPECT_TRUE(find("zz").empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, ContainsPatternDbTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::storage

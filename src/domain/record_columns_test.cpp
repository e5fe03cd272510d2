#include "domain/record_columns.hpp"

#include <gtest/gtest.h>

namespace duxing::domain {
namespace {

enum class Shade { kRed, kGreen };
const CodedEnum<Shade> kShades = {{Shade::kRed, {"red", "红"}}, {Shade::kGreen, {"green", "绿"}}};

struct Thing {
  int64_t id = 0;
  std::optional<int64_t> owner_id;
  std::string name;
  std::optional<std::string> due;
  bool archived = false;
  Shade shade = Shade::kGreen;
  std::optional<Shade> trim;
  std::string note = "untouched";
};

const RecordColumns<Thing>& ThingColumns() {
  static const auto columns = RecordColumns<Thing>()
                                  .Int("t.id", &Thing::id)
                                  .OptInt("t.owner_id", &Thing::owner_id)
                                  .Text("t.name", &Thing::name)
                                  .OptText("t.due", &Thing::due)
                                  .Bool("t.archived", &Thing::archived)
                                  .Code("t.shade", &Thing::shade, kShades, Shade::kRed)
                                  .OptCode("t.trim", &Thing::trim, kShades);
  return columns;
}

using Cells = std::vector<std::optional<std::string>>;

TEST(RecordColumnsTest, TheSelectListIsTheColumnsInTheOrderDeclared) {
  EXPECT_EQ(ThingColumns().Sql(), "t.id, t.owner_id, t.name, t.due, t.archived, t.shade, t.trim");
  EXPECT_EQ(ThingColumns().size(), 7u);
}

TEST(RecordColumnsTest, EachColumnFillsItsField) {
  Thing t =
      ThingColumns().Read(storage::Row(Cells{"7", "3", "台账", "2021-09-30", "1", "green", "red"}));
  EXPECT_EQ(t.id, 7);
  EXPECT_EQ(t.owner_id, 3);
  EXPECT_EQ(t.name, "台账");
  EXPECT_EQ(t.due, "2021-09-30");
  EXPECT_TRUE(t.archived);
  EXPECT_EQ(t.shade, Shade::kGreen);
  EXPECT_EQ(t.trim, Shade::kRed);
  EXPECT_EQ(t.note, "untouched");  // no column: its default
}

TEST(RecordColumnsTest, NullsAndUnknownCodesReadAsEmptyOrTheFallback) {
  Thing t = ThingColumns().Read(storage::Row(
      Cells{"1", std::nullopt, std::nullopt, std::nullopt, "0", "purple", std::nullopt}));
  EXPECT_EQ(t.owner_id, std::nullopt);
  EXPECT_EQ(t.name, "");
  EXPECT_EQ(t.due, std::nullopt);
  EXPECT_FALSE(t.archived);
  EXPECT_EQ(t.shade, Shade::kRed);  // the fallback
  EXPECT_EQ(t.trim, std::nullopt);
  t = ThingColumns().Read(
      storage::Row(Cells{"1", std::nullopt, "", std::nullopt, "0", "red", "purple"}));
  EXPECT_EQ(t.trim, std::nullopt);
}

TEST(RecordColumnsTest, ReadsFromAnyFirstColumnOfAWiderRow) {
  Thing t = ThingColumns().Read(
      storage::Row(Cells{"x", "y", "9", std::nullopt, "名", std::nullopt, "0", "green", "green"}),
      2);
  EXPECT_EQ(t.id, 9);
  EXPECT_EQ(t.name, "名");
  EXPECT_EQ(t.trim, Shade::kGreen);
}

// The columns of the record's own table (alias "t") but those not written,
// in the order declared, each taking its field's value; joined and
// computed columns are read only.
TEST(RecordColumnsTest, WrittenAreTheOwnTablesColumnsButTheUnwritten) {
  auto columns = RecordColumns<Thing>()
                     .Int("t.id", &Thing::id)
                     .OptInt("t.owner_id", &Thing::owner_id)
                     .Text("o.name", &Thing::note)  // joined: read only
                     .Text("t.name", &Thing::name)
                     .OptText("t.due", &Thing::due)
                     .Bool("t.archived", &Thing::archived)
                     .Code("t.shade", &Thing::shade, kShades, Shade::kRed)
                     .OptCode("t.trim", &Thing::trim, kShades)
                     .Add("COUNT(x.id)", [](const storage::Row&, size_t, Thing&) {});
  WrittenColumns<Thing> written = columns.Written("t", {"id", "archived"});
  EXPECT_EQ(written.UpdateSet("things"),
            "UPDATE things SET owner_id = $1, name = $2, due = $3, shade = $4, trim = $5");
  Thing t;
  t.owner_id = 4;
  t.name = "台账";
  t.shade = Shade::kRed;
  EXPECT_EQ(written.Params(t), (storage::Params{int64_t{4}, std::string("台账"), nullptr,
                                                std::string("red"), nullptr}));
  t.due = "2021-09-30";
  t.trim = Shade::kGreen;
  t.archived = true;
  EXPECT_EQ(columns.Written("t", {"id"}).Params(t),
            (storage::Params{int64_t{4}, std::string("台账"), std::string("2021-09-30"), int64_t{1},
                             std::string("red"), std::string("green")}));
  // A column of the table read by a reader of its own cannot be written.
  auto custom = RecordColumns<Thing>().Add("t.name", [](const storage::Row&, size_t, Thing&) {});
  EXPECT_THROW(custom.Written("t", {}), std::logic_error);
  EXPECT_EQ(custom.Written("t", {"name"}).size(), 0u);
}

}  // namespace
}  // namespace duxing::domain

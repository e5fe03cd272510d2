// Points read from JSON: at most two decimals, tiny values included.
#include "api/assessments/assessment_json.hpp"

#include <gtest/gtest.h>

namespace duxing::api::assessments_json {
namespace {

TEST(ReadPointsTest, TakesTwoDecimalsAndRefusesMoreHoweverSmall) {
  for (auto [text, hundredths] : std::vector<std::pair<const char*, int64_t>>{
           {"0", 0}, {"2.55", 255}, {"0.01", 1}, {"99999.99", 9999999}, {"100000", 10000000},
           {"0.1", 10}, {"1.15", 115}, {"33.33", 3333}}) {
    auto p = ReadPoints(boost::json::parse(text), "score");
    ASSERT_TRUE(p.ok()) << text;
    EXPECT_EQ(*p, hundredths) << text;
  }
  for (const char* text : {"1e-300", "0.001", "2.550000001", "1e-9", "0.005", "-0.01", "100000.01"}) {
    auto p = ReadPoints(boost::json::parse(text), "score");
    ASSERT_FALSE(p.ok()) << text;
    EXPECT_EQ(p.error().code, Code::kInvalidArgument) << text;
    EXPECT_EQ(p.error().field, "score");
  }
}

}  // namespace
}  // namespace duxing::api::assessments_json

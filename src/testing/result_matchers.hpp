// GoogleTest helpers for Result and Status: one way for every test to assert
// success, take the value out, and check an expected error.
//
//   ASSERT_OK_AND_ASSIGN(Org o, orgs.Create(ctx, input));
//   ASSERT_OK(tx->Commit());
//   ExpectError(people.Get(ctx, 99), Code::kNotFound);
//   ExpectError(people.Create(ctx, bad), Code::kInvalidArgument, "name");
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "common/result.hpp"

namespace duxing::test {

// Code, field, message, row details and the internal text, for failure output.
inline std::string Describe(const Error& e) {
  std::string s = std::string(CodeName(e.code)) + " [" + e.field + "] " + e.message;
  for (const auto& d : e.details) {
    s += "\n  row " + std::to_string(d.row) + " " + d.column + ": " + d.reason;
  }
  return s + " | " + e.internal;
}

// Expects `r` to have failed with `code`, a non-empty message and, when given,
// `field` ("-" leaves the field unchecked).
template <typename T>
void ExpectError(const Result<T>& r, Code code, const std::string& field = "-") {
  ASSERT_FALSE(r.ok()) << "expected " << CodeName(code);
  EXPECT_EQ(r.error().code, code) << Describe(r.error());
  EXPECT_FALSE(r.error().message.empty());
  if (field != "-") {
    EXPECT_EQ(r.error().field, field) << Describe(r.error());
  }
}

}  // namespace duxing::test

// ASSERTs that a Result is ok and moves its value into `decl`.
#define ASSERT_OK_AND_ASSIGN(decl, expr) \
  DX_TEST_ASSERT_OK_AND_ASSIGN_(DX_CONCAT_(assert_result_, __LINE__), decl, expr)
#define DX_TEST_ASSERT_OK_AND_ASSIGN_(tmp, decl, expr)                         \
  auto tmp = (expr);                                                           \
  ASSERT_TRUE(tmp.ok()) << #expr << ": " << ::duxing::test::Describe(tmp.error()); \
  decl = std::move(tmp).value()

// ASSERTs that a Status (or any Result) is ok.
#define ASSERT_OK(expr)                                                      \
  do {                                                                       \
    auto&& assert_status_ = (expr);                                          \
    ASSERT_TRUE(assert_status_.ok())                                         \
        << #expr << ": " << ::duxing::test::Describe(assert_status_.error()); \
  } while (0)

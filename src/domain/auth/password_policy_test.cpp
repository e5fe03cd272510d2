#include "domain/auth/password_policy.hpp"

#include <gtest/gtest.h>

namespace duxing::domain::auth {
namespace {

std::string MessageOf(const Status& st) { return st.ok() ? "" : st.error().message; }

TEST(PasswordPolicyTest, LengthIsTwelveToOneHundredTwentyEightCodePoints) {
  EXPECT_FALSE(CheckNewPassword("river-lamp7").ok());  // 11
  EXPECT_TRUE(CheckNewPassword("river-lamp7x").ok());  // 12, no digit rule
  EXPECT_TRUE(CheckNewPassword("correct horse battery").ok());  // letters and spaces only
  // Chinese counts per character, not per byte: 12 characters are 36 bytes.
  EXPECT_TRUE(CheckNewPassword("春眠不觉晓处处闻啼鸟夜来风").ok());
  EXPECT_FALSE(CheckNewPassword("春眠不觉晓处处闻啼鸟夜").ok());  // 11 characters, 33 bytes
  std::string max;
  for (int i = 0; i < 128; ++i) max += i % 2 ? "笃" : "x";
  EXPECT_TRUE(CheckNewPassword(max).ok());  // 128 characters, 256 bytes
  EXPECT_FALSE(CheckNewPassword(max + "y").ok());
  Status st = CheckNewPassword("short", {}, "password");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, Code::kInvalidArgument);
  EXPECT_EQ(st.error().field, "password");
}

TEST(PasswordPolicyTest, WhiteSpaceIsPartOfThePassword) {
  // Eleven characters and a space are twelve: nothing is trimmed.
  EXPECT_TRUE(CheckNewPassword(" river-lamp7").ok());
  EXPECT_FALSE(CheckNewPassword("\xff\xfe river-lamp7").ok());  // not UTF-8
}

TEST(PasswordPolicyTest, CommonPasswordsAreRefusedWhateverTheirCase) {
  for (const char* p : {"123456789012", "a123456789012", "Password1234", "PASSWORD@2021",
                        "qwertyuiop12", "1qaz2wsx3edc", "woaini520520", "duxing123456",
                        "tongji2021tongji", "admin1234567", "111111111111",
                        "qq1234567890", "198801011234", "zzzzzzzzzzzzzz", "笃笃笃笃笃笃笃笃笃笃笃笃"}) {
    Status st = CheckNewPassword(p);
    EXPECT_EQ(MessageOf(st), "该密码过于常见，容易被猜中，请换一个") << p;
  }
  EXPECT_TRUE(IsCommonPassword("QWERTYUIOP123"));
  EXPECT_FALSE(IsCommonPassword("api-test-pass-2021"));
}

TEST(PasswordPolicyTest, PasswordsContainingTheOwnersNamesAreRefused) {
  EXPECT_EQ(MessageOf(CheckNewPassword("my-Zhangwei-pass", {"zhangwei", "张伟"})),
            "密码不能包含用户名或姓名");
  EXPECT_EQ(MessageOf(CheckNewPassword("张伟的登录口令很长很长啊", {"zhangwei", "张伟"})),
            "密码不能包含用户名或姓名");
  EXPECT_TRUE(CheckNewPassword("river-lamp-violet", {"zhangwei", "张伟"}).ok());
}

TEST(PasswordPolicyTest, EveryPasswordTheTestsAndScriptsUseIsValid) {
  for (const char* p : {"api-test-pass-2021", "Account-pass-2021"}) {
    EXPECT_TRUE(CheckNewPassword(p).ok()) << p;
  }
}

}  // namespace
}  // namespace duxing::domain::auth

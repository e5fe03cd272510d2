// Grading of every question type (partial credit, blanks in and out of
// order, case), answer validation, the deterministic shuffle and the stored
// list encodings. Pure functions: no database.
#include "domain/assessments/grading.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "testing/result_matchers.hpp"

namespace duxing::domain::assessments {
namespace {

using test::ExpectError;

QuestionContent Single() {
  QuestionContent q;
  q.type = QuestionType::kSingle;
  q.stem = "中国共产党第一次全国代表大会在哪一年召开？";
  q.options = {"1919年", "1921年", "1927年", "1949年"};
  q.correct_options = {1};
  return q;
}

QuestionContent Multiple() {
  QuestionContent q;
  q.type = QuestionType::kMultiple;
  q.stem = "党史学习教育的目标要求包括";
  q.options = {"学史明理", "学史增信", "学史崇德", "学史致富"};
  q.correct_options = {0, 1, 2};
  return q;
}

QuestionContent Blanks(bool ordered, bool case_sensitive) {
  QuestionContent q;
  q.type = QuestionType::kFillBlank;
  q.stem = "遵义会议于（ ）年（ ）月召开";
  q.blanks = {{"1935"}, {"1", "一"}};
  q.ordered = ordered;
  q.case_sensitive = case_sensitive;
  return q;
}

TEST(GradeAnswer, SingleChoiceScoresOnlyTheCorrectOption) {
  EXPECT_EQ(GradeAnswer(Single(), {"1"}, 200, PartialCredit::kNone).score, 200);
  EXPECT_TRUE(GradeAnswer(Single(), {"1"}, 200, PartialCredit::kNone).correct);
  EXPECT_EQ(GradeAnswer(Single(), {"2"}, 200, PartialCredit::kNone).score, 0);
  EXPECT_EQ(GradeAnswer(Single(), {}, 200, PartialCredit::kNone).score, 0);
}

TEST(GradeAnswer, MultipleChoicePartialCreditFollowsTheExamSetting) {
  QuestionContent q = Multiple();
  EXPECT_EQ(GradeAnswer(q, {"2", "0", "1"}, 300, PartialCredit::kNone).score, 300);
  // Two of three correct, none wrong.
  EXPECT_EQ(GradeAnswer(q, {"0", "1"}, 300, PartialCredit::kNone).score, 0);
  EXPECT_EQ(GradeAnswer(q, {"0", "1"}, 300, PartialCredit::kProportional).score, 200);
  EXPECT_FALSE(GradeAnswer(q, {"0", "1"}, 300, PartialCredit::kProportional).correct);
  // One of three: rounded down to a hundredth.
  EXPECT_EQ(GradeAnswer(q, {"0"}, 250, PartialCredit::kProportional).score, 83);
  // A wrong option chosen: nothing, even with partial credit.
  EXPECT_EQ(GradeAnswer(q, {"0", "3"}, 300, PartialCredit::kProportional).score, 0);
  EXPECT_EQ(GradeAnswer(q, {"0", "1", "2", "3"}, 300, PartialCredit::kProportional).score, 0);
}

TEST(GradeAnswer, TrueFalse) {
  QuestionContent q;
  q.type = QuestionType::kTrueFalse;
  q.stem = "八七会议确定了土地革命和武装反抗国民党反动派的总方针。";
  q.true_false_answer = true;
  EXPECT_EQ(GradeAnswer(q, {"true"}, 100, PartialCredit::kNone).score, 100);
  EXPECT_EQ(GradeAnswer(q, {"false"}, 100, PartialCredit::kNone).score, 0);
}

TEST(GradeAnswer, FillBlankScoresPerBlankWithAlternativesAndOrder) {
  QuestionContent ordered = Blanks(true, false);
  EXPECT_EQ(GradeAnswer(ordered, {"1935", "一"}, 400, PartialCredit::kNone).score, 400);
  EXPECT_EQ(GradeAnswer(ordered, {" 1935 ", "1"}, 400, PartialCredit::kNone).score, 400);
  EXPECT_EQ(GradeAnswer(ordered, {"1935", "2"}, 400, PartialCredit::kNone).score, 200);
  EXPECT_EQ(GradeAnswer(ordered, {"1", "1935"}, 400, PartialCredit::kNone).score, 0);
  EXPECT_EQ(GradeAnswer(ordered, {"1935"}, 400, PartialCredit::kNone).score, 200);
  // Out of order accepted when the question says so; an item counts once.
  QuestionContent any = Blanks(false, false);
  EXPECT_EQ(GradeAnswer(any, {"1", "1935"}, 400, PartialCredit::kNone).score, 400);
  EXPECT_EQ(GradeAnswer(any, {"1935", "1935"}, 400, PartialCredit::kNone).score, 200);
}

TEST(GradeAnswer, FillBlankUnorderedFindsTheBestMatching) {
  QuestionContent q;
  q.type = QuestionType::kFillBlank;
  q.stem = "（ ）（ ）";
  q.blanks = {{"a", "b"}, {"a"}};
  q.ordered = false;
  // Greedy would give "a" to the first blank and leave "b" unmatched.
  EXPECT_EQ(GradeAnswer(q, {"a", "b"}, 200, PartialCredit::kNone).score, 200);
}

TEST(GradeAnswer, FillBlankCase) {
  QuestionContent q;
  q.type = QuestionType::kFillBlank;
  q.stem = "国内生产总值的英文缩写是（ ）";
  q.blanks = {{"GDP"}};
  EXPECT_EQ(GradeAnswer(q, {"gdp"}, 100, PartialCredit::kNone).score, 100);
  q.case_sensitive = true;
  EXPECT_EQ(GradeAnswer(q, {"gdp"}, 100, PartialCredit::kNone).score, 0);
  EXPECT_EQ(GradeAnswer(q, {"GDP"}, 100, PartialCredit::kNone).score, 100);
}

TEST(GradeAnswer, ShortAnswerWaitsForAPersonUnlessBlank) {
  QuestionContent q;
  q.type = QuestionType::kShortAnswer;
  q.stem = "简述学习党史的意义。";
  EXPECT_FALSE(GradeAnswer(q, {"明理、增信、崇德、力行"}, 1000, PartialCredit::kNone).score);
  EXPECT_EQ(GradeAnswer(q, {}, 1000, PartialCredit::kNone).score, 0);
  EXPECT_EQ(GradeAnswer(q, {"  "}, 1000, PartialCredit::kNone).score, 0);
}

TEST(ValidateAnswer, RefusesAnswersThatDoNotFitTheQuestion) {
  ASSERT_OK(ValidateAnswer(Single(), {"3"}));
  ASSERT_OK(ValidateAnswer(Single(), {}));
  ExpectError(ValidateAnswer(Single(), {"4"}), Code::kInvalidArgument, "value");
  ExpectError(ValidateAnswer(Single(), {"-1"}), Code::kInvalidArgument, "value");
  ExpectError(ValidateAnswer(Single(), {"1x"}), Code::kInvalidArgument, "value");
  ExpectError(ValidateAnswer(Single(), {"0", "1"}), Code::kInvalidArgument, "value");
  ExpectError(ValidateAnswer(Multiple(), {"0", "0"}), Code::kInvalidArgument, "value");
  QuestionContent tf;
  tf.type = QuestionType::kTrueFalse;
  ExpectError(ValidateAnswer(tf, {"yes"}), Code::kInvalidArgument, "value");
  ExpectError(ValidateAnswer(Blanks(true, false), {"1", "2", "3"}), Code::kInvalidArgument,
              "value");
  ExpectError(ValidateAnswer(Blanks(true, false), {"1\n"}), Code::kInvalidArgument, "value");
  QuestionContent sa;
  sa.type = QuestionType::kShortAnswer;
  ASSERT_OK(ValidateAnswer(sa, {"第一行\n第二行"}));
  ExpectError(ValidateAnswer(sa, {std::string(kMaxShortAnswer + 1, 'x')}), Code::kInvalidArgument,
              "value");
}

TEST(Shuffled, IsADeterministicPermutation) {
  std::vector<int> a = Shuffled(30, MixSeed(42, 7));
  EXPECT_EQ(a, Shuffled(30, MixSeed(42, 7)));
  EXPECT_NE(a, Shuffled(30, MixSeed(43, 7)));
  std::vector<int> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 30; ++i) EXPECT_EQ(sorted[static_cast<size_t>(i)], i);
  EXPECT_TRUE(Shuffled(0, 1).empty());
}

TEST(StoredLists, RoundTrip) {
  std::vector<std::string> items = {"甲", "", "丙"};
  EXPECT_EQ(SplitItems(JoinItems(items)), items);
  EXPECT_TRUE(SplitItems("").empty());
  std::vector<std::vector<std::string>> blanks = {{"1935"}, {"1", "一"}};
  EXPECT_EQ(SplitBlanks(JoinBlanks(blanks)), blanks);
}

TEST(QuestionValidate, RefusesBrokenQuestions) {
  ASSERT_OK(Validate(Single()));
  ASSERT_OK(Validate(Multiple()));
  ASSERT_OK(Validate(Blanks(true, true)));
  auto with = [](QuestionContent q, auto change) {
    change(q);
    return Validate(q);
  };
  ExpectError(with(Single(), [](QuestionContent& q) { q.stem = " "; }), Code::kInvalidArgument,
              "stem");
  ExpectError(with(Single(),
                   [](QuestionContent& q) {
                     q.correct_options = {0, 1};
                   }),
              Code::kInvalidArgument, "correct_options");
  ExpectError(with(Single(), [](QuestionContent& q) { q.correct_options = {4}; }),
              Code::kInvalidArgument, "correct_options");
  ExpectError(with(Multiple(), [](QuestionContent& q) { q.correct_options = {1}; }),
              Code::kInvalidArgument, "correct_options");
  ExpectError(with(Single(), [](QuestionContent& q) { q.options = {"甲"}; }),
              Code::kInvalidArgument, "options");
  ExpectError(with(Single(), [](QuestionContent& q) { q.options[2] = "1919年"; }),
              Code::kInvalidArgument, "options");
  ExpectError(with(Single(), [](QuestionContent& q) { q.options[1] = ""; }), Code::kInvalidArgument,
              "options[1]");
  ExpectError(with(Single(), [](QuestionContent& q) { q.difficulty = 6; }), Code::kInvalidArgument,
              "difficulty");
  ExpectError(with(Blanks(true, false), [](QuestionContent& q) { q.blanks[1].push_back(""); }),
              Code::kInvalidArgument, "blanks[1][2]");
  ExpectError(with(Blanks(true, false), [](QuestionContent& q) { q.blanks.clear(); }),
              Code::kInvalidArgument, "blanks");
  ExpectError(with(Blanks(true, false),
                   [](QuestionContent& q) {
                     q.options = {"a", "b"};
                   }),
              Code::kInvalidArgument, "options");
}

TEST(OptionKeysTest, KeysFollowThePapersOrderAndMapBackToTheBank) {
  QuestionContent q = Multiple();  // correct: bank options 0, 1, 2
  std::vector<int> order = {3, 1, 0, 2};  // the paper shows 致富, 增信, 明理, 崇德
  EXPECT_EQ(CorrectKeys(q, order), (std::vector<std::string>{"B", "C", "D"}));
  ASSERT_OK_AND_ASSIGN(AnswerValue stored, AnswerFromKeys(q, order, {"C", "A"}));
  EXPECT_EQ(stored, (AnswerValue{"0", "3"}));
  EXPECT_EQ(AnswerToKeys(q, order, stored), (AnswerValue{"C", "A"}));
  ExpectError(AnswerFromKeys(q, order, {"E"}), Code::kInvalidArgument, "value");
  ExpectError(AnswerFromKeys(q, order, {"0"}), Code::kInvalidArgument, "value");
  // No order stored (or not a permutation of the options): the bank's order.
  EXPECT_EQ(CorrectKeys(Single(), {}), std::vector<std::string>{"B"});
  EXPECT_EQ(CorrectKeys(Single(), {0, 0, 1, 2}), std::vector<std::string>{"B"});
  // Other types have no keys: their answers pass through.
  QuestionContent blanks = Blanks(true, false);
  ASSERT_OK_AND_ASSIGN(AnswerValue same, AnswerFromKeys(blanks, {}, {"1935", "一"}));
  EXPECT_EQ(same, (AnswerValue{"1935", "一"}));
  EXPECT_EQ(AnswerToKeys(blanks, {}, {"true"}), AnswerValue{"true"});
}

}  // namespace
}  // namespace duxing::domain::assessments

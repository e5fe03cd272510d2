// Grading and drawing, without storage: how an answer to a question version
// is checked and scored, how a taker's questions and options are shuffled,
// and how the stored lists are encoded. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/assessments/question.hpp"
#include "domain/coded.hpp"

namespace duxing::domain::assessments {

// How a multiple-choice answer that is not exactly right scores.
// none: nothing. proportional: when no wrong option is chosen, the points
// times chosen / correct (rounded down to a hundredth); a wrong one: nothing.
enum class PartialCredit { kNone, kProportional };
inline const CodedEnum<PartialCredit> kPartialCredits = {
    {PartialCredit::kNone, {"none", "全对才得分"}},
    {PartialCredit::kProportional, {"proportional", "少选按比例得分"}}};

// A taker's answer: its items (option indexes as decimal text, "true" or
// "false", one text per blank in blank order, the short answer's text).
// No items: not answered.
using AnswerValue = std::vector<std::string>;

// Bounds of an answer.
inline constexpr size_t kMaxShortAnswer = 5000;

// Checks that `answer` can be an answer to `q`, as kInvalidArgument on
// "value": single / true_false at most one item; choices distinct indexes
// of q's options; true_false "true" or "false"; fill_blank at most one item
// per blank, each one line of at most kMaxBlankChars characters;
// short_answer at most one item of at most kMaxShortAnswer characters.
// Texts must be valid UTF-8 without control characters (line breaks are
// allowed in a short answer).
Status ValidateAnswer(const QuestionContent& q, const AnswerValue& answer);

struct Grade {
  // Hundredths of a point, 0..points; nullopt: a person must grade it (a
  // short answer that was given).
  std::optional<int64_t> score;
  bool correct = false;  // full points
};

// Grades `answer` (valid by ValidateAnswer) to `q` worth `points`
// hundredths. Fill-in blanks score per blank (points × matched / blanks,
// rounded down): an item matches an accepted alternative after trimming,
// and case-insensitively (ASCII) unless q.case_sensitive; unordered blanks
// are matched to items as a maximum matching (each item counts once).
Grade GradeAnswer(const QuestionContent& q, const AnswerValue& answer, int64_t points,
                  PartialCredit partial);

// The permutation of 0..n-1 that the 64-bit `seed` gives (Fisher–Yates on
// splitmix64): the same seed and n give the same order on every machine.
std::vector<int> Shuffled(size_t n, uint64_t seed);
// A seed from two numbers (an attempt's id and a salt), splitmix64-mixed.
uint64_t MixSeed(uint64_t a, uint64_t b);

// The stored forms (migration 0020): items joined by U+001F; blanks by U+001E.
std::string JoinItems(const std::vector<std::string>& items);
std::vector<std::string> SplitItems(std::string_view text);
std::string JoinBlanks(const std::vector<std::vector<std::string>>& blanks);
std::vector<std::vector<std::string>> SplitBlanks(std::string_view text);
// Integers (attachment ids, an option order) joined by ',': "3,0,2".
std::string JoinInts(const std::vector<int64_t>& values);
std::vector<int64_t> SplitInts(std::string_view text);

}  // namespace duxing::domain::assessments

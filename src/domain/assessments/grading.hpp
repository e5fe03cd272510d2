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

// Option keys. A taker's paper keys a choice question's options "A", "B", ...
// in the order that paper shows them (`order`: the bank's option indexes in
// display order, AttemptQuestion::option_order), so a key tells nothing of
// the bank's order and names different options on two takers' papers.
// Answers and answer keys travel in the taker's keys; storage and grading
// use the bank's indexes ("0", "1", ...). Other question types have no keys:
// their answers pass through unchanged. An `order` that is not a
// permutation of q's options (none stored) counts as the bank's order.
// The bank's option indexes in the order `order` shows them: `order` itself
// when it is a permutation of q's options, else the bank's order.
std::vector<int> ShownOrder(const QuestionContent& q, const std::vector<int>& order);
// The key of the option shown at `position` (0 .. kMaxOptions - 1): "A".."J".
std::string OptionKey(size_t position);
// `answer`, in the taker's keys, as the bank's indexes; kInvalidArgument on
// "value" for an item that is not a key of this paper's options (a bank
// index included).
Result<AnswerValue> AnswerFromKeys(const QuestionContent& q, const std::vector<int>& order,
                                   const AnswerValue& answer);
// A stored `answer` (bank indexes) in the taker's keys, item for item.
AnswerValue AnswerToKeys(const QuestionContent& q, const std::vector<int>& order,
                         const AnswerValue& answer);
// q's correct options in the taker's keys, in display order (empty for
// questions without options).
std::vector<std::string> CorrectKeys(const QuestionContent& q, const std::vector<int>& order);

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

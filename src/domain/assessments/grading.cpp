#include "domain/assessments/grading.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "common/text.hpp"
#include "domain/text_field.hpp"

namespace duxing::domain::assessments {
namespace {

constexpr char kItemSeparator = '\x1f';
constexpr char kBlankSeparator = '\x1e';

Error BadValue(std::string message) {
  return MakeError(Code::kInvalidArgument, std::move(message), "value");
}

std::optional<int> OptionIndex(std::string_view s, size_t options) {
  int v = -1;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0 ||
      static_cast<size_t>(v) >= options) {
    return std::nullopt;
  }
  return v;
}

std::string Normalized(std::string_view s, bool case_sensitive) {
  std::string out = Trim(s);
  if (!case_sensitive) {
    for (char& ch : out) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
  }
  return out;
}

bool Accepts(const std::vector<std::string>& alternatives, const std::string& item,
             bool case_sensitive) {
  if (item.empty()) return false;
  return std::any_of(alternatives.begin(), alternatives.end(),
                     [&](const std::string& a) { return Normalized(a, case_sensitive) == item; });
}

// Kuhn's augmenting path: may item `i` take a blank (moving others)?
bool Augment(size_t i, const std::vector<std::vector<bool>>& fits, std::vector<bool>& seen,
             std::vector<int>& blank_of_item, std::vector<int>& item_of_blank) {
  for (size_t b = 0; b < fits[i].size(); ++b) {
    if (!fits[i][b] || seen[b]) continue;
    seen[b] = true;
    if (item_of_blank[b] < 0 ||
        Augment(static_cast<size_t>(item_of_blank[b]), fits, seen, blank_of_item, item_of_blank)) {
      item_of_blank[b] = static_cast<int>(i);
      blank_of_item[i] = static_cast<int>(b);
      return true;
    }
  }
  return false;
}

// How many blanks `answer` fills correctly.
size_t MatchedBlanks(const QuestionContent& q, const AnswerValue& answer) {
  std::vector<std::string> items;
  for (const auto& a : answer) items.push_back(Normalized(a, q.case_sensitive));
  size_t matched = 0;
  if (q.ordered) {
    for (size_t b = 0; b < q.blanks.size() && b < items.size(); ++b) {
      if (Accepts(q.blanks[b], items[b], q.case_sensitive)) ++matched;
    }
    return matched;
  }
  std::vector<std::vector<bool>> fits(items.size(), std::vector<bool>(q.blanks.size()));
  for (size_t i = 0; i < items.size(); ++i) {
    for (size_t b = 0; b < q.blanks.size(); ++b) {
      fits[i][b] = Accepts(q.blanks[b], items[i], q.case_sensitive);
    }
  }
  std::vector<int> blank_of_item(items.size(), -1), item_of_blank(q.blanks.size(), -1);
  for (size_t i = 0; i < items.size(); ++i) {
    std::vector<bool> seen(q.blanks.size());
    if (Augment(i, fits, seen, blank_of_item, item_of_blank)) ++matched;
  }
  return matched;
}

uint64_t SplitMix(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::vector<std::string> Split(std::string_view text, char separator) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t at = text.find(separator, start);
    out.emplace_back(text.substr(start, at == std::string_view::npos ? text.npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

bool HasKeys(const QuestionContent& q) {
  return q.type == QuestionType::kSingle || q.type == QuestionType::kMultiple;
}

}  // namespace

Status ValidateAnswer(const QuestionContent& q, const AnswerValue& answer) {
  switch (q.type) {
    case QuestionType::kSingle:
    case QuestionType::kMultiple: {
      if (q.type == QuestionType::kSingle && answer.size() > 1) {
        return BadValue("单选题只能选择一个选项");
      }
      std::set<int> chosen;
      for (const auto& item : answer) {
        auto index = OptionIndex(item, q.options.size());
        if (!index) return BadValue("选项“" + ToValidUtf8(item).substr(0, 20) + "”不存在");
        if (!chosen.insert(*index).second) return BadValue("同一选项不能重复选择");
      }
      return Ok();
    }
    case QuestionType::kTrueFalse:
      if (answer.size() > 1 ||
          (answer.size() == 1 && answer[0] != "true" && answer[0] != "false")) {
        return BadValue("判断题的答案应为 true 或 false");
      }
      return Ok();
    case QuestionType::kFillBlank:
      if (answer.size() > q.blanks.size()) {
        return BadValue("填空题只有 " + std::to_string(q.blanks.size()) + " 个空");
      }
      for (const auto& item : answer) {
        DX_RETURN_IF_ERROR(CheckLineText(item, "value", "填空答案", kMaxBlankChars));
      }
      return Ok();
    case QuestionType::kShortAnswer:
      if (answer.size() > 1) return BadValue("简答题只有一个答案");
      if (!answer.empty()) {
        DX_RETURN_IF_ERROR(CheckMultilineText(answer[0], "value", "简答", kMaxShortAnswer));
      }
      return Ok();
  }
  return BadValue("题型无效");
}

Grade GradeAnswer(const QuestionContent& q, const AnswerValue& answer, int64_t points,
                  PartialCredit partial) {
  auto full = [&]() { return Grade{points, true}; };
  auto none = []() { return Grade{int64_t{0}, false}; };
  switch (q.type) {
    case QuestionType::kSingle:
    case QuestionType::kMultiple: {
      std::set<int> chosen, correct(q.correct_options.begin(), q.correct_options.end());
      for (const auto& item : answer) {
        if (auto index = OptionIndex(item, q.options.size())) chosen.insert(*index);
      }
      if (chosen.empty()) return none();
      if (chosen == correct) return full();
      bool any_wrong =
          std::any_of(chosen.begin(), chosen.end(), [&](int i) { return !correct.contains(i); });
      if (q.type == QuestionType::kMultiple && partial == PartialCredit::kProportional &&
          !any_wrong) {
        return {points * static_cast<int64_t>(chosen.size()) / static_cast<int64_t>(correct.size()),
                false};
      }
      return none();
    }
    case QuestionType::kTrueFalse:
      if (answer.size() == 1 && answer[0] == (q.true_false_answer ? "true" : "false")) {
        return full();
      }
      return none();
    case QuestionType::kFillBlank: {
      if (q.blanks.empty()) return none();
      size_t matched = MatchedBlanks(q, answer);
      if (matched == q.blanks.size()) return full();
      return {points * static_cast<int64_t>(matched) / static_cast<int64_t>(q.blanks.size()),
              false};
    }
    case QuestionType::kShortAnswer:
      if (answer.empty() || Trim(answer[0]).empty()) return none();
      return {std::nullopt, false};
  }
  return none();
}

std::vector<int> ShownOrder(const QuestionContent& q, const std::vector<int>& order) {
  std::vector<int> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  bool permutation = sorted.size() == q.options.size();
  for (size_t i = 0; permutation && i < sorted.size(); ++i) {
    permutation = sorted[i] == static_cast<int>(i);
  }
  if (permutation) return order;
  std::vector<int> identity(q.options.size());
  for (size_t i = 0; i < identity.size(); ++i) identity[i] = static_cast<int>(i);
  return identity;
}

std::string OptionKey(size_t position) {
  return std::string(1, static_cast<char>('A' + position));
}

Result<AnswerValue> AnswerFromKeys(const QuestionContent& q, const std::vector<int>& order,
                                   const AnswerValue& answer) {
  if (!HasKeys(q)) return answer;
  std::vector<int> shown = ShownOrder(q, order);
  AnswerValue out;
  for (const auto& item : answer) {
    size_t p = 0;
    while (p < shown.size() && OptionKey(p) != item) ++p;
    if (p == shown.size()) return BadValue("选项“" + ToValidUtf8(item).substr(0, 20) + "”不存在");
    out.push_back(std::to_string(shown[p]));
  }
  return out;
}

AnswerValue AnswerToKeys(const QuestionContent& q, const std::vector<int>& order,
                         const AnswerValue& answer) {
  if (!HasKeys(q)) return answer;
  std::vector<int> shown = ShownOrder(q, order);
  AnswerValue out;
  for (const auto& item : answer) {
    auto index = OptionIndex(item, q.options.size());
    auto at = index ? std::find(shown.begin(), shown.end(), *index) : shown.end();
    if (at != shown.end()) out.push_back(OptionKey(static_cast<size_t>(at - shown.begin())));
  }
  return out;
}

std::vector<std::string> CorrectKeys(const QuestionContent& q, const std::vector<int>& order) {
  if (!HasKeys(q)) return {};
  std::vector<int> shown = ShownOrder(q, order);
  std::vector<std::string> out;
  for (size_t p = 0; p < shown.size(); ++p) {
    if (std::find(q.correct_options.begin(), q.correct_options.end(), shown[p]) !=
        q.correct_options.end()) {
      out.push_back(OptionKey(p));
    }
  }
  return out;
}

uint64_t MixSeed(uint64_t a, uint64_t b) {
  uint64_t state = a * 0x100000001b3ULL ^ b;
  return SplitMix(state);
}

std::vector<int> Shuffled(size_t n, uint64_t seed) {
  std::vector<int> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<int>(i);
  uint64_t state = seed;
  for (size_t i = n; i > 1; --i) {
    size_t j = static_cast<size_t>(SplitMix(state) % i);
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

std::string JoinItems(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += kItemSeparator;
    out += items[i];
  }
  return out;
}

std::vector<std::string> SplitItems(std::string_view text) { return Split(text, kItemSeparator); }

std::string JoinBlanks(const std::vector<std::vector<std::string>>& blanks) {
  std::string out;
  for (size_t i = 0; i < blanks.size(); ++i) {
    if (i) out += kBlankSeparator;
    out += JoinItems(blanks[i]);
  }
  return out;
}

std::vector<std::vector<std::string>> SplitBlanks(std::string_view text) {
  std::vector<std::vector<std::string>> out;
  for (const auto& blank : Split(text, kBlankSeparator)) out.push_back(SplitItems(blank));
  return out;
}

std::string JoinInts(const std::vector<int64_t>& values) {
  std::string out;
  for (int64_t v : values) out += (out.empty() ? "" : ",") + std::to_string(v);
  return out;
}

std::vector<int64_t> SplitInts(std::string_view text) {
  std::vector<int64_t> out;
  for (const auto& part : Split(text, ',')) {
    int64_t v = 0;
    std::from_chars(part.data(), part.data() + part.size(), v);
    out.push_back(v);
  }
  return out;
}

}  // namespace duxing::domain::assessments

#include "domain/assessments/question_sheet.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "common/text.hpp"
#include "domain/import_problems.hpp"

namespace duxing::domain::assessments {
namespace {

// Column indexes of QuestionSheetColumns().
enum Column : size_t {
  kCategory = 0,
  kType = 1,
  kDifficulty = 2,
  kStem = 3,
  kFirstOption = 4,  // 选项A … 选项J
  kAnswer = kFirstOption + kMaxOptions,
  kExplanation,
  kTags,
  kBlankRules,
  kColumnCount
};

constexpr std::array<bool, kColumnCount> kRequired = [] {
  std::array<bool, kColumnCount> r{};
  r[kCategory] = r[kType] = r[kDifficulty] = r[kStem] = r[kAnswer] = true;
  return r;
}();

constexpr std::string_view kCaseSensitive = "区分大小写";
constexpr std::string_view kAnyOrder = "不分顺序";
constexpr std::string_view kTrueWords[] = {"正确", "对", "是", "√", "TRUE", "true", "T"};
constexpr std::string_view kFalseWords[] = {"错误", "错", "否", "×", "FALSE", "false", "F"};

// `s` cut at every occurrence of any of `separators`, each piece trimmed
// (empty pieces kept). Linear in s.size() × separators.
std::vector<std::string> SplitAny(std::string_view s,
                                  std::initializer_list<std::string_view> separators) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < s.size();) {
    size_t hit = 0;
    for (std::string_view sep : separators) {
      if (s.substr(i, sep.size()) == sep) {
        hit = sep.size();
        break;
      }
    }
    if (hit == 0) {
      ++i;
      continue;
    }
    out.push_back(Trim(s.substr(start, i - start)));
    i += hit;
    start = i;
  }
  out.push_back(Trim(s.substr(start)));
  return out;
}

std::vector<std::string> NonEmpty(std::vector<std::string> items) {
  std::erase_if(items, [](const std::string& s) { return s.empty(); });
  return items;
}

std::string OptionLetter(size_t i) { return std::string(1, static_cast<char>('A' + i)); }

// The type a 题型 cell names by its code, label or alias (单选题, 单选,
// single).
std::optional<QuestionType> ReadType(std::string_view text) {
  std::optional<std::string> code = CodeOf(kQuestionTypes.terms(), text);
  return code ? ParseType(*code) : std::nullopt;
}

// Collects the problems of one row, each on its column title.
class RowProblems {
 public:
  RowProblems(int row, std::vector<ErrorDetail>& out) : row_(row), out_(out) {}
  void Add(size_t column, std::string reason) {
    const std::string& title = QuestionSheetColumns()[column];
    out_.push_back({row_, title, title + reason});
    ++count_;
  }
  bool any() const { return count_ > 0; }

 private:
  int row_;
  std::vector<ErrorDetail>& out_;
  int count_ = 0;
};

// The column a Validate() field belongs to ("options[2]" → 选项C).
size_t ColumnOfField(std::string_view field) {
  if (field.starts_with("options[")) {
    size_t i = static_cast<size_t>(std::atoi(std::string(field.substr(8)).c_str()));
    return kFirstOption + std::min(i, kMaxOptions - 1);
  }
  if (field == "options") return kFirstOption;
  if (field == "stem" || field == "image_ids") return kStem;
  if (field == "difficulty") return kDifficulty;
  if (field == "explanation") return kExplanation;
  if (field.starts_with("tags")) return kTags;
  if (field == "category_id") return kCategory;
  return kAnswer;  // correct_options, blanks, reference_answer
}

std::vector<std::string> ReadCategoryPath(const std::string& text, RowProblems& p) {
  std::vector<std::string> parts = SplitAny(text, {"/", "／"});
  if (parts.size() > kMaxCategoryDepth) {
    p.Add(kCategory, "不能超过 " + std::to_string(kMaxCategoryDepth) + " 级");
    return {};
  }
  for (const std::string& part : parts) {
    if (part.empty()) {
      p.Add(kCategory, "各级名称不能为空，用“/”分隔，如“党史/新民主主义革命时期”");
      return {};
    }
    if (Utf8Length(part) > kMaxCategoryName) {
      p.Add(kCategory, "每级名称不能超过 " + std::to_string(kMaxCategoryName) + " 个字");
      return {};
    }
  }
  return parts;
}

void ReadChoices(const std::vector<std::string>& cells, QuestionContent& c, RowProblems& p) {
  size_t last = 0;
  for (size_t i = 0; i < kMaxOptions; ++i) {
    if (!cells[kFirstOption + i].empty()) last = i + 1;
  }
  for (size_t i = 0; i < last; ++i) {
    if (cells[kFirstOption + i].empty()) {
      p.Add(kFirstOption + i, "为空：选项须从选项A起连续填写");
      return;
    }
    c.options.push_back(cells[kFirstOption + i]);
  }
  for (char ch : cells[kAnswer]) {
    if (ch == ',' || ch == ' ') continue;
    char upper = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
    if (upper < 'A' || upper >= static_cast<char>('A' + kMaxOptions)) {
      p.Add(kAnswer, "须为选项字母，如 B 或 ABD");
      return;
    }
    size_t index = static_cast<size_t>(upper - 'A');
    if (index >= c.options.size()) {
      p.Add(kAnswer, "中的 " + OptionLetter(index) + " 没有对应的选项");
      return;
    }
    c.correct_options.push_back(static_cast<int>(index));
  }
  std::sort(c.correct_options.begin(), c.correct_options.end());
}

void ReadTrueFalse(const std::string& answer, QuestionContent& c, RowProblems& p) {
  auto in = [&](const auto& words) {
    return std::find(std::begin(words), std::end(words), answer) != std::end(words);
  };
  if (in(kTrueWords)) {
    c.true_false_answer = true;
  } else if (in(kFalseWords)) {
    c.true_false_answer = false;
  } else {
    p.Add(kAnswer, "须为“正确”或“错误”");
  }
}

void ReadBlanks(const std::vector<std::string>& cells, QuestionContent& c, RowProblems& p) {
  for (const std::string& blank : SplitAny(cells[kAnswer], {"；", ";", "\n"})) {
    c.blanks.push_back(NonEmpty(SplitAny(blank, {"|", "｜"})));
  }
  for (const std::string& rule : NonEmpty(SplitAny(cells[kBlankRules], {"，", ",", "、"}))) {
    if (rule == kCaseSensitive) {
      c.case_sensitive = true;
    } else if (rule == kAnyOrder) {
      c.ordered = false;
    } else {
      p.Add(kBlankRules, "只能填写“区分大小写”“不分顺序”，多项用“，”分隔");
    }
  }
}

std::vector<std::string> ReadTags(const std::string& text, RowProblems& p) {
  std::vector<std::string> tags = NonEmpty(SplitAny(text, {"，", ",", "、", "\n"}));
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  if (tags.size() > kMaxTags) p.Add(kTags, "不能超过 " + std::to_string(kMaxTags) + " 个");
  for (const std::string& tag : tags) {
    if (Utf8Length(tag) > kMaxTagChars) {
      p.Add(kTags, "每个不能超过 " + std::to_string(kMaxTagChars) + " 个字");
      break;
    }
  }
  return tags;
}

// One data row (cells in QuestionSheetColumns() order) into `out`, or its
// problems into `problems`.
void ReadRow(int row, const std::vector<std::string>& cells, std::vector<SheetQuestion>& out,
             std::vector<ErrorDetail>& problems) {
  RowProblems p(row, problems);
  for (size_t col = 0; col < kColumnCount; ++col) {
    bool answer_optional =
        col == kAnswer && ReadType(cells[kType]) == std::optional(QuestionType::kShortAnswer);
    if (kRequired[col] && cells[col].empty() && !answer_optional) p.Add(col, "不能为空");
  }
  if (p.any()) return;
  SheetQuestion q{row, ReadCategoryPath(cells[kCategory], p), {}};
  QuestionContent& c = q.question.content;
  std::optional<QuestionType> type = ReadType(cells[kType]);
  if (!type) {
    p.Add(kType, "须为单选题、多选题、判断题、填空题或简答题");
    return;
  }
  c.type = *type;
  const std::string& d = cells[kDifficulty];
  if (d.size() != 1 || d[0] < '1' || d[0] > '5') {
    p.Add(kDifficulty, "须为 1 至 5 的整数");
  } else {
    c.difficulty = d[0] - '0';
  }
  c.stem = cells[kStem];
  c.explanation = cells[kExplanation];
  q.question.tags = ReadTags(cells[kTags], p);
  bool choice = c.type == QuestionType::kSingle || c.type == QuestionType::kMultiple;
  if (choice) {
    ReadChoices(cells, c, p);
  } else {
    for (size_t i = 0; i < kMaxOptions; ++i) {
      if (!cells[kFirstOption + i].empty()) {
        p.Add(kFirstOption + i, "只有单选题和多选题填写选项");
        break;
      }
    }
  }
  if (c.type != QuestionType::kFillBlank && !cells[kBlankRules].empty()) {
    p.Add(kBlankRules, "只有填空题填写");
  }
  if (c.type == QuestionType::kTrueFalse) ReadTrueFalse(cells[kAnswer], c, p);
  if (c.type == QuestionType::kFillBlank) ReadBlanks(cells, c, p);
  if (c.type == QuestionType::kShortAnswer) c.reference_answer = cells[kAnswer];
  if (p.any()) return;
  Status valid = Validate(c);
  if (!valid.ok()) {
    p.Add(ColumnOfField(valid.error().field), "：" + valid.error().message);
    return;
  }
  out.push_back(std::move(q));
}

// Where each column of QuestionSheetColumns() is in the file's header, or
// the problems of a header missing required columns.
Result<std::vector<std::optional<size_t>>> MapHeader(const std::vector<std::string>& header) {
  std::vector<std::optional<size_t>> where(kColumnCount);
  for (size_t i = 0; i < header.size(); ++i) {
    std::string title = HeaderTitle(header[i]);
    const auto& columns = QuestionSheetColumns();
    auto it = std::find(columns.begin(), columns.end(), title);
    if (it != columns.end() && !where[it - columns.begin()]) where[it - columns.begin()] = i;
  }
  std::vector<ErrorDetail> missing;
  for (size_t col = 0; col < kColumnCount; ++col) {
    if (kRequired[col] && !where[col]) {
      const std::string& title = QuestionSheetColumns()[col];
      missing.push_back({1, title, "表头缺少“" + title + "”列"});
    }
  }
  if (!missing.empty()) {
    Error e = MakeError(Code::kInvalidArgument, "表头缺少必需的列，未导入任何数据");
    e.details = std::move(missing);
    return e;
  }
  return where;
}

Result<std::vector<SheetQuestion>> CheckRows(const tabular::Table& table) {
  if (table.rows.size() < 2) {
    return MakeError(Code::kInvalidArgument, "文件中没有试题：第一行为表头，试题从第二行起");
  }
  if (table.rows.size() > static_cast<size_t>(kMaxImportQuestions) + 1) {
    return MakeError(Code::kTooLarge,
                     "一次最多导入 " + std::to_string(kMaxImportQuestions) + " 道试题，请分批导入");
  }
  DX_ASSIGN_OR_RETURN(auto where, MapHeader(table.rows.front()));
  std::vector<SheetQuestion> out;
  std::vector<ErrorDetail> problems;
  std::vector<std::string> cells(kColumnCount);
  for (size_t r = 1; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (std::all_of(row.begin(), row.end(), [](const std::string& s) { return s.empty(); })) {
      continue;
    }
    for (size_t col = 0; col < kColumnCount; ++col) {
      cells[col] = where[col] && *where[col] < row.size() ? row[*where[col]] : std::string();
    }
    ReadRow(static_cast<int>(r) + 1, cells, out, problems);
  }
  if (!problems.empty()) return ImportRejected(std::move(problems));
  if (out.empty()) {
    return MakeError(Code::kInvalidArgument, "文件中没有试题：第一行为表头，试题从第二行起");
  }
  return out;
}

std::string JoinWith(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

std::string AnswerText(const QuestionContent& c) {
  switch (c.type) {
    case QuestionType::kSingle:
    case QuestionType::kMultiple: {
      std::string letters;
      for (int i : c.correct_options) letters += OptionLetter(static_cast<size_t>(i));
      return letters;
    }
    case QuestionType::kTrueFalse:
      return c.true_false_answer ? "正确" : "错误";
    case QuestionType::kFillBlank: {
      std::vector<std::string> blanks;
      for (const auto& alts : c.blanks) blanks.push_back(JoinWith(alts, "|"));
      return JoinWith(blanks, "；");
    }
    case QuestionType::kShortAnswer:
      return c.reference_answer;
  }
  return "";
}

std::vector<std::string> MarkedHeader() {
  std::vector<std::string> header = QuestionSheetColumns();
  for (size_t col = 0; col < kColumnCount; ++col) {
    if (kRequired[col]) header[col] += "*";
  }
  return header;
}

std::vector<double> ColumnWidths() {
  std::vector<double> widths = {24, 8, 6, 48};
  widths.resize(kAnswer, 16);
  for (double w : {12.0, 40.0, 16.0, 12.0}) widths.push_back(w);
  return widths;
}

}  // namespace

tabular::ReadLimits QuestionSheetLimits() {
  tabular::ReadLimits limits;
  limits.max_rows = kMaxImportQuestions + 2;
  limits.max_cells = static_cast<int64_t>(limits.max_rows) * 64;
  limits.max_table_bytes = 16 << 20;
  limits.max_uncompressed_bytes = 16 << 20;
  limits.max_shared_string_bytes = 16 << 20;
  limits.max_shared_strings = 200'000;
  return limits;
}

const std::vector<std::string>& QuestionSheetColumns() {
  static const std::vector<std::string> kColumns = [] {
    std::vector<std::string> c = {"分类", "题型", "难度", "题干"};
    for (size_t i = 0; i < kMaxOptions; ++i) c.push_back("选项" + OptionLetter(i));
    for (const char* t : {"答案", "解析", "标签", "填空规则"}) c.push_back(t);
    return c;
  }();
  return kColumns;
}

Result<std::vector<SheetQuestion>> ReadQuestionSheet(const tabular::Table& table) {
  return WithCellProblems(table, CheckRows(table));
}

std::vector<std::string> QuestionSheetRow(const Question& q, std::string_view category_path) {
  const QuestionContent& c = q.content;
  std::vector<std::string> row(kColumnCount);
  row[kCategory] = category_path;
  row[kType] = kQuestionTypes.Label(c.type);
  row[kDifficulty] = std::to_string(c.difficulty);
  row[kStem] = c.stem;
  for (size_t i = 0; i < c.options.size() && i < kMaxOptions; ++i) {
    row[kFirstOption + i] = c.options[i];
  }
  row[kAnswer] = AnswerText(c);
  row[kExplanation] = c.explanation;
  row[kTags] = JoinWith(q.tags, "，");
  if (c.type == QuestionType::kFillBlank) {
    std::vector<std::string> rules;
    if (c.case_sensitive) rules.emplace_back(kCaseSensitive);
    if (!c.ordered) rules.emplace_back(kAnyOrder);
    row[kBlankRules] = JoinWith(rules, "，");
  }
  return row;
}

tabular::Sheet QuestionExportSheet(std::vector<std::vector<std::string>> rows) {
  tabular::Sheet sheet;
  sheet.name = "题库";
  sheet.header = MarkedHeader();
  sheet.rows = std::move(rows);
  sheet.column_widths = ColumnWidths();
  return sheet;
}

tabular::Sheet QuestionTemplateSheet() {
  auto row = [](std::vector<std::string> head, std::vector<std::string> options,
                std::vector<std::string> tail) {
    options.resize(kMaxOptions);
    head.insert(head.end(), options.begin(), options.end());
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
  };
  tabular::Sheet sheet = QuestionExportSheet({
      row({"党史/中国共产党的创立", "单选题", "1", "中国共产党第一次全国代表大会于哪一年召开？"},
          {"1919年", "1920年", "1921年", "1922年"},
          {"C", "中共一大于1921年7月召开。", "中共一大", ""}),
      row({"党史/新民主主义革命时期", "多选题", "2", "解放战争中的三大战役是："},
          {"辽沈战役", "淮海战役", "平津战役", "渡江战役"}, {"ABC", "", "解放战争", ""}),
      row({"党史/新民主主义革命时期", "判断题", "2", "遵义会议是在贵州遵义召开的。"}, {},
          {"正确", "", "遵义会议，长征", ""}),
      row({"党史/中国共产党的创立", "填空题", "2", "中共一大于____年____月在上海开幕。"}, {},
          {"1921；7|七", "", "", ""}),
      row({"党史/中国特色社会主义新时代", "填空题", "2",
           "\"四个自信\"：道路自信、____自信、____自信、文化自信。"},
          {}, {"理论；制度", "", "四个自信", "不分顺序"}),
      row({"党史/第三个历史决议", "简答题", "4", "简述\"两个确立\"的内容。"}, {},
          {"确立习近平同志党中央的核心、全党的核心地位，确立习近平新时代中国特"
           "色社会主义思想的指导地位。",
           "由阅卷人评分。", "两个确立", ""}),
  });
  sheet.name = "试题导入模板";
  sheet.notes = {
      "试题导入填写说明",
      "1. 第一行为表头，请勿修改；带 * "
      "的列必填。导入前请删除示例行。一次最多导入 2000 道试题。",
      "2. "
      "分类：从顶级分类写起，各级用“/”分隔，如“党史/"
      "新民主主义革命时期”；没有的分类导入时自动创建（最多 5 级）。",
      "3. 题型：单选题、多选题、判断题、填空题、简答题。难度：1（易）至 "
      "5（难）的整数。",
      "4. "
      "选项A至选项J：只有单选题、多选题填写，须从选项A起连续填写，至少两项。",
      "5. 答案：单选题填一个字母，如 B；多选题填两个以上字母，如 "
      "ABD；判断题填“正确”或“错误”；"
      "填空题按空的顺序填写，各空用“；”分隔，一个空有几种可接受的答案时用“|"
      "”分隔，如“1921；7|七”；"
      "简答题填写参考答案（可不填），由阅卷人评分。",
      "6. 填空题的题干中用“____”或“（ ）”标出空的位置。",
      "7. "
      "填空规则（只对填空题）：“区分大小写”“不分顺序”，可都填，用“，”分隔；不填"
      "则不区分大小写、须按顺序。",
      "8. 标签：多个用“，”分隔，最多 10 个。解析：答题后或考试结束后展示。",
      "9. 任何一行有错误时不会导入任何试题，请按提示的行号和列修改后重新导入。",
      "10. "
      "导出的题库与本模板列相同，修改后可再导入（导入总是新增试题，不会修改已有"
      "试题）。",
  };
  return sheet;
}

}  // namespace duxing::domain::assessments

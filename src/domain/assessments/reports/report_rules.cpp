// The pure rules of report competitions: validation, scores, aggregation,
// ranking, awards and stage steps (report.hpp).
#include <algorithm>

#include "domain/assessments/reports/report.hpp"
#include "domain/text_field.hpp"

namespace duxing::domain::assessments::reports {
namespace {

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message),
                   std::move(field));
}

std::string At(const char *field, size_t i) {
  return std::string(field) + "[" + std::to_string(i) + "]";
}

} // namespace

BlindSubmission Blind(const Submission &s) {
  return {
      s.id,        s.call_id,   s.title, s.abstract, s.file_name.has_value(),
      s.file_size, s.media_type};
}

Mean Aggregate(const std::vector<int64_t> &totals) {
  Mean m;
  if (totals.empty())
    return m;
  for (int64_t t : totals)
    m.num += t;
  m.den = static_cast<int64_t>(totals.size());
  if (totals.size() >= 5) {
    auto [lo, hi] = std::minmax_element(totals.begin(), totals.end());
    m.num -= *lo + *hi;
    m.den -= 2;
  }
  return m;
}

int CompareMeans(const Mean &a, const Mean &b) {
  if (a.den == 0 || b.den == 0)
    return (a.den != 0) - (b.den != 0);
  // a.num / a.den vs b.num / b.den with positive denominators; totals are at
  // most kMaxCriteria × kMaxCriterionScore × kMaxWeight / 100 per review, so
  // the products stay far inside 64 bits for any realistic count.
  __int128 l = static_cast<__int128>(a.num) * b.den;
  __int128 r = static_cast<__int128>(b.num) * a.den;
  return (l > r) - (l < r);
}

int64_t WeightedTotal(const std::vector<Criterion> &rubric,
                      const std::vector<int64_t> &scores) {
  int64_t sum = 0;
  for (size_t i = 0; i < rubric.size() && i < scores.size(); ++i) {
    sum += scores[i] * rubric[i].weight;
  }
  return (sum + 50) / 100;
}

Status CheckScores(const std::vector<Criterion> &rubric,
                   const std::vector<int64_t> &scores) {
  if (scores.size() != rubric.size()) {
    return Invalid("须为评分标准的每一项打分（共 " +
                       std::to_string(rubric.size()) + " 项）",
                   "scores");
  }
  for (size_t i = 0; i < scores.size(); ++i) {
    if (scores[i] < 0 || scores[i] > rubric[i].max_score) {
      return MakeError(
          Code::kFailedPrecondition,
          "“" + rubric[i].name + "”的得分须在 0 至 " +
              std::to_string(rubric[i].max_score / 100) +
              (rubric[i].max_score % 100
                   ? "." + std::to_string(rubric[i].max_score % 100)
                   : "") +
              " 分之间",
          At("scores", i));
    }
  }
  return Ok();
}

std::vector<Ranked> Rank(std::vector<RankInput> in) {
  std::sort(in.begin(), in.end(), [](const RankInput &a, const RankInput &b) {
    int c = CompareMeans(a.mean, b.mean);
    return c != 0 ? c > 0 : a.submission_id < b.submission_id;
  });
  std::vector<Ranked> out;
  for (size_t i = 0; i < in.size(); ++i) {
    int64_t rank = static_cast<int64_t>(i) + 1;
    if (i > 0 && CompareMeans(in[i].mean, in[i - 1].mean) == 0)
      rank = out.back().rank;
    out.push_back({in[i].submission_id, in[i].mean, rank, std::nullopt});
  }
  return out;
}

void AssignAwards(std::vector<Ranked> &ranked, const AwardsPlan &plan) {
  const std::pair<Award, int64_t> quotas[] = {
      {Award::kFirst, plan.first},
      {Award::kSecond, plan.second},
      {Award::kThird, plan.third},
      {Award::kExcellence, plan.excellence}};
  size_t q = 0;
  int64_t given = 0; // of quotas[q]
  for (size_t i = 0; i < ranked.size();) {
    size_t j = i; // the group sharing ranked[i]'s rank
    while (j < ranked.size() && ranked[j].rank == ranked[i].rank)
      ++j;
    if (ranked[i].mean.den == 0)
      break;
    while (q < 4 && given >= quotas[q].second) {
      ++q;
      given = 0;
    }
    if (q == 4)
      break;
    for (size_t k = i; k < j; ++k)
      ranked[k].award = quotas[q].first;
    given += static_cast<int64_t>(j - i);
    i = j;
  }
}

Status CheckStageStep(Stage from, Stage to) {
  if (static_cast<int>(to) == static_cast<int>(from) + 1)
    return Ok();
  if (to == from)
    return MakeError(Code::kConflict, "已处于“" + kStages.Label(to) + "”阶段",
                     "stage");
  if (static_cast<int>(to) < static_cast<int>(from)) {
    return MakeError(Code::kConflict,
                     "阶段只能向前推进，不能回到“" + kStages.Label(to) + "”",
                     "stage");
  }
  return MakeError(
      Code::kConflict,
      "须先进入“" +
          kStages.Label(static_cast<Stage>(static_cast<int>(from) + 1)) +
          "”阶段",
      "stage");
}

Status Validate(const Call &c) {
  if (c.title.empty())
    return Invalid("征集名称不能为空", "title");
  DX_RETURN_IF_ERROR(CheckLineText(c.title, "title", "征集名称", kMaxTitle));
  DX_RETURN_IF_ERROR(CheckMultilineText(c.description, "description",
                                        "征集说明", kMaxDescription));
  if (c.rubric.empty())
    return Invalid("评分标准至少要有一项", "rubric");
  if (c.rubric.size() > kMaxCriteria) {
    return Invalid("评分标准最多 " + std::to_string(kMaxCriteria) + " 项",
                   "rubric");
  }
  for (size_t i = 0; i < c.rubric.size(); ++i) {
    const Criterion &k = c.rubric[i];
    std::string at = At("rubric", i);
    if (k.name.empty())
      return Invalid("评分项名称不能为空", at + ".name");
    DX_RETURN_IF_ERROR(
        CheckLineText(k.name, at + ".name", "评分项名称", kMaxCriterionName));
    for (size_t j = 0; j < i; ++j) {
      if (c.rubric[j].name == k.name)
        return Invalid("评分项名称重复", at + ".name");
    }
    if (k.max_score <= 0 || k.max_score > kMaxCriterionScore) {
      return Invalid("满分须大于 0 且不超过 1000", at + ".max_score");
    }
    if (k.weight <= 0 || k.weight > kMaxWeight) {
      return Invalid("权重须大于 0 且不超过 100", at + ".weight");
    }
  }
  const std::pair<int64_t, const char *> counts[] = {
      {c.awards.first, "awards.first"},
      {c.awards.second, "awards.second"},
      {c.awards.third, "awards.third"},
      {c.awards.excellence, "awards.excellence"}};
  for (const auto &[n, field] : counts) {
    if (n < 0 || n > kMaxAwardCount)
      return Invalid("获奖名额须在 0 至 1000 之间", field);
  }
  if (c.scope_org_ids.size() > kMaxScopeOrgs)
    return Invalid("征集范围条目过多", "scope_org_ids");
  return Ok();
}

Status Validate(const Submission &s) {
  if (s.title.empty())
    return Invalid("报告题目不能为空", "title");
  DX_RETURN_IF_ERROR(CheckLineText(s.title, "title", "报告题目", kMaxTitle));
  DX_RETURN_IF_ERROR(
      CheckMultilineText(s.abstract, "abstract", "摘要", kMaxAbstract));
  if (s.authors.empty())
    return Invalid("至少填写一位作者", "authors");
  if (s.authors.size() > kMaxAuthors) {
    return Invalid("作者最多 " + std::to_string(kMaxAuthors) + " 位",
                   "authors");
  }
  for (size_t i = 0; i < s.authors.size(); ++i) {
    const Author &a = s.authors[i];
    if (!a.person_id && a.name.empty()) {
      return Invalid("系统外作者须填写姓名", At("authors", i) + ".name");
    }
    DX_RETURN_IF_ERROR(CheckLineText(a.name, At("authors", i) + ".name",
                                     "作者姓名", kMaxAuthorName));
  }
  return Ok();
}

} // namespace duxing::domain::assessments::reports

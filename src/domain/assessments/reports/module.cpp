// The report competitions module's declaration and its demo step: the
// bureau's 2021 统计调研分析竞赛 in review (twelve reports from the branches,
// five reviewers assigned to all, part of the scores entered).
#include "domain/assessments/reports/report.hpp"
#include "domain/auth/auth_service.hpp"

namespace duxing::domain::assessments::reports {
namespace {

struct DemoReport {
  const char *title;
  const char *abstract;
};

constexpr DemoReport kDemoReports[] = {
    {"我市规模以上工业增加值增速回落的原因分析与对策",
     "依据2021年1—8月规上工业月度数据，分行业分解增速回落的来源，提出稳增长的对"
     "策建议。"},
    {"居民消费价格指数结构变化对我市居民生活的影响",
     "对比近五年CPI八大类权重与涨幅，分析食品和居住类价格对不同收入居民的影响"
     "。"},
    {"第七次全国人口普查视角下我市人口老龄化趋势研究",
     "利用七普数据测算老年抚养比与区县差异，研判养老服务供需缺口。"},
    {"统计数据质量控制中的常见问题与改进路径",
     "梳理基层统计报表填报中的常见差错，提出联网直报审核规则的改进建议。"},
    {"我市数字经济核心产业发展现状与统计监测",
     "构建数字经济核心产业统计口径，测算增加值规模与占比，提出监测指标体系。"},
    {"乡村振兴背景下农村居民收入增长的统计分析",
     "基于住户调查数据分析工资性、经营性收入对农村居民增收的贡献。"},
    {"服务业重点行业营业收入波动的季节性调整研究",
     "采用X-13方法对服务业月度营业收入进行季节调整，识别趋势与周期变化。"},
    {"固定资产投资项目入库管理的问题与建议",
     "从项目入库、在库核查到出库全流程分析投资统计中的风险点。"},
    {"我市城镇新增就业与失业率的关联分析",
     "结合劳动力调查数据，分析城镇新增就业、调查失业率与经济增长的关系。"},
    {"统计执法检查典型案例分析与防范统计造假机制研究",
     "剖析近年统计执法检查典型案例，提出防范和惩治统计造假弄虚作假的机制建议"
     "。"},
    {"能源消费强度变化与产业结构调整的统计观察",
     "分析单位GDP能耗变化与三次产业结构调整的关系，评估节能降耗成效。"},
    {"社区志愿服务参与情况抽样调查报告",
     "对在职党员到居住社区报到和志愿服务参与情况开展抽样调查，分析参与度及影响"
     "因素。"},
};

// Scores of reviewer r (0-based) for report i on the four criteria of the
// demo rubric (maxima 25/30/25/20), in hundredths.
std::vector<int64_t> DemoScores(size_t r, size_t i) {
  auto pick = [&](int64_t max, size_t salt) {
    int64_t lost = static_cast<int64_t>((i * 7 + r * 3 + salt * 5) % 9);
    return (max - lost) * 100;
  };
  return {pick(25, 1), pick(30, 2), pick(25, 3), pick(20, 4)};
}

Status AddDemoReportCompetition(DemoContext &demo) {
  DX_ASSIGN_OR_RETURN(auto tx, demo.db.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(
      storage::Rows committee,
      tx->Query("SELECT id, path FROM orgs WHERE name = '市统计局机关党委'",
                {}));
  if (committee.empty())
    return Ok(); // not the demo bureau
  const int64_t org_id = committee.front().Int(0);
  const std::string org_path = committee.front().Text(1);
  DX_ASSIGN_OR_RETURN(
      storage::Rows campaign,
      tx->Query(
          "SELECT id FROM campaigns WHERE year = 2021 ORDER BY id LIMIT 1",
          {}));
  std::optional<int64_t> campaign_id;
  if (!campaign.empty())
    campaign_id = campaign.front().Int(0);
  const std::string created = "2021-07-01T02:00:00Z";
  DX_ASSIGN_OR_RETURN(
      storage::Row call,
      tx->QueryOne(
          "INSERT INTO report_calls (org_id, org_path, campaign_id, title, "
          "description, "
          "deadline_at, stage, award_first, award_second, award_third, "
          "award_excellence, "
          "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
          "'reviewing', 1, 2, 3, "
          "4, $7, $7) RETURNING id",
          {org_id, org_path, storage::Opt(campaign_id),
           std::string("2021年度统计调研分析竞赛"),
           std::string("围绕全市统计中心工作开展调研，以调研报告助推党史学习教"
                       "育走深走实。"
                       "每个支部至少报送一篇，征集截止后组织评委盲审。"),
           std::string("2021-09-30T16:00:00Z"), created}));
  const int64_t call_id = call.Int(0);
  const std::pair<const char *, int64_t> rubric[] = {{"选题价值", 2500},
                                                     {"数据与方法", 3000},
                                                     {"分析深度", 2500},
                                                     {"对策建议", 2000}};
  std::vector<Criterion> criteria;
  for (size_t i = 0; i < 4; ++i) {
    criteria.push_back({rubric[i].first, rubric[i].second, 100});
    DX_RETURN_IF_ERROR(
        tx->Exec("INSERT INTO report_criteria (call_id, position, name, "
                 "max_score, weight) VALUES ($1, $2, "
                 "$3, $4, 100)",
                 {call_id, static_cast<int64_t>(i),
                  std::string(rubric[i].first), rubric[i].second}));
  }
  // Authors: members of the bureau's branches, spread over the branches.
  DX_ASSIGN_OR_RETURN(
      storage::Rows people,
      tx->Query(
          "SELECT id, name, org_id, org_path FROM people WHERE category = "
          "'member' AND archived = 0 AND org_path LIKE $1 ORDER BY org_id, id",
          {org_path + "%"}));
  DX_ASSIGN_OR_RETURN(
      storage::Row organizer,
      tx->QueryOne("SELECT id FROM accounts WHERE username = 'dangwei'", {}));
  std::vector<int64_t> submissions;
  const size_t n = std::size(kDemoReports);
  for (size_t i = 0; i < n && !people.empty(); ++i) {
    const storage::Row &p = people[(i * people.size()) / n];
    DX_ASSIGN_OR_RETURN(
        storage::Row s,
        tx->QueryOne(
            "INSERT INTO report_submissions (call_id, submitter_account_id, "
            "org_id, "
            "org_path, title, abstract, created_at, updated_at) VALUES ($1, "
            "$2, $3, $4, "
            "$5, $6, $7, $7) RETURNING id",
            {call_id, organizer.Int(0), p.Int(2), p.Text(3),
             std::string(kDemoReports[i].title),
             std::string(kDemoReports[i].abstract),
             std::string("2021-09-2") + std::to_string(i % 9) + "T03:00:00Z"}));
    submissions.push_back(s.Int(0));
    DX_RETURN_IF_ERROR(tx->Exec("INSERT INTO report_authors (submission_id, "
                                "position, person_id, name) VALUES ($1, 0, $2, "
                                "$3)",
                                {s.Int(0), p.Int(0), p.Text(1)}));
  }
  // Five reviewers, each assigned every report; the first three have scored
  // all of them, the fourth half, the fifth none yet.
  const char *names[] = {"评委（周处长）", "评委（吴处长）", "评委（郑主任）",
                         "评委（王教授）", "评委（冯研究员）"};
  for (size_t r = 0; r < 5; ++r) {
    std::string username = "pingwei" + std::to_string(r + 1);
    DX_ASSIGN_OR_RETURN(int64_t account, auth::AuthService::CreateAccount(
                                             *tx,
                                             {username,
                                              names[r],
                                              demo.password,
                                              std::nullopt,
                                              {{auth::Role::kMember, org_id}}},
                                             demo.now));
    demo.accounts.push_back(
        {username, std::string("统计调研分析竞赛评委（盲审）")});
    for (size_t i = 0; i < submissions.size(); ++i) {
      DX_RETURN_IF_ERROR(
          tx->Exec("INSERT INTO report_assignments (submission_id, account_id, "
                   "call_id) VALUES ($1, $2, $3)",
                   {submissions[i], account, call_id}));
      if (r >= 4 || (r == 3 && i % 2 == 1))
        continue;
      std::vector<int64_t> scores = DemoScores(r, i);
      std::string text;
      for (int64_t s : scores)
        text += (text.empty() ? "" : ",") + std::to_string(s);
      DX_RETURN_IF_ERROR(tx->Exec(
          "INSERT INTO report_reviews (submission_id, account_id, scores, "
          "comment, total, "
          "updated_at) VALUES ($1, $2, $3, $4, $5, '2021-10-12T02:00:00Z')",
          {submissions[i], account, text,
           std::string("选题贴近中心工作，数据翔实。"),
           WeightedTotal(criteria, scores)}));
    }
  }
  return tx->Commit();
}

} // namespace

const ModuleInfo &Info() {
  static const ModuleInfo info{
      .name = "report_competitions",
      .vocabularies = {{"report_stage", &kStages.terms()},
                       {"report_award", &kAwards.terms()}},
      .record_types = {{"report_call",
                        "调研报告征集",
                        {{"title", "征集名称"},
                         {"description", "征集说明"},
                         {"deadline_at", "截止时间"},
                         {"stage", "阶段"},
                         {"scope_org_ids", "征集范围"},
                         {"rubric", "评分标准"},
                         {"awards", "奖项名额(一/二/三/优秀)"},
                         {"reviewers", "评委"},
                         {"submissions", "作品"}},
                        {{"stage", &kStages.terms()}},
                        {"report_calls", "title"}},
                       {kSubmissionType,
                        "调研报告作品",
                        {{"title", "报告题目"},
                         {"abstract", "摘要"},
                         {"authors", "作者"},
                         {"org_id", "单位"},
                         {"file_name", "文件"},
                         {"award", "奖项"},
                         {"scores", "各项得分(百分之一分)"},
                         {"comment", "评语"}},
                        {{"award", &kAwards.terms()}},
                        {"report_submissions", "title"}}},
      .audit_actions = {{"report_move_stage", "推进征集阶段"},
                        {"report_assign_reviewers", "分配评委"},
                        {"report_upload_file", "上传报告文件"},
                        {"report_review", "评审打分"},
                        {"report_assign_awards", "按排名评定奖项"},
                        {"report_set_award", "调整奖项"}},
      .demo = AddDemoReportCompetition};
  return info;
}

} // namespace duxing::domain::assessments::reports
